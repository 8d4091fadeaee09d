import { IikoArgumentError } from '../errors/transport-errors';

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses `YYYY-MM-DD` into a day number, refusing anything else (including impossible dates such as 2024-02-30). */
export function dayNumber(date: string, name: string): number {
  const match = ISO_DATE.exec(date);
  const [year, month, day] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  const time = Date.UTC(year, month - 1, day);
  const check = new Date(time);
  if (!match || check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new IikoArgumentError(`${name} must be a calendar date written YYYY-MM-DD, got ${JSON.stringify(date)}`);
  }
  return time / DAY_MS;
}

function dateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Splits an inclusive date range into consecutive inclusive chunks of at most `maxDays` days. iikoServer
 * should be asked for at most a month of documents per request (vendor "Ограничения и рекомендации").
 * Dates are calendar dates on the server; no time zone is involved.
 *
 * @example splitDateRange('2024-01-01', '2024-02-15', 31) → [['2024-01-01','2024-01-31'], ['2024-02-01','2024-02-15']]
 */
export function splitDateRange(from: string, to: string, maxDays: number): Array<[string, string]> {
  const first = dayNumber(from, 'from');
  const last = dayNumber(to, 'to');
  if (first > last) throw new IikoArgumentError(`from (${from}) must not be after to (${to})`);
  const chunks: Array<[string, string]> = [];
  for (let start = first; start <= last; start += maxDays) {
    chunks.push([dateOf(start), dateOf(Math.min(start + maxDays - 1, last))]);
  }
  return chunks;
}
