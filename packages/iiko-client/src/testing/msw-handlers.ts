import { http, type RequestHandler } from 'msw';
import { DEFAULT_MSW_BASE_URL } from './constants';
import type { FakeIikoServer } from './fake-iiko-server';

/**
 * msw 2 request handlers that route every request under `baseUrl` to `server.handle()`. Use them in a
 * vitest setup with `setupServer(...)`, so code under test keeps calling the global `fetch` and needs no
 * port. A `reset` fault becomes a network error (`fetch` rejects), as `HttpResponse.error()` would.
 *
 * @param options.baseUrl origin the handlers answer for.
 * @default options.baseUrl 'https://fake.iiko.it'
 * @example
 * ```ts
 * import { setupServer } from 'msw/node';
 * const iiko = new FakeIikoServer();
 * const msw = setupServer(...createIikoHandlers(iiko));
 * beforeAll(() => msw.listen({ onUnhandledRequest: 'error' }));
 * afterAll(() => msw.close());
 * ```
 */
export function createIikoHandlers(server: FakeIikoServer, options: { baseUrl?: string | undefined } = {}): RequestHandler[] {
  const base = (options.baseUrl ?? DEFAULT_MSW_BASE_URL).replace(/\/+$/, '');
  return [http.all(`${base}/*`, ({ request }) => server.handle(request))];
}
