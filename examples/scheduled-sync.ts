/**
 * Scheduled sync in a host process: a cron-style scheduler (croner) brings every account up to date every
 * N minutes, one `run` per account. A tick that fires while an account's previous run is still going is
 * skipped for that account — the store's per-account lock refuses the second run with
 * `SyncInProgressError`, which also holds across several worker processes sharing one store. SIGINT and
 * SIGTERM stop the scheduler, abort the runs in flight (what they committed stays) and close the store.
 *
 * Without IIKO_BASE_URL it starts the fake iikoServer and syncs two accounts from it; with
 * IIKO_BASE_URL, IIKO_LOGIN and IIKO_PASSWORD it syncs one account from that server.
 *
 * Run: pnpm tsx examples/scheduled-sync.ts [--cron "*\/15 * * * *"] [--ticks N] [--db path]
 *   --cron   the schedule (5 fields, or 6 with seconds); default every 15 minutes
 *   --ticks  stop after this many ticks (default: run until stopped)
 *   EXAMPLE_FAKE_DELAY_MS=1500 makes the fake answer the first request slowly, so a run outlasts a tick
 *   and you can watch the next tick being skipped.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { Cron } from 'croner';
import { createCredentialVault, createKeyring, createMemoryCredentialStore } from '@getinn/credential-crypto';
import { startFakeIikoServer } from '@getinn/iiko-client/testing';
import { SyncInProgressError, createIikoSync } from '@getinn/iiko-sync';
import { createSqliteSyncStore } from '@getinn/iiko-sync/sqlite';

const { values: args } = parseArgs({
  options: {
    cron: { type: 'string', default: '*/15 * * * *' },
    ticks: { type: 'string' },
    db: { type: 'string', default: '.demo/scheduled-sync.sqlite' },
  },
});
const maxTicks = args.ticks === undefined ? Infinity : Number(args.ticks);

// --- The host's wiring: credentials in a vault, records in a store (both would be the host's own).
const vault = createCredentialVault({
  keyring: createKeyring({ keys: { example: randomBytes(32) }, primaryKeyId: 'example' }),
  store: createMemoryCredentialStore(),
});
const fake = process.env.IIKO_BASE_URL ? undefined : await startFakeIikoServer({ dataset: { restaurants: 3, suppliers: 30, invoices: 120 } });
if (fake) {
  const delay = Number(process.env.EXAMPLE_FAKE_DELAY_MS ?? 0);
  if (delay > 0) fake.server.injectFault({ kind: 'delay', ms: delay, path: '/resto/api/corporation' });
  // Two accounts on one server with one login share one iiko session and one serial queue.
  for (const accountId of ['acc-north', 'acc-south']) {
    await vault.put(accountId, 'iiko', { login: fake.server.login, password: fake.server.password }, { baseUrl: fake.url });
  }
} else {
  await vault.put('acc-1', 'iiko', { login: process.env.IIKO_LOGIN!, password: process.env.IIKO_PASSWORD! }, { baseUrl: process.env.IIKO_BASE_URL! });
}
const accounts = fake ? ['acc-north', 'acc-south'] : ['acc-1'];

mkdirSync(dirname(args.db), { recursive: true });
const store = createSqliteSyncStore({ filename: args.db });
const sync = createIikoSync({ store, credentials: vault, currency: process.env.IIKO_CURRENCY ?? 'RUB' });

// --- The schedule.
const shutdown = new AbortController();
const running = new Set<Promise<void>>();
let ticks = 0;

async function syncAccount(accountId: string, tick: number): Promise<void> {
  const started = performance.now();
  try {
    const report = await sync.run(accountId, { signal: shutdown.signal });
    const { created, updated, unchanged, failed } = report.totals;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`tick ${tick} ${accountId}: ${report.status} — ${created} created, ${updated} updated, ${unchanged} unchanged, ${failed} failed (${seconds} s)`);
    if (report.error) console.log(`  stopped early [${report.error.code}]: ${report.error.message}`);
  } catch (error) {
    if (error instanceof SyncInProgressError) console.log(`tick ${tick} ${accountId}: skipped, the previous run is still going`);
    else console.error(`tick ${tick} ${accountId}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const job = new Cron(args.cron, () => {
  ticks += 1;
  if (ticks >= maxTicks) job.stop();
  for (const accountId of accounts) {
    const run = syncAccount(accountId, ticks).finally(() => running.delete(run));
    running.add(run);
  }
  if (ticks >= maxTicks) void stop('done');
});
console.log(`syncing ${accounts.join(', ')} on "${args.cron}"; next tick ${job.nextRun()?.toISOString()}`);

let stopping: Promise<void> | undefined;
function stop(reason: string): Promise<void> {
  stopping ??= (async () => {
    job.stop();
    if (reason !== 'done') {
      console.log(`${reason}: aborting runs in flight…`);
      shutdown.abort();
    }
    await Promise.allSettled([...running]);
    store.close();
    await fake?.close();
    console.log(`stopped after ${ticks} ticks`);
  })();
  return stopping;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop(signal));
