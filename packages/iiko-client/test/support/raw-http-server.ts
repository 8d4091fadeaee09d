/**
 * A bare HTTP server on 127.0.0.1 for what msw cannot play faithfully: a body that stalls half-way over a
 * real socket (aborting must end it), so the client's real `fetch` and stream handling are exercised.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RawServer {
  readonly url: string;
  /** Request paths with query, in arrival order. */
  readonly requests: string[];
  close(): Promise<void>;
}

export async function startRawServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<RawServer> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '/');
    handler(req, res);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
