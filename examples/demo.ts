/**
 * `pnpm demo`: the SDK end to end in one command.
 *
 * 1. Starts the built-in fake iikoServer on 127.0.0.1 with a realistic chain (5 restaurants, 60 suppliers,
 *    400 invoices over the last ~3 months) — or, with IIKO_BASE_URL, IIKO_LOGIN and IIKO_PASSWORD set,
 *    uses that real server instead (IIKO_CURRENCY defaults to RUB here; IIKO_TIME_ZONE is optional).
 * 2. Generates an encryption key and seals the credentials into a credential vault.
 * 3. Tests the connection (server version, login, licence slot) and records it in the vault.
 * 4. Syncs the account into an SQLite file with a progress bar, and prints a summary.
 *
 * Run it again to see an idempotent rerun: nothing is created twice, unchanged records are not rewritten.
 *
 * Usage: pnpm demo [-- --db .demo/getinn-iiko.sqlite] [--fresh] [--account demo-account]
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { createCredentialVault, createKeyring, createMemoryCredentialStore } from '@getinn/credential-crypto';
import { startFakeIikoServer, type RunningFakeIikoServer } from '@getinn/iiko-client/testing';
import { SYNC_ENTITY_TYPES, createIikoSync, type SyncProgress, type SyncReport } from '@getinn/iiko-sync';
import { createSqliteSyncStore } from '@getinn/iiko-sync/sqlite';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: '.demo/getinn-iiko.sqlite' },
    fresh: { type: 'boolean', default: false },
    account: { type: 'string', default: 'demo-account' },
  },
});

const started = performance.now();
const dbPath = resolve(args.db);
const accountId = args.account;
const real = Boolean(process.env.IIKO_BASE_URL);

let fake: RunningFakeIikoServer | undefined;
let server: { baseUrl: string; login: string; password: string };
if (real) {
  const { IIKO_BASE_URL, IIKO_LOGIN, IIKO_PASSWORD } = process.env;
  if (!IIKO_LOGIN || !IIKO_PASSWORD) {
    console.error('IIKO_BASE_URL is set: set IIKO_LOGIN and IIKO_PASSWORD too.');
    process.exit(2);
  }
  server = { baseUrl: IIKO_BASE_URL!, login: IIKO_LOGIN, password: IIKO_PASSWORD };
  console.log(`iikoServer: ${server.baseUrl} (login ${server.login})`);
} else {
  const today = new Date().toISOString().slice(0, 10);
  const daysAgo = (days: number): string => new Date(Date.parse(today) - days * 86_400_000).toISOString().slice(0, 10);
  fake = await startFakeIikoServer({
    dataset: { restaurants: 5, storesPerRestaurant: 3, suppliers: 60, invoices: 400, linesPerInvoice: [1, 12], from: daysAgo(80), to: today },
  });
  server = { baseUrl: fake.url, login: fake.server.login, password: fake.server.password };
  console.log(`fake iikoServer: ${fake.url} (5 restaurants, 60 suppliers, 400 invoices; set IIKO_BASE_URL to use a real one)`);
}

// Credentials never sit in the clear: seal them under a key generated for this run.
const keyId = `demo-${Date.now().toString(36)}`;
const keyring = createKeyring({ keys: { [keyId]: randomBytes(32) }, primaryKeyId: keyId });
const vault = createCredentialVault({ keyring, store: createMemoryCredentialStore() });
await vault.put(accountId, 'iiko', { login: server.login, password: server.password }, { baseUrl: server.baseUrl, actor: 'demo' });
console.log(`credentials sealed with AES-256-GCM under key ${keyId}`);

if (args.fresh) rmSync(dbPath, { force: true });
mkdirSync(dirname(dbPath), { recursive: true });
const store = createSqliteSyncStore({ filename: dbPath });
const sync = createIikoSync({
  store,
  credentials: vault,
  currency: process.env.IIKO_CURRENCY ?? 'RUB',
  ...(process.env.IIKO_TIME_ZONE ? { timeZone: process.env.IIKO_TIME_ZONE } : {}),
});

const controller = new AbortController();
process.once('SIGINT', () => {
  console.log('\nstopping: the batch being written completes, the rest waits for the next run…');
  controller.abort();
});

let exitCode = 1;
try {
  const connection = await sync.testConnection(accountId);
  if (!connection.isConnected) {
    console.error(`connection failed [${connection.connectionErrorCode}]: ${connection.connectionError}`);
  } else {
    console.log(`connected: iikoServer ${connection.serverVersion ?? '(version unknown)'}, login and licence slot OK\n`);
    const report = await sync.run(accountId, { signal: controller.signal, onProgress: progressReporter() });
    printSummary(report);
    exitCode = report.status === 'success' || report.status === 'partial' ? 0 : 1;
  }
} finally {
  store.close();
  await fake?.close();
}
process.exit(exitCode);

/** A progress bar on a terminal; a line per step otherwise (CI logs, pipes). */
function progressReporter(): (progress: SyncProgress) => void {
  if (!process.stdout.isTTY) {
    return (progress) => {
      if (progress.phase === 'done') console.log(`  ${progress.entity}: ${progress.stored} stored of ${progress.fetched} read`);
      else if (progress.phase === 'fetch' && progress.window) console.log(`  invoices ${progress.window.from} … ${progress.window.to}`);
    };
  }
  const bar = new SingleBar({
    format: '  syncing [{bar}] {percentage}% | {entity} {detail}',
    barCompleteChar: '█',
    barIncompleteChar: '░',
    hideCursor: true,
    clearOnComplete: true,
  });
  let running = false;
  return (progress) => {
    const detail = progress.window ? `${progress.window.from} … ${progress.window.to}` : `${progress.stored}/${progress.fetched}`;
    const payload = { entity: progress.entity.padEnd(11), detail };
    if (!running) {
      bar.start(progress.steps.total, progress.steps.completed, payload);
      running = true;
    }
    bar.setTotal(progress.steps.total);
    bar.update(progress.steps.completed, payload);
    if (progress.entity === 'invoices' && progress.phase === 'done') bar.stop();
  };
}

