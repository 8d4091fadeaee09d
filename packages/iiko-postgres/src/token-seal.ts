/**
 * iiko session tokens at rest: sealed with the credential keyring as version 1 envelopes, bound to their
 * session key, so a token is never stored in clear and a sealed token copied to another key does not open.
 *
 * @internal
 */
import { decryptCredentials, encryptCredentials, isCredentialEnvelope, type CredentialEnvelope, type Keyring } from '@getinn/credential-crypto';

/** What the envelope is bound to besides the key id (associated data): the purpose and the session key. */
const contextOf = (sessionKey: string) => ({ purpose: 'getinn.iiko.session-token', sessionKey });

/** Seals `token` for `sessionKey`. */
export function sealToken(keyring: Keyring, sessionKey: string, token: string): CredentialEnvelope {
  return encryptCredentials(keyring, { token }, contextOf(sessionKey));
}

/**
 * Opens a token sealed by {@link sealToken}; `undefined` when it cannot be opened (its key left the
 * keyring, or the row was tampered with). Such a token can be neither used nor logged out: iiko frees its
 * slot when the token expires, within the hour.
 */
export function openToken(keyring: Keyring, sessionKey: string, sealed: unknown): string | undefined {
  if (!isCredentialEnvelope(sealed)) return undefined;
  try {
    const value = decryptCredentials<{ token?: unknown }>(keyring, sealed, contextOf(sessionKey));
    return typeof value.token === 'string' ? value.token : undefined;
  } catch {
    return undefined;
  }
}
