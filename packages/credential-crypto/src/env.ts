/**
 * The keyring from environment variables (`credential-envelope.md`, "Keys"):
 *
 * - `CREDENTIAL_KEYS="kid1:BASE64,kid2:BASE64"` — every key a service may need to open envelopes;
 * - `CREDENTIAL_PRIMARY_KEY_ID=kid2` — the one that seals;
 * - `CREDENTIAL_ENCRYPTION_KEY` — the older single key, filed under the id `legacy`, open-only;
 * - `CREDENTIAL_ENCRYPTION_NONCE` — refused: there is no nonce setting.
 */
import { timingSafeEqual } from 'node:crypto';
import { createKeyring, decodeKey, describeKeyId, isValidKeyId, legacyPrimaryReason, type Keyring } from './keyring';
import { KEY_ID_MAX_LENGTH, LEGACY_KEY_ID } from './constants';
import { KeyringConfigError } from './errors';

/** The variables {@link keyringFromEnv} reads; any other variable is ignored. */
export interface CredentialEnv {
  /** `kid:base64` entries separated by commas; whitespace around entries is ignored. */
  readonly CREDENTIAL_KEYS?: string | undefined;
  /** Id of the key that seals new envelopes. Optional when exactly one non-legacy key is configured. */
  readonly CREDENTIAL_PRIMARY_KEY_ID?: string | undefined;
  /** The older single key (base64 of 32 bytes); joins the keyring as `legacy`, never primary. */
  readonly CREDENTIAL_ENCRYPTION_KEY?: string | undefined;
  /** Must be absent: a fixed nonce breaks AES-GCM. */
  readonly CREDENTIAL_ENCRYPTION_NONCE?: string | undefined;
  readonly [name: string]: string | undefined;
}

const NONCE_REASON =
  'CREDENTIAL_ENCRYPTION_NONCE is set, but AES-GCM must never reuse a nonce under one key: with one fixed ' +
  'nonce, anyone holding two ciphertexts recovers the XOR of the plaintexts and the GHASH subkey, and ' +
  'can then forge tags (Joux 2006, "Authentication failures in NIST version of GCM"; Böck et al., ' +
  '"Nonce-Disrespecting Adversaries", WOOT 2016). Each encryption now draws a fresh random nonce and ' +
  'stores it in the envelope, so there is no nonce setting: remove the variable. To migrate rows ' +
  'written with it, read it in the one-off migration job only and pass it to decryptLegacy.';

