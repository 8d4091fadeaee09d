/**
 * ORACLE — the big.js implementation of `src/decimal.ts` as it was before the mappers moved to native
 * `BigInt` fixed point, kept unchanged (only its imports point into `src/`) so that
 * `fixed-point.properties.test.ts` can hold the current code to the same outputs, byte for byte.
 * Test-only: never imported by `src/`.
 */
/**
 * Exact decimal arithmetic for money and quantities, on big.js.
 *
 * iikoServer writes money and quantities with 9 decimals (`420.440000000`). JS numbers cannot hold most of
 * them exactly, and a total summed in floats drifts by fractions of a cent — enough for reconciliation
 * against a supplier statement to flag a mismatch. Everything here works on exact decimals and hands out
 * strings.
 *
 * The package uses its own big.js constructors (`Big()` returns an independent one), so it neither reads
 * nor changes the global `Big.DP`/`Big.RM` another library in the same process may rely on.
 */
import Big from 'big.js';
import { InvalidDecimalError, NumericOverflowError } from '../../../src/errors';

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

/** Plain decimal notation only: no exponent, no `.5`, no `Infinity` — what iiko writes. */
const DECIMAL_PATTERN = /^-?\d+(?:\.\d+)?$/;

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

/** Shared setup of this package's constructors: never exponential notation, no JS numbers accepted. */
function exactConstructor(decimalPlaces: number): Big.BigConstructor {
  const Ctor = Big();
  Ctor.DP = decimalPlaces;
  Ctor.RM = Big.roundHalfEven;
  Ctor.NE = -1e6;
  Ctor.PE = 1e6;
  Ctor.strict = true;
  return Ctor;
}

/** The constructor every parsed value comes from; its DP is unused (division is done by {@link divide}). */
const Exact = exactConstructor(UNIT_PRICE_SCALE);

/** An exact decimal value. Internal: the public surface only exchanges strings. */
export type Decimal = Big.Big;

/**
 * Parses a plain decimal string of at most {@link MAX_DECIMAL_LENGTH} characters (surrounding whitespace
 * allowed) for mapping; `undefined` for anything else, a longer one included. The length is checked
 * before the pattern, and both are linear in the text.
 */
export function parseDecimal(value: unknown): Decimal | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  return text.length <= MAX_DECIMAL_LENGTH && DECIMAL_PATTERN.test(text) ? Exact(text) : undefined;
}

/**
 * Parses a plain decimal string of any length, for {@link toNumeric}: rounding and comparing are linear
 * in the digits, and a total of many lines may be longer than one line's value.
 */
function parseAnyLength(value: unknown): Decimal | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  return DECIMAL_PATTERN.test(text) ? Exact(text) : undefined;
}

/** True when `value` has no non-zero digit beyond `scale` decimals, i.e. it can be written exactly. */
export function fitsScale(value: Decimal, scale: number): boolean {
  // big.js keeps the digits without trailing zeros in `c` and the exponent in `e`.
  return value.c.length - value.e - 1 <= scale;
}

const ZERO = Exact('0');

/** The zero the totals start from (big.js values are immutable, so one instance serves all). */
export function zero(): Decimal {
  return ZERO;
}

/** True for zero, including `-0` and `0.000000000`. */
export function isZero(value: Decimal): boolean {
  return value.eq(ZERO);
}

/** `value` written with exactly `scale` decimals; `-0` is written `0`. */
export function formatDecimal(value: Decimal, scale: number): string {
  return (isZero(value) ? ZERO : value).toFixed(scale);
}

/**
 * `dividend / divisor` rounded half-even to `scale` decimals in one step, from the exact remainder (no
 * double rounding) — the same result as big.js's `div` at `DP = scale`. The divisor must not be zero.
 *
 * Computed on native `BigInt`s of the scaled values rather than with big.js's `div`, which divides digit by
 * digit with up to ten subtractions each: at the {@link MAX_DECIMAL_LENGTH} longest values that took
 * 0.7 ms per line (60 times an ordinary line), where a division of machine words takes microseconds.
 */
export function divide(dividend: Decimal, divisor: Decimal, scale: number): Decimal {
  const [numerator, numeratorDecimals] = scaledInteger(dividend);
  const [denominator, denominatorDecimals] = scaledInteger(divisor);
  if (denominator === 0n) throw new RangeError('Division by zero');
  // (n / 10^nd) / (d / 10^dd) × 10^scale = n × 10^(dd + scale) / (d × 10^nd)
  const top = numerator * 10n ** BigInt(denominatorDecimals + scale);
  const bottom = denominator * 10n ** BigInt(numeratorDecimals);
  let quotient = top / bottom;
  const twiceRemainder = (top % bottom) * 2n;
  if (twiceRemainder > bottom || (twiceRemainder === bottom && quotient % 2n === 1n)) quotient += 1n;
  const digits = quotient.toString().padStart(scale + 1, '0');
  const negative = dividend.s * divisor.s < 0 && quotient !== 0n;
  const point = digits.length - scale;
  return Exact(`${negative ? '-' : ''}${digits.slice(0, point)}${scale > 0 ? `.${digits.slice(point)}` : ''}`);
}

/** `|value|` as an integer and its count of decimals: `|value| = integer / 10^decimals`. */
function scaledInteger(value: Decimal): [bigint, number] {
  // big.js keeps the digits without leading or trailing zeros in `c`; the first one has weight 10^e.
  const decimals = value.c.length - 1 - value.e;
  const coefficient = BigInt(value.c.join(''));
  return decimals >= 0 ? [coefficient, decimals] : [coefficient * 10n ** BigInt(-decimals), 0];
}

/**
 * The decimals `unitPrice` needs so that `|quantity × unitPrice − lineTotal| < 0.005`: the half-even error
 * of the price is at most `0.5 × 10^-scale`, times `|quantity| < 10^(e+1)`, so `scale = e + 3` suffices,
 * and never fewer than {@link UNIT_PRICE_SCALE}.
 */
export function unitPriceScale(quantity: Decimal): number {
  return Math.max(UNIT_PRICE_SCALE, quantity.e + 3);
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
  const parsed = parseAnyLength(value);
  if (parsed === undefined) throw new InvalidDecimalError(value);
  const rounded = parsed.round(scale, rounding === 'half-up' ? Big.roundHalfUp : Big.roundHalfEven);
  if (rounded.abs().gte(Exact(`1e${precision - scale}`))) {
    throw new NumericOverflowError(value, precision, scale);
  }
  return formatDecimal(rounded, scale);
}
