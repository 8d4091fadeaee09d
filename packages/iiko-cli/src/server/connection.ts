/**
 * The server and login a command talks to: from flags, from `IIKO_BASE_URL` / `IIKO_LOGIN` /
 * `IIKO_PASSWORD`, or the built-in fake server (`--fake`).
 */
import { type Command, Option } from 'commander';
import { usageError } from '../errors';
import { line, type CliIo } from '../io';
import type { SecretRedactor } from '../redactor';
import { startFakeChain, type FakeChain } from './fake';
import { PASSWORD_FLAG_WARNING, promptPassword, readPasswordFromStdin } from './password';

/** The options {@link addConnectionOptions} declares, as commander parses them. */
export interface ConnectionFlags {
  baseUrl?: string;
  login?: string;
  password?: string;
  passwordStdin?: boolean;
  fake?: boolean;
  fakeDataProblems?: boolean;
  retries?: number;
}

/** A server to talk to, with the secrets to keep out of every line the command prints. */
export interface Connection {
  readonly baseUrl: string;
  readonly login: string;
  readonly password: string;
  /** The fake server, when `--fake`. */
  readonly fake: FakeChain | undefined;
  /** Replaces the password and its SHA-1 with `***` in a text about to be printed. */
  readonly redact: (text: string) => string;
  /** Stops the fake server, if any. */
  close(): Promise<void>;
}

/** Declares the server, login and fake options on a command. */
export function addConnectionOptions(command: Command): Command {
  return command
    .addOption(new Option('--base-url <url>', 'iikoServer address, e.g. https://chain.iiko.it').env('IIKO_BASE_URL'))
    .addOption(new Option('--login <login>', 'iiko login').env('IIKO_LOGIN'))
    .addOption(new Option('--password <password>', 'iiko password (lands in shell history: prefer IIKO_PASSWORD or --password-stdin)').env('IIKO_PASSWORD'))
    .addOption(new Option('--password-stdin', 'read the password from the first line of standard input'))
    .addOption(new Option('--fake', 'use the built-in fake iikoServer on 127.0.0.1 (a clean chain)').conflicts(['passwordStdin']))
    .addOption(new Option('--fake-data-problems', 'with --fake: plant the data problems real chains have, to see how they are reported').implies({ fake: true }))
    .addOption(new Option('--retries <n>', 'retries of a failed read (network errors, 5xx), with back-off (default: the client\'s, 4)').argParser(parseRetries));
}

function parseRetries(value: string): number {
  const retries = Number(value);
  if (!Number.isInteger(retries) || retries < 0) throw usageError(`--retries: "${value}" is not a whole number`);
  return retries;
}

/** The client options the connection flags set (`--retries`), for every `IikoClient` a command makes. */
export function clientOptionsOf(command: Command): { retry?: { retries: number } } {
  const { retries } = command.opts<ConnectionFlags>();
  return retries === undefined ? {} : { retry: { retries } };
}

/**
 * Resolves the connection of a parsed command: starts the fake server, or checks that a server, a login
 * and a password were given, reading the password from standard input or a prompt when asked to.
 *
 * @throws CliError (usage) when something is missing or flags exclude each other.
 */
export async function resolveConnection(command: Command, io: CliIo, redactor: SecretRedactor): Promise<Connection> {
  const flags = command.opts<ConnectionFlags>();
  if (flags.fake === true) {
    for (const name of ['baseUrl', 'login', 'password'] as const) {
      if (command.getOptionValueSource(name) === 'cli') throw usageError(`--fake serves its own server and login: leave out --${kebab(name)}`);
    }
    const fake = await startFakeChain({ dataProblems: flags.fakeDataProblems === true });
    await line(io.stderr, fake.description);
    const { url, server } = fake.running;
    return connection(url, server.login, server.password, fake, redactor);
  }
  if (!flags.baseUrl) throw usageError('no iikoServer: pass --base-url or set IIKO_BASE_URL (or try --fake)');
  if (!flags.login) throw usageError('no login: pass --login or set IIKO_LOGIN');
  let password: string | undefined;
  if (flags.passwordStdin === true) {
    if (command.getOptionValueSource('password') === 'cli') throw usageError('--password and --password-stdin exclude each other');
    password = await readPasswordFromStdin(io.stdin);
  } else if (flags.password !== undefined && flags.password !== '') {
    if (command.getOptionValueSource('password') === 'cli') await line(io.stderr, PASSWORD_FLAG_WARNING);
    password = flags.password;
  } else if (io.stdin.isTTY === true) {
    password = await promptPassword(io, `iiko password for ${flags.login}: `);
  }
  if (!password) throw usageError('no password: set IIKO_PASSWORD or use --password-stdin');
  return connection(flags.baseUrl, flags.login, password, undefined, redactor);
}

function connection(baseUrl: string, login: string, password: string, fake: FakeChain | undefined, redactor: SecretRedactor): Connection {
  redactor.addPassword(password);
  return {
    baseUrl,
    login,
    password,
    fake,
    redact: (text) => redactor.redact(text),
    close: async () => {
      await fake?.running.close();
    },
  };
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
