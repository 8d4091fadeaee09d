/**
 * PostgreSQL for tests: the server of the run (`DATABASE_URL`, which the global setup always sets) and a
 * fresh schema per test file, so files run in parallel against one server without seeing each other.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The run's PostgreSQL connection string; the global setup guarantees it is set. */
export function databaseUrl(): string {
  const url = process.env['DATABASE_URL'];
  if (!url) throw new Error('DATABASE_URL is not set: run the tests through vitest, whose global setup starts PostgreSQL');
  return url;
}

/** A schema name no other test file uses: `test_<prefix>_<random>`. */
export function uniqueSchemaName(prefix: string): string {
  return `test_${prefix.replace(/\W/g, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
}

/**
 * A pool on the run's server and a schema of this test file's own, dropped by `dispose()`.
 *
 * @example
 * ```ts
 * const db = await testDatabase('postgres-store');
 * afterAll(() => db.dispose());
 * ```
 */
export async function testDatabase(prefix: string, poolOptions: pg.PoolConfig = {}): Promise<{
  pool: pg.Pool;
  schema: string;
  url: string;
  dispose: () => Promise<void>;
}> {
  const url = databaseUrl();
  const schema = uniqueSchemaName(prefix);
  const pool = new pg.Pool({ connectionString: url, max: 10, ...poolOptions });
  return {
    pool,
    schema,
    url,
    dispose: async () => {
      await pool.query(`drop schema if exists "${schema}" cascade`);
      await pool.end();
    },
  };
}
