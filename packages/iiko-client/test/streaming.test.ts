import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { IikoAbortError, IikoClient, IikoError, IikoParseError, IikoServerError, IikoValidationError } from '@getinn/iiko-client';
import { FAST_RETRY, PATHS, useSuite } from './support/suite';
import { documents, gate, scriptedIiko, text, xml } from './support/scripted-iiko';
import { startRawServer } from './support/raw-http-server';

const suite = useSuite();

const doc = (id: string): string => `<document><id>${id}</id><status>NEW</status></document>`;
const HEAD = '<?xml version="1.0" encoding="UTF-8"?><incomingInvoiceDtoes>';
const TAIL = '</incomingInvoiceDtoes>';
const TOKEN = randomUUID();
const RANGE = { from: '2026-10-01', to: '2026-10-07' } as const;

/** Polls until `read()` gives the same value three times in a row (the server stopped writing). */
async function settled(read: () => number): Promise<number> {
  let last = -1;
  let same = 0;
  for (let i = 0; i < 100 && same < 3; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const now = read();
    same = now === last ? same + 1 : 0;
    last = now;
  }
  return last;
}

/**
 * A raw server answering the login with a token and the invoice export with `body`: it writes the head
 * and first document, waits for `next` (the test opens it once the client has yielded that document),
 * then writes the rest.
 */
async function stagedServer(rest: (res: import('node:http').ServerResponse) => void) {
  const next = gate();
  const server = await startRawServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === PATHS.auth) return void res.writeHead(200, { 'content-type': 'text/plain' }).end(TOKEN);
    if (path === PATHS.logout) return void res.writeHead(200).end('');
    if (path !== PATHS.invoices) return void res.writeHead(404).end('no');
    res.writeHead(200, { 'content-type': 'application/xml; charset=UTF-8' });
    res.write(HEAD + doc('d1'));
    void next.promise.then(() => rest(res));
  });
  suite.onCleanup(() => server.close());
  const client = suite.client({ baseUrl: server.url, login: 'api', password: 'p4ss', retry: FAST_RETRY, cooldownAfterTimeoutMs: 0 });
  return { server, client, next };
}

