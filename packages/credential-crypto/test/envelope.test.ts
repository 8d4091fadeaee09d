import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  DecryptionError,
  decryptCredentials,
  encryptCredentials,
  isCredentialCryptoError,
  isCredentialEnvelope,
} from '../src/index';
import { sealAesGcm } from '../src/aes-gcm';
import { associatedData, boundContext } from '../src/associated-data';
import { testKey, testKeyring } from './helpers';

const context = { accountId: '6f1c9a0e-0000-4000-8000-000000000001', integrationType: 'iiko' };
const value = { login: 'api', password: 'correct horse battery staple' };

function expectDecryptionError(run: () => unknown): void {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(DecryptionError);
  expect(isCredentialCryptoError(thrown, 'DECRYPTION_FAILED')).toBe(true);
  expect((thrown as Error).message).toBe('The credential envelope could not be decrypted.');
  expect((thrown as Error).cause).toBeUndefined();
}

describe('encryptCredentials', () => {
  const keyring = testKeyring('k2026-05', 'k2026-11');

  it('writes a version 1 envelope under the primary key with a 12-byte nonce and 16-byte tag', () => {
    const envelope = encryptCredentials(keyring, value, context);
    expect(Object.keys(envelope)).toEqual(['v', 'alg', 'kid', 'iv', 'ct', 'tag']);
    expect(envelope).toMatchObject({ v: 1, alg: 'A256GCM', kid: 'k2026-11' });
    expect(envelope.iv).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(envelope.tag).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(Buffer.from(envelope.iv, 'base64url')).toHaveLength(12);
    expect(Buffer.from(envelope.tag, 'base64url')).toHaveLength(16);
    expect(Buffer.from(envelope.ct, 'base64url')).toHaveLength(Buffer.byteLength(JSON.stringify(value)));
    expect(isCredentialEnvelope(envelope)).toBe(true);
  });

  it('draws a fresh nonce for every encryption of the same value', () => {
    const count = 10_000;
    const nonces = new Set<string>();
    const ciphertexts = new Set<string>();
    for (let i = 0; i < count; i += 1) {
      const envelope = encryptCredentials(keyring, value, context);
      nonces.add(envelope.iv);
      ciphertexts.add(envelope.ct);
    }
    expect(nonces.size).toBe(count);
    expect(ciphertexts.size).toBe(count);
  });

  it('round-trips through the envelope object and its JSON text', () => {
    const envelope = encryptCredentials(keyring, value, context);
    expect(decryptCredentials(keyring, envelope, context)).toEqual(value);
    expect(decryptCredentials(keyring, JSON.stringify(envelope), context)).toEqual(value);
  });

  it('binds the context whatever the order of its keys', () => {
    const envelope = encryptCredentials(keyring, value, context);
    const reordered = { integrationType: context.integrationType, accountId: context.accountId };
    expect(decryptCredentials(keyring, envelope, reordered)).toEqual(value);
  });

  it('refuses a value without a JSON form and a malformed context, quoting neither value', () => {
    expect(() => encryptCredentials(keyring, undefined as never, context)).toThrow(/must be a JSON value/);
    const bad = [
      { 'account id': 'x' },
      { accountId: 42 },
      { accountId: 'lone \ud800 surrogate' },
      ['accountId', 'x'],
      null,
    ];
    for (const badContext of bad) {
      let thrown: unknown;
      try {
        encryptCredentials(keyring, value, badContext as never);
      } catch (error) {
        thrown = error;
      }
      expect(isCredentialCryptoError(thrown, 'CREDENTIAL_VALIDATION')).toBe(true);
      expect((thrown as Error).message).not.toContain('surrogate \ud800');
    }
  });

  it('refuses an object that only looks like a keyring', () => {
    const fake = { primaryKeyId: 'k1', keyIds: ['k1'], has: () => true, toJSON: () => ({}) };
    expect(() => encryptCredentials(fake as never, value, context)).toThrow(TypeError);
    expect(() => decryptCredentials(fake as never, {}, context)).toThrow(TypeError);
  });
});

