import { describe, expect, it, vi } from 'vitest';
import { FAST_RETRY, PATHS, useSuite } from './support/suite';
import { employees, scriptedIiko, text } from './support/scripted-iiko';

const suite = useSuite();

const READS = /^\/resto\/api\/(corporation|suppliers|documents)/;

describe('one strictly serial queue per server', () => {
  it('never has two requests in flight to one server, across two clients, retries, logins and logouts', async () => {
    const fake = await suite.loopback({ licenceSlots: 1, dataset: { invoices: 30 } });
    // One fault per request, first queued first: the 500 hits the first stores read, the delays the rest.
    fake.server.injectFault({ kind: 'status', status: 500, path: PATHS.stores, times: 1 });
    fake.server.injectFault({ kind: 'delay', ms: 15, path: READS, times: 40 });
    const a = fake.client();
    const b = fake.client();

    const results = await Promise.all([
      a.departments(),
      b.suppliers(),
      a.stores(),
      b.departments(),
      a.suppliers(),
      b.stores(),
      a.incomingInvoices({ from: '2026-07-01', to: '2026-09-30' }),
      b.serverInfo(),
      a.searchSuppliers({ name: 'ООО' }),
      b.departments(),
    ]);
    await a.close();
    await b.close();

    expect(results).toHaveLength(10);
    const count = (path: string): number => fake.requestsTo(path).length;
    expect([count(PATHS.auth), count(PATHS.stores), count(PATHS.invoices), count(PATHS.logout)]).toEqual([1, 3, 3, 1]);
    expect(fake.server.requests).toHaveLength(15);
    expect(fake.server.maxInFlight).toBe(1);
    const ordered = [...fake.server.requests].sort((x, y) => x.startedAt - y.startedAt);
    for (let i = 1; i < ordered.length; i += 1) {
      expect(ordered[i]!.startedAt).toBeGreaterThanOrEqual(ordered[i - 1]!.endedAt!);
    }
  });

  it('keeps a large streamed body inside the queue: the next request waits until the body is read', async () => {
    const fake = await suite.loopback({ dataset: { invoices: 300, linesPerInvoice: 10, from: '2026-07-01', to: '2026-07-31' } });
    const client = fake.client();

    const [invoices] = await Promise.all([
      client.incomingInvoices({ from: '2026-07-01', to: '2026-07-31' }),
      client.serverInfo(),
      client.serverInfo(),
      client.departments(),
    ]);

    expect(invoices).toHaveLength(300);
    expect(fake.server.maxInFlight).toBe(1);
  });

  it('is shared by clients with different logins on the same server', async () => {
    const iiko = scriptedIiko(suite.msw).on(PATHS.suppliers, async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return text(employees('<id>a</id>'));
    });
    const a = suite.client({ baseUrl: iiko.baseUrl, login: 'api-a', password: 'pass-a', retry: FAST_RETRY });
    const b = suite.client({ baseUrl: iiko.baseUrl, login: 'api-b', password: 'pass-b', retry: FAST_RETRY });

    await Promise.all([a.suppliers(), b.suppliers(), a.suppliers(), b.suppliers(), a.serverInfo().catch(() => undefined)]);

    expect(iiko.count(PATHS.auth)).toBe(2);
    expect(iiko.count(PATHS.suppliers)).toBe(4);
    expect(iiko.inFlight.max).toBe(1);
  });

  it('holds back a call to the same server while a slow request runs, but not a call to another server', async () => {
    const slow = await suite.loopback();
    const other = await suite.loopback();
    const slowClient = slow.client();
    const sameServerClient = slow.client();
    const otherClient = other.client();
    await slowClient.departments(); // logged in, so the next departments() is one request
    slow.server.injectFault({ kind: 'delay', ms: 800, path: PATHS.departments });

    const finished: string[] = [];
    const slowRead = slowClient.departments().then(() => finished.push('slow read'));
    await vi.waitFor(() => expect(slow.requestsTo(PATHS.departments)).toHaveLength(2));
    const sameServer = sameServerClient.serverInfo().then(() => finished.push('same server'));
    await otherClient.departments();
    finished.push('other server');
    await Promise.all([slowRead, sameServer]);

    expect(finished).toEqual(['other server', 'slow read', 'same server']);
    expect(slow.server.maxInFlight).toBe(1);
  });
});
