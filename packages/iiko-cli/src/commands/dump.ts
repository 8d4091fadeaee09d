/**
 * `getinn-iiko dump <entity>`: reads one kind of record and prints it, as GET INN records (through
 * `@getinn/iiko-mappers`) or, with `--raw`, as the client returns iiko's objects.
 *
 * Large exports are written as they arrive: invoices are read one window after another (the sync's
 * window size) and each window is written before the next is asked for. Within a window the client
 * still returns a whole list — it has no record-by-record read yet — so memory holds one window at a time.
 */
import { Argument, type Command, Option } from 'commander';
import { IikoClient, type CorporateItem, type IncomingInvoice } from '@getinn/iiko-client';
import {
  invoiceNomenclature,
  mapInventoryItems,
  mapInvoices,
  mapRestaurants,
  mapStores,
  mapSuppliers,
  type InvoiceNomenclature,
  type MappingIssue,
} from '@getinn/iiko-mappers';
import { DEFAULTS as SYNC_DEFAULTS } from '@getinn/iiko-sync';
import { usageError } from '../errors';
import { EXIT_CODES, type ExitCode } from '../exit-codes';
import { line, type CliContext, type CliIo } from '../io';
import { formatIssueGroups } from '../output/issues';
import { DUMP_FORMATS, recordWriter, type DumpFormat, type RecordWriter } from '../output/record-writers';
import { addConnectionOptions, clientOptionsOf, resolveConnection, type Connection } from '../server/connection';
import { currencyFor, parseWindow, type WindowFlags } from './shared';

/** What `dump` can read. */
export const DUMP_ENTITIES = ['departments', 'stores', 'suppliers', 'products', 'invoices'] as const;

/** One of {@link DUMP_ENTITIES}. */
export type DumpEntity = (typeof DUMP_ENTITIES)[number];

interface DumpFlags extends WindowFlags {
  format?: DumpFormat;
  raw?: boolean;
  currency?: string;
}

/** Declares `dump` on the program. */
export function defineDump(program: Command): Command {
  const command = program
    .command('dump')
    .description('print one kind of record: as GET INN records, or with --raw as iiko sends them')
    .addArgument(new Argument('<entity>', 'what to read').choices(DUMP_ENTITIES))
    .option('--from <date>', 'invoices: first booking day (YYYY-MM-DD)')
    .option('--to <date>', 'invoices: last booking day, inclusive')
    .addOption(new Option('--format <format>', 'output format (default: table on a terminal, ndjson otherwise)').choices(DUMP_FORMATS))
    .option('--raw', "iiko's objects as the client returns them, not mapped")
    .addOption(new Option('--currency <code>', 'invoices: ISO 4217 currency of the mapped records (RUB with --fake)').env('IIKO_CURRENCY'));
  return addConnectionOptions(command);
}

/** Runs `dump` and returns its exit code: 0, or 6 when mapping left records out. */
export async function runDump(command: Command, { io, redactor }: CliContext): Promise<ExitCode> {
  const entity = command.processedArgs[0] as DumpEntity;
  const flags = command.opts<DumpFlags>();
  const window = parseWindow(flags);
  if (entity === 'invoices' && window === undefined) throw usageError('dump invoices: give the booking days with --from and --to');
  if (entity !== 'invoices' && window !== undefined) throw usageError(`dump ${entity}: --from and --to are for invoices`);
  const format = flags.format ?? (io.stdout.isTTY === true ? 'table' : 'ndjson');
  const connection = await resolveConnection(command, io, redactor);
  try {
    const currency = entity === 'invoices' && flags.raw !== true ? currencyFor(flags.currency, connection, 'dump invoices') : undefined;
    const client = new IikoClient({ baseUrl: connection.baseUrl, login: connection.login, password: connection.password, ...clientOptionsOf(command) });
    const writer = recordWriter(format, io.stdout, (text) => void line(io.stderr, text));
    const issues: MappingIssue[] = [];
    try {
      await read(client, entity, { raw: flags.raw === true, window, currency }, writer, issues);
      await writer.end();
    } finally {
      await client.close();
    }
    return await reportIssues(issues, connection, io);
  } finally {
    await connection.close();
  }
}

