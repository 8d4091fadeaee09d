/**
 * Value schemas shared by every iiko entity. They receive the text of one XML element: the XML layer has
 * already trimmed it and dropped empty elements and the literal `null` (both mean "no value" on
 * iikoServer, see `dueDate` in the invoice export), so every schema here sees real text and checks it
 * without copying it again.
 */
import { z } from 'zod';
import { DEFAULTS } from '../constants';

/**
 * A decimal as iiko writes money and quantities (`420.440000000`), kept as an exact string with every
 * digit, and at most {@link DEFAULTS.maxDecimalLength} characters long: exact arithmetic on a decimal
 * costs up to the square of its digits, so one field of 60,000 digits would stall whoever computes with
 * it (a mapper dividing a line's sum by its amount took 26 s).
 */
export const decimalString = z
  .string()
  .max(DEFAULTS.maxDecimalLength, `expected a decimal number of at most ${DEFAULTS.maxDecimalLength} characters`)
  .regex(/^-?\d+(\.\d+)?$/, 'expected a decimal number such as 420.440000000');

/** iiko writes booleans as the strings `true` / `false`. */
export const booleanString = z.enum(['true', 'false']).transform((value) => value === 'true');

/** Digits of `Number.MAX_SAFE_INTEGER` (9007199254740991): a longer text cannot be a safe integer. */
const SAFE_INTEGER_DIGITS = 16;

/**
 * A whole number written as text (`num`, `serverPort`), as a JS number: only a safe integer
 * (|n| ≤ 2^53 − 1) is accepted, since beyond it `Number` rounds (`18446744073709551616` becomes
 * `18446744073709552000`), gives `1e30`, or `Infinity` for 400 digits. `-0` becomes `0`.
 */
export const integerString = z
  .string()
  .regex(/^-?\d+$/, 'expected a whole number')
  .refine(
    (value) => value.replace(/^-?0*/, '').length <= SAFE_INTEGER_DIGITS && Number.isSafeInteger(Number(value)),
    'expected a whole number between -9007199254740991 and 9007199254740991',
  )
  .transform((value) => Number(value) || 0);

/**
 * A date or date-time exactly as the server wrote it: `yyyy-MM-dd`, `yyyy-MM-ddTHH:mm[:ss[.SSS]]`, with or
 * without an offset. It stays a string because the server writes its own local time; converting it to a
 * `Date` would shift calendar dates through UTC (see `calendarDate`).
 */
export const dateTimeString = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?)?(Z|[+-]\d{2}:?\d{2})?$/,
    'expected yyyy-MM-dd or yyyy-MM-ddTHH:mm:ss',
  );

/** Plain text (already trimmed by the XML layer). */
export const text = z.string();

/** Repeatable scalar elements (`roleCodes`, `departmentCodes`): one occurrence still gives a list. */
export const textList = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (Array.isArray(value) ? value : [value]));
