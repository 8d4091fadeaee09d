/**
 * Exact fixed-point decimals on native `BigInt`: a value is `units / 10^scale`. Internal: the public
 * surface only exchanges strings (see `decimal.ts`).
 *
 * Why not a decimal library: the mappers only parse, check scales, add, divide once per line and format —
 * each of which is one or two machine-word `BigInt` operations on 9-decimal values. big.js did the same
 * with an array of digits per value and per intermediate result, which made `mapInvoices` cost three
 * times a `structuredClone` of its input, most of it in allocating and joining those arrays.
 */

/** An exact decimal `units / 10^scale`, normalised: no trailing zero in the decimals (`1.50` is `15 / 10^1`). */
export interface FixedPoint {
  /** The value times `10^scale`, signed. `-0` is `0n`. */
  readonly units: bigint;
  /** Decimals after the point once trailing zeros are dropped: 0 for a whole number. */
  readonly scale: number;
  /**
   * The text the value was parsed from when it is already what {@link formatFixedPoint} writes at
   * {@link FixedPoint.textScale} decimals (`'1440.000000000'`, not `'01440.0'` or `'-0.0'`), so that
   * formatting an input carried over exactly allocates nothing; `undefined` otherwise.
   */
  readonly text: string | undefined;
  /** The decimals {@link FixedPoint.text} is written with; -1 without a text. */
  readonly textScale: number;
}

/** Plain decimal notation only: no exponent, no `.5`, no `Infinity` — what iiko writes. */
const DECIMAL_PATTERN = /^-?\d+(?:\.\d+)?$/;

const POWERS_OF_TEN: bigint[] = [1n];

/** `10^exponent` as a `BigInt`, cached (scales are small and repeat on every line). */
export function powerOfTen(exponent: number): bigint {
  let power = POWERS_OF_TEN[exponent];
  if (power === undefined) {
    power = 10n ** BigInt(exponent);
    if (exponent < 4096) POWERS_OF_TEN[exponent] = power;
  }
  return power;
}

/** The parts of a plain decimal text: sign, integer digits without leading zeros, decimals as written. */
export interface DecimalParts {
  readonly negative: boolean;
  /** Integer digits without leading zeros; `''` for a value below 1. */
  readonly integer: string;
  /** The digits after the point as written, trailing zeros included; `''` when there is no point. */
  readonly fraction: string;
}

/**
 * Splits a plain decimal (`-?digits[.digits]`, already trimmed) into its parts, or `undefined` for
 * anything else. Linear in the text: one regular-expression test, then a scan for the leading zeros.
 */
export function splitDecimal(text: string): DecimalParts | undefined {
  if (!DECIMAL_PATTERN.test(text)) return undefined;
  const negative = text.charCodeAt(0) === 45; // '-'
  const start = negative ? 1 : 0;
  const point = text.indexOf('.', start);
  const integerEnd = point === -1 ? text.length : point;
  let first = start;
  while (first < integerEnd && text.charCodeAt(first) === 48) first += 1; // '0'
  return {
    negative,
    integer: text.slice(first, integerEnd),
    fraction: point === -1 ? '' : text.slice(point + 1),
  };
}

/**
 * Parses a trimmed plain decimal into a {@link FixedPoint}, or `undefined` when it is not one. The caller
 * bounds the length: `BigInt` parsing is not linear in the digits.
 */
export function parseFixedPoint(text: string): FixedPoint | undefined {
  if (!DECIMAL_PATTERN.test(text)) return undefined;
  const negative = text.charCodeAt(0) === 45; // '-'
  const start = negative ? 1 : 0;
  const point = text.indexOf('.', start);
  const integerEnd = point === -1 ? text.length : point;
  let first = start;
  while (first < integerEnd && text.charCodeAt(first) === 48) first += 1; // leading '0'
  let end = text.length;
  if (point !== -1) while (end > point + 1 && text.charCodeAt(end - 1) === 48) end -= 1; // trailing '0'
  const scale = point === -1 ? 0 : end - point - 1;
  const digits =
    point === -1 ? text.slice(first) : first === point ? text.slice(point + 1, end) : text.slice(first, point) + text.slice(point + 1, end);
  const magnitude = digits === '' ? 0n : BigInt(digits);
  // Written as formatFixedPoint writes it: no leading zero but the one before the point, no sign on zero.
  const canonical = (first === start || (first === integerEnd && first === start + 1)) && !(negative && magnitude === 0n);
  return {
    units: negative ? -magnitude : magnitude,
    scale,
    text: canonical ? text : undefined,
    textScale: canonical ? (point === -1 ? 0 : text.length - point - 1) : -1,
  };
}

/** Zero (`-0` parses to it too). */
export const ZERO: FixedPoint = Object.freeze({ units: 0n, scale: 0, text: undefined, textScale: -1 });

/** A computed value: it has no text yet. */
function computed(units: bigint, scale: number): FixedPoint {
  return { units, scale, text: undefined, textScale: -1 };
}

