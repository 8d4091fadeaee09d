import { describe, expect, it } from 'vitest';
import { invoiceNomenclature, mapInventoryItems, mapInvoices, type Invoice } from '@getinn/iiko-mappers';
import { exactSum, unitPriceError, Exact } from './support/exact';
import { byNumberExport, twoDocumentExport } from './support/iiko-xml';

const HALF_CENT = Exact('0.005');

function mapped(): { invoices: Invoice[]; issues: unknown[] } {
  const { items, issues } = mapInvoices(twoDocumentExport(), { currency: 'RUB' });
  return { invoices: items, issues };
}

describe('mapInvoices on the vendor two-document export', () => {
  it('maps both documents without an issue, in input order', () => {
    const { invoices, issues } = mapped();
    expect(issues).toEqual([]);
    expect(invoices.map((invoice) => invoice.externalId)).toEqual([
      '575a43c7-85e0-4210-9c57-7a90efe37336',
      'df700f01-410b-4713-9b52-875f6c17faf5',
    ]);
    expect(invoices.map((invoice) => invoice.items.length)).toEqual([17, 1]);
  });

  it("uses the supplier's number and date, and keeps iiko's number beside them", () => {
    const [first] = mapped().invoices;
    expect(first).toMatchObject({
      invoiceNumber: '16594',
      invoiceDate: '2012-07-01',
      dueDate: '2012-07-02',
      supplierExternalId: 'c5c6f00d-e1e5-4e3c-a4b8-bb677f470572',
      storeExternalId: '1239d270-1bbe-f64f-b7ea-5f00518ef508',
      currency: 'RUB',
      status: 'active',
      externalSystemType: 'iiko',
      externalMetadata: {
        status: 'PROCESSED',
        documentNumber: '1568',
        incomingDocumentNumber: '16594',
        incomingDate: '2012-07-01T08:00:00',
        comment: 'Н',
      },
    });
    // `<invoice/>` is "no value": it is not carried as an empty string.
    expect(first?.externalMetadata).not.toHaveProperty('invoice');
  });

  it('totals the 17 lines as the exact sum of their sums', () => {
    const [first] = mapped().invoices;
    const sums = twoDocumentExport()[0]!.items.map((line) => line.sum!);
    expect(first?.totalAmount).toBe('5278.940000000');
    expect(Exact(first!.totalAmount).eq(exactSum(sums))).toBe(true);
  });

  it('gives the pack-priced line a per-base-unit price, not the per-pack 180', () => {
    const line = mapped().invoices[1]!.items[0]!;
    expect(line).toEqual({
      description: '00136',
      quantity: '152.000000000',
      unit: '69859c74-db72-b006-cba5-326cf6f4fc6e',
      unitPrice: '9.473684211',
      lineTotal: '1440.000000000',
      inventoryItemExternalId: '305936f8-a7ea-447c-b2f9-64e0eb3d3867',
      storeExternalId: '1239d270-1bbe-f64f-b7ea-5f00518ef508',
      lineNumber: 1,
      externalMetadata: {
        num: 1,
        product: '305936f8-a7ea-447c-b2f9-64e0eb3d3867',
        productArticle: '00136',
        code: '00136',
        price: '180.000000000',
        containerId: '49882ad2-5db3-4a03-a096-96bc47238c5a',
        actualAmount: '152.000000000',
        discountSum: '0.000000000',
        vatPercent: '0.000000000',
        vatSum: '0.000000000',
        amountUnit: '69859c74-db72-b006-cba5-326cf6f4fc6e',
      },
    });
    expect(unitPriceError(line.quantity, line.unitPrice!, line.lineTotal).lt(HALF_CENT)).toBe(true);
    expect(mapped().invoices[1]!.totalAmount).toBe('1440.000000000');
  });

  it('names the same line by the product and unit of the nomenclature, keeping every id (the docs\' before/after)', () => {
    const { items: inventory } = mapInventoryItems(
      [{ id: '305936f8-a7ea-447c-b2f9-64e0eb3d3867', name: 'Вода минеральная 0,5 л', num: '00136', type: 'GOODS', mainUnit: '69859c74-db72-b006-cba5-326cf6f4fc6e' }],
      { units: [{ id: '69859c74-db72-b006-cba5-326cf6f4fc6e', name: 'шт' }] },
    );
    const nomenclature = invoiceNomenclature(inventory);
    const { items, issues } = mapInvoices(twoDocumentExport(), { currency: 'RUB', nomenclature });
    const plain = mapped().invoices[1]!.items[0]!;
    const named = items[1]!.items[0]!;
    expect(named).toEqual({ ...plain, description: 'Вода минеральная 0,5 л', unit: 'шт' });
    expect(named.externalMetadata).toMatchObject({ product: plain.inventoryItemExternalId, productArticle: '00136', amountUnit: plain.unit });
    // The other sample lines name products this nomenclature lacks: named as before, with a warning each.
    expect(issues.filter((issue) => issue.code === 'UNKNOWN_PRODUCT')).toHaveLength(17);
    expect(items[0]!.items[0]!.description).toBe('00628');
  });

  it('makes quantity × unitPrice equal lineTotal within half a cent on every line', () => {
    const lines = mapped().invoices.flatMap((invoice) => invoice.items);
    expect(lines).toHaveLength(18);
    for (const line of lines) {
      expect(unitPriceError(line.quantity, line.unitPrice!, line.lineTotal).lt(HALF_CENT)).toBe(true);
    }
  });

  it('keeps lines in iiko order with their product, unit, store and line number', () => {
    const lines = mapped().invoices[0]!.items;
    expect(lines.map((line) => line.lineNumber)).toEqual([9, 6, 12, 14, 1, 7, 2, 8, 13, 5, 4, 3, 11, 16, 10, 15, 17]);
    expect(lines[0]).toMatchObject({
      description: '00628',
      quantity: '0.090000000',
      lineTotal: '37.840000000',
      unitPrice: '420.444444444',
      inventoryItemExternalId: 'ddc8bb89-0892-45e5-b5d0-ce9cb3b25ff4',
      unit: '7ba81c3a-8de5-8f9d-fb9f-e39efcbc57cc',
      storeExternalId: '1239d270-1bbe-f64f-b7ea-5f00518ef508',
    });
    expect(lines.at(-1)?.unit).toBe('69859c74-db72-b006-cba5-326cf6f4fc6e');
  });
});

describe('mapInvoices on the vendor byNumber export', () => {
  it("prefers the supplier's number 1019 to iiko's 1711", () => {
    const { items, issues } = mapInvoices(byNumberExport(), { currency: 'KZT' });
    expect(issues).toEqual([]);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      invoiceNumber: '1019',
      invoiceDate: '2012-07-14',
      dueDate: '2012-07-15',
      totalAmount: '4490.000000000',
      currency: 'KZT',
      externalMetadata: { documentNumber: '1711', comment: 'РЅ' },
    });
    expect(items[0]?.items.map((line) => line.unitPrice)).toEqual(['500.000000000', '64.000000000', '69.000000000']);
  });
});