function printSummary(report: SyncReport): void {
  const rows = SYNC_ENTITY_TYPES.map((entity) => report.entities[entity]).map((entity) => [
    entity.entity,
    entity.status,
    entity.fetched,
    entity.created,
    entity.updated,
    entity.unchanged,
    entity.failed,
    entity.issues.length,
    `${(entity.timings.totalMs / 1000).toFixed(2)} s`,
  ]);
  const total = report.totals;
  rows.push(['total', report.status, total.fetched, total.created, total.updated, total.unchanged, total.failed, total.issues, `${(report.durationMs / 1000).toFixed(2)} s`]);
  console.log(`\nsync ${report.status} — account ${report.accountId}, run ${report.runId}`);
  if (report.invoiceWindow) {
    console.log(`invoice window ${report.invoiceWindow.from} … ${report.invoiceWindow.to} (${report.invoiceWindow.source})`);
  }
  console.log();
  printTable(['entity', 'status', 'fetched', 'created', 'updated', 'unchanged', 'failed', 'issues', 'time'], rows);

  const issues = new Map<string, { count: number; example: string }>();
  for (const entity of SYNC_ENTITY_TYPES) {
    for (const issue of report.entities[entity].issues) {
      const key = `${issue.severity} ${issue.code}`;
      const seen = issues.get(key);
      if (seen) seen.count += 1;
      else issues.set(key, { count: 1, example: `${issue.entity} ${issue.externalId ?? '?'}: ${issue.message}` });
    }
  }
  if (issues.size > 0) {
    console.log('\nissues by code (error: record left out; warning: stored with a fallback)');
    for (const [code, { count, example }] of issues) console.log(`  ${String(count).padStart(4)} × ${code} — e.g. ${example}`);
  }
  for (const entity of SYNC_ENTITY_TYPES) {
    const { error, skippedReason, status } = report.entities[entity];
    if (error) console.log(`\n${entity} failed [${error.code}]: ${error.message}`);
    else if (status === 'skipped' && skippedReason !== 'not requested') console.log(`\n${entity} skipped: ${skippedReason}`);
  }
  console.log(`\nSQLite store: ${dbPath}`);
  console.log(`  read it back: pnpm tsx examples/read-sqlite-store.ts --db ${args.db}`);
  console.log(`elapsed: ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

function printTable(header: string[], rows: (string | number)[][]): void {
  const cells = [header, ...rows].map((row) => row.map(String));
  const widths = header.map((_, column) => Math.max(...cells.map((row) => row[column]!.length)));
  const line = (row: string[]): string =>
    row.map((cell, column) => (column < 2 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  console.log(line(cells[0]!));
  console.log(widths.map((width) => '─'.repeat(width)).join('  '));
  for (const row of cells.slice(1, -1)) console.log(line(row));
  console.log(widths.map((width) => '─'.repeat(width)).join('  '));
  console.log(line(cells.at(-1)!));
}
