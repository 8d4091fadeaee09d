/**
 * A process using createPostgresServerGate, for server-gate.test.ts. Environment: DATABASE_URL, SCHEMA,
 * SERVER_KEY, MODE and, for MODE=loop, TARGET_URL and TIMES.
 *
 * - MODE=hold: takes the pass, prints `holding`, and waits forever (the test kills it).
 * - MODE=loop: prints `ready`, waits for a line on stdin, then TIMES times takes the pass, sends one request to TARGET_URL, releases; prints `done`.
 */
import pg from 'pg';
import { createPostgresServerGate } from '../../src/index';

const env = (name: string): string => process.env[name] ?? '';
const pool = new pg.Pool({ connectionString: env('DATABASE_URL'), max: 2 });
const gate = createPostgresServerGate(pool, { schema: env('SCHEMA') });

if (env('MODE') === 'hold') {
  await gate.acquire(env('SERVER_KEY'));
  process.stdout.write('holding\n');
  setInterval(() => undefined, 60_000);
} else {
  // Loaded and connected: wait for the test's "go", so that every process contends at the same moment.
  await pool.query('select 1');
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  for (let index = 0; index < Number(env('TIMES')); index += 1) {
    const pass = await gate.acquire(env('SERVER_KEY'));
    try {
      await (await fetch(env('TARGET_URL'))).text();
    } finally {
      await pass.release();
    }
  }
  process.stdout.write('done\n');
  await gate.close();
  await pool.end();
}