/** `a + b`, exactly, at the larger of their scales. */
export function addFixedPoint(a: FixedPoint, b: FixedPoint): FixedPoint {
  if (a.scale === b.scale) return computed(a.units + b.units, a.scale);
  return a.scale > b.scale
    ? computed(a.units + b.units * powerOfTen(a.scale - b.scale), a.scale)
    : computed(a.units * powerOfTen(b.scale - a.scale) + b.units, b.scale);
}

/**
 * `|value| / 10^drop` rounded half-even (`halfUp` false) or half-up (ties away from zero), on the
 * magnitude: the sign is the caller's.
 */
function roundMagnitude(magnitude: bigint, drop: number, halfUp: boolean): bigint {
  if (drop <= 0) return magnitude * powerOfTen(-drop);
  const divisor = powerOfTen(drop);
  let quotient = magnitude / divisor;
  const twiceRemainder = (magnitude % divisor) * 2n;
  if (twiceRemainder > divisor || (twiceRemainder === divisor && (halfUp || quotient % 2n === 1n))) quotient += 1n;
  return quotient;
}

/**
 * `value` written with exactly `scale` decimals, rounded half-even when it has more. The sign follows
 * the value before rounding, as big.js's `toFixed` wrote it: `-0.0000000001` at 9 decimals is
 * `-0.000000000`, and only a value that is zero (`-0` included) is written without a sign.
 */
export function formatFixedPoint(value: FixedPoint, scale: number): string {
  if (value.textScale === scale && value.text !== undefined) return value.text;
  const { units } = value;
  const negative = units < 0n;
  const rounded = roundMagnitude(negative ? -units : units, value.scale - scale, false);
  return writeUnits(rounded, scale, negative);
}

/** `magnitude / 10^scale` with exactly `scale` decimals, `-` in front when `negative`. */
export function writeUnits(magnitude: bigint, scale: number, negative: boolean): string {
  const sign = negative ? '-' : '';
  if (scale === 0) return sign + magnitude.toString();
  const digits = magnitude.toString();
  if (digits.length > scale) {
    const point = digits.length - scale;
    return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
  }
  return `${sign}0.${digits.padStart(scale, '0')}`;
}

/**
 * `dividend / divisor` rounded half-even to `scale` decimals in one step, from the exact remainder (no
 * double rounding). The divisor must not be zero.
 */
export function divideFixedPoint(dividend: FixedPoint, divisor: FixedPoint, scale: number): FixedPoint {
  const numerator = dividend.units < 0n ? -dividend.units : dividend.units;
  const denominator = divisor.units < 0n ? -divisor.units : divisor.units;
  if (denominator === 0n) throw new RangeError('Division by zero');
  // (n / 10^nd) / (d / 10^dd) × 10^scale = n × 10^(dd + scale) / (d × 10^nd)
  const top = numerator * powerOfTen(divisor.scale + scale);
  const bottom = denominator * powerOfTen(dividend.scale);
  let quotient = top / bottom;
  const twiceRemainder = (top % bottom) * 2n;
  if (twiceRemainder > bottom || (twiceRemainder === bottom && quotient % 2n === 1n)) quotient += 1n;
  const negative = dividend.units < 0n !== divisor.units < 0n;
  return computed(negative ? -quotient : quotient, scale);
}

/**
 * The exponent of the leading digit of a non-zero value — `2` for `152`, `-3` for `0.005` — compared
 * against `threshold`: the larger of the two. Cheap for the usual case where the value is below
 * `10^(threshold + 1)`: one comparison, no digits written out.
 */
export function leadingExponentAtLeast(value: FixedPoint, threshold: number): number {
  const magnitude = value.units < 0n ? -value.units : value.units;
  if (magnitude < powerOfTen(threshold + 1 + value.scale)) return threshold;
  return magnitude.toString().length - 1 - value.scale;
}

/**
 * Rounds a plain decimal text to `scale` decimals — half-up (ties away from zero) or half-even — and
 * writes it with exactly `scale` decimals, or returns `undefined` when the rounded value has more than
 * `maxIntegerDigits` integer digits. Linear in the text however long it is: the digits beyond `scale`
 * are only scanned, and a value with too many integer digits is refused before any `BigInt` is built.
 * Zero, `-0` and values rounding to zero are written without a sign.
 */
export function roundText(
  parts: DecimalParts,
  scale: number,
  halfUp: boolean,
  maxIntegerDigits: number,
): string | undefined {
  const { integer, fraction } = parts;
  // Rounding never makes a magnitude smaller, so too many integer digits already means overflow.
  if (integer.length > maxIntegerDigits) return undefined;
  const kept = fraction.length >= scale ? fraction.slice(0, scale) : fraction.padEnd(scale, '0');
  let magnitude = BigInt(`${integer}${kept}` || '0');
  if (fraction.length > scale) {
    const first = fraction.charCodeAt(scale) - 48;
    let up = first > 5;
    if (first === 5) {
      const tie = !/[1-9]/.test(fraction.slice(scale + 1));
      up = !tie || halfUp || magnitude % 2n === 1n;
    }
    if (up) magnitude += 1n;
  }
  if (magnitude >= powerOfTen(maxIntegerDigits + scale)) return undefined;
  return writeUnits(magnitude, scale, parts.negative && magnitude !== 0n);
}
