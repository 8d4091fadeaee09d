/**
 * Runs every benchmark in this folder, one after another (they measure whole processes and would disturb
 * each other in parallel). Run with `pnpm bench` at the repository root, which builds the packages first.
 *
 * `--smoke` (`pnpm bench:smoke`, which CI runs after its build) runs each one at a size that takes
 * seconds, not minutes: its figures mean nothing, but every approach of every bench still runs end to
 * end — capture, static server, child processes, the checks that the approaches agree — so a change that
 * breaks a bench fails CI instead of the next person who measures. Without DATABASE_URL, a smoke run
 * starts a throwaway PostgreSQL cluster the way the tests do (`test-support/postgres-global-setup.ts`, so
 * it runs under tsx), for the benches' PostgreSQL approaches; a full run measures PostgreSQL only on a
 * server DATABASE_URL names (the throwaway one runs without fsync, which would flatter it).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The arguments of each bench in a smoke run: one round of the smallest data that still has every shape. */
const SMOKE_ARGUMENTS = {
  'credential-crypto.bench.mjs': ['1'], // rounds
  'iiko-client.bench.mjs': ['50', '2', '1'], // documents, lines per document, rounds
  'iiko-mappers.bench.mjs': ['50', '2', '1', '1'], // documents, lines per document, rounds, runs
  'iiko-sync.bench.mjs': ['50', '2', '1', '20'], // invoices, lines per invoice, rounds, suppliers
  'xml-parsers.bench.mjs': ['50', '2', '1'], // documents, lines per document, rounds
};

const smoke = process.argv.includes('--smoke');
const folder = fileURLToPath(new URL('.', import.meta.url));
const benches = readdirSync(folder).filter((name) => name.endsWith('.bench.mjs')).sort();
let failed = 0;
let stopPostgres;
if (smoke && !process.env.DATABASE_URL) {
  const { findPostgresBin, startPostgresForTests } = await import('../test-support/postgres-global-setup.ts');
  stopPostgres = await startPostgresForTests(findPostgresBin());
}
for (const bench of benches) {
  const args = smoke ? SMOKE_ARGUMENTS[bench] : [];
  if (args === undefined) {
    // A new bench without smoke arguments would otherwise run at full size in CI, or not at all.
    console.error(`${bench} has no smoke arguments in bench/run-all.mjs`);
    failed += 1;
    continue;
  }
  console.log(`\n=== ${bench}${smoke ? ` (smoke: ${args.join(' ')})` : ''}`);
  const result = spawnSync(process.execPath, [`${folder}${bench}`, ...args], { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`${bench} failed (exit ${result.status ?? result.signal})`);
    failed += 1;
  }
}
stopPostgres?.();
process.exit(failed === 0 ? 0 : 1);
