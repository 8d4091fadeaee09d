/**
 * Every default of the job engine, in one place. Each can be changed through `createIikoJobs` or
 * `runWorker` options; tests inject small values instead of waiting.
 */
export const DEFAULTS = {
  /**
   * The PostgreSQL schema of this package's own tables (`sync_jobs`, `schedules`, `workers`). Kept apart
   * from graphile-worker's schema (see {@link DEFAULTS.workerSchemaSuffix}) so that each side migrates its
   * own objects and a host can drop either cleanly.
   */
  schema: 'getinn_iiko_jobs',
  /** graphile-worker's schema is the package schema plus this suffix (`getinn_iiko_jobs_worker`). */
  workerSchemaSuffix: '_worker',
  /**
   * Attempts of one sync job, the first included, before a transient failure (network, 5xx, timeouts,
   * a busy licence slot) counts as final. graphile-worker waits `exp(attempt)` seconds between attempts
   * (2.7 s, 7.4 s, 20 s, 55 s, 2.5 min, 6.7 min, 18 min), so 8 attempts keep retrying for about 29
   * minutes: long enough for a licence slot held by another integration to be freed by its session
   * expiring (iiko sessions live about an hour, often less since the last logout).
   */
  maxAttempts: 8,
  /** Jobs a worker process runs at once (graphile-worker's `concurrency`). */
  concurrency: 1,
  /**
   * How long a worker process may go without a heartbeat before its locked jobs are taken back and run
   * by another process. graphile-worker itself frees a crashed worker's jobs only after 4 hours; the
   * heartbeat shortens that to this lease. A live process heartbeats every
   * {@link DEFAULTS.heartbeatFraction} of it, so only a process that is gone (or cut off from the
   * database for the whole lease) loses its jobs.
   */
  leaseMs: 120_000,
  /** A worker heartbeats, and looks for expired leases, every `leaseMs / heartbeatFraction`. */
  heartbeatFraction: 4,
  /**
   * How often a worker runs the scheduling tick (enqueueing due accounts). Every worker ticks; row locks
   * (`for update skip locked`) make each due schedule enqueue once. `0` disables the worker's tick.
   */
  tickIntervalMs: 60_000,
  /** How often a worker polls for jobs that became due (retries, future runs) besides LISTEN/NOTIFY. */
  pollIntervalMs: 2_000,
  /**
   * After a shutdown starts, how long graphile-worker waits before it fires its own abort signal. The
   * package aborts its runs at once anyway; this only bounds a task that ignores the signal.
   */
  gracefulShutdownAbortTimeoutMs: 5_000,
  /** Jobs `list` returns when no `limit` is given. */
  listLimit: 20,
  /** Most jobs `list` returns. */
  maxListLimit: 500,
  /** Due schedules one tick transaction handles; a tick loops until none is left. */
  tickBatchSize: 200,
} as const;

/** graphile-worker's task identifier of one account's sync. */
export const SYNC_TASK = 'getinn_iiko_sync';
