/**
 * `examples/jobs-service.ts --once` as a script against the run's PostgreSQL server: it migrates, seals
 * two accounts' credentials, ticks, asks for a manual sync over its own HTTP routes, runs the jobs in its
 * worker role and prints them. The job engine itself is tested in `packages/iiko-jobs/test`.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';

const databaseUrl = process.env.DATABASE_URL!;
const schema = `test_jobs_example_${randomBytes(4).toString('hex')}`;
const root = fileURLToPath(new URL('../..', import.meta.url));

afterAll(async () => {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  for (const name of [schema, `${schema}_jobs`, `${schema}_jobs_worker`]) await pool.query(`drop schema if exists "${name}" cascade`);
  await pool.end();
});

describe('examples/jobs-service.ts --once', () => {
  it('enqueues the scheduled accounts and a manual sync, runs them all and exits 0', { timeout: 90_000 }, async () => {
    // Never a real server from the developer's environment: the example uses its fake one.
    const { IIKO_BASE_URL: _url, IIKO_LOGIN: _login, IIKO_PASSWORD: _password, ...environment } = process.env;
    const child = spawn(join(root, 'node_modules/.bin/tsx'), ['examples/jobs-service.ts', '--once', '--schema', schema], {
      cwd: root,
      env: { ...environment, DATABASE_URL: databaseUrl, FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('tick: 2 enqueued, 0 skipped');
    expect(stdout).toMatch(/^sync now: job \d+/m);
    expect(stdout).toMatch(/^acc-north: job \d+ (succeeded|partial) after 1 attempt\(s\)$/m);
    expect(stdout).toMatch(/^acc-south: job \d+ (succeeded|partial) after 1 attempt\(s\)$/m);
    expect(stdout).toMatch(/^job \d+ acc-south: (succeeded|partial), [1-9]\d* created$/m);
    expect(stdout).not.toContain('ALERT');
  });
});
