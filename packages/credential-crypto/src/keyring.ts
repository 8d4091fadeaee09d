/**
 * The keyring: AES-256 keys by id, one of them primary. Encryption always uses the primary; decryption
 * uses whichever key an envelope's `kid` names (`credential-envelope.md`, "Keys").
 */
import { createSecretKey, type KeyObject } from 'node:crypto';
import { inspect } from 'node:util';
import { decodeKeyBase64 } from './base64url';
import { ID_CHARACTERS, KEY_BYTES, KEY_ID_MAX_LENGTH, LEGACY_KEY_ID } from './constants';
import { KeyringConfigError } from './errors';

/**
 * A set of keys by id with one primary. Keys never leave it: it logs, inspects and serializes as its
 * ids only, and no method returns key bytes.
 *
 * @example
 * ```ts
 * console.log(keyring); // Keyring { primaryKeyId: 'k2026-11', keyIds: [ 'k2026-05', 'k2026-11' ] }
 * ```
 */
export interface Keyring {
  /** Id of the key that seals every new envelope. */
  readonly primaryKeyId: string;
  /** Ids of every key that can open envelopes, primary included, in configuration order. */
  readonly keyIds: readonly string[];
  /** Whether an envelope sealed under `keyId` can be opened. */
  has(keyId: string): boolean;
  /** The ids only, for logs and health endpoints. */
  toJSON(): { primaryKeyId: string; keyIds: string[] };
}

/** A key: 32 bytes, or their standard or url-safe base64 (padding optional). */
export type KeyMaterial = string | Uint8Array;

/** Options of {@link createKeyring}. */
export interface KeyringOptions {
  /**
   * Keys by id. Ids are 1–64 characters of `A-Z a-z 0-9 . _ -`; each key is exactly 32 bytes from a
   * CSPRNG (`npx @getinn/credential-crypto keygen` prints one).
   */
  readonly keys: Readonly<Record<string, KeyMaterial>>;
  /**
   * Id of the key that seals new envelopes; it must be one of `keys`. The id `legacy` is reserved for
   * the older fixed-nonce key and is refused here.
   */
  readonly primaryKeyId: string;
}

/** Whether `keyId` is 1–64 characters of `A-Z a-z 0-9 . _ -`. */
export function isValidKeyId(keyId: string): boolean {
  return keyId.length <= KEY_ID_MAX_LENGTH && ID_CHARACTERS.test(keyId);
}

/**
 * Names a key id in an error message: `label ("kid")`, or, when the "id" could itself be key material
 * (a key and its id pasted the wrong way round), `label` alone with the id withheld.
 */
export function describeKeyId(keyId: string, label: string): string {
  const decoded = decodeKeyBase64(keyId);
  if (decoded !== undefined && decoded.byteLength >= 16) {
    decoded.fill(0);
    return `${label} (id withheld: it looks like key material)`;
  }
  return `${label} ("${keyId}")`;
}

/**
 * Decodes and checks one key, naming `where` it came from in any error and never the key itself.
 * Returns the raw bytes; the caller wipes them once a `KeyObject` holds a copy.
 */
export function decodeKey(material: unknown, where: string): Buffer {
  if (material instanceof Uint8Array) {
    if (material.byteLength !== KEY_BYTES) {
      throw new KeyringConfigError(
        'INVALID_KEY_LENGTH',
        `${where} is ${material.byteLength} bytes; an AES-256 key must be exactly ${KEY_BYTES} bytes from a CSPRNG.`,
      );
    }
    return Buffer.from(material);
  }
  if (typeof material !== 'string') {
    throw new KeyringConfigError('INVALID_KEY_ENCODING', `${where} must be base64 text or a Uint8Array.`);
  }
  const bytes = decodeKeyBase64(material.trim());
  if (bytes === undefined) {
    throw new KeyringConfigError(
      'INVALID_KEY_ENCODING',
      `${where} is not valid base64 (standard or url-safe, padding optional).`,
    );
  }
  if (bytes.byteLength !== KEY_BYTES) {
    const length = bytes.byteLength;
    bytes.fill(0);
    throw new KeyringConfigError(
      'INVALID_KEY_LENGTH',
      `${where} decodes to ${length} bytes; an AES-256 key must be exactly ${KEY_BYTES} bytes from a CSPRNG ` +
        '(generate one with `npx @getinn/credential-crypto keygen`).',
    );
  }
  return bytes;
}

/** Reads a key out of a keyring; bound in the class's static block, exported to this package only. */
let readKey: (keyring: Keyring, keyId: string) => KeyObject | undefined;

class KeyringImpl implements Keyring {
  readonly primaryKeyId: string;
  readonly keyIds: readonly string[];
  readonly #keys: ReadonlyMap<string, KeyObject>;

