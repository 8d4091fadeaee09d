/**
 * Writing an incoming invoice into iiko, against the fake iikoServer over real HTTP: a valid document is
 * written once, an invalid one fails with iiko's own message, a number already in iiko writes nothing, and
 * a write whose answer is lost is looked up rather than repeated — one document in iiko, never two.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  IikoArgumentError,
  IikoClient,
  IikoDocumentRejectedError,
  IikoNetworkError,
  documentValidationResultSchema,
  renderImportDocument,
  type IikoClientOptions,
  type IikoImportInvoiceDocument,
} from '@getinn/iiko-client';
import { startFakeIikoServer, type RunningFakeIikoServer } from '@getinn/iiko-client/testing';
import { readFileSync } from 'node:fs';

const IMPORT = '/resto/api/documents/import/incomingInvoice';
const BY_NUMBER = '/resto/api/documents/export/incomingInvoice/byNumber';
const CANARY_PASSWORD = 'canary-pässword-7f3e';

let fake: RunningFakeIikoServer;
const clients: IikoClient[] = [];
const client = (options: Partial<IikoClientOptions> = {}): IikoClient => {
  const iiko = new IikoClient({
    baseUrl: fake.url,
    login: fake.server.login,
    password: CANARY_PASSWORD,
    retry: { retries: 2, minDelayMs: 1, maxDelayMs: 2 },
    ...options,
  });
  clients.push(iiko);
  return iiko;
};

let sequence = 0;
/** A document the fake accepts: a supplier, a store and products of its own data, a fresh number. */
function validDocument(overrides: Partial<IikoImportInvoiceDocument> = {}): IikoImportInvoiceDocument {
  const data = fake.server.data;
  const store = data.corporateItems.find((item) => item.type === 'STORE')!;
  const [first, second] = data.products!.filter((product) => !product.deleted);
  sequence += 1;
  return {
    documentNumber: `GI-${sequence}`,
    dateIncoming: '17.11.2026',
    supplier: data.suppliers[0]!.id,
    defaultStore: store.id,
    comment: 'Молоко & сливки <утро>',
    items: [
      { num: 1, product: first!.id, amount: '3.000', price: '10.50', sum: '31.50' },
      { num: 2, product: second!.id, amount: '4', price: '20.00', sum: '80.00', store: store.id },
    ],
    ...overrides,
  };
}
const stored = (number: string) => fake.server.data.incomingInvoices.filter((document) => document.documentNumber === number);
const posts = () => fake.server.requests.filter((request) => request.path === IMPORT);

beforeAll(async () => {
  fake = await startFakeIikoServer({ dataset: { invoices: 5 }, password: CANARY_PASSWORD });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((iiko) => iiko.close()));
  fake.server.clearFaults();
});
afterAll(async () => {
  await fake?.close();
});

