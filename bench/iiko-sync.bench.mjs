/**
 * A full sync of a large chain — restaurants, suppliers, the nomenclature and thousands of invoices —
 * into a fresh SQLite file, against the client-only read of the same data, measured so that nothing
 * flatters either:
 *   - every answer the sync needs is captured once from the fake iikoServer and replayed as static bytes
 *     by a server in its own process (`lib/static-replay.mjs`), so no XML is built while anyone is measured;
 *   - the baseline reads exactly what the sync reads, through the same tolerant reads, in the same order
 *     (dictionaries, the nomenclature, then invoices streamed in the sync's chunks of `chunkDays`), and
 *     keeps nothing;
 *   - every approach runs once per round in a fresh process (its time and peak RSS are its own); the order
 *     rotates from round to round; figures are medians with min–max;
 *   - `sync (rerun)` syncs into a copy of a file a first run filled: everything is found unchanged.
 * The ratio `sync ÷ read` is what mapping, hashing, the reference checks and SQLite cost on top of reading.
 * `sync, invoices not stored` is the same sync into a store that keeps the dictionaries in memory and
 * drops every invoice batch it is given: what the sync costs before any database — the most a store
 * could bring the full sync up to.
 *
 * Imports the built packages: run `pnpm build` first (or `pnpm bench`).
 * Run: node bench/iiko-sync.bench.mjs [invoices=20000] [linesPerInvoice=5] [rounds=3] [suppliers=2000] [chunkDays=7]
 * (`chunkDays` is the sync's `invoiceChunkDays`, up to 31: longer chunks show what a busy week costs in memory.)
 * BENCH_EXPORT_DELAY_MS=N makes the replay server wait N ms before each invoice export, as iikoServer
 * takes time to build one: what the sync's overlap of one chunk's writing with the next chunk's export is
 * worth. Without it (the default) the bench measures CPU alone.
 * BENCH_BATCH_SIZE=N runs the syncs with `batchSize: N` instead of the default (1,000): what the number of
 * invoices a run holds at once costs in memory and garbage collection.
 * DATABASE_URL=postgres://… adds the same two syncs into PostgreSQL (`@getinn/iiko-postgres`): each full
 * sync into a fresh schema (migrated before its clock starts, as a deployment migrates once), each rerun
 * into one schema a first run filled (a rerun changes no record, only the sync log and cursors). The bench
 * drops the schemas it made, and only those.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, peakRssMiB, runChild } from './lib/measure.mjs';
import { replayKey } from './lib/replay-key.mjs';

const FROM = '2026-07-01';
const TO = '2026-09-28';
const ACCOUNT = 'bench-account';
/** The PostgreSQL schemas of this run start with this: named for the process, so no one else's is touched. */
const SCHEMA_PREFIX = `getinn_bench_${process.pid}`;
/** The schema a first PostgreSQL run fills for the reruns. */
const FILLED_SCHEMA = `${SCHEMA_PREFIX}_filled`;

if (process.argv[2] === '--child') {
  const [, , , phase, baseUrl, database, login, password, chunkDays] = process.argv;
  console.log(JSON.stringify(await child(phase, baseUrl, database, { login, password }, Number(chunkDays))));
  process.exit(0);
}

