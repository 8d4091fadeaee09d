/**
 * createPostgresCredentialStore against a real PostgreSQL server: the CredentialStore behaviour the vault
 * and the rotation job rely on (keyset pages, compare-and-set, exact round trips), a vault round trip with
 * nothing in clear at rest, and a resumed key rotation.
 */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
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
import { createPostgresCredentialStore } from '../src/index';
import { migratedDatabase, uniqueId } from './helpers';

const keyringOf = (keys: Record<string, Buffer>, primaryKeyId: string): Keyring => createKeyring({ keys, primaryKeyId });

const databases: Awaited<ReturnType<typeof migratedDatabase>>[] = [];
let pool: pg.Pool;
let schema: string;
/** A migrated schema of its own, for tests that walk the whole table. */
async function ownSchema(): Promise<{ pool: pg.Pool; schema: string }> {
  const db = await migratedDatabase('credentials_own');
  databases.push(db);
  return db;
}
beforeAll(async () => {
  ({ pool, schema } = await ownSchema());
});
afterAll(async () => {
  for (const db of databases) await db.dispose();
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
    const store = createPostgresCredentialStore(pool, { schema });
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
    const store = createPostgresCredentialStore(pool, { schema });
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
    const store = createPostgresCredentialStore(pool, { schema });
    const vault = createCredentialVault({ keyring, store });
    const [account, other] = [uniqueId('acc'), uniqueId('acc')];
    const baseUrl = 'https://chiho-co.iiko.it:443/resto';

    const put = await vault.put(account, 'iiko', { login: 'getinn', password: 'пароль-1' }, { baseUrl, actor: 'user:1' });
    expect(put).toMatchObject({ accountId: account, integrationType: 'iiko', keyId: 'k1', baseUrl, isActive: true, connectionStatus: null });
    await vault.put(account, 'r_keeper', { token: 'rk-token' });

    // At rest: a version 1 envelope in the JSONB column, no password anywhere in the row.
    const { rows } = await pool.query<{ credentials: Record<string, unknown>; text: string }>(
      `select credentials, c::text as text from "${schema}".account_integration_credentials c
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
    const own = await ownSchema(); // rotation walks the whole table: a schema of its own
    const store = createPostgresCredentialStore(own.pool, { schema: own.schema });
    const before = createCredentialVault({ keyring: keyringOf({ 'k2026-05': oldKey }, 'k2026-05'), store });
    for (let i = 0; i < 25; i += 1) {
      const account = `acc-${String(i).padStart(3, '0')}`;
      await before.put(account, 'iiko', { login: `login-${i}`, password: `pw-${i}` }, { baseUrl: 'https://chain.iiko.it' });
      if (i % 4 === 0) await before.put(account, 'r_keeper', { token: `rk-${i}` });
    }
    const kids = async () =>
      (await own.pool.query<{ kid: string; n: number }>(`select credentials->>'kid' as kid, count(*)::int as n from "${own.schema}".account_integration_credentials group by 1 order by 1`)).rows;
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
    const own = await ownSchema();
    const store = createPostgresCredentialStore(own.pool, { schema: own.schema });
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

