import { describe, expect, it, vi } from 'vitest';
import {
  IikoAbortError,
  IikoAuthError,
  IikoBadRequestError,
  IikoConflictError,
  IikoHttpError,
  IikoNetworkError,
  IikoNotFoundError,
  IikoPermissionError,
  IikoRateLimitError,
  IikoServerError,
  IikoTimeoutError,
  type IikoError,
} from '@getinn/iiko-client';
import { FAST_RETRY, PATHS, useSuite } from './support/suite';
import { employees, gate, networkError, scriptedIiko, text, xml } from './support/scripted-iiko';
import { recordingLogger } from './support/logger';
import { startRawServer } from './support/raw-http-server';

const suite = useSuite();

const SUPPLIERS = employees('<id>a1</id><name>ООО «Ферма»</name>');
const ok = () => xml(SUPPLIERS);

/** Milliseconds between consecutive requests to `path` of a scripted server. */
function gaps(iiko: ReturnType<typeof scriptedIiko>, path: string): number[] {
  const times = iiko.seen.filter((request) => request.path === path).map((request) => request.at);
  return times.slice(1).map((at, i) => at - times[i]!);
}

/** Timers may fire a millisecond early relative to performance.now(); lower bounds allow for that. */
const SLACK_MS = 5;

describe('failures that are retried', () => {
  it('connection resets: retried until the read succeeds', async () => {
    const fake = suite.fake();
    fake.server.injectFault({ kind: 'reset', path: PATHS.suppliers, times: 2 });

    await expect(fake.client().suppliers()).resolves.not.toHaveLength(0);
    expect(fake.requestsTo(PATHS.suppliers).map((request) => request.fault ?? request.status)).toEqual(['reset', 'reset', 200]);
  });

  it('connection resets over real sockets (loopback): retried, and the error names the network failure when they persist', async () => {
    const fake = await suite.loopback();
    fake.server.injectFault({ kind: 'reset', path: PATHS.suppliers, times: 10 });

    const error = await fake.client().suppliers().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(IikoNetworkError);
    expect((error as IikoNetworkError).attempts).toBe(3);
    expect(fake.requestsTo(PATHS.suppliers)).toHaveLength(3);
  });

  it('500s: retried, and the last one is reported with attempts, elapsed time and iiko text', async () => {
    const fake = suite.fake();
    fake.server.injectFault({ kind: 'status', status: 500, path: PATHS.suppliers, times: 10 });

    const error = (await fake.client().suppliers().catch((e: unknown) => e)) as IikoServerError;

    expect(error).toBeInstanceOf(IikoServerError);
    expect(error.status).toBe(500);
    expect(error.responseText).toBe('java.net.SocketException: Connection reset');
    expect(error.attempts).toBe(FAST_RETRY.retries + 1);
    expect(error.elapsedMs).toEqual(expect.any(Number));
    expect(error.elapsedMs).toBeGreaterThanOrEqual(0);
    expect(fake.requestsTo(PATHS.suppliers)).toHaveLength(3);
  });

  it.each([408, 429, 500, 502, 503, 504])('%i: retried, and the read succeeds on the next attempt', async (status) => {
    const iiko = scriptedIiko(suite.msw).on(PATHS.suppliers, () => text('later', status), ok);
    const client = suite.client({ baseUrl: iiko.baseUrl, login: 'api', password: 'p4ss', retry: FAST_RETRY });

    await expect(client.suppliers()).resolves.toHaveLength(1);
    expect(iiko.count(PATHS.suppliers)).toBe(2);
  });

  it('429 that persists ends as IikoRateLimitError', async () => {
    const iiko = scriptedIiko(suite.msw).on(PATHS.suppliers, () => text('Too many requests', 429));
    const client = suite.client({ baseUrl: iiko.baseUrl, login: 'api', password: 'p4ss', retry: FAST_RETRY });

    await expect(client.suppliers()).rejects.toBeInstanceOf(IikoRateLimitError);
    expect(iiko.count(PATHS.suppliers)).toBe(3);
  });

  it('waits with exponential back-off: each wait at least doubles from minDelayMs', async () => {
    const iiko = scriptedIiko(suite.msw).on(
      PATHS.suppliers,
      () => text('x', 500),
      () => text('x', 500),
      () => text('x', 500),
      ok,
    );
    const client = suite.client({
      baseUrl: iiko.baseUrl,
      login: 'api',
      password: 'p4ss',
      retry: { retries: 3, minDelayMs: 20, maxDelayMs: 1_000 },
    });

    await client.suppliers();

    const [first, second, third] = gaps(iiko, PATHS.suppliers);
    expect(first).toBeGreaterThanOrEqual(20 - SLACK_MS);
    expect(second).toBeGreaterThanOrEqual(40 - SLACK_MS);
    expect(third).toBeGreaterThanOrEqual(80 - SLACK_MS);
  });
});

