/**
 * `getinn-iiko sync`, run as a child process: into SQLite, memory and PostgreSQL, with the account's
 * stored credentials, entity and window selection, the JSON report, and the exit code of every outcome.
 */
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredentialVault, createKeyring } from '@getinn/credential-crypto';
import { startFakeIikoServer, type RunningFakeIikoServer } from '@getinn/iiko-client/testing';
import { createPostgresCredentialStore, migrate } from '@getinn/iiko-postgres';
import type { SyncReport } from '@getinn/iiko-sync';
import { testDatabase } from '../../../test-support/postgres';
import { buildCli, run, type BuiltCli } from './support/cli';

let cli: BuiltCli;
let fake: RunningFakeIikoServer;
let env: Record<string, string>;
const directory = mkdtempSync(join(tmpdir(), 'getinn-iiko-sync-'));
beforeAll(async () => {
  cli = await buildCli();
  fake = await startFakeIikoServer({
    dataset: { restaurants: 2, storesPerRestaurant: 2, suppliers: 4, invoices: 12, linesPerInvoice: 2, from: '2026-10-01', to: '2026-10-20' },
  });
  env = { IIKO_BASE_URL: fake.url, IIKO_LOGIN: fake.server.login, IIKO_PASSWORD: fake.server.password, IIKO_CURRENCY: 'RUB' };
});
afterAll(async () => {
  cli?.dispose();
  await fake?.close();
  rmSync(directory, { recursive: true, force: true });
});

const window = ['--from', '2026-10-01', '--to', '2026-10-20'];

function countsIn(file: string): Record<string, number> {
  const db = new Database(file, { readonly: true });
  try {
    const rows = db.prepare('select entity_type, count(*) as n from sync_records group by entity_type').all() as { entity_type: string; n: number }[];
    return Object.fromEntries(rows.map((row) => [row.entity_type, row.n]));
  } finally {
    db.close();
  }
}

