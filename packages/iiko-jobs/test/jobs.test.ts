/**
 * The job engine in one process against a real PostgreSQL and fake iikoServers over loopback: requests,
 * deduplication, the status walk, retries of transient failures, permanent failures and their hook,
 * schedules and the tick, and a shutdown that aborts a run cleanly.
 */
import { createIikoSync, createMemorySyncStore, type SyncStore } from '@getinn/iiko-sync';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test-support/postgres';
import {
  createIikoJobs,
  IikoJobsError,
  type AccountFailingEvent,
  type IikoJobs,
  type IikoJobsOptions,
  type IikoJobsWorker,
  type JobStatus,
} from '../src/index';
import { credentialSource, jobAccounts, maxLiveSessions, recordingLogger, startFakes, waitFor, type TestAccount } from './support/fixture';

const db = await testDatabase('iiko_jobs');
// graphile-worker asks for error handlers on the pool and its clients (a host logs them).
db.pool.on('error', () => {});
db.pool.on('connect', (client) => client.on('error', () => {}));
const fakes = await startFakes(2, 2);
const accounts: TestAccount[] = fakes.accounts;
afterAll(async () => {
  await fakes.close();
  await db.pool.query(`drop schema if exists "${db.schema}_worker" cascade`);
  await db.dispose();
});

let engines: IikoJobs[] = [];
let workers: IikoJobsWorker[] = [];
afterEach(async () => {
  await Promise.all(workers.map((worker) => worker.stop()));
  await Promise.all(engines.map((engine) => engine.close()));
  workers = [];
  engines = [];
  for (const fake of fakes.fakes) fake.server.clearFaults();
  // Each test starts from empty job tables.
  await db.pool.query(`truncate "${db.schema}".sync_jobs, "${db.schema}".schedules`).catch(() => {});
  await db.pool.query(`delete from "${db.schema}_worker"._private_jobs`).catch(() => {});
});

const logger = recordingLogger();

function engine(overrides: Partial<IikoJobsOptions> & { store?: SyncStore; fetch?: typeof fetch } = {}): IikoJobs {
  const { store = createMemorySyncStore(), fetch: customFetch, ...rest } = overrides;
  const sync = createIikoSync({
    store,
    credentials: credentialSource(accounts),
    currency: 'RUB',
    clientOptions: { retry: { retries: 0 }, ...(customFetch ? { fetch: customFetch } : {}) },
  });
  const jobs = createIikoJobs({ pool: db.pool, schema: db.schema, sync, accounts: jobAccounts(accounts), logger, ...rest } as IikoJobsOptions);
  engines.push(jobs);
  return jobs;
}

async function worker(jobs: IikoJobs, options: Parameters<IikoJobs['runWorker']>[0] = {}): Promise<IikoJobsWorker> {
  const started = await jobs.runWorker({ tickIntervalMs: 0, pollIntervalMs: 50, leaseMs: 2_000, ...options });
  workers.push(started);
  return started;
}

const FINAL: readonly JobStatus[] = ['succeeded', 'partial', 'failed'];
async function finished(jobs: IikoJobs, jobId: string) {
  return waitFor(() => jobs.status(jobId), (job) => job !== undefined && FINAL.includes(job.status), 20_000, `job ${jobId} to finish`);
}

describe('requestSync', () => {
  it('returns a job id at once, and the same job for a second request while it is queued', async () => {
    const jobs = engine();
    const first = await jobs.requestSync('a0-0');
    const second = await jobs.requestSync('a0-0');
    expect(second.jobId).toBe(first.jobId);
    expect(first.deduplicated).toBe(false);
    expect(second.deduplicated).toBe(true);
    expect((await jobs.list('a0-0')).map((job) => job.jobId)).toEqual([first.jobId]);
    const job = await jobs.status(first.jobId);
    expect(job).toMatchObject({ accountId: 'a0-0', status: 'queued', trigger: 'manual', attempts: 0, serverKey: fakes.fakes[0]!.url });
    // A narrower request is a sync of its own, deduplicated with itself.
    const suppliers = await jobs.requestSync('a0-0', { entities: ['suppliers'] });
    expect(suppliers.jobId).not.toBe(first.jobId);
    expect((await jobs.requestSync('a0-0', { entities: ['suppliers'] })).jobId).toBe(suppliers.jobId);
  });

  it('refuses unknown and inactive accounts, bad options and a disabled integration, queueing nothing', async () => {
    const inactive = { ...accounts[0]!, accountId: 'inactive', isActive: false };
    const noServer = { accountId: 'no-server', baseUrl: null, isActive: true };
    const jobs = engine({ accounts: [...jobAccounts(accounts), inactive, noServer] });
    await expect(jobs.requestSync('nobody')).rejects.toMatchObject({ code: 'CREDENTIALS_NOT_FOUND' });
    await expect(jobs.requestSync('inactive')).rejects.toMatchObject({ code: 'INTEGRATION_INACTIVE' });
    await expect(jobs.requestSync('no-server')).rejects.toMatchObject({ code: 'NO_SERVER' });
    await expect(jobs.requestSync('a0-0', { entities: ['nonsense' as never] })).rejects.toBeInstanceOf(IikoJobsError);
    await expect(jobs.requestSync('a0-0', { invoices: { from: '2026-02-01', to: '2026-01-01' } })).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
    await expect(jobs.requestSync('a0-0', { entities: ['suppliers'], invoices: { from: '2026-01-01', to: '2026-01-02' } })).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
    const disabled = engine({ enabled: () => false });
    await expect(disabled.requestSync('a0-0')).rejects.toMatchObject({ code: 'INTEGRATION_DISABLED' });
    expect(await jobs.list('a0-0')).toEqual([]);
  });
});