describe('importIncomingInvoice', () => {
  it('writes a valid document once; it then appears in the export and by number', async () => {
    const iiko = client();
    const document = validDocument();
    const before = posts().length;
    const result = await iiko.importIncomingInvoice(document);

    expect(result).toMatchObject({ outcome: 'written', documentNumber: document.documentNumber, validation: { valid: true } });
    expect(posts().length - before).toBe(1);
    const [kept] = stored(document.documentNumber);
    expect(kept).toMatchObject({ supplier: document.supplier, dateIncoming: '2026-11-17T00:00:00', comment: document.comment });
    expect(kept!.items.map((item) => [item.amount, item.price, item.sum])).toEqual([
      ['3.000', '10.50', '31.50'],
      ['4', '20.00', '80.00'],
    ]);
    const exported = await iiko.incomingInvoices({ from: '2026-11-17', to: '2026-11-17' });
    expect(exported.map((invoice) => invoice.documentNumber)).toContain(document.documentNumber);
    const lookups = fake.server.requests.filter((request) => request.path === BY_NUMBER);
    expect(lookups.at(-1)!.query).toMatchObject({ number: document.documentNumber, currentYear: 'true' });
  });

  it('fails an invalid document with iiko’s own message, and writes nothing', async () => {
    const iiko = client();
    const document = validDocument({ supplier: '00000000-0000-0000-0000-00000000dead' });
    const error = await iiko.importIncomingInvoice(document).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(IikoDocumentRejectedError);
    const rejected = error as IikoDocumentRejectedError;
    expect(rejected.iikoMessage).toBe("Supplier with id '00000000-0000-0000-0000-00000000dead' not found");
    expect(rejected.message).toContain(rejected.iikoMessage);
    expect(rejected).toMatchObject({ code: 'DOCUMENT_REJECTED', documentNumber: document.documentNumber });
    expect(stored(document.documentNumber)).toHaveLength(0);
  });

  it('refuses a document missing required fields before sending anything', async () => {
    const iiko = client();
    const before = posts().length;
    const document = { ...validDocument(), dateIncoming: '2026-11-17', items: [] };
    await expect(iiko.importIncomingInvoice(document)).rejects.toThrow(IikoArgumentError);
    await expect(iiko.importIncomingInvoice(document)).rejects.toThrow(/dateIncoming must be DD\.MM\.YYYY.*items must hold/);
    expect(posts().length).toBe(before);
  });

  it('writes nothing for a number already in iiko, and says which document holds it', async () => {
    const iiko = client();
    const document = validDocument();
    await iiko.importIncomingInvoice(document);
    const before = posts().length;
    const again = await iiko.importIncomingInvoice({ ...document, comment: 'second try' });

    expect(again.outcome).toBe('exists');
    expect(again.existing!.documentNumber).toBe(document.documentNumber);
    expect(posts().length).toBe(before);
    expect(stored(document.documentNumber)).toHaveLength(1);
    expect(stored(document.documentNumber)[0]!.comment).toBe(document.comment);
  });

  it('after a write whose answer was lost, looks the number up instead of writing again: one document', async () => {
    const iiko = client();
    const document = validDocument();
    fake.server.injectFault({ kind: 'lose-answer', path: IMPORT });
    const before = posts().length;
    const result = await iiko.importIncomingInvoice(document);

    expect(result.outcome).toBe('written');
    expect(result.existing!.documentNumber).toBe(document.documentNumber);
    expect(posts().length - before).toBe(1);
    expect(stored(document.documentNumber)).toHaveLength(1);
  });

  it('after a reset before the write, finds nothing and sends exactly once more', async () => {
    const iiko = client();
    const document = validDocument();
    fake.server.injectFault({ kind: 'reset', path: IMPORT });
    const before = posts().length;
    const result = await iiko.importIncomingInvoice(document);

    expect(result).toMatchObject({ outcome: 'written', validation: { valid: true } });
    expect(posts().length - before).toBe(2);
    expect(stored(document.documentNumber)).toHaveLength(1);
  });

  it('never sends a third time: two lost outcomes end in the error, with one lookup between', async () => {
    const iiko = client();
    const document = validDocument();
    fake.server.injectFault({ kind: 'reset', path: IMPORT, times: 2 });
    const before = posts().length;
    const error = await iiko.importIncomingInvoice(document).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(IikoNetworkError);
    expect(posts().length - before).toBe(2);
    expect(stored(document.documentNumber)).toHaveLength(0);
  });

  it('does not repeat a write that a 4xx refused', async () => {
    const iiko = client();
    const document = validDocument();
    fake.server.injectFault({ kind: 'status', status: 400, path: IMPORT, body: 'Unable to parse document' });
    const before = posts().length;
    await expect(iiko.importIncomingInvoice(document)).rejects.toMatchObject({ status: 400 });
    expect(posts().length - before).toBe(1);
  });

  it('dry run checks and looks the number up, writing nothing', async () => {
    const iiko = client();
    const document = validDocument();
    const before = posts().length;
    expect(await iiko.importIncomingInvoice(document, { dryRun: true })).toEqual({ outcome: 'dry-run', documentNumber: document.documentNumber });
    expect(posts().length).toBe(before);
    expect(stored(document.documentNumber)).toHaveLength(0);
  });

  it('keeps the password and its hash out of every error it throws', async () => {
    const iiko = client();
    const failures: unknown[] = [];
    fake.server.injectFault({ kind: 'reset', path: IMPORT, times: 2 });
    failures.push(await iiko.importIncomingInvoice(validDocument()).catch((caught: unknown) => caught));
    failures.push(await iiko.importIncomingInvoice(validDocument({ supplier: 'nope' })).catch((caught: unknown) => caught));
    const { createHash } = await import('node:crypto');
    const hash = createHash('sha1').update(CANARY_PASSWORD).digest('hex');
    for (const failure of failures) {
      const error = failure as Error;
      const seen = [error.message, error.stack, JSON.stringify(error), String((error as { cause?: unknown }).cause ?? '')].join('\n');
      expect(seen).not.toContain(CANARY_PASSWORD);
      expect(seen).not.toContain(hash);
    }
  });
});

