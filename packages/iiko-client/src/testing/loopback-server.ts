import { once } from 'node:events';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Exchange, FakeCore, IncomingCall } from './core';
import { FakeIikoServer, coreOf } from './fake-iiko-server';
import type { FakeIikoServerOptions } from './options';
import { type FakeReply, bodyText } from './reply';

/** Streamed bodies are written in chunks of about this many characters, waiting for `drain` between them. */
const WRITE_CHUNK_CHARS = 64 * 1024;

/**
 * A {@link FakeIikoServer} listening on real HTTP at 127.0.0.1, for tests and benchmarks that need sockets:
 * clients that bring their own HTTP stack, timeouts, connection resets, truncated bodies, real streaming.
 *
 * @example
 * ```ts
 * await using iiko = await startFakeIikoServer({ licenceSlots: 1 });
 * const client = new IikoClient({ baseUrl: iiko.url, login: iiko.server.login, password: iiko.server.password });
 * ```
 */
export interface RunningFakeIikoServer {
  /** Origin to use as the client's base URL, `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** The fake behind it: data, faults, sessions, request log. */
  readonly server: FakeIikoServer;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
  /** Same as {@link RunningFakeIikoServer.close}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Starts a fake iikoServer on 127.0.0.1. In-flight requests are counted at the HTTP layer, from the
 * request event until the response has been fully written (or the socket was reset), so `maxInFlight`
 * shows what a client really had open at once. Large invoice exports stream with backpressure.
 *
 * @param options server options plus `port` (default 0: any free port).
 * @example
 * ```ts
 * const iiko = await startFakeIikoServer({ dataset: { invoices: 5_000, linesPerInvoice: 20 } });
 * try {
 *   const res = await fetch(`${iiko.url}/resto/get_server_info.jsp?encoding=UTF-8`);
 * } finally {
 *   await iiko.close();
 * }
 * ```
 */
export async function startFakeIikoServer(
  options: FakeIikoServerOptions & { port?: number | undefined } = {},
): Promise<RunningFakeIikoServer> {
  const { port = 0, ...serverOptions } = options;
  const server = new FakeIikoServer(serverOptions);
  const core = coreOf(server);
  const http = createServer((req, res) => {
    void serve(core, req, res);
  });
  http.listen(port, '127.0.0.1');
  await once(http, 'listening');
  const { port: actualPort } = http.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= new Promise<void>((resolve, reject) => {
      http.close((error) => (error ? reject(error) : resolve()));
      http.closeAllConnections();
    });
    return closed;
  };
  return { url: `http://127.0.0.1:${actualPort}`, server, close, [Symbol.asyncDispose]: close };
}

async function serve(core: FakeCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const call: IncomingCall = {
    method: req.method ?? 'GET',
    url: new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`),
    cookie: req.headers.cookie,
    body: req.method?.toUpperCase() === 'POST' ? await requestBody(req) : undefined,
  };
  const exchange = core.begin(call);
  let status = 0;
  const finish = (): void => core.end(exchange, status);
  res.once('finish', finish);
  res.once('close', finish);
  req.resume();
  try {
    const reply = await core.answer(exchange, call);
    status = reply.network?.kind === 'reset' ? 0 : reply.status;
    await write(reply, req, res, exchange);
  } catch (error) {
    if (!res.headersSent) {
      status = 500;
      res.writeHead(500, { 'content-type': 'text/plain; charset=UTF-8' }).end(String(error));
    } else {
      res.destroy();
    }
  }
}

async function write(reply: FakeReply, req: IncomingMessage, res: ServerResponse, exchange: Exchange): Promise<void> {
  if (exchange.ended || res.destroyed) return;
  if (reply.network?.kind === 'reset') {
    req.socket.destroy();
    return;
  }
  if (reply.network?.kind === 'truncate') {
    // Announce the full length, send part of it, then drop the connection: the client sees a body that
    // ends early, as when a proxy or the network cuts a large export.
    const full = Buffer.from(bodyText(reply), 'utf8');
    const cut = full.subarray(0, Math.min(full.length, reply.network.bytes ?? Math.floor(full.length / 2)));
    exchange.record.bytes = cut.length;
    if (reply.network.endsCleanly === true) {
      res.writeHead(reply.status, { ...reply.headers, 'content-length': String(cut.length) }).end(cut);
      return;
    }
    res.writeHead(reply.status, { ...reply.headers, 'content-length': String(full.length) });
    res.write(cut, () => res.destroy());
    return;
  }
  if (typeof reply.body === 'string') {
    const body = Buffer.from(reply.body, 'utf8');
    exchange.record.bytes = body.length;
    res.writeHead(reply.status, { ...reply.headers, 'content-length': String(body.length) }).end(body);
    return;
  }
  res.writeHead(reply.status, reply.headers);
  let buffered: string[] = [];
  let size = 0;
  for (const chunk of reply.body()) {
    buffered.push(chunk);
    size += chunk.length;
    if (size < WRITE_CHUNK_CHARS) continue;
    const bytes = Buffer.from(buffered.join(''), 'utf8');
    exchange.record.bytes += bytes.length;
    const ok = res.write(bytes);
    buffered = [];
    size = 0;
    if (!ok) await drained(res);
    if (res.destroyed) return;
  }
  const rest = Buffer.from(buffered.join(''), 'utf8');
  exchange.record.bytes += rest.length;
  res.end(rest);
}

/** Resolves when the response can take more data or the connection is gone, leaving no listener behind. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** A POST's body as text (a document import is a few kilobytes). */
async function requestBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
