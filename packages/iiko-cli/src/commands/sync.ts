/**
 * `getinn-iiko sync`: one run of `@getinn/iiko-sync` for one account, with a live progress display and
 * the summary table. The login is sealed into an in-memory credential vault under a key made for this
 * run, as a host's vault would hold it; the sync itself is the SDK's, unchanged.
 */
import { randomBytes } from 'node:crypto';
import { type Command, Option } from 'commander';
import { createCredentialVault, createKeyring, createMemoryCredentialStore } from '@getinn/credential-crypto';
import {
  SYNC_ENTITY_TYPES,
  SyncInProgressError,
  createIikoSync,
  type SyncClientOptions,
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
import { openStore, type StoreFlags } from '../stores/open-store';
import { currencyFor, parseWindow, type WindowFlags } from './shared';

interface SyncFlags extends StoreFlags, WindowFlags {
  entities?: SyncEntityType[];
  account: string;
  currency?: string;
  timeZone?: string;
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
    .addOption(
      new Option('--entities <list>', `entities to sync, comma-separated (${SYNC_ENTITY_TYPES.join(', ')})`).argParser(parseEntities),
    )
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

/** Runs `sync` and returns its exit code. */
export async function runSync(command: Command, { io, redactor }: CliContext): Promise<ExitCode> {
  const flags = command.opts<SyncFlags>();
  const invoices = parseWindow(flags);
  if (invoices !== undefined && flags.entities !== undefined && !flags.entities.includes('invoices')) {
    throw usageError('--from/--to set an invoice window, but --entities leaves invoices out');
  }
  const started = performance.now();
  const connection = await resolveConnection(command, io, redactor);
  try {
    const currency = currencyFor(flags.currency, connection, 'sync');
    const opened = await openStore(flags);
    try {
      return await syncInto(opened.store, connection, { ...flags, currency, invoices, clientOptions: clientOptionsOf(command) }, io, async (report) => {
        if (flags.json === true) {
          await line(io.stdout, JSON.stringify(report, null, 2));
          return;
        }
        for (const text of formatSyncSummary(report)) await line(io.stdout, connection.redact(text));
        await line(io.stdout);
        await line(io.stdout, opened.description);
        await line(io.stdout, `elapsed: ${((performance.now() - started) / 1000).toFixed(1)} s`);
      });
    } finally {
      await opened.close();
    }
  } finally {
    await connection.close();
  }
}

async function syncInto(
  store: Parameters<typeof createIikoSync>[0]['store'],
  connection: Connection,
  flags: SyncFlags & { currency: string; invoices: { from: string; to: string } | undefined; clientOptions: SyncClientOptions },
  io: CliIo,
  print: (report: SyncReport) => Promise<void>,
): Promise<ExitCode> {
  // Credentials never sit in the clear, not even for one run: seal them under a key made now.
  const keyId = `run-${Date.now().toString(36)}`;
  const key = randomBytes(32);
  const keyring = createKeyring({ keys: { [keyId]: key }, primaryKeyId: keyId });
  key.fill(0);
  const vault = createCredentialVault({ keyring, store: createMemoryCredentialStore() });
  const accountId = flags.account;
  await vault.put(accountId, 'iiko', { login: connection.login, password: connection.password }, { baseUrl: connection.baseUrl, actor: 'getinn-iiko' });
  const sync = createIikoSync({
    store,
    credentials: vault,
    currency: flags.currency,
    clientOptions: flags.clientOptions,
    ...(flags.timeZone === undefined ? {} : { timeZone: flags.timeZone }),
  });

  const controller = new AbortController();
  const onInterrupt = (): void => {
    io.stderr.write('\nstopping: the batch being written completes, the rest waits for the next run…\n');
    controller.abort();
  };
  process.once('SIGINT', onInterrupt);
  const progress = progressDisplay(io.stderr, { quiet: flags.quiet === true || flags.json === true });
  let report: SyncReport;
  try {
    report = await sync.run(accountId, {
      signal: controller.signal,
      onProgress: progress.onProgress,
      ...(flags.entities === undefined ? {} : { entities: flags.entities }),
      ...(flags.invoices === undefined ? {} : { invoices: flags.invoices }),
    });
  } catch (error) {
    if (error instanceof SyncInProgressError) throw new CliError(`${error.message}: try again when it has finished`);
    throw error;
  } finally {
    progress.stop();
    process.off('SIGINT', onInterrupt);
  }
  await print(report);
  return exitCodeOfReport(report);
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
