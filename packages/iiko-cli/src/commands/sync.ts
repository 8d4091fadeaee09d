/**
 * `getinn-iiko sync`: one run of `@getinn/iiko-sync` for one account, with a live progress display and
 * the summary table. The sync, its window, its issues and its log are the SDK's, unchanged; this
 * command only chooses the store, the credentials and how the outcome is shown.
 */
import { randomBytes } from 'node:crypto';
import { type Command, Option } from 'commander';
import {
  createCredentialVault,
  createKeyring,
  createMemoryCredentialStore,
  isCredentialCryptoError,
  keyringFromEnv,
  type CredentialVault,
} from '@getinn/credential-crypto';
import {
  DEFAULT_SYNC_ENTITIES,
  SYNC_ENTITY_TYPES,
  SyncInProgressError,
  createIikoSync,
  type SyncEntityType,
  type SyncReport,
} from '@getinn/iiko-sync';
import { CLI_DEFAULTS } from '../constants';
import { CliError, usageError } from '../errors';
import { EXIT_CODES, exitCodeForErrorCode, type ExitCode } from '../exit-codes';
import { line, type CliContext, type CliIo } from '../io';
import { progressDisplay } from '../output/progress';
import { formatSyncSummary } from '../output/summary';
import { addConnectionOptions, clientOptionsOf, resolveConnection, type Connection } from '../server/connection';
import { openStore, type OpenStore, type StoreFlags } from '../stores/open-store';
import { currencyFor, parseWindow, type WindowFlags } from './shared';

interface SyncFlags extends StoreFlags, WindowFlags {
  entities?: SyncEntityType[];
  account: string;
  currency?: string;
  timeZone?: string;
  storedCredentials?: boolean;
  quiet?: boolean;
  json?: boolean;
}

/** Declares `sync` on the program. */
export function defineSync(program: Command): Command {
  const command = program
    .command('sync')
    .description('sync restaurants, stores, suppliers and invoices of one account into a store, with live progress and a summary')
    .option('--sqlite <file>', 'SQLite file to write (created when missing)')
    .option('--fresh', 'with --sqlite: delete the file first and start from an empty store')
    .option('--database-url <url>', 'PostgreSQL database to write (postgres://…), through @getinn/iiko-postgres; migrated first')
    .option('--schema <name>', "with --database-url: schema of the SDK's tables (default: getinn_iiko)")
    .option(
      '--stored-credentials',
      "with --database-url: the account's iiko login as stored in the database, opened with CREDENTIAL_KEYS (no --base-url, --login or password)",
    )
    .addOption(new Option('--entities <list>', `entities to sync, comma-separated (${SYNC_ENTITY_TYPES.join(', ')}; default: ${DEFAULT_SYNC_ENTITIES.join(', ')})`).argParser(parseEntities))
    .option('--from <date>', 'first day of an explicit invoice window (YYYY-MM-DD); needs --to')
    .option('--to <date>', 'last day of an explicit invoice window, inclusive')
    .option('--account <id>', 'account id the records and the sync log are filed under', CLI_DEFAULTS.accountId)
    .addOption(new Option('--currency <code>', 'ISO 4217 currency of the invoices (iiko sends none; RUB with --fake)').env('IIKO_CURRENCY'))
    .addOption(new Option('--time-zone <zone>', "IANA time zone of the server, for 'today' in the invoice window").env('IIKO_TIME_ZONE'))
    .option('--quiet', 'no progress display')
    .option('--json', 'print the report as JSON instead of the summary table');
  return addConnectionOptions(command);
}

function parseEntities(value: string): SyncEntityType[] {
  const entities = value.split(',').map((entity) => entity.trim()).filter((entity) => entity !== '');
  for (const entity of entities) {
    if (!(SYNC_ENTITY_TYPES as readonly string[]).includes(entity)) {
      throw usageError(`--entities: unknown entity "${entity}"; use ${SYNC_ENTITY_TYPES.join(', ')}`);
    }
  }
  if (entities.length === 0) throw usageError('--entities: name at least one entity');
  return entities as SyncEntityType[];
}

