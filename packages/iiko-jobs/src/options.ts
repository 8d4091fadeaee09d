import type { Logger, RunOptions, SyncErrorInfo, SyncReport } from '@getinn/iiko-sync';
import type { IikoSync } from '@getinn/iiko-sync';
import type pg from 'pg';
import type { JobAccount, JobAccountSource } from './accounts';
import type { ScheduleSpec } from './schedule-spec';

/**
 * Where a job is in its life. `queued`: waiting for a worker (also between the attempts of a transient
 * failure). `running`: a worker is syncing. `succeeded`: every requested entity synced. `partial`: stored,
 * but not everything (records that could not be mapped, an entity that failed) — not retried, the next
 * run completes it. `failed`: a permanent failure, or a transient one on its last attempt.
 */
export type JobStatus = 'queued' | 'running' | 'succeeded' | 'partial' | 'failed';

/** Who asked for a job: `requestSync` (a person, an API call) or the scheduling tick. */
export type JobTrigger = 'manual' | 'schedule';

/** What to sync: the sync's own `run` options, minus the signal and the progress callback. */
export type RequestSyncOptions = Pick<RunOptions, 'entities' | 'invoices'>;

/** One job, as `status` and `list` return it. Contains no secret. */
export interface SyncJob {
  /** graphile-worker's job id, as a string. */
  jobId: string;
  /** The account the job syncs. */
  accountId: string;
  /** The account's iikoServer identity; the job ran in that server's queue. */
  serverKey: string;
  /** Who asked for it. */
  trigger: JobTrigger;
  /** Where it is; see {@link JobStatus}. */
  status: JobStatus;
  /** What the job syncs. */
  options: RequestSyncOptions;
  /** Attempts started so far, the first included. */
  attempts: number;
  /** Attempts allowed for transient failures. */
  maxAttempts: number;
  /** graphile-worker's pool id of the worker process running (or last running) it. */
  workerId: string | null;
  /** When it was first queued. */
  requestedAt: Date;
  /** When the latest attempt started. */
  startedAt: Date | null;
  /** When the job reached its final status (`succeeded`, `partial`, `failed`). */
  finishedAt: Date | null;
  /** The latest attempt's report (the final one once finished); `null` before a run produced one. */
  report: SyncReport | null;
  /** Why the latest attempt failed, or `null`. */
  error: SyncErrorInfo | null;
}

/** What `onRunFinished` receives besides the report. */
export interface RunFinishedInfo {
  /** The job the run belongs to. */
  jobId: string;
  /** The account synced. */
  accountId: string;
  /** The attempt that produced the report, from 1. */
  attempt: number;
  /** The job's status after this run: a final one, or `queued` when a transient failure will be retried. */
  status: JobStatus;
}

/** What `onAccountFailing` receives. */
export interface AccountFailingEvent {
  /** The failing account. */
  accountId: string;
  /** The job that just ended `failed`. */
  jobId: string;
  /** Jobs of this account that ended `failed` since its last `succeeded` or `partial` one, this one included. */
  consecutiveFailures: number;
  /** Why this job failed (no secret). */
  lastError: SyncErrorInfo;
  /** `false` for a failure no retry can fix (a wrong password, a missing permission). */
  transient: boolean;
}

/** What the scheduling tick did. */
export interface TickResult {
  /** Jobs enqueued (a job already queued for the account is reused, not duplicated). */
  enqueued: Array<{
    /** The account due. */
    accountId: string;
    /** Its job (a new one, or the one already queued). */
    jobId: string;
  }>;
  /** Due accounts that were not enqueued, with the reason (also logged). */
  skipped: Array<{
    /** The account skipped, or `null` when the whole tick was (the integration is disabled). */
    accountId: string | null;
    /** Why, in a sentence. */
    reason: string;
  }>;
}

/** What `requestSync` returns. */
export interface RequestSyncResult {
  /** The job to poll with `status`. */
  jobId: string;
  /** `true` when the same sync was already queued and its job is returned. */
  deduplicated: boolean;
}

