import { afterEach, describe, expect, it } from 'vitest';
import { FakeIikoServer, sha1Hex, startFakeIikoServer } from '@getinn/iiko-client/testing';
import { type Harness, adapters } from './harness';

describe.each(adapters)('request log ($name)', (adapter) => {
  let h: Harness;
  afterEach(() => h.close());

  it('records method, path, redacted query and status of every request', async () => {
    h = await adapter.start();
    const key = await h.login();
    const body = await (await h.get(`/resto/api/documents/export/incomingInvoice?from=2026-07-01&to=2026-07-02&supplierId=a&supplierId=b&key=${key}`)).text();
    const [auth, exported] = h.server.requests;
    expect(auth).toMatchObject({ method: 'GET', path: '/resto/api/auth', query: { login: 'demo', pass: '***' }, status: 200 });
    expect(exported).toMatchObject({
      method: 'GET',
      path: '/resto/api/documents/export/incomingInvoice',
      query: { from: '2026-07-01', to: '2026-07-02', supplierId: ['a', 'b'], key: '***' },
      status: 200,
    });
    expect(exported?.bytes).toBe(Buffer.byteLength(body));
    expect(auth?.bytes).toBe(36);
    expect(exported?.endedAt).toBeGreaterThanOrEqual(exported?.startedAt ?? Infinity);
    const log = JSON.stringify(h.server.requests);
    expect(log).not.toContain(key);
    expect(log).not.toContain(sha1Hex(h.server.password));
  });

  it('resetStats() forgets the log and maxInFlight but keeps sessions and data', async () => {
    h = await adapter.start();
    const key = await h.login();
    const suppliers = h.server.data.suppliers.length;
    h.server.resetStats();
    expect(h.server.requests).toHaveLength(0);
    expect(h.server.maxInFlight).toBe(0);
    expect((await h.get(`/resto/api/suppliers?key=${key}`)).status).toBe(200);
    expect(h.server.data.suppliers).toHaveLength(suppliers);
    expect(h.server.requests).toHaveLength(1);
  });
});

describe('FakeIikoServer.handle', () => {
  it('answers any origin from the path and query alone', async () => {
    const server = new FakeIikoServer();
    const res = await server.handle(new Request('http://10.0.0.1:9080/resto/get_server_info.jsp?encoding=UTF-8'));
    const xml = await res.text();
    expect(xml).toContain('<serverAddr>10.0.0.1</serverAddr>');
    expect(xml).toContain('<serverPort>9080</serverPort>');
  });

  it('rejects impossible options', () => {
    expect(() => new FakeIikoServer({ licenceSlots: -1 })).toThrow(RangeError);
    expect(() => new FakeIikoServer({ tokenTtlMs: 0 })).toThrow(RangeError);
  });

  it('serves an explicit dataset without copying it', () => {
    const data = { corporateItems: [], suppliers: [], incomingInvoices: [] };
    expect(new FakeIikoServer({ dataset: data }).data).toBe(data);
  });
});

describe('loopback server at benchmark size', () => {
  it('streams a 5,000 × 20 invoice export completely and closes cleanly', async () => {
    await using iiko = await startFakeIikoServer({ dataset: { invoices: 5_000, linesPerInvoice: 20 } });
    const key = await (await fetch(`${iiko.url}/resto/api/auth?login=demo&pass=${sha1Hex('demo-password')}`)).text();
    const res = await fetch(`${iiko.url}/resto/api/documents/export/incomingInvoice?from=2026-07-01&to=2026-09-30&key=${key}`);
    expect(res.status).toBe(200);
    const reader = res.body?.getReader();
    let bytes = 0;
    let tail = '';
    for (;;) {
      const chunk = await reader?.read();
      if (chunk === undefined || chunk.done) break;
      bytes += chunk.value.byteLength;
      tail = Buffer.from(chunk.value.subarray(-64)).toString('latin1');
    }
    expect(bytes).toBeGreaterThan(40_000_000);
    expect(tail.endsWith('</document></incomingInvoiceDtoes>')).toBe(true);
    expect(iiko.server.maxInFlight).toBe(1);
    expect(iiko.server.requests.at(-1)?.bytes).toBe(bytes);
  });
});
