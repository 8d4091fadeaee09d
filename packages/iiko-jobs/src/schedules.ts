/**
 * Schedules and the tick that turns due schedules into jobs. Any number of processes may tick at once:
 * due rows are taken with `for update skip locked` and moved to their next due time in the transaction
 * that enqueues them, so each due schedule is enqueued once. Internal.
 */
import type { CronMatcher } from 'graphile-worker';
import { listAccounts } from './accounts';
import { DEFAULTS } from './constants';
import type { EngineContext } from './context';
import { addSyncJob, inTransaction, serverOf } from './enqueue';
import type { TickResult } from './options';
import { nextRunAfter, validateSchedule, type ScheduleSpec } from './schedule-spec';

interface ScheduleRow {
  account_id: string;
  every_ms: string | null;
  cron: string | null;
}

function specOf(row: ScheduleRow): ScheduleSpec {
  return row.every_ms !== null ? { every: Number(row.every_ms) } : { cron: row.cron! };
}

/** Sets an account's schedule; the first run is due at the next tick (`every`) or the next match (`cron`). */
export async function setSchedule(ctx: EngineContext, accountId: string, spec: ScheduleSpec): Promise<void> {
  const matcher = validateSchedule(spec, accountId);
  const now = ctx.now();
  const first = spec.every !== undefined ? new Date(now) : (nextRunAfter(spec, now, matcher) ?? null);
  await ctx.pool.query(
    `insert into ${ctx.s}.schedules (account_id, every_ms, cron, enabled, is_default, next_run_at)
     values ($1, $2, $3, true, false, $4)
     on conflict (account_id) do update set every_ms = excluded.every_ms, cron = excluded.cron, enabled = true, is_default = false,
       next_run_at = excluded.next_run_at, updated_at = now()`,
    [accountId, spec.every ?? null, spec.cron ?? null, first],
  );
}

/** Gives every listed account without a schedule row the default schedule, in one statement. */
async function addDefaultSchedules(ctx: EngineContext, spec: ScheduleSpec): Promise<void> {
  const accountIds = (await listAccounts(ctx.accounts)).map((account) => account.accountId);
  if (accountIds.length === 0) return;
  const now = ctx.now();
  const first = spec.every !== undefined ? new Date(now) : (nextRunAfter(spec, now) ?? null);
  await ctx.pool.query(
    `insert into ${ctx.s}.schedules (account_id, every_ms, cron, enabled, is_default, next_run_at)
     select id, $2, $3, true, true, $4 from unnest($1::text[]) as ids(id) on conflict (account_id) do nothing`,
    [accountIds, spec.every ?? null, spec.cron ?? null, first],
  );
}

/**
 * Stops an account's scheduled syncs. The row stays, disabled, so a `defaultSchedule` does not bring the
 * account back; queued jobs are left to run.
 */
export async function clearSchedule(ctx: EngineContext, accountId: string, fallback: ScheduleSpec | undefined): Promise<void> {
  const spec = fallback ?? { every: 86_400_000 };
  await ctx.pool.query(
    `insert into ${ctx.s}.schedules (account_id, every_ms, cron, enabled, is_default, next_run_at)
     values ($1, $2, $3, false, false, null)
     on conflict (account_id) do update set enabled = false, is_default = false, next_run_at = null, updated_at = now()`,
    [accountId, spec.every ?? null, spec.cron ?? null],
  );
}

/** Enqueues every due schedule of an active account; see {@link TickResult}. */
export async function tick(ctx: EngineContext, defaultSchedule: ScheduleSpec | undefined): Promise<TickResult> {
  const result: TickResult = { enqueued: [], skipped: [] };
  if (!(await ctx.enabled())) {
    ctx.logger.info({}, 'iiko integration disabled: the tick enqueues no sync');
    result.skipped.push({ accountId: null, reason: 'the iiko integration is disabled' });
    return result;
  }
  if (defaultSchedule !== undefined) await addDefaultSchedules(ctx, defaultSchedule);
  const matchers = new Map<string, CronMatcher | undefined>();
  for (;;) {
    const handled = await inTransaction(ctx.pool, async (db) => {
      const now = ctx.now();
      const { rows } = await db.query<ScheduleRow>(
        `select account_id, every_ms::text, cron from ${ctx.s}.schedules
         where enabled and next_run_at <= $1 order by next_run_at limit $2 for update skip locked`,
        [new Date(now), DEFAULTS.tickBatchSize],
      );
      for (const row of rows) {
        const spec = specOf(row);
        if (spec.cron !== undefined && !matchers.has(spec.cron)) matchers.set(spec.cron, validateSchedule(spec, row.account_id));
        const next = nextRunAfter(spec, now, spec.cron === undefined ? undefined : matchers.get(spec.cron));
        const account = await ctx.accounts.get(row.account_id);
        const server = account === undefined ? undefined : serverOf(account);
        let jobId: string | null = null;
        if (server === undefined || 'reason' in server) {
          const reason = server === undefined ? `no iiko integration is set up for account ${row.account_id}` : server.reason.message;
          ctx.logger.info({ accountId: row.account_id, reason }, 'scheduled iiko sync skipped');
          result.skipped.push({ accountId: row.account_id, reason });
        } else {
          jobId = (await addSyncJob(ctx, db, row.account_id, server.serverKey, {}, 'schedule')).jobId;
          ctx.logger.info({ accountId: row.account_id, jobId }, 'scheduled iiko sync enqueued');
          result.enqueued.push({ accountId: row.account_id, jobId });
        }
        await db.query(
          `update ${ctx.s}.schedules set next_run_at = $2, last_enqueued_at = case when $3::text is null then last_enqueued_at else $4 end,
             last_job_id = coalesce($3::text, last_job_id), updated_at = now() where account_id = $1`,
          [row.account_id, next ?? null, jobId, new Date(now)],
        );
      }
      return rows.length;
    });
    if (handled < DEFAULTS.tickBatchSize) return result;
  }
}
