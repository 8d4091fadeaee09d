/**
 * Value schemas shared by every iiko entity. They receive the text of one XML element: the XML layer has
 * already trimmed it and dropped empty elements and the literal `null` (both mean "no value" on
 * iikoServer, see `dueDate` in the invoice export), so every schema here sees real text and checks it
 * without copying it again.
 */
import { z } from 'zod';

/** A decimal as iiko writes money and quantities (`420.440000000`), kept as an exact string. */
export const decimalString = z
  .string()
  .regex(/^-?\d+(\.\d+)?$/, 'expected a decimal number such as 420.440000000');

/** iiko writes booleans as the strings `true` / `false`. */
export const booleanString = z.enum(['true', 'false']).transform((value) => value === 'true');

/** A whole number written as text (`num`, revisions). */
export const integerString = z
  .string()
  .regex(/^-?\d+$/, 'expected a whole number')
  .transform(Number);

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
