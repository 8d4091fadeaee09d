/**
 * Invoice exports as iikoServer sent them (`iiko.incomingInvoiceExports`) and their parse from the bytes
 * alone (`parseIncomingInvoiceExport`): the same records and errors as the tolerant read, the server's
 * queue free while the caller works on a body, and the read's retries around that work.
 */
import { describe, expect, it } from 'vitest';
import {
  IikoHtmlResponseError,
  IikoInputLimitError,
  IikoParseError,
  IikoUnsafeInputError,
  parseIncomingInvoiceExport,
  type IncomingInvoiceExport,
} from '@getinn/iiko-client';
import { resolveFakeDataProblems } from '@getinn/iiko-client/testing';
import { FAST_RETRY, PATHS, useSuite } from './support/suite';
import { documents, html, scriptedIiko, text, xml } from './support/scripted-iiko';

const suite = useSuite();
const encode = (body: string): Uint8Array => new TextEncoder().encode(body);
const DAY = { from: '2026-01-01', to: '2026-01-01' } as const;

/** A scripted server whose invoice export answers `replies` in turn, and a client of it. */
function scripted(...replies: Array<() => Response>) {
  const iiko = scriptedIiko(suite.msw).on(PATHS.invoices, ...replies);
  const client = suite.client({ baseUrl: iiko.baseUrl, login: 'api', password: 'p4ss-canary', retry: FAST_RETRY });
  return { iiko, client };
}

