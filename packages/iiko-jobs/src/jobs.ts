import { runMigrations } from 'graphile-worker';
import pg from 'pg';
import type { Logger } from '@getinn/iiko-sync';
import { accountsFromList } from './accounts';
import { DEFAULTS } from './constants';
import type { EngineContext } from './context';
import { addSyncJob, inTransaction, normalizeRequest, serverOf } from './enqueue';
import { IikoJobsError } from './errors';
import { graphileLoggerFor } from './graphile-logger';
import { JobRows } from './job-rows';
import type { IikoJobsOptions, IikoJobsWorker, RequestSyncOptions, RequestSyncResult, RunWorkerOptions, SyncJob, TickResult } from './options';
import { validateSchedule, type ScheduleSpec } from './schedule-spec';
import { clearSchedule, setSchedule, tick } from './schedules';
import { migrateOwnSchema, quoteSchema } from './schema';
import { startWorker } from './worker';

/** Scheduled and manual syncs on graphile-worker; see {@link createIikoJobs}. */
export interface IikoJobs {
  /**
   * Creates or upgrades the tables (graphile-worker's and the package's). Every other method does it
   * once by itself; call it from a deploy step to fail early. Safe from many processes at once.
   */
  migrate(): Promise<void>;
  /**
   * Starts a worker in this process: it runs queued jobs (at most one per iikoServer across all workers),
   * heartbeats, takes back the jobs of dead workers, and runs the scheduling tick.
   *
   * @example
   * ```ts
   * const shutdown = new AbortController();
   * process.once('SIGTERM', () => shutdown.abort());
   * const worker = await jobs.runWorker({ concurrency: 4, signal: shutdown.signal });
   * await worker.stopped;
   * ```
   */
  runWorker(options?: RunWorkerOptions): Promise<IikoJobsWorker>;
  /**
   * Enqueues a sync of the account now and returns its job id at once. While a job for the same sync is
   * still queued, the same job id comes back (deduplicated); once it runs, a new request queues a new
   * job behind it.
   *
   * @throws {@link IikoJobsError} `CREDENTIALS_NOT_FOUND`, `INTEGRATION_INACTIVE`, `NO_SERVER`, `INTEGRATION_DISABLED`, `INVALID_OPTIONS`.
   * @example
   * ```ts
   * const { jobId } = await jobs.requestSync(accountId, { entities: ['suppliers'] });
   * ```
   */
  requestSync(accountId: string, options?: RequestSyncOptions): Promise<RequestSyncResult>;
  /**
   * Syncs the account on a schedule (replacing any previous one). The tick enqueues it when due.
   *
   * @example
   * ```ts
   * await jobs.schedule(accountId, { every: 30 * 60_000 });
   * ```
   */
  schedule(accountId: string, spec: ScheduleSpec): Promise<void>;
  /** Stops the account's scheduled syncs (a `defaultSchedule` does not bring them back); queued jobs still run. */
  unschedule(accountId: string): Promise<void>;
  /**
   * Enqueues every due schedule of an active account, skipping (and logging) inactive or unknown
   * accounts, and everything while the integration is disabled. Workers run it every `tickIntervalMs`;
   * call it yourself from a cron job if you prefer.
   */
  tick(): Promise<TickResult>;
  /** A job's status, attempts and (once it ran) report; `undefined` for an unknown id. */
  status(jobId: string): Promise<SyncJob | undefined>;
  /** An account's jobs, newest first. @default limit 20 (at most 500) */
  list(accountId: string, options?: { limit?: number }): Promise<SyncJob[]>;
  /** Ends the pool when the engine opened it (`connectionString`); a host's pool is left open. */
  close(): Promise<void>;
}

const quietLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * Creates the job engine over graphile-worker: jobs per account in one queue per iikoServer, so across
 * every worker process at most one sync per server runs at a time; retries of transient failures with
 * back-off; job statuses and reports kept in PostgreSQL; hooks for alerts.
 *
 * A web process creates it to `requestSync` and read `status`; worker processes create it the same way
 * and call `runWorker`.
 *
 * @example
 * ```ts
 * import { createIikoJobs, accountsFromCredentialStore } from '@getinn/iiko-jobs';
 *
 * const jobs = createIikoJobs({
 *   pool,
 *   sync: createIikoSync({ store, credentials: vault, currency: 'RUB' }),
 *   accounts: accountsFromCredentialStore(credentialStore),
 *   defaultSchedule: { every: 60 * 60_000 },
 *   onAccountFailing: ({ accountId, lastError }) => notify(accountId, lastError.message),
 * });
 * const { jobId } = await jobs.requestSync('account-1');
 * ```
 */
