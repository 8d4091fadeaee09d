/**
 * `iiko.tolerant.streamIncomingInvoices`, over real HTTP on 127.0.0.1: every invoice comes out, in server
 * order, as `{ ok: true, item }` or — when it does not match the schema — `{ ok: false, invalid }` with its
 * position, id, message, zod issues and redacted XML, and the loop goes on. The records are the ones the
 * array read `iiko.tolerant.incomingInvoices` gives; long ranges stream chunk after chunk without
 * duplicates; and the strict stream's behaviour holds: records before the rest of the body, `break` frees
 * the queue, an abort is `IikoAbortError`, retries only before the first record, argument and closed-client
 * errors at the first `next()`, no secret in clear.
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  IikoAbortError,
  IikoArgumentError,
  IikoClientClosedError,
  IikoParseError,
  type IikoClientOptions,
  type IncomingInvoice,
  type InvalidRecord,
  type TolerantList,
  type TolerantRecord,
} from '@getinn/iiko-client';
import { FAST_RETRY, PATHS, useSuite } from './support/suite';
import { gate } from './support/scripted-iiko';
import { startRawServer } from './support/raw-http-server';
import { CANARY_PASSWORD as PASSWORD, CANARY_PASSWORD_SHA1 as HASH, leaks } from './support/exposure';

const suite = useSuite();

const TOKEN = randomUUID();
const RANGE = { from: '2026-10-01', to: '2026-10-07' } as const;
const HEAD = '<?xml version="1.0" encoding="UTF-8"?><incomingInvoiceDtoes>';
const TAIL = '</incomingInvoiceDtoes>';
/** An export answer holding these `document` elements. */
const exportOf = (...elements: string[]): string => HEAD + elements.join('') + TAIL;

/** A `document` element: a valid invoice with this id and status NEW (plus `inner`). */
const doc = (id: string, inner = ''): string => `<document><id>${id}</id><status>NEW</status>${inner}</document>`;
/** An invoice whose one line has a spreadsheet sum (`1 440,00`): invalid at `items.item.0.sum`. */
const badSumDoc = (id: string): string => doc(id, '<items><item><num>1</num><sum>1 440,00</sum></item></items>');
/** An invoice without an id: invalid at `id`, and no id to report. */
const NO_ID_DOC = '<document><status>NEW</status><comment>без номера</comment></document>';

/** What the server does with one export request. */
type Answer = (res: ServerResponse, url: URL) => void;

/** The whole export `body` in one go. */
const whole =
  (body: string): Answer =>
  (res) =>
    void res.writeHead(200, { 'content-type': 'application/xml; charset=UTF-8' }).end(body);

/** An error status with a text body. */
const failing =
  (status: number): Answer =>
  (res) =>
    void res.writeHead(status, { 'content-type': 'text/plain; charset=UTF-8' }).end('java.lang.IllegalStateException');

/** The head and `first` at once; `rest(res)` only when `next` is opened (never, if it is not). */
const staged =
  (first: string, next: { promise: Promise<void> }, rest: (res: ServerResponse) => void): Answer =>
  (res) => {
    res.writeHead(200, { 'content-type': 'application/xml; charset=UTF-8' });
    res.write(HEAD + first);
    void next.promise.then(() => rest(res));
  };

/** One export request as the server saw it. */
interface ExportSeen {
  readonly url: URL;
  /** Whether every earlier export answer had been written to its end when this request arrived. */
  readonly afterEarlierEnded: boolean;
  /** Settles when the answer's connection is closed or the answer finished. */
  readonly closed: Promise<void>;
}

/**
 * A raw iikoServer on 127.0.0.1: the login answers {@link TOKEN}, logout answers empty, and each export
 * request takes the next of `answers` (the last one repeats); anything else is a 404. Returns it with a
 * client logging in with {@link PASSWORD}, both cleaned up after the test.
 */