describe('vendor samples', () => {
  const samples = '/work/shared/iiko/samples';
  it('reads both documentValidationResult samples', async () => {
    const { readXmlRecord } = await import('../src/internal/read-xml');
    const request = { method: 'POST', url: 'http://x/resto/api/documents/import/incomingInvoice', path: IMPORT };
    const read = (name: string) =>
      readXmlRecord(new Response(readFileSync(`${samples}/${name}`, 'utf8')), request, documentValidationResultSchema, (text) => text);
    expect(await read('server_documentValidationResult_valid_official-doc.xml')).toMatchObject({ valid: true, documentNumber: '400234' });
    expect(await read('server_documentValidationResult_invalid_official-doc.xml')).toMatchObject({
      valid: false,
      errorMessage: "Cannot find document of type INCOMING_INVOICE by number 'TAKT0001' and date '2016-05-01'",
    });
  });

  it('renders a document with the elements of the vendor’s import request', () => {
    const xml = renderImportDocument(validDocument());
    const sample = readFileSync(`${samples}/server_incomingInvoice-import-request_official-doc.xml`, 'utf8');
    const names = (text: string) => new Set([...text.matchAll(/<([a-zA-Z]+)>/g)].map((match) => match[1]));
    for (const name of names(xml)) expect(names(sample)).toContain(name);
    expect(xml).toContain('<comment>Молоко &amp; сливки &lt;утро&gt;</comment>');
  });
});

describe('supplierPriceList', () => {
  const withCode = () => {
    const data = fake.server.data;
    return data.suppliers.find((supplier) => supplier.code && data.incomingInvoices.some((d) => d.supplier === supplier.id && d.status !== 'DELETED'))!;
  };

  it('reads the supplier’s prices as of a day, exact and consistent with its invoices and the nomenclature', async () => {
    const iiko = client();
    const supplier = withCode();
    const data = fake.server.data;
    const delivered = data.incomingInvoices.filter((d) => d.supplier === supplier.id && d.status !== 'DELETED');
    const lastDay = delivered.map((d) => d.dateIncoming.slice(0, 10)).sort().at(-1)!;
    const prices = await iiko.supplierPriceList(supplier.code!, { date: lastDay });

    expect(prices.length).toBeGreaterThan(0);
    const productIds = new Set(delivered.flatMap((d) => d.items.map((item) => item.product)));
    expect(new Set(prices.map((price) => price.nativeProduct))).toEqual(productIds);
    const names = new Map(data.products!.map((product) => [product.id, product.name]));
    for (const price of prices) {
      expect(price.nativeProductName).toBe(names.get(price.nativeProduct));
      const lines = delivered.flatMap((d) => d.items.filter((item) => item.product === price.nativeProduct).map((item) => item.price));
      expect(lines).toContain(price.costPrice); // as written, never through a float
    }
    const request = fake.server.requests.filter((r) => r.path.endsWith('/pricelist')).at(-1)!;
    expect(request.path).toBe(`/resto/api/suppliers/${encodeURIComponent(supplier.code!)}/pricelist`);
    expect(request.query['date']).toBe(lastDay.split('-').reverse().join('.'));
  });

  it('is empty before the first delivery, refuses a bad date before sending, and fails an unknown supplier with iiko’s 404', async () => {
    const iiko = client();
    expect(await iiko.supplierPriceList(withCode().code!, { date: '1990-01-01' })).toEqual([]);
    await expect(iiko.supplierPriceList(withCode().code!, { date: '17.11.2026' })).rejects.toThrow(IikoArgumentError);
    await expect(iiko.supplierPriceList('no/such code', { date: '2026-11-17' })).rejects.toMatchObject({ status: 404 });
    expect(fake.server.requests.at(-1)!.path).toBe('/resto/api/suppliers/no%2Fsuch%20code/pricelist');
  });
});

