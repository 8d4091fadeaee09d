/**
 * The `sync_jobs` table: every job's status, attempts and report, kept after graphile-worker deleted the
 * job itself. Internal.
 */
import type { SyncErrorInfo, SyncReport } from '@getinn/iiko-sync';
import type pg from 'pg';
import type { JobStatus, JobTrigger, RequestSyncOptions, SyncJob } from './options';

/** Something that runs a query: a pool or a client inside a transaction. */
export type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/** The payload of a sync job in graphile-worker's table (no secret: the sync reads the login itself). */
export interface SyncJobPayload {
  accountId: string;
  serverKey: string;
  trigger: JobTrigger;
  options: RequestSyncOptions;
}

interface JobRow {
  job_id: string;
  account_id: string;
  server_key: string;
  trigger: JobTrigger;
  status: JobStatus;
  options: RequestSyncOptions;
  attempts: number;
  max_attempts: number;
  worker_id: string | null;
  requested_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  report: SyncReport | null;
  error: SyncErrorInfo | null;
}

function toJob(row: JobRow): SyncJob {
  return {
    jobId: row.job_id,
    accountId: row.account_id,
    serverKey: row.server_key,
    trigger: row.trigger,
    status: row.status,
    options: row.options,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    workerId: row.worker_id,
    requestedAt: row.requested_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    report: row.report,
    error: row.error,
  };
}

/** The job table of one schema. */
export class JobRows {
  readonly #s: string;

  /** @param s the quoted schema. */
  constructor(s: string) {
    this.#s = s;
  }

  /**
   * Records a queued job (inside the transaction that added it to graphile-worker, so a worker never
   * sees a job without its row). A job graphile-worker deduplicated keeps its row: `created` is false.
   */
  async queued(db: Queryable, jobId: string, payload: SyncJobPayload, maxAttempts: number, at: Date): Promise<{ created: boolean }> {
    const { rows } = await db.query<{ created: boolean }>(
      `insert into ${this.#s}.sync_jobs (job_id, account_id, server_key, trigger, status, options, max_attempts, requested_at)
       values ($1, $2, $3, $4, 'queued', $5::jsonb, $6, $7)
       on conflict (job_id) do update set status = 'queued', max_attempts = excluded.max_attempts, updated_at = now()
       returning (xmax = 0) as created`,
      [jobId, payload.accountId, payload.serverKey, payload.trigger, JSON.stringify(payload.options), maxAttempts, at],
    );
    return { created: rows[0]?.created === true };
  }

  /** Marks an attempt as started by a worker (creating the row for a job added by other means). */
  async running(db: Queryable, jobId: string, payload: SyncJobPayload, attempt: number, maxAttempts: number, workerId: string, at: Date): Promise<void> {
    await db.query(
      `insert into ${this.#s}.sync_jobs (job_id, account_id, server_key, trigger, status, options, attempts, max_attempts, worker_id, requested_at, started_at)
       values ($1, $2, $3, $4, 'running', $5::jsonb, $6, $7, $8, $9, $9)
       on conflict (job_id) do update set status = 'running', attempts = excluded.attempts, max_attempts = excluded.max_attempts,
         worker_id = excluded.worker_id, started_at = excluded.started_at, finished_at = null, updated_at = now()`,
      [jobId, payload.accountId, payload.serverKey, payload.trigger, JSON.stringify(payload.options), attempt, maxAttempts, workerId, at],
    );
  }

  /** Records how an attempt ended: a final status, or `queued` again for a retry. */
  async ended(db: Queryable, jobId: string, status: JobStatus, report: SyncReport | null, error: SyncErrorInfo | null, at: Date): Promise<void> {
    const final = status !== 'queued' && status !== 'running';
    await db.query(
      `update ${this.#s}.sync_jobs set status = $2, report = coalesce($3::jsonb, report), error_code = $4, error = $5::jsonb,
         finished_at = $6, updated_at = now()
       where job_id = $1`,
      [jobId, status, report === null ? null : JSON.stringify(report), error?.code ?? null, error === null ? null : JSON.stringify(error), final ? at : null],
    );
  }

  /** Puts the running jobs of stopped worker processes back to `queued` (graphile-worker runs them again). */
  async requeueRunningOf(db: Queryable, workerIds: readonly string[]): Promise<string[]> {
    const { rows } = await db.query<{ job_id: string }>(
      `update ${this.#s}.sync_jobs set status = 'queued', updated_at = now()
       where status = 'running' and worker_id = any($1::text[]) returning job_id`,
      [workerIds],
    );
    return rows.map((row) => row.job_id);
  }

  /** Jobs of this account that ended `failed` since its last `succeeded` or `partial` one. */
  async consecutiveFailures(db: Queryable, accountId: string): Promise<number> {
    const { rows } = await db.query<{ n: string }>(
      `select count(*) as n from ${this.#s}.sync_jobs
       where account_id = $1 and status = 'failed'
         and finished_at > coalesce((select max(finished_at) from ${this.#s}.sync_jobs
                                     where account_id = $1 and status in ('succeeded', 'partial')), '-infinity'::timestamptz)`,
      [accountId],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** One job, or `undefined`. */
  async get(db: Queryable, jobId: string): Promise<SyncJob | undefined> {
    const { rows } = await db.query<JobRow>(`select * from ${this.#s}.sync_jobs where job_id = $1`, [jobId]);
    return rows[0] === undefined ? undefined : toJob(rows[0]);
  }

  /** An account's jobs, newest first. */
  async list(db: Queryable, accountId: string, limit: number): Promise<SyncJob[]> {
    const { rows } = await db.query<JobRow>(
      `select * from ${this.#s}.sync_jobs where account_id = $1 order by requested_at desc, job_id::bigint desc limit $2`,
      [accountId, limit],
    );
    return rows.map(toJob);
  }
}
