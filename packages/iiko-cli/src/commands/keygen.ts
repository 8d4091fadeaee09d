/**
 * `getinn-iiko keygen`: a new credential key as a `CREDENTIAL_KEYS` entry (`kid:base64`), the same
 * entry `npx @getinn/credential-crypto keygen` prints, made by that package's `generateKeyEntry`.
 */
import { type Command } from 'commander';
import { defaultKeyId, generateKeyEntry } from '@getinn/credential-crypto';
import { usageError } from '../errors';
import { EXIT_CODES, type ExitCode } from '../exit-codes';
import { line, type CliContext } from '../io';

/** Declares `keygen` on the program. */
export function defineKeygen(program: Command): Command {
  return program
    .command('keygen')
    .description('print a new AES-256 credential key as a CREDENTIAL_KEYS entry (kid:base64)')
    .option('--id <kid>', 'key id, 1-64 characters of A-Z a-z 0-9 . _ - (default: k<year>-<month> in UTC)');
}

/** Runs `keygen`: the entry on standard output, what to do with it on standard error (on a terminal). */
export async function runKeygen(command: Command, { io }: CliContext): Promise<ExitCode> {
  const keyId = command.opts<{ id?: string }>().id ?? defaultKeyId(new Date());
  let entry: string;
  try {
    entry = generateKeyEntry(keyId);
  } catch (error) {
    // generateKeyEntry refuses a malformed or reserved id with a RangeError that says which.
    if (error instanceof RangeError) throw usageError(`--id: ${error.message}`);
    throw error;
  }
  await line(io.stdout, entry);
  if (io.stderr.isTTY === true) {
    await line(io.stderr);
    await line(io.stderr, `Add it to CREDENTIAL_KEYS on every service, then set CREDENTIAL_PRIMARY_KEY_ID=${keyId}.`);
    await line(io.stderr, 'Keep it in your secret store: it is shown once.');
  }
  return EXIT_CODES.ok;
}
