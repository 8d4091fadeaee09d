/**
 * The native `BigInt` fixed-point decimals give exactly what the big.js implementation gave — every parse
 * accepted or refused alike, every scale check, sum, quotient and formatted string byte for byte, every
 * `toNumeric` result or error — and whole `mapInvoices` outputs (items and issues) are identical. The
 * oracle is the former big.js code, kept in `support/oracle/`.
 *
 * 1,000 cases per property in CI; a long run on demand, the count per property:
 *   FUZZ_RUNS=100000 pnpm vitest run packages/iiko-mappers/test/fixed-point.properties.test.ts
 * `FUZZ_SEED` replays a run whose seed a failure printed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { IncomingInvoice } from '@getinn/iiko-client';
import { mapInvoices } from '@getinn/iiko-mappers';
import * as current from '../src/decimal';
import * as oracle from './support/oracle/decimal';
import { mapInvoices as oracleMapInvoices } from './support/oracle/invoices';

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const SEED = process.env.FUZZ_SEED === undefined ? {} : { seed: Number(process.env.FUZZ_SEED) };
const PARAMETERS = { numRuns: RUNS, ...SEED };
/** A long fuzz on a busy machine needs room; a hang still fails. */
const TIMEOUT_MS = Math.max(60_000, RUNS * 10);

const digitString = (minLength: number, maxLength: number, digits = '0123456789') =>
  fc.string({ unit: fc.constantFrom(...digits), minLength, maxLength });

/** `units / 10^scale` with exactly `scale` decimals, as iiko writes it. */
function scaled(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const fraction = scale === 0 ? '' : `.${digits.slice(digits.length - scale)}`;
  return `${negative ? '-' : ''}${digits.slice(0, digits.length - scale)}${fraction}`;
}

/**
 * Texts a decimal field may hold: what iiko writes (9 decimals), and everything around the edges of the
 * plain-decimal form — signs, leading and trailing zeros, `-0`, exponents, `.5`, `5.`, whitespace,
 * lengths on both sides of the 64-character bound, and arbitrary text.
 */
const decimalText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 12 })).map(([units, scale]) => scaled(units, scale)) },
  { weight: 2, arbitrary: fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }).map((units) => scaled(units, 9)) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom('', '-'), digitString(0, 3, '0'), fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.constantFrom(0, 2, 9, 9, 12))
      .map(([sign, zeros, units, decimals]) => `${sign}${zeros}${scaled(units, decimals)}`),
  },
  {
    weight: 6,
    arbitrary: fc
      .record({
        before: fc.constantFrom('', '', '', ' ', '\t', '\n', '\u00a0', '\ufeff'),
        sign: fc.constantFrom('', '', '-', '+', '--'),
        zeros: digitString(0, 4, '0'),
        integer: fc.oneof(digitString(0, 6), digitString(0, 70)),
        point: fc.constantFrom('', '.', '.', '.', ','),
        fraction: fc.oneof(digitString(0, 12), digitString(0, 70), digitString(0, 12, '05'), digitString(0, 12, '0')),
        trailing: digitString(0, 6, '0'),
        exponent: fc.constantFrom('', '', '', '', 'e3', 'E-2', 'e+1'),
        after: fc.constantFrom('', '', '', ' ', '\r\n', 'x'),
      })
      .map((p) => `${p.before}${p.sign}${p.zeros}${p.integer}${p.point}${p.fraction}${p.point === '' ? '' : p.trailing}${p.exponent}${p.after}`),
  },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 55, max: 75 }).chain((length) =>
      fc.tuple(fc.constantFrom('', '-'), fc.integer({ min: 1, max: length - 2 }), digitString(length, length, '0123456789')).map(
        ([sign, point, digits]) => `${sign}${digits.slice(0, point)}.${digits.slice(point + 1)}`,
      ),
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom('-0', '0', '-0.000000000', '0.0', '00', '-00.00', 'null', '', ' ', 'NaN', 'Infinity', '1e3', '.5', '5.') },
);

/** Scales around the ones used (0, 2, 9) and beyond, for scale checks and formatting. */
const scale = fc.integer({ min: 0, max: 14 });

