/**
 * The raw AES-256-GCM layer: seal and open with an explicit key, nonce and associated data. Only the
 * profile of the version 1 envelope exists here — 32-byte key, 12-byte nonce, 16-byte tag — and it is
 * checked against Project Wycheproof's vectors for that profile.
 */
import { createCipheriv, createDecipheriv, type KeyObject } from 'node:crypto';
import { IV_BYTES, KEY_BYTES, TAG_BYTES } from './constants';

const CIPHER = 'aes-256-gcm';

/** A key as raw bytes, or a secret `KeyObject` holding them (the keyring's form). */
export type AesKey = KeyObject | Uint8Array;

/** Output of {@link sealAesGcm}. */
export interface SealedBytes {
  readonly ciphertext: Buffer;
  readonly tag: Buffer;
}

function keyLength(key: AesKey): number | undefined {
  return key instanceof Uint8Array ? key.byteLength : key.symmetricKeySize;
}

/**
 * Encrypts `plaintext` under `key` with nonce `iv`, authenticating `aad` too. The caller owns nonce
 * uniqueness: one (key, nonce) pair used twice gives away the XOR of both plaintexts and the GHASH
 * subkey (Joux 2006), hence a CSPRNG nonce per call above this layer.
 *
 * @throws RangeError when the key is not 32 bytes or the nonce not 12 — a programming error.
 */
export function sealAesGcm(key: AesKey, iv: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): SealedBytes {
  if (keyLength(key) !== KEY_BYTES) throw new RangeError(`AES-256-GCM needs a ${KEY_BYTES}-byte key`);
  if (iv.byteLength !== IV_BYTES) throw new RangeError(`AES-256-GCM here needs a ${IV_BYTES}-byte nonce`);
  const cipher = createCipheriv(CIPHER, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const head = cipher.update(plaintext);
  const tail = cipher.final();
  const ciphertext = tail.length === 0 ? head : Buffer.concat([head, tail]);
  return { ciphertext, tag: cipher.getAuthTag() };
}

/**
 * Decrypts and verifies, returning the plaintext, or `undefined` when anything is wrong: a key, nonce
 * or tag of the wrong length, or an authentication failure. `authTagLength: 16` is always passed —
 * without it Node 20 accepts a truncated tag (Node.js deprecation DEP0182) — and the tag length is checked here
 * as well, so the rule does not rest on one runtime's behaviour.
 */
export function openAesGcm(
  key: AesKey,
  iv: Uint8Array,
  ciphertext: Uint8Array,
  tag: Uint8Array,
  aad: Uint8Array,
): Buffer | undefined {
  if (keyLength(key) !== KEY_BYTES || iv.byteLength !== IV_BYTES || tag.byteLength !== TAG_BYTES) {
    return undefined;
  }
  try {
    const decipher = createDecipheriv(CIPHER, key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    const head = decipher.update(ciphertext);
    const tail = decipher.final();
    return tail.length === 0 ? head : Buffer.concat([head, tail]);
  } catch {
    return undefined;
  }
}
