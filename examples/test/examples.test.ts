/**
 * Smoke tests of the runnable examples: each is spawned as a user would run it (tsx, resolving the
 * workspace packages to their sources through the root tsconfig.json), made to finish quickly, and
 * checked by its output, its exit code and what it left in SQLite.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsx = join(root, 'node_modules/.bin/tsx');
const directory = mkdtempSync(join(tmpdir(), 'getinn-examples-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

function start(example: string, args: string[], env: Record<string, string> = {}): { child: ChildProcess; output: { stdout: string; stderr: string } } {
  // Never a real server from the developer's environment: the examples use their fake one.
  const { IIKO_BASE_URL: _url, IIKO_LOGIN: _login, IIKO_PASSWORD: _password, ...environment } = process.env;
  const child = spawn(tsx, [`examples/${example}`, ...args], {
    cwd: root,
    env: { ...environment, ...env, FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stdout!.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  return { child, output };
}

async function runToEnd(example: string, args: string[], env: Record<string, string> = {}): Promise<Finished> {
  const { child, output } = start(example, args, env);
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, ...output };
}

function countsIn(file: string): Record<string, number> {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db.prepare('select entity_type, count(*) as n from sync_records group by entity_type').all() as { entity_type: string; n: number }[];
    return Object.fromEntries(rows.map((row) => [row.entity_type, row.n]));
  } finally {
    db.close();
  }
}

// Each example is a fresh tsx process (a few seconds to start) that syncs a small chain.
describe('examples', { timeout: 60_000 }, () => {
  const demoDb = join(directory, 'demo.sqlite');

  it('demo.ts runs getinn-iiko sync on the clean fake chain, takes pnpm\'s literal "--", and reports planted data problems on request', async () => {
    // `pnpm demo -- --fresh` hands the script a literal `--` before the flags.
    const result = await runToEnd('demo.ts', ['--', '--sqlite', demoDb, '--fresh']);
    expect(result.code).toBe(0);
    // Standard error holds the fake server's banner and one line per entity: no progress escape codes
    // when it is not a terminal.
    expect(result.stderr).toMatch(/^fake iikoServer at http:\/\/127\.0\.0\.1:\d+ .*61 suppliers; 400 invoices/m);
    expect(result.stderr).toContain('  suppliers: 61 stored of 61 read');
    expect(result.stderr).not.toContain('\u001b');
    expect(result.stdout).toMatch(/^sync success — account demo-account/m);
    expect(result.stdout).toMatch(/^suppliers\s+success\s+61\s+61\s+0\s+0\s+0\s+0/m);
    expect(result.stdout).toMatch(/^total\s+success\s+/m);
    expect(result.stdout).not.toMatch(/issues by code/);
    expect(result.stdout).toContain(`SQLite store: ${demoDb}`);
    expect(countsIn(demoDb)).toMatchObject({ suppliers: 61 });

    // A rerun is idempotent: nothing new, nothing rewritten.
    const again = await runToEnd('demo.ts', ['--', '--sqlite', demoDb]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^total\s+success\s+\d+\s+0\s+0\s+\d+/m);

    // The data problems are a flag: the run ends partial, says why, and the demo still exits 0.
    const problems = await runToEnd('demo.ts', ['--', '--sqlite', join(directory, 'demo-problems.sqlite'), '--fake-data-problems', '--quiet']);
    expect(problems.code).toBe(0);
    expect(problems.stderr).toContain('with data problems planted on purpose');
    expect(problems.stdout).toMatch(/^total\s+partial\s+/m);
    expect(problems.stdout).toMatch(/STORE_WITHOUT_RESTAURANT/);
  });

  it('read-sqlite-store.ts prints what the demo stored and the latest log entries', async () => {
    const result = await runToEnd('read-sqlite-store.ts', ['--db', demoDb, '--logs', '4']);
    expect(result.code).toBe(0);
    // Five restaurants plus the central store and the production unit, each owning its stores.
    expect(result.stdout).toMatch(/7 restaurants, 17 stores, 61 suppliers, \d+ invoices/);
    expect(result.stdout).toMatch(/latest invoices\n\s+\d{4}-\d{2}-\d{2}/);
    expect(result.stdout.match(/^\s+\S+Z\s+(restaurants|stores|suppliers|products|invoices)\s/gm)).toHaveLength(4);

    const missing = await runToEnd('read-sqlite-store.ts', ['--db', join(directory, 'absent.sqlite')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/run `pnpm demo` first/);
  });

  it('scheduled-sync.ts runs on a cron schedule and skips a tick while the account is still syncing', async () => {
    const db = join(directory, 'scheduled.sqlite');
    const result = await runToEnd('scheduled-sync.ts', ['--cron', '* * * * * *', '--ticks', '3', '--db', db], { EXAMPLE_FAKE_DELAY_MS: '1500' });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/tick 1 acc-north: success — \d+ created/);
    expect(result.stdout).toMatch(/tick 2 acc-north: skipped, the previous run is still going/);
    expect(result.stdout).toContain('stopped after 3 ticks');
    // Tick 2 comes at most a second after tick 1, while run 1 still waits 1.5 s for the fake: skipped.
    // Whether tick 3 finds run 1 finished depends on timing, so count what the output reports.
    const database = new Database(db, { readonly: true });
    const runs = database.prepare('select account_id, count(distinct run_id) as n from sync_logs group by account_id').all() as { account_id: string; n: number }[];
    database.close();
    for (const account of ['acc-north', 'acc-south']) {
      const completed = result.stdout.match(new RegExp(`tick \\d ${account}: success`, 'g'))?.length ?? 0;
      expect(completed).toBeGreaterThanOrEqual(1);
      expect(completed).toBeLessThanOrEqual(2);
      expect(runs.find((row) => row.account_id === account)?.n).toBe(completed);
    }
  });

  // sync-now-endpoint.ts, http-hono.ts and http-express.ts mount @getinn/iiko-http: see http-examples.test.ts.
});
