import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createCredentialVault,
  createMemoryCredentialStore,
  decryptCredentials,
  decryptLegacy,
  encryptCredentials,
  isCredentialCryptoError,
  keyringFromEnv,
  needsReencrypt,
  rowContext,
  type AuditEvent,
  type IikoCredentials,
} from '../src/index';
import { testKey, testKeyBase64 } from './helpers';

/** What the earlier Python service wrote: base64(ciphertext || tag), one key, one nonce, no AAD. */
function legacySeal(key: Buffer, nonce: Buffer, plaintext: string): string {
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([ciphertext, cipher.getAuthTag()]).toString('base64');
}

const legacyKey = testKey('legacy service key');
const legacyNonce = randomBytes(12);

function decryptionFails(run: () => unknown): boolean {
  try {
    run();
    return false;
  } catch (error) {
    return isCredentialCryptoError(error, 'DECRYPTION_FAILED') && (error as Error).cause === undefined;
  }
}

describe('decryptLegacy', () => {
  const sealed = legacySeal(legacyKey, legacyNonce, JSON.stringify({ login: 'api', password: 'old-pw' }));

  it('opens the fixed-nonce format with the old key and nonce, given as base64 or bytes', () => {
    expect(decryptLegacy(sealed, { key: legacyKey, nonce: legacyNonce })).toEqual({ login: 'api', password: 'old-pw' });
    expect(
      decryptLegacy(sealed, { key: legacyKey.toString('base64'), nonce: legacyNonce.toString('base64') }),
    ).toEqual({ login: 'api', password: 'old-pw' });
    expect(decryptLegacy(sealed, { key: legacyKey, nonce: legacyNonce, format: 'text' })).toBe(
      '{"login":"api","password":"old-pw"}',
    );
  });

  it('refuses a wrong key, a wrong nonce, a changed byte, a truncated value or non-base64 with one generic error', () => {
    const bytes = Buffer.from(sealed, 'base64');
    bytes[3] = (bytes[3] as number) ^ 0x10;
    expect(decryptionFails(() => decryptLegacy(sealed, { key: testKey('other'), nonce: legacyNonce }))).toBe(true);
    expect(decryptionFails(() => decryptLegacy(sealed, { key: legacyKey, nonce: randomBytes(12) }))).toBe(true);
    expect(decryptionFails(() => decryptLegacy(bytes.toString('base64'), { key: legacyKey, nonce: legacyNonce }))).toBe(true);
    expect(decryptionFails(() => decryptLegacy(sealed.slice(0, 16), { key: legacyKey, nonce: legacyNonce }))).toBe(true);
    expect(decryptionFails(() => decryptLegacy('***', { key: legacyKey, nonce: legacyNonce }))).toBe(true);
    const text = legacySeal(legacyKey, legacyNonce, 'not json');
    expect(decryptionFails(() => decryptLegacy(text, { key: legacyKey, nonce: legacyNonce }))).toBe(true);
    expect(decryptLegacy(text, { key: legacyKey, nonce: legacyNonce, format: 'text' })).toBe('not json');
  });

  it('refuses a key or nonce of the wrong length as configuration errors', () => {
    expect(() => decryptLegacy(sealed, { key: legacyKey.subarray(0, 16), nonce: legacyNonce })).toThrow(/32 bytes/);
    expect(() => decryptLegacy(sealed, { key: legacyKey, nonce: legacyNonce.subarray(0, 8) })).toThrow(/12 bytes/);
  });

  it('shows why the format is retired: two rows under one nonce give away the XOR of their plaintexts', () => {
    const a = Buffer.from(legacySeal(legacyKey, legacyNonce, '{"login":"alice","password":"aaaa"}'), 'base64');
    const b = Buffer.from(legacySeal(legacyKey, legacyNonce, '{"login":"bob00","password":"bbbb"}'), 'base64');
    const xor = Buffer.from(a.subarray(0, 20).map((byte, i) => byte ^ (b[i] as number)));
    const known = Buffer.from('{"login":"alice","pa');
    const recovered = Buffer.from(xor.map((byte, i) => byte ^ (known[i] as number))).toString();
    expect(recovered).toBe('{"login":"bob00","pa');
  });
});

