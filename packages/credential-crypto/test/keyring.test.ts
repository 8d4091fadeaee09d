import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  createKeyring,
  decryptCredentials,
  encryptCredentials,
  isCredentialCryptoError,
  keyringFromEnv,
  type KeyringConfigReason,
} from '../src/index';
import { testKey, testKeyBase64 } from './helpers';

function configError(run: () => unknown): { reason: KeyringConfigReason; message: string } {
  try {
    run();
  } catch (error) {
    if (isCredentialCryptoError(error, 'KEYRING_CONFIG')) return { reason: error.reason, message: error.message };
    throw error;
  }
  throw new Error('expected a KeyringConfigError');
}

const context = { accountId: 'a1', integrationType: 'iiko' };

describe('createKeyring', () => {
  it('accepts keys as bytes, standard base64 and url-safe base64, padded or not', () => {
    const key = testKey('forms');
    const forms = [
      key,
      new Uint8Array(key),
      key.toString('base64'),
      key.toString('base64').replace(/=+$/, ''),
      key.toString('base64url'),
      `${key.toString('base64url')}=`,
    ];
    const sealed = encryptCredentials(createKeyring({ keys: { k: key }, primaryKeyId: 'k' }), 'v', context);
    for (const form of forms) {
      const keyring = createKeyring({ keys: { k: form }, primaryKeyId: 'k' });
      expect(decryptCredentials(keyring, sealed, context)).toBe('v');
    }
  });

  it('seals under the primary and opens under any key it holds', () => {
    const old = createKeyring({ keys: { k1: testKey('k1') }, primaryKeyId: 'k1' });
    const both = createKeyring({ keys: { k1: testKey('k1'), k2: testKey('k2') }, primaryKeyId: 'k2' });
    const sealedOld = encryptCredentials(old, 'old', context);
    expect(sealedOld.kid).toBe('k1');
    expect(decryptCredentials(both, sealedOld, context)).toBe('old');
    expect(encryptCredentials(both, 'new', context).kid).toBe('k2');
    expect(both.primaryKeyId).toBe('k2');
    expect(both.keyIds).toEqual(['k1', 'k2']);
    expect(both.has('k1')).toBe(true);
    expect(both.has('k3')).toBe(false);
  });

  it.each([
    ['16 bytes', testKey('x').subarray(0, 16), 'INVALID_KEY_LENGTH', /decodes to 16 bytes|is 16 bytes/],
    ['33 bytes', Buffer.concat([testKey('x'), Buffer.alloc(1)]), 'INVALID_KEY_LENGTH', /33 bytes/],
    ['31 bytes of base64', testKey('x').subarray(0, 31).toString('base64'), 'INVALID_KEY_LENGTH', /31 bytes/],
    ['invalid base64', '!!!notbase64!!!', 'INVALID_KEY_ENCODING', /not valid base64/],
    ['mixed alphabets', testKey('x').toString('base64').replace(/.$/, '_'), 'INVALID_KEY_ENCODING', /base64/],
    ['a number', 42, 'INVALID_KEY_ENCODING', /base64 text or a Uint8Array/],
  ] as const)('refuses a key of %s, naming the key id but not the key', (_label, key, reason, pattern) => {
    const error = configError(() => createKeyring({ keys: { 'k-bad': key as never }, primaryKeyId: 'k-bad' }));
    expect(error.reason).toBe(reason);
    expect(error.message).toMatch(pattern);
    expect(error.message).toContain('"k-bad"');
    if (typeof key === 'string') expect(error.message).not.toContain(key);
  });

  it.each([
    ['no keys', { keys: {}, primaryKeyId: 'k' }, 'NO_KEYS'],
    ['an id with a space', { keys: { 'k 1': testKey('a') }, primaryKeyId: 'k 1' }, 'INVALID_KEY_ID'],
    ['an id of 65 characters', { keys: { ['k'.repeat(65)]: testKey('a') }, primaryKeyId: 'k' }, 'INVALID_KEY_ID'],
    ['no primary', { keys: { k: testKey('a') }, primaryKeyId: '' }, 'PRIMARY_MISSING'],
    ['a primary without a key', { keys: { k: testKey('a') }, primaryKeyId: 'k2' }, 'PRIMARY_UNKNOWN'],
    ['the legacy id as primary', { keys: { legacy: testKey('a') }, primaryKeyId: 'legacy' }, 'LEGACY_PRIMARY'],
  ] as const)('refuses %s', (_label, options, reason) => {
    expect(configError(() => createKeyring(options as never)).reason).toBe(reason);
  });

  it('logs, inspects and serializes as ids only', () => {
    const key = testKey('canary');
    const keyring = createKeyring({ keys: { k1: key, k2: testKey('k2') }, primaryKeyId: 'k2' });
    expect(inspect(keyring)).toBe("Keyring { primaryKeyId: 'k2', keyIds: [ 'k1', 'k2' ] }");
    expect(JSON.stringify(keyring)).toBe('{"primaryKeyId":"k2","keyIds":["k1","k2"]}');
    expect(Object.keys(keyring)).toEqual(['primaryKeyId', 'keyIds']);
    expect(Object.isFrozen(keyring)).toBe(true);
  });

  it('keeps its own copy of a key given as bytes', () => {
    const key = Buffer.from(testKey('copy'));
    const keyring = createKeyring({ keys: { k: key }, primaryKeyId: 'k' });
    const sealed = encryptCredentials(keyring, 'v', context);
    key.fill(0);
    expect(decryptCredentials(keyring, sealed, context)).toBe('v');
  });
});