describe('fixed-point decimals against big.js', () => {
  it(
    'parses, checks scales, tests for zero and formats exactly as big.js did',
    () => {
      fc.assert(
        fc.property(decimalText, scale, (text, target) => {
          const mine = current.parseDecimal(text);
          const theirs = oracle.parseDecimal(text);
          expect(mine === undefined).toBe(theirs === undefined);
          if (mine === undefined || theirs === undefined) return;
          expect(current.isZero(mine)).toBe(oracle.isZero(theirs));
          expect(current.fitsScale(mine, target)).toBe(oracle.fitsScale(theirs, target));
          expect(current.formatDecimal(mine, target)).toBe(oracle.formatDecimal(theirs, target));
          expect(current.formatDecimal(mine, 9)).toBe(oracle.formatDecimal(theirs, 9));
        }),
        PARAMETERS,
      );
    },
    TIMEOUT_MS,
  );

  it(
    'adds exactly as big.js did',
    () => {
      fc.assert(
        fc.property(fc.array(decimalText, { maxLength: 25 }), scale, (texts, target) => {
          let mine = current.zero();
          let theirs = oracle.zero();
          for (const text of texts) {
            const a = current.parseDecimal(text);
            const b = oracle.parseDecimal(text);
            if (a === undefined || b === undefined) continue;
            mine = current.add(mine, a);
            theirs = theirs.plus(b);
          }
          expect(current.isZero(mine)).toBe(oracle.isZero(theirs));
          expect(current.fitsScale(mine, target)).toBe(oracle.fitsScale(theirs, target));
          expect(current.formatDecimal(mine, target)).toBe(oracle.formatDecimal(theirs, target));
          expect(current.formatDecimal(mine, 9)).toBe(oracle.formatDecimal(theirs, 9));
        }),
        PARAMETERS,
      );
    },
    TIMEOUT_MS,
  );

  it(
    "divides at unitPrice's scale, and at any other, exactly as big.js did",
    () => {
      fc.assert(
        fc.property(decimalText, decimalText, scale, (dividendText, divisorText, other) => {
          const [dividend, divisor] = [current.parseDecimal(dividendText), current.parseDecimal(divisorText)];
          const [oldDividend, oldDivisor] = [oracle.parseDecimal(dividendText), oracle.parseDecimal(divisorText)];
          if (dividend === undefined || divisor === undefined || oldDividend === undefined || oldDivisor === undefined) return;
          if (current.isZero(divisor)) {
            expect(() => current.divide(dividend, divisor, 9)).toThrow(RangeError);
            return;
          }
          const priceScale = current.unitPriceScale(divisor);
          expect(priceScale).toBe(oracle.unitPriceScale(oldDivisor));
          for (const target of [priceScale, other]) {
            expect(current.formatDecimal(current.divide(dividend, divisor, target), target)).toBe(
              oracle.formatDecimal(oracle.divide(oldDividend, oldDivisor, target), target),
            );
          }
        }),
        PARAMETERS,
      );
    },
    TIMEOUT_MS,
  );

  const column = fc.oneof(
    fc.integer({ min: 1, max: 24 }).chain((precision) =>
      fc.record({ precision: fc.constant(precision), scale: fc.integer({ min: 0, max: precision }), rounding: fc.constantFrom('half-up' as const, 'half-even' as const, undefined) }),
    ),
    fc.record({ precision: fc.constant(10), scale: fc.constant(2), rounding: fc.constantFrom('half-up' as const, 'half-even' as const, undefined) }),
    fc.integer({ min: 900, max: 1000 }).map((precision) => ({ precision, scale: precision - 3, rounding: undefined })),
  );

  /** The result, or the error's class and message. */
  function outcome(run: () => string): string {
    try {
      return `ok ${run()}`;
    } catch (error) {
      return `${(error as Error).name}: ${(error as Error).message}`;
    }
  }

  it(
    'fits values of any length to Numeric(p, s), or refuses them with the same error, as big.js did',
    () => {
      const longText = fc.tuple(fc.constantFrom('', '-'), digitString(0, 400), digitString(0, 400)).map(([sign, integer, fraction]) => `${sign}${integer || '0'}.${fraction || '0'}`);
      fc.assert(
        fc.property(fc.oneof(decimalText, longText), column, (text, spec) => {
          const { rounding, ...rest } = spec;
          const numeric = rounding === undefined ? rest : { ...rest, rounding };
          expect(outcome(() => current.toNumeric(text, numeric))).toBe(outcome(() => oracle.toNumeric(text, numeric)));
        }),
        PARAMETERS,
      );
    },
    TIMEOUT_MS,
  );
});

/** A text field as iiko or a hand-built record may hold it: present, padded, empty, `null`, or not text. */
const textField = (value: fc.Arbitrary<string>) =>
  fc.oneof(
    { weight: 8, arbitrary: value },
    { weight: 1, arbitrary: value.map((text) => ` ${text}\t`) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, null, '', '  ', 'null', 42, true) },
  );