describe('decryptCredentials refuses, with one generic DecryptionError', () => {
  const keyring = testKeyring('k2026-05', 'k2026-11');
  const envelope = encryptCredentials(keyring, value, context);
  const decodedTag = Buffer.from(envelope.tag, 'base64url');
  const decodedIv = Buffer.from(envelope.iv, 'base64url');
  const variants: Array<[string, unknown]> = [
    ['another version', { ...envelope, v: 2 }],
    ['the version as a string', { ...envelope, v: '1' }],
    ['another algorithm', { ...envelope, alg: 'A128GCM' }],
    ['a missing field', { v: 1, alg: 'A256GCM', kid: envelope.kid, iv: envelope.iv, ct: envelope.ct }],
    ['an extra field', { ...envelope, aad: '' }],
    ['a key id the keyring lacks', { ...envelope, kid: 'k2027-01' }],
    ['a relabelled key id the keyring holds', { ...envelope, kid: 'k2026-05' }],
    ['a key id outside the allowed characters', { ...envelope, kid: 'k 1' }],
    ['a truncated tag (12 bytes)', { ...envelope, tag: decodedTag.subarray(0, 12).toString('base64url') }],
    ['a truncated tag (4 bytes)', { ...envelope, tag: decodedTag.subarray(0, 4).toString('base64url') }],
    ['a long tag', { ...envelope, tag: Buffer.concat([decodedTag, Buffer.alloc(1)]).toString('base64url') }],
    ['a short nonce', { ...envelope, iv: decodedIv.subarray(0, 8).toString('base64url') }],
    ['a long nonce', { ...envelope, iv: Buffer.concat([decodedIv, Buffer.alloc(4)]).toString('base64url') }],
    ['padded base64url', { ...envelope, tag: `${envelope.tag}==` }],
    ['standard base64 characters', { ...envelope, ct: Buffer.from(envelope.ct, 'base64url').toString('base64') + '+/' }],
    ['base64url with stray bits', { ...envelope, tag: envelope.tag.slice(0, -1) + 'B' }],
    ['whitespace in base64url', { ...envelope, ct: ` ${envelope.ct}` }],
    ['an empty ciphertext', { ...envelope, ct: '' }],
    ['a truncated ciphertext', { ...envelope, ct: envelope.ct.slice(0, -2) }],
    ['a nonce from another envelope', { ...envelope, iv: encryptCredentials(keyring, value, context).iv }],
    ['another context', envelope],
    ['malformed JSON text', '{"v":1,'],
    ['JSON text of an array', '[1]'],
    ['null', null],
    ['a number', 1],
    ['an array', [envelope]],
  ];

  it.each(variants)('%s', (name, candidate) => {
    const used = name === 'another context' ? { ...context, accountId: 'someone-else' } : context;
    expectDecryptionError(() => decryptCredentials(keyring, candidate, used));
  });

  it('the unmodified envelope still opens (the variants fail for their change alone)', () => {
    expect(decryptCredentials(keyring, envelope, context)).toEqual(value);
  });

  it('refuses an envelope sealed under a key the keyring no longer holds', () => {
    const sealed = encryptCredentials(testKeyring('k-old'), value, context);
    expectDecryptionError(() => decryptCredentials(testKeyring('k-new'), sealed, context));
  });

  it('refuses an authentic envelope whose plaintext is not UTF-8 JSON', () => {
    const key = testKey('k2026-11');
    const aad = associatedData('k2026-11', boundContext(context));
    for (const plaintext of [Buffer.from('not json'), Buffer.from([0xff, 0xfe]), Buffer.from('\ufeff{}')]) {
      const iv = randomBytes(12);
      const { ciphertext, tag } = sealAesGcm(key, iv, plaintext, aad);
      const sealed = {
        v: 1,
        alg: 'A256GCM',
        kid: 'k2026-11',
        iv: iv.toString('base64url'),
        ct: ciphertext.toString('base64url'),
        tag: tag.toString('base64url'),
      };
      expectDecryptionError(() => decryptCredentials(keyring, sealed, context));
    }
  });
});
