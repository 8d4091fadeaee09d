/**
 * A process that migrates one schema and prints what it applied as one JSON line: started many times at
 * once by migrate.test.ts. Arguments: DATABASE_URL and SCHEMA, from the environment; it
 * starts migrating when a line arrives on stdin.
 */
import pg from 'pg';
import { migrate } from '../../src/index';

const pool = new pg.Pool({ connectionString: process.env['DATABASE_URL'], max: 2 });
try {
  // Connected and loaded: wait for the test's "go", so that every process migrates at the same moment.
  await pool.query('select 1');
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  const result = await migrate(pool, { schema: process.env['SCHEMA'] });
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await pool.end();
}
