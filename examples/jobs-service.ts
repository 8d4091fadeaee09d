/**
 * A small sync service on `@getinn/iiko-jobs`: a web role that answers "sync now" with a job id at once
 * and serves the job's status, and a worker role that runs the jobs — at most one sync per iikoServer at
 * a time across every worker process, transient failures retried, an alert hook for failing accounts.
 *
 *   POST /accounts/:id/sync     202 { jobId } (the same job while one is still queued)
 *   GET  /jobs/:jobId           the job: queued / running / succeeded / partial / failed, with its report
 *   GET  /accounts/:id/jobs     the account's latest jobs
 *
 * Run: DATABASE_URL=postgres://… pnpm tsx examples/jobs-service.ts [--role all|web|worker] [--port 3000]
 *        [--concurrency 2] [--schema getinn_iiko] [--once]
 *   `all` (the default) runs both roles in one process; a deployment runs `web` and N × `worker` with the
 *   same DATABASE_URL, schema and CREDENTIAL_KEY. Without IIKO_BASE_URL, two accounts on a built-in fake
 *   iikoServer are set up and scheduled hourly. `--once` ticks, requests one manual sync over HTTP, waits
 *   for every job, prints them and exits — what its test runs. SIGINT/SIGTERM stop the worker cleanly
 *   (runs in flight are aborted and put back in the queue).
 *   curl -X POST localhost:3000/accounts/acc-north/sync
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createCredentialVault, createKeyring } from '@getinn/credential-crypto';
import { startFakeIikoServer } from '@getinn/iiko-client/testing';
import { accountsFromCredentialStore, createIikoJobs, isIikoJobsError, type IikoJobsWorker, type SyncJob } from '@getinn/iiko-jobs';
import {
  createPostgresCredentialStore,
  createPostgresServerGate,
  createPostgresSessionStore,
  createPostgresSyncStore,
  migrate,
} from '@getinn/iiko-postgres';
import { createIikoSync, type Logger } from '@getinn/iiko-sync';

const { values: args } = parseArgs({
  options: {
    role: { type: 'string', default: 'all' },
    port: { type: 'string', default: process.env.PORT ?? '3000' },
    concurrency: { type: 'string', default: '2' },
    schema: { type: 'string', default: 'getinn_iiko' },
    once: { type: 'boolean', default: false },
  },
});
if (!process.env.DATABASE_URL) {
  console.error('Set DATABASE_URL, e.g. DATABASE_URL=postgres://postgres@localhost:5432/postgres');
  process.exit(2);
}
const runsWeb = args.role === 'all' || args.role === 'web';
const runsWorker = args.role === 'all' || args.role === 'worker';

// --- The host's wiring, the same in every role.
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
pool.on('error', (error) => console.error(`database: ${error.message}`));
pool.on('connect', (client) => client.on('error', () => {}));
const schema = args.schema;
await migrate(pool, { schema });
// A service reads its key with keyringFromEnv(); the example makes one per run unless CREDENTIAL_KEY is set.
const keyring = createKeyring({
  keys: { example: process.env.CREDENTIAL_KEY ? Buffer.from(process.env.CREDENTIAL_KEY, 'hex') : randomBytes(32) },
  primaryKeyId: 'example',
});
const credentialStore = createPostgresCredentialStore(pool, { schema });
const vault = createCredentialVault({ keyring, store: credentialStore });
const gate = createPostgresServerGate(pool, { schema });
// Warnings and errors only: a service passes its pino logger.
const logger: Logger = {
  debug() {},
  info() {},
  warn: (object, message) => console.error(`warn: ${message} ${JSON.stringify(object)}`),
  error: (object, message) => console.error(`error: ${message} ${JSON.stringify(object)}`),
};
const sync = createIikoSync({
  store: createPostgresSyncStore(pool, { schema }),
  credentials: vault,
  currency: process.env.IIKO_CURRENCY ?? 'RUB',
  clientOptions: { gate, sessionStore: createPostgresSessionStore(pool, { schema, keyring }) },
});
const jobs = createIikoJobs({
  pool,
  schema: `${schema}_jobs`,
  sync,
  accounts: accountsFromCredentialStore(credentialStore),
  logger,
  onRunFinished: (report, { jobId, status }) => console.log(`job ${jobId} ${report.accountId}: ${status}, ${report.totals.created} created`),
  // Where a service pages someone or notifies the account.
  onAccountFailing: ({ accountId, consecutiveFailures, lastError }) =>
    console.log(`ALERT ${accountId}: ${consecutiveFailures} failed job(s) in a row — ${lastError.code}: ${lastError.message}`),
});
await jobs.migrate();

// --- Accounts: a fake chain of two accounts on one iikoServer unless a real server is given.
const fake = process.env.IIKO_BASE_URL ? undefined : await startFakeIikoServer({ dataset: { restaurants: 2, suppliers: 10, invoices: 20 } });
const accountIds = fake ? ['acc-north', 'acc-south'] : ['acc-1'];
if (runsWeb) {
  for (const accountId of accountIds) {
    const login = fake ? { login: fake.server.login, password: fake.server.password } : { login: process.env.IIKO_LOGIN ?? '', password: process.env.IIKO_PASSWORD ?? '' };
    await vault.put(accountId, 'iiko', login, { baseUrl: fake?.url ?? process.env.IIKO_BASE_URL! });
    await jobs.schedule(accountId, { every: 60 * 60_000 });
  }
}

// --- The worker role.
const shutdown = new AbortController();
let worker: IikoJobsWorker | undefined;
if (runsWorker) worker = await jobs.runWorker({ concurrency: Number(args.concurrency), signal: shutdown.signal, tickIntervalMs: 60_000 });

// --- The web role: three routes on node:http; authorization is the host's and left out here.
const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};
const publicJob = (job: SyncJob) => ({ jobId: job.jobId, accountId: job.accountId, status: job.status, attempts: job.attempts, error: job.error, report: job.report });
async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { pathname } = new URL(req.url ?? '/', 'http://localhost');
  const sync = /^\/accounts\/([^/]+)\/sync$/.exec(pathname);
  if (sync && req.method === 'POST') {
    try {
      const { jobId } = await jobs.requestSync(decodeURIComponent(sync[1]!));
      return json(res, 202, { jobId, status: `/jobs/${jobId}` });
    } catch (error) {
      if (isIikoJobsError(error)) return json(res, error.code === 'CREDENTIALS_NOT_FOUND' ? 404 : 409, { code: error.code, message: error.message });
      throw error;
    }
  }
  const job = /^\/jobs\/(\d+)$/.exec(pathname);
  if (job && req.method === 'GET') {
    const found = await jobs.status(job[1]!);
    return found ? json(res, 200, publicJob(found)) : json(res, 404, { code: 'JOB_NOT_FOUND' });
  }
  const list = /^\/accounts\/([^/]+)\/jobs$/.exec(pathname);
  if (list && req.method === 'GET') return json(res, 200, (await jobs.list(decodeURIComponent(list[1]!), { limit: 10 })).map(publicJob));
  json(res, 404, { code: 'NOT_FOUND' });
}
const http = runsWeb
  ? createServer((req, res) => void route(req, res).catch((error: unknown) => json(res, 500, { message: String(error) })))
  : undefined;
if (http) {
  http.listen(args.once ? 0 : Number(args.port), '127.0.0.1');
  await new Promise<void>((resolve) => http.once('listening', resolve));
}
const base = http ? `http://127.0.0.1:${(http.address() as AddressInfo).port}` : '';

async function stop(): Promise<void> {
  shutdown.abort();
  await worker?.stopped;
  await new Promise<void>((resolve) => (http ? http.close(() => resolve()) : resolve()));
  await jobs.close();
  await gate.close();
  await pool.end();
  await fake?.close();
}

if (args.once) {
  // What a deployment does over minutes: the tick enqueues the due accounts, a person presses "sync now".
  const tick = await jobs.tick();
  console.log(`tick: ${tick.enqueued.length} enqueued, ${tick.skipped.length} skipped`);
  const manual = (await (await fetch(`${base}/accounts/${accountIds[0]}/sync`, { method: 'POST' })).json()) as { jobId: string };
  console.log(`sync now: job ${manual.jobId}${tick.enqueued.some((entry) => entry.jobId === manual.jobId) ? ' (the queued scheduled job)' : ''}`);
  const ids = [...new Set([...tick.enqueued.map((entry) => entry.jobId), manual.jobId])];
  for (;;) {
    const states = await Promise.all(ids.map(async (id) => (await (await fetch(`${base}/jobs/${id}`)).json()) as { status: string }));
    if (states.every((state) => ['succeeded', 'partial', 'failed'].includes(state.status))) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  for (const accountId of accountIds) {
    for (const job of (await (await fetch(`${base}/accounts/${accountId}/jobs`)).json()) as Array<{ jobId: string; status: string; attempts: number }>) {
      console.log(`${accountId}: job ${job.jobId} ${job.status} after ${job.attempts} attempt(s)`);
    }
  }
  await stop();
} else {
  if (http) console.log(`listening on ${base}`);
  if (worker) console.log(`worker ${worker.workerId} running`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop());
}
