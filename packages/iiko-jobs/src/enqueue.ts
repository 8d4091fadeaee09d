/**
 * Adding a sync job: graphile-worker's `add_job` and the job's row in one transaction, in the account's
 * server queue, under a job key that makes a second request for the same sync while the first is queued
 * return the same job. Internal.
 */
import { createHash } from 'node:crypto';
import { canonicalJson, SYNC_ENTITY_TYPES } from '@getinn/iiko-sync';
import type pg from 'pg';
import { SYNC_TASK } from './constants';
import type { EngineContext } from './context';
import { IikoJobsError } from './errors';
import type { SyncJobPayload } from './job-rows';
import type { JobTrigger, RequestSyncOptions } from './options';
import { queueNameOf, serverKeyOf } from './server-key';
import type { JobAccount } from './accounts';

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Checks and copies the options a job carries (so a bad request fails now, not in a worker). */
export function normalizeRequest(accountId: string, options: RequestSyncOptions): RequestSyncOptions {
  const normalized: RequestSyncOptions = {};
  if (options.entities !== undefined) {
    if (!Array.isArray(options.entities) || options.entities.length === 0) {
      throw new IikoJobsError('INVALID_OPTIONS', `entities must list at least one of ${SYNC_ENTITY_TYPES.join(', ')}`, accountId);
    }
    for (const entity of options.entities) {
      if (!(SYNC_ENTITY_TYPES as readonly string[]).includes(entity)) {
        throw new IikoJobsError('INVALID_OPTIONS', `unknown entity "${String(entity)}"; use ${SYNC_ENTITY_TYPES.join(', ')}`, accountId);
      }
    }
    normalized.entities = SYNC_ENTITY_TYPES.filter((entity) => options.entities!.includes(entity));
  }
  if (options.invoices !== undefined) {
    const { from, to } = options.invoices;
    if (!CALENDAR_DATE.test(String(from)) || !CALENDAR_DATE.test(String(to)) || from > to) {
      throw new IikoJobsError('INVALID_OPTIONS', 'invoices must be { from, to } with YYYY-MM-DD dates and from <= to', accountId);
    }
    if (normalized.entities !== undefined && !normalized.entities.includes('invoices')) {
      throw new IikoJobsError('INVALID_OPTIONS', 'an invoices window was given but invoices are not among entities', accountId);
    }
    normalized.invoices = { from, to };
  }
  return normalized;
}

/**
 * The job key: one per account for a regular (full) sync, and one per account and distinct request for
 * anything narrower, so "sync suppliers now" is not swallowed by a queued full sync, nor the reverse.
 */
export function jobKeyOf(accountId: string, options: RequestSyncOptions): string {
  if (options.entities === undefined && options.invoices === undefined) return `iiko-sync:${accountId}`;
  const digest = createHash('sha256').update(canonicalJson(options)).digest('hex').slice(0, 16);
  return `iiko-sync:${accountId}:${digest}`;
}

/** The server key of an account that may be enqueued, or the reason it may not. */
export function serverOf(account: JobAccount): { serverKey: string } | { reason: IikoJobsError } {
  if (!account.isActive) {
    return { reason: new IikoJobsError('INTEGRATION_INACTIVE', `the iiko credentials of account ${account.accountId} are inactive`, account.accountId) };
  }
  const serverKey = account.baseUrl === null ? undefined : serverKeyOf(account.baseUrl);
  if (serverKey === undefined) {
    return { reason: new IikoJobsError('NO_SERVER', `the iiko credentials of account ${account.accountId} name no usable server address`, account.accountId) };
  }
  return { serverKey };
}

/** Adds the job (or finds the queued one with the same key) and records it; `db` is inside a transaction. */
export async function addSyncJob(
  ctx: EngineContext,
  db: pg.PoolClient,
  accountId: string,
  serverKey: string,
  options: RequestSyncOptions,
  trigger: JobTrigger,
): Promise<{ jobId: string; created: boolean }> {
  const payload: SyncJobPayload = { accountId, serverKey, trigger, options };
  const { rows } = await db.query<{ id: string }>(
    `select id::text as id from ${ctx.w}.add_job($1::text, $2::json, queue_name => $3::text, max_attempts => $4::int,
       job_key => $5::text, job_key_mode => 'replace')`,
    [SYNC_TASK, JSON.stringify(payload), queueNameOf(serverKey), ctx.maxAttempts, jobKeyOf(accountId, options)],
  );
  const jobId = rows[0]!.id;
  const { created } = await ctx.rows.queued(db, jobId, payload, ctx.maxAttempts, new Date(ctx.now()));
  return { jobId, created };
}

/** Runs `work` in a transaction on a client of the pool. */
export async function inTransaction<T>(pool: pg.Pool, work: (db: pg.PoolClient) => Promise<T>): Promise<T> {
  const db = await pool.connect();
  try {
    await db.query('begin');
    try {
      const result = await work(db);
      await db.query('commit');
      return result;
    } catch (error) {
      await db.query('rollback').catch(() => {});
      throw error;
    }
  } finally {
    db.release();
  }
}