describe('a job', () => {
  it('walks queued → running → succeeded, with the run report', async () => {
    // Hold the run's first request until the test has seen `running`.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const gatedFetch: typeof fetch = async (input, init) => {
      await held;
      return fetch(input, init);
    };
    const finishedReports: string[] = [];
    const jobs = engine({ fetch: gatedFetch, onRunFinished: (report, info) => void finishedReports.push(`${info.jobId}:${report.status}:${info.status}`) });
    const { jobId } = await jobs.requestSync('a0-0', { entities: ['suppliers'] });
    const seen: JobStatus[] = [(await jobs.status(jobId))!.status];
    await worker(jobs);
    const running = await waitFor(() => jobs.status(jobId), (job) => job?.status === 'running', 10_000, 'running');
    seen.push(running!.status);
    expect(running).toMatchObject({ attempts: 1, workerId: workers[0]!.workerId, report: null });
    release();
    const done = await finished(jobs, jobId);
    seen.push(done!.status);
    expect(seen).toEqual(['queued', 'running', 'succeeded']);
    expect(done!.report).toMatchObject({ accountId: 'a0-0', status: 'success' });
    expect(done!.report!.entities.suppliers.created).toBeGreaterThan(0);
    expect(done!.finishedAt).toBeInstanceOf(Date);
    expect(finishedReports).toEqual([`${jobId}:success:succeeded`]);
    expect(fakes.fakes[0]!.server.activeSessions()).toBe(0);
  });

  it('a full sync of the fake chain stores its records in one attempt', async () => {
    const jobs = engine();
    await worker(jobs);
    const { jobId } = await jobs.requestSync('a1-0');
    const done = await finished(jobs, jobId);
    expect(done).toMatchObject({ status: expect.stringMatching(/^(succeeded|partial)$/), attempts: 1 });
    expect(done!.report!.totals.created).toBeGreaterThan(0);
  });

  it('a wrong password ends failed after one attempt and fires the failing-account hook once', async () => {
    const failing: AccountFailingEvent[] = [];
    const wrong = accounts.map((account) => (account.accountId === 'a0-1' ? { ...account, password: 'wrong-password-canary' } : account));
    const sync = createIikoSync({ store: createMemorySyncStore(), credentials: credentialSource(wrong), currency: 'RUB' });
    const jobs = engine({ sync, onAccountFailing: (event) => void failing.push(event) });
    await worker(jobs);
    const { jobId } = await jobs.requestSync('a0-1');
    const done = await finished(jobs, jobId);
    expect(done).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'AUTH_FAILED' } });
    // The hook runs right after the status is recorded.
    await waitFor(async () => failing.length, (n) => n >= 1, 5_000, 'the hook');
    expect(failing).toEqual([{ accountId: 'a0-1', jobId, consecutiveFailures: 1, lastError: done!.error, transient: false }]);
    // Nothing is left in graphile-worker to retry it.
    const { rows } = await db.pool.query(`select count(*)::int as n from "${db.schema}_worker".jobs`);
    expect(rows[0].n).toBe(0);
    // A second failed job counts as the second consecutive failure.
    const again = await jobs.requestSync('a0-1');
    await finished(jobs, again.jobId);
    await waitFor(async () => failing.length, (n) => n === 2, 5_000, 'the second hook call');
    expect(failing[1]).toMatchObject({ consecutiveFailures: 2 });
    // No secret in a log line or a stored column.
    const stored = JSON.stringify((await db.pool.query(`select * from "${db.schema}".sync_jobs`)).rows);
    for (const text of [logger.lines.join('\n'), stored]) {
      expect(text).not.toContain('wrong-password-canary');
      expect(text).not.toMatch(/pw-\d-\d-canary/);
    }
  });

  it('a queued job whose credentials were deactivated meanwhile ends failed without calling iiko or the hook', async () => {
    const failing: AccountFailingEvent[] = [];
    const listed = jobAccounts(accounts);
    const jobs = engine({ accounts: { get: async (id) => listed.find((account) => account.accountId === id) }, onAccountFailing: (event) => void failing.push(event) });
    const { jobId } = await jobs.requestSync('a1-0', { entities: ['suppliers'] });
    listed.find((account) => account.accountId === 'a1-0')!.isActive = false;
    fakes.fakes[1]!.server.resetStats();
    await worker(jobs);
    const done = await finished(jobs, jobId);
    expect(done).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'INTEGRATION_INACTIVE' }, report: null });
    expect(fakes.fakes[1]!.server.requests).toEqual([]);
    expect(failing).toEqual([]);
  });

  it('retries a transient failure with back-off and then succeeds', async () => {
    const jobs = engine();
    await worker(jobs);
    // The first login's connection is reset: a network error, which the next attempt does not meet.
    fakes.fakes[1]!.server.injectFault({ kind: 'reset', path: '/resto/api/auth' });
    const { jobId } = await jobs.requestSync('a1-1', { entities: ['suppliers'] });
    const done = await finished(jobs, jobId);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2, error: null });
  });

  it('a transient failure on its last attempt ends failed and fires the hook', async () => {
    const failing: AccountFailingEvent[] = [];
    const jobs = engine({ maxAttempts: 1, onAccountFailing: (event) => void failing.push(event) });
    await worker(jobs);
    fakes.fakes[1]!.server.injectFault({ kind: 'status', status: 503, path: '/resto/api/auth' });
    const { jobId } = await jobs.requestSync('a1-1', { entities: ['suppliers'] });
    const done = await finished(jobs, jobId);
    expect(done).toMatchObject({ status: 'failed', attempts: 1, error: { code: 'SERVER_ERROR' } });
    // The hook runs right after the status is recorded.
    await waitFor(async () => failing.length, (n) => n >= 1, 5_000, 'the hook');
    expect(failing).toHaveLength(1);
    expect(failing[0]).toMatchObject({ accountId: 'a1-1', transient: true, consecutiveFailures: 1 });
  });
});

