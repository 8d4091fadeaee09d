import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IikoArgumentError, IikoBadRequestError, IikoClient } from '@getinn/iiko-client';
import { FAST_RETRY, PATHS, useSuite } from './support/suite';
import { documents, scriptedIiko, text, xml } from './support/scripted-iiko';

const suite = useSuite();

const DAY_MS = 86_400_000;
const dayOf = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const dateOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** A scripted server that answers every export with `<incomingInvoiceDtoes/>` and records the ranges asked. */
function rangeRecorder() {
  const iiko = scriptedIiko(suite.msw).on(PATHS.invoices, () => xml('<incomingInvoiceDtoes/>'));
  const client = suite.client({ baseUrl: iiko.baseUrl, login: 'api', password: 'p4ss', retry: FAST_RETRY });
  const ranges = (): Array<[string, string]> =>
    iiko.seen
      .filter((request) => request.path === PATHS.invoices)
      .map((request) => [request.url.searchParams.get('from')!, request.url.searchParams.get('to')!]);
  return { iiko, client, ranges };
}

describe('a range longer than a month', () => {
  it('is read as consecutive chunks of at most 31 inclusive days, in order', async () => {
    const fake = suite.fake();
    await fake.client().incomingInvoices({ from: '2024-01-01', to: '2024-03-31' });

    expect(fake.requestsTo(PATHS.invoices).map((request) => [request.query['from'], request.query['to']])).toEqual([
      ['2024-01-01', '2024-01-31'],
      ['2024-02-01', '2024-03-02'],
      ['2024-03-03', '2024-03-31'],
    ]);
  });

  it.each([
    ['a single day', '2024-05-07', '2024-05-07', 1],
    ['exactly 31 days', '2024-01-01', '2024-01-31', 1],
    ['32 days', '2024-01-01', '2024-02-01', 2],
    ['31 days over a leap February', '2024-02-01', '2024-03-02', 1],
    ['31 days over a common February', '2023-02-01', '2023-03-03', 1],
    ['a year', '2023-01-01', '2023-12-31', 12],
    ['across New Year', '2023-12-15', '2024-01-20', 2],
  ])('%s (%s..%s) takes %i request(s)', async (_label, from, to, requests) => {
    const { client, ranges } = rangeRecorder();
    await client.incomingInvoices({ from, to });
    expect(ranges()).toHaveLength(requests);
    expect(ranges()[0]![0]).toBe(from);
    expect(ranges().at(-1)![1]).toBe(to);
  });

  it('always covers the range exactly: contiguous chunks of 1 to 31 days, none overlapping (property)', async () => {
    const { client, ranges } = rangeRecorder();
    let seen = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: dayOf('2019-01-01'), max: dayOf('2027-12-31') }), fc.integer({ min: 0, max: 400 }), async (first, length) => {
        const [from, to] = [dateOf(first), dateOf(first + length)];
        await client.incomingInvoices({ from, to });
        const chunks = ranges().slice(seen);
        seen += chunks.length;
        expect(chunks[0]![0]).toBe(from);
        expect(chunks.at(-1)![1]).toBe(to);
        expect(chunks).toHaveLength(Math.ceil((length + 1) / 31));
        chunks.forEach(([start, end], i) => {
          const days = dayOf(end) - dayOf(start) + 1;
          expect(days).toBeGreaterThanOrEqual(1);
          expect(days).toBeLessThanOrEqual(31);
          if (i > 0) expect(dayOf(start)).toBe(dayOf(chunks[i - 1]![1]) + 1);
        });
      }),
      { numRuns: 40 },
    );
  });

  it('asks for the chunks one after another, never together', async () => {
    const iiko = scriptedIiko(suite.msw).on(PATHS.invoices, async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return xml('<incomingInvoiceDtoes/>');
    });
    const client = suite.client({ baseUrl: iiko.baseUrl, login: 'api', password: 'p4ss', retry: FAST_RETRY });

    await client.incomingInvoices({ from: '2024-01-01', to: '2024-06-30' });

    expect(iiko.count(PATHS.invoices)).toBe(6);
    expect(iiko.inFlight.max).toBe(1);
  });

  it('merges the chunks in server order, keeping a document returned by two chunks once', async () => {
    const doc = (id: string, number: string): string => `<id>${id}</id><documentNumber>${number}</documentNumber>`;
    const iiko = scriptedIiko(suite.msw).on(
      PATHS.invoices,
      () => xml(documents(doc('a', '1'), doc('b', '2'))),
      () => xml(documents(doc('b', '2-again'), doc('c', '3'))),
      () => xml(documents(doc('c', '3-again'), doc('d', '4'))),
    );
    const client = suite.client({ baseUrl: iiko.baseUrl, login: 'api', password: 'p4ss', retry: FAST_RETRY });

    const result = await client.incomingInvoices({ from: '2024-01-01', to: '2024-03-31' });

    expect(result.map((invoice) => [invoice.id, invoice.documentNumber])).toEqual([
      ['a', '1'],
      ['b', '2'],
      ['c', '3'],
      ['d', '4'],
    ]);
  });

  it('stops at a chunk that fails for good: later chunks are not requested', async () => {
    const iiko = scriptedIiko(suite.msw).on(
      PATHS.invoices,
      () => xml('<incomingInvoiceDtoes/>'),
      () => text('Wrong date format: 2024-02-01', 400),
      () => xml('<incomingInvoiceDtoes/>'),
    );
    const client = suite.client({ baseUrl: iiko.baseUrl, login: 'api', password: 'p4ss', retry: FAST_RETRY });

    await expect(client.incomingInvoices({ from: '2024-01-01', to: '2024-03-31' })).rejects.toBeInstanceOf(IikoBadRequestError);
    expect(iiko.count(PATHS.invoices)).toBe(2);
  });

  it('uses maxInvoiceRangeDays when the host asks for smaller chunks', async () => {
    const iiko = scriptedIiko(suite.msw).on(PATHS.invoices, () => xml('<incomingInvoiceDtoes/>'));
    const client = suite.client({ baseUrl: iiko.baseUrl, login: 'api', password: 'p4ss', retry: FAST_RETRY, maxInvoiceRangeDays: 7 });

    await client.incomingInvoices({ from: '2024-01-01', to: '2024-01-15' });

    expect(iiko.seen.filter((r) => r.path === PATHS.invoices).map((r) => r.url.searchParams.get('to'))).toEqual([
      '2024-01-07',
      '2024-01-14',
      '2024-01-15',
    ]);
  });

  it.each([0, -7, 1.5, Number.NaN])('refuses maxInvoiceRangeDays %s when the client is created (it could never cover a range)', (days) => {
    expect(() => new IikoClient({ baseUrl: 'https://x.iiko.test', login: 'api', password: 'p4ss', maxInvoiceRangeDays: days })).toThrow(
      IikoArgumentError,
    );
  });
});