const [invoices = '20000', linesPerInvoice = '5', rounds = '3', suppliers = '2000', chunkDays = '7'] = process.argv.slice(2);
const directory = mkdtempSync(join(tmpdir(), 'iiko-sync-bench-'));
const captured = join(directory, 'captured');
let server;
/** The PostgreSQL schemas this run made, dropped at the end. */
const schemas = [];
try {
  // 1. Capture every answer of one sync from the fake iikoServer.
  const generation = performance.now();
  const { startFakeIikoServer } = await import('@getinn/iiko-client/testing');
  const fake = await startFakeIikoServer({
    licenceSlots: 10,
    dataset: { restaurants: 50, storesPerRestaurant: 3, suppliers: Number(suppliers), invoices: Number(invoices), linesPerInvoice: Number(linesPerInvoice), from: FROM, to: TO },
  });
  mkdirSync(captured);
  const index = {};
  const recording = async (input, init) => {
    const response = await fetch(input, init);
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const path = new URL(url).pathname;
    if (response.status === 200 && path !== '/resto/api/auth' && path !== '/resto/api/logout') {
      const file = `${Object.keys(index).length}.body`;
      writeFileSync(join(captured, file), Buffer.from(await response.clone().arrayBuffer()));
      index[replayKey(url)] = { file, contentType: response.headers.get('content-type') ?? 'application/octet-stream' };
    }
    return response;
  };
  const credentials = { login: fake.server.login, password: fake.server.password };
  const records = (await syncOnce(fake.url, join(directory, 'capture.sqlite'), credentials, Number(chunkDays), { fetch: recording })).totals.fetched;
  await fake.close();
  writeFileSync(join(captured, 'index.json'), JSON.stringify(index));
  console.log(`${Object.keys(index).length} answers of ${invoices} invoices × ${linesPerInvoice} lines, ${suppliers} suppliers captured in ${Math.round(performance.now() - generation)} ms`);

  // 2. Replay them from a process of their own.
  server = spawn(process.execPath, [fileURLToPath(new URL('./lib/static-replay.mjs', import.meta.url)), captured], { stdio: ['ignore', 'pipe', 'inherit'] });
  const { url, bytes } = await new Promise((resolve, reject) => {
    server.stdout.once('data', (chunk) => resolve(JSON.parse(String(chunk).trim().split('\n')[0])));
    server.once('error', reject);
  });
  const delay = Number(process.env.BENCH_EXPORT_DELAY_MS ?? 0);
  console.log(`static server at ${url}: ${(bytes / 1024 / 1024).toFixed(1)} MiB per sync${delay > 0 ? `, each invoice export after ${delay} ms` : ''}`);

  // A file a first run filled, copied for every rerun.
  const filled = join(directory, 'filled.sqlite');
  const childArgs = (phase, file) => ['--child', phase, url, file, credentials.login, credentials.password, chunkDays];
  await runChild(new URL(import.meta.url), childArgs('sync', filled));

  // 3. Rounds, order rotated.
  const postgres = process.env.DATABASE_URL;
  if (postgres) {
    schemas.push(FILLED_SCHEMA);
    await runChild(new URL(import.meta.url), childArgs('sync-postgres', FILLED_SCHEMA));
  } else {
    console.log('DATABASE_URL is not set: the PostgreSQL store is not measured');
  }
  const approaches = ['read', 'sync-no-store', 'sync', 'rerun', ...(postgres ? ['sync-postgres', 'rerun-postgres'] : [])];
  const samples = Object.fromEntries(approaches.map((approach) => [approach, []]));
  for (let round = 0; round < Number(rounds); round += 1) {
    const order = approaches.map((_, i) => approaches[(i + round) % approaches.length]);
    for (const approach of order) {
      if (approach.endsWith('-postgres')) {
        // A full sync into a schema of its own for the round; every rerun into the one a first run filled.
        const schema = approach === 'rerun-postgres' ? FILLED_SCHEMA : `${SCHEMA_PREFIX}_round_${round}`;
        if (!schemas.includes(schema)) schemas.push(schema);
        samples[approach].push(await runChild(new URL(import.meta.url), childArgs('sync-postgres', schema)));
        continue;
      }
      const file = join(directory, `round-${round}-${approach}.sqlite`);
      if (approach === 'rerun') copyFileSync(filled, file);
      // A rerun is a sync into the copied file; every other approach is a phase of its own name.
      const phase = approach === 'rerun' ? 'sync' : approach;
      samples[approach].push(await runChild(new URL(import.meta.url), childArgs(phase, file)));
      rmSync(file, { force: true });
    }
  }

  // 4. Medians and ratios.
  const names = {
    read: 'client-only read (baseline)',
    'sync-no-store': 'sync, invoices not stored',
    sync: 'full sync into SQLite',
    rerun: 'sync (rerun, nothing changed)',
    'sync-postgres': 'full sync into PostgreSQL',
    'rerun-postgres': 'PostgreSQL sync (rerun)',
  };
  const summary = Object.fromEntries(
    approaches.map((approach) => {
      // Every approach handles the same data: rates are the sync's records over each one's time.
      const rates = samples[approach].map((sample) => (records / sample.ms) * 1000);
      return [approach, { rate: median(rates), min: Math.min(...rates), max: Math.max(...rates), rss: median(samples[approach].map((s) => s.peakMiB)) }];
    }),
  );
  console.log(`\niiko-sync, ${records.toLocaleString('en-US')} records per run, median of ${rounds} rounds (min–max), each run in its own process, order rotated`);
  console.log(['approach'.padEnd(32), 'records/s'.padStart(10), 'min–max'.padStart(17), '÷ read'.padStart(8), 'peak RSS'.padStart(10)].join(' '));
  for (const approach of approaches) {
    const row = summary[approach];
    console.log(
      [
        names[approach].padEnd(32),
        Math.round(row.rate).toLocaleString('en-US').padStart(10),
        `${Math.round(row.min).toLocaleString('en-US')}–${Math.round(row.max).toLocaleString('en-US')}`.padStart(17),
        `${(row.rate / summary.read.rate).toFixed(2)}×`.padStart(8),
        `${row.rss.toFixed(0)} MiB`.padStart(10),
      ].join(' '),
    );
  }
  console.log(`SQLite file after a first run: ${(statSync(filled).size / 1024 / 1024).toFixed(1)} MiB`);
} finally {
  server?.kill('SIGTERM');
  rmSync(directory, { recursive: true, force: true });
  if (schemas.length > 0) await dropSchemas(process.env.DATABASE_URL, schemas);
}

