/** The scenario under Jest 30: every `.cjs` the SDK ships must load through Jest's own module system. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@jest/globals';
import { loadEveryEntry } from './entries.js';
import { runScenario } from './scenario.js';

test('every entry point loads', async () => {
  expect(await loadEveryEntry()).toBeGreaterThan(0);
});

test('reads, maps, seals and syncs into SQLite', async () => {
  const workDir = mkdtempSync(join(tmpdir(), 'getinn-consumer-jest-'));
  try {
    const lines = await runScenario(workDir);
    expect(lines).toHaveLength(3);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}, 60_000);