async function read(
  client: IikoClient,
  entity: DumpEntity,
  options: { raw: boolean; window: { from: string; to: string } | undefined; currency: string | undefined },
  writer: RecordWriter,
  issues: MappingIssue[],
): Promise<void> {
  const emit = async (result: { items: readonly unknown[]; issues: readonly MappingIssue[] }): Promise<void> => {
    issues.push(...result.issues);
    await writer.write(result.items);
  };
  switch (entity) {
    case 'departments': {
      const tree = await client.departments();
      return options.raw ? writer.write(tree) : emit(mapRestaurants(tree));
    }
    case 'stores': {
      if (options.raw) return writer.write(await client.stores());
      const stores = await client.stores();
      const tree: CorporateItem[] = await client.departments();
      return emit(mapStores(stores, tree));
    }
    case 'suppliers': {
      const suppliers = await client.suppliers();
      return options.raw ? writer.write(suppliers) : emit(mapSuppliers(suppliers));
    }
    case 'products': {
      const products = await client.products();
      if (options.raw) return writer.write(products);
      return emit(mapInventoryItems(products, { groups: await client.productGroups(), units: await client.measureUnits() }));
    }
    case 'invoices': {
      // Mapped lines carry the product's and the unit's names, as a sync stores them: the nomenclature is
      // read once, before the first window.
      const nomenclature = options.raw ? undefined : await nomenclatureOf(client);
      const flush = (invoices: IncomingInvoice[]): Promise<void> =>
        options.raw
          ? writer.write(invoices)
          : emit(mapInvoices(invoices, { currency: options.currency!, ...(nomenclature === undefined ? {} : { nomenclature }) }));
      // Streamed and written in batches: a year of invoices never sits in memory as one array.
      for (const [from, to] of windows(options.window!, SYNC_DEFAULTS.invoiceChunkDays)) {
        let batch: IncomingInvoice[] = [];
        for await (const invoice of client.streamIncomingInvoices({ from, to })) {
          batch.push(invoice);
          if (batch.length < DUMP_BATCH) continue;
          await flush(batch);
          batch = [];
        }
        if (batch.length > 0) await flush(batch);
      }
    }
  }
}

/** Invoices mapped and written at a time by `dump invoices`: bounded memory, few writes. */
const DUMP_BATCH = 500;

/** Product and unit names by iiko id, for naming invoice lines. */
async function nomenclatureOf(client: IikoClient): Promise<InvoiceNomenclature> {
  const units = await client.measureUnits();
  const { items } = mapInventoryItems(await client.products(), { groups: await client.productGroups(), units });
  return invoiceNomenclature(items, units);
}

/** Consecutive windows of at most `days` calendar days covering `range`, both ends inclusive. */
export function windows(range: { from: string; to: string }, days: number): [string, string][] {
  const DAY_MS = 86_400_000;
  const end = Date.parse(`${range.to}T00:00:00Z`);
  const result: [string, string][] = [];
  for (let start = Date.parse(`${range.from}T00:00:00Z`); start <= end; start += days * DAY_MS) {
    const last = Math.min(start + (days - 1) * DAY_MS, end);
    result.push([new Date(start).toISOString().slice(0, 10), new Date(last).toISOString().slice(0, 10)]);
  }
  return result;
}

async function reportIssues(issues: readonly MappingIssue[], connection: Connection, io: CliIo): Promise<ExitCode> {
  if (issues.length === 0) return EXIT_CODES.ok;
  for (const text of formatIssueGroups(issues)) await line(io.stderr, connection.redact(text));
  return issues.some((issue) => issue.severity === 'error') ? EXIT_CODES.partial : EXIT_CODES.ok;
}