async function loopbackIiko(answers: Answer[], options: Partial<IikoClientOptions> = {}) {
  const queue = [...answers];
  const exports: ExportSeen[] = [];
  const responses: ServerResponse[] = [];
  const server = await startRawServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === PATHS.auth) return void res.writeHead(200, { 'content-type': 'text/plain' }).end(TOKEN);
    if (url.pathname === PATHS.logout) return void res.writeHead(200).end('');
    if (url.pathname !== PATHS.invoices) return void res.writeHead(404).end('no');
    const closed = new Promise<void>((resolve) => res.once('close', () => resolve()));
    exports.push({ url, afterEarlierEnded: responses.every((earlier) => earlier.writableEnded), closed });
    responses.push(res);
    const answer = queue.length > 1 ? queue.shift()! : queue[0]!;
    answer(res, url);
  });
  suite.onCleanup(() => server.close());
  const client = suite.client({ baseUrl: server.url, login: 'api', password: PASSWORD, retry: FAST_RETRY, ...options });
  return { server, client, exports };
}

/** Every record of a stream, in order. */
async function collect<T>(records: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const record of records) all.push(record);
  return all;
}

/** A record in short: `id` for a valid one, `!index:id` for an invalid one (`?` when it has no id). */
const brief = (record: TolerantRecord<IncomingInvoice>): string =>
  record.ok ? record.item.id : `!${record.invalid.index}:${record.invalid.id ?? '?'}`;

/** A stream's records as the array read's `{ items, invalid }`. */
function asList(records: readonly TolerantRecord<IncomingInvoice>[]): TolerantList<IncomingInvoice> {
  const list: TolerantList<IncomingInvoice> = { items: [], invalid: [] };
  for (const record of records) {
    if (record.ok) list.items.push(record.item);
    else list.invalid.push(record.invalid);
  }
  return list;
}

/** The invalid records of a stream. */
const invalidOf = (records: readonly TolerantRecord<IncomingInvoice>[]): InvalidRecord[] => asList(records).invalid;

/** Settles with what `run` threw (or `undefined`), so a test can look at the records taken before it. */
const failureOf = (run: Promise<unknown>): Promise<unknown> =>
  run.then(
    () => undefined,
    (error: unknown) => error,
  );

describe('tolerant.streamIncomingInvoices: records', () => {
  it('yields valid and invalid invoices in server order, describing each invalid one, and goes on after it', async () => {
    const { client } = await loopbackIiko([whole(exportOf(doc('a'), badSumDoc('b'), NO_ID_DOC, doc('c')))]);

    const records = await collect(client.tolerant.streamIncomingInvoices(RANGE));

    expect(records.map(brief)).toEqual(['a', '!1:b', '!2:?', 'c']);
    expect(records[0]).toEqual({ ok: true, item: { id: 'a', status: 'NEW', items: [] } });
    const [badSum, noId] = invalidOf(records);
    expect(badSum).toEqual({
      index: 1,
      id: 'b',
      message: expect.stringMatching(/^items\.item\.0\.sum: expected a decimal number/),
      issues: [expect.objectContaining({ path: ['items', 'item', 0, 'sum'] })],
      rawText: '<document><id>b</id><status>NEW</status><items><item><num>1</num><sum>1 440,00</sum></item></items></document>',
    });
    expect(noId).not.toHaveProperty('id');
    expect(noId).toMatchObject({ index: 2, message: expect.stringMatching(/^id: /) });
    expect(noId!.issues[0]!.path).toEqual(['id']);
    expect(noId!.rawText).toBe('<document><status>NEW</status><comment>без номера</comment></document>');
  });

  it('gives what the array read gives for the same answers (generated chain with a malformed invoice, several chunks)', async () => {
    const fake = await suite.loopback({ dataset: { invoices: 30, linesPerInvoice: 3, dataProblems: true, from: '2026-07-01', to: '2026-09-30' } });
    const client = fake.client();
    const query = { from: '2026-07-01', to: '2026-09-30' };

    const streamed = await collect(client.tolerant.streamIncomingInvoices(query));
    const read = await client.tolerant.incomingInvoices(query);

    expect(fake.requestsTo(PATHS.invoices)).toHaveLength(6); // 3 chunks of 31 days, twice
    expect(asList(streamed)).toEqual(read);
    expect(read.items).toHaveLength(fake.server.data.incomingInvoices.length - 1);
    expect(read.invalid).toEqual([expect.objectContaining({ id: fake.server.data.dataProblems!.malformedInvoice.invoiceId })]);
    expect(read.invalid[0]!.message).toMatch(/^items\.item\.\d+\.sum: /);
  });

  it('an empty export yields nothing; a single document yields one record, Cyrillic and nine decimals unchanged', async () => {
    const single = doc('d1', '<comment>Поставка «Молоко» — ёж</comment><items><item><num>1</num><amount>420.440000000</amount><sum>0.123456789</sum></item></items>');
    const { client } = await loopbackIiko([whole('<?xml version="1.0" encoding="UTF-8"?><incomingInvoiceDtoes/>'), whole(exportOf(single))]);

    expect(await collect(client.tolerant.streamIncomingInvoices(RANGE))).toEqual([]);
    const records = await collect(client.tolerant.streamIncomingInvoices(RANGE));

    expect(records).toEqual([
      {
        ok: true,
        item: { id: 'd1', status: 'NEW', comment: 'Поставка «Молоко» — ёж', items: [{ num: 1, amount: '420.440000000', sum: '0.123456789' }] },
      },
    ]);
  });
});

