/**
 * Reading a record's fields into typed column values. The mappers produce well-typed records; anything
 * else a caller upserts (an older record shape, a hand-made one) still lands: a value that does not fit its
 * column is left `null` there, kept in `sync_record`, and named in the row's `iiko_sync_error`.
 *
 * @internal
 */

/** A record's fields, by name. */
export type Fields = Readonly<Record<string, unknown>>;

/** Collects what did not fit, as `field: reason`. */
export type Problems = string[];

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A wall-clock time without offset, as iiko's balance report takes it. */
const LOCAL_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** The record as an object of fields; `{}` (with a problem) for anything else. */
export function fieldsOf(data: unknown, problems: Problems): Fields {
  if (isObject(data)) return data;
  problems.push('record: not a JSON object');
  return {};
}

/** A text column: strings as they are, absent or `null` as `null`. */
export function text(fields: Fields, name: string, problems: Problems, prefix = ''): string | null {
  const value = fields[name];
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  problems.push(`${prefix}${name}: not text`);
  return null;
}

/** A `numeric` column from an exact decimal string (or a finite number), never through a float. */
export function decimal(fields: Fields, name: string, problems: Problems, prefix = ''): string | null {
  const value = fields[name];
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' && DECIMAL.test(value)) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  problems.push(`${prefix}${name}: not a decimal number`);
  return null;
}

/** A `date` column from a calendar date `YYYY-MM-DD` (written as is, never shifted through UTC). */
export function calendarDate(fields: Fields, name: string, problems: Problems, prefix = ''): string | null {
  const value = fields[name];
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') {
    const match = CALENDAR_DATE.exec(value);
    if (match !== null) {
      const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
      const date = new Date(Date.UTC(year, month - 1, day));
      if (year >= 1 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day) return value;
    }
  }
  problems.push(`${prefix}${name}: not a calendar date YYYY-MM-DD`);
  return null;
}

/** A `timestamptz` column from an ISO 8601 date-time with an offset or `Z` (as the sync stamps them). */
export function timestamp(fields: Fields, name: string, problems: Problems, prefix = ''): string | null {
  const value = fields[name];
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' && ISO_TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value))) return value;
  problems.push(`${prefix}${name}: not an ISO 8601 time with an offset`);
  return null;
}

/**
 * A `timestamp` (without time zone) column from `YYYY-MM-DDTHH:mm:ss`: a wall-clock time as iiko takes it
 * (a balance's `asOf`, the server's local time), written as is.
 */
export function localTimestamp(fields: Fields, name: string, problems: Problems, prefix = ''): string | null {
  const value = fields[name];
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' && LOCAL_TIMESTAMP.test(value) && !Number.isNaN(Date.parse(`${value}Z`))) return value;
  problems.push(`${prefix}${name}: not a local time YYYY-MM-DDTHH:mm:ss`);
  return null;
}

/** A `boolean` column. */
export function bool(fields: Fields, name: string, problems: Problems, prefix = ''): boolean | null {
  const value = fields[name];
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value;
  problems.push(`${prefix}${name}: not a boolean`);
  return null;
}

/** An `integer` column. */
export function integer(fields: Fields, name: string, problems: Problems, prefix = ''): number | null {
  const value = fields[name];
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' && Number.isSafeInteger(value) && Math.abs(value) <= 2_147_483_647) return value;
  problems.push(`${prefix}${name}: not an integer`);
  return null;
}

/** A `jsonb` object column (`external_metadata`, `contact_info`): `{}` when absent. */
export function jsonObject(fields: Fields, name: string, problems: Problems, prefix = ''): Record<string, unknown> {
  const value = fields[name];
  if (value === undefined || value === null) return {};
  if (isObject(value)) return value;
  problems.push(`${prefix}${name}: not a JSON object`);
  return {};
}

/** A plain JSON object (not an array, not `null`). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
