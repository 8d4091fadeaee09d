/**
 * Exact decimal arithmetic for money and quantities, on native `BigInt` fixed point (`fixed-point.ts`).
 *
 * iikoServer writes money and quantities with 9 decimals (`420.440000000`). JS numbers cannot hold most of
 * them exactly, and a total summed in floats drifts by fractions of a cent — enough for reconciliation
 * against a supplier statement to flag a mismatch. Everything here works on exact decimals and hands out
 * strings.
 *
 * No decimal library is involved, so no global setting (big.js's `Big.DP`/`Big.RM`, say) another library in
 * the same process changes can alter a result here.
 */
import { InvalidDecimalError, NumericOverflowError } from './errors';
import {
  ZERO,
  addFixedPoint,
  divideFixedPoint,
  formatFixedPoint,
  leadingExponentAtLeast,
  parseFixedPoint,
  powerOfTen,
  roundText,
  splitDecimal,
  type FixedPoint,
} from './fixed-point';

/**
 * Decimals of every money output (`lineTotal`, `totalAmount`): the scale iikoServer writes, so a line's
 * `sum` is carried over exactly (`'1440.000000000'`) and a total of such lines is exact too. Rounding to the
 * platform's columns is the host's decision, with {@link toNumeric}.
 */
export const MONEY_SCALE = 9;

/** Decimals of `quantity` outputs: iiko's `amount` in base units, carried over exactly. */
export const QUANTITY_SCALE = 9;

/**
 * The least number of decimals of `unitPrice`, which is `lineTotal / quantity` rounded half-even.
 * Nine decimals keep `quantity × unitPrice` within half a cent of `lineTotal` for any quantity below 10^7;
 * a larger quantity gets as many more decimals as it has extra integer digits, so the bound always holds.
 * The vendor's pack-priced example (152 base units, 180 per pack, sum 1440) gives `9.473684211`.
 */
export const UNIT_PRICE_SCALE = 9;

/** How {@link toNumeric} rounds a value that has more decimals than the column. */
export type NumericRounding = 'half-up' | 'half-even';

/**
 * A PostgreSQL `Numeric(precision, scale)` column, as {@link toNumeric} fits values to it.
 *
 * @example
 * ```ts
 * const column: NumericSpec = { precision: 12, scale: 3, rounding: 'half-even' };
 * ```
 */
export interface NumericSpec {
  /** Total significant digits the column holds (1–1000, as PostgreSQL allows). */
  precision: number;
  /** Digits after the decimal point (0–`precision`). */
  scale: number;
  /**
   * `half-up` rounds ties away from zero, as PostgreSQL does when it stores a longer value in the column,
   * and as supplier statements round; `half-even` (banker's rounding) is there for hosts that need it.
   * @default 'half-up'
   */
  rounding?: NumericRounding;
}

/**
 * The platform's money columns (`totalAmount`, `lineTotal`): `Numeric(10,2)`, 8 integer digits.
 *
 * @example
 * ```ts
 * toNumeric(invoice.totalAmount, NUMERIC_10_2); // '4680.370000000' → '4680.37'
 * ```
 */
export const NUMERIC_10_2: Readonly<NumericSpec> = Object.freeze({ precision: 10, scale: 2 });

/**
 * Longest decimal text a mapper computes with, sign and point included: the same bound as the client's
 * `DEFAULTS.maxDecimalLength`, so everything the client returns maps, and records built by other means
 * meet the same bound.
 *
 * Why a bound: exact division costs the product of the divisor's digits and the quotient's, and
 * `unitPrice` needs as many decimals as the quantity has integer digits (see {@link unitPriceScale}) — so
 * the cost of one line grows with the square of its digits. Unbounded, one `amount` of 40,000 digits and
 * a `sum` of 60,000 held the event loop for 26 s. At 64 characters the dearest line costs a few thousand
 * digit steps, and mapping stays linear in the number of lines.
 */
export const MAX_DECIMAL_LENGTH = 64;

/** An exact decimal value. Internal: the public surface only exchanges strings. */
export type Decimal = FixedPoint;

/**
 * Parses a plain decimal string of at most {@link MAX_DECIMAL_LENGTH} characters (surrounding whitespace
 * allowed) for mapping; `undefined` for anything else, a longer one included. The length is checked
 * before the pattern, and both are linear in the text.
 */
export function parseDecimal(value: unknown): Decimal | undefined {
  return typeof value === 'string' ? parseTrimmedDecimal(value.trim()) : undefined;
}

/** {@link parseDecimal} of a text already trimmed, for a caller that has trimmed it for another check. */
export function parseTrimmedDecimal(text: string): Decimal | undefined {
  return text.length <= MAX_DECIMAL_LENGTH ? parseFixedPoint(text) : undefined;
}