describe('tolerant.streamIncomingInvoices: chunks', () => {
  /** By chunk start: `b` and the invalid `x` come back in the second chunk; a record without id is never deduplicated. */
  const CHUNKS: Record<string, string> = {
    '2026-01-01': exportOf(doc('a'), badSumDoc('x'), NO_ID_DOC, doc('b')),
    '2026-01-11': exportOf(doc('b'), badSumDoc('x'), doc('c'), NO_ID_DOC),
    '2026-01-21': exportOf(doc('x'), badSumDoc('y'), doc('d')),
  };
  const byChunk: Answer = (res, url) => whole(CHUNKS[url.searchParams.get('from')!]!)(res, url);

  it('streams chunk after chunk in date order, one request at a time, each id once, index counting across chunks', async () => {
    const { client, exports } = await loopbackIiko([byChunk], { maxInvoiceRangeDays: 10 });
    const query = { from: '2026-01-01', to: '2026-01-25' };

    const records = await collect(client.tolerant.streamIncomingInvoices(query));

    expect(records.map(brief)).toEqual(['a', '!1:x', '!2:?', 'b', 'c', '!5:?', '!6:y', 'd']);
    expect(exports.map(({ url }) => [url.searchParams.get('from'), url.searchParams.get('to')])).toEqual([
      ['2026-01-01', '2026-01-10'],
      ['2026-01-11', '2026-01-20'],
      ['2026-01-21', '2026-01-25'],
    ]);
    expect(exports.every((seen) => seen.afterEarlierEnded)).toBe(true);
    expect(asList(records)).toEqual(await client.tolerant.incomingInvoices(query));
  });
});

describe('tolerant.streamIncomingInvoices: the strict stream’s behaviour', () => {
  it('yields a record before the server has sent the rest of the body', async () => {
    const next = gate();
    const { client } = await loopbackIiko([staged(doc('d1'), next, (res) => res.end(badSumDoc('d2') + doc('d3') + TAIL))]);
    const seen: string[] = [];

    for await (const record of client.tolerant.streamIncomingInvoices(RANGE)) {
      seen.push(brief(record));
      // d2 and d3 are sent only after this: had the client waited for the whole body, the loop would hang.
      if (seen.length === 1) next.open();
    }

    expect(seen).toEqual(['d1', '!1:d2', 'd3']);
  });

  it('leaving the loop early cancels the body and frees the queue for the next call', async () => {
    const { client, exports } = await loopbackIiko([staged(doc('d1'), gate(), () => undefined), whole(exportOf(doc('e1')))]);
    const seen: string[] = [];

    for await (const record of client.tolerant.streamIncomingInvoices(RANGE)) {
      seen.push(brief(record));
      break;
    }

    expect(seen).toEqual(['d1']);
    await exports[0]!.closed; // the stalled answer's connection was closed by the client
    expect((await collect(client.tolerant.streamIncomingInvoices(RANGE))).map(brief)).toEqual(['e1']);
    expect(exports).toHaveLength(2);
  });

  it('an abort of options.signal mid-stream ends the loop with IikoAbortError', async () => {
    const { client } = await loopbackIiko([staged(badSumDoc('d1'), gate(), () => undefined)]);
    const controller = new AbortController();
    const seen: string[] = [];

    const error = await failureOf(
      (async () => {
        for await (const record of client.tolerant.streamIncomingInvoices(RANGE, { signal: controller.signal })) {
          seen.push(brief(record));
          controller.abort();
        }
      })(),
    );

    expect(error).toBeInstanceOf(IikoAbortError);
    expect(seen).toEqual(['!0:d1']);
  });

  it('a failure before the first record is retried', async () => {
    const { client, exports } = await loopbackIiko([failing(500), whole(exportOf(badSumDoc('a'), doc('b')))]);

    const records = await collect(client.tolerant.streamIncomingInvoices(RANGE));

    expect(records.map(brief)).toEqual(['!0:a', 'b']);
    expect(exports).toHaveLength(2);
  });

  it('a body cut off after records were yielded ends the loop with IikoParseError, not retried', async () => {
    const next = gate();
    const { client, exports } = await loopbackIiko([staged(doc('d1'), next, (res) => res.end(badSumDoc('d2') + '<document><id>d3</id><sta'))]);
    const seen: string[] = [];

    const error = await failureOf(
      (async () => {
        for await (const record of client.tolerant.streamIncomingInvoices(RANGE)) {
          seen.push(brief(record));
          next.open();
        }
      })(),
    );

    expect(error).toBeInstanceOf(IikoParseError);
    expect(seen).toEqual(['d1', '!1:d2']);
    expect(exports).toHaveLength(1);
  });
});