/** One sync of the bench account into a SQLite file, with the bench's window and chunks of `chunkDays`. */
async function syncOnce(baseUrl, file, credentials, chunkDays, clientOptions = {}) {
  const { createSqliteSyncStore } = await import('@getinn/iiko-sync/sqlite');
  const store = createSqliteSyncStore({ filename: file });
  try {
    return await syncInto(store, baseUrl, credentials, chunkDays, clientOptions);
  } finally {
    store.close();
  }
}

/** One sync of the bench account into `store`, with the bench's window and chunks of `chunkDays`. */
async function syncInto(store, baseUrl, credentials, chunkDays, clientOptions = {}) {
  const { createIikoSync } = await import('@getinn/iiko-sync');
  const source = { get: async () => ({ credentials, baseUrl }) };
  const batchSize = process.env.BENCH_BATCH_SIZE === undefined ? undefined : Number(process.env.BENCH_BATCH_SIZE);
  const sync = createIikoSync({ store, credentials: source, currency: 'RUB', invoiceChunkDays: chunkDays, clientOptions, batchSize });
  const report = await sync.run(ACCOUNT, { invoices: { from: FROM, to: TO } });
  if (report.status !== 'success' && report.status !== 'partial') throw new Error(`sync ${report.status}: ${report.error?.message}`);
  return report;
}

/**
 * One sync into PostgreSQL schema `schema` (DATABASE_URL): migrated first, off the clock — a deployment
 * migrates once, not per run — then timed from the store's creation to the end of the run.
 */
async function syncIntoPostgres(baseUrl, schema, credentials, chunkDays) {
  const { default: pg } = await import('pg');
  const { migrate, createPostgresSyncStore } = await import('@getinn/iiko-postgres');
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
  try {
    await migrate(pool, { schema });
    const started = performance.now();
    await syncInto(createPostgresSyncStore(pool, { schema }), baseUrl, credentials, chunkDays);
    return { ms: performance.now() - started, peakMiB: peakRssMiB() };
  } finally {
    await pool.end();
  }
}

/** Drops the schemas this run made (plain identifiers of its own making, so they can be quoted as they are). */
async function dropSchemas(connectionString, names) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    for (const name of names) await client.query(`drop schema if exists "${name}" cascade`);
  } finally {
    await client.end();
  }
}

/**
 * One phase in its own process: 'read' reads what a sync reads and keeps nothing; 'sync-no-store' syncs
 * into {@link invoicesDroppedStore}; 'sync' syncs into the SQLite file `target`; 'sync-postgres' into
 * the PostgreSQL schema `target`.
 */
async function child(phase, baseUrl, target, credentials, chunkDays) {
  if (phase === 'sync-postgres') return syncIntoPostgres(baseUrl, target, credentials, chunkDays);
  const started = performance.now();
  if (phase === 'read') await readOnce(baseUrl, credentials, chunkDays);
  else if (phase === 'sync-no-store') await syncInto(await invoicesDroppedStore(), baseUrl, credentials, chunkDays);
  else await syncOnce(baseUrl, target, credentials, chunkDays);
  return { ms: performance.now() - started, peakMiB: peakRssMiB() };
}

/** Reads what a sync reads, in the same order and through the same tolerant reads, and keeps nothing. */
async function readOnce(baseUrl, credentials, chunkDays) {
  const { IikoClient } = await import('@getinn/iiko-client');
  const client = new IikoClient({ baseUrl, ...credentials });
  try {
    const { tolerant } = client;
    await tolerant.departments();
    await tolerant.stores();
    await tolerant.suppliers();
    await tolerant.products();
    await tolerant.productGroups();
    await tolerant.measureUnits();
    // As the sync reads them: each chunk streamed, every record counted and dropped.
    let records = 0;
    for (const window of chunksOf(FROM, TO, chunkDays)) {
      for await (const record of tolerant.streamIncomingInvoices(window)) records += record.ok ? 1 : 0;
    }
    if (records === 0) throw new Error('no invoice was read');
  } finally {
    await client.close();
  }
}

/**
 * A store in memory that drops every invoice it is given and reports it created: the sync still maps,
 * checks, serializes and hashes each one, but no database writes it. The dictionaries are kept, as the
 * invoices' references and lines are resolved against them.
 */
async function invoicesDroppedStore() {
  const { createMemorySyncStore } = await import('@getinn/iiko-sync');
  const store = createMemorySyncStore();
  const upsert = store.upsert.bind(store);
  store.upsert = async (accountId, entityType, batch) =>
    entityType === 'invoices' ? { created: batch.length, updated: 0, unchanged: 0 } : upsert(accountId, entityType, batch);
  return store;
}

/** The sync's invoice chunks of the window: `days` long, oldest first. */
function chunksOf(from, to, days) {
  const day = (date) => Date.parse(`${date}T00:00:00Z`);
  const iso = (ms) => new Date(ms).toISOString().slice(0, 10);
  const windows = [];
  for (let start = day(from); start <= day(to); start += days * 86_400_000) {
    windows.push({ from: iso(start), to: iso(Math.min(start + (days - 1) * 86_400_000, day(to))) });
  }
  return windows;
}