/** `undefined` for an unset or blank variable, else the trimmed value. */
function setting(env: CredentialEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** Adds each `kid:base64` entry of `text` to `keys` (which the caller wipes, whatever happens). */
function parseKeys(text: string, keys: Map<string, Buffer>): void {
  text.split(',').forEach((raw, index) => {
    const position = `CREDENTIAL_KEYS entry ${index + 1}`;
    const entry = raw.trim();
    if (entry === '') {
      throw new KeyringConfigError(
        'MALFORMED_ENTRY',
        `${position} is empty (a doubled or trailing comma?); write entries as "kid:base64,kid:base64".`,
      );
    }
    const colon = entry.indexOf(':');
    if (colon === -1) {
      throw new KeyringConfigError(
        'MALFORMED_ENTRY',
        `${position} has no ":" between its key id and its key; write entries as "kid:base64".`,
      );
    }
    const keyId = entry.slice(0, colon).trim();
    if (!isValidKeyId(keyId)) {
      throw new KeyringConfigError(
        'INVALID_KEY_ID',
        `${position} has a key id that is not 1–${KEY_ID_MAX_LENGTH} characters of A-Z a-z 0-9 . _ -.`,
      );
    }
    const named = describeKeyId(keyId, position);
    if (keys.has(keyId)) {
      throw new KeyringConfigError('DUPLICATE_KEY_ID', `${named} repeats a key id; each id names one key.`);
    }
    keys.set(keyId, decodeKey(entry.slice(colon + 1).trim(), `The key of ${named}`));
  });
}

function wipe(keys: Map<string, Buffer>): void {
  for (const bytes of keys.values()) bytes.fill(0);
}

/**
 * Builds the keyring from the environment, refusing at start-up, with the reason, anything unsafe or
 * malformed.
 *
 * Precedence when old and new variables are both present: `CREDENTIAL_ENCRYPTION_KEY` joins the keys of
 * `CREDENTIAL_KEYS` under the id `legacy` (an entry `legacy:` there must then hold the same key); it can
 * open envelopes sealed under `legacy` but never becomes primary, because one fixed nonce exposed its
 * GHASH subkey. The primary is `CREDENTIAL_PRIMARY_KEY_ID`, or, when that is unset, the only non-legacy
 * key.
 *
 * @param env - the variables to read.
 * @default env `process.env`
 * @throws KeyringConfigError when `CREDENTIAL_ENCRYPTION_NONCE` is present (even empty), no key is
 *   configured, an entry is not `kid:base64`, a key is not exactly 32 bytes, an id repeats, or the
 *   primary is missing, unknown or `legacy`. The message names the variable, entry and key id, never a key.
 * @example
 * ```ts
 * // CREDENTIAL_KEYS="k2026-05:<base64>,k2026-11:<base64>" CREDENTIAL_PRIMARY_KEY_ID=k2026-11
 * const keyring = keyringFromEnv();
 * ```
 */
export function keyringFromEnv(env: CredentialEnv = process.env): Keyring {
  if (env.CREDENTIAL_ENCRYPTION_NONCE !== undefined) {
    throw new KeyringConfigError('NONCE_CONFIGURED', NONCE_REASON);
  }
  const keys = new Map<string, Buffer>();
  try {
    const listed = setting(env, 'CREDENTIAL_KEYS');
    if (listed !== undefined) parseKeys(listed, keys);
    const older = setting(env, 'CREDENTIAL_ENCRYPTION_KEY');
    if (older !== undefined) {
      const bytes = decodeKey(older, 'CREDENTIAL_ENCRYPTION_KEY');
      const listedLegacy = keys.get(LEGACY_KEY_ID);
      if (listedLegacy !== undefined && !timingSafeEqual(listedLegacy, bytes)) {
        bytes.fill(0);
        throw new KeyringConfigError(
          'LEGACY_CONFLICT',
          `CREDENTIAL_ENCRYPTION_KEY and the "${LEGACY_KEY_ID}" entry of CREDENTIAL_KEYS hold different keys; ` +
            `the id "${LEGACY_KEY_ID}" is reserved for CREDENTIAL_ENCRYPTION_KEY. Keep one of them.`,
        );
      }
      listedLegacy?.fill(0);
      keys.set(LEGACY_KEY_ID, bytes);
    }
    if (keys.size === 0) {
      throw new KeyringConfigError(
        'NO_KEYS',
        'No credential key is configured: set CREDENTIAL_KEYS="kid:base64" (generate an entry with ' +
          '`npx @getinn/credential-crypto keygen`) and CREDENTIAL_PRIMARY_KEY_ID=kid.',
      );
    }
    const primaryKeyId = setting(env, 'CREDENTIAL_PRIMARY_KEY_ID') ?? defaultPrimary(keys);
    if (!keys.has(primaryKeyId) && primaryKeyId !== LEGACY_KEY_ID) {
      const ids = [...keys.keys()].map((id, index) => describeKeyId(id, `#${index + 1}`)).join(', ');
      throw new KeyringConfigError(
        'PRIMARY_UNKNOWN',
        `${describeKeyId(primaryKeyId, 'CREDENTIAL_PRIMARY_KEY_ID')} names no configured key ` +
          `(configured: ${ids}); add that key to CREDENTIAL_KEYS on every service first.`,
      );
    }
    return createKeyring({ keys: Object.fromEntries(keys), primaryKeyId });
  } finally {
    wipe(keys);
  }
}

function defaultPrimary(keys: Map<string, Buffer>): string {
  const candidates = [...keys.keys()].filter((id) => id !== LEGACY_KEY_ID);
  if (candidates.length === 1 && candidates[0] !== undefined) return candidates[0];
  if (candidates.length === 0) throw new KeyringConfigError('LEGACY_PRIMARY', legacyPrimaryReason());
  throw new KeyringConfigError(
    'PRIMARY_MISSING',
    `CREDENTIAL_KEYS holds ${candidates.length} keys but CREDENTIAL_PRIMARY_KEY_ID is not set; name the key ` +
      'that seals new envelopes (the others only open older ones).',
  );
}