/** Options of {@link createIikoJobs}. */
export type IikoJobsOptions = (
  | {
      /** A pg pool on the database holding the job tables; the host owns it (`close()` leaves it open). */
      pool: pg.Pool;
      /** Give `pool` or `connectionString`, not both. */
      connectionString?: never;
    }
  | {
      /** A PostgreSQL connection string; the engine opens a pool and `close()` ends it. */
      connectionString: string;
      /** Give `pool` or `connectionString`, not both. */
      pool?: never;
    }
) & {
  /**
   * The sync a job runs: `createIikoSync({ store, credentials, … })`. Needed by worker processes only: a
   * web process that enqueues and reads statuses can leave it out.
   */
  sync?: IikoSync;
  /**
   * The accounts that may be enqueued, with their server and whether their credentials are active.
   * `accountsFromCredentialStore(store)` reads them from the credential rows; a list works for tests.
   */
  accounts: JobAccountSource | readonly JobAccount[];
  /**
   * Schema of the package's tables. graphile-worker's tables go into `<schema>_worker` unless
   * `workerSchema` says otherwise.
   * @default 'getinn_iiko_jobs'
   */
  schema?: string;
  /**
   * Schema of graphile-worker's tables.
   * @default `<schema>_worker`
   */
  workerSchema?: string;
  /**
   * A pino-style logger: enqueues, skips with their reason, runs, retries, reclaimed jobs, and
   * graphile-worker's own lines. No secret is ever logged.
   * @default quiet
   */
  logger?: Logger;
  /**
   * Whether the iiko integration is enabled at all (a platform-wide switch). When it answers `false`, the
   * tick enqueues nothing (logging why), `requestSync` refuses with `INTEGRATION_DISABLED`, and a queued
   * job that comes up finishes at once as `failed` without calling iiko.
   * @default always enabled
   * @example () => featureFlags.isOn('iiko-integration')
   */
  enabled?: () => boolean | Promise<boolean>;
  /**
   * A schedule for every account of `accounts.list()` that has none of its own; `schedule` and
   * `unschedule` still override it per account.
   * @default none: only accounts given a schedule are synced on a schedule
   */
  defaultSchedule?: ScheduleSpec;
  /**
   * Attempts of one job, the first included, for transient failures (see `isTransientFailure`).
   * @default 8 (about 29 minutes of graphile-worker's exponential back-off)
   */
  maxAttempts?: number;
  /**
   * Called after every run that produced a report, in the worker process that ran it. Errors it throws
   * are logged and ignored.
   */
  onRunFinished?: (report: SyncReport, info: RunFinishedInfo) => void | Promise<void>;
  /**
   * Called once each time a job ends `failed` — at once for a permanent failure, after the last attempt
   * for a transient one — so a host can page someone or notify the account. Errors it throws are logged
   * and ignored.
   */
  onAccountFailing?: (event: AccountFailingEvent) => void | Promise<void>;
  /**
   * The clock for schedules and timestamps, in epoch milliseconds.
   * @default Date.now
   */
  now?: () => number;
};

/** Options of `runWorker`. */
export interface RunWorkerOptions {
  /**
   * Jobs this process runs at once. Jobs of one iikoServer never run together whatever the value (they
   * share a queue); more than 1 lets one process sync several servers at a time.
   * @default 1
   */
  concurrency?: number;
  /**
   * Stops the worker: no new job is taken, runs in flight are aborted (their iiko sessions logged out,
   * their account locks released, their jobs put back for another attempt), and `stopped` resolves.
   * @example
   * ```ts
   * const shutdown = new AbortController();
   * process.once('SIGTERM', () => shutdown.abort());
   * await jobs.runWorker({ signal: shutdown.signal }).then((worker) => worker.stopped);
   * ```
   */
  signal?: AbortSignal;
  /**
   * How often this worker runs the scheduling tick; `0` leaves ticking to other processes.
   * @default 60000
   */
  tickIntervalMs?: number;
  /**
   * How long a worker process may miss heartbeats before another process takes its jobs back. Keep it
   * well above a database hiccup; the sync's `lockTtlMs` should be about as long, so the retried run
   * finds the account's lock free.
   * @default 120000
   */
  leaseMs?: number;
  /**
   * How often graphile-worker polls for jobs that became due (retries), besides LISTEN/NOTIFY.
   * @default 2000
   */
  pollIntervalMs?: number;
}

/** A running worker process's handle. */
export interface IikoJobsWorker {
  /** graphile-worker's pool id: `workerId` of the jobs it runs. */
  readonly workerId: string;
  /** Resolves when the worker has stopped (after `stop()` or the signal). */
  readonly stopped: Promise<void>;
  /** Stops the worker as the signal does; resolves when it has stopped. */
  stop(): Promise<void>;
}
