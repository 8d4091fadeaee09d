import { describe, expect, it } from 'vitest';
import type { IncomingInvoice, IncomingInvoiceItem } from '@getinn/iiko-client';
import { MappingConfigurationError, mapInvoices, type MappingIssue } from '@getinn/iiko-mappers';
import { Exact, unitPriceError } from './support/exact';

const STORE = '1239d270-1bbe-f64f-b7ea-5f00518ef508';

function line(overrides: Partial<IncomingInvoiceItem> = {}): IncomingInvoiceItem {
  return {
    num: 1,
    product: 'ddc8bb89-0892-45e5-b5d0-ce9cb3b25ff4',
    productArticle: '00628',
    amount: '2.000000000',
    amountUnit: '7ba81c3a-8de5-8f9d-fb9f-e39efcbc57cc',
    price: '50.000000000',
    sum: '100.000000000',
    store: STORE,
    ...overrides,
  };
}

function invoice(overrides: Partial<IncomingInvoice> = {}): IncomingInvoice {
  return {
    id: 'doc-1',
    documentNumber: '1568',
    incomingDocumentNumber: '16594',
    incomingDate: '2012-07-01T08:00:00',
    dateIncoming: '2012-07-02T10:15:00',
    supplier: 'c5c6f00d-e1e5-4e3c-a4b8-bb677f470572',
    defaultStore: STORE,
    status: 'PROCESSED',
    items: [line()],
    ...overrides,
  };
}

/** Removes optional fields from a fixture, as iiko leaves elements out. */
function without<T extends object>(value: T, ...keys: (keyof T)[]): T {
  const copy = { ...value };
  for (const key of keys) delete copy[key];
  return copy;
}

const map = (invoices: unknown[]) => mapInvoices(invoices as IncomingInvoice[], { currency: 'RUB' });

function onlyIssue(issues: MappingIssue[]): MappingIssue {
  expect(issues).toHaveLength(1);
  return issues[0]!;
}

