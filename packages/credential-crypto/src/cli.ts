#!/usr/bin/env node
/**
 * `npx @getinn/credential-crypto keygen [--id <kid>]`: prints a new key as a `CREDENTIAL_KEYS` entry.
 */
import { parseArgs } from 'node:util';
import { defaultKeyId, generateKeyEntry } from './keygen';

const USAGE = `Usage: credential-crypto keygen [--id <kid>]

Prints a new AES-256 key (32 bytes from the operating system's CSPRNG) as a
CREDENTIAL_KEYS entry: <kid>:<base64>.

Options:
  --id <kid>   key id, 1-64 characters of A-Z a-z 0-9 . _ -
               (default: k<year>-<month> in UTC, e.g. ${defaultKeyId(new Date())})
  -h, --help   show this help

Rotation: add the entry to CREDENTIAL_KEYS on every service first, then set
CREDENTIAL_PRIMARY_KEY_ID to its id, then re-encrypt stored credentials.
`;

function fail(message: string): never {
  process.stderr.write(`credential-crypto: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function main(args: readonly string[]): void {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        id: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    process.stdout.write(USAGE);
    return;
  }
  const [command, ...rest] = positionals;
  if (command === undefined) fail('missing command');
  if (command !== 'keygen') fail(`unknown command "${command}"`);
  if (rest.length > 0) fail(`unexpected argument "${rest[0]}"`);
  let entry: string;
  try {
    entry = generateKeyEntry(values.id ?? defaultKeyId(new Date()));
  } catch (error) {
    fail(`--id: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.stdout.write(`${entry}\n`);
  if (process.stderr.isTTY === true) {
    const id = entry.slice(0, entry.indexOf(':'));
    process.stderr.write(
      `\nAdd it to CREDENTIAL_KEYS on every service, then set CREDENTIAL_PRIMARY_KEY_ID=${id}.\n` +
        'Keep it in your secret store: it is shown once.\n',
    );
  }
}

main(process.argv.slice(2));