describe('shutdown', () => {
  it('aborts the run in flight cleanly: the session is logged out and the job runs again on another worker', async () => {
    let entered!: () => void;
    const inFlight = new Promise<void>((resolve) => (entered = resolve));
    let calls = 0;
    const slowFetch: typeof fetch = async (input, init) => {
      calls += 1;
      // After the login, the first read hangs until it is aborted.
      const url = input instanceof Request ? input.url : String(input);
      if (url.includes('/resto/api/suppliers') && calls <= 3) {
        entered();
        return new Promise<Response>((_resolve, reject) => {
          const signal = input instanceof Request ? input.signal : init?.signal;
          signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
        });
      }
      return fetch(input, init);
    };
    const first = engine({ fetch: slowFetch });
    const shutdown = new AbortController();
    const running = await worker(first, { signal: shutdown.signal });
    const { jobId } = await first.requestSync('a0-0', { entities: ['suppliers'] });
    await inFlight;
    shutdown.abort();
    await running.stopped;
    const afterStop = await first.status(jobId);
    expect(afterStop).toMatchObject({ status: 'queued', attempts: 1, error: { code: 'ABORTED' } });
    expect(afterStop!.report).toMatchObject({ status: 'aborted' });
    expect(fakes.fakes[0]!.server.activeSessions()).toBe(0);
    const { rows } = await db.pool.query(`select count(*)::int as n from "${db.schema}".workers where worker_id = $1`, [running.workerId]);
    expect(rows[0].n).toBe(0);

    const second = engine();
    await worker(second);
    const done = await finished(second, jobId);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2 });
  });
});