describe('Retry-After', () => {
  it('in seconds is waited before the next attempt', async () => {
    const iiko = scriptedIiko(suite.msw).on(PATHS.suppliers, () => text('Server is starting', 503, { 'Retry-After': '1' }), ok);
    const client = suite.client({ baseUrl: iiko.baseUrl, login: 'api', password: 'p4ss', retry: FAST_RETRY });

    await expect(client.suppliers()).resolves.toHaveLength(1);

    expect(gaps(iiko, PATHS.suppliers)[0]).toBeGreaterThanOrEqual(1_000 - SLACK_MS);
  });

  it('as an HTTP date is waited until that date', async () => {
    let until = 0;
    const iiko = scriptedIiko(suite.msw).on(
      PATHS.suppliers,
      () => {
        // HTTP dates have whole seconds: two seconds ahead, truncated, is at least one second ahead.
        const date = new Date(Date.now() + 2_000);
        date.setMilliseconds(0);
        until = date.getTime();
        return text('Too many requests', 429, { 'Retry-After': date.toUTCString() });
      },
      ok,
    );
    const client = suite.client({ baseUrl: iiko.baseUrl, login: 'api', password: 'p4ss', retry: FAST_RETRY });

    await expect(client.suppliers()).resolves.toHaveLength(1);

    const retried = iiko.seen.filter((request) => request.path === PATHS.suppliers)[1]!;
    expect(performance.timeOrigin + retried.at).toBeGreaterThanOrEqual(until - SLACK_MS);
    expect(gaps(iiko, PATHS.suppliers)[0]).toBeGreaterThanOrEqual(1_000 - SLACK_MS);
  });

  it('longer than maxRetryAfterMs is capped to it instead of stalling the call', async () => {
    const iiko = scriptedIiko(suite.msw).on(PATHS.suppliers, () => text('Server is starting', 503, { 'Retry-After': '3600' }), ok);
    const client = suite.client({
      baseUrl: iiko.baseUrl,
      login: 'api',
      password: 'p4ss',
      retry: { ...FAST_RETRY, maxRetryAfterMs: 50 },
    });

    await expect(client.suppliers()).resolves.toHaveLength(1);
    expect(iiko.count(PATHS.suppliers)).toBe(2);
    expect(gaps(iiko, PATHS.suppliers)[0]).toBeGreaterThanOrEqual(50 - SLACK_MS);
  });

  it('that would outlast totalTimeoutMs ends the call at once with the server’s answer, within the budget', async () => {
    const iiko = scriptedIiko(suite.msw).on(PATHS.suppliers, () => text('Server is starting', 503, { 'Retry-After': '30' }), ok);
    const client = suite.client({ baseUrl: iiko.baseUrl, login: 'api', password: 'p4ss', retry: FAST_RETRY, totalTimeoutMs: 2_000 });

    const started = performance.now();
    const error = (await client.suppliers().catch((e: unknown) => e)) as IikoServerError;

    expect(error).toBeInstanceOf(IikoServerError);
    expect(error.status).toBe(503);
    expect(error.attempts).toBe(1);
    expect(performance.now() - started).toBeLessThan(2_000); // the documented budget, waits included
    expect(iiko.count(PATHS.suppliers)).toBe(1);
  });

  it('from the fake (503 with Retry-After) is honoured over real sockets too', async () => {
    const fake = await suite.loopback();
    fake.server.injectFault({ kind: 'status', status: 503, path: PATHS.departments, headers: { 'Retry-After': '1' } });

    await expect(fake.client().departments()).resolves.not.toHaveLength(0);

    const [first, second] = fake.requestsTo(PATHS.departments);
    expect(second!.startedAt - first!.endedAt!).toBeGreaterThanOrEqual(1_000 - SLACK_MS);
  });
});

