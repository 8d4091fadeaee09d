/**
 * migrate(): versioned, idempotent, in the host's schema, and safe when several processes start at once.
 */
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SCHEMA, MIGRATIONS_TABLE, migrate } from '../src/index';
import { databaseUrl, uniqueSchemaName } from '../../../test-support/postgres';
import { jsonLines, printed, startChild } from './processes/spawn';

const pool = new pg.Pool({ connectionString: databaseUrl(), max: 4 });
const schemas: string[] = [];
const newSchema = (): string => {
  const schema = uniqueSchemaName('migrate');
  schemas.push(schema);
  return schema;
};
afterAll(async () => {
  for (const schema of schemas) await pool.query(`drop schema if exists "${schema}" cascade`);
  await pool.end();
});

const tablesOf = async (schema: string): Promise<string[]> =>
  (await pool.query<{ table_name: string }>('select table_name from information_schema.tables where table_schema = $1 order by 1', [schema])).rows.map(
    (row) => row.table_name,
  );

describe('migrate', () => {
  it('creates the schema and every table, then finds nothing to do', async () => {
    const schema = newSchema();
    expect(await migrate(pool, { schema })).toEqual({ applied: ['0001_initial'] });
    expect(await tablesOf(schema)).toEqual(
      [
        'account_integration_credentials',
        'iiko_deferred_logouts',
        'iiko_session_holders',
        'iiko_sessions',
        'invoice_items',
        'invoices',
        'restaurants',
        'stores',
        'suppliers',
        'sync_cursors',
        'sync_locks',
        'sync_logs',
        'sync_records',
        MIGRATIONS_TABLE,
      ].sort(),
    );
    expect(await migrate(pool, { schema })).toEqual({ applied: [] });
    const { rows } = await pool.query(`select name from "${schema}".${MIGRATIONS_TABLE}`);
    expect(rows).toEqual([{ name: '0001_initial' }]);
  });

  it('leaves the pool clean: its connections keep their own search_path', async () => {
    const small = new pg.Pool({ connectionString: databaseUrl(), max: 1 });
    try {
      await migrate(small, { schema: newSchema() });
      expect((await small.query<{ search_path: string }>('show search_path')).rows[0]!.search_path).toBe('"$user", public');
    } finally {
      await small.end();
    }
  });

  it('defaults to the getinn_iiko schema and refuses a schema name that is not a plain identifier', async () => {
    expect(DEFAULT_SCHEMA).toBe('getinn_iiko');
    await expect(migrate(pool, { schema: 'x"; drop table y; --' })).rejects.toThrow(/plain identifier/);
  });

  it('runs each migration exactly once when six processes migrate one schema at the same moment', { timeout: 60_000 }, async () => {
    const schema = newSchema();
    const children = Array.from({ length: 6 }, () => startChild('migrate-child.ts', { DATABASE_URL: databaseUrl(), SCHEMA: schema }));
    await Promise.all(children.map((child) => printed(child, 'ready')));
    for (const child of children) child.process.stdin!.end('go\n');
    const codes = await Promise.all(children.map((child) => child.exited));
    expect(children.map((child) => child.stderr())).toEqual(children.map(() => ''));
    expect(codes).toEqual(children.map(() => 0));
    const applied = children.flatMap((child) => jsonLines<{ applied: string[] }>(child.stdout()).map((result) => result.applied));
    expect(applied).toHaveLength(6);
    expect(applied.filter((names) => names.length > 0)).toEqual([['0001_initial']]);
    expect((await tablesOf(schema)).length).toBe(14);
  });
});