describe('migrating fixed-nonce rows to version 1 envelopes', () => {
  it('opens every legacy row once, re-seals it and stores it through the vault', async () => {
    // The old table: account id → base64(ciphertext || tag), all under one key and one nonce.
    const oldRows = new Map<string, string>();
    for (let i = 0; i < 5; i += 1) {
      oldRows.set(`acc-${i}`, legacySeal(legacyKey, legacyNonce, JSON.stringify({ login: `user${i}`, password: `pw-${i}` })));
    }

    // The job's environment: the service's variables, with the old nonce still present.
    const processEnv = {
      CREDENTIAL_KEYS: `k2026-11:${testKeyBase64('new primary')}`,
      CREDENTIAL_PRIMARY_KEY_ID: 'k2026-11',
      CREDENTIAL_ENCRYPTION_KEY: legacyKey.toString('base64'),
      CREDENTIAL_ENCRYPTION_NONCE: legacyNonce.toString('base64'),
    };
    // Services refuse to start with a nonce variable…
    expect(() => keyringFromEnv(processEnv)).toThrow(/CREDENTIAL_ENCRYPTION_NONCE/);
    // …so the one-off job takes it out explicitly, for decryptLegacy only.
    const { CREDENTIAL_ENCRYPTION_NONCE: nonce, ...env } = processEnv;
    const keyring = keyringFromEnv(env);
    expect(keyring.toJSON()).toEqual({ primaryKeyId: 'k2026-11', keyIds: ['k2026-11', 'legacy'] });

    const store = createMemoryCredentialStore();
    const events: AuditEvent[] = [];
    const vault = createCredentialVault({ keyring, store, audit: (event) => void events.push(event) });
    for (const [accountId, sealed] of oldRows) {
      const credentials = decryptLegacy<IikoCredentials>(sealed, { key: env.CREDENTIAL_ENCRYPTION_KEY, nonce });
      await vault.put(accountId, 'iiko', credentials, { baseUrl: 'https://chain.iiko.it/resto', actor: 'job:migrate-legacy' });
    }

    for (let i = 0; i < 5; i += 1) {
      const row = await store.get(`acc-${i}`, 'iiko');
      expect(row?.credentials.kid).toBe('k2026-11');
      expect(needsReencrypt(keyring, row?.credentials)).toBe(false);
      expect((await vault.get(`acc-${i}`, 'iiko'))?.credentials).toEqual({ login: `user${i}`, password: `pw-${i}` });
    }
    expect(events.filter((e) => e.action === 'put').every((e) => e.actor === 'job:migrate-legacy' && e.keyId === 'k2026-11')).toBe(true);

    // Services then start without the old variables at all.
    const afterwards = keyringFromEnv({ CREDENTIAL_KEYS: env.CREDENTIAL_KEYS });
    expect((await createCredentialVault({ keyring: afterwards, store }).get('acc-3', 'iiko'))?.credentials).toEqual({
      login: 'user3',
      password: 'pw-3',
    });
  });

  it('re-seals with encryptCredentials for hosts that write their table themselves', () => {
    const keyring = keyringFromEnv({ CREDENTIAL_KEYS: `k2026-11:${testKeyBase64('new primary')}` });
    const sealed = legacySeal(legacyKey, legacyNonce, JSON.stringify({ login: 'api', password: 'old-pw' }));
    const context = rowContext('acc-9', 'iiko');
    const envelope = encryptCredentials(keyring, decryptLegacy(sealed, { key: legacyKey, nonce: legacyNonce }), context);
    expect(envelope.kid).toBe('k2026-11');
    expect(decryptCredentials(keyring, envelope, context)).toEqual({ login: 'api', password: 'old-pw' });
  });
});
