/**
 * One worker process of the multi-process tests, wired as a deployment would wire it: the PostgreSQL
 * stores, gate and session store of `@getinn/iiko-postgres`, the credential vault over the credential
 * table, and `runWorker`. SIGTERM stops it cleanly. It prints `{"event":"ready","workerId":…}` on
 * stdout when it takes jobs, and its log lines as JSON on stderr.
 *
 * Environment: DATABASE_URL, STORE_SCHEMA (iiko-postgres), JOBS_SCHEMA, KEYRING_HEX, LEASE_MS,
 * LOCK_TTL_MS, CONCURRENCY.
 */
import { createCredentialVault, createKeyring } from '@getinn/credential-crypto';
import {
  createPostgresCredentialStore,
  createPostgresServerGate,
  createPostgresSessionStore,
  createPostgresSyncStore,
} from '@getinn/iiko-postgres';
import { createIikoSync, type Logger } from '@getinn/iiko-sync';
import pg from 'pg';
import { accountsFromCredentialStore, createIikoJobs } from '../../src/index';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};
const storeSchema = env('STORE_SCHEMA');
const pool = new pg.Pool({ connectionString: env('DATABASE_URL'), max: 8 });
pool.on('error', () => {});
pool.on('connect', (client) => client.on('error', () => {}));
const line = (level: string) => (object: Record<string, unknown>, message?: string) =>
  process.stderr.write(`${JSON.stringify({ level, msg: message, pid: process.pid, ...object })}\n`);
const logger: Logger = { debug() {}, info: line('info'), warn: line('warn'), error: line('error') };

const keyring = createKeyring({ keys: { k1: Buffer.from(env('KEYRING_HEX'), 'hex') }, primaryKeyId: 'k1' });
const credentialStore = createPostgresCredentialStore(pool, { schema: storeSchema });
const gate = createPostgresServerGate(pool, { schema: storeSchema });
const sync = createIikoSync({
  store: createPostgresSyncStore(pool, { schema: storeSchema }),
  credentials: createCredentialVault({ keyring, store: credentialStore }),
  currency: 'RUB',
  lockTtlMs: Number(env('LOCK_TTL_MS')),
  logger,
  clientOptions: { gate, sessionStore: createPostgresSessionStore(pool, { schema: storeSchema, keyring }), retry: { retries: 0 } },
});
const jobs = createIikoJobs({
  pool,
  schema: env('JOBS_SCHEMA'),
  sync,
  accounts: accountsFromCredentialStore(credentialStore),
  logger,
});

const shutdown = new AbortController();
process.once('SIGTERM', () => shutdown.abort());
const worker = await jobs.runWorker({
  concurrency: Number(env('CONCURRENCY')),
  signal: shutdown.signal,
  tickIntervalMs: 0,
  leaseMs: Number(env('LEASE_MS')),
  pollIntervalMs: 100,
});
process.stdout.write(`${JSON.stringify({ event: 'ready', workerId: worker.workerId })}\n`);
await worker.stopped;
logger.info({}, 'closing the gate');
await gate.close();
logger.info({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }, 'ending the pool');
await pool.end();
logger.info({}, 'pool ended');
// Whatever still holds the event loop (a timer of a library) must not keep a stopped worker alive.
setTimeout(() => {
  logger.warn({ resources: process.getActiveResourcesInfo() }, 'still alive after the shutdown; exiting');
  process.exit(0);
}, 1_000).unref();
process.stdout.write(`${JSON.stringify({ event: 'stopped', workerId: worker.workerId })}\n`);
