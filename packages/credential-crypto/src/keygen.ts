/**
 * New keys in the `CREDENTIAL_KEYS` entry form, for the `keygen` command.
 */
import { randomBytes } from 'node:crypto';
import { KEY_BYTES, LEGACY_KEY_ID } from './constants';
import { isValidKeyId } from './keyring';

/**
 * The default key id for a key made at `now`: `k` and the UTC year and month (`k2026-11`), so ids sort
 * by age and tell at a glance how old a key is.
 *
 * @example
 * ```ts
 * defaultKeyId(new Date('2026-11-30T12:00:00Z')); // 'k2026-11'
 * ```
 */
export function defaultKeyId(now: Date): string {
  return `k${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
}

/**
 * A new 32-byte key from the CSPRNG as a `kid:base64` entry of `CREDENTIAL_KEYS`.
 *
 * @throws RangeError when `keyId` is not 1–64 characters of `A-Z a-z 0-9 . _ -`, or is the reserved
 *   `legacy`.
 * @example
 * ```ts
 * const entry = generateKeyEntry(defaultKeyId(new Date())); // 'k2026-12:3q2+7w…=' — shown once, kept in a secret store
 * ```
 */
export function generateKeyEntry(keyId: string): string {
  if (!isValidKeyId(keyId)) throw new RangeError('a key id is 1–64 characters of A-Z a-z 0-9 . _ -');
  if (keyId === LEGACY_KEY_ID) throw new RangeError(`"${LEGACY_KEY_ID}" is reserved for CREDENTIAL_ENCRYPTION_KEY`);
  const key = randomBytes(KEY_BYTES);
  const entry = `${keyId}:${key.toString('base64')}`;
  key.fill(0);
  return entry;
}