describe('failures that are never retried', () => {
  it.each<[number, string, abstract new (...args: never[]) => IikoError, number]>([
    [400, 'Wrong date format: 2019-0513 15:26', IikoBadRequestError, 1],
    [401, 'Token is expired or invalid', IikoAuthError, 2], // one re-login and one repeat, no more
    [403, 'Permission denied', IikoPermissionError, 1],
    [404, 'Not found', IikoNotFoundError, 1],
    [405, 'Method GET is not allowed', IikoHttpError, 1],
    [409, 'Доступ запрещен B_VIEW_DOCS', IikoConflictError, 1],
  ])('%i: one request (%s)', async (status, body, kind, requests) => {
    const iiko = scriptedIiko(suite.msw).on(PATHS.suppliers, () => text(body, status));
    const client = suite.client({ baseUrl: iiko.baseUrl, login: 'api', password: 'p4ss', retry: FAST_RETRY });

    const error = (await client.suppliers().catch((e: unknown) => e)) as IikoError;

    expect(error).toBeInstanceOf(kind);
    expect(error.status).toBe(status);
    expect(error.responseText).toBe(body);
    expect(iiko.count(PATHS.suppliers)).toBe(requests);
  });
});

describe('timeouts', () => {
  it('an attempt longer than timeoutMs is abandoned and retried; IikoTimeoutError when all are too slow', async () => {
    const fake = await suite.loopback();
    fake.server.injectFault({ kind: 'delay', ms: 2_000, path: PATHS.departments, times: 3 });
    const client = fake.client({ timeoutMs: 60 });

    const error = (await client.departments().catch((e: unknown) => e)) as IikoTimeoutError;

    expect(error).toBeInstanceOf(IikoTimeoutError);
    expect(error.message).toMatch(/attempt timeout/);
    expect(error.attempts).toBe(3);
    expect(fake.requestsTo(PATHS.departments)).toHaveLength(3);
  });

  it('a slow attempt followed by a quick one succeeds', async () => {
    const fake = await suite.loopback();
    fake.server.injectFault({ kind: 'delay', ms: 2_000, path: PATHS.departments });

    await expect(fake.client({ timeoutMs: 60 }).departments()).resolves.not.toHaveLength(0);
    expect(fake.requestsTo(PATHS.departments)).toHaveLength(2);
  });

  it('totalTimeoutMs ends the whole call, retries included, with IikoTimeoutError', async () => {
    const fake = await suite.loopback();
    fake.server.injectFault({ kind: 'delay', ms: 2_000, path: PATHS.departments, times: 50 });
    const client = fake.client({ timeoutMs: 80, totalTimeoutMs: 300, retry: { retries: 40, minDelayMs: 1, maxDelayMs: 5 } });
    await client.stores(); // log in first: the budget under test is the read's

    const error = (await client.departments().catch((e: unknown) => e)) as IikoTimeoutError;

    expect(error).toBeInstanceOf(IikoTimeoutError);
    expect(error.elapsedMs).toBeGreaterThanOrEqual(300 - SLACK_MS);
    const attempts = fake.requestsTo(PATHS.departments).length;
    expect(attempts).toBeGreaterThanOrEqual(2);
    expect(attempts).toBeLessThan(41);
    expect(error.attempts).toBe(attempts);
  });

  it('totalTimeoutMs also bounds the wait for a slow login, which runs on for later calls', async () => {
    const fake = await suite.loopback({ licenceSlots: 1 });
    fake.server.injectFault({ kind: 'delay', ms: 1_500, path: PATHS.auth });
    const client = fake.client({ timeoutMs: 10_000, totalTimeoutMs: 250 });

    const started = performance.now();
    const error = (await client.departments().catch((e: unknown) => e)) as IikoTimeoutError;

    expect(error).toBeInstanceOf(IikoTimeoutError);
    expect(error.message).toMatch(/total time budget/);
    expect(performance.now() - started).toBeLessThan(1_500); // the budget holds, not the login's 1.5 s
    expect(fake.requestsTo(PATHS.departments)).toHaveLength(0);
    await vi.waitFor(() => expect(fake.server.activeSessions()).toBe(1), { timeout: 5_000 });
    await expect(client.departments()).resolves.not.toHaveLength(0);
    expect(fake.requestsTo(PATHS.auth)).toHaveLength(1);
  });

  it('totalTimeoutMs shorter than one attempt ends it with a message about the total budget, not retried', async () => {
    const fake = await suite.loopback();
    fake.server.injectFault({ kind: 'delay', ms: 2_000, path: PATHS.departments, times: 5 });
    const client = fake.client({ timeoutMs: 10_000, totalTimeoutMs: 150 });
    await client.stores();

    const error = (await client.departments().catch((e: unknown) => e)) as IikoTimeoutError;

    expect(error).toBeInstanceOf(IikoTimeoutError);
    expect(error.message).toMatch(/total time budget/);
    expect(fake.requestsTo(PATHS.departments)).toHaveLength(1);
  });
});

