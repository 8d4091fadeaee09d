/**
 * `getinn-iiko rotate-keys`: re-seals, under the primary key, every stored credential row sealed under
 * another key — `rotateCredentials` of `@getinn/credential-crypto` over the configured store, with the
 * keyring from the same variables the services read (`CREDENTIAL_KEYS`, `CREDENTIAL_PRIMARY_KEY_ID`,
 * `CREDENTIAL_ENCRYPTION_KEY`).
 */
import { type Command, Option } from 'commander';
import { isCredentialCryptoError, keyringFromEnv, rotateCredentials, type Keyring } from '@getinn/credential-crypto';
import { usageError } from '../errors';
import { EXIT_CODES, type ExitCode } from '../exit-codes';
import { line, type CliContext } from '../io';
import { formatTable } from '../output/table';
import { openCredentialStore, type CredentialStoreFlags } from '../stores/credential-store';

interface RotateFlags extends CredentialStoreFlags {
  pageSize?: number;
}

/** Declares `rotate-keys` on the program. */
export function defineRotateKeys(program: Command): Command {
  return program
    .command('rotate-keys')
    .description('re-seal stored credentials under the primary key (keys from CREDENTIAL_KEYS and CREDENTIAL_PRIMARY_KEY_ID)')
    .requiredOption('--database-url <url>', 'PostgreSQL database holding the credential rows (postgres://…)')
    .option('--schema <name>', "schema of the SDK's tables (default: @getinn/iiko-postgres's)")
    .addOption(new Option('--page-size <n>', 'rows per page (one read, then one conditional write per row)').argParser(parsePageSize));
}

function parsePageSize(value: string): number {
  const size = Number(value);
  if (!Number.isInteger(size) || size < 1) throw usageError(`--page-size: "${value}" is not a positive whole number`);
  return size;
}

/** Runs `rotate-keys`: 0 when every row is under the primary key, 6 when some did not open. */
export async function runRotateKeys(command: Command, { io }: CliContext): Promise<ExitCode> {
  const flags = command.opts<RotateFlags>();
  let keyring: Keyring;
  try {
    keyring = keyringFromEnv(io.env);
  } catch (error) {
    if (isCredentialCryptoError(error)) throw usageError(error.message);
    throw error;
  }
  const opened = await openCredentialStore(flags);
  try {
    await line(io.stderr, `rotating credentials in ${opened.description} to primary key ${keyring.primaryKeyId}`);
    const result = await rotateCredentials({
      keyring,
      store: opened.store,
      actor: 'getinn-iiko rotate-keys',
      ...(flags.pageSize === undefined ? {} : { pageSize: flags.pageSize }),
      onProgress: (progress) => {
        if (progress.cursor !== null) void line(io.stderr, `  ${progress.scanned} rows looked at, ${progress.reencrypted} re-sealed so far`);
      },
    });
    const rows: [string, number][] = [
      ['rows looked at', result.scanned],
      ['re-sealed under the primary key', result.reencrypted],
      ['already under the primary key', result.upToDate],
      ['changed by someone else meanwhile (left as they are)', result.changedMeanwhile],
      ['did not open (left as they are)', result.failed],
    ];
    for (const text of formatTable(['', 'rows'], rows).slice(2)) await line(io.stdout, text);
    if (result.failures.length > 0) {
      await line(io.stdout);
      await line(io.stdout, 'rows that did not open (malformed, an unknown key id, the fixed-nonce format, or tampered):');
      for (const row of result.failures) await line(io.stdout, `  ${row.accountId} ${row.integrationType}`);
      return EXIT_CODES.partial;
    }
    return EXIT_CODES.ok;
  } finally {
    await opened.close();
  }
}