describe('iiko.incomingInvoiceExports', () => {
  it('hands over each request of the range, in date order, parsed by answer.parse() as the tolerant read parses it', async () => {
    const fake = await suite.loopback({ dataset: { invoices: 60, dataProblems: true } });
    const days = fake.server.data.incomingInvoices.map((document) => document.dateIncoming.slice(0, 10)).sort();
    const query = { from: days[0]!, to: days.at(-1)! };
    const iiko = fake.client();

    const answers: IncomingInvoiceExport[] = [];
    const lists = await iiko.incomingInvoiceExports(query, (answer) => {
      answers.push(answer);
      return answer.parse();
    });
    const tolerant = await iiko.tolerant.incomingInvoices(query);

    const requests = fake.requestsTo(PATHS.invoices).slice(0, answers.length);
    expect(lists.length).toBe(answers.length);
    expect(answers.map((answer) => new URL(answer.request.url, 'http://x').searchParams.get('from'))).toEqual(requests.map((r) => r.query['from']));
    expect(answers.every((answer) => answer.status === 200 && answer.body.byteLength > 0)).toBe(true);
    expect(lists.flatMap((list) => list.items)).toEqual(tolerant.items);
    expect(lists.flatMap((list) => list.invalid).map(({ id, message, rawText }) => ({ id, message, rawText }))).toEqual(
      tolerant.invalid.map(({ id, message, rawText }) => ({ id, message, rawText })),
    );
    expect(tolerant.invalid).toHaveLength(1);

    resolveFakeDataProblems(fake.server.data);
  });

  it('gives bytes that parseIncomingInvoiceExport, which needs no client, parses to the same records', async () => {
    const fake = await suite.loopback({ dataset: { invoices: 25 } });
    const days = fake.server.data.incomingInvoices.map((document) => document.dateIncoming.slice(0, 10)).sort();
    const iiko = fake.client({ maxInvoiceRangeDays: 366 });
    const [pair] = await iiko.incomingInvoiceExports({ from: days[0]!, to: days.at(-1)! }, async (answer) => ({
      here: await answer.parse(),
      bytesOnly: await parseIncomingInvoiceExport(answer.body.slice()),
    }));
    expect(pair!.here.items).toHaveLength(25);
    expect(pair!.bytesOnly).toEqual(pair!.here);
  });

  it('frees the server queue before the caller works on the body: another read of the same client runs meanwhile', async () => {
    const fake = await suite.loopback({ dataset: { invoices: 5 } });
    const iiko = fake.client();
    const [stores] = await iiko.incomingInvoiceExports(DAY, async () => {
      const during = iiko.stores();
      const stalled = new Promise((_, reject) => setTimeout(() => reject(new Error('the read inside consume waited for the gate')), 5_000));
      return Promise.race([during, stalled]);
    });
    expect(stores).toHaveLength(fake.server.data.corporateItems.filter((item) => item.type === 'STORE').length);
  });

  it('fetches the body again when the caller finds it malformed (an IikoParseError is retried like any read)', async () => {
    const { iiko, client } = scripted(
      () => xml('<incomingInvoiceDtoes><document><id>a</id><sta'),
      () => xml(documents('<id>a</id><status>NEW</status>')),
    );
    const [list] = await client.incomingInvoiceExports(DAY, (answer) => answer.parse());
    expect(list!.items.map((invoice) => invoice.id)).toEqual(['a']);
    expect(iiko.count(PATHS.invoices)).toBe(2);
  });

  it('ends the call at once with an error of the caller that a read would not retry', async () => {
    const { iiko, client } = scripted(() => xml(documents('<id>a</id><status>NEW</status>')));
    const failure = new Error('the worker is gone');
    await expect(
      client.incomingInvoiceExports(DAY, () => {
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(iiko.count(PATHS.invoices)).toBe(1);
  });

  it('refuses a body beyond maxBodyBytes before the caller sees it', async () => {
    const body = documents(...Array.from({ length: 50 }, (_, i) => `<id>${i}</id><status>NEW</status>`));
    const iiko = scriptedIiko(suite.msw).on(PATHS.invoices, () => xml(body));
    const client = suite.client({ baseUrl: iiko.baseUrl, login: 'api', password: 'p4ss', retry: FAST_RETRY, maxBodyBytes: 1_000 });
    let consumed = 0;
    const error = await client.incomingInvoiceExports(DAY, () => (consumed += 1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IikoInputLimitError);
    expect(error).toMatchObject({ limit: 'maxBodyBytes', max: 1_000 });
    expect(consumed).toBe(0);
  });

  it('refuses an HTML page as every read does', async () => {
    const { client } = scripted(() => html('<html><body>Bad gateway</body></html>', 200));
    let consumed = 0;
    await expect(client.incomingInvoiceExports(DAY, () => (consumed += 1))).rejects.toBeInstanceOf(IikoHtmlResponseError);
    expect(consumed).toBe(0);
  });

  it('logs in again once on a 401 and hands over the second answer', async () => {
    const { iiko, client } = scripted(
      () => text('Token is expired or invalid', 401),
      () => xml(documents('<id>b</id><status>NEW</status>')),
    );
    const [list] = await client.incomingInvoiceExports(DAY, (answer) => answer.parse());
    expect(list!.items.map((invoice) => invoice.id)).toEqual(['b']);
    expect(iiko.count(PATHS.auth)).toBe(2);
  });

  it('lends a redact that hides the client secrets in text taken from the body', async () => {
    const { client } = scripted(() => xml(documents('<id>a</id><status>NEW</status>')));
    const [shown] = await client.incomingInvoiceExports(DAY, (answer) => answer.redact('echoed p4ss-canary here'));
    expect(shown).toBe('echoed *** here');
  });
});

describe('parseIncomingInvoiceExport', () => {
  it('reads an empty export and a single document', async () => {
    await expect(parseIncomingInvoiceExport(encode('<incomingInvoiceDtoes/>'))).resolves.toEqual({ items: [], invalid: [] });
    const one = await parseIncomingInvoiceExport(encode(documents('<id>a</id><status>NEW</status><items><item><num>1</num></item></items>')));
    expect(one.items).toHaveLength(1);
    expect(one.items[0]!.items).toHaveLength(1);
  });

  it('reads Cyrillic split across its 64 KiB pieces, and 9-decimal amounts as text', async () => {
    const comment = 'Поставка молока '.repeat(6_000); // ~180 KiB of two-byte characters, across several pieces
    const body = encode(documents(`<id>a</id><status>NEW</status><comment>${comment}</comment><items><item><sum>12.123456789</sum></item></items>`));
    const { items } = await parseIncomingInvoiceExport(body);
    expect(items[0]!.comment).toBe(comment.trim());
    expect(items[0]!.items[0]!.sum).toBe('12.123456789');
  });

  it('reports a malformed record in invalid, redacted by the redact it is given', async () => {
    const body = encode(documents('<id>a</id><status>NEW</status>', '<id>b</id><status>NEW</status><items><item><sum>p4ss</sum></item></items>'));
    const { items, invalid } = await parseIncomingInvoiceExport(body, { redact: (text) => text.replaceAll('p4ss', '***') });
    expect(items.map((invoice) => invoice.id)).toEqual(['a']);
    expect(invalid).toHaveLength(1);
    expect(invalid[0]).toMatchObject({ index: 1, id: 'b' });
    expect(invalid[0]!.rawText).toContain('<sum>***</sum>');
    expect(invalid[0]!.rawText).not.toContain('p4ss');
  });

  it.each([
    ['a truncated body', '<incomingInvoiceDtoes><document><id>a</id><sta', IikoParseError],
    ['a DOCTYPE', '<!DOCTYPE x [<!ENTITY e "e">]><incomingInvoiceDtoes/>', IikoUnsafeInputError],
    ['an element named __proto__', documents('<id>a</id><status>NEW</status><__proto__><x>1</x></__proto__>'), IikoUnsafeInputError],
    ['an HTML page', '<!doctype html><html><body>502</body></html>', IikoHtmlResponseError],
  ])('fails %s with the typed error of a read', async (_label, body, type) => {
    const error = await parseIncomingInvoiceExport(encode(body)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect(error).toMatchObject({ request: { path: `/${'resto/api/documents/export/incomingInvoice'}` } });
  });

  it('fails nesting deeper than the input limits allow with IikoInputLimitError', async () => {
    const deep = `${'<x>'.repeat(100_000)}${'</x>'.repeat(100_000)}`;
    await expect(parseIncomingInvoiceExport(encode(documents(`<id>a</id>${deep}`)))).rejects.toBeInstanceOf(IikoInputLimitError);
  });

  it('names the request and status it is given in its errors', async () => {
    const request = { method: 'GET', url: 'https://chain.iiko.it/resto/api/documents/export/incomingInvoice?key=***', path: '/custom' };
    const error = await parseIncomingInvoiceExport(encode('<incomingInvoiceDtoes><document>'), { request, status: 203 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IikoParseError);
    expect(error).toMatchObject({ status: 203, request });
  });
});