describe('abort through the caller signal', () => {
  it('before sending: IikoAbortError and no request at all, not even a login', async () => {
    const fake = suite.fake();
    const client = fake.client();
    const signal = AbortSignal.abort();

    await expect(client.departments({ signal })).rejects.toBeInstanceOf(IikoAbortError);
    await expect(client.incomingInvoices({ from: '2026-07-01', to: '2026-07-31' }, { signal })).rejects.toBeInstanceOf(IikoAbortError);
    await expect(client.serverInfo({ signal })).rejects.toBeInstanceOf(IikoAbortError);
    expect(fake.server.requests).toHaveLength(0);
  });

  it('while queued behind another request: IikoAbortError, and the request is never sent', async () => {
    const held = gate();
    const iiko = scriptedIiko(suite.msw).on(PATHS.suppliers, ok).on(PATHS.departments, async () => {
      await held.promise;
      return xml('<corporateItemDtoes/>');
    });
    const client = suite.client({ baseUrl: iiko.baseUrl, login: 'api', password: 'p4ss', retry: FAST_RETRY });
    await client.suppliers();
    const controller = new AbortController();

    const slow = client.departments();
    await vi.waitFor(() => expect(iiko.count(PATHS.departments)).toBe(1));
    const queued = client.suppliers({ signal: controller.signal });
    controller.abort();

    await expect(queued).rejects.toBeInstanceOf(IikoAbortError);
    held.open();
    await expect(slow).resolves.toEqual([]);
    expect(iiko.count(PATHS.suppliers)).toBe(1); // only the first read: the aborted one never left
    await expect(client.suppliers()).resolves.toHaveLength(1);
    expect(iiko.seen.map((request) => request.path)).toEqual([PATHS.auth, PATHS.suppliers, PATHS.departments, PATHS.suppliers]);
  });

  it('during the body (real socket): IikoAbortError, not retried, and the queue is free again', async () => {
    let socketClosed = false;
    const raw = await startRawServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === PATHS.auth) return void res.writeHead(200, { 'content-type': 'text/plain' }).end('0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0');
      if (path === PATHS.logout) return void res.writeHead(200).end();
      if (path === PATHS.serverInfo) {
        return void res.writeHead(200, { 'content-type': 'application/xml' }).end('<r><version>9.1</version></r>');
      }
      res.on('close', () => (socketClosed = true));
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.write('<corporateItemDtoes><corporateItemDto><id>1</id><type>STORE</type></corporateItemDto><corporateItemDto>');
      // …and the rest never comes.
    });
    suite.onCleanup(() => raw.close());
    const headersArrived = gate();
    const client = suite.client({
      baseUrl: raw.url,
      login: 'api',
      password: 'p4ss',
      retry: FAST_RETRY,
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        if (String(response.url || (input as Request).url).includes('departments')) headersArrived.open();
        return response;
      },
    });
    const controller = new AbortController();

    const read = client.departments({ signal: controller.signal });
    await headersArrived.promise;
    controller.abort();

    await expect(read).rejects.toBeInstanceOf(IikoAbortError);
    await expect(client.serverInfo()).resolves.toMatchObject({ version: '9.1' });
    expect(raw.requests.filter((url) => url.startsWith(PATHS.departments))).toHaveLength(1);
    await vi.waitFor(() => expect(socketClosed).toBe(true));
  });

  it('during the body, with a fetch that does not end bodies on abort (msw): IikoAbortError, and the queue is free again', async () => {
    const bodyStarted = gate();
    const iiko = scriptedIiko(suite.msw)
      .on(PATHS.suppliers, () => {
        const stalled = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('<employees><employee><id>a1</id>'));
            bodyStarted.open();
          },
        });
        return new Response(stalled, { headers: { 'content-type': 'application/xml' } });
      })
      .on(PATHS.serverInfo, () => xml('<r><version>9.1</version></r>'));
    const client = suite.client({ baseUrl: iiko.baseUrl, login: 'api', password: 'p4ss', retry: FAST_RETRY });
    const controller = new AbortController();

    const read = client.suppliers({ signal: controller.signal });
    await bodyStarted.promise;
    controller.abort();

    await expect(read).rejects.toBeInstanceOf(IikoAbortError);
    await expect(client.serverInfo()).resolves.toMatchObject({ version: '9.1' });
    expect(iiko.count(PATHS.suppliers)).toBe(1);
  });

  it('a body that stalls ends at timeoutMs even when fetch would let it hang, and is retried', async () => {
    const iiko = scriptedIiko(suite.msw).on(PATHS.suppliers, () => {
      const stalled = new ReadableStream<Uint8Array>({ start: (c) => c.enqueue(new TextEncoder().encode('<employees>')) });
      return new Response(stalled, { headers: { 'content-type': 'application/xml' } });
    });
    const client = suite.client({ baseUrl: iiko.baseUrl, login: 'api', password: 'p4ss', retry: FAST_RETRY, timeoutMs: 80 });

    const error = (await client.suppliers().catch((e: unknown) => e)) as IikoTimeoutError;

    expect(error).toBeInstanceOf(IikoTimeoutError);
    expect(error.attempts).toBe(3);
    expect(iiko.count(PATHS.suppliers)).toBe(3);
  });

  it('during a Retry-After wait: IikoAbortError at once, and nothing is sent after', async () => {
    const iiko = scriptedIiko(suite.msw).on(PATHS.suppliers, () => text('Server is starting', 503, { 'Retry-After': '30' }));
    const log = recordingLogger();
    const client = suite.client({
      baseUrl: iiko.baseUrl,
      login: 'api',
      password: 'p4ss',
      retry: FAST_RETRY,
      logger: log.logger,
      logLevel: 'warn',
    });
    const controller = new AbortController();

    const started = performance.now();
    const read = client.suppliers({ signal: controller.signal });
    await vi.waitFor(() => expect(log.lines.some((line) => line.object['retryAfterMs'] === 30_000)).toBe(true));
    controller.abort();
    const error = (await read.catch((e: unknown) => e)) as IikoAbortError;

    expect(error).toBeInstanceOf(IikoAbortError);
    expect(error.attempts).toBe(1);
    expect(performance.now() - started).toBeLessThan(30_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(iiko.count(PATHS.suppliers)).toBe(1);
  });

  it('during the back-off between two attempts: IikoAbortError, and nothing is sent after', async () => {
    const iiko = scriptedIiko(suite.msw).on(PATHS.suppliers, () => text('boom', 500));
    const client = suite.client({
      baseUrl: iiko.baseUrl,
      login: 'api',
      password: 'p4ss',
      retry: { retries: 3, minDelayMs: 20_000, maxDelayMs: 20_000 },
    });
    const controller = new AbortController();

    const read = client.suppliers({ signal: controller.signal });
    await vi.waitFor(() => expect(iiko.count(PATHS.suppliers)).toBe(1));
    await new Promise((resolve) => setTimeout(resolve, 20));
    controller.abort();

    await expect(read).rejects.toBeInstanceOf(IikoAbortError);
    expect(iiko.count(PATHS.suppliers)).toBe(1);
  });

  it('of one caller during a login shared with others fails only that caller', async () => {
    const fake = await suite.loopback({ licenceSlots: 1 });
    fake.server.injectFault({ kind: 'delay', ms: 150, path: PATHS.auth });
    const client = fake.client();
    const controller = new AbortController();

    const aborted = client.suppliers({ signal: controller.signal });
    const others = Promise.all([client.departments(), client.stores()]);
    await vi.waitFor(() => expect(fake.requestsTo(PATHS.auth)).toHaveLength(1));
    controller.abort();

    await expect(aborted).rejects.toBeInstanceOf(IikoAbortError);
    await expect(others).resolves.toHaveLength(2);
    expect(fake.requestsTo(PATHS.auth)).toHaveLength(1);
    expect(fake.requestsTo(PATHS.suppliers)).toHaveLength(0);
    expect(fake.server.activeSessions()).toBe(1);
  });

  it('after a network error: the read is not retried once the signal is aborted', async () => {
    const controller = new AbortController();
    const iiko = scriptedIiko(suite.msw).on(PATHS.suppliers, (request) => {
      controller.abort();
      return networkError(request);
    });
    const client = suite.client({ baseUrl: iiko.baseUrl, login: 'api', password: 'p4ss', retry: FAST_RETRY });

    await expect(client.suppliers({ signal: controller.signal })).rejects.toBeInstanceOf(IikoAbortError);
    expect(iiko.count(PATHS.suppliers)).toBe(1);
  });
});
