/** The scenario as a plain program: `node dist/main.js` (ESM) or the same compiled to CommonJS. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEveryEntry } from './entries.js';
import { runScenario } from './scenario.js';

async function main(): Promise<void> {
  const workDir = mkdtempSync(join(tmpdir(), 'getinn-consumer-run-'));
  try {
    console.log(`loaded ${await loadEveryEntry()} entry points`);
    for (const line of await runScenario(workDir)) console.log(line);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
