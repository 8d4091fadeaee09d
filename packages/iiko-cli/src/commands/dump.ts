/**
 * `getinn-iiko dump <entity>`: reads one kind of record and prints it, as GET INN records (through
 * `@getinn/iiko-mappers`) or, with `--raw`, as the client returns iiko's objects.
 *
 * Large exports are written as they arrive: the client's streaming reads yield each record as its
 * closing tag is parsed, and raw records are written one by one, mapped ones in batches of 100. Invoices
 * are read one week after another (the sync's window), each week streamed. Price lists are read supplier
 * after supplier (every active one with a code, or those of `--supplier`), each list streamed.
 */
import { Argument, type Command, Option } from 'commander';
import { IikoClient, type IncomingInvoice, type IikoSupplier } from '@getinn/iiko-client';
import {
  invoiceNomenclature,
  mapInventoryItems,
  mapInvoices,
  mapRestaurants,
  mapStockBalances,
  mapStores,
  mapSupplierPriceList,
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
import { currencyFor, isCalendarDate, parseWindow, type WindowFlags } from './shared';

/** What `dump` can read. */
export const DUMP_ENTITIES = ['departments', 'stores', 'suppliers', 'products', 'invoices', 'price-lists', 'stock-balances'] as const;

/** One of {@link DUMP_ENTITIES}. */
export type DumpEntity = (typeof DUMP_ENTITIES)[number];

interface DumpFlags extends WindowFlags {
  format?: DumpFormat;
  raw?: boolean;
  currency?: string;
  date?: string;
  supplier?: string[];
  at?: string;
  store?: string[];
}

/** What one read of `dump` needs besides the client. */
interface ReadOptions {
  raw: boolean;
  window: { from: string; to: string } | undefined;
  currency: string | undefined;
  /** price-lists: the day. */
  date: string;
  /** price-lists: supplier codes, or all active suppliers. */
  suppliers: string[] | undefined;
  /** stock-balances: the moment. */
  at: string;
  /** stock-balances: only these stores. */
  stores: string[] | undefined;
}

const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

/** Collects a comma-separated, repeatable option into one list. */
const list = (value: string, previous: string[] = []): string[] => [...previous, ...value.split(',').map((part) => part.trim()).filter((part) => part !== '')];

/** This machine's wall-clock time now, `YYYY-MM-DDTHH:mm:ss`: the default moment of `dump stock-balances`. */
function localNow(now = new Date()): string {
  const two = (value: number): string => String(value).padStart(2, '0');
  const day = `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`;
  return `${day}T${two(now.getHours())}:${two(now.getMinutes())}:${two(now.getSeconds())}`;
}

/** Declares `dump` on the program. */
export function defineDump(program: Command): Command {
  const command = program
    .command('dump')
    .description('print one kind of record: as GET INN records, or with --raw as iiko sends them')
    .addArgument(new Argument('<entity>', 'what to read').choices(DUMP_ENTITIES))
    .option('--from <date>', 'invoices: first booking day (YYYY-MM-DD)')
    .option('--to <date>', 'invoices: last booking day, inclusive')
    .option('--date <date>', "price-lists: the day the prices are for (YYYY-MM-DD, default: today)")
    .option('--supplier <codes>', 'price-lists: only these supplier codes, comma-separated (default: every active supplier)', list)
    .option('--at <time>', "stock-balances: the moment, the server's local time (YYYY-MM-DDTHH:mm:ss, default: now)")
    .option('--store <ids>', 'stock-balances: only these store ids, comma-separated', list)
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
  for (const [flag, owner] of [['date', 'price-lists'], ['supplier', 'price-lists'], ['at', 'stock-balances'], ['store', 'stock-balances']] as const) {
    if (flags[flag] !== undefined && entity !== owner) throw usageError(`dump ${entity}: --${flag} is for ${owner}`);
  }
  const date = flags.date ?? localNow().slice(0, 10);
  if (!isCalendarDate(date)) throw usageError(`--date: "${date}" is not a YYYY-MM-DD date`);
  const at = flags.at ?? localNow();
  if (!LOCAL_TIME.test(at) || !isCalendarDate(at.slice(0, 10))) throw usageError(`--at: "${at}" is not a YYYY-MM-DDTHH:mm:ss time`);
  const format = flags.format ?? (io.stdout.isTTY === true ? 'table' : 'ndjson');
  const connection = await resolveConnection(command, io, redactor);
  try {
    const currency = entity === 'invoices' && flags.raw !== true ? currencyFor(flags.currency, connection, 'dump invoices') : undefined;
    const client = new IikoClient({ baseUrl: connection.baseUrl, login: connection.login, password: connection.password, ...clientOptionsOf(command) });
    const writer = recordWriter(format, io.stdout, (text) => void line(io.stderr, text));
    const issues: MappingIssue[] = [];
    try {
      const options: ReadOptions = { raw: flags.raw === true, window, currency, date, suppliers: flags.supplier, at, stores: flags.store };
      await read(client, entity, options, writer, issues);
      await writer.end();
    } finally {
      await client.close();
    }
    return await reportIssues(issues, connection, io);
  } finally {
    await connection.close();
  }
}

/** Records mapped per call of a mapper while streaming (raw records are written one by one). */
const MAP_BATCH = 100;

async function read(
  client: IikoClient,
  entity: DumpEntity,
  options: ReadOptions,
  writer: RecordWriter,
  issues: MappingIssue[],
): Promise<void> {
  const emit = async (result: { items: readonly unknown[]; issues: readonly MappingIssue[] }): Promise<void> => {
    issues.push(...result.issues);
    await writer.write(result.items);
  };
  switch (entity) {
    case 'departments':
      if (options.raw) return pipe(client.streamDepartments(), 1, (records) => writer.write(records));
      return emit(mapRestaurants(await client.departments()));
    case 'stores':
      if (options.raw) return pipe(client.streamStores(), 1, (records) => writer.write(records));
      // A store's owner is found in the whole corporate tree, so both lists are read first.
      return emit(mapStores(await client.stores(), await client.departments()));
    case 'suppliers':
      if (options.raw) return pipe(client.streamSuppliers(), 1, (records) => writer.write(records));
      return pipe(client.streamSuppliers(), MAP_BATCH, (records) => emit(mapSuppliers(records)));
    case 'products': {
      if (options.raw) return pipe(client.streamProducts(), 1, (records) => writer.write(records));
      const [products, groups, units] = [await client.products(), await client.productGroups(), await client.measureUnits()];
      return emit(mapInventoryItems(products, { groups, units }));
    }
    case 'invoices': {
      // Mapped lines carry the product's and the unit's names, as a sync stores them: the nomenclature is
      // read once, before the first window.
      const nomenclature = options.raw ? undefined : await nomenclatureOf(client);
      const map = (records: IncomingInvoice[]): Promise<void> =>
        emit(mapInvoices(records, { currency: options.currency!, ...(nomenclature === undefined ? {} : { nomenclature }) }));
      // Week by week, as a sync reads them (the vendor asks for short ranges), each week streamed.
      for (const [from, to] of windows(options.window!, SYNC_DEFAULTS.invoiceChunkDays)) {
        const invoices = client.streamIncomingInvoices({ from, to });
        if (options.raw) await pipe(invoices, 1, (records) => writer.write(records));
        else await pipe(invoices, MAP_BATCH, map);
      }
      return;
    }
    case 'price-lists':
      // iiko's lines do not name their supplier: raw lines get the code they were read for.
      for (const supplier of await priceListSuppliers(client, options.suppliers)) {
        const lines = client.streamSupplierPriceList(supplier.code, { date: options.date });
        if (options.raw) await pipe(lines, 1, (records) => writer.write(records.map((record) => ({ supplierCode: supplier.code, ...record }))));
        else await pipe(lines, MAP_BATCH, (records) => emit(mapSupplierPriceList(records, { supplierExternalId: supplier.id, validFrom: options.date })));
      }
      return;
    case 'stock-balances': {
      const balances = client.streamStockBalances({ timestamp: options.at, ...(options.stores === undefined ? {} : { store: options.stores }) });
      if (options.raw) return pipe(balances, 1, (records) => writer.write(records));
      return pipe(balances, MAP_BATCH, (records) => emit(mapStockBalances(records, options.at)));
    }
  }
}

/**
 * The suppliers whose price lists `dump price-lists` reads: those named by code (each must exist), or
 * every active supplier with a code that is not one of the chain's own stores, as a sync reads them.
 */
async function priceListSuppliers(client: IikoClient, codes: string[] | undefined): Promise<{ id: string; code: string }[]> {
  const suppliers = await client.suppliers();
  const withCode = (supplier: IikoSupplier): supplier is IikoSupplier & { code: string } => typeof supplier.code === 'string' && supplier.code !== '';
  if (codes === undefined) {
    return suppliers
      .filter((supplier) => withCode(supplier) && supplier.deleted !== true && supplier.supplier !== false && supplier.representsStore !== true)
      .map((supplier) => ({ id: supplier.id, code: supplier.code! }))
      .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  }
  return codes.map((code) => {
    const supplier = suppliers.find((candidate) => withCode(candidate) && candidate.code === code);
    if (supplier === undefined) throw usageError(`--supplier: no supplier has the code "${code}"`);
    return { id: supplier.id, code };
  });
}

/**
 * Hands the records of a stream on in batches of `size` as they arrive, so the output keeps pace with
 * the body being parsed. While a batch is written the stream is not pulled, which pauses the socket; a
 * failed write leaves the loop, which cancels the body and frees the server's queue.
 */
async function pipe<T>(stream: AsyncIterable<T>, size: number, handle: (records: T[]) => Promise<void>): Promise<void> {
  let batch: T[] = [];
  for await (const record of stream) {
    batch.push(record);
    if (batch.length < size) continue;
    await handle(batch);
    batch = [];
  }
  if (batch.length > 0) await handle(batch);
}

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
