/**
 * The version 1 envelope object and its validation (`credential-envelope.md`, "The envelope").
 */
import { decodeBase64Url } from './base64url';
import { ENVELOPE_ALGORITHM, ENVELOPE_VERSION, IV_BYTES, TAG_BYTES } from './constants';
import { isValidKeyId } from './keyring';

/**
 * The stored form of an encrypted credential: a JSON object, kept as is (a JSONB column suits it).
 * `iv`, `ct` and `tag` are base64url without padding.
 *
 * @example
 * ```json
 * { "v": 1, "alg": "A256GCM", "kid": "k2026-11", "iv": "…", "ct": "…", "tag": "…" }
 * ```
 */
export interface CredentialEnvelope {
  /** Format version: `1`. */
  readonly v: 1;
  /** AES-256-GCM, 96-bit nonce, 128-bit tag. */
  readonly alg: 'A256GCM';
  /** Id of the key that sealed it. */
  readonly kid: string;
  /** The 12-byte nonce, fresh from a CSPRNG for every encryption. */
  readonly iv: string;
  /** The ciphertext of the UTF-8 JSON of the value. */
  readonly ct: string;
  /** The 16-byte authentication tag. */
  readonly tag: string;
}

/** An envelope with its binary fields decoded. */
export interface ParsedEnvelope {
  readonly kid: string;
  readonly iv: Buffer;
  readonly ct: Buffer;
  readonly tag: Buffer;
}

const FIELD_COUNT = 6;

/**
 * The enumerable own string-keyed fields of `value`, each read once from its property descriptor, in an
 * object without a prototype; `undefined` for an array, for more or fewer than six fields, for a field
 * that is a getter, or when `value` throws while being looked at.
 *
 * A stored envelope is untrusted: a tampered row or a buggy store can hand over an object with a
 * throwing getter, a `Proxy` whose traps throw or lie, or a revoked `Proxy`. Reading descriptors instead
 * of properties runs no getter; catching everything keeps the refusal the package's one generic error;
 * and copying the values once means a getter or trap cannot answer one way to a check and another way
 * to the decryption after it. Inherited fields are not fields: `Object.create(envelope)` is no envelope.
 */
function ownFields(value: object): Record<string, unknown> | undefined {
  try {
    if (Array.isArray(value)) return undefined;
    const fields: Record<string, unknown> = Object.create(null);
    let count = 0;
    for (const key of Reflect.ownKeys(value)) {
      // Symbol keys were never part of an envelope (JSON has none), as before.
      if (typeof key !== 'string') continue;
      const descriptor = Reflect.getOwnPropertyDescriptor(value, key);
      if (descriptor === undefined || !descriptor.enumerable) continue;
      if (!('value' in descriptor)) return undefined;
      count += 1;
      if (count > FIELD_COUNT) return undefined;
      fields[key] = descriptor.value;
    }
    return count === FIELD_COUNT ? fields : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Decodes an envelope object or its JSON text, or returns `undefined` for anything that is not exactly a
 * version 1 envelope: another version or algorithm, a missing or extra field, a bad key id, base64url
 * that is not canonical, or a nonce or tag of the wrong length. Extra fields are refused because nothing
 * authenticates them. It never throws, whatever it is handed (a getter that throws, a `Proxy`, a revoked
 * one): only the six own data fields are read, once each (see {@link ownFields}).
 */
export function parseEnvelope(input: unknown): ParsedEnvelope | undefined {
  let value = input;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const fields = ownFields(value);
  if (fields === undefined) return undefined;
  const { v, alg, kid, iv, ct, tag } = fields;
  if (v !== ENVELOPE_VERSION || alg !== ENVELOPE_ALGORITHM) return undefined;
  if (typeof kid !== 'string' || typeof iv !== 'string' || typeof ct !== 'string' || typeof tag !== 'string') {
    return undefined;
  }
  if (!isValidKeyId(kid)) return undefined;
  const ivBytes = decodeBase64Url(iv);
  const tagBytes = decodeBase64Url(tag);
  const ctBytes = decodeBase64Url(ct);
  if (ivBytes?.byteLength !== IV_BYTES || tagBytes?.byteLength !== TAG_BYTES || ctBytes === undefined) {
    return undefined;
  }
  return { kid, iv: ivBytes, ct: ctBytes, tag: tagBytes };
}

/**
 * Whether `value` is a well-formed version 1 envelope object. Says nothing about whether it opens: only
 * the right key and context can tell.
 */
export function isCredentialEnvelope(value: unknown): value is CredentialEnvelope {
  return typeof value === 'object' && value !== null && parseEnvelope(value) !== undefined;
}