describe('mapInvoices configuration', () => {
  it.each([undefined, '', 'rub', 'RUBL', 'RU', 'Рубль', 643])('throws MappingConfigurationError for currency %j', (currency) => {
    const call = () => mapInvoices([invoice()], { currency } as unknown as { currency: string });
    expect(call).toThrow(MappingConfigurationError);
    expect(call).toThrow(/ISO 4217/);
  });

  it('throws for missing options, naming the currency, before reading any record', () => {
    let thrown: unknown;
    try {
      mapInvoices('not even a list' as unknown as IncomingInvoice[], undefined as unknown as { currency: string });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(MappingConfigurationError);
    expect((thrown as MappingConfigurationError).option).toBe('currency');
  });

  it('throws when the invoices are not a list', () => {
    expect(() => mapInvoices({} as unknown as IncomingInvoice[], { currency: 'RUB' })).toThrow(MappingConfigurationError);
  });

  it('maps an empty list to nothing', () => {
    expect(map([])).toEqual({ items: [], issues: [] });
  });

  it('maps a one-element list', () => {
    const { items, issues } = map([invoice()]);
    expect(issues).toEqual([]);
    expect(items).toHaveLength(1);
    expect(items[0]?.currency).toBe('RUB');
  });
});

describe('mapInvoices statuses', () => {
  it.each([
    ['NEW', 'active'],
    ['PROCESSED', 'active'],
    ['DELETED', 'cancelled'],
  ])('maps iiko %s to %s, never paid', (status, expected) => {
    const { items } = map([invoice({ status })]);
    expect(items[0]?.status).toBe(expected);
    expect(items[0]?.externalMetadata.status).toBe(status);
  });

  it('leaves out a document with an unknown status instead of showing it as active', () => {
    const { items, issues } = map([invoice({ status: 'ARCHIVED' })]);
    expect(items).toEqual([]);
    expect(onlyIssue(issues)).toMatchObject({ code: 'UNKNOWN_STATUS', path: ['status'], severity: 'error' });
  });

  it('leaves out a document without a status', () => {
    const { items, issues } = map([without(invoice(), 'status')]);
    expect(items).toEqual([]);
    expect(onlyIssue(issues).code).toBe('UNKNOWN_STATUS');
  });
});

describe('mapInvoices dates', () => {
  it.each([
    ['2012-07-04T23:00:00+04:00', '2012-07-04'],
    ['2012-07-04T00:30:00-11:00', '2012-07-04'],
    ['2012-07-04T23:59:59.999Z', '2012-07-04'],
    ['2012-07-04T08:00:00', '2012-07-04'],
    ['2012-07-04', '2012-07-04'],
    ['2024-02-29T00:00:00+14:00', '2024-02-29'],
  ])('maps %s to the date written, %s', (written, date) => {
    expect(map([invoice({ incomingDate: written })]).items[0]?.invoiceDate).toBe(date);
  });

  it('gives the same dates whatever the host time zone is', () => {
    const original = process.env.TZ;
    const dates: string[] = [];
    try {
      for (const zone of ['UTC', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'Europe/Moscow']) {
        process.env.TZ = zone;
        const [mapped] = map([invoice({ incomingDate: '2012-07-04T23:00:00+04:00', dueDate: '2012-07-05T00:00:00' })]).items;
        dates.push(`${mapped?.invoiceDate} ${mapped?.dueDate}`);
      }
    } finally {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    }
    expect(new Set(dates)).toEqual(new Set(['2012-07-04 2012-07-05']));
  });

  it("falls back to the booking date when the supplier's date is absent", () => {
    const { items, issues } = map([without(invoice({ dateIncoming: '2012-07-02T23:30:00+03:00' }), 'incomingDate')]);
    expect(issues).toEqual([]);
    expect(items[0]?.invoiceDate).toBe('2012-07-02');
  });

  it('reports a document with neither date', () => {
    const { items, issues } = map([without(invoice(), 'incomingDate', 'dateIncoming')]);
    expect(items).toEqual([]);
    expect(onlyIssue(issues)).toMatchObject({ code: 'MISSING_DATE', severity: 'error' });
  });

  it('reports a day that does not exist rather than falling back to the booking date', () => {
    const { items, issues } = map([invoice({ incomingDate: '2023-02-30T08:00:00' })]);
    expect(items).toEqual([]);
    expect(onlyIssue(issues)).toMatchObject({
      entity: 'invoice',
      externalId: 'doc-1',
      code: 'INVALID_DATE',
      path: ['incomingDate'],
      severity: 'error',
    });
  });

  it('maps an absent dueDate, or the literal null, to null', () => {
    const { items, issues } = map([without(invoice(), 'dueDate'), invoice({ id: 'doc-2', dueDate: 'null' })]);
    expect(issues).toEqual([]);
    expect(items.map((mapped) => mapped.dueDate)).toEqual([null, null]);
  });

  it('keeps the invoice with a warning when only the dueDate is unreadable', () => {
    const { items, issues } = map([invoice({ dueDate: '31.07.2012' })]);
    expect(items[0]?.dueDate).toBeNull();
    expect(onlyIssue(issues)).toMatchObject({ code: 'INVALID_DATE', path: ['dueDate'], severity: 'warning' });
  });
});

describe('mapInvoices numbers, suppliers and stores', () => {
  it("falls back to iiko's documentNumber without a supplier's number", () => {
    const { items } = map([without(invoice(), 'incomingDocumentNumber')]);
    expect(items[0]?.invoiceNumber).toBe('1568');
  });

  it('reports a document with no number at all', () => {
    const { issues } = map([without(invoice(), 'incomingDocumentNumber', 'documentNumber')]);
    expect(onlyIssue(issues)).toMatchObject({ code: 'MISSING_INVOICE_NUMBER', severity: 'error' });
  });

  it('keeps Cyrillic numbers and comments as written', () => {
    const { items } = map([invoice({ incomingDocumentNumber: 'УТ-000123', comment: 'Молоко & сливки <опт>' })]);
    expect(items[0]?.invoiceNumber).toBe('УТ-000123');
    expect(items[0]?.externalMetadata.comment).toBe('Молоко & сливки <опт>');
  });

  it('reports a missing supplier and still maps the rest of the batch', () => {
    const { items, issues } = map([invoice({ id: 'a' }), without(invoice({ id: 'b' }), 'supplier'), invoice({ id: 'c' })]);
    expect(items.map((mapped) => mapped.externalId)).toEqual(['a', 'c']);
    expect(onlyIssue(issues)).toMatchObject({
      entity: 'invoice',
      externalId: 'b',
      index: 1,
      code: 'MISSING_SUPPLIER',
      path: ['supplier'],
      severity: 'error',
    });
  });

  it('reports every problem of a document at once', () => {
    const { issues } = map([without(invoice(), 'supplier', 'incomingDocumentNumber', 'documentNumber')]);
    expect(issues.map((issue) => issue.code)).toEqual(['MISSING_SUPPLIER', 'MISSING_INVOICE_NUMBER']);
  });

  it("uses the lines' common store when the document has no defaultStore", () => {
    const document = without(invoice({ items: [line(), line({ num: 2, store: undefined as unknown as string })] }), 'defaultStore');
    const { items, issues } = map([document]);
    expect(issues).toEqual([]);
    expect(items[0]?.storeExternalId).toBe(STORE);
    expect(items[0]?.items.map((mapped) => mapped.storeExternalId)).toEqual([STORE, STORE]);
  });

  it('reports a document without defaultStore whose lines name two stores', () => {
    const document = without(invoice({ items: [line(), line({ num: 2, store: 'other-store' })] }), 'defaultStore');
    expect(onlyIssue(map([document]).issues)).toMatchObject({ code: 'AMBIGUOUS_STORE', path: ['defaultStore'] });
  });

  it('reports a document with no store anywhere', () => {
    const document = without(invoice({ items: [without(line(), 'store')] }), 'defaultStore');
    expect(onlyIssue(map([document]).issues)).toMatchObject({ code: 'MISSING_STORE', severity: 'error' });
  });

  it("keeps a line's own store when it differs from the document's", () => {
    const { items } = map([invoice({ items: [line({ store: 'bar-store' })] })]);
    expect(items[0]?.storeExternalId).toBe(STORE);
    expect(items[0]?.items[0]?.storeExternalId).toBe('bar-store');
  });
});

describe('mapInvoices lines', () => {
  it('reports a line without sum at its path and leaves the whole invoice out', () => {
    const lines = [line({ num: 1 }), line({ num: 2 }), line({ num: 3 }), without(line({ num: 4 }), 'sum')];
    const { items, issues } = map([invoice({ items: lines })]);
    expect(items).toEqual([]);
    expect(onlyIssue(issues)).toEqual({
      entity: 'invoiceItem',
      externalId: 'doc-1',
      index: 0,
      code: 'MISSING_SUM',
      message: 'items[3] (num 4) has no sum',
      path: ['items', 3, 'sum'],
      severity: 'error',
    });
  });

  it('reports a line without amount', () => {
    expect(onlyIssue(map([invoice({ items: [without(line(), 'amount')] })]).issues)).toMatchObject({
      code: 'MISSING_QUANTITY',
      path: ['items', 0, 'amount'],
    });
  });

  it.each(['1,5', '1e3', '.5', '12.', 'NaN', 'Infinity', '0x10', '١٢'])('reports the sum %j as not a decimal', (sum) => {
    expect(onlyIssue(map([invoice({ items: [line({ sum })] })]).issues)).toMatchObject({
      code: 'INVALID_DECIMAL',
      path: ['items', 0, 'sum'],
      severity: 'error',
    });
  });

  it('refuses a JS number as a sum: floats are how totals drift', () => {
    const issue = onlyIssue(map([invoice({ items: [line({ sum: 1440 as unknown as string })] })]).issues);
    expect(issue.code).toBe('INVALID_DECIMAL');
  });

  it('refuses more than 9 significant decimals, which could not be kept exactly', () => {
    expect(onlyIssue(map([invoice({ items: [line({ sum: '1.0000000001' })] })]).issues).code).toBe('INVALID_DECIMAL');
    const { items, issues } = map([invoice({ items: [line({ sum: '1.5000000000000' })] })]);
    expect(issues).toEqual([]);
    expect(items[0]?.totalAmount).toBe('1.500000000');
  });

  it('keeps 9-decimal amounts exact down to the last digit', () => {
    const lines = [
      line({ num: 1, amount: '0.000000001', sum: '0.000000001' }),
      line({ num: 2, amount: '3.000000000', sum: '0.000000002' }),
      line({ num: 3, amount: '1.000000000', sum: '99999999.999999999' }),
    ];
    const [mapped] = map([invoice({ items: lines })]).items;
    expect(mapped?.totalAmount).toBe('100000000.000000002');
    expect(mapped?.items.map((item) => item.unitPrice)).toEqual(['1.000000000', '0.000000001', '99999999.999999999']);
  });

  it('maps a zero-quantity line with a null unitPrice and a warning, keeping its sum in the total', () => {
    const { items, issues } = map([invoice({ items: [line({ num: 1 }), line({ num: 2, amount: '0.000000000', sum: '15.500000000' })] })]);
    expect(items[0]?.totalAmount).toBe('115.500000000');
    expect(items[0]?.items[1]).toMatchObject({ quantity: '0.000000000', unitPrice: null, lineTotal: '15.500000000' });
    expect(onlyIssue(issues)).toMatchObject({
      entity: 'invoiceItem',
      code: 'ZERO_QUANTITY',
      path: ['items', 1, 'amount'],
      severity: 'warning',
    });
  });

  it('maps negative lines (returns, corrections) as written and includes them in the total', () => {
    const { items, issues } = map([
      invoice({ items: [line({ num: 1 }), line({ num: 2, amount: '-2.000000000', sum: '-100.500000000' })] }),
    ]);
    expect(issues).toEqual([]);
    expect(items[0]?.totalAmount).toBe('-0.500000000');
    expect(items[0]?.items[1]).toMatchObject({ quantity: '-2.000000000', unitPrice: '50.250000000', lineTotal: '-100.500000000' });
  });

  it('writes a zero total without a minus sign', () => {
    const { items } = map([invoice({ items: [line({ num: 1 }), line({ num: 2, amount: '-2', sum: '-100' })] })]);
    expect(items[0]?.totalAmount).toBe('0.000000000');
  });

  it('keeps quantity × unitPrice within half a cent even for very large quantities', () => {
    const huge = line({ amount: '123456789012.000000000', sum: '1000.000000000' });
    const mapped = map([invoice({ items: [huge] })]).items[0]!.items[0]!;
    expect(mapped.unitPrice).toBe('0.00000000810000') // 14 decimals: 9 + 5 more integer digits than 10^6;
    expect(unitPriceError(mapped.quantity, mapped.unitPrice!, mapped.lineTotal).lt(Exact('0.005'))).toBe(true);
  });

  it('rounds unitPrice half-even at the ninth decimal', () => {
    // 0.0000000005 exactly between two 9-decimal values: half-even keeps the even 0.000000000.
    const [tie] = map([invoice({ items: [line({ amount: '2.000000000', sum: '0.000000001' })] })]).items;
    expect(tie?.items[0]?.unitPrice).toBe('0.000000000');
  });

  it('maps a line without product with a warning, described by its code', () => {
    const { items, issues } = map([invoice({ items: [without(line({ code: '00628-K' }), 'product', 'productArticle')] })]);
    expect(items[0]?.items[0]).toMatchObject({ inventoryItemExternalId: null, description: '00628-K' });
    expect(onlyIssue(issues)).toMatchObject({ code: 'MISSING_PRODUCT', severity: 'warning', path: ['items', 0, 'product'] });
  });

  it('maps a document without lines to a zero total, with a warning', () => {
    const { items, issues } = map([invoice({ items: [] })]);
    expect(items[0]?.totalAmount).toBe('0.000000000');
    expect(onlyIssue(issues)).toMatchObject({ code: 'EMPTY_INVOICE', severity: 'warning' });
  });

  it('keeps line metadata iiko sends, such as VAT and the additional-expense flag', () => {
    const [mapped] = map([invoice({ items: [line({ vatPercent: '20.000000000', vatSum: '16.670000000', isAdditionalExpense: true })] })]).items;
    expect(mapped?.items[0]?.externalMetadata).toMatchObject({ vatPercent: '20.000000000', vatSum: '16.670000000', isAdditionalExpense: true, price: '50.000000000' });
  });
});

describe('mapInvoices with malformed entries', () => {
  it('reports entries that are not objects and maps the rest', () => {
    const { items, issues } = map([null, invoice({ id: 'ok' }), 'document', 42]);
    expect(items.map((mapped) => mapped.externalId)).toEqual(['ok']);
    expect(issues.map((issue) => [issue.index, issue.code, issue.externalId])).toEqual([
      [0, 'INVALID_RECORD', null],
      [2, 'INVALID_RECORD', null],
      [3, 'INVALID_RECORD', null],
    ]);
  });

  it('reports a document without id', () => {
    expect(onlyIssue(map([without(invoice(), 'id')]).issues)).toMatchObject({ code: 'MISSING_ID', externalId: null, path: ['id'] });
  });

  it('reports items that are not a list, and a line that is not an object', () => {
    expect(onlyIssue(map([invoice({ items: { item: [] } as unknown as IncomingInvoiceItem[] })]).issues)).toMatchObject({
      code: 'INVALID_RECORD',
      path: ['items'],
    });
    expect(onlyIssue(map([invoice({ items: [null as unknown as IncomingInvoiceItem] })]).issues)).toMatchObject({
      entity: 'invoiceItem',
      code: 'INVALID_RECORD',
      path: ['items', 0],
    });
  });

  it('turns a record that throws when read into an issue', () => {
    const hostile = new Proxy(invoice({ id: 'trap' }), {
      get(target, key) {
        if (key === 'items') throw new Error('getter exploded');
        return Reflect.get(target, key);
      },
    });
    const { items, issues } = map([hostile, invoice({ id: 'ok' })]);
    expect(items.map((mapped) => mapped.externalId)).toEqual(['ok']);
    expect(onlyIssue(issues)).toMatchObject({ externalId: 'trap', code: 'INVALID_RECORD', message: expect.stringContaining('getter exploded') });
  });
});