describe('leases', () => {
  it('a worker that finds its lease taken aborts its run, so two processes never sync one server; the job runs again', async () => {
    let entered!: () => void;
    const inFlight = new Promise<void>((resolve) => (entered = resolve));
    let hung = false;
    const hangOnce: typeof fetch = async (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (url.includes('/resto/api/suppliers') && !hung) {
        hung = true;
        entered();
        const signal = input instanceof Request ? input.signal : init?.signal;
        return new Promise<Response>((_resolve, reject) => signal?.addEventListener('abort', () => reject(signal.reason), { once: true }));
      }
      return fetch(input, init);
    };
    const jobs = engine({ fetch: hangOnce });
    const running = await worker(jobs, { leaseMs: 1_000 });
    const { jobId } = await jobs.requestSync('a1-0', { entities: ['suppliers'] });
    await inFlight;
    // What another process does when this one's heartbeat looks expired: forget it.
    await db.pool.query(`delete from "${db.schema}".workers where worker_id = $1`, [running.workerId]);
    const done = await finished(jobs, jobId);
    expect(done).toMatchObject({ status: 'succeeded', attempts: 2 });
    expect(logger.lines.some((line) => line.includes('lost its lease'))).toBe(true);
    expect(fakes.fakes[1]!.server.activeSessions()).toBe(0);
  });
});

describe('schedules and the tick', () => {
  it('enqueues every due active account once, skipping inactive and unknown ones with a reason', async () => {
    const inactive = { accountId: 'inactive', baseUrl: accounts[0]!.baseUrl, isActive: false };
    let now = Date.parse('2026-08-01T10:00:00Z');
    const jobs = engine({ accounts: [...jobAccounts(accounts), inactive], now: () => now });
    await jobs.schedule('a0-0', { every: 60_000 });
    await jobs.schedule('a1-0', { cron: '30 10 * * *' });
    await jobs.schedule('inactive', { every: 60_000 });
    await jobs.schedule('gone', { every: 60_000 });
    const first = await jobs.tick();
    expect(first.enqueued.map((entry) => entry.accountId)).toEqual(['a0-0']);
    expect(first.skipped).toEqual([
      { accountId: 'inactive', reason: expect.stringContaining('inactive') },
      { accountId: 'gone', reason: expect.stringContaining('no iiko integration') },
    ]);
    expect(logger.lines.some((line) => line.includes('scheduled iiko sync skipped') && line.includes('"accountId":"inactive"'))).toBe(true);
    // Nothing is due again within the interval; the cron one is due at 10:30.
    expect((await jobs.tick()).enqueued).toEqual([]);
    now = Date.parse('2026-08-01T10:30:00Z');
    const later = await jobs.tick();
    expect(later.enqueued.map((entry) => entry.accountId).sort()).toEqual(['a0-0', 'a1-0']);
    // The a0-0 job from the first tick is still queued: the second tick reused it.
    expect(later.enqueued.find((entry) => entry.accountId === 'a0-0')!.jobId).toBe(first.enqueued[0]!.jobId);
    const job = await jobs.status(first.enqueued[0]!.jobId);
    expect(job).toMatchObject({ trigger: 'schedule', status: 'queued' });
    await jobs.unschedule('a0-0');
    now += 10 * 60_000;
    expect((await jobs.tick()).enqueued).toEqual([]);
  });

  it('a default schedule covers every listed account; unschedule takes one out; a disabled integration enqueues nothing', async () => {
    let on = false;
    const jobs = engine({ defaultSchedule: { every: 3_600_000 }, enabled: () => on });
    expect(await jobs.tick()).toEqual({ enqueued: [], skipped: [{ accountId: null, reason: 'the iiko integration is disabled' }] });
    on = true;
    await jobs.unschedule('a1-1');
    const result = await jobs.tick();
    expect(result.enqueued.map((entry) => entry.accountId).sort()).toEqual(['a0-0', 'a0-1', 'a1-0']);
    expect((await jobs.tick()).enqueued).toEqual([]);
  });

  it('rejects schedules that cannot work', async () => {
    const jobs = engine();
    await expect(jobs.schedule('a0-0', { every: 10 })).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
    await expect(jobs.schedule('a0-0', { cron: 'every day' })).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
    await expect(jobs.schedule('a0-0', { every: 60_000, cron: '* * * * *' } as never)).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
  });
});

describe('one server at a time', () => {
  it('runs the jobs of one iikoServer one after the other even with concurrency 4', async () => {
    const jobs = engine();
    for (const fake of fakes.fakes) {
      fake.server.resetStats();
      fake.server.injectFault({ kind: 'delay', ms: 100, path: '/resto/api/suppliers', times: 4 });
    }
    const ids = await Promise.all(accounts.map((account) => jobs.requestSync(account.accountId, { entities: ['suppliers'] })));
    await worker(jobs, { concurrency: 4 });
    for (const { jobId } of ids) expect(await finished(jobs, jobId)).toMatchObject({ status: 'succeeded', attempts: 1 });
    for (const fake of fakes.fakes) {
      expect(fake.server.maxInFlight).toBe(1);
      expect(maxLiveSessions(fake)).toBe(1);
    }
  });
});
