/**
 * Runs every benchmark in this folder, one after another (they measure whole processes and would disturb
 * each other in parallel). Run with `pnpm bench` at the repository root, which builds the packages first.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const folder = fileURLToPath(new URL('.', import.meta.url));
const benches = readdirSync(folder).filter((name) => name.endsWith('.bench.mjs')).sort();
let failed = 0;
for (const bench of benches) {
  console.log(`\n=== ${bench}`);
  const result = spawnSync(process.execPath, [`${folder}${bench}`], { stdio: 'inherit' });
  if (result.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);
