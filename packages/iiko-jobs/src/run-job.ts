/**
 * The graphile-worker task of one account's sync: mark the attempt running, run the sync under the
 * worker's abort signal, record how it ended, and decide with the failure's code whether graphile-worker
 * should try again (throw) or the job is over (return). Internal.
 */
import type { IikoSync, SyncErrorInfo, SyncReport } from '@getinn/iiko-sync';
import type { JobHelpers, Task } from 'graphile-worker';
import { isTransientFailure, SWITCHED_OFF_CODES } from './classify-failure';
import { callHook, type EngineContext } from './context';
import type { SyncJobPayload } from './job-rows';
import type { JobStatus } from './options';
import { outcomeOf } from './run-outcome';

/** Thrown to graphile-worker so it schedules another attempt; the message is secret-free (a code and a sentence). */
class RetryLater extends Error {
  constructor(error: SyncErrorInfo) {
    super(`${error.code}: ${error.message}`);
    this.name = 'RetryLater';
  }
}

/** What a task needs from the worker process running it. */
export interface TaskWorker {
  /** graphile-worker's pool id (jobs are locked by it). */
  workerId(): string;
  /** The signal of runs starting now: it fires when the worker shuts down or loses its lease. */
  signal(): AbortSignal;
}

/** The sync task. */
export function createSyncTask(ctx: EngineContext, sync: IikoSync, worker: TaskWorker): Task {
  return async (rawPayload, helpers) => {
    const payload = rawPayload as SyncJobPayload;
    const jobId = String(helpers.job.id);
    const attempt = helpers.job.attempts;
    const workerId = worker.workerId();
    const log = { jobId, accountId: payload.accountId, attempt, workerId };
    await ctx.rows.running(ctx.pool, jobId, payload, attempt, helpers.job.max_attempts, workerId, new Date(ctx.now()));

    const refusal = await refusalOf(ctx, payload.accountId);
    if (refusal !== undefined) {
      ctx.logger.info({ ...log, reason: refusal.message }, 'iiko sync job not run');
      await ctx.rows.ended(ctx.pool, jobId, 'failed', null, refusal, new Date(ctx.now()));
      return;
    }

    ctx.logger.info(log, 'iiko sync job started');
    const signal = AbortSignal.any([worker.signal(), helpers.abortSignal]);
    let report: SyncReport | undefined;
    let thrown: unknown;
    try {
      report = await sync.run(payload.accountId, { ...payload.options, signal });
    } catch (error) {
      thrown = error;
    }
    const outcome = outcomeOf(report, thrown);
    const at = new Date(ctx.now());

    if (outcome.status === 'succeeded' || outcome.status === 'partial') {
      if (!(await stillOurs(ctx, helpers, workerId))) throw new Error('the job was taken back by another worker; its result is not recorded');
      await ctx.rows.ended(ctx.pool, jobId, outcome.status, report ?? null, outcome.error, at);
      ctx.logger.info({ ...log, status: outcome.status }, 'iiko sync job finished');
      if (report) await callHook(ctx.logger, 'onRunFinished', ctx.onRunFinished, report, { jobId, accountId: payload.accountId, attempt, status: outcome.status });
      return;
    }

    const error = outcome.error!;
    const transient = isTransientFailure(error.code);
    const left = await attemptsOf(ctx, helpers, workerId);
    if (left === undefined) {
      ctx.logger.warn({ ...log, code: error.code }, 'iiko sync job was taken back by another worker; its result is not recorded');
      throw new RetryLater(error);
    }
    const retry = transient && left.attempts < left.maxAttempts;
    const status: JobStatus = retry ? 'queued' : 'failed';
    await ctx.rows.ended(ctx.pool, jobId, status, report ?? null, error, at);
    if (report) await callHook(ctx.logger, 'onRunFinished', ctx.onRunFinished, report, { jobId, accountId: payload.accountId, attempt, status });
    if (retry) {
      ctx.logger.warn({ ...log, code: error.code, maxAttempts: left.maxAttempts }, 'iiko sync job failed; it will be retried');
      throw new RetryLater(error);
    }
    if (SWITCHED_OFF_CODES.has(error.code)) {
      ctx.logger.info({ ...log, code: error.code }, 'iiko sync job not run: the integration is switched off');
      return;
    }
    ctx.logger.warn({ ...log, code: error.code, transient }, transient ? 'iiko sync job failed on its last attempt' : 'iiko sync job failed; not retried');
    const consecutiveFailures = await ctx.rows.consecutiveFailures(ctx.pool, payload.accountId);
    await callHook(ctx.logger, 'onAccountFailing', ctx.onAccountFailing, {
      accountId: payload.accountId,
      jobId,
      consecutiveFailures,
      lastError: error,
      transient,
    });
    // Returning completes (deletes) the graphile-worker job: its history is in `sync_jobs`.
  };
}

/** Why a job must not call iiko now (the integration was switched off, the credentials deactivated). */
async function refusalOf(ctx: EngineContext, accountId: string): Promise<SyncErrorInfo | undefined> {
  if (!(await ctx.enabled())) return { code: 'INTEGRATION_DISABLED', message: 'the iiko integration is disabled' };
  const account = await ctx.accounts.get(accountId);
  if (account === undefined) return { code: 'CREDENTIALS_NOT_FOUND', message: `no iiko integration is set up for account ${accountId}` };
  if (!account.isActive) return { code: 'INTEGRATION_INACTIVE', message: `the iiko credentials of account ${accountId} are inactive` };
  return undefined;
}

/**
 * The job's attempts as graphile-worker now holds them — not as they were when the job was fetched: a
 * `requestSync` while it ran gives it no further attempt (the new job replaces its retries) — or
 * `undefined` when this worker no longer holds the job's lock.
 */
async function attemptsOf(ctx: EngineContext, helpers: JobHelpers, workerId: string): Promise<{ attempts: number; maxAttempts: number } | undefined> {
  const { rows } = await ctx.pool.query<{ attempts: number; max_attempts: number }>(
    `select attempts, max_attempts from ${ctx.w}.jobs where id = $1 and locked_by = $2`,
    [helpers.job.id, workerId],
  );
  const row = rows[0];
  return row === undefined ? undefined : { attempts: row.attempts, maxAttempts: row.max_attempts };
}

async function stillOurs(ctx: EngineContext, helpers: JobHelpers, workerId: string): Promise<boolean> {
  return (await attemptsOf(ctx, helpers, workerId)) !== undefined;
}