export function createIikoJobs(options: IikoJobsOptions): IikoJobs {
  const schema = options.schema ?? DEFAULTS.schema;
  const workerSchema = options.workerSchema ?? `${schema}${DEFAULTS.workerSchemaSuffix}`;
  const s = quoteSchema(schema);
  const w = quoteSchema(workerSchema);
  if (schema === workerSchema) throw new TypeError('schema and workerSchema must differ: graphile-worker owns its schema');
  const maxAttempts = options.maxAttempts ?? DEFAULTS.maxAttempts;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new TypeError(`maxAttempts must be a whole number, at least 1 (got ${String(options.maxAttempts)})`);
  if (options.defaultSchedule !== undefined) validateSchedule(options.defaultSchedule, '(defaultSchedule)');
  const ownPool = options.pool === undefined;
  const pool = options.pool ?? new pg.Pool({ connectionString: options.connectionString });
  const logger = options.logger ?? quietLogger;
  // An idle client's error (a restarted database) must not crash the process; pg emits it on the pool.
  if (ownPool) {
    pool.on('error', (error) => logger.warn({ error: error.message }, 'PostgreSQL pool error'));
    pool.on('connect', (client) => client.on('error', (error) => logger.warn({ error: error.message }, 'PostgreSQL client error')));
  }
  const enabled = options.enabled;

  let migrated: Promise<void> | undefined;
  const migrate = (): Promise<void> => {
    migrated ??= (async () => {
      await runMigrations({ pgPool: pool, schema: workerSchema, logger: graphileLoggerFor(logger) });
      await migrateOwnSchema(pool, schema);
    })().catch((error: unknown) => {
      migrated = undefined;
      throw error;
    });
    return migrated;
  };

  const ctx: EngineContext = {
    pool,
    s,
    workerSchema,
    w,
    rows: new JobRows(s),
    sync: options.sync,
    accounts: Array.isArray(options.accounts) ? accountsFromList(options.accounts) : (options.accounts as Exclude<IikoJobsOptions['accounts'], readonly unknown[]>),
    logger,
    enabled: async () => (enabled === undefined ? true : (await enabled()) !== false),
    now: options.now ?? Date.now,
    maxAttempts,
    onRunFinished: options.onRunFinished,
    onAccountFailing: options.onAccountFailing,
    ready: migrate,
  };
  const runTick = async (): Promise<TickResult> => {
    await migrate();
    return tick(ctx, options.defaultSchedule);
  };

  return {
    migrate,
    runWorker: (workerOptions = {}) => startWorker(ctx, workerOptions, runTick),

    async requestSync(accountId, requestOptions = {}) {
      const normalized = normalizeRequest(accountId, requestOptions);
      await migrate();
      if (!(await ctx.enabled())) throw new IikoJobsError('INTEGRATION_DISABLED', 'the iiko integration is disabled', accountId);
      const account = await ctx.accounts.get(accountId);
      if (account === undefined) throw new IikoJobsError('CREDENTIALS_NOT_FOUND', `no iiko integration is set up for account ${accountId}`, accountId);
      const server = serverOf(account);
      if ('reason' in server) throw server.reason;
      const { jobId, created } = await inTransaction(pool, (db) => addSyncJob(ctx, db, accountId, server.serverKey, normalized, 'manual'));
      logger.info({ accountId, jobId, deduplicated: !created }, created ? 'iiko sync requested' : 'iiko sync requested; the queued job is reused');
      return { jobId, deduplicated: !created };
    },

    async schedule(accountId, spec) {
      validateSchedule(spec, accountId);
      await migrate();
      await setSchedule(ctx, accountId, spec);
      logger.info({ accountId, ...spec }, 'iiko sync scheduled');
    },

    async unschedule(accountId) {
      await migrate();
      await clearSchedule(ctx, accountId, options.defaultSchedule);
      logger.info({ accountId }, 'iiko sync unscheduled');
    },

    tick: runTick,

    async status(jobId) {
      await migrate();
      return ctx.rows.get(pool, String(jobId));
    },

    async list(accountId, listOptions = {}) {
      const limit = listOptions.limit ?? DEFAULTS.listLimit;
      if (!Number.isInteger(limit) || limit < 1 || limit > DEFAULTS.maxListLimit) {
        throw new IikoJobsError('INVALID_OPTIONS', `limit must be a whole number from 1 to ${DEFAULTS.maxListLimit} (got ${String(limit)})`, accountId);
      }
      await migrate();
      return ctx.rows.list(pool, accountId, limit);
    },

    async close() {
      if (ownPool) await pool.end();
    },
  };
}