/** Runs `sync` and returns its exit code: 0 success, 6 partial, 130 interrupted, else what stopped it. */
export async function runSync(command: Command, context: CliContext): Promise<ExitCode> {
  const { io } = context;
  const flags = command.opts<SyncFlags>();
  const invoices = parseWindow(flags);
  if (invoices !== undefined && flags.entities !== undefined && !flags.entities.includes('invoices')) {
    throw usageError('--from/--to set an invoice window, but --entities leaves invoices out');
  }
  const started = performance.now();
  const login = await credentialsFor(command, flags, context);
  try {
    const currency = currencyFor(flags.currency, login.connection, 'sync');
    const opened = await openStore(flags);
    try {
      const sync = createIikoSync({
        store: opened.store,
        credentials: await login.vault(opened),
        currency,
        clientOptions: clientOptionsOf(command),
        ...(flags.timeZone === undefined ? {} : { timeZone: flags.timeZone }),
      });
      const report = await runWithProgress(sync, flags, invoices, io);
      if (flags.json === true) {
        // The report holds no secret (the sync's contract); redacted all the same, like every other line.
        await line(io.stdout, context.redactor.redact(JSON.stringify(report, null, 2)));
      } else {
        for (const text of formatSyncSummary(report)) await line(io.stdout, context.redactor.redact(text));
        await line(io.stdout);
        await line(io.stdout, opened.description);
        await line(io.stdout, `elapsed: ${((performance.now() - started) / 1000).toFixed(1)} s`);
      }
      return exitCodeOfReport(report);
    } finally {
      await opened.close();
    }
  } finally {
    await login.connection?.close();
  }
}

/** Where the account's login comes from: the flags (or the fake), or the database's credential store. */
interface SyncLogin {
  /** The server from the flags; `undefined` with `--stored-credentials`. */
  readonly connection: Connection | undefined;
  /** The credential source the sync reads the account's login from. */
  vault(opened: OpenStore): Promise<CredentialVault>;
}

async function credentialsFor(command: Command, flags: SyncFlags, context: CliContext): Promise<SyncLogin> {
  if (flags.storedCredentials === true) {
    if (flags.databaseUrl === undefined) throw usageError('--stored-credentials reads the login from the database of --database-url');
    for (const name of ['baseUrl', 'login', 'password', 'passwordStdin', 'fake'] as const) {
      if (command.getOptionValueSource(name) === 'cli') throw usageError(`--stored-credentials takes the server and login from the database: leave out --${kebab(name)}`);
    }
    let keyring;
    try {
      keyring = keyringFromEnv(context.io.env);
    } catch (error) {
      if (isCredentialCryptoError(error)) throw usageError(error.message);
      throw error;
    }
    return {
      connection: undefined,
      vault: async (opened) => {
        if (opened.credentialStore === undefined) throw usageError('--stored-credentials needs --database-url');
        // An account without stored credentials fails the run with CredentialsNotFoundError (exit 1).
        return createCredentialVault({ keyring, store: opened.credentialStore });
      },
    };
  }
  const connection = await resolveConnection(command, context.io, context.redactor);
  return {
    connection,
    // The login never sits in the clear, not even for one run: it is sealed under a key made now.
    vault: async () => {
      const keyId = `run-${Date.now().toString(36)}`;
      const key = randomBytes(32);
      const keyring = createKeyring({ keys: { [keyId]: key }, primaryKeyId: keyId });
      key.fill(0);
      const vault = createCredentialVault({ keyring, store: createMemoryCredentialStore() });
      await vault.put(flags.account, 'iiko', { login: connection.login, password: connection.password }, { baseUrl: connection.baseUrl, actor: 'getinn-iiko' });
      return vault;
    },
  };
}

async function runWithProgress(
  sync: ReturnType<typeof createIikoSync>,
  flags: SyncFlags,
  invoices: { from: string; to: string } | undefined,
  io: CliIo,
): Promise<SyncReport> {
  const controller = new AbortController();
  const onInterrupt = (): void => {
    io.stderr.write('\nstopping: the batch being written completes, the rest waits for the next run…\n');
    controller.abort();
  };
  process.once('SIGINT', onInterrupt);
  const progress = progressDisplay(io.stderr, { quiet: flags.quiet === true || flags.json === true });
  try {
    return await sync.run(flags.account, {
      signal: controller.signal,
      onProgress: progress.onProgress,
      ...(flags.entities === undefined ? {} : { entities: flags.entities }),
      ...(invoices === undefined ? {} : { invoices }),
    });
  } catch (error) {
    if (error instanceof SyncInProgressError) throw new CliError(`${error.message}: try again when it has finished`);
    throw error;
  } finally {
    progress.stop();
    process.off('SIGINT', onInterrupt);
  }
}

/** `success` → 0, `partial` → 6, `aborted` → 130, `failed` → the code of what stopped it. */
function exitCodeOfReport(report: SyncReport): ExitCode {
  switch (report.status) {
    case 'success':
      return EXIT_CODES.ok;
    case 'partial':
      return EXIT_CODES.partial;
    case 'aborted':
      return EXIT_CODES.interrupted;
    default: {
      const code = report.error?.code ?? SYNC_ENTITY_TYPES.map((entity) => report.entities[entity].error?.code).find((found) => found !== undefined);
      return exitCodeForErrorCode(code);
    }
  }
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}
