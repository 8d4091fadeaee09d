import { describe, expect, it } from 'vitest';
import {
  createMemoryCredentialStore,
  decryptCredentials,
  encryptCredentials,
  isCredentialCryptoError,
  needsReencrypt,
  reencrypt,
  rotateCredentials,
  rowContext,
  type AuditEvent,
  type CredentialStore,
  type JsonValue,
  type Keyring,
  type RotationProgress,
} from '../src/index';
import { testKeyring } from './helpers';

const context = { accountId: 'acc-1', integrationType: 'iiko' };
const clock = () => new Date('2026-11-01T10:00:00Z');

/** Seals `value` for its row and stores it. */
async function putRow(store: CredentialStore, keyring: Keyring, accountId: string, integrationType: string, value: JsonValue) {
  await store.upsert({
    accountId,
    integrationType,
    credentials: encryptCredentials(keyring, value, rowContext(accountId, integrationType)),
    baseUrl: null,
    isActive: true,
    lastConnectedAt: null,
    connectionStatus: null,
    connectionError: null,
    createdAt: clock(),
    updatedAt: clock(),
  });
}

/** What a row opens to. */
async function readRow(store: CredentialStore, keyring: Keyring, accountId: string, integrationType: string) {
  const row = await store.get(accountId, integrationType);
  return decryptCredentials(keyring, row?.credentials, rowContext(accountId, integrationType));
}

/** A store of `count` iiko rows (and every third account also r_keeper) sealed under `keyring`. */
async function seededStore(keyring: Keyring, count: number): Promise<CredentialStore> {
  const store = createMemoryCredentialStore();
  for (let i = 0; i < count; i += 1) {
    const accountId = `acc-${String(i).padStart(3, '0')}`;
    await putRow(store, keyring, accountId, 'iiko', { login: `login-${i}`, password: `pw-${i}` });
    if (i % 3 === 0) await putRow(store, keyring, accountId, 'r_keeper', { token: `rk-${i}` });
  }
  return store;
}

async function keyIdsOf(store: CredentialStore): Promise<string[]> {
  const kids: string[] = [];
  let after: string | null = null;
  do {
    const page = await store.list({ after, limit: 50 });
    kids.push(...page.rows.map((row) => row.credentials.kid));
    after = page.nextCursor;
  } while (after !== null);
  return kids;
}

describe('needsReencrypt and reencrypt', () => {
  const old = testKeyring('k1');
  const rotated = testKeyring('k1', 'k2');

  it('flags every envelope not sealed under the primary, and anything that is not an envelope', () => {
    const sealedOld = encryptCredentials(old, { login: 'a', password: 'b' }, context);
    const sealedNew = encryptCredentials(rotated, { login: 'a', password: 'b' }, context);
    expect(needsReencrypt(rotated, sealedOld)).toBe(true);
    expect(needsReencrypt(rotated, JSON.stringify(sealedOld))).toBe(true);
    expect(needsReencrypt(rotated, sealedNew)).toBe(false);
    expect(needsReencrypt(rotated, JSON.stringify(sealedNew))).toBe(false);
    expect(needsReencrypt(rotated, 'bGVnYWN5IGJhc2U2NA==')).toBe(true);
    expect(needsReencrypt(rotated, { ...sealedNew, tag: 'short' })).toBe(true);
  });

  it('re-seals under the primary with a fresh nonce and the same context', () => {
    const sealedOld = encryptCredentials(old, { login: 'a', password: 'b' }, context);
    const resealed = reencrypt(rotated, sealedOld, context);
    expect(resealed.kid).toBe('k2');
    expect(resealed.iv).not.toBe(sealedOld.iv);
    expect(decryptCredentials(testKeyring('k2'), resealed, context)).toEqual({ login: 'a', password: 'b' });
    expect(() => reencrypt(rotated, sealedOld, { ...context, accountId: 'acc-2' })).toThrow(/could not be decrypted/);
  });
});