describe('keyringFromEnv', () => {
  const k1 = testKeyBase64('env-k1');
  const k2 = testKeyBase64('env-k2');
  const old = testKeyBase64('env-legacy');

  it('reads CREDENTIAL_KEYS and CREDENTIAL_PRIMARY_KEY_ID, tolerating whitespace around entries', () => {
    const keyring = keyringFromEnv({
      CREDENTIAL_KEYS: ` k2026-05:${k1} ,\n k2026-11:${testKey('env-k2').toString('base64url')}\n`,
      CREDENTIAL_PRIMARY_KEY_ID: 'k2026-11',
    });
    expect(keyring.toJSON()).toEqual({ primaryKeyId: 'k2026-11', keyIds: ['k2026-05', 'k2026-11'] });
  });

  it('defaults the primary to the only key', () => {
    expect(keyringFromEnv({ CREDENTIAL_KEYS: `k1:${k1}` }).primaryKeyId).toBe('k1');
  });

  it('files CREDENTIAL_ENCRYPTION_KEY under "legacy", open-only, next to the new keys', () => {
    const keyring = keyringFromEnv({ CREDENTIAL_KEYS: `k1:${k1}`, CREDENTIAL_ENCRYPTION_KEY: old });
    expect(keyring.toJSON()).toEqual({ primaryKeyId: 'k1', keyIds: ['k1', 'legacy'] });
    const same = keyringFromEnv({ CREDENTIAL_KEYS: `k1:${k1},legacy:${old}`, CREDENTIAL_ENCRYPTION_KEY: old });
    expect(same.keyIds).toEqual(['k1', 'legacy']);
  });

  it('uses process.env by default', () => {
    const saved = { ...process.env };
    try {
      delete process.env.CREDENTIAL_ENCRYPTION_NONCE;
      delete process.env.CREDENTIAL_ENCRYPTION_KEY;
      process.env.CREDENTIAL_KEYS = `from-process:${k1}`;
      delete process.env.CREDENTIAL_PRIMARY_KEY_ID;
      expect(keyringFromEnv().primaryKeyId).toBe('from-process');
    } finally {
      process.env = saved;
    }
  });

  it('refuses any CREDENTIAL_ENCRYPTION_NONCE, even empty, and explains the nonce-reuse attack', () => {
    for (const nonce of ['AAAAAAAAAAAAAAAA', '']) {
      const error = configError(() => keyringFromEnv({ CREDENTIAL_KEYS: `k1:${k1}`, CREDENTIAL_ENCRYPTION_NONCE: nonce }));
      expect(error.reason).toBe('NONCE_CONFIGURED');
      expect(error.message).toMatch(/two ciphertexts/);
      expect(error.message).toMatch(/Joux 2006/);
      expect(error.message).toMatch(/Böck et al\./);
      expect(error.message).toMatch(/remove the variable/);
      if (nonce !== '') expect(error.message).not.toContain(nonce);
    }
  });

  it.each([
    ['no key at all', {}, 'NO_KEYS', /CREDENTIAL_KEYS/],
    ['blank variables', { CREDENTIAL_KEYS: '  ', CREDENTIAL_ENCRYPTION_KEY: '' }, 'NO_KEYS', /keygen/],
    ['an entry without a colon', { CREDENTIAL_KEYS: `k1:${k1},${k2}` }, 'MALFORMED_ENTRY', /entry 2 has no ":"/],
    ['an empty entry', { CREDENTIAL_KEYS: `k1:${k1},` }, 'MALFORMED_ENTRY', /entry 2 is empty/],
    ['an empty key id', { CREDENTIAL_KEYS: `:${k1}` }, 'INVALID_KEY_ID', /entry 1/],
    ['a short key', { CREDENTIAL_KEYS: `k1:${testKey('s').subarray(0, 24).toString('base64')}` }, 'INVALID_KEY_LENGTH', /entry 1 \("k1"\) decodes to 24 bytes/],
    ['a repeated id', { CREDENTIAL_KEYS: `k1:${k1},k1:${k2}` }, 'DUPLICATE_KEY_ID', /entry 2 \("k1"\) repeats/],
    ['several keys and no primary', { CREDENTIAL_KEYS: `k1:${k1},k2:${k2}` }, 'PRIMARY_MISSING', /CREDENTIAL_PRIMARY_KEY_ID is not set/],
    ['a primary without a key', { CREDENTIAL_KEYS: `k1:${k1}`, CREDENTIAL_PRIMARY_KEY_ID: 'k2' }, 'PRIMARY_UNKNOWN', /CREDENTIAL_PRIMARY_KEY_ID \("k2"\) names no configured key/],
    ['only the legacy key', { CREDENTIAL_ENCRYPTION_KEY: old }, 'LEGACY_PRIMARY', /GHASH subkey/],
    ['the legacy key as primary', { CREDENTIAL_KEYS: `k1:${k1}`, CREDENTIAL_ENCRYPTION_KEY: old, CREDENTIAL_PRIMARY_KEY_ID: 'legacy' }, 'LEGACY_PRIMARY', /cannot be the primary/],
    ['a short legacy key', { CREDENTIAL_KEYS: `k1:${k1}`, CREDENTIAL_ENCRYPTION_KEY: 'AAAA' }, 'INVALID_KEY_LENGTH', /CREDENTIAL_ENCRYPTION_KEY decodes to 3 bytes/],
    ['two different legacy keys', { CREDENTIAL_KEYS: `k1:${k1},legacy:${k2}`, CREDENTIAL_ENCRYPTION_KEY: old }, 'LEGACY_CONFLICT', /different keys/],
  ] as const)('refuses %s, saying why', (_label, env, reason, pattern) => {
    const error = configError(() => keyringFromEnv(env));
    expect(error.reason).toBe(reason);
    expect(error.message).toMatch(pattern);
    for (const key of [k1, k2, old]) expect(error.message).not.toContain(key);
  });

  it('withholds an "id" that is really a key pasted the wrong way round', () => {
    const secret = testKey('swapped').toString('base64url');
    const error = configError(() => keyringFromEnv({ CREDENTIAL_KEYS: `${secret}:k1` }));
    expect(error.reason).toBe('INVALID_KEY_ENCODING');
    expect(error.message).toMatch(/withheld/);
    expect(error.message).not.toContain(secret);
    expect(error.message).not.toContain(secret.slice(0, 12));
  });
});
