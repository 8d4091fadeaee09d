import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IncomingInvoice, IncomingInvoiceItem } from '@getinn/iiko-client';
import { MONEY_SCALE, NUMERIC_10_2, NumericOverflowError, mapInvoices, toNumeric } from '@getinn/iiko-mappers';
import { Exact, exactSum, unitPriceError } from './support/exact';
import { deepFreeze } from './support/iiko-xml';

/** `units / 10^scale` written as iiko does, with exactly `scale` decimals. */
function scaled(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = scale === 0 ? '' : `.${digits.slice(digits.length - scale)}`;
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** A 9-decimal value in [-max, max], skewed towards the small values invoices carry. */
const decimal = (max: bigint, scale = 9) =>
  fc.oneof(
    fc.bigInt({ min: -max, max }).map((units) => scaled(units, scale)),
    fc.bigInt({ min: 0n, max: 10n ** 8n }).map((cents) => scaled(cents * 10n ** 7n, 9)),
  );

const quantity = fc.oneof(
  fc.bigInt({ min: 1n, max: 10n ** 15n }).map((units) => scaled(units, 9)),
  fc.integer({ min: 1, max: 40 }).map((packs) => scaled(BigInt(packs * 19) * 10n ** 9n, 9)),
  fc.bigInt({ min: -(10n ** 12n), max: -1n }).map((units) => scaled(units, 9)),
);

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A real calendar day with any time and any offset iiko may write after it. */
const writtenDate = fc
  .record({
    day: fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
    time: fc.option(fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }))),
    offset: fc.option(
      fc.oneof(
        fc.constant('Z'),
        fc.tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 14 }), fc.constantFrom(0, 30, 45), fc.boolean()).map(
          ([sign, hours, minutes, colon]) => `${sign}${pad(hours)}${colon ? ':' : ''}${pad(minutes)}`,
        ),
      ),
    ),
  })
  .map(({ day, time, offset }) => {
    const date = day.toISOString().slice(0, 10);
    const clock = time === null ? '' : `T${pad(time[0])}:${pad(time[1])}:${pad(time[2])}`;
    return { date, text: `${date}${clock}${offset ?? ''}` };
  });

const line: fc.Arbitrary<IncomingInvoiceItem> = fc
  .record({
    num: fc.integer({ min: 1, max: 500 }),
    product: fc.uuid(),
    productArticle: fc.stringMatching(/^\d{5}$/),
    amount: quantity,
    sum: decimal(10n ** 17n),
    price: decimal(10n ** 13n),
    containerId: fc.option(fc.uuid(), { nil: undefined }),
    store: fc.uuid(),
  })
  .map(({ containerId, ...rest }) => (containerId === undefined ? rest : { ...rest, containerId }));

const invoice: fc.Arbitrary<IncomingInvoice> = fc
  .record({
    id: fc.uuid(),
    documentNumber: fc.stringMatching(/^\d{1,6}$/),
    incomingDocumentNumber: fc.option(fc.constantFrom('16594', 'УТ-000123', '12/26'), { nil: undefined }),
    incomingDate: writtenDate,
    dueDate: fc.option(writtenDate, { nil: undefined }),
    supplier: fc.uuid(),
    defaultStore: fc.uuid(),
    status: fc.constantFrom('NEW', 'PROCESSED', 'DELETED'),
    items: fc.array(line, { minLength: 1, maxLength: 8 }),
  })
  .map(({ incomingDate, dueDate, incomingDocumentNumber, ...rest }) => ({
    ...rest,
    incomingDate: incomingDate.text,
    ...(dueDate === undefined ? {} : { dueDate: dueDate.text }),
    ...(incomingDocumentNumber === undefined ? {} : { incomingDocumentNumber }),
  }));

const invoices = fc.array(invoice, { maxLength: 6 });
const map = (input: IncomingInvoice[]) => mapInvoices(input, { currency: 'RUB' });

describe('mapInvoices properties', () => {
  it('totals every invoice as the exact sum of its lines', () => {
    fc.assert(
      fc.property(invoices, (input) => {
        const { items, issues } = map(input);
        expect(issues).toEqual([]);
        items.forEach((mapped, index) => {
          const sums = input[index]!.items.map((item) => item.sum!);
          expect(Exact(mapped.totalAmount).eq(exactSum(sums))).toBe(true);
          expect(mapped.totalAmount).toBe(exactSum(sums).toFixed(MONEY_SCALE));
          mapped.items.forEach((item, position) => {
            expect(Exact(item.lineTotal).eq(Exact(sums[position]!))).toBe(true);
          });
        });
      }),
    );
  });

  it('makes quantity × unitPrice equal lineTotal within half a cent on every line, pack lines included', () => {
    fc.assert(
      fc.property(invoices, (input) => {
        for (const mapped of map(input).items) {
          for (const item of mapped.items) {
            expect(unitPriceError(item.quantity, item.unitPrice!, item.lineTotal).lt(Exact('0.005'))).toBe(true);
          }
        }
      }),
    );
  });

  it('maps a date with any time and offset to the date written', () => {
    fc.assert(
      fc.property(invoice, writtenDate, writtenDate, (document, written, due) => {
        const [mapped] = map([{ ...document, incomingDate: written.text, dueDate: due.text }]).items;
        expect(mapped?.invoiceDate).toBe(written.date);
        expect(mapped?.dueDate).toBe(due.date);
      }),
    );
  });

  it('gives identical output when mapping the same input twice', () => {
    fc.assert(
      fc.property(invoices, (input) => {
        const first = map(input);
        const second = map(input);
        expect(second).toStrictEqual(first);
        expect(JSON.stringify(second)).toBe(JSON.stringify(first));
      }),
    );
  });

  it('leaves its input untouched, frozen or not', () => {
    fc.assert(
      fc.property(invoices, (input) => {
        const before = structuredClone(input);
        const fromPlain = map(input);
        expect(input).toStrictEqual(before);
        const fromFrozen = map(deepFreeze(input));
        expect(fromFrozen).toStrictEqual(fromPlain);
      }),
    );
  });

  it('never throws on arbitrary entries: each one either maps or has an error issue', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.anything(), invoice)), (entries) => {
        const { items, issues } = mapInvoices(entries as IncomingInvoice[], { currency: 'EUR' });
        const rejected = new Set(issues.filter((issue) => issue.severity === 'error').map((issue) => issue.index));
        expect(items.length + rejected.size).toBe(entries.length);
      }),
    );
  });
});

describe('toNumeric properties', () => {
  it('moves a value by at most half a cent, or refuses it', () => {
    fc.assert(
      fc.property(decimal(10n ** 18n), (value) => {
        try {
          const fitted = toNumeric(value, NUMERIC_10_2);
          expect(Exact(fitted).minus(value).abs().lte(Exact('0.005'))).toBe(true);
          expect(fitted).toMatch(/^-?\d{1,8}\.\d{2}$/);
        } catch (error) {
          expect(error).toBeInstanceOf(NumericOverflowError);
          expect(Exact(value).abs().gte(Exact('99999999.995'))).toBe(true);
        }
      }),
    );
  });
});
