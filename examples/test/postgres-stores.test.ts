/**
 * `examples/postgres-stores.ts` run as a script against the run's PostgreSQL server, twice: the first run
 * migrates and syncs the fake chain into the platform-shaped tables, the second finds nothing to do. The
 * stores themselves are tested in `packages/iiko-postgres/test`.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';

const databaseUrl = process.env.DATABASE_URL!;
const schema = `test_example_${randomBytes(4).toString('hex')}`;
const root = fileURLToPath(new URL('../..', import.meta.url));

afterAll(async () => {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  await pool.query(`drop schema if exists "${schema}" cascade`);
  await pool.end();
});

async function runExample(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // Never a real server from the developer's environment: the example uses its fake one.
  const { IIKO_BASE_URL: _url, IIKO_LOGIN: _login, IIKO_PASSWORD: _password, ...environment } = process.env;
  const child = spawn(join(root, 'node_modules/.bin/tsx'), ['examples/postgres-stores.ts', '--schema', schema], {
    cwd: root,
    env: { ...environment, DATABASE_URL: databaseUrl, FORCE_COLOR: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

describe('examples/postgres-stores.ts as a script', () => {
  it('migrates, syncs the fake chain into the platform tables, and a rerun creates nothing', { timeout: 90_000 }, async () => {
    const first = await runExample();
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^migrations applied: 0001_initial, /m);
    expect(first.stdout).toMatch(/^run (success|partial): [1-9]\d* created, 0 updated, 0 unchanged/m);
    expect(first.stdout).toMatch(/^tables: \d+ restaurants, \d+ stores, \d+ suppliers, \d+ invoices, \d+ invoice_items$/m);
    expect(first.stdout).toMatch(/^largest supplier month: .+, \d{4}-\d{2}: \d+ invoices, \d+\.\d{9}$/m);

    const second = await runExample();
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('migrations applied: none (up to date)');
    expect(second.stdout).toMatch(/^run \w+: 0 created, 0 updated, \d+ unchanged/m);
    expect(second.stdout.match(/^tables: .*$/m)?.[0]).toBe(first.stdout.match(/^tables: .*$/m)?.[0]);
  });
});
