/**
 * Worker leases. graphile-worker frees the jobs of a worker process that died only after 4 hours; here
 * each worker process heartbeats into `workers`, and any worker that finds jobs locked longer than the
 * lease by a process whose heartbeat is older than the lease (or missing) unlocks them with
 * graphile-worker's `force_unlock_workers`, so another process runs them again. Internal.
 */
import { hostname } from 'node:os';
import type { EngineContext } from './context';

/** Registers a worker process (graphile-worker's pool id). */
export async function registerWorker(ctx: EngineContext, workerId: string): Promise<void> {
  await ctx.pool.query(
    `insert into ${ctx.s}.workers (worker_id, hostname, pid) values ($1, $2, $3)
     on conflict (worker_id) do update set heartbeat_at = now()`,
    [workerId, hostname(), process.pid],
  );
}

/** Renews the lease; `false` when the row is gone (another process declared this one dead). */
export async function heartbeat(ctx: EngineContext, workerId: string): Promise<boolean> {
  const { rowCount } = await ctx.pool.query(`update ${ctx.s}.workers set heartbeat_at = now() where worker_id = $1`, [workerId]);
  return rowCount === 1;
}

/** Removes a stopped worker's row. */
export async function unregisterWorker(ctx: EngineContext, workerId: string): Promise<void> {
  await ctx.pool.query(`delete from ${ctx.s}.workers where worker_id = $1`, [workerId]);
}

/**
 * Takes back the jobs of worker processes whose lease expired: unlocks them in graphile-worker (which
 * runs them again at once — their attempt counts), puts their rows back to `queued`, and forgets the
 * dead processes. Returns the reclaimed job ids.
 */
export async function reclaimExpired(ctx: EngineContext, leaseMs: number): Promise<string[]> {
  const lease = `${Math.ceil(leaseMs)} milliseconds`;
  const { rows } = await ctx.pool.query<{ locked_by: string }>(
    `select distinct jobs.locked_by from ${ctx.w}.jobs as jobs
     where jobs.locked_by is not null and jobs.locked_at < now() - $1::interval
       and not exists (select 1 from ${ctx.s}.workers as w where w.worker_id = jobs.locked_by and w.heartbeat_at >= now() - $1::interval)`,
    [lease],
  );
  await ctx.pool.query(`delete from ${ctx.s}.workers where heartbeat_at < now() - $1::interval`, [lease]);
  if (rows.length === 0) return [];
  const workerIds = rows.map((row) => row.locked_by);
  await ctx.pool.query(`select ${ctx.w}.force_unlock_workers($1::text[])`, [workerIds]);
  const jobIds = await ctx.rows.requeueRunningOf(ctx.pool, workerIds);
  ctx.logger.warn({ workerIds, jobIds }, 'took back the jobs of iiko-jobs workers that stopped heartbeating');
  return jobIds;
}