const ids = ['p1', 'p2', 'p3', 'u1', 'u2', 's1', 's2'];
const id = fc.constantFrom(...ids);

/** A decimal field: mostly 9-decimal money, else any text above, a number, or nothing. */
const decimalField = fc.oneof(
  { weight: 6, arbitrary: fc.bigInt({ min: -(10n ** 13n), max: 10n ** 15n }).map((units) => scaled(units, 9)) },
  { weight: 3, arbitrary: decimalText },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, null, 12.5, 0, '0.000000000', '-0') },
);

const line = fc
  .record(
    {
      num: fc.oneof(fc.integer({ min: -3, max: 500 }), fc.constantFrom<unknown>('7', ' 8 ', '1.5', 'x', 2 ** 60)),
      product: textField(id),
      productArticle: textField(fc.stringMatching(/^\d{5}$/)),
      code: textField(fc.stringMatching(/^\d{3}$/)),
      amount: decimalField,
      actualAmount: textField(fc.constantFrom('1.000000000', '19.000000000')),
      amountUnit: textField(id),
      price: textField(fc.constantFrom('180.000000000', '9.990000000')),
      priceWithoutVat: textField(fc.constant('150.000000000')),
      sum: decimalField,
      discountSum: textField(fc.constant('0.000000000')),
      vatPercent: textField(fc.constant('20.000000000')),
      vatSum: textField(fc.constant('240.000000000')),
      containerId: textField(id),
      store: textField(fc.constantFrom('s1', 's2')),
      supplierProduct: textField(id),
      supplierProductArticle: textField(fc.constant('A-1')),
      producer: textField(fc.constant('ООО «Молоко»')),
      customsDeclarationNumber: textField(fc.constant('10702070/010120/0000001')),
      priceUnit: textField(fc.constant('кг')),
      isAdditionalExpense: fc.constantFrom<unknown>(true, false, 'true', 'false', 'yes', undefined),
      extra: fc.oneof(fc.constant(undefined), fc.jsonValue({ maxDepth: 2 })),
    },
    { requiredKeys: ['amount', 'sum'] },
  )
  .map(({ extra, ...fields }) => (extra === undefined ? fields : { ...fields, newerElement: extra }));

const date = fc.constantFrom<unknown>('2026-07-01', '2026-07-01T08:00:00+03:00', '2023-02-30', '01.07.2026', 'null', undefined, 7);

const invoice = fc.record(
  {
    id: textField(fc.uuid()),
    documentNumber: textField(fc.stringMatching(/^\d{1,6}$/)),
    incomingDocumentNumber: textField(fc.constantFrom('16594', 'УТ-000123')),
    incomingDate: date,
    dateIncoming: date,
    dueDate: date,
    supplier: textField(fc.uuid()),
    defaultStore: textField(fc.constantFrom('s1', 's2')),
    status: fc.constantFrom<unknown>('NEW', 'PROCESSED', 'DELETED', 'processed', 'LOST', undefined),
    comment: textField(fc.constant('Доставка до 10:00')),
    useDefaultDocumentTime: fc.constantFrom<unknown>(true, 'false', undefined),
    items: fc.oneof({ weight: 12, arbitrary: fc.array(line, { maxLength: 8 }) }, { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, 'x', [null, 3]) }),
    newerField: fc.oneof(fc.constant(undefined), fc.jsonValue({ maxDepth: 2 })),
  },
  { requiredKeys: ['id', 'items'] },
);

const nomenclature = fc.option(
  fc.record({
    products: fc.subarray(ids).map((known) => new Map(known.map((key) => [key, `name of ${key}`]))),
    units: fc.subarray(ids).map((known) => new Map(known.map((key) => [key, `unit ${key}`]))),
  }),
  { nil: undefined },
);

describe('mapInvoices against the big.js implementation', () => {
  it(
    'gives the same items and issues, byte for byte, on any export',
    () => {
      fc.assert(
        fc.property(fc.array(fc.oneof({ weight: 20, arbitrary: invoice }, { weight: 1, arbitrary: fc.anything() }), { maxLength: 5 }), nomenclature, (input, names) => {
          const options = names === undefined ? { currency: 'RUB' } : { currency: 'RUB', nomenclature: names };
          const mine = mapInvoices(input as IncomingInvoice[], options);
          const theirs = oracleMapInvoices(input as IncomingInvoice[], options);
          expect(JSON.stringify(mine)).toBe(JSON.stringify(theirs));
          expect(mine).toStrictEqual(theirs);
        }),
        PARAMETERS,
      );
    },
    TIMEOUT_MS,
  );
});
