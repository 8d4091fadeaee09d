/**
 * Value schemas of the v2 JSON entities (products, groups, measure units). The JSON reader has already
 * dropped `null` and empty strings (both mean "no value", as empty elements do in the XML) and built every
 * object without a prototype, so these schemas see real values only.
 */
import { z } from 'zod';
import { DEFAULTS } from '../constants';

/** Text of a JSON field (the reader bounds its length). */
export const jsonText = z.string();

/** A JSON boolean; the string forms `'true'`/`'false'` some servers write are accepted too. */
export const jsonBoolean = z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]);

/** A whole number that JavaScript holds exactly (a larger one would silently change). */
export const jsonInteger = z.union([
  z.number().refine(Number.isSafeInteger, 'expected a whole number within ±2^53'),
  z
    .string()
    .regex(/^-?\d{1,15}$/, 'expected a whole number')
    .transform(Number),
]);

/**
 * A decimal of a JSON entity (a weight, a capacity, a price), as an exact string like the XML's
 * (`'0.25'`), never a JS number. JSON numbers arrive as binary floats: the shortest form that reads back
 * the same is what the server wrote for up to 15 significant digits, so a number is taken when its
 * magnitude is below 10^15 and written in plain notation (`1e-7` becomes `'0.0000001'`). A decimal string
 * is taken as written, at most {@link DEFAULTS.maxDecimalLength} characters long.
 */
export const jsonDecimal = z.union([
  z
    .number()
    .refine((value) => Number.isFinite(value) && Math.abs(value) < 1e15, 'expected a finite decimal below 10^15')
    .transform(plainDecimal),
  z
    .string()
    .max(DEFAULTS.maxDecimalLength)
    .regex(/^-?\d+(\.\d+)?$/, 'expected a decimal number such as 0.250'),
]);

/** `value` in plain decimal notation, without an exponent and without trailing zeros. */
function plainDecimal(value: number): string {
  const shortest = String(value);
  if (!/e/i.test(shortest)) return shortest;
  // Only magnitudes below 1e-6 reach here (those at 1e21 and above are refused before): 9 decimals are
  // iiko's own scale.
  const fixed = value.toFixed(9).replace(/\.?0+$/, '');
  return fixed === '-0' ? '0' : fixed;
}