describe('getinn-iiko sync', () => {
  it('syncs the built-in fake chain into SQLite (exit 0), prints the summary, and a rerun rewrites nothing', async () => {
    const file = join(directory, 'fake.sqlite');
    const first = await run(cli, ['sync', '--fake', '--sqlite', file, '--fresh']);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^sync success — account default, run [0-9a-f-]{36}$/m);
    expect(first.stdout).toMatch(/^entity\s+status\s+fetched\s+created\s+updated\s+unchanged\s+failed\s+issues\s+time$/m);
    expect(first.stdout).toMatch(/^total\s+success\s+\d+\s+\d+\s+0\s+0\s+0\s+0\s+\d+\.\d\d s$/m);
    expect(first.stdout).toContain(`SQLite store: ${file}`);
    const suppliers = Number(/(\d+) suppliers/.exec(first.stderr)?.[1]);
    expect(countsIn(file).suppliers).toBe(suppliers);

    const again = await run(cli, ['sync', '--fake', '--sqlite', file, '--quiet']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^total\s+success\s+(\d+)\s+0\s+0\s+\1\s+0\s+0/m);
    // --quiet: the banner, and no progress lines.
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('ends partial with exit 6 on a chain with planted data problems, and lists the issues by code', async () => {
    const result = await run(cli, ['sync', '--fake-data-problems', '--quiet']);
    expect(result.code).toBe(6);
    expect(result.stderr).toContain('with data problems planted on purpose');
    expect(result.stdout).toMatch(/^total\s+partial\s/m);
    expect(result.stdout).toMatch(/issues by code \(error: record left out; warning: stored with a fallback\)/);
    expect(result.stdout).toMatch(/memory store: nothing was kept/);
  });

  it('syncs a server from the environment in an explicit window, and --json prints the report', async () => {
    const result = await run(cli, ['sync', ...window, '--json', '--account', 'acc-7'], { env });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as SyncReport;
    expect(report.accountId).toBe('acc-7');
    expect(report.status).toBe('success');
    expect(report.invoiceWindow).toEqual({ from: '2026-10-01', to: '2026-10-20', source: 'explicit' });
    expect(report.entities.invoices.fetched).toBe(fake.server.data.incomingInvoices.length);
    // --json: no progress lines either.
    expect(result.stderr).toBe('');
  });

  it('--entities syncs only the entities named', async () => {
    const result = await run(cli, ['sync', '--entities', 'suppliers', '--json'], { env });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as SyncReport;
    expect(report.entities.restaurants.status).toBe('skipped');
    expect(report.entities.invoices.status).toBe('skipped');
    expect(report.entities.suppliers.created).toBe(fake.server.data.suppliers.filter((supplier) => supplier.supplier).length);
  });

  it('--entities reaches price lists and stock balances, which a plain run leaves out; the table shows only what ran', async () => {
    const result = await run(cli, ['sync', '--entities', 'restaurants,stores,suppliers,priceLists,stockBalances'], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^priceLists +success +\d+/m);
    expect(result.stdout).toMatch(/^stockBalances +success +\d+/m);
    expect(result.stdout).not.toMatch(/^invoices /m);
    const plain = await run(cli, ['sync', '--json'], { env });
    const report = JSON.parse(plain.stdout) as SyncReport;
    expect(report.entities.priceLists).toMatchObject({ status: 'skipped', skippedReason: 'not requested' });
    expect(report.entities.stockBalances).toMatchObject({ status: 'skipped', skippedReason: 'not requested' });
  });

  it('exits 3 when iiko refuses the login, with the reason in the summary', async () => {
    const result = await run(cli, ['sync', '--quiet'], { env: { ...env, IIKO_PASSWORD: 'not-the-password' } });
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/^sync failed/m);
    expect(result.stdout).toMatch(/\[AUTH_FAILED\]/);
  });

  it('exits 4 when no licence slot is free', async () => {
    const full = await startFakeIikoServer({ licenceSlots: 0 });
    try {
      const result = await run(cli, ['sync', '--quiet', '--base-url', full.url], { env: { ...env, IIKO_LOGIN: full.server.login, IIKO_PASSWORD: full.server.password } });
      expect(result.code).toBe(4);
      expect(result.stdout).toMatch(/\[LICENSE_UNAVAILABLE\]/);
    } finally {
      await full.close();
    }
  });

  it('exits 5 when the server cannot be reached', async () => {
    const listener = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => listener.once('listening', resolve));
    const { port } = listener.address() as { port: number };
    await new Promise((resolve) => listener.close(resolve));
    const result = await run(cli, ['sync', '--quiet', '--retries', '0', '--base-url', `http://127.0.0.1:${port}`], { env });
    expect(result.code).toBe(5);
    expect(result.stdout).toMatch(/\[NETWORK_ERROR\]/);
  });

  it('stops on Ctrl-C (SIGINT): the entity in progress is aborted, the session logged out, exit 130', async () => {
    const slow = await startFakeIikoServer({ dataset: { restaurants: 1, storesPerRestaurant: 1, suppliers: 2, invoices: 4, from: '2026-10-01', to: '2026-10-20' } });
    slow.server.injectFault({ kind: 'delay', ms: 20_000, path: '/resto/api/documents' });
    try {
      const result = await run(cli, ['sync', '--base-url', slow.url, ...window], {
        env: { ...env, IIKO_LOGIN: slow.server.login, IIKO_PASSWORD: slow.server.password },
        onStderr: (text, child) => {
          if (text.includes('suppliers: ') && !child.killed) child.kill('SIGINT');
        },
      });
      expect(result.code).toBe(130);
      expect(result.stderr).toContain('stopping:');
      expect(result.stdout).toMatch(/^sync aborted/m);
      expect(slow.server.activeSessions()).toBe(0);
    } finally {
      await slow.close();
    }
  });

  it('exits 1 at once when another process is syncing the same account into the same store', async () => {
    const slow = await startFakeIikoServer({ dataset: { restaurants: 1, storesPerRestaurant: 1, suppliers: 2, invoices: 4, from: '2026-10-01', to: '2026-10-20' } });
    slow.server.injectFault({ kind: 'delay', ms: 4_000, path: '/resto/api/documents' });
    const file = join(directory, 'busy.sqlite');
    const slowEnv = { ...env, IIKO_BASE_URL: slow.url, IIKO_LOGIN: slow.server.login, IIKO_PASSWORD: slow.server.password };
    try {
      let second: Promise<Awaited<ReturnType<typeof run>>> | undefined;
      const first = run(cli, ['sync', '--sqlite', file, ...window], {
        env: slowEnv,
        onStderr: (text) => {
          // The first run holds the lock while it waits for the slow invoices.
          if (second === undefined && text.includes('suppliers: ')) second = run(cli, ['sync', '--sqlite', file, '--quiet', ...window], { env: slowEnv });
        },
      });
      const firstResult = await first;
      const secondResult = await second!;
      expect(secondResult.code).toBe(1);
      expect(secondResult.stderr).toMatch(/a sync of account default is already running: try again when it has finished/);
      expect(firstResult.code).toBe(0);
    } finally {
      await slow.close();
    }
  });

  describe('with --database-url (PostgreSQL through @getinn/iiko-postgres)', () => {
    it('migrates the schema, writes the platform tables, and syncs an account with its stored credentials', async () => {
      const db = await testDatabase('iiko_cli_sync');
      try {
        const first = await run(cli, ['sync', '--database-url', db.url, '--schema', db.schema, '--quiet', ...window, '--account', 'acc-pg'], { env });
        expect(first.code).toBe(0);
        expect(first.stdout).toContain(`schema ${db.schema}`);
        const { rows } = await db.pool.query<{ n: string }>(`select count(*) as n from "${db.schema}".suppliers where account_id = 'acc-pg'`);
        expect(Number(rows[0]!.n)).toBe(fake.server.data.suppliers.filter((supplier) => supplier.supplier).length);

        // The account's login sealed in the database, as the platform keeps it.
        const key = Buffer.alloc(32, 7).toString('base64');
        const keyring = createKeyring({ keys: { k1: key }, primaryKeyId: 'k1' });
        await migrate(db.pool, { schema: db.schema });
        const vault = createCredentialVault({ keyring, store: createPostgresCredentialStore(db.pool, { schema: db.schema }) });
        await vault.put('acc-stored', 'iiko', { login: fake.server.login, password: fake.server.password }, { baseUrl: fake.url, actor: 'test' });
        const stored = await run(cli, ['sync', '--database-url', db.url, '--schema', db.schema, '--stored-credentials', '--account', 'acc-stored', '--quiet', ...window], {
          env: { IIKO_CURRENCY: 'RUB', CREDENTIAL_KEYS: `k1:${key}` },
        });
        expect(stored.code).toBe(0);
        expect(stored.stdout).toMatch(/^sync success — account acc-stored/m);

        const noKeys = await run(cli, ['sync', '--database-url', db.url, '--schema', db.schema, '--stored-credentials', '--account', 'acc-stored'], { env: { IIKO_CURRENCY: 'RUB' } });
        expect(noKeys.code).toBe(2);
        expect(noKeys.stderr).toMatch(/No credential key is configured/);
      } finally {
        await db.dispose();
      }
    });
  });

  it.concurrent.each([
    [['sync', '--sqlite', 'a.sqlite', '--database-url', 'postgres://x'], /--sqlite and --database-url exclude each other/],
    [['sync', '--fresh'], /--fresh starts an SQLite file afresh: give --sqlite FILE/],
    [['sync', '--entities', 'suppliers,orders'], /--entities: unknown entity "orders"/],
    [['sync', '--from', '2026-10-01'], /--from and --to go together/],
    [['sync', '--entities', 'suppliers', ...window], /--entities leaves invoices out/],
    [['sync', '--stored-credentials'], /--stored-credentials reads the login from the database of --database-url/],
    [['sync', '--currency', 'rubles', '--fake'], /currency must be an ISO 4217 code/],
  ])('exits 2 on %j', async (args, message) => {
    const result = await run(cli, args, { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
