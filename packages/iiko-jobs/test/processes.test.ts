/**
 * The fleet guarantees, with real processes: three worker processes (tsx, wired as in a deployment with
 * the PostgreSQL stores, gate and session store) on one database, six accounts on two fake iikoServers.
 * One tick syncs every account exactly once with at most one request in flight and one live session per
 * server; a worker killed with SIGKILL mid-run loses no work and duplicates none; SIGTERM stops a worker
 * cleanly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCredentialVault, createKeyring } from '@getinn/credential-crypto';
import { sha1Hex } from '@getinn/iiko-client/testing';
import { createPostgresCredentialStore, createPostgresSyncStore, migrate } from '@getinn/iiko-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase } from '../../../test-support/postgres';
import { accountsFromCredentialStore, createIikoJobs, type IikoJobs, type SyncJob } from '../src/index';
import { maxLiveSessions, startFakes, waitFor, type TestAccount } from './support/fixture';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const script = fileURLToPath(new URL('./support/worker-process.ts', import.meta.url));
const LEASE_MS = 2_000;

const db = await testDatabase('iiko_jobs_fleet');
db.pool.on('error', () => {});
db.pool.on('connect', (client) => client.on('error', () => {}));
const jobsSchema = `${db.schema}_jobs`;
const keyHex = randomBytes(32).toString('hex');
// Two licence slots: a SIGKILLed run never logs out, and its slot stays taken until iiko expires the
// token (or the shared session store hands it on); the retried run must still be able to log in. One
// session at a time is checked from the request log, not by the slot count.
const fakes = await startFakes(2, 3, { licenceSlots: 2 });
const accounts: TestAccount[] = fakes.accounts;
const credentialStore = createPostgresCredentialStore(db.pool, { schema: db.schema });
const store = createPostgresSyncStore(db.pool, { schema: db.schema });
let web: IikoJobs;

interface WorkerProcess {
  child: ChildProcess;
  workerId: string;
  stderr: string[];
}
const workers: WorkerProcess[] = [];

async function startWorker(): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: root,
    env: {
      ...process.env,
      STORE_SCHEMA: db.schema,
      JOBS_SCHEMA: jobsSchema,
      KEYRING_HEX: keyHex,
      LEASE_MS: String(LEASE_MS),
      LOCK_TTL_MS: '2000',
      CONCURRENCY: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  let stdout = '';
  const workerId = await new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const ready = stdout.split('\n').find((text) => text.includes('"ready"'));
      if (ready) resolve((JSON.parse(ready) as { workerId: string }).workerId);
    });
    child.once('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready: ${stderr.join('')}`)));
  });
  const started = { child, workerId, stderr };
  workers.push(started);
  return started;
}

beforeAll(async () => {
  await migrate(db.pool, { schema: db.schema });
  const vault = createCredentialVault({ keyring: createKeyring({ keys: { k1: Buffer.from(keyHex, 'hex') }, primaryKeyId: 'k1' }), store: credentialStore });
  for (const account of accounts) {
    await vault.put(account.accountId, 'iiko', { login: account.login, password: account.password }, { baseUrl: account.baseUrl });
  }
  // The web process: enqueues and reads statuses; it needs no sync of its own.
  web = createIikoJobs({ pool: db.pool, schema: jobsSchema, accounts: accountsFromCredentialStore(credentialStore) });
  await web.migrate();
  // Started one after the other: each tsx process compiles the sources on a shared two-core machine.
  for (let n = 0; n < 3; n += 1) await startWorker();
}, 120_000);

afterAll(async () => {
  for (const worker of workers) if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
  await fakes.close();
  await db.pool.query(`drop schema if exists "${jobsSchema}" cascade; drop schema if exists "${jobsSchema}_worker" cascade`);
  await db.dispose();
});

const FINAL = ['succeeded', 'partial', 'failed'];
const allFinished = (ids: readonly string[]) =>
  waitFor(
    async () => Promise.all(ids.map((id) => web.status(id))),
    (jobs) => jobs.every((job) => job !== undefined && FINAL.includes(job.status)),
    60_000,
    'every job to finish',
  ) as Promise<SyncJob[]>;

async function duplicates(accountId: string): Promise<number> {
  let found = 0;
  for (const table of ['restaurants', 'stores', 'suppliers', 'invoices']) {
    const { rows } = await db.pool.query(
      `select iiko_id from "${db.schema}".${table} where account_id = $1 group by iiko_id having count(*) > 1`,
      [accountId],
    );
    found += rows.length;
  }
  return found;
}

async function counts(accountId: string): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const table of ['restaurants', 'stores', 'suppliers', 'invoices']) {
    const { rows } = await db.pool.query(`select count(*)::int as n from "${db.schema}".${table} where account_id = $1`, [accountId]);
    result[table] = rows[0].n;
  }
  return result;
}

describe('three worker processes, six accounts, two iikoServers', { timeout: 120_000 }, () => {
  it('after one tick every account is synced exactly once, one request and one session at a time per server', async () => {
    for (const fake of fakes.fakes) {
      fake.server.resetStats();
      // Slow answers, so that runs of different workers would overlap if the queue let them.
      fake.server.injectFault({ kind: 'delay', ms: 150, path: '/resto/api/corporation', times: 6 });
    }
    for (const account of accounts) await web.schedule(account.accountId, { every: 3_600_000 });
    const tick = await web.tick();
    expect(tick.enqueued).toHaveLength(6);
    expect(tick.skipped).toEqual([]);
    const jobs = await allFinished(tick.enqueued.map((entry) => entry.jobId));

    expect(jobs.map((job) => job.accountId).sort()).toEqual(accounts.map((account) => account.accountId).sort());
    for (const job of jobs) {
      expect(job.status, JSON.stringify(job.error)).toMatch(/^(succeeded|partial)$/);
      expect(job.attempts).toBe(1);
    }
    // The two servers' queues were worked by different processes: the guarantee is the fleet's.
    expect(new Set(jobs.map((job) => job.workerId)).size).toBeGreaterThanOrEqual(2);
    for (const fake of fakes.fakes) {
      expect(fake.server.maxInFlight).toBeLessThanOrEqual(1);
      expect(maxLiveSessions(fake)).toBeLessThanOrEqual(1);
      // One login per account: no run happened twice.
      const logins = fake.server.requests.filter((request) => request.path === '/resto/api/auth').map((request) => request.query['login']);
      expect([...logins].sort()).toEqual(['login-0', 'login-1', 'login-2']);
    }
    for (const account of accounts) {
      const runs = new Set((await store.listLogs(account.accountId, { limit: 100 })).map((entry) => entry.runId));
      expect(runs.size).toBe(1);
      expect(await duplicates(account.accountId)).toBe(0);
      expect((await counts(account.accountId)).suppliers).toBeGreaterThan(0);
    }
    // A second tick within the interval enqueues nothing.
    expect((await web.tick()).enqueued).toEqual([]);
  });

  it('a worker killed with SIGKILL mid-run: the job is taken back after the lease, finishes, and records land once', async () => {
    const before = await counts('a0-0');
    fakes.fakes[0]!.server.resetStats();
    // The run's first read hangs long enough to kill its worker in the middle of it.
    fakes.fakes[0]!.server.injectFault({ kind: 'delay', ms: 4_000, path: '/resto/api/corporation/departments' });
    const { jobId } = await web.requestSync('a0-0');
    const running = await waitFor(() => web.status(jobId), (job) => job?.status === 'running', 30_000, 'the job to run');
    const victim = workers.find((worker) => worker.workerId === running!.workerId)!;
    expect(victim).toBeDefined();
    victim.child.kill('SIGKILL');
    await once(victim.child, 'exit');

    const done = (await allFinished([jobId]))[0]!;
    expect(done.status, JSON.stringify(done.error)).toMatch(/^(succeeded|partial)$/);
    expect(done.attempts).toBe(2);
    expect(done.workerId).not.toBe(victim.workerId);
    expect(await duplicates('a0-0')).toBe(0);
    expect(await counts('a0-0')).toEqual(before);
    expect(fakes.fakes[0]!.server.maxInFlight).toBeLessThanOrEqual(1);
  });

  it('SIGTERM stops a worker cleanly: it exits 0 and leaves no heartbeat behind', async () => {
    const live = workers.filter((worker) => worker.child.exitCode === null && worker.child.signalCode === null);
    expect(live.length).toBeGreaterThan(0);
    // Listen before signalling: a worker may exit while the test waits for another one.
    const exits = live.map((worker) => once(worker.child, 'exit') as Promise<[number | null]>);
    for (const worker of live) worker.child.kill('SIGTERM');
    for (const [index, worker] of live.entries()) {
      // Bounded, so that a worker that does not stop fails with its log rather than a bare timeout.
      const late = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), 45_000).unref());
      const outcome = await Promise.race([exits[index]!, late]);
      expect(outcome, `worker ${worker.workerId} did not stop:\n${worker.stderr.join('').slice(-4000)}`).not.toBe('late');
      expect((outcome as [number | null])[0], worker.stderr.join('')).toBe(0);
    }
    const { rows } = await db.pool.query(`select worker_id from "${jobsSchema}".workers where worker_id = any($1::text[])`, [live.map((worker) => worker.workerId)]);
    expect(rows).toEqual([]);
    // No password (nor its SHA-1, which iiko accepts as the password) in any worker's log or job row.
    const logs = workers.map((worker) => worker.stderr.join('')).join('\n');
    const stored = JSON.stringify((await db.pool.query(`select * from "${jobsSchema}".sync_jobs`)).rows);
    for (const account of accounts) {
      for (const text of [logs, stored]) {
        expect(text).not.toContain(account.password);
        expect(text).not.toContain(sha1Hex(account.password));
      }
    }
    const sessions = fakes.fakes.map((fake) => fake.server.activeSessions());
    // Only the SIGKILLed worker's session can be left (it never logged out); the stopped ones left none.
    expect(sessions.reduce((sum, n) => sum + n, 0)).toBeLessThanOrEqual(1);
  });
});
