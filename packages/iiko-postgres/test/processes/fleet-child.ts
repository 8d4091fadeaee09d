/**
 * One process of the fleet tests (fleet.test.ts, soak.test.ts), wired as a deployment wires it: the
 * PostgreSQL sync store, credential vault, session store and server gate of this package, one shared
 * iikoServer and iiko login for every account.
 *
 * Environment: DATABASE_URL, SCHEMA, KEYRING_HEX, IIKO_URL, IIKO_LOGIN, IIKO_PASSWORD, ACCOUNTS (comma
 * separated), MODE, LEASE_MS, LOCK_TTL_MS, TODAY (YYYY-MM-DD), WINDOW_FROM, TOKENS_FILE.
 * - MODE=sync: syncs each account until a run succeeds (at most ATTEMPTS runs each); one JSON line per run.
 * - MODE=soak: RUNS runs, cycling through the accounts, whatever their outcome; one JSON line per run.
 * - MODE=probe: PROBES times, testConnection of the first account and a supplier search; one JSON line each.
 *
 * It prints `ready` and waits for a line on stdin, so that every process starts at the same moment. Its
 * log lines go to stderr as JSON. Every token iiko issued it is appended to TOKENS_FILE, so the test can
 * look for them where they must never be (logs, database columns).
 */
import { appendFileSync } from 'node:fs';
import pg from 'pg';
import { createCredentialVault, createKeyring } from '@getinn/credential-crypto';
import { IikoClient } from '@getinn/iiko-client';
import { createIikoSync, type Logger } from '@getinn/iiko-sync';
import {
  createPostgresCredentialStore,
  createPostgresServerGate,
  createPostgresSessionStore,
  createPostgresSyncStore,
} from '../../src/index';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};
const schema = env('SCHEMA');
const pool = new pg.Pool({ connectionString: env('DATABASE_URL'), max: 4 });
pool.on('error', () => undefined);
const line = (level: string) => (object: Record<string, unknown>, message?: string) =>
  process.stderr.write(`${JSON.stringify({ level, msg: message, pid: process.pid, ...object })}\n`);
const logger: Logger = { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };

// Records the tokens iiko hands out (the body of /resto/api/auth), for the test's canary checks only.
const recordingFetch: typeof fetch = async (input, init) => {
  const response = await fetch(input, init);
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  if (new URL(url).pathname === '/resto/api/auth' && response.ok) {
    const text = await response.clone().text().catch(() => '');
    if (text.trim() !== '') appendFileSync(env('TOKENS_FILE'), `${text.trim()}\n`);
  }
  return response;
};

const keyring = createKeyring({ keys: { fleet: Buffer.from(env('KEYRING_HEX'), 'hex') }, primaryKeyId: 'fleet' });
const gate = createPostgresServerGate(pool, { schema });
const sessionStore = createPostgresSessionStore(pool, { schema, keyring });
const clientOptions = {
  gate,
  sessionStore,
  holderLeaseMs: Number(env('LEASE_MS')),
  fetch: recordingFetch,
  logger,
  retry: { retries: 3, minDelayMs: 5, maxDelayMs: 20 },
  cooldownAfterTimeoutMs: 50,
};
const sync = createIikoSync({
  store: createPostgresSyncStore(pool, { schema }),
  credentials: createCredentialVault({ keyring, store: createPostgresCredentialStore(pool, { schema }) }),
  currency: 'RUB',
  clock: { now: () => Date.parse(`${env('TODAY')}T12:00:00Z`) },
  lockTtlMs: Number(env('LOCK_TTL_MS')),
  logger,
  clientOptions,
});
const print = (object: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify(object)}\n`);
};

await pool.query('select 1');
process.stdout.write('ready\n');
await new Promise((resolve) => process.stdin.once('data', resolve));

const accounts = env('ACCOUNTS').split(',');
const window = { from: env('WINDOW_FROM'), to: env('TODAY') };
if (env('MODE') === 'sync') {
  for (const account of accounts) {
    for (let attempt = 1; attempt <= Number(process.env['ATTEMPTS'] ?? '10'); attempt += 1) {
      try {
        const report = await sync.run(account, { invoices: window });
        print({ event: 'run', account, attempt, status: report.status, error: report.error?.code ?? null, totals: report.totals });
        if (report.status === 'success') break;
      } catch (error) {
        // A run that cannot start (the account's lock still held by a killed process's lease): try again.
        print({ event: 'run', account, attempt, status: 'refused', error: error instanceof Error ? error.name : String(error) });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }
} else if (env('MODE') === 'soak') {
  for (let run = 0; run < Number(env('RUNS')); run += 1) {
    const account = accounts[run % accounts.length]!;
    try {
      const report = await sync.run(account, { invoices: window });
      print({ event: 'run', account, status: report.status, error: report.error?.code ?? null });
    } catch (error) {
      // The account's lock is held by another run (or a killed process's lease): counted, not retried.
      print({ event: 'run', account, status: 'refused', error: error instanceof Error ? error.name : String(error) });
    }
  }
} else {
  const client = new IikoClient({ baseUrl: env('IIKO_URL'), login: env('IIKO_LOGIN'), password: env('IIKO_PASSWORD'), ...clientOptions });
  for (let probe = 0; probe < Number(env('PROBES')); probe += 1) {
    const connection = await sync.testConnection(accounts[0]!);
    const found = await client.searchSuppliers({ name: 'а' }).then(
      (suppliers) => suppliers.length,
      (error: unknown) => (error instanceof Error ? error.name : String(error)),
    );
    print({ event: 'probe', connected: connection.isConnected, error: connection.connectionError, found });
  }
  await client.close();
}
await gate.close();
await pool.end();
print({ event: 'done' });
