/**
 * A full sync of a large chain — 50 restaurants, 2,000 suppliers, 20,000 invoices — from the fake
 * iikoServer over loopback into a fresh SQLite file, against the client-only read of the same data in the
 * same run (the same requests: dictionaries, then invoices in the sync's weekly chunks). The ratio is what
 * mapping, hashing, the reference checks and SQLite cost on top of reading. A rerun over the unchanged
 * data (everything found unchanged, nothing rewritten) is measured too.
 *
 * Each phase runs in its own process, so its peak RSS (`process.resourceUsage().maxRSS`) is its own.
 * Imports the built packages: run `pnpm build` first (or `pnpm bench`).
 *
 * Run: node bench/iiko-sync.bench.mjs [restaurants] [suppliers] [invoices] [linesPerInvoice]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { peakRssMiB, printTable, runChild } from './lib/measure.mjs';

const FROM = '2026-07-01';
const TO = '2026-09-28';
const CHUNK_DAYS = 7;

if (process.argv[2] === '--child') {
  const [, , , phase, baseUrl, login, password, database] = process.argv;
  console.log(JSON.stringify(await child(phase, baseUrl, login, password, database)));
  process.exit(0);
}

const [restaurants = '50', suppliers = '2000', invoices = '20000', linesPerInvoice = '5'] = process.argv.slice(2);
const { startFakeIikoServer } = await import('@getinn/iiko-client/testing');
const generation = performance.now();
const fake = await startFakeIikoServer({
  licenceSlots: 10,
  dataset: {
    restaurants: Number(restaurants),
    storesPerRestaurant: 3,
    suppliers: Number(suppliers),
    invoices: Number(invoices),
    linesPerInvoice: Number(linesPerInvoice),
    from: FROM,
    to: TO,
  },
});
console.log(
  `fake iikoServer: ${restaurants} restaurants, ${suppliers} suppliers, ${invoices} invoices × ${linesPerInvoice} lines (${FROM} … ${TO}), ready in ${Math.round(performance.now() - generation)} ms`,
);

const directory = mkdtempSync(join(tmpdir(), 'iiko-sync-bench-'));
const database = join(directory, 'bench.sqlite');
const args = (phase) => ['--child', phase, fake.url, fake.server.login, fake.server.password, database];
const script = new URL(import.meta.url);
const rows = [];
try {
  const read = await runChild(script, args('client'));
  rows.push({ name: 'client-only read (baseline)', rate: (read.records / read.ms) * 1000, unit: 'rec/s', peakMiB: read.peakMiB, ...read });
  const first = await runChild(script, args('sync'));
  rows.push({ name: 'full sync into SQLite (first run)', rate: (first.records / first.ms) * 1000, unit: 'rec/s', peakMiB: first.peakMiB, ...first });
  const rerun = await runChild(script, args('sync'));
  rows.push({ name: 'rerun, nothing changed', rate: (rerun.records / rerun.ms) * 1000, unit: 'rec/s', peakMiB: rerun.peakMiB, ...rerun });
  console.log(`records read per phase: ${rows.map((row) => `${row.name}: ${row.records}`).join('; ')}`);
  console.log(`first sync: ${first.created} created, ${first.failed} left out with issues; rerun: ${rerun.created} created, ${rerun.updated} updated, ${rerun.unchanged} unchanged`);
  console.log(`SQLite file: ${(statSync(database).size / 1024 / 1024).toFixed(1)} MiB; requests served: ${fake.server.requests.length}; max in flight: ${fake.server.maxInFlight}`);
  printTable('iiko-sync: full sync vs client-only read of the same data (ratio vs the client-only read)', rows, 'client-only read (baseline)');
  console.log(`\nsync / read time ratio: ${(first.ms / read.ms).toFixed(2)}× (first run), ${(rerun.ms / read.ms).toFixed(2)}× (rerun)`);
} finally {
  await fake.close();
  rmSync(directory, { recursive: true, force: true });
}

/** One phase in its own process: 'client' reads everything; 'sync' runs a full sync into SQLite. */
async function child(phase, baseUrl, login, password, file) {
  const started = performance.now();
  if (phase === 'client') {
    const { IikoClient } = await import('@getinn/iiko-client');
    const client = new IikoClient({ baseUrl, login, password });
    let records = 0;
    try {
      const tree = await client.departments();
      records += tree.filter((node) => node.type === 'DEPARTMENT').length;
      records += (await client.stores()).length;
      records += (await client.suppliers()).filter((supplier) => supplier.supplier !== false).length;
      for (const window of weeks(FROM, TO)) records += (await client.incomingInvoices(window)).length;
    } finally {
      await client.close();
    }
    return { records, ms: performance.now() - started, peakMiB: peakRssMiB() };
  }
  const { createIikoSync } = await import('@getinn/iiko-sync');
  const { createSqliteSyncStore } = await import('@getinn/iiko-sync/sqlite');
  const store = createSqliteSyncStore({ filename: file });
  const credentials = { get: async () => ({ credentials: { login, password }, baseUrl }) };
  try {
    const sync = createIikoSync({ store, credentials, currency: 'RUB', invoiceChunkDays: CHUNK_DAYS });
    const report = await sync.run('bench-account', { invoices: { from: FROM, to: TO } });
    if (report.status !== 'success' && report.status !== 'partial') throw new Error(`sync ${report.status}: ${report.error?.message}`);
    const { fetched: records, created, updated, unchanged, failed } = report.totals;
    return { records, created, updated, unchanged, failed, ms: performance.now() - started, peakMiB: peakRssMiB() };
  } finally {
    store.close();
  }
}

function weeks(from, to) {
  const day = (date) => Date.parse(`${date}T00:00:00Z`);
  const iso = (ms) => new Date(ms).toISOString().slice(0, 10);
  const windows = [];
  for (let start = day(from); start <= day(to); start += CHUNK_DAYS * 86_400_000) {
    windows.push({ from: iso(start), to: iso(Math.min(start + (CHUNK_DAYS - 1) * 86_400_000, day(to))) });
  }
  return windows;
}

