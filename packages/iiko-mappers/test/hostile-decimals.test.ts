/**
 * No field can make mapping slow: a decimal longer than the client accepts is an issue, not a 26-second
 * division, and the longest accepted values map within a small multiple of the cost of ordinary ones.
 */
import { describe, expect, it } from 'vitest';
import type { IncomingInvoice, IncomingInvoiceItem } from '@getinn/iiko-client';
import { DEFAULTS } from '@getinn/iiko-client';
import { mapInvoices } from '@getinn/iiko-mappers';
import { MAX_DECIMAL_LENGTH } from '../src/decimal';
import { Exact, unitPriceError } from './support/exact';

const STORE = '1239d270-1bbe-f64f-b7ea-5f00518ef508';

function line(num: number, amount: string, sum: string): IncomingInvoiceItem {
  return { num, product: `p${num}`, amount, price: '50.000000000', sum, store: STORE };
}

function invoice(items: IncomingInvoiceItem[]): IncomingInvoice {
  return {
    id: 'doc-1',
    documentNumber: '1568',
    incomingDocumentNumber: '16594',
    incomingDate: '2012-07-01T08:00:00',
    supplier: 'c5c6f00d-e1e5-4e3c-a4b8-bb677f470572',
    defaultStore: STORE,
    status: 'PROCESSED',
    items,
  };
}

const lines = (count: number, amount: string, sum: string): IncomingInvoiceItem[] =>
  Array.from({ length: count }, (_, index) => line(index + 1, amount, sum));

/** The longest values the client accepts, with as many significant digits as fit (the dearest division). */
const LONGEST_AMOUNT = `${'9'.repeat(MAX_DECIMAL_LENGTH - 10)}.${'7'.repeat(9)}`;
const LONGEST_SUM = `-${'8'.repeat(MAX_DECIMAL_LENGTH - 11)}.${'3'.repeat(9)}`;
const ORDINARY_AMOUNT = '152.000000000';
const ORDINARY_SUM = '1440.000000000';

/**
 * Milliseconds of the fastest of `rounds` runs of `run`, after a warm-up. The fastest run is the one
 * least disturbed by other work on the machine, so a ratio of two of them is stable where a single
 * wall-clock reading is not.
 */
function fastest(run: () => void, rounds: number): number {
  run();
  let best = Number.POSITIVE_INFINITY;
  for (let round = 0; round < rounds; round += 1) {
    const started = performance.now();
    run();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

/** `fastest(hostile) / fastest(ordinary)`, measured in alternation so both see the same machine. */
function costRatio(hostile: () => void, ordinary: () => void): number {
  let hostileBest = Number.POSITIVE_INFINITY;
  let ordinaryBest = Number.POSITIVE_INFINITY;
  for (let pass = 0; pass < 5; pass += 1) {
    ordinaryBest = Math.min(ordinaryBest, fastest(ordinary, 3));
    hostileBest = Math.min(hostileBest, fastest(hostile, 3));
  }
  return hostileBest / ordinaryBest;
}

/**
 * The budget: mapping lines of the longest accepted values may cost at most this many times as much as
 * mapping the same number of ordinary lines. Measured at about 2–3× on a shared 2-core machine; the bound
 * leaves room for noise and still fails loudly on a quadratic path (big.js's long division made it 44×).
 */
const COST_BUDGET = 10;

const LINES = 400;

describe('decimals of hostile length', () => {
  it('the mappers accept exactly what the client accepts', () => {
    expect(MAX_DECIMAL_LENGTH).toBe(DEFAULTS.maxDecimalLength);
    expect(LONGEST_AMOUNT).toHaveLength(MAX_DECIMAL_LENGTH);
    expect(LONGEST_SUM).toHaveLength(MAX_DECIMAL_LENGTH);
  });

  it('maps the longest accepted values exactly: quantity × unitPrice is within half a cent of lineTotal', () => {
    const { items, issues } = mapInvoices([invoice([line(1, LONGEST_AMOUNT, LONGEST_SUM)])], { currency: 'RUB' });

    expect(issues).toEqual([]);
    const [mapped] = items[0]!.items;
    expect(mapped!.quantity).toBe(LONGEST_AMOUNT);
    expect(mapped!.lineTotal).toBe(LONGEST_SUM);
    expect(items[0]!.totalAmount).toBe(LONGEST_SUM);
    expect(unitPriceError(mapped!.quantity, mapped!.unitPrice!, mapped!.lineTotal).lt(Exact('0.005'))).toBe(true);
  });

  it(`maps ${LINES} lines of the longest accepted values within ${COST_BUDGET}× the cost of ${LINES} ordinary lines`, () => {
    const hostile = [invoice(lines(LINES, LONGEST_AMOUNT, LONGEST_SUM))];
    const ordinary = [invoice(lines(LINES, ORDINARY_AMOUNT, ORDINARY_SUM))];

    const ratio = costRatio(
      () => mapInvoices(hostile, { currency: 'RUB' }),
      () => mapInvoices(ordinary, { currency: 'RUB' }),
    );

    expect(ratio).toBeLessThan(COST_BUDGET);
  });

  it.each([
    ['an amount of 40,000 digits', '9'.repeat(40_000) + '.5', ORDINARY_SUM, 'amount'],
    ['a sum of 60,000 digits', ORDINARY_AMOUNT, '9'.repeat(60_000) + '.123', 'sum'],
    ['an amount one character too long', `${LONGEST_AMOUNT}1`, ORDINARY_SUM, 'amount'],
    ['60,000 leading zeros', ORDINARY_AMOUNT, '0'.repeat(60_000) + '1.5', 'sum'],
  ])('%s is an INVALID_DECIMAL issue, and the invoice waits instead of landing half-mapped', (_what, amount, sum, field) => {
    const { items, issues } = mapInvoices([invoice([line(1, amount, sum)])], { currency: 'RUB' });

    expect(items).toEqual([]);
    expect(issues).toContainEqual(expect.objectContaining({ code: 'INVALID_DECIMAL', severity: 'error', path: ['items', 0, field] }));
  });

  it('refusing an over-long value costs time linear in its length, not quadratic', () => {
    // Ten times the digits may cost about ten times as much (the text is still copied into the issue);
    // the old long division would have cost a hundred times as much.
    const short = [invoice(lines(20, '9'.repeat(4_000), '9'.repeat(6_000)))];
    const long = [invoice(lines(20, '9'.repeat(40_000), '9'.repeat(60_000)))];

    const ratio = costRatio(
      () => mapInvoices(long, { currency: 'RUB' }),
      () => mapInvoices(short, { currency: 'RUB' }),
    );

    expect(mapInvoices(long, { currency: 'RUB' }).items).toEqual([]);
    expect(ratio).toBeLessThan(30);
  });

  it('ordinary values map exactly as before', () => {
    const { items } = mapInvoices([invoice([line(1, ORDINARY_AMOUNT, ORDINARY_SUM)])], { currency: 'RUB' });
    expect(items[0]!.items[0]).toMatchObject({ quantity: '152.000000000', unitPrice: '9.473684211', lineTotal: '1440.000000000' });
  });
});