describe('stockBalances', () => {
  it('reads balances per store and product, exact and consistent with the invoices received', async () => {
    const iiko = client();
    const data = fake.server.data;
    const balances = await iiko.stockBalances({ timestamp: '2100-01-01T00:00:00' });
    expect(balances.length).toBeGreaterThan(0);
    const first = balances[0]!;
    const lines = data.incomingInvoices
      .filter((d) => d.status !== 'DELETED')
      .flatMap((d) => d.items)
      .filter((item) => item.store === first.store && item.product === first.product);
    const expected = lines.reduce((total, item) => total + Number(item.sum), 0);
    expect(typeof first.sum).toBe('string');
    expect(Number(first.sum)).toBeCloseTo(expected, 6);

    const narrowed = await iiko.stockBalances({ timestamp: '2100-01-01T00:00:00', store: [first.store], product: [first.product] });
    expect(narrowed).toEqual([first]);
    const request = fake.server.requests.filter((r) => r.path === '/resto/api/v2/reports/balance/stores').at(-1)!;
    expect(request.query).toMatchObject({ timestamp: '2100-01-01T00:00:00', store: first.store, product: first.product });
    expect(await iiko.stockBalances({ timestamp: '1990-01-01T00:00:00' })).toEqual([]);
  });

  it('refuses a timestamp that is not YYYY-MM-DDTHH:mm:ss before sending, and retries a 500 as any read', async () => {
    const iiko = client();
    const before = fake.server.requests.length;
    await expect(iiko.stockBalances({ timestamp: '2026-11-17' })).rejects.toThrow(IikoArgumentError);
    expect(fake.server.requests.length).toBe(before);
    fake.server.injectFault({ kind: 'status', status: 500, path: '/resto/api/v2/reports/balance/stores' });
    expect((await iiko.stockBalances({ timestamp: '2100-01-01T00:00:00' })).length).toBeGreaterThan(0);
  });
});

describe('tolerant price lists and balances', () => {
  it('keeps the good lines of a price list and reports the malformed one with its product id', async () => {
    const iiko = client();
    const product = fake.server.data.products![0]!.id;
    const body =
      '<?xml version="1.0" encoding="UTF-8"?><supplierPriceListItemDtoes>' +
      `<supplierPriceListItemDto><nativeProduct>${product}</nativeProduct><costPrice>12.500000000</costPrice></supplierPriceListItemDto>` +
      '<supplierPriceListItemDto><nativeProduct>broken-line</nativeProduct><costPrice>двенадцать</costPrice></supplierPriceListItemDto>' +
      '</supplierPriceListItemDtoes>';
    fake.server.injectFault({ kind: 'status', status: 200, body, path: /\/pricelist$/ });
    const { items, invalid } = await iiko.tolerant.supplierPriceList('00042', { date: '2026-11-17' });
    expect(items).toEqual([expect.objectContaining({ nativeProduct: product, costPrice: '12.500000000' })]);
    expect(invalid).toEqual([expect.objectContaining({ index: 1, message: expect.stringContaining('costPrice') })]);
    await expect(iiko.tolerant.supplierPriceList('', { date: '2026-11-17' })).rejects.toThrow(IikoArgumentError);
  });

  it('keeps the good balances and reports the malformed one; a bad timestamp is refused before sending', async () => {
    const iiko = client();
    const body = JSON.stringify([
      { store: 'store-1', product: 'product-1', amount: 1.5, sum: 10 },
      { store: 'store-1', product: 'product-2', amount: 'много', sum: 10 },
    ]);
    fake.server.injectFault({ kind: 'status', status: 200, body, path: '/resto/api/v2/reports/balance/stores' });
    const { items, invalid } = await iiko.tolerant.stockBalances({ timestamp: '2026-11-17T23:59:59' });
    expect(items.map((item) => item.product)).toEqual(['product-1']);
    expect(invalid).toHaveLength(1);
    expect(invalid[0]!.index).toBe(1);
    await expect(iiko.tolerant.stockBalances({ timestamp: 'yesterday' })).rejects.toThrow(IikoArgumentError);
  });
});

describe('streamed price lists and balances', () => {
  it('yield what the array reads return, and refuse bad arguments from the loop before sending', async () => {
    const iiko = client();
    const supplier = fake.server.data.suppliers.find((candidate) => candidate.code && fake.server.data.incomingInvoices.some((d) => d.supplier === candidate.id))!;
    const lines = [];
    for await (const line of iiko.streamSupplierPriceList(supplier.code!, { date: '2100-01-01' })) lines.push(line);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines).toEqual(await iiko.supplierPriceList(supplier.code!, { date: '2100-01-01' }));

    const balances = [];
    for await (const balance of iiko.streamStockBalances({ timestamp: '2100-01-01T00:00:00' })) {
      balances.push(balance);
      if (balances.length === 2) break; // leaving the loop frees the queue: the next read goes through
    }
    expect(balances).toEqual((await iiko.stockBalances({ timestamp: '2100-01-01T00:00:00' })).slice(0, 2));

    const before = fake.server.requests.length;
    await expect(iiko.streamSupplierPriceList(supplier.code!, { date: '01.01.2100' }).next()).rejects.toThrow(IikoArgumentError);
    await expect(iiko.streamStockBalances({ timestamp: '2100-01-01' }).next()).rejects.toThrow(IikoArgumentError);
    expect(fake.server.requests.length).toBe(before);
  });
});