  static {
    readKey = (keyring, keyId) => (#keys in keyring ? keyring.#keys.get(keyId) : undefined);
  }

  constructor(keys: ReadonlyMap<string, KeyObject>, primaryKeyId: string) {
    this.#keys = keys;
    this.primaryKeyId = primaryKeyId;
    this.keyIds = Object.freeze([...keys.keys()]);
    Object.freeze(this);
  }

  has(keyId: string): boolean {
    return this.#keys.has(keyId);
  }

  toJSON(): { primaryKeyId: string; keyIds: string[] } {
    return { primaryKeyId: this.primaryKeyId, keyIds: [...this.keyIds] };
  }

  [inspect.custom](_depth: number, options: object): string {
    return `Keyring ${inspect(this.toJSON(), options)}`;
  }
}

/**
 * The key a keyring holds under `keyId`, or `undefined` when it holds none. Internal.
 *
 * @throws TypeError when `keyring` was not made by `createKeyring` (or `keyringFromEnv`) of this copy of
 *   the package — an object that merely looks like one holds no keys.
 */
export function keyFor(keyring: Keyring, keyId: string): KeyObject | undefined {
  assertKeyring(keyring);
  return readKey(keyring, keyId);
}

/**
 * Throws unless `keyring` was made by `createKeyring` (or `keyringFromEnv`) of this copy of the package.
 * Internal: a wrong argument is a programming error, reported as such rather than as a failed decryption.
 */
export function assertKeyring(keyring: unknown): asserts keyring is Keyring {
  if (!(keyring instanceof KeyringImpl)) {
    throw new TypeError('Expected a keyring made by createKeyring or keyringFromEnv of this package.');
  }
}

/**
 * Builds a keyring. Every key and id is checked here, at start-up, so a bad configuration fails before
 * any credential is touched.
 *
 * @throws KeyringConfigError naming the key id and the rule broken (never the key).
 * @example
 * ```ts
 * const keyring = createKeyring({
 *   keys: { 'k2026-05': process.env.OLD_KEY!, 'k2026-11': process.env.NEW_KEY! },
 *   primaryKeyId: 'k2026-11',
 * });
 * ```
 */
export function createKeyring(options: KeyringOptions): Keyring {
  const entries = Object.entries(options.keys ?? {});
  if (entries.length === 0) {
    throw new KeyringConfigError('NO_KEYS', 'A keyring needs at least one key.');
  }
  const keys = new Map<string, KeyObject>();
  for (const [keyId, material] of entries) {
    if (!isValidKeyId(keyId)) {
      throw new KeyringConfigError(
        'INVALID_KEY_ID',
        `A key id must be 1–${KEY_ID_MAX_LENGTH} characters of A-Z a-z 0-9 . _ - (key number ${keys.size + 1} is not).`,
      );
    }
    const bytes = decodeKey(material, describeKeyId(keyId, `Key number ${keys.size + 1}`));
    keys.set(keyId, createSecretKey(bytes));
    bytes.fill(0);
  }
  const { primaryKeyId } = options;
  if (typeof primaryKeyId !== 'string' || primaryKeyId === '') {
    throw new KeyringConfigError('PRIMARY_MISSING', 'A keyring needs a primaryKeyId naming the key that seals.');
  }
  if (primaryKeyId === LEGACY_KEY_ID) {
    throw new KeyringConfigError('LEGACY_PRIMARY', legacyPrimaryReason());
  }
  if (!keys.has(primaryKeyId)) {
    throw new KeyringConfigError(
      'PRIMARY_UNKNOWN',
      `${describeKeyId(primaryKeyId, 'The primary key id')} names no key of the keyring ` +
        `(${keys.size} key${keys.size === 1 ? '' : 's'}: ${[...keys.keys()].map((id, index) => describeKeyId(id, `#${index + 1}`)).join(', ')}).`,
    );
  }
  return new KeyringImpl(keys, primaryKeyId);
}

/** Why the older key may open envelopes but never seal them. */
export function legacyPrimaryReason(): string {
  return (
    `The key id "${LEGACY_KEY_ID}" (the older CREDENTIAL_ENCRYPTION_KEY) cannot be the primary key. That key sealed ` +
    'every row under one fixed nonce, and two such ciphertexts reveal its GHASH subkey (Joux 2006, ' +
    '"Authentication failures in NIST version of GCM"); with that subkey anyone can forge tags under the ' +
    'key, whatever the nonce. Generate a new key (`npx @getinn/credential-crypto keygen`), add it to ' +
    'CREDENTIAL_KEYS and name it in CREDENTIAL_PRIMARY_KEY_ID.'
  );
}
