/**
 * A scripted iikoServer for tests that need a precise answer shape (a single `employee`, a `Retry-After`
 * date, a body echoing the token): msw handlers under a fresh base URL that log in with a known token and
 * play the replies a test queues per path. Everything it sees is recorded unredacted, so a test can check
 * exactly what the client sent.
 */
import { randomUUID } from 'node:crypto';
import { http, HttpResponse } from 'msw';
import type { SetupServer } from 'msw/node';
import { PATHS, uniqueBaseUrl } from './suite';

/** Produces one answer; a fresh `Response` per call since a body can be read only once. */
export type Reply = (request: Request) => Response | Promise<Response>;

export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly url: URL;
  /** `performance.now()` when the request arrived. */
  readonly at: number;
}

export interface ScriptedIiko {
  readonly baseUrl: string;
  /** The token `/resto/api/auth` hands out. */
  readonly token: string;
  /** Every request, oldest first, as sent (secrets included: this is the test's own record). */
  readonly seen: SeenRequest[];
  /**
   * Queues answers for `path`: each request takes the next one, and the last one repeats. Without any
   * queued reply a path answers 404.
   */
  on(path: string, ...replies: Reply[]): ScriptedIiko;
  /** Requests seen for `path`. */
  count(path: string): number;
  /** Requests in flight right now and at most so far (the handlers count until their reply is returned). */
  readonly inFlight: { now: number; max: number };
}

export interface ScriptedOptions {
  /** Token returned by the login (default: a fresh UUID, the shape iikoServer issues). */
  token?: string;
  /** Replies of `/resto/api/auth` (default: the token as text/plain). */
  auth?: Reply[];
  baseUrl?: string;
}

/** Installs a scripted server on `msw` (handlers are reset after each test by the suite). */
export function scriptedIiko(msw: SetupServer, options: ScriptedOptions = {}): ScriptedIiko {
  const baseUrl = options.baseUrl ?? uniqueBaseUrl();
  const token = options.token ?? randomUUID();
  const seen: SeenRequest[] = [];
  const routes = new Map<string, Reply[]>();
  const inFlight = { now: 0, max: 0 };
  routes.set(PATHS.auth, options.auth ?? [() => text(token)]);
  routes.set(PATHS.logout, [() => text('')]);

  msw.use(
    http.all(`${baseUrl}/*`, async ({ request }) => {
      const url = new URL(request.url);
      seen.push({ method: request.method, path: url.pathname, url, at: performance.now() });
      inFlight.now += 1;
      inFlight.max = Math.max(inFlight.max, inFlight.now);
      try {
        const queue = routes.get(url.pathname);
        if (queue === undefined || queue.length === 0) return text(`Not found: ${url.pathname}`, 404);
        const reply = queue.length > 1 ? queue.shift()! : queue[0]!;
        return await reply(request);
      } finally {
        inFlight.now -= 1;
      }
    }),
  );

  const scripted: ScriptedIiko = {
    baseUrl,
    token,
    seen,
    inFlight,
    on(path, ...replies) {
      routes.set(path, [...replies]);
      return scripted;
    },
    count: (path) => seen.filter((request) => request.path === path).length,
  };
  return scripted;
}

/** An XML answer (`application/xml; charset=UTF-8` unless `headers` says otherwise). */
export function xml(body: string, status = 200, headers: Record<string, string> = {}): Response {
  return new HttpResponse(body, { status, headers: { 'content-type': 'application/xml; charset=UTF-8', ...headers } });
}

/** A `text/plain` answer: tokens and iiko's error bodies. */
export function text(body: string, status = 200, headers: Record<string, string> = {}): Response {
  return new HttpResponse(body, { status, headers: { 'content-type': 'text/plain; charset=UTF-8', ...headers } });
}

/** An HTML page, as a proxy or an empty Tomcat answers. */
export function html(body: string, status = 200, contentType = 'text/html; charset=UTF-8'): Response {
  return new HttpResponse(body, { status, headers: { 'content-type': contentType } });
}

/** A connection that fails before any answer (`fetch` rejects). */
export const networkError: Reply = () => HttpResponse.error();

/** An XML body delivered in pieces of `size` UTF-16 characters' worth of UTF-8 bytes (tests streaming). */
export function chunkedXml(body: string, size: number): Response {
  const bytes = new TextEncoder().encode(body);
  let offset = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
  return new HttpResponse(stream, { headers: { 'content-type': 'application/xml; charset=UTF-8' } });
}

/** `<employees>` with the given `employee` inner XML strings. */
export function employees(...inner: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><employees>${inner.map((e) => `<employee>${e}</employee>`).join('')}</employees>`;
}

/** `<incomingInvoiceDtoes>` with the given `document` inner XML strings. */
export function documents(...inner: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><incomingInvoiceDtoes>${inner
    .map((d) => `<document>${d}</document>`)
    .join('')}</incomingInvoiceDtoes>`;
}

/** A promise with its resolve function exposed: a gate a handler waits on until the test opens it. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}
