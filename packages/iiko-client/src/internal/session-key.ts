import { scryptSync } from 'node:crypto';
import { processRegistry } from './global-registry';

/**
 * Cost of the password fingerprint in a session key: scrypt with N = 2^12, r = 8 (about 4 MiB and a few
 * milliseconds, once per credential and process — the result is remembered).
 */
const FINGERPRINT = { N: 4096, r: 8, p: 1, bytes: 16 } as const;

const fingerprints = processRegistry<string>('session-key-fingerprints');

/**
 * The key under which a {@link SessionStore} shares the session of one (server, login, password).
 *
 * The password belongs in the key: a session is a licence slot that iiko opened for whoever knew the
 * password, and a client with the same login but a wrong password must not ride on it (it would read the
 * server's data while another client's session is live, and never learn its password is wrong). The key
 * holds no usable secret: the password's part is a salted scrypt fingerprint of its SHA-1, slow to guess
 * from — the PostgreSQL session store keeps keys in a column, and a fast hash there would let anyone who
 * reads the table test candidate passwords cheaply.
 */
export function sessionKeyOf(serverKey: string, login: string, passHash: string): string {
  const memo = `${serverKey}\n${login}\n${passHash}`;
  let fingerprint = fingerprints.get(memo);
  if (fingerprint === undefined) {
    const salt = `getinn-iiko-session-v1\n${serverKey}\n${login}`;
    fingerprint = scryptSync(passHash, salt, FINGERPRINT.bytes, { N: FINGERPRINT.N, r: FINGERPRINT.r, p: FINGERPRINT.p }).toString('base64url');
    fingerprints.set(memo, fingerprint);
  }
  return `${serverKey}\n${login}\n${fingerprint}`;
}
