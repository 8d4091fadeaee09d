/** Calendar-date arithmetic on `YYYY-MM-DD` strings, independent of the process's time zone. Internal. */

const DAY_MS = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether `value` is a real calendar date written `YYYY-MM-DD`. */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}

/** `date` moved by `days` (negative: back). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The calendar date at `epochMs` in `timeZone` (an IANA name such as `Europe/Moscow`). */
export function calendarDateIn(epochMs: number, timeZone: string): string {
  return dateFormatter(timeZone).format(new Date(epochMs));
}

/**
 * The wall-clock time at `epochMs` in `timeZone`, `YYYY-MM-DDTHH:mm:ss`: how iiko's balance report takes
 * its `timestamp` (the server's local time, no offset).
 */
export function localTimestampIn(epochMs: number, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(new Date(epochMs))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}

/** A formatter writing `YYYY-MM-DD`; throws `RangeError` for an unknown time zone. */
export function dateFormatter(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
}

/** `[from, to]` cut into consecutive windows of at most `days` days, oldest first, both ends inclusive. */
export function splitWindow(from: string, to: string, days: number): { from: string; to: string }[] {
  const windows: { from: string; to: string }[] = [];
  for (let start = from; start <= to; start = addDays(start, days)) {
    const end = addDays(start, days - 1);
    windows.push({ from: start, to: end < to ? end : to });
  }
  return windows;
}
