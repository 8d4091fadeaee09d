/**
 * The SDK on GET INN's PostgreSQL database with `@getinn/iiko-postgres`: migrations, the credential vault
 * on `account_integration_credentials`, a sync into the platform-shaped tables (restaurants, stores,
 * suppliers, invoices, invoice_items), and the query a platform service runs on them.
 *
 * Run: DATABASE_URL=postgres://user@localhost:5432/db pnpm tsx examples/postgres-stores.ts [--account id] [--schema name]
 *   Migrates the schema (default getinn_iiko), seals credentials for the built-in fake iikoServer (or
 *   IIKO_BASE_URL, IIKO_LOGIN, IIKO_PASSWORD), syncs the account and prints what the tables hold. Run it
 *   again: nothing is created twice, nothing unchanged is rewritten.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createCredentialVault, createKeyring } from '@getinn/credential-crypto';
import { startFakeIikoServer } from '@getinn/iiko-client/testing';
import { createPostgresCredentialStore, createPostgresSyncStore, migrate } from '@getinn/iiko-postgres';
import { createIikoSync } from '@getinn/iiko-sync';

const { values: args } = parseArgs({
  options: { account: { type: 'string', default: 'example-account' }, schema: { type: 'string', default: 'getinn_iiko' } },
});
if (!process.env.DATABASE_URL) {
  console.error('Set DATABASE_URL, e.g. DATABASE_URL=postgres://postgres@localhost:5432/postgres');
  process.exit(2);
}
const { schema, account } = args;
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
const { IIKO_BASE_URL, IIKO_LOGIN, IIKO_PASSWORD } = process.env;
const fake = IIKO_BASE_URL ? undefined : await startFakeIikoServer({ dataset: { restaurants: 3, suppliers: 30, invoices: 120 } });
try {
  // Every process may call this on boot: concurrent calls wait for each other, and each migration runs once.
  const { applied } = await migrate(pool, { schema });
  console.log(`migrations applied: ${applied.length === 0 ? 'none (up to date)' : applied.join(', ')}`);

  // A key made for this run, so each run seals the credentials again; a service uses keyringFromEnv().
  const keyring = createKeyring({ keys: { example: randomBytes(32) }, primaryKeyId: 'example' });
  const vault = createCredentialVault({ keyring, store: createPostgresCredentialStore(pool, { schema }) });
  const server = fake
    ? { baseUrl: fake.url, login: fake.server.login, password: fake.server.password }
    : { baseUrl: IIKO_BASE_URL!, login: IIKO_LOGIN ?? '', password: IIKO_PASSWORD ?? '' };
  await vault.put(account, 'iiko', { login: server.login, password: server.password }, { baseUrl: server.baseUrl, actor: 'example' });

  const sync = createIikoSync({ store: createPostgresSyncStore(pool, { schema }), credentials: vault, currency: process.env.IIKO_CURRENCY ?? 'RUB' });
  const report = await sync.run(account);
  const { created, updated, unchanged, failed } = report.totals;
  console.log(`run ${report.status}: ${created} created, ${updated} updated, ${unchanged} unchanged, ${failed} failed`);

  const count = async (table: string): Promise<number> =>
    (await pool.query<{ n: number }>(`select count(*)::int as n from "${schema}".${table} where account_id = $1`, [account])).rows[0]!.n;
  const tables = ['restaurants', 'stores', 'suppliers', 'invoices', 'invoice_items'];
  console.log(`tables: ${(await Promise.all(tables.map(async (table) => `${await count(table)} ${table}`))).join(', ')}`);

  // What a platform service asks: one supplier's invoices of a month, with their totals, in one query.
  const { rows } = await pool.query<{ supplier: string; month: string; invoices: number; total: string }>(
    `select s.name as supplier, to_char(date_trunc('month', i.invoice_date), 'YYYY-MM') as month,
            count(*)::int as invoices, sum(i.total_amount)::text as total
     from "${schema}".invoices i join "${schema}".suppliers s on s.id = i.supplier_id
     where i.account_id = $1 and i.status = 'active'
     group by 1, 2 order by sum(i.total_amount) desc limit 1`,
    [account],
  );
  if (rows[0]) console.log(`largest supplier month: ${rows[0].supplier}, ${rows[0].month}: ${rows[0].invoices} invoices, ${rows[0].total}`);
} finally {
  await fake?.close();
  await pool.end();
}