describe('what the export sends and returns', () => {
  it('passes supplierIds as repeated supplierId parameters on every chunk, and the fake filters by them', async () => {
    const fake = suite.fake({ dataset: { invoices: 60, from: '2026-07-01', to: '2026-09-30' } });
    const [first, second] = [...new Set(fake.server.data.incomingInvoices.map((invoice) => invoice.supplier))];

    const result = await fake.client().incomingInvoices({ from: '2026-07-01', to: '2026-09-30', supplierIds: [first!, second!] });

    const requests = fake.requestsTo(PATHS.invoices);
    expect(requests).toHaveLength(3);
    for (const request of requests) expect(request.query['supplierId']).toEqual([first, second]);
    const expected = fake.server.data.incomingInvoices.filter((invoice) => invoice.supplier === first || invoice.supplier === second);
    expect(result.map((invoice) => invoice.id).sort()).toEqual(expected.map((invoice) => invoice.id).sort());
    expect(result.length).toBeGreaterThan(0);
  });

  it('passes one supplierId as a single parameter, and none when the list is empty', async () => {
    const { iiko, client } = rangeRecorder();
    await client.incomingInvoices({ from: '2024-01-01', to: '2024-01-02', supplierIds: ['s-1'] });
    await client.incomingInvoices({ from: '2024-01-01', to: '2024-01-02', supplierIds: [] });
    const [one, none] = iiko.seen.filter((request) => request.path === PATHS.invoices);
    expect(one!.url.searchParams.getAll('supplierId')).toEqual(['s-1']);
    expect(none!.url.searchParams.has('supplierId')).toBe(false);
  });

  it('passes revisionFrom on every chunk', async () => {
    const { iiko, client } = rangeRecorder();
    await client.incomingInvoices({ from: '2024-01-01', to: '2024-02-15', revisionFrom: 4242 });
    const chunks = iiko.seen.filter((request) => request.path === PATHS.invoices);
    expect(chunks.map((request) => request.url.searchParams.get('revisionFrom'))).toEqual(['4242', '4242']);
  });

  it('returns every document of the range, NEW, PROCESSED and DELETED, as the fake has them', async () => {
    const fake = suite.fake({ dataset: { invoices: 80, from: '2026-07-01', to: '2026-09-30' } });

    const result = await fake.client().incomingInvoices({ from: '2026-07-01', to: '2026-09-30' });

    expect(result).toHaveLength(80);
    expect(result.map((invoice) => invoice.id).sort()).toEqual(fake.server.data.incomingInvoices.map((invoice) => invoice.id).sort());
    expect(new Set(result.map((invoice) => invoice.status))).toEqual(new Set(fake.server.data.incomingInvoices.map((invoice) => invoice.status)));
    const source = fake.server.data.incomingInvoices[0]!;
    const read = result.find((invoice) => invoice.id === source.id)!;
    expect(read.items.map((item) => item.sum)).toEqual(source.items.map((line) => line.sum));
  });

  it('returns [] for a range without documents', async () => {
    const fake = suite.fake({ dataset: { invoices: 10, from: '2026-07-01', to: '2026-07-31' } });

    await expect(fake.client().incomingInvoices({ from: '2020-01-01', to: '2020-03-31' })).resolves.toEqual([]);
    expect(fake.requestsTo(PATHS.invoices)).toHaveLength(3);
  });
});

describe('wrong dates', () => {
  it.each([
    ['a month 13', '2024-13-01', '2024-12-31'],
    ['30 February', '2024-02-30', '2024-03-01'],
    ['29 February of a common year', '2023-02-29', '2023-03-01'],
    ['a Russian date', '01.02.2024', '2024-02-10'],
    ['a date-time', '2024-02-01T00:00:00', '2024-02-10'],
    ['an unpadded month', '2024-2-01', '2024-02-10'],
    ['an empty to', '2024-02-01', ''],
    ['from after to', '2024-03-01', '2024-02-01'],
  ])('%s (%s..%s): IikoArgumentError before any request, login included', async (_label, from, to) => {
    const fake = suite.fake();

    await expect(fake.client().incomingInvoices({ from, to })).rejects.toBeInstanceOf(IikoArgumentError);
    expect(fake.server.requests).toHaveLength(0);
  });
});