/** True when `value` has no non-zero digit beyond `scale` decimals, i.e. it can be written exactly. */
export function fitsScale(value: Decimal, scale: number): boolean {
  // Parsed values carry no trailing zeros, so for them the first test decides.
  return value.scale <= scale || value.units % powerOfTen(value.scale - scale) === 0n;
}

/** The zero the totals start from (values are immutable, so one instance serves all). */
export function zero(): Decimal {
  return ZERO;
}

/** True for zero, including `-0` and `0.000000000`. */
export function isZero(value: Decimal): boolean {
  return value.units === 0n;
}

/** `a + b`, exactly. */
export function add(a: Decimal, b: Decimal): Decimal {
  return addFixedPoint(a, b);
}

/**
 * `value` written with exactly `scale` decimals; `-0` is written `0`. A value with more decimals is
 * rounded half-even (the mappers only format values that fit, or were rounded to the scale already).
 */
export function formatDecimal(value: Decimal, scale: number): string {
  return formatFixedPoint(value, scale);
}

/**
 * `dividend / divisor` rounded half-even to `scale` decimals in one step, from the exact remainder (no
 * double rounding). The divisor must not be zero.
 *
 * On native `BigInt`s of the scaled values: digit-by-digit long division (as big.js's `div` does, with up
 * to ten subtractions a digit) took 0.7 ms per line at the {@link MAX_DECIMAL_LENGTH} longest values, 60
 * times an ordinary line, where a division of machine words takes microseconds.
 */
export function divide(dividend: Decimal, divisor: Decimal, scale: number): Decimal {
  return divideFixedPoint(dividend, divisor, scale);
}

/**
 * The decimals `unitPrice` needs so that `|quantity × unitPrice − lineTotal| < 0.005`: the half-even error
 * of the price is at most `0.5 × 10^-scale`, times `|quantity| < 10^(e+1)` where `e` is the exponent of
 * its leading digit, so `scale = e + 3` suffices, and never fewer than {@link UNIT_PRICE_SCALE}.
 */
export function unitPriceScale(quantity: Decimal): number {
  return leadingExponentAtLeast(quantity, UNIT_PRICE_SCALE - 3) + 3;
}

/**
 * Rounds an exact decimal string to a `Numeric(precision, scale)` column, for hosts storing the mappers'
 * 9-decimal outputs in the platform's 2-decimal columns. It refuses instead of truncating: a value with
 * more integer digits than the column holds throws {@link NumericOverflowError} (PostgreSQL would refuse it
 * too, and a cut-off total would match nothing on a statement).
 *
 * Rounding defaults to half-up (ties away from zero) — the rule PostgreSQL applies when it stores a longer
 * value in a numeric column, so rounding here or there gives the same cents.
 *
 * Round only for storage: `unitPrice` at 2 decimals no longer multiplies back to `lineTotal`
 * (152 × 9.47 = 1439.44, not 1440), so keep the exact strings where reconciliation reads them.
 *
 * @param value - a decimal string such as a mapper output (`'1440.000000000'`)
 * @param spec - the column, e.g. {@link NUMERIC_10_2}
 * @returns the value with exactly `spec.scale` decimals
 * @throws {@link InvalidDecimalError} when `value` is not a decimal string (JS numbers included)
 * @throws {@link NumericOverflowError} when the rounded value has more than `precision − scale` integer digits
 * @throws `RangeError` when `spec` is not a valid numeric column
 *
 * @example
 * ```ts
 * toNumeric('37.845000000', NUMERIC_10_2);                           // '37.85'
 * toNumeric('37.845000000', { ...NUMERIC_10_2, rounding: 'half-even' }); // '37.84'
 * toNumeric('99999999.995', NUMERIC_10_2);                           // throws NumericOverflowError
 * ```
 */
export function toNumeric(value: string, spec: NumericSpec): string {
  const { precision, scale, rounding = 'half-up' } = spec;
  if (!Number.isInteger(precision) || precision < 1 || precision > 1000) {
    throw new RangeError(`precision must be a whole number from 1 to 1000, got ${String(precision)}`);
  }
  if (!Number.isInteger(scale) || scale < 0 || scale > precision) {
    throw new RangeError(`scale must be a whole number from 0 to precision (${precision}), got ${String(scale)}`);
  }
  if (rounding !== 'half-up' && rounding !== 'half-even') {
    throw new RangeError(`rounding must be 'half-up' or 'half-even', got ${String(rounding)}`);
  }
  // Any length: rounding and comparing are linear in the digits, and a total of many lines may be longer
  // than one line's value.
  const parts = typeof value === 'string' ? splitDecimal(value.trim()) : undefined;
  if (parts === undefined) throw new InvalidDecimalError(value);
  const fitted = roundText(parts, scale, rounding === 'half-up', precision - scale);
  if (fitted === undefined) throw new NumericOverflowError(value, precision, scale);
  return fitted;
}
