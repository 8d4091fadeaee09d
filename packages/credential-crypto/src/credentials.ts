/**
 * Encrypting a value into a version 1 envelope and back (`credential-envelope.md`).
 */
import { isUtf8 } from 'node:buffer';
import { openAesGcm, sealAesGcm } from './aes-gcm';
import { associatedData, boundContext, type BoundContext } from './associated-data';
import { encodeBase64Url } from './base64url';
import { ENVELOPE_ALGORITHM, ENVELOPE_VERSION } from './constants';
import { parseEnvelope, type CredentialEnvelope } from './envelope';
import { CredentialValidationError, DecryptionError } from './errors';
import { assertKeyring, keyFor, type Keyring } from './keyring';
import { freshNonce } from './nonce';
import type { CredentialContext, JsonValue } from './types';


/**
 * Seals `value` under the primary key with the given nonce. Internal: the nonce must be fresh from a
 * CSPRNG for every call, which only {@link encryptCredentials} guarantees; the test-vector generator
 * uses this to fix nonces, and nothing public accepts one.
 */
export function sealWithNonce(
  keyring: Keyring,
  value: JsonValue,
  context: CredentialContext,
  iv: Uint8Array,
): CredentialEnvelope {
  const bound = boundContext(context);
  const json: unknown = JSON.stringify(value);
  if (typeof json !== 'string') {
    throw new CredentialValidationError('Invalid credential value', ['must be a JSON value']);
  }
  const kid = keyring.primaryKeyId;
  const key = keyFor(keyring, kid);
  if (key === undefined) throw new TypeError('The keyring holds no primary key.');
  const { ciphertext, tag } = sealAesGcm(key, iv, Buffer.from(json, 'utf8'), associatedData(kid, bound));
  return {
    v: ENVELOPE_VERSION,
    alg: ENVELOPE_ALGORITHM,
    kid,
    iv: encodeBase64Url(iv),
    ct: encodeBase64Url(ciphertext),
    tag: encodeBase64Url(tag),
  };
}

/**
 * Encrypts a JSON value into a version 1 envelope under the keyring's primary key, with a fresh random
 * 12-byte nonce and the context bound as associated data.
 *
 * A random 96-bit nonce stays safe for about 2^32 encryptions under one key (NIST SP 800-38D §8.3);
 * rotating keys keeps each far below that.
 *
 * @param value - what to encrypt: the plaintext is the UTF-8 of `JSON.stringify(value)`, so it
 *   decrypts to what `JSON.parse` makes of that (a `Date` comes back as its ISO string).
 * @param context - what the envelope is bound to; give the same to decrypt it.
 * @throws CredentialValidationError when the context is not a flat map of strings with keys of
 *   `A-Z a-z 0-9 . _ -`, or the value has no JSON form (`undefined`, a function).
 * @example
 * ```ts
 * const envelope = encryptCredentials(keyring, { login: 'api', password }, { accountId, integrationType: 'iiko' });
 * await db.query('update account_integration_credentials set credentials = $1 where …', [envelope]);
 * ```
 */
export function encryptCredentials(keyring: Keyring, value: JsonValue, context: CredentialContext): CredentialEnvelope {
  return sealWithNonce(keyring, value, context, freshNonce());
}

/**
 * Opens an envelope sealed by {@link encryptCredentials} (or by any implementation of the spec) and
 * returns the value.
 *
 * @param envelope - the envelope object, or its JSON text.
 * @param context - the context it was sealed with.
 * @typeParam T - the value's expected type; asserted, not checked — validate what you did not write.
 * @throws DecryptionError — the same one, with the same message and no cause — for anything malformed,
 *   truncated, tampered with, relabelled with another key id, sealed under a key the keyring lacks, or
 *   bound to another context.
 * @throws CredentialValidationError when `context` itself is malformed (a caller's mistake, not the
 *   envelope's).
 * @example
 * ```ts
 * const { login, password } = decryptCredentials<IikoCredentials>(keyring, row.credentials, { accountId, integrationType: 'iiko' });
 * ```
 */
export function decryptCredentials<T = JsonValue>(
  keyring: Keyring,
  envelope: unknown,
  context: CredentialContext,
): T {
  const bound = boundContext(context);
  assertKeyring(keyring);
  const value = openEnvelope(keyring, envelope, bound);
  // One throw site: not even a stack trace tells which check failed.
  if (value === NOT_OPENED) throw new DecryptionError();
  return value as T;
}

/** What {@link openEnvelope} returns for any refusal; no JSON value can be a symbol. */
const NOT_OPENED: unique symbol = Symbol('not opened');

/** Every check of "Decrypting" in the spec, in order; any failure is {@link NOT_OPENED}. */
function openEnvelope(keyring: Keyring, envelope: unknown, bound: BoundContext): unknown {
  const parsed = parseEnvelope(envelope);
  if (parsed === undefined) return NOT_OPENED;
  const key = keyFor(keyring, parsed.kid);
  if (key === undefined) return NOT_OPENED;
  const plaintext = openAesGcm(key, parsed.iv, parsed.ct, parsed.tag, associatedData(parsed.kid, bound));
  if (plaintext === undefined) return NOT_OPENED;
  try {
    // Strict UTF-8: a plaintext that is not valid UTF-8 did not come from a conforming encoder.
    return isUtf8(plaintext) ? (JSON.parse(plaintext.toString('utf8')) as unknown) : NOT_OPENED;
  } catch {
    return NOT_OPENED;
  } finally {
    plaintext.fill(0);
  }
}
