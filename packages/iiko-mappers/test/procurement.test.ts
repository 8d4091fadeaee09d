/**
 * GET INN's invoice back into iiko: `toImportDocument` over invoices read from the fake iikoServer and
 * mapped by `mapInvoices`, booked again (dry run first) through the real client over real HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IikoClient, type IncomingInvoice } from '@getinn/iiko-client';
import { startFakeIikoServer, type RunningFakeIikoServer } from '@getinn/iiko-client/testing';
import { MappingConfigurationError, mapInvoices, mapStockBalances, mapSupplierPriceList, toImportDocument, type Invoice } from '@getinn/iiko-mappers';

let fake: RunningFakeIikoServer;
let client: IikoClient;
let invoices: IncomingInvoice[];
let mapped: Invoice[];

beforeAll(async () => {
  fake = await startFakeIikoServer({ seed: 3, dataset: { invoices: 20 } });
  client = new IikoClient({ baseUrl: fake.url, login: fake.server.login, password: fake.server.password });
  const days = fake.server.data.incomingInvoices.map((document) => document.dateIncoming.slice(0, 10)).sort();
  invoices = await client.incomingInvoices({ from: days[0]!, to: days.at(-1)! });
  mapped = mapInvoices(invoices, { currency: 'RUB' }).items;
}, 60_000);
afterAll(async () => {
  await client?.close();
  await fake?.close();
});

const bookable = (): Invoice => mapped.find((invoice) => invoice.items.length > 0 && invoice.items.every((item) => item.inventoryItemExternalId !== null && item.unitPrice !== null))!;

describe('toImportDocument', () => {
  it('keeps money, amounts, products and stores exactly, and writes dates as DD.MM.YYYY', () => {
    const invoice = bookable();
    const document = toImportDocument(invoice, { documentNumber: 'GI-1' });
    const source = invoices.find((raw) => raw.id === invoice.externalId)!;
    expect(document).toMatchObject({ documentNumber: 'GI-1', supplier: source.supplier, incomingDocumentNumber: invoice.invoiceNumber });
    expect(document.dateIncoming).toMatch(/^\d{2}\.\d{2}\.\d{4}$/);
    expect(document.dateIncoming.split('.').reverse().join('-')).toBe(invoice.invoiceDate);
    expect(document.items.map((item) => [item.product, item.amount, item.sum])).toEqual(
      invoice.items.map((item) => [item.inventoryItemExternalId, item.quantity, item.lineTotal]),
    );
    for (const [index, item] of document.items.entries()) {
      expect(item.price).toBe(invoice.items[index]!.externalMetadata.price ?? invoice.items[index]!.unitPrice);
    }
  });

  it('falls back to iiko’s own number, and refuses a line without product or price, naming every problem', () => {
    const invoice = bookable();
    expect(toImportDocument(invoice).documentNumber).toBe(invoice.externalMetadata.documentNumber ?? invoice.invoiceNumber);
    const broken: Invoice = {
      ...invoice,
      invoiceDate: '17.11.2026',
      items: [{ ...invoice.items[0]!, inventoryItemExternalId: null, unitPrice: null, externalMetadata: {} }],
    };
    expect(() => toImportDocument(broken)).toThrow(MappingConfigurationError);
    expect(() => toImportDocument(broken)).toThrow(/bookingDate must be YYYY-MM-DD.*items\[0\] has no product.*items\[0\] has no price/);
  });

  it('a dry run validates without writing; the booking then writes one document, and a repeat writes none', async () => {
    const document = toImportDocument(bookable(), { documentNumber: 'GI-BOOK-1' });
    const count = () => fake.server.data.incomingInvoices.filter((raw) => raw.documentNumber === 'GI-BOOK-1').length;
    expect((await client.importIncomingInvoice(document, { dryRun: true })).outcome).toBe('dry-run');
    expect(count()).toBe(0);
    expect((await client.importIncomingInvoice(document)).outcome).toBe('written');
    expect((await client.importIncomingInvoice(document)).outcome).toBe('exists');
    expect(count()).toBe(1);
  });
});

describe('mapSupplierPriceList', () => {
  it('maps a price list read from the fake: exact prices at 9 decimals, the supplier and day on every line', async () => {
    const data = fake.server.data;
    const supplier = data.suppliers.find((s) => s.code && data.incomingInvoices.some((d) => d.supplier === s.id && d.status !== 'DELETED'))!;
    const lines = await client.supplierPriceList(supplier.code!, { date: '2100-01-01' });
    const { items, issues } = mapSupplierPriceList(lines, { supplierExternalId: supplier.id, validFrom: '2100-01-01' });

    expect(issues).toEqual([]);
    expect(items).toHaveLength(lines.length);
    for (const [index, item] of items.entries()) {
      const line = lines[index]!;
      expect(item).toMatchObject({ supplierExternalId: supplier.id, inventoryItemExternalId: line.nativeProduct, validFrom: '2100-01-01', externalSystemType: 'iiko' });
      expect(item.price).toMatch(/^-?\d+\.\d{9}$/);
      expect(Number(item.price)).toBe(Number(line.costPrice));
      expect(item.externalMetadata.costPrice).toBe(line.costPrice);
    }
  });

  it('reports a line without product or with an unusable price instead of guessing, and keeps the rest', () => {
    const { items, issues } = mapSupplierPriceList(
      [
        { nativeProduct: 'p-1', costPrice: '0.1', supplierProductNum: 'A-1', container: 'box-6' },
        { nativeProduct: '', costPrice: '1' },
        { nativeProduct: 'p-3' },
        { nativeProduct: 'p-4', costPrice: '1.0000000001' },
      ],
      { supplierExternalId: 's-1', validFrom: '2026-11-17' },
    );
    expect(items).toEqual([
      expect.objectContaining({ externalId: 's-1:p-1:box-6', price: '0.100000000', supplierArticle: 'A-1', containerExternalId: 'box-6' }),
    ]);
    expect(issues.map((issue) => [issue.index, issue.code, issue.entity])).toEqual([
      [1, 'MISSING_PRODUCT', 'priceListItem'],
      [2, 'MISSING_SUM', 'priceListItem'],
      [3, 'INVALID_DECIMAL', 'priceListItem'],
    ]);
    expect(() => mapSupplierPriceList([], { supplierExternalId: '', validFrom: '2026-11-17' })).toThrow(MappingConfigurationError);
    expect(() => mapSupplierPriceList([], { supplierExternalId: 's', validFrom: '17.11.2026' })).toThrow(MappingConfigurationError);
  });
});

describe('mapStockBalances', () => {
  it('maps balances read from the fake exactly, stamped with the moment asked for', async () => {
    const asOf = '2100-01-01T00:00:00';
    const balances = await client.stockBalances({ timestamp: asOf });
    const { items, issues } = mapStockBalances(balances, asOf);
    expect(issues).toEqual([]);
    expect(items).toHaveLength(balances.length);
    expect(items[0]).toMatchObject({ storeExternalId: balances[0]!.store, inventoryItemExternalId: balances[0]!.product, asOf });
    expect(Number(items[0]!.sum)).toBe(Number(balances[0]!.sum));
    expect(items[0]!.amount).toMatch(/^-?\d+\.\d{9}$/);
  });

  it('reports a balance without store or product, or with an inexact number, and keeps the rest', () => {
    const { items, issues } = mapStockBalances(
      [
        { store: 's', product: 'p', amount: '-2.5', sum: '0.1' },
        { store: '', product: 'p', amount: '1', sum: '1' },
        { store: 's', product: 'p', amount: '1e3', sum: '1' },
      ],
      '2026-11-17T23:59:59',
    );
    expect(items).toEqual([expect.objectContaining({ externalId: 's:p', amount: '-2.500000000', sum: '0.100000000' })]);
    expect(issues.map((issue) => [issue.index, issue.code])).toEqual([
      [1, 'MISSING_STORE'],
      [2, 'INVALID_DECIMAL'],
    ]);
    expect(() => mapStockBalances([], '2026-11-17')).toThrow(MappingConfigurationError);
  });
});