describe('streamIncomingInvoices', () => {
  it('yields a record as soon as it is parsed, before the server has sent the rest', async () => {
    const { client, next } = await stagedServer((res) => res.end(doc('d2') + TAIL));
    const ids: string[] = [];
    for await (const invoice of client.streamIncomingInvoices(RANGE)) {
      ids.push(invoice.id);
      // The server sends d2 only after this: had the client waited for the whole body, the loop would hang.
      if (invoice.id === 'd1') next.open();
    }
    expect(ids).toEqual(['d1', 'd2']);
  });

  it('gives the same records as incomingInvoices, in order', async () => {
    const fake = suite.fake({ dataset: { invoices: 40, linesPerInvoice: 3, from: '2026-01-01', to: '2026-03-31' } });
    const client = fake.client();
    const query = { from: '2026-01-01', to: '2026-03-31' };
    const streamed = [];
    for await (const invoice of client.streamIncomingInvoices(query)) streamed.push(invoice);
    expect(streamed).toEqual(await client.incomingInvoices(query));
    expect(streamed.length).toBeGreaterThan(0);
  });

  it('streams a long range chunk after chunk and yields an invoice that comes back in a later chunk once', async () => {
    const iiko = scriptedIiko(suite.msw).on(
      PATHS.invoices,
      () => xml(documents('<id>a</id><status>NEW</status>', '<id>b</id><status>NEW</status>')),
      () => xml(documents('<id>b</id><status>PROCESSED</status>', '<id>c</id><status>NEW</status>')),
    );
    const client = suite.client({ baseUrl: iiko.baseUrl, login: 'api', password: 'p4ss', retry: FAST_RETRY });
    const seen: Array<[string, string]> = [];
    for await (const invoice of client.streamIncomingInvoices({ from: '2026-01-01', to: '2026-02-15' })) seen.push([invoice.id, invoice.status!]);
    expect(seen).toEqual([
      ['a', 'NEW'],
      ['b', 'NEW'],
      ['c', 'NEW'],
    ]);
    expect(iiko.count(PATHS.invoices)).toBe(2);
  });

  it('a consumer that stops pulling pauses the body; leaving the loop cancels it and frees the server queue', async () => {
    const fake = await suite.loopback({ dataset: { invoices: 2_500, linesPerInvoice: 20, from: '2026-10-01', to: '2026-10-07' } });
    const client = fake.client();
    const records = client.streamIncomingInvoices(RANGE);
    const first = await records.next();
    expect(first.done).toBe(false);
    const exportRecord = () => fake.server.requests.find((request) => request.path === PATHS.invoices)!;
    // The server writes with back-pressure (waits for 'drain'): its count stops growing when the client stops.
    const written = await settled(() => exportRecord().bytes);
    expect(exportRecord().endedAt).toBeUndefined();
    // Leaving the loop: return() settles once the body is cancelled and the gate pass released, so the
    // next request of the same login is sent at once. (The fake counts the export in flight until its
    // socket's close reaches it, which may come just after that next request: maxInFlight is not asked.)
    await records.return(undefined);
    expect((await client.stores()).length).toBeGreaterThan(0);
    expect(fake.server.requests.map((request) => request.path)).toContain(PATHS.stores);
    expect(await settled(() => (exportRecord().endedAt === undefined ? 0 : 1))).toBe(1);
    expect(exportRecord().bytes).toBeLessThan(written + 8 * 1024 * 1024);
    const whole = await client.incomingInvoices(RANGE);
    expect(whole).toHaveLength(2_500);
    const full = fake.server.requests.filter((request) => request.path === PATHS.invoices).at(-1)!.bytes;
    // Socket buffers hold a few MiB; the client itself holds about one piece of the body.
    expect(written).toBeLessThan(full / 2);
  });

  it('an abort mid-stream ends the loop with IikoAbortError and frees the queue', async () => {
    const { client, server } = await stagedServer(() => undefined);
    const controller = new AbortController();
    const ids: string[] = [];
    const reading = (async () => {
      for await (const invoice of client.streamIncomingInvoices(RANGE, { signal: controller.signal })) {
        ids.push(invoice.id);
        controller.abort();
      }
    })();
    await expect(reading).rejects.toBeInstanceOf(IikoAbortError);
    expect(ids).toEqual(['d1']);
    // The stalled export no longer holds the queue: the next read (another stall) is sent.
    const second = (async () => {
      const again = new AbortController();
      for await (const _ of client.streamIncomingInvoices(RANGE, { signal: again.signal })) again.abort();
    })();
    await expect(second).rejects.toBeInstanceOf(IikoAbortError);
    expect(server.requests.filter((url) => url.startsWith(PATHS.invoices))).toHaveLength(2);
  });

  it('a record that does not match its schema mid-stream is an IikoValidationError after the records before it', async () => {
    const { client, next } = await stagedServer((res) => res.end('<document><status>NEW</status></document>' + TAIL));
    const ids: string[] = [];
    const reading = (async () => {
      for await (const invoice of client.streamIncomingInvoices(RANGE)) {
        ids.push(invoice.id);
        next.open();
      }
    })();
    const error = await reading.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(IikoValidationError);
    expect(ids).toEqual(['d1']);
  });

  it('a body cut off after records were yielded fails with IikoParseError and is not retried (it would yield them again)', async () => {
    const { client, next, server } = await stagedServer((res) => res.end('<document><id>d2</id><sta'));
    const ids: string[] = [];
    const error = await (async () => {
      for await (const invoice of client.streamIncomingInvoices(RANGE)) {
        ids.push(invoice.id);
        next.open();
      }
    })().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(IikoParseError);
    expect(error).toBeInstanceOf(IikoError);
    expect(ids).toEqual(['d1']);
    expect(server.requests.filter((url) => url.startsWith(PATHS.invoices))).toHaveLength(1);
  });

  it('a failure before the first record is retried as for the array read', async () => {
    const iiko = scriptedIiko(suite.msw).on(
      PATHS.invoices,
      () => text('busy', 503),
      () => xml(documents('<id>a</id><status>NEW</status>')),
    );
    const client = suite.client({ baseUrl: iiko.baseUrl, login: 'api', password: 'p4ss', retry: FAST_RETRY });
    const ids: string[] = [];
    for await (const invoice of client.streamIncomingInvoices(RANGE)) ids.push(invoice.id);
    expect(ids).toEqual(['a']);
    expect(iiko.count(PATHS.invoices)).toBe(2);
  });

  it('a server error that persists is the typed error, thrown from the loop', async () => {
    const iiko = scriptedIiko(suite.msw).on(PATHS.invoices, () => text('down', 500));
    const client = suite.client({ baseUrl: iiko.baseUrl, login: 'api', password: 'p4ss', retry: FAST_RETRY });
    const reading = (async () => {
      for await (const _ of client.streamIncomingInvoices(RANGE)) void _;
    })();
    await expect(reading).rejects.toBeInstanceOf(IikoServerError);
  });

  it('a closed client refuses a stream at its first record', async () => {
    const fake = suite.fake();
    const client = new IikoClient(fake.options());
    await client.close();
    const records = client.streamDepartments();
    await expect(records.next()).rejects.toMatchObject({ code: 'CLIENT_CLOSED' });
  });
});

describe('the other list streams', () => {
  it('give what their array methods give', async () => {
    const fake = suite.fake({ dataset: { restaurants: 2, suppliers: 5 } });
    const client = fake.client();
    const collect = async <T>(records: AsyncIterable<T>): Promise<T[]> => {
      const all: T[] = [];
      for await (const record of records) all.push(record);
      return all;
    };
    expect(await collect(client.streamDepartments())).toEqual(await client.departments());
    expect(await collect(client.streamStores())).toEqual(await client.stores());
    expect(await collect(client.streamSuppliers())).toEqual(await client.suppliers());
    expect(await collect(client.streamProducts())).toEqual(await client.products());
    expect(await collect(client.streamProductGroups())).toEqual(await client.productGroups());
    expect(await collect(client.streamMeasureUnits())).toEqual(await client.measureUnits());
    const [supplier] = await client.suppliers();
    expect(await collect(client.streamSearchSuppliers({ name: supplier!.name! }))).toEqual(await client.searchSuppliers({ name: supplier!.name! }));
  });

  it('a search without a field is refused at the first record with IikoArgumentError', async () => {
    const fake = suite.fake();
    await expect(fake.client().streamSearchSuppliers({}).next()).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });
});
