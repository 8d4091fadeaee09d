/**
 * Exact decimal helpers for generated money. iikoServer writes money and quantities with 9 decimals
 * (`420.440000000`); the generator computes on scaled BigInts so every `sum` is exact, never a float
 * rounding artefact.
 */

/** Decimals iikoServer writes for money and quantities. */
export const IIKO_DECIMALS = 9;

/**
 * Formats `units` (an integer count of 10^-`scale`) as a decimal string with 9 decimals.
 *
 * @example
 * ```ts
 * formatScaled(42044n, 2); // '420.440000000'
 * ```
 */
export function formatScaled(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale).padEnd(IIKO_DECIMALS, '0');
  return `${negative ? '-' : ''}${whole}.${fraction}`;
}

/** Divides with half-up rounding (for non-negative values). */
export function divRound(numerator: bigint, denominator: bigint): bigint {
  return (numerator * 2n + denominator) / (denominator * 2n);
}
