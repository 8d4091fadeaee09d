import { afterEach, describe, expect, it } from 'vitest';
import { sha1Hex } from '@getinn/iiko-client/testing';
import { type Harness, adapters } from './harness';

const EXPORT = '/resto/api/documents/export/incomingInvoice?from=2026-07-01&to=2026-09-30';

describe.each(adapters)('fault injection ($name)', (adapter) => {
  let h: Harness;
  let key: string;
  const start = async (): Promise<void> => {
    h = await adapter.start();
    key = await h.login();
  };
  const get = (path: string, init?: RequestInit): Promise<Response> =>
    h.get(`${path}${path.includes('?') ? '&' : '?'}key=${key}`, init);
  afterEach(() => h.close());

  it('status: answers the given status, body, headers and content type, then the normal answer', async () => {
    await start();
    h.server.injectFault({ kind: 'status', status: 503, body: 'Server is busy', headers: { 'Retry-After': '2' } });
    const faulted = await get('/resto/api/suppliers');
    expect(faulted.status).toBe(503);
    expect(faulted.headers.get('retry-after')).toBe('2');
    expect(faulted.headers.get('content-type')).toBe('text/plain; charset=UTF-8');
    expect(await faulted.text()).toBe('Server is busy');
    expect((await get('/resto/api/suppliers')).status).toBe(200);
  });

  it('status: gives a realistic default body per status and honours a custom content type', async () => {
    await start();
    h.server.injectFault({ kind: 'status', status: 500 });
    h.server.injectFault({ kind: 'status', status: 409, body: '<a/>', contentType: 'application/xml' });
    const internal = await get('/resto/api/suppliers');
    expect([internal.status, await internal.text()]).toEqual([500, 'java.net.SocketException: Connection reset']);
    const conflict = await get('/resto/api/suppliers');
    expect(conflict.status).toBe(409);
    expect(conflict.headers.get('content-type')).toBe('application/xml');
  });

  it('html: answers an HTML page with text/html (status 200 by default, or the given one)', async () => {
    await start();
    h.server.injectFault({ kind: 'html' });
    h.server.injectFault({ kind: 'html', status: 502 });
    const page = await get('/resto/api/corporation/departments');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toMatch(/^<!DOCTYPE html>/);
    const gateway = await get('/resto/api/corporation/departments');
    expect(gateway.status).toBe(502);
    expect(gateway.headers.get('content-type')).toMatch(/^text\/html/);
    await gateway.text();
  });

  it('reset: fetch rejects, and the log records status 0 with the fault', async () => {
    await start();
    h.server.injectFault({ kind: 'reset' });
    await expect(get('/resto/api/suppliers')).rejects.toThrow();
    const last = h.server.requests.at(-1);
    expect(last?.fault).toBe('reset');
    expect(last?.status).toBe(0);
    expect((await get('/resto/api/suppliers')).status).toBe(200);
  });

  it('truncate: the body ends early, so it never reads as the full document', async () => {
    await start();
    const full = await (await get(EXPORT)).text();
    h.server.injectFault({ kind: 'truncate', path: '/resto/api/documents' });
    const res = await get(EXPORT);
    expect(res.status).toBe(200);
    expect(Buffer.byteLength(full)).toBeGreaterThan(1000);
    // Both adapters announce a complete answer and then end the body early: reading it fails.
    await expect(res.arrayBuffer()).rejects.toThrow();
    expect(h.server.requests.at(-1)?.fault).toBe('truncate');
  });

  it('truncate: bytes sets the cut point', async () => {
    await start();
    h.server.injectFault({ kind: 'truncate', bytes: 10 });
    const res = await get('/resto/api/suppliers');
    const reader = res.body?.getReader();
    const received: number[] = [];
    try {
      for (;;) {
        const chunk = await reader?.read();
        if (chunk === undefined || chunk.done) break;
        received.push(...chunk.value);
      }
      expect.unreachable('the body should end with an error');
    } catch {
      // the connection ending early is the point
    }
    expect(Buffer.from(received).toString('utf8')).toBe('<?xml vers');
  });

  it('delay: answers normally after the delay, and concurrent requests count as in flight together', async () => {
    await start();
    h.server.resetStats();
    h.server.injectFault({ kind: 'delay', ms: 150, path: '/resto/api/suppliers', times: 3 });
    const started = Date.now();
    const answers = await Promise.all([1, 2, 3].map(() => get('/resto/api/suppliers')));
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    for (const res of answers) {
      expect(res.status).toBe(200);
      await res.text();
    }
    expect(h.server.maxInFlight).toBe(3);
  });

  it('sequential requests keep maxInFlight at 1', async () => {
    await start();
    h.server.resetStats();
    for (let i = 0; i < 3; i++) await (await get('/resto/api/corporation/stores')).text();
    expect(h.server.maxInFlight).toBe(1);
    expect(h.server.requests).toHaveLength(3);
  });

  it('consumes faults in FIFO order among those whose path matches, each `times` times', async () => {
    await start();
    h.server.injectFault({ kind: 'status', status: 500, path: '/resto/api/documents', times: 2 });
    h.server.injectFault({ kind: 'status', status: 502, path: /suppliers$/ });
    h.server.injectFault({ kind: 'status', status: 503 });
    expect((await get('/resto/api/suppliers')).status).toBe(502);
    expect((await get('/resto/api/corporation/stores')).status).toBe(503);
    expect((await get('/resto/api/suppliers')).status).toBe(200);
    expect((await get(EXPORT)).status).toBe(500);
    expect((await get(EXPORT)).status).toBe(500);
    expect((await get(EXPORT)).status).toBe(200);
  });

  it('applies to auth without taking a slot, unless the fault targets data paths only', async () => {
    h = await adapter.start({ licenceSlots: 1 });
    const auth = `/resto/api/auth?login=demo&pass=${sha1Hex('demo-password')}`;
    h.server.injectFault({ kind: 'status', status: 401, body: 'Server is starting' });
    expect((await h.get(auth)).status).toBe(401);
    expect(h.server.activeSessions()).toBe(0);

    h.server.injectFault({ kind: 'status', status: 500, path: '/resto/api/corporation' });
    key = await h.login();
    expect((await get('/resto/api/corporation/departments')).status).toBe(500);
  });

  it('clearFaults() drops every queued fault', async () => {
    await start();
    h.server.injectFault({ kind: 'reset', times: 5 });
    h.server.clearFaults();
    expect((await get('/resto/api/suppliers')).status).toBe(200);
  });

  it('rejects nonsense faults early', async () => {
    await start();
    expect(() => h.server.injectFault({ kind: 'status', status: 99 })).toThrow(RangeError);
    expect(() => h.server.injectFault({ kind: 'reset', times: 0 })).toThrow(RangeError);
    expect(() => h.server.injectFault({ kind: 'delay', ms: -1 })).toThrow(RangeError);
  });
});
