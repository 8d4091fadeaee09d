/**
 * Runs the same tests over both adapters of the fake: msw handlers (global `fetch` intercepted in process)
 * and the loopback HTTP server (real sockets on 127.0.0.1).
 */
import { XMLParser } from 'fast-xml-parser';
import { setupServer } from 'msw/node';
import {
  FakeIikoServer,
  type FakeIikoServerOptions,
  sha1Hex,
  startFakeIikoServer,
} from '@getinn/iiko-client/testing';
import { createIikoHandlers } from '@getinn/iiko-client/testing/msw';

export interface Harness {
  readonly server: FakeIikoServer;
  /** Absolute URL for a path with query. */
  url(pathAndQuery: string): string;
  /** `fetch` of a path with query. */
  get(pathAndQuery: string, init?: RequestInit): Promise<Response>;
  /** Logs in with the server's credentials and returns the token. */
  login(): Promise<string>;
  close(): Promise<void>;
}

export interface Adapter {
  readonly name: string;
  start(options?: FakeIikoServerOptions): Promise<Harness>;
}

function harness(server: FakeIikoServer, base: string, close: () => Promise<void>): Harness {
  const url = (pathAndQuery: string): string => `${base}${pathAndQuery}`;
  const get = (pathAndQuery: string, init?: RequestInit): Promise<Response> => fetch(url(pathAndQuery), init);
  return {
    server,
    url,
    get,
    async login() {
      const res = await get(`/resto/api/auth?login=${encodeURIComponent(server.login)}&pass=${sha1Hex(server.password)}`);
      if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
      return (await res.text()).trim();
    },
    close,
  };
}

export const mswAdapter: Adapter = {
  name: 'msw',
  async start(options) {
    const server = new FakeIikoServer(options);
    const msw = setupServer(...createIikoHandlers(server));
    msw.listen({ onUnhandledRequest: 'error' });
    return harness(server, 'https://fake.iiko.it', async () => msw.close());
  },
};

export const loopbackAdapter: Adapter = {
  name: 'loopback',
  async start(options) {
    const running = await startFakeIikoServer(options);
    return harness(running.server, running.url, () => running.close());
  },
};

/** Both adapters, for `describe.each`. */
export const adapters: readonly Adapter[] = [mswAdapter, loopbackAdapter];

const REPEATED = new Set([
  'corporateItemDtoes.corporateItemDto',
  'employees.employee',
  'incomingInvoiceDtoes.document',
  'incomingInvoiceDtoes.document.items.item',
]);

/** Parses XML the way the client is told to: repeatable elements always arrays, text kept as strings. */
export function parseXml(xml: string): Record<string, unknown> {
  const parser = new XMLParser({
    parseTagValue: false,
    ignoreDeclaration: true,
    // By path, not by name: `employee` is both the list item and a boolean field inside it.
    isArray: (_name, jpath) => REPEATED.has(String(jpath)),
  });
  return parser.parse(xml, true) as Record<string, unknown>;
}

/** Names of the child elements of the first `<tag>…</tag>` in `xml`, in order (nested same-name tags allowed). */
export function childNames(xml: string, tag: string): string[] {
  const start = xml.indexOf(`<${tag}>`);
  if (start < 0) throw new Error(`no <${tag}> in the XML`);
  const names: string[] = [];
  let depth = 0;
  for (const match of xml.slice(start + tag.length + 2).matchAll(/<(\/?)([A-Za-z]+)[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = match;
    if (closing === '/') {
      depth -= 1;
      if (depth < 0) break;
    } else {
      if (depth === 0 && name !== undefined) names.push(name);
      if (selfClosing !== '/') depth += 1;
    }
  }
  return names;
}
