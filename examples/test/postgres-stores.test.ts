/**
 * The PostgreSQL stores of `examples/postgres-stores.ts` against a real PostgreSQL server: the SDK's own
 * `SyncStore` contract suite, the `CredentialStore` behaviour the vault and the rotation job rely on, a
 * credential vault round trip, a resumed key rotation, full syncs from the fake iikoServer, and the
 * example run as a script.
 *
 * Needs DATABASE_URL (a database where the user may create schemas). Everything happens in schemas made
 * for this run (`test_<random>`), dropped at the end.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CredentialValidationError,
  createCredentialVault,
  createKeyring,
  isCredentialCryptoError,
  rotateCredentials,
  type CredentialRow,
  type CredentialStore,
  type Keyring,
} from '@getinn/credential-crypto';
import { startFakeIikoServer } from '@getinn/iiko-client/testing';
import { INVOICE_CURSOR, SYNC_ENTITY_TYPES, createIikoSync } from '@getinn/iiko-sync';
import { describeSyncStoreContract } from '@getinn/iiko-sync/testing';
import { createPostgresCredentialStore, createPostgresSyncStore, migrate } from '../postgres-stores';

const databaseUrl = process.env.DATABASE_URL;

const keyringOf = (keys: Record<string, Buffer>, primaryKeyId: string): Keyring => createKeyring({ keys, primaryKeyId });

const uniqueId = (prefix: string): string => `${prefix}-${randomBytes(5).toString('hex')}`;

// These tests need a real PostgreSQL server, so they skip without DATABASE_URL. CI provides one: `.ci/run`
// starts a throwaway cluster on loopback and exports DATABASE_URL. Locally: DATABASE_URL=postgres://… pnpm test.
describe.skipIf(!databaseUrl)(
  databaseUrl ? 'PostgreSQL stores' : 'PostgreSQL stores (skipped: DATABASE_URL is not set; CI runs them against a real server)',
  () => {
    const schemas: string[] = [];
    const pools: pg.Pool[] = [];
    let admin: pg.Pool;
    let pool: pg.Pool;

    /** A new schema with both stores' tables, and a pool whose connections work in it. */
    async function freshSchema(): Promise<{ schema: string; pool: pg.Pool }> {
      const schema = `test_${randomBytes(6).toString('hex')}`;
      await admin.query(`create schema ${schema}`);
      schemas.push(schema);
      const schemaPool = new pg.Pool({ connectionString: databaseUrl, options: `-c search_path=${schema}`, max: 10 });
      pools.push(schemaPool);
      await migrate(schemaPool);
      return { schema, pool: schemaPool };
    }

    beforeAll(async () => {
      admin = new pg.Pool({ connectionString: databaseUrl, max: 1 });
      ({ pool } = await freshSchema());
    });

    afterAll(async () => {
      await Promise.all(pools.map((p) => p.end()));
      for (const schema of schemas) await admin.query(`drop schema if exists ${schema} cascade`);
      await admin?.end();
    });

    describeSyncStoreContract({ name: 'PostgreSQL (createPostgresSyncStore)', createStore: () => createPostgresSyncStore(pool), describe, it });

    describe('createPostgresSyncStore', () => {
      it('gives the lock to exactly one of many takers racing from two pools, as from two processes', async () => {
        const other = new pg.Pool({ connectionString: databaseUrl, options: `-c search_path=${schemas[0]}`, max: 10 });
        pools.push(other);
        const [one, two] = [createPostgresSyncStore(pool), createPostgresSyncStore(other)];
        const account = uniqueId('race');
        const takers = Array.from({ length: 30 }, (_, index) =>
          (index % 2 === 0 ? one : two).acquireLock(account, { owner: `process-${index}`, ttlMs: 60_000 }),
        );
        expect((await Promise.all(takers)).filter(Boolean)).toHaveLength(1);
      });
    });

    describe('createPostgresCredentialStore', () => {
      const envelope = (kid: string) => ({ v: 1 as const, alg: 'A256GCM' as const, kid, iv: randomBytes(12).toString('base64url'), ct: 'AAAA', tag: randomBytes(16).toString('base64url') });
      const row = (accountId: string, integrationType: string, kid = 'k1'): CredentialRow => ({
        accountId,
        integrationType,
        credentials: envelope(kid),
        baseUrl: 'https://chain.iiko.it:443/resto',
        isActive: true,
        lastConnectedAt: null,
        connectionStatus: null,
        connectionError: null,
        createdAt: new Date('2026-11-01T10:00:00.123Z'),
        updatedAt: new Date('2026-11-01T10:00:00.123Z'),
      });

      it('pages in (accountId, integrationType) order with keyset cursors, and refuses a bad cursor or limit', async () => {
        const store = createPostgresCredentialStore(pool);
        const type = uniqueId('t'); // keeps this test's rows apart from the others in the table
        for (const account of ['acc-3', 'acc-1', 'acc-5', 'acc-2', 'acc-4']) await store.upsert(row(account, type));
        const first = await store.list({ integrationType: type, limit: 2 });
        expect(first.rows.map((r) => r.accountId)).toEqual(['acc-1', 'acc-2']);
        await store.upsert(row('acc-0', type)); // written during the walk, before the cursor: not seen, nothing shifts
        const second = await store.list({ integrationType: type, after: first.nextCursor, limit: 2 });
        expect(second.rows.map((r) => r.accountId)).toEqual(['acc-3', 'acc-4']);
        const third = await store.list({ integrationType: type, after: second.nextCursor, limit: 2 });
        expect(third).toMatchObject({ rows: [{ accountId: 'acc-5' }], nextCursor: null });
        expect((await store.list({ accountId: 'acc-3', integrationType: type, limit: 10 })).rows.map((r) => r.accountId)).toEqual(['acc-3']);

        await expect(store.list({ after: 'not-a-cursor', limit: 2 })).rejects.toThrow(CredentialValidationError);
        await expect(store.list({ limit: 0 })).rejects.toThrow(CredentialValidationError);
      });

      it('round-trips every column, replaces on upsert, compares-and-sets on update, returns what it deletes', async () => {
        const store = createPostgresCredentialStore(pool);
        const account = uniqueId('acc');
        const original = row(account, 'iiko');
        await store.upsert(original);
        expect(await store.get(account, 'iiko')).toEqual(original);

        const replaced: CredentialRow = { ...row(account, 'iiko', 'k2'), baseUrl: null, isActive: false, createdAt: new Date('2026-11-02T00:00:00Z') };
        await store.upsert(replaced);
        expect(await store.get(account, 'iiko')).toEqual(replaced);

        // A stale expected envelope (someone wrote meanwhile) changes nothing.
        expect(await store.update(account, 'iiko', { credentials: envelope('k3') }, { credentials: original.credentials })).toBeUndefined();
        expect((await store.get(account, 'iiko'))?.credentials).toEqual(replaced.credentials);
        // The current one, whatever its key order in JSONB, lets the write through.
        const reordered = Object.fromEntries(Object.entries(replaced.credentials).reverse()) as typeof replaced.credentials;
        const next = envelope('k3');
        const at = new Date('2026-11-03T08:00:00.456Z');
        expect(await store.update(account, 'iiko', { credentials: next, updatedAt: at }, { credentials: reordered })).toEqual({ ...replaced, credentials: next, updatedAt: at });
        const connected = await store.update(account, 'iiko', { connectionStatus: 'connected', lastConnectedAt: at, connectionError: null });
        expect(connected).toMatchObject({ connectionStatus: 'connected', lastConnectedAt: at, credentials: next });
        expect(await store.update(uniqueId('nobody'), 'iiko', { isActive: true })).toBeUndefined();

        expect(await store.delete(account, 'iiko')).toEqual(connected);
        expect(await store.delete(account, 'iiko')).toBeUndefined();
        expect(await store.get(account, 'iiko')).toBeUndefined();
      });
    });

    describe('a credential vault over PostgreSQL', () => {
      it('puts, gets, lists, records connections and deletes; a row copied to another account does not open', async () => {
        const keyring = keyringOf({ k1: randomBytes(32) }, 'k1');
        const store = createPostgresCredentialStore(pool);
        const vault = createCredentialVault({ keyring, store });
        const [account, other] = [uniqueId('acc'), uniqueId('acc')];
        const baseUrl = 'https://chiho-co.iiko.it:443/resto';

        const put = await vault.put(account, 'iiko', { login: 'getinn', password: 'пароль-1' }, { baseUrl, actor: 'user:1' });
        expect(put).toMatchObject({ accountId: account, integrationType: 'iiko', keyId: 'k1', baseUrl, isActive: true, connectionStatus: null });
        await vault.put(account, 'r_keeper', { token: 'rk-token' });

        // At rest: a version 1 envelope in the JSONB column, no password anywhere in the row.
        const { rows } = await pool.query<{ credentials: Record<string, unknown>; text: string }>(
          `select credentials, account_integration_credentials::text as text from account_integration_credentials
           where account_id = $1 and integration_type = 'iiko'`,
          [account],
        );
        expect(rows[0]?.credentials).toMatchObject({ v: 1, alg: 'A256GCM', kid: 'k1' });
        expect(rows[0]?.text).not.toContain('пароль-1');

        const got = await vault.get(account, 'iiko');
        expect(got).toMatchObject({ credentials: { login: 'getinn', password: 'пароль-1' }, baseUrl, keyId: 'k1' });
        expect((await vault.list(account)).map((s) => [s.integrationType, s.keyId, 'credentials' in s])).toEqual([
          ['iiko', 'k1', false],
          ['r_keeper', 'k1', false],
        ]);

        const at = new Date('2026-11-27T09:30:00.250Z');
        expect(await vault.recordConnection(account, 'iiko', { connected: true, at })).toMatchObject({ connectionStatus: 'connected', lastConnectedAt: at, connectionError: null });
        expect(await vault.recordConnection(account, 'iiko', { connected: false, error: 'HTTP 401 from /auth' })).toMatchObject({
          connectionStatus: 'error',
          lastConnectedAt: at,
          connectionError: 'HTTP 401 from /auth',
        });
        expect(await vault.recordConnection(other, 'iiko', { connected: true })).toBeUndefined();

        // The envelope is bound to its row: copied into another account's row, it does not open.
        await store.upsert({ ...(await store.get(account, 'iiko'))!, accountId: other });
        const copied = await vault.get(other, 'iiko').then(
          () => undefined,
          (error: unknown) => error,
        );
        expect(isCredentialCryptoError(copied, 'DECRYPTION_FAILED')).toBe(true);

        expect(await vault.delete(account, 'iiko')).toBe(true);
        expect(await vault.delete(account, 'iiko')).toBe(false);
        expect(await vault.get(account, 'iiko')).toBeUndefined();
        expect((await vault.list(account)).map((s) => s.integrationType)).toEqual(['r_keeper']);
      });
    });

    describe('rotateCredentials over PostgreSQL', () => {
      const oldKey = randomBytes(32);
      const newKey = randomBytes(32);

      it('re-seals every row under the new primary, resuming an interrupted run from its saved cursor', async () => {
        const { pool: own } = await freshSchema(); // rotation walks the whole table: a schema of its own
        const store = createPostgresCredentialStore(own);
        const before = createCredentialVault({ keyring: keyringOf({ 'k2026-05': oldKey }, 'k2026-05'), store });
        for (let i = 0; i < 25; i += 1) {
          const account = `acc-${String(i).padStart(3, '0')}`;
          await before.put(account, 'iiko', { login: `login-${i}`, password: `pw-${i}` }, { baseUrl: 'https://chain.iiko.it' });
          if (i % 4 === 0) await before.put(account, 'r_keeper', { token: `rk-${i}` });
        }
        const kids = async () =>
          (await own.query<{ kid: string; n: number }>(`select credentials->>'kid' as kid, count(*)::int as n from account_integration_credentials group by 1 order by 1`)).rows;
        expect(await kids()).toEqual([{ kid: 'k2026-05', n: 32 }]);

        const both = keyringOf({ 'k2026-05': oldKey, 'k2026-11': newKey }, 'k2026-11');
        const controller = new AbortController();
        let saved: string | null = null;
        const interrupted = rotateCredentials({
          keyring: both,
          store,
          pageSize: 10,
          signal: controller.signal,
          onProgress: (progress) => {
            saved = progress.cursor;
            if (progress.scanned >= 20) controller.abort(new Error('deploy in progress'));
          },
        });
        await expect(interrupted).rejects.toThrow('deploy in progress');
        expect(await kids()).toEqual([
          { kid: 'k2026-05', n: 12 },
          { kid: 'k2026-11', n: 20 },
        ]);

        const resumed = await rotateCredentials({ keyring: both, store, pageSize: 10, after: saved });
        expect(resumed).toMatchObject({ scanned: 12, reencrypted: 12, upToDate: 0, changedMeanwhile: 0, failed: 0, cursor: null });
        expect(await kids()).toEqual([{ kid: 'k2026-11', n: 32 }]);

        // The old key can go: a vault with only the new one opens every row.
        const after = createCredentialVault({ keyring: keyringOf({ 'k2026-11': newKey }, 'k2026-11'), store });
        expect((await after.get('acc-013', 'iiko'))?.credentials).toEqual({ login: 'login-13', password: 'pw-13' });
        expect((await after.get('acc-024', 'r_keeper'))?.credentials).toEqual({ token: 'rk-24' });

        // Idempotent: a rerun from the start finds nothing to do.
        expect(await rotateCredentials({ keyring: both, store, pageSize: 10 })).toMatchObject({ scanned: 32, reencrypted: 0, upToDate: 32 });
      });

      it('never overwrites credentials put between its read and its write', async () => {
        const { pool: own } = await freshSchema();
        const store = createPostgresCredentialStore(own);
        const oldOnly = createCredentialVault({ keyring: keyringOf({ k1: oldKey }, 'k1'), store });
        for (const account of ['acc-1', 'acc-2', 'acc-3']) {
          await oldOnly.put(account, 'iiko', { login: account, password: 'old' }, { baseUrl: 'https://chain.iiko.it' });
        }
        const both = keyringOf({ k1: oldKey, k2: newKey }, 'k2');
        const current = createCredentialVault({ keyring: both, store });
        const racing: CredentialStore = {
          ...store,
          async update(accountId, integrationType, patch, condition) {
            if (accountId === 'acc-2') await current.put('acc-2', 'iiko', { login: 'acc-2', password: 'new' });
            return store.update(accountId, integrationType, patch, condition);
          },
        };
        expect(await rotateCredentials({ keyring: both, store: racing })).toMatchObject({ scanned: 3, reencrypted: 2, changedMeanwhile: 1 });
        expect((await current.get('acc-2', 'iiko'))?.credentials).toEqual({ login: 'acc-2', password: 'new' });
      });
    });

    describe('createIikoSync over PostgreSQL', () => {
      const TODAY = '2026-10-01';

      it('syncs the fake iikoServer into PostgreSQL, then reruns with nothing created or rewritten', async () => {
        await using fake = await startFakeIikoServer({
          dataset: { restaurants: 3, storesPerRestaurant: 2, suppliers: 12, invoices: 40, linesPerInvoice: [1, 4], from: '2026-07-10', to: '2026-09-30' },
        });
        const account = uniqueId('acc');
        const vault = createCredentialVault({ keyring: keyringOf({ k1: randomBytes(32) }, 'k1'), store: createPostgresCredentialStore(pool) });
        await vault.put(account, 'iiko', { login: fake.server.login, password: fake.server.password }, { baseUrl: fake.url });
        const sync = createIikoSync({
          store: createPostgresSyncStore(pool),
          credentials: vault,
          currency: 'RUB',
          clock: { now: () => Date.parse(`${TODAY}T12:00:00Z`) },
          clientOptions: { retry: { retries: 2, minDelayMs: 5, maxDelayMs: 10 } },
        });

        expect(await sync.testConnection(account)).toMatchObject({ isConnected: true, connectionError: null });
        const { rows: status } = await pool.query(
          'select connection_status, last_connected_at from account_integration_credentials where account_id = $1',
          [account],
        );
        expect(status[0]).toMatchObject({ connection_status: 'connected', last_connected_at: new Date(`${TODAY}T12:00:00Z`) });

        const first = await sync.run(account);
        expect(first.error).toBeNull();
        expect(first.invoiceWindow).toEqual({ from: '2026-07-04', to: TODAY, source: 'initial' });
        expect(first.status).toBe('partial'); // the fake's chain has a store under no restaurant, on purpose
        expect(first.totals).toMatchObject({ updated: 0, unchanged: 0 });
        expect(first.totals.created).toBeGreaterThan(40);
        const data = fake.server.data;
        expect(first.entities.suppliers.created).toBe(data.suppliers.filter((supplier) => supplier.supplier).length);

        const counts = async () =>
          Object.fromEntries(
            (
              await pool.query<{ entity_type: string; n: number }>(
                'select entity_type, count(*)::int as n from sync_records where account_id = $1 group by 1',
                [account],
              )
            ).rows.map((row) => [row.entity_type, row.n]),
          );
        const stamps = async () =>
          (
            await pool.query<{ stamp: string }>(
              `select entity_type || '/' || external_id || '@' || updated_at::text as stamp from sync_records
               where account_id = $1 order by 1`,
              [account],
            )
          ).rows.map((row) => row.stamp);
        const countsBefore = await counts();
        expect(countsBefore).toEqual(Object.fromEntries(SYNC_ENTITY_TYPES.map((entity) => [entity, first.entities[entity].created])));
        const stampsBefore = await stamps();
        const cursor = async () =>
          (await pool.query('select value from sync_cursors where account_id = $1 and name = $2', [account, INVOICE_CURSOR])).rows;
        expect(await cursor()).toEqual([{ value: TODAY }]);

        // Everything again, invoices included (an explicit window, which leaves the cursor where it is).
        const again = await sync.run(account, { invoices: { from: '2026-07-01', to: TODAY } });
        expect(again.error).toBeNull();
        expect(again.totals).toMatchObject({ created: 0, updated: 0, unchanged: first.totals.created });
        expect(await counts()).toEqual(countsBefore);
        expect(await stamps()).toEqual(stampsBefore); // nothing rewritten
        expect(await cursor()).toEqual([{ value: TODAY }]);
        const { rows: logs } = await pool.query<{ run_id: string; entity_type: string }>(
          'select run_id, entity_type from sync_logs where account_id = $1 order by seq',
          [account],
        );
        expect(logs).toEqual([first.runId, again.runId].flatMap((runId) => SYNC_ENTITY_TYPES.map((entity) => ({ run_id: runId, entity_type: entity }))));
        expect((await pool.query('select count(*)::int as n from sync_locks where account_id = $1', [account])).rows).toEqual([{ n: 0 }]);
      });
    });

    describe('examples/postgres-stores.ts as a script', () => {
      it('syncs the fake iikoServer into PostgreSQL, and a rerun creates nothing', { timeout: 60_000 }, async () => {
        const { schema } = await freshSchema();
        const url = new URL(databaseUrl!);
        url.searchParams.set('options', `-c search_path=${schema}`);
        const root = fileURLToPath(new URL('../..', import.meta.url));
        const run = async (): Promise<{ code: number | null; stdout: string; stderr: string }> => {
          // Never a real server from the developer's environment: the example uses its fake one.
          const { IIKO_BASE_URL: _url, IIKO_LOGIN: _login, IIKO_PASSWORD: _password, ...environment } = process.env;
          const child = spawn(join(root, 'node_modules/.bin/tsx'), ['examples/postgres-stores.ts'], {
            cwd: root,
            env: { ...environment, DATABASE_URL: url.href, FORCE_COLOR: '0' },
            stdio: ['ignore', 'pipe', 'pipe'],
          });
          let stdout = '';
          let stderr = '';
          child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
          child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
          const [code] = (await once(child, 'exit')) as [number | null];
          return { code, stdout, stderr };
        };

        const first = await run();
        expect(first.stderr).toBe('');
        expect(first.code).toBe(0);
        expect(first.stdout).toContain('connected: true');
        expect(first.stdout).toMatch(/^run partial: \d+ created, 0 updated, 0 unchanged/m);
        expect(first.stdout).toMatch(/^sync_records: \d+ invoices, 3 restaurants, \d+ stores, \d+ suppliers$/m);
        expect(first.stdout).toContain('account_integration_credentials: iiko sealed under example, connected');

        const second = await run();
        expect(second.code).toBe(0);
        expect(second.stdout).toMatch(/^run \w+: 0 created, 0 updated, \d+ unchanged/m);
        expect(second.stdout.match(/^sync_records: .*$/m)?.[0]).toBe(first.stdout.match(/^sync_records: .*$/m)?.[0]);
      });
    });
  },
);
