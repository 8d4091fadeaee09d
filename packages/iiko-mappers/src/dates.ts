/**
 * Calendar dates from iiko's date-times, without ever going through `Date`.
 *
 * iikoServer writes dates in its own local time, with or without an offset (`2012-07-04T23:00:00+04:00`,
 * vendor outgoing-invoice sample). The date on the supplier's paper is the date written. `new Date(text)`
 * would read an offset-less value in the *host's* zone and one with an offset as UTC, so
 * `2012-07-04T23:00:00+04:00` would become July 4th or 5th depending on where the code runs — and the
 * invoice would stop matching its line on the statement.
 */

/**
 * `yyyy-MM-dd`, optionally `THH:mm[:ss[.fraction]]`, optionally an offset (`Z`, `+04:00`, `+0400`) — the
 * forms iikoServer writes (the offset may also follow a bare date, as in `xs:date`).
 */
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?)?(?:Z|[+-](\d{2}):?(\d{2}))?$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * The calendar date `YYYY-MM-DD` exactly as written at the start of an iiko date or date-time, or
 * `undefined` when the text is not one of iiko's forms or names no real day (`2023-02-30`, month 13,
 * hour 25). The offset is checked for form and otherwise ignored: the date written is the date meant.
 *
 * @example
 * ```ts
 * calendarDate('2012-07-04T23:00:00+04:00'); // '2012-07-04' (not the 5th, not the 4th in UTC)
 * calendarDate('2023-02-30');                // undefined
 * ```
 */
export function calendarDate(text: string): string | undefined {
  const match = DATE_TIME.exec(text.trim());
  if (match === null) return undefined;
  const [, y, m, d, hh, mm, ss, offH, offM] = match;
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  if (year < 1 || month < 1 || month > 12 || day < 1) return undefined;
  const monthDays = month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  if (day > monthDays) return undefined;
  if (hh !== undefined && (Number(hh) > 23 || Number(mm) > 59)) return undefined;
  if (ss !== undefined && Number(ss) > 59) return undefined;
  if (offH !== undefined && (Number(offH) > 18 || Number(offM) > 59)) return undefined;
  return `${y}-${m}-${d}`;
}