describe('tolerant.streamIncomingInvoices: refusals and secrets', () => {
  it.each([
    ['from after to', { from: '2026-10-07', to: '2026-10-01' }],
    ['an impossible date', { from: '2026-02-30', to: '2026-03-01' }],
    ['a date not written YYYY-MM-DD', { from: '01.10.2026', to: '2026-10-07' }],
  ])('refuses %s with IikoArgumentError at the first next(), sending nothing', async (_name, query) => {
    const { client, server } = await loopbackIiko([whole(exportOf(doc('a')))]);

    await expect(client.tolerant.streamIncomingInvoices(query).next()).rejects.toBeInstanceOf(IikoArgumentError);

    expect(server.requests).toEqual([]);
  });

  it('a closed client refuses the stream with IikoClientClosedError at the first next()', async () => {
    const { client, exports } = await loopbackIiko([whole(exportOf(doc('a')))]);
    await client.close();

    await expect(client.tolerant.streamIncomingInvoices(RANGE).next()).rejects.toBeInstanceOf(IikoClientClosedError);

    expect(exports).toEqual([]);
  });

  it('an invalid record holding the password, its hash or the session token shows them redacted, never in clear', async () => {
    const echo = `GET /resto/api/documents/export/incomingInvoice?key=${TOKEN}&amp;pass=${HASH} token ${TOKEN} password ${PASSWORD}`;
    const leaky = `<document><id>s1</id><comment>${echo}</comment><items><item><sum>${TOKEN}</sum><producer>${PASSWORD}</producer></item></items></document>`;
    const { client, server } = await loopbackIiko([whole(exportOf(leaky, doc('after')))]);

    const records = await collect(client.tolerant.streamIncomingInvoices(RANGE));

    expect(records.map(brief)).toEqual(['!0:s1', 'after']);
    // The canaries are live: the token went out in the request and came back in the record.
    expect(server.requests.some((url) => url.startsWith(PATHS.invoices) && url.includes(`key=${TOKEN}`))).toBe(true);
    const [invalid] = invalidOf(records);
    expect(invalid!.message).toMatch(/^items\.item\.0\.sum: /);
    expect(invalid!.rawText).toContain('<comment>GET /resto/api/documents/export/incomingInvoice?key=***&amp;pass=*** token *** password ***</comment>');
    expect(invalid!.rawText).toContain('<sum>***</sum><producer>***</producer>');
    const exposed = { rawText: invalid!.rawText, message: invalid!.message, 'JSON.stringify': JSON.stringify(invalid), 'util.inspect': inspect(invalid, { depth: 10 }) };
    expect(leaks(exposed, { password: PASSWORD, 'password SHA-1': HASH, token: TOKEN })).toEqual([]);
  });

  it('an invalid record whose id is a secret has its id redacted too', async () => {
    const bad = (id: string): string => `<document><id>${id}</id><items><item><sum>1 440,00</sum></item></items></document>`;
    const { client } = await loopbackIiko([whole(exportOf(bad(PASSWORD), bad(TOKEN), doc('after')))]);

    const records = await collect(client.tolerant.streamIncomingInvoices(RANGE));

    expect(invalidOf(records).map((invalid) => invalid.id)).toEqual(['***', '***']);
    expect(leaks({ 'JSON.stringify': JSON.stringify(records) }, { password: PASSWORD, token: TOKEN })).toEqual([]);
  });
});
