/**
 * Shared helpers of the package's tests: a schema of the test file's own on the run's PostgreSQL server,
 * migrated, and small utilities.
 */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { testDatabase } from '../../../test-support/postgres';
import { migrate } from '../src/index';

/** A pool and a freshly migrated schema of this test file's own; `dispose()` drops it. */
export async function migratedDatabase(prefix: string, poolOptions: pg.PoolConfig = {}): ReturnType<typeof testDatabase> {
  const db = await testDatabase(prefix, poolOptions);
  await migrate(db.pool, { schema: db.schema });
  return db;
}

/** A unique id with a readable prefix. */
export const uniqueId = (prefix: string): string => `${prefix}-${randomBytes(5).toString('hex')}`;
