/**
 * Reading the fixed-nonce format of the earlier Python service (`credential-envelope.md`, "Migrating
 * the fixed-nonce format"): `base64(ciphertext || tag)` under one key and one nonce from the
 * environment, with no associated data. Open-only: nothing is ever written in this format.
 */
import { isUtf8 } from 'node:buffer';
import { openAesGcm } from './aes-gcm';
import { decodeKeyBase64 } from './base64url';
import { IV_BYTES, TAG_BYTES } from './constants';
import { CredentialValidationError, DecryptionError } from './errors';
import { decodeKey, type KeyMaterial } from './keyring';
import type { JsonValue } from './types';

const NO_ASSOCIATED_DATA = Buffer.alloc(0);

/** Options of {@link decryptLegacy}. */
export interface LegacyOptions {
  /** The old `CREDENTIAL_ENCRYPTION_KEY`: 32 bytes, or their base64 (standard or url-safe). */
  readonly key: KeyMaterial;
  /**
   * The old `CREDENTIAL_ENCRYPTION_NONCE`: 12 bytes, or their base64 (standard or url-safe). If the old
   * service wrote it in another encoding, decode it yourself and pass the bytes.
   */
  readonly nonce: string | Uint8Array;
  /**
   * What the plaintext is: `'json'` returns `JSON.parse` of it, `'text'` the UTF-8 string itself.
   * @default 'json'
   */
  readonly format?: 'json' | 'text' | undefined;
}

function decodeNonce(nonce: string | Uint8Array): Buffer {
  const bytes = typeof nonce === 'string' ? decodeKeyBase64(nonce.trim()) : Buffer.from(nonce);
  if (bytes?.byteLength !== IV_BYTES) {
    throw new CredentialValidationError('Invalid legacy nonce', [
      `must be ${IV_BYTES} bytes, or their base64 (standard or url-safe)`,
    ]);
  }
  return bytes;
}

/**
 * Opens one value of the fixed-nonce format, so a one-off migration job can re-seal it as a version 1
 * envelope with `encryptCredentials` (or `vault.put`). See the migration guide in
 * `docs/credential-crypto.md`.
 *
 * @param ciphertext - standard base64 of the ciphertext followed by its 16-byte tag.
 * @typeParam T - the value's expected type; asserted, not checked (`vault.put` validates it).
 * @throws DecryptionError (generic, no cause) when the value is not base64, is too short, or does not
 *   authenticate under the key and nonce; when `format` is `'json'`, also when it is not JSON.
 * @throws KeyringConfigError when the key is not 32 bytes; CredentialValidationError when the nonce is
 *   not 12 bytes.
 * @example
 * ```ts
 * const value = decryptLegacy<IikoCredentials>(row.credentials, {
 *   key: legacyEnv.CREDENTIAL_ENCRYPTION_KEY!,
 *   nonce: legacyEnv.CREDENTIAL_ENCRYPTION_NONCE!,
 * });
 * ```
 */
export function decryptLegacy(ciphertext: string, options: LegacyOptions & { format: 'text' }): string;
export function decryptLegacy<T = JsonValue>(ciphertext: string, options: LegacyOptions): T;
export function decryptLegacy(ciphertext: string, options: LegacyOptions): unknown {
  const key = decodeKey(options.key, 'The legacy key');
  try {
    const value = openLegacy(ciphertext, key, decodeNonce(options.nonce), options.format ?? 'json');
    // One throw site: not even a stack trace tells which check failed.
    if (value === NOT_OPENED) throw new DecryptionError();
    return value;
  } finally {
    key.fill(0);
  }
}

/** What {@link openLegacy} returns for any refusal; no JSON value can be a symbol. */
const NOT_OPENED: unique symbol = Symbol('not opened');

function openLegacy(ciphertext: unknown, key: Buffer, nonce: Buffer, format: 'json' | 'text'): unknown {
  const sealed = typeof ciphertext === 'string' ? decodeKeyBase64(ciphertext.trim()) : undefined;
  if (sealed === undefined || sealed.byteLength < TAG_BYTES) return NOT_OPENED;
  const body = sealed.subarray(0, sealed.byteLength - TAG_BYTES);
  const tag = sealed.subarray(sealed.byteLength - TAG_BYTES);
  const plaintext = openAesGcm(key, nonce, body, tag, NO_ASSOCIATED_DATA);
  if (plaintext === undefined) return NOT_OPENED;
  try {
    if (!isUtf8(plaintext)) return NOT_OPENED;
    const text = plaintext.toString('utf8');
    return format === 'text' ? text : (JSON.parse(text) as unknown);
  } catch {
    return NOT_OPENED;
  } finally {
    plaintext.fill(0);
  }
}
