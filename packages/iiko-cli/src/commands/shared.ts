/** Flag handling that several commands share. */
import { CLI_DEFAULTS } from '../constants';
import { usageError } from '../errors';
import type { Connection } from '../server/connection';

/** `--from` / `--to`, as commander parses them. */
export interface WindowFlags {
  from?: string;
  to?: string;
}

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether `text` is a real `YYYY-MM-DD` calendar day. */
export function isCalendarDate(text: string): boolean {
  return CALENDAR_DATE.test(text) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
}

/** The invoice window of `--from` / `--to`: both or neither, real days, `from` not after `to`. */
export function parseWindow(flags: WindowFlags): { from: string; to: string } | undefined {
  const { from, to } = flags;
  if (from === undefined && to === undefined) return undefined;
  if (from === undefined || to === undefined) throw usageError('--from and --to go together');
  for (const [name, value] of [['--from', from], ['--to', to]] as const) {
    if (!isCalendarDate(value)) throw usageError(`${name}: "${value}" is not a YYYY-MM-DD date`);
  }
  if (from > to) throw usageError(`--from ${from} is after --to ${to}`);
  return { from, to };
}

/**
 * The invoices' currency: `--currency` / `IIKO_CURRENCY`, or RUB for the fake chain. A real server needs
 * it said: iiko's export names no currency, and a wrong default would mislabel every invoice.
 */
export function currencyFor(flag: string | undefined, connection: Pick<Connection, 'fake'> | undefined, command: string): string {
  const currency = flag ?? (connection?.fake ? CLI_DEFAULTS.fakeCurrency : undefined);
  if (currency === undefined) throw usageError(`${command}: give the invoices' currency with --currency (e.g. RUB) or IIKO_CURRENCY`);
  return currency;
}
