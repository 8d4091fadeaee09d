/**
 * `getinn-iiko keygen`: a new credential key as a `CREDENTIAL_KEYS` entry (`kid:base64`), the same
 * entry `npx @getinn/credential-crypto keygen` prints. The key id is checked by
 * `@getinn/credential-crypto` itself: the entry must open a keyring.
 */
import { randomBytes } from 'node:crypto';
import { type Command } from 'commander';
import { LEGACY_KEY_ID, createKeyring, isCredentialCryptoError } from '@getinn/credential-crypto';
import { usageError } from '../errors';
import { EXIT_CODES, type ExitCode } from '../exit-codes';
import { line, type CliContext } from '../io';

/** Bytes of an AES-256 key. */
const KEY_BYTES = 32;

/** Declares `keygen` on the program. */
export function defineKeygen(program: Command): Command {
  return program
    .command('keygen')
    .description('print a new AES-256 credential key as a CREDENTIAL_KEYS entry (kid:base64)')
    .option('--id <kid>', 'key id, 1-64 characters of A-Z a-z 0-9 . _ - (default: k<year>-<month> in UTC)');
}

/**
 * The default key id for a key made at `now`: `k` and the UTC year and month (`k2026-11`), so ids sort
 * by age — the convention of `@getinn/credential-crypto`'s own `keygen`.
 */
export function defaultKeyId(now: Date): string {
  return `k${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** Runs `keygen`: the entry on standard output, what to do with it on standard error (on a terminal). */
export async function runKeygen(command: Command, { io }: CliContext): Promise<ExitCode> {
  const keyId = command.opts<{ id?: string }>().id ?? defaultKeyId(new Date());
  if (keyId === LEGACY_KEY_ID) throw usageError(`--id: "${LEGACY_KEY_ID}" is reserved for CREDENTIAL_ENCRYPTION_KEY`);
  const key = randomBytes(KEY_BYTES);
  try {
    createKeyring({ keys: { [keyId]: key }, primaryKeyId: keyId });
  } catch (error) {
    key.fill(0);
    if (isCredentialCryptoError(error)) throw usageError(`--id: ${error.message}`);
    throw error;
  }
  const entry = `${keyId}:${key.toString('base64')}`;
  key.fill(0);
  await line(io.stdout, entry);
  if (io.stderr.isTTY === true) {
    await line(io.stderr);
    await line(io.stderr, `Add it to CREDENTIAL_KEYS on every service, then set CREDENTIAL_PRIMARY_KEY_ID=${keyId}.`);
    await line(io.stderr, 'Keep it in your secret store: it is shown once.');
  }
  return EXIT_CODES.ok;
}