describe('rotateCredentials', () => {
  it('rotates end to end: new key everywhere, old key dropped, every row still opens', async () => {
    const store = await seededStore(testKeyring('k2026-05'), 20);
    expect(new Set(await keyIdsOf(store))).toEqual(new Set(['k2026-05']));

    const both = testKeyring('k2026-05', 'k2026-11');
    const progress: RotationProgress[] = [];
    const events: AuditEvent[] = [];
    const result = await rotateCredentials({
      keyring: both,
      store,
      pageSize: 8,
      onProgress: (p) => {
        progress.push(p);
      },
      audit: (event) => {
        events.push(event);
      },
      actor: 'job:rotate-2026-11',
      now: clock,
    });

    expect(result).toMatchObject({ scanned: 27, reencrypted: 27, upToDate: 0, changedMeanwhile: 0, failed: 0, cursor: null });
    expect(progress.map((p) => p.scanned)).toEqual([8, 16, 24, 27]);
    expect(progress.at(-1)?.cursor).toBeNull();
    expect(progress.slice(0, -1).every((p) => typeof p.cursor === 'string')).toBe(true);
    expect(new Set(await keyIdsOf(store))).toEqual(new Set(['k2026-11']));
    expect(events).toHaveLength(27);
    expect(events[0]).toEqual({
      at: clock(),
      actor: 'job:rotate-2026-11',
      action: 'rotate',
      accountId: 'acc-000',
      integrationType: 'iiko',
      keyId: 'k2026-11',
      previousKeyId: 'k2026-05',
      outcome: 'ok',
    });

    // The old key can now be dropped: a keyring without it reads every row.
    const newOnly = testKeyring('k2026-11');
    expect(await readRow(store, newOnly, 'acc-013', 'iiko')).toEqual({ login: 'login-13', password: 'pw-13' });
    expect(await readRow(store, newOnly, 'acc-015', 'r_keeper')).toEqual({ token: 'rk-15' });

    // Idempotent: a second run finds nothing to do.
    const again = await rotateCredentials({ keyring: both, store, pageSize: 8 });
    expect(again).toMatchObject({ scanned: 27, reencrypted: 0, upToDate: 27, failed: 0 });
  });

  it('resumes an aborted run from its last reported cursor and finishes the rest', async () => {
    const store = await seededStore(testKeyring('k1'), 30);
    const keyring = testKeyring('k1', 'k2');
    const controller = new AbortController();
    let saved: string | null = null;

    const interrupted = rotateCredentials({
      keyring,
      store,
      pageSize: 10,
      signal: controller.signal,
      onProgress: (p) => {
        saved = p.cursor;
        if (p.scanned >= 20) controller.abort(new Error('deploy in progress'));
      },
    });
    await expect(interrupted).rejects.toThrow('deploy in progress');
    const kids = await keyIdsOf(store);
    expect(kids.filter((kid) => kid === 'k2')).toHaveLength(20);
    expect(saved).not.toBeNull();

    const resumed = await rotateCredentials({ keyring, store, pageSize: 10, after: saved });
    expect(resumed).toMatchObject({ scanned: 20, reencrypted: 20, upToDate: 0, failed: 0, cursor: null });
    expect(new Set(await keyIdsOf(store))).toEqual(new Set(['k2']));
  });

  it('finishes after a run that failed mid-page, rerun from the start', async () => {
    const inner = await seededStore(testKeyring('k1'), 12);
    let updates = 0;
    const flaky: CredentialStore = {
      ...inner,
      async update(...args) {
        updates += 1;
        if (updates === 7) throw new Error('connection reset');
        return inner.update(...args);
      },
    };
    const keyring = testKeyring('k1', 'k2');
    await expect(rotateCredentials({ keyring, store: flaky, pageSize: 5 })).rejects.toThrow('connection reset');
    expect((await keyIdsOf(inner)).filter((kid) => kid === 'k2')).toHaveLength(6);

    const rerun = await rotateCredentials({ keyring, store: flaky, pageSize: 5 });
    expect(rerun).toMatchObject({ scanned: 16, reencrypted: 10, upToDate: 6, failed: 0 });
    expect(new Set(await keyIdsOf(inner))).toEqual(new Set(['k2']));
  });

  it('never overwrites credentials put while it runs', async () => {
    const old = testKeyring('k1');
    const keyring = testKeyring('k1', 'k2');
    const inner = await seededStore(old, 3);
    const racing: CredentialStore = {
      ...inner,
      async update(accountId, integrationType, patch, condition) {
        if (accountId === 'acc-001') {
          await putRow(inner, keyring, 'acc-001', 'iiko', { login: 'changed', password: 'new-pw' });
        }
        return inner.update(accountId, integrationType, patch, condition);
      },
    };
    const result = await rotateCredentials({ keyring, store: racing });
    expect(result).toMatchObject({ scanned: 4, reencrypted: 3, changedMeanwhile: 1 });
    expect(await readRow(inner, keyring, 'acc-001', 'iiko')).toEqual({ login: 'changed', password: 'new-pw' });
  });

  it('lists rows that do not open and rotates the others', async () => {
    const store = await seededStore(testKeyring('k1'), 4);
    const stranger = encryptCredentials(testKeyring('k-unknown'), { login: 'x', password: 'y' }, { accountId: 'acc-100', integrationType: 'iiko' });
    const moved = (await store.get('acc-001', 'iiko'))?.credentials;
    if (moved === undefined) throw new Error('seed missing');
    const base = { baseUrl: null, isActive: true, lastConnectedAt: null, connectionStatus: null, connectionError: null, createdAt: clock(), updatedAt: clock() };
    await store.upsert({ ...base, accountId: 'acc-100', integrationType: 'iiko', credentials: stranger });
    await store.upsert({ ...base, accountId: 'acc-101', integrationType: 'iiko', credentials: moved });
    await store.upsert({ ...base, accountId: 'acc-102', integrationType: 'iiko', credentials: 'bGVnYWN5' as never });

    const events: AuditEvent[] = [];
    const result = await rotateCredentials({ keyring: testKeyring('k1', 'k2'), store, audit: (e) => void events.push(e) });
    expect(result).toMatchObject({ scanned: 9, reencrypted: 6, failed: 3 });
    expect(result.failures).toEqual([
      { accountId: 'acc-100', integrationType: 'iiko' },
      { accountId: 'acc-101', integrationType: 'iiko' },
      { accountId: 'acc-102', integrationType: 'iiko' },
    ]);
    expect(events.filter((e) => e.outcome === 'error').map((e) => [e.accountId, e.keyId, e.errorCode])).toEqual([
      ['acc-100', 'k-unknown', 'DECRYPTION_FAILED'],
      ['acc-101', 'k1', 'DECRYPTION_FAILED'],
      ['acc-102', null, 'DECRYPTION_FAILED'],
    ]);
  });

  it('refuses a page size that is not a positive integer', async () => {
    const store = createMemoryCredentialStore();
    for (const pageSize of [0, -1, 1.5]) {
      const run = rotateCredentials({ keyring: testKeyring('k1'), store, pageSize });
      await expect(run).rejects.toSatisfy((error) => isCredentialCryptoError(error, 'CREDENTIAL_VALIDATION'));
    }
  });
});
