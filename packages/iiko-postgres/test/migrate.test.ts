/**
 * migrate(): versioned, idempotent, in the host's schema, and safe when several processes start at once.
 */
import { readFileSync } from 'node:fs';
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
    expect(await migrate(pool, { schema })).toEqual({ applied: ['0001_initial', '0002_lifecycle', '0003_inventory_items_and_pending', '0004_price_lists_and_stock_balances'] });
    expect(await tablesOf(schema)).toEqual(
      [
        'account_integration_credentials',
        'iiko_deferred_logouts',
        'iiko_session_holders',
        'iiko_sessions',
        'inventory_items',
        'invoice_items',
        'invoices',
        'restaurants',
        'stock_balances',
        'stores',
        'supplier_price_list_items',
        'suppliers',
        'sync_cursors',
        'sync_locks',
        'sync_logs',
        'sync_pending',
        'sync_records',
        MIGRATIONS_TABLE,
      ].sort(),
    );
    expect(await migrate(pool, { schema })).toEqual({ applied: [] });
    const { rows } = await pool.query(`select name from "${schema}".${MIGRATIONS_TABLE} order by id`);
    expect(rows).toEqual([{ name: '0001_initial' }, { name: '0002_lifecycle' }, { name: '0003_inventory_items_and_pending' }, { name: '0004_price_lists_and_stock_balances' }]);
  });

  it('applies only the migrations a schema lacks, in order', async () => {
    const schema = newSchema();
    // A schema at version 1, as a database migrated by an older release is.
    const client = await pool.connect();
    try {
      await client.query(`create schema "${schema}"`);
      await client.query(`set search_path to "${schema}"`);
      await client.query(readFileSync(new URL('../migrations/0001_initial.sql', import.meta.url), 'utf8'));
      await client.query(`create table ${MIGRATIONS_TABLE} (id serial primary key, name varchar(255) not null, run_on timestamp not null)`);
      await client.query(`insert into ${MIGRATIONS_TABLE} (name, run_on) values ('0001_initial', now())`);
    } finally {
      client.release(true);
    }
    expect(await migrate(pool, { schema })).toEqual({ applied: ['0002_lifecycle', '0003_inventory_items_and_pending', '0004_price_lists_and_stock_balances'] });
    const { rows } = await pool.query(
      `select table_name, column_name from information_schema.columns where table_schema = $1 and column_name in ('is_active', 'deactivated_at', 'represents_store') order by 1, 2`,
      [schema],
    );
    expect(rows.map((row) => `${row.table_name}.${row.column_name}`)).toEqual([
      'account_integration_credentials.is_active',
      'inventory_items.deactivated_at',
      'inventory_items.is_active',
      'restaurants.deactivated_at',
      'restaurants.is_active',
      'stores.deactivated_at',
      'stores.is_active',
      'supplier_price_list_items.deactivated_at',
      'supplier_price_list_items.is_active',
      'suppliers.deactivated_at',
      'suppliers.is_active',
      'suppliers.represents_store',
    ]);
  });

  it('migrates a schema a DBA made for a service user that may not create schemas', async () => {
    const schema = newSchema();
    const role = `${schema}_user`;
    await pool.query(`create role "${role}" login`);
    try {
      await pool.query(`create schema "${schema}" authorization "${role}"`);
      const url = new URL(databaseUrl());
      url.username = role;
      const service = new pg.Pool({ connectionString: url.href, max: 1 });
      try {
        expect((await migrate(service, { schema })).applied).toContain('0001_initial');
        expect(await migrate(service, { schema })).toEqual({ applied: [] });
      } finally {
        await service.end();
      }
    } finally {
      await pool.query(`drop schema if exists "${schema}" cascade`);
      await pool.query(`drop role "${role}"`);
    }
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
    expect(applied.filter((names) => names.length > 0)).toEqual([['0001_initial', '0002_lifecycle', '0003_inventory_items_and_pending', '0004_price_lists_and_stock_balances']]);
    expect((await tablesOf(schema)).length).toBe(18);
  });
});
