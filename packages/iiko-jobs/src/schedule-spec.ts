import { parseCronItem, type CronMatcher } from 'graphile-worker';
import { IikoJobsError } from './errors';

/**
 * When an account is synced: every so many milliseconds, or on a cron pattern (five fields, UTC, as
 * graphile-worker's crontab reads them).
 *
 * @example
 * ```ts
 * await jobs.schedule(accountId, { every: 15 * 60_000 });   // every 15 minutes
 * await jobs.schedule(accountId, { cron: '0 3 * * *' });     // 03:00 UTC every day
 * ```
 */
export type ScheduleSpec =
  | {
      /** Milliseconds between two runs, at least 1000; the first run is due at the next tick. */
      every: number;
      /** Give `every` or `cron`, not both. */
      cron?: never;
    }
  | {
      /** A five-field cron pattern in UTC, e.g. `'*\/30 * * * *'`. */
      cron: string;
      /** Give `every` or `cron`, not both. */
      every?: never;
    };

/** The shortest `every`: a tick rarely runs more often, and iiko wants its servers treated gently. */
const MIN_EVERY_MS = 1_000;
/** How far ahead the next match of a cron pattern is looked for (a pattern such as `0 0 30 2 *` never matches). */
const CRON_HORIZON_MINUTES = 366 * 24 * 60 + 1;

/** Checks a spec and returns its cron matcher, if any. Internal. */
export function validateSchedule(spec: ScheduleSpec, accountId: string): CronMatcher | undefined {
  if (typeof spec !== 'object' || spec === null) throw new IikoJobsError('INVALID_OPTIONS', 'a schedule is { every } or { cron }', accountId);
  const hasEvery = spec.every !== undefined;
  const hasCron = spec.cron !== undefined;
  if (hasEvery === hasCron) throw new IikoJobsError('INVALID_OPTIONS', 'give exactly one of every (milliseconds) or cron (a pattern)', accountId);
  if (hasEvery) {
    if (!Number.isInteger(spec.every) || spec.every! < MIN_EVERY_MS) {
      throw new IikoJobsError('INVALID_OPTIONS', `every must be a whole number of milliseconds, at least ${MIN_EVERY_MS} (got ${String(spec.every)})`, accountId);
    }
    return undefined;
  }
  try {
    return parseCronItem({ task: 'schedule', match: String(spec.cron) }).match;
  } catch (error) {
    throw new IikoJobsError('INVALID_OPTIONS', `cron is not a valid five-field pattern: ${error instanceof Error ? error.message : String(error)}`, accountId);
  }
}

/**
 * The next time a schedule is due after `fromMs`: `fromMs + every`, or the next whole UTC minute the
 * cron pattern matches (`undefined` when it matches none within a year). Internal.
 */
export function nextRunAfter(spec: ScheduleSpec, fromMs: number, matcher?: CronMatcher): Date | undefined {
  if (spec.every !== undefined) return new Date(fromMs + spec.every);
  const match = matcher ?? validateSchedule(spec, '')!;
  const at = new Date(fromMs);
  at.setUTCSeconds(0, 0);
  for (let step = 0; step < CRON_HORIZON_MINUTES; step += 1) {
    at.setUTCMinutes(at.getUTCMinutes() + 1);
    const digest = { min: at.getUTCMinutes(), hour: at.getUTCHours(), date: at.getUTCDate(), month: at.getUTCMonth() + 1, dow: at.getUTCDay() };
    if (match(digest)) return new Date(at);
  }
  return undefined;
}
