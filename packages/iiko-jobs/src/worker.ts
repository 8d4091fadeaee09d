/**
 * A worker process: graphile-worker running the sync task, with heartbeats, the reclaim of expired
 * leases, the scheduling tick and a shutdown that aborts runs in flight. Internal.
 */
import { EventEmitter } from 'node:events';
import { run, type Runner, type WorkerEvents } from 'graphile-worker';
import { DEFAULTS, SYNC_TASK } from './constants';
import type { EngineContext } from './context';
import { graphileLoggerFor } from './graphile-logger';
import { heartbeat, reclaimExpired, registerWorker, unregisterWorker } from './leases';
import type { IikoJobsWorker, RunWorkerOptions, TickResult } from './options';
import { createSyncTask } from './run-job';

function positive(name: string, value: number | undefined, fallback: number, min: number): number {
  const result = value ?? fallback;
  if (!Number.isInteger(result) || result < min) throw new TypeError(`${name} must be a whole number, at least ${min} (got ${String(value)})`);
  return result;
}

/** Starts a worker process; see `IikoJobs.runWorker`. */
export async function startWorker(ctx: EngineContext, options: RunWorkerOptions, tick: () => Promise<TickResult>): Promise<IikoJobsWorker> {
  const concurrency = positive('concurrency', options.concurrency, DEFAULTS.concurrency, 1);
  const leaseMs = positive('leaseMs', options.leaseMs, DEFAULTS.leaseMs, 1_000);
  const tickIntervalMs = positive('tickIntervalMs', options.tickIntervalMs, DEFAULTS.tickIntervalMs, 0);
  const pollInterval = positive('pollIntervalMs', options.pollIntervalMs, DEFAULTS.pollIntervalMs, 10);
  const beatMs = Math.max(250, Math.floor(leaseMs / DEFAULTS.heartbeatFraction));
  if (ctx.sync === undefined) throw new TypeError('runWorker needs the sync option: createIikoJobs({ sync, … })');
  await ctx.ready();

  // Aborted when the worker stops or loses its lease: every run in flight stops, logs out, unlocks.
  // Replaced after a lost lease, so that the runs started afterwards are not born aborted.
  let runs = new AbortController();
  let workerId = '';
  const events: WorkerEvents = new EventEmitter() as WorkerEvents;
  events.on('pool:create', ({ workerPool }) => {
    workerId = workerPool.id;
  });
  const task = createSyncTask(ctx, ctx.sync, { workerId: () => workerId, signal: () => runs.signal });
  const runner: Runner = await run({
    pgPool: ctx.pool,
    schema: ctx.workerSchema,
    concurrency,
    pollInterval,
    // The host decides when to stop (the signal); graphile-worker must not install its own handlers.
    noHandleSignals: true,
    gracefulShutdownAbortTimeout: DEFAULTS.gracefulShutdownAbortTimeoutMs,
    logger: graphileLoggerFor(ctx.logger),
    events,
    taskList: { [SYNC_TASK]: task },
    // Schedules are the package's own (see the tick); graphile-worker must not read a `crontab` file
    // that happens to lie in the process's working directory.
    parsedCronItems: [],
    // No `localQueue`: it fetches and locks batches of jobs past their named queues' locks, which breaks
    // "one job per queue at a time" (graphile/worker#621). The default (no local queue) is what is wanted.
  });
  if (!workerId) throw new Error('graphile-worker started without a worker pool id');
  await registerWorker(ctx, workerId);
  ctx.logger.info({ workerId, concurrency, leaseMs }, 'iiko-jobs worker started');

  let lastBeat = Date.now();
  let stopping: Promise<void> | undefined;
  const timers: NodeJS.Timeout[] = [];
  const every = (ms: number, work: () => Promise<unknown>, what: string): void => {
    let busy = false;
    const timer = setInterval(() => {
      if (busy || stopping) return;
      busy = true;
      work()
        .catch((error: unknown) => ctx.logger.warn({ workerId, error: error instanceof Error ? error.message : String(error) }, `iiko-jobs ${what} failed`))
        .finally(() => (busy = false));
    }, ms);
    timer.unref();
    timers.push(timer);
  };

  every(beatMs, async () => {
    try {
      if (!(await heartbeat(ctx, workerId))) {
        // Another process found this one's lease expired and took its jobs: stop their runs, so no two
        // processes sync one server, and carry on with a fresh lease.
        ctx.logger.error({ workerId }, 'iiko-jobs worker lost its lease; its runs in flight are aborted');
        const lost = runs;
        runs = new AbortController();
        lost.abort(new Error('the worker lost its lease'));
        await registerWorker(ctx, workerId);
      }
      lastBeat = Date.now();
    } catch (error) {
      if (Date.now() - lastBeat > leaseMs) {
        ctx.logger.error({ workerId }, 'iiko-jobs worker could not renew its lease; stopping');
        void stop();
      }
      throw error;
    }
  }, 'heartbeat');
  every(beatMs, () => reclaimExpired(ctx, leaseMs), 'lease check');
  if (tickIntervalMs > 0) every(tickIntervalMs, tick, 'tick');

  let settle!: { resolve: () => void; reject: (error: unknown) => void };
  const stopped = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      for (const timer of timers) clearInterval(timer);
      ctx.logger.info({ workerId }, 'iiko-jobs worker stopping');
      // Stop taking jobs first, then abort the runs in flight: each logs out, releases the account's
      // lock and ends `aborted`, and its job goes back to the queue for another attempt.
      const runnerStopped = runner.stop().catch(() => {});
      runs.abort(new Error('the worker is shutting down'));
      await runnerStopped;
      await unregisterWorker(ctx, workerId).catch(() => {});
      ctx.logger.info({ workerId }, 'iiko-jobs worker stopped');
    })();
    stopping.then(settle.resolve, settle.reject);
    return stopping;
  };
  if (options.signal) {
    if (options.signal.aborted) void stop();
    else options.signal.addEventListener('abort', () => void stop(), { once: true });
  }
  // A runner that ends by itself (a fatal database error) stops the rest too.
  runner.promise.then(
    () => void stop(),
    (error: unknown) => {
      ctx.logger.error({ workerId, error: error instanceof Error ? error.message : String(error) }, 'graphile-worker stopped with an error');
      void stop();
    },
  );
  return { workerId, stopped, stop };
}
