/** One run of a sync: the entity loop, batches, cursor, log entries and report. Internal. */
import { performance } from 'node:perf_hooks';
import type {
  CorporateItem,
  IikoClient,
  IikoMeasureUnit,
  IncomingInvoice,
  InvalidRecord,
  Logger,
  TolerantRecord,
} from '@getinn/iiko-client';
import {
  invoiceNomenclature,
  mapInventoryItems,
  mapInvoices,
  mapRestaurants,
  mapStores,
  mapSuppliers,
  type InventoryItem,
  type Invoice,
  type InvoiceNomenclature,
  type MappingResult,
} from '@getinn/iiko-mappers';
import { INTEGRATION_TYPE, INVOICE_CURSOR } from './constants';
import { toSyncRecord } from './content-hash';
import { addDays, calendarDateIn, splitWindow } from './dates';
import { describeError, stopsRun, type Redact, type SyncErrorInfo } from './describe-error';
import { SyncLockLostError } from './errors';
import { applyLifecycle, type LifecycleRecord } from './lifecycle';
import { invalidRecordIssue, PendingTracker, retryWindows, summarizePending, type LeftOut, type Window } from './pending';
import { indexById, logEntryOf, storeCall } from './run-support';
import type { MapAndStoreOptions, PhaseTools, StoreOutcome, UnresolvedReference } from './phase-tools';
import { syncPriceLists, syncStockBalances } from './procurement-phases';
import { ChunkStreams } from './chunk-streams';
import type { Clock, SyncProgress, SyncSettings } from './options';
import {
  emptyEntityReport,
  entityReportsOf,
  runStatusOf,
  totalsOf,
  type EntityReport,
  type InvoiceWindowSource,
  type SyncIssue,
  type SyncReport,
} from './report';
import { SYNC_ENTITY_TYPES, type StoredRecord, type SyncEntityType, type SyncRecord, type SyncStore } from './sync-store';

/**
 * What each entity needs to have synced first, when it is part of the same run: stores hang under
 * restaurants, invoices point at suppliers and stores. Suppliers depend on nothing, so a failed
 * restaurant read does not keep suppliers from syncing.
 */
const DEPENDS_ON: Readonly<Record<SyncEntityType, readonly SyncEntityType[]>> = {
  restaurants: [],
  stores: ['restaurants'],
  suppliers: [],
  // Invoices land without the nomenclature too (lines are then named by article): products are no dependency.
  products: [],
  invoices: ['stores', 'suppliers'],
  // Price lists are read per synced supplier, balances name synced stores.
  priceLists: ['suppliers'],
  stockBalances: ['stores'],
};

/** What is left of an invoice chunk once its body is read: its last write, pending records and cursor. */
interface Tail {
  done: Promise<void>;
  /** Set once `done` has failed: the next chunk then sends no request ahead. */
  failed: boolean;
}

/** Thrown between phases when the run's signal has fired. */
class RunAborted extends Error {}

export interface RunContext {
  accountId: string;
  runId: string;
  owner: string;
  store: SyncStore;
  client: IikoClient;
  settings: SyncSettings;
  clock: Clock;
  logger: Logger;
  redact: Redact;
  entities: readonly SyncEntityType[];
  explicitWindow: { from: string; to: string } | undefined;
  signal: AbortSignal | undefined;
  onProgress: ((progress: SyncProgress) => void) | undefined;
  startedAt: number;
}

export class SyncRun {
  readonly #context: RunContext;
  readonly #report: SyncReport;
  readonly #startedAtMonotonic = performance.now();
  #departments: CorporateItem[] | undefined;
  /** The measure units read with the products, to name invoice lines whose unit no product uses as base. */
  #units: IikoMeasureUnit[] = [];
  #invoiceChunks: { from: string; to: string }[] = [];
  /** Windows of pending invoices outside the run's own window, read again after it. */
  #retryChunks: Window[] = [];
  #pendingInvoices: PendingTracker | undefined;
  #cursor: string | undefined;
  #stop: SyncErrorInfo | undefined;
  #aborted = false;
  #completedSteps = 0;
  /** What the phases kept in modules of their own use of the run. */
  readonly #tools: PhaseTools = {
    context: () => this.#context,
    fetch: (report, read) => this.#fetch(report, read),
    timedStore: (report, operation, call) => this.#timedStore(report, operation, call),
    mapAndStore: (entity, report, map, options) => this.#mapAndStore(entity, report, map, options),
    progress: (entity, phase, report) => this.#progress(entity, phase, report),
    isAbort: (error) => error instanceof RunAborted || this.#context.signal?.aborted === true,
  };

  constructor(context: RunContext) {
    this.#context = context;
    const entities = Object.fromEntries(SYNC_ENTITY_TYPES.map((entity) => [entity, emptyEntityReport(entity)]));
    this.#report = {
      runId: context.runId,
      accountId: context.accountId,
      integrationType: INTEGRATION_TYPE,
      status: 'success',
      entities: entities as Record<SyncEntityType, EntityReport>,
      totals: totalsOf([]),
      invoiceWindow: null,
      error: null,
      pending: null,
      startedAt: new Date(context.startedAt).toISOString(),
      finishedAt: '',
      durationMs: 0,
    };
  }

  /** Runs every requested entity in order and returns the report; never throws. */
  async execute(): Promise<SyncReport> {
    const { entities, logger, accountId, runId } = this.#context;
    try {
      if (entities.includes('invoices')) await this.#planInvoices();
    } catch (error) {
      this.#stop = describeError(error, this.#context.redact);
    }
    logger.info({ accountId, runId, entities, invoiceWindow: this.#report.invoiceWindow }, 'iiko sync started');
    for (const entity of SYNC_ENTITY_TYPES) {
      const report = this.#report.entities[entity];
      const reason = this.#skipReason(entity);
      if (reason === undefined) {
        await this.#runEntity(entity, report);
      } else {
        report.skippedReason = reason;
        if (entities.includes(entity)) this.#completedSteps += this.#stepsOf(entity);
      }
    }
    await this.#summarizePending();
    return this.#finish();
  }

  #skipReason(entity: SyncEntityType): string | undefined {
    const { entities, signal } = this.#context;
    if (!entities.includes(entity)) return 'not requested';
    if (this.#aborted || signal?.aborted) {
      this.#aborted = true;
      return 'the run was aborted';
    }
    if (this.#stop) return `the run stopped: ${this.#stop.code}`;
    const blocking = DEPENDS_ON[entity].find(
      (dependency) => entities.includes(dependency) && !['success', 'partial'].includes(this.#report.entities[dependency].status),
    );
    return blocking === undefined ? undefined : `${entity} refer to ${blocking}, which did not sync in this run`;
  }

  #stepsOf(entity: SyncEntityType): number {
    return entity === 'invoices' ? Math.max(1, this.#invoiceChunks.length + this.#retryChunks.length) : 1;
  }

  #totalSteps(): number {
    return this.#context.entities.reduce((sum, entity) => sum + this.#stepsOf(entity), 0);
  }

  /** The invoice window: explicit, or from the cursor (minus the overlap) or the initial span, to today. */
  async #planInvoices(): Promise<void> {
    const { explicitWindow, settings, clock, store, accountId } = this.#context;
    let window: { from: string; to: string; source: InvoiceWindowSource };
    if (explicitWindow) {
      window = { ...explicitWindow, source: 'explicit' };
    } else {
      this.#cursor = await storeCall('read the invoice cursor', () => store.getCursor(accountId, INVOICE_CURSOR));
      const today = calendarDateIn(clock.now(), settings.timeZone);
      const from =
        this.#cursor === undefined
          ? addDays(today, -(settings.initialInvoiceDays - 1))
          : addDays(this.#cursor, -settings.invoiceOverlapDays);
      window = { from: from > today ? today : from, to: today, source: this.#cursor === undefined ? 'initial' : 'cursor' };
    }
    this.#report.invoiceWindow = window;
    this.#invoiceChunks = splitWindow(window.from, window.to, settings.invoiceChunkDays);
    // Invoices that could not land on an earlier run are read again, in their own windows.
    if (store.listPending !== undefined && store.savePending !== undefined && store.deletePending !== undefined) {
      const listPending = store.listPending.bind(store);
      const before = await storeCall('read the pending invoices', () => listPending(accountId, 'invoices'));
      this.#pendingInvoices = new PendingTracker('invoices', before, new Date(clock.now()).toISOString());
      this.#retryChunks = retryWindows(before, window).flatMap((retry) => splitWindow(retry.from, retry.to, settings.invoiceChunkDays));
    }
  }

  async #runEntity(entity: SyncEntityType, report: EntityReport): Promise<void> {
    const { clock, logger, accountId, runId, redact } = this.#context;
    const started = performance.now();
    report.startedAt = new Date(clock.now()).toISOString();
    const stepsBefore = this.#completedSteps;
    try {
      switch (entity) {
        case 'restaurants':
          await this.#syncRestaurants(report);
          break;
        case 'stores':
          await this.#syncStores(report);
          break;
        case 'suppliers':
          await this.#syncSuppliers(report);
          break;
        case 'products':
          await this.#syncProducts(report);
          break;
        case 'invoices':
          await this.#syncInvoices(report);
          break;
        case 'priceLists':
          await syncPriceLists(this.#tools, report);
          break;
        case 'stockBalances':
          await syncStockBalances(this.#tools, report);
          break;
      }
      report.status = report.failed > 0 ? 'partial' : 'success';
    } catch (error) {
      if (error instanceof RunAborted || this.#context.signal?.aborted) {
        report.status = 'aborted';
        this.#aborted = true;
      } else {
        const info = describeError(error, redact);
        report.status = 'failed';
        report.error = info;
        if (stopsRun(info)) this.#stop = info;
        logger.warn({ accountId, runId, entity, code: info.code, status: info.status }, `iiko sync of ${entity} failed: ${info.message}`);
      }
    }
    report.finishedAt = new Date(clock.now()).toISOString();
    report.timings.totalMs = Math.round(performance.now() - started);
    this.#completedSteps = stepsBefore + this.#stepsOf(entity);
    await this.#appendLog(report);
    logger.info(
      {
        accountId,
        runId,
        entity,
        status: report.status,
        fetched: report.fetched,
        created: report.created,
        updated: report.updated,
        unchanged: report.unchanged,
        failed: report.failed,
        issues: report.issues.length,
        durationMs: report.timings.totalMs,
      },
      `iiko sync of ${entity}: ${report.status}`,
    );
    this.#progress(entity, 'done', report);
  }

  async #syncRestaurants(report: EntityReport): Promise<void> {
    this.#progress('restaurants', 'fetch', report);
    const tree = await this.#fetch(report, (call) => this.#context.client.tolerant.departments(call));
    this.#departments = tree.items;
    this.#progress('restaurants', 'map', report);
    await this.#mapAndStore('restaurants', report, () => mapRestaurants(tree.items), {
      lifecycle: true,
      invalid: { records: tree.invalid, entity: 'restaurant' },
    });
  }

  async #syncStores(report: EntityReport): Promise<void> {
    const { client } = this.#context;
    this.#progress('stores', 'fetch', report);
    const { items: stores, invalid } = await this.#fetch(report, (call) => client.tolerant.stores(call));
    // mapStores walks the corporate tree up to each store's owner; reuse the tree read for restaurants.
    this.#departments ??= (await this.#fetch(report, (call) => client.tolerant.departments(call))).items;
    this.#progress('stores', 'map', report);
    const restaurants = await this.#storedIds(report, 'restaurants');
    await this.#mapAndStore('stores', report, () => mapStores(stores, this.#departments!), {
      inputIndex: indexById(stores),
      lifecycle: true,
      invalid: { records: invalid, entity: 'store' },
      // A store without an owner (restaurantExternalId null) is kept: the mappers reported it, and its
      // invoices must land. A named owner must be among the synced ones.
      unresolved: (store) =>
        store.restaurantExternalId === null || restaurants.has(store.restaurantExternalId)
          ? undefined
          : { entity: 'store', path: ['parentId'], message: `store's owner ${store.restaurantExternalId} is not among the synced restaurants` },
    });
  }

  async #syncSuppliers(report: EntityReport): Promise<void> {
    this.#progress('suppliers', 'fetch', report);
    const suppliers = await this.#fetch(report, (call) => this.#context.client.tolerant.suppliers(call));
    this.#progress('suppliers', 'map', report);
    await this.#mapAndStore('suppliers', report, () => mapSuppliers(suppliers.items), {
      lifecycle: true,
      invalid: { records: suppliers.invalid, entity: 'supplier' },
    });
  }

  /** The nomenclature: products with their units' and groups' names, stored as inventory items. */
  async #syncProducts(report: EntityReport): Promise<void> {
    const { client } = this.#context;
    this.#progress('products', 'fetch', report);
    const products = await this.#fetch(report, (call) => client.tolerant.products(call));
    const groups = await this.#fetch(report, (call) => client.tolerant.productGroups(call));
    const units = await this.#fetch(report, (call) => client.tolerant.measureUnits(call));
    this.#units = units.items;
    this.#progress('products', 'map', report);
    await this.#mapAndStore('products', report, () => mapInventoryItems(products.items, { groups: groups.items, units: units.items }), {
      lifecycle: true,
      invalid: { records: [...products.invalid, ...groups.invalid, ...units.invalid], entity: 'inventoryItem' },
    });
  }

  async #syncInvoices(report: EntityReport): Promise<void> {
    const { client, store, accountId } = this.#context;
    const window = this.#report.invoiceWindow!;
    report.window = { from: window.from, to: window.to };
    // Invoices are read after their stores and suppliers so that they can be checked against them.
    const stores = await this.#storedIds(report, 'stores');
    const suppliers = await this.#storedIds(report, 'suppliers');
    const unresolved = (invoice: Invoice): UnresolvedReference | undefined => {
      if (!stores.has(invoice.storeExternalId)) {
        return {
          entity: 'invoice',
          path: ['defaultStore'],
          message: `invoice points at store ${invoice.storeExternalId}, which is not among the synced stores (see the stores' issues)`,
        };
      }
      if (!suppliers.has(invoice.supplierExternalId)) {
        return {
          entity: 'invoice',
          path: ['supplier'],
          message: `invoice points at supplier ${invoice.supplierExternalId}, which is not among the synced suppliers`,
        };
      }
      return undefined;
    };
    // Lines are named by the nomenclature stored so far (this run's products included).
    const inventory = await this.#timedStore(report, 'read the products', () => store.list<InventoryItem>(accountId, 'products'));
    const nomenclature = invoiceNomenclature(
      inventory.map((record) => record.data),
      this.#units,
    );
    const chunks = [...this.#invoiceChunks.map((chunk) => ({ chunk, retry: false })), ...this.#retryChunks.map((chunk) => ({ chunk, retry: true }))];
    const streams = new ChunkStreams(chunks.map(({ chunk }) => chunk), this.#context.signal, (chunk, signal) =>
      client.tolerant.streamIncomingInvoices({ from: chunk.from, to: chunk.to }, { signal }),
    );
    // A chunk's last write (and its pending records and cursor) overlaps the next chunk's read.
    let tail: Tail | undefined;
    try {
      for (const { chunk, retry } of chunks) {
        tail = await this.#storeInvoiceChunk(report, chunk, retry, streams, { unresolved, nomenclature }, tail);
      }
      await tail?.done;
    } finally {
      await tail?.done.catch(() => undefined);
      await streams.cancel();
    }
    const tracker = this.#pendingInvoices;
    if (tracker !== undefined && store.savePending !== undefined) {
      const missing = tracker.missing(chunks.map(({ chunk }) => chunk));
      for (const record of missing) {
        report.issues.push({ entity: 'invoice', externalId: record.externalId, index: -1, code: 'NOT_EXPORTED', message: record.message, path: [], severity: 'error' });
        report.issueCounts.NOT_EXPORTED = (report.issueCounts.NOT_EXPORTED ?? 0) + 1;
      }
      const savePending = store.savePending.bind(store);
      if (missing.length > 0) await this.#timedStore(report, 'keep the pending invoices', () => savePending(accountId, missing));
      report.failed += missing.length;
    }
  }

  /**
   * One invoice chunk: its export streamed (its request sent as soon as the previous chunk's body was
   * read, before that chunk's last batch was mapped and written), mapped and checked a batch at a time as
   * the body arrives, each batch written while the next one is read and mapped. Memory holds a batch or two, however large the week's export. Returns the
   * chunk's tail — its last write, then what it left out kept pending, then the cursor moved past it — which
   * runs while the next chunk is read; the next chunk writes nothing before it. A read that fails half-way
   * leaves the batches written before it (upserts are idempotent) and the cursor where it was: the next run
   * reads the chunk again.
   */
  async #storeInvoiceChunk(
    report: EntityReport,
    chunk: Window,
    retry: boolean,
    streams: ChunkStreams<TolerantRecord<IncomingInvoice>>,
    context: { unresolved: (invoice: Invoice) => UnresolvedReference | undefined; nomenclature: InvoiceNomenclature },
    previous: Tail | undefined,
  ): Promise<Tail> {
    const { settings, store, accountId } = this.#context;
    const window = this.#report.invoiceWindow!;
    this.#progress('invoices', 'fetch', report, chunk);
    this.#checkAbort();
    const leftOut = new Map<string, LeftOut>();
    const landed: string[] = [];
    let invoices: IncomingInvoice[] = [];
    let invalid: InvalidRecord[] = [];
    // Position of the batch's first valid invoice among the chunk's: issues name the invoice's place in it.
    let offset = 0;
    // What must be in the store before this chunk's next write: the previous chunk's tail, then each batch.
    let writing: Promise<void> | undefined = previous?.done;
    const mapBatch = async (): Promise<void> => {
      this.#progress('invoices', 'map', report, chunk);
      const batch = invoices;
      const prepared = this.#prepareRecords(
        'invoices',
        report,
        () => mapInvoices(batch, { currency: settings.currency, nomenclature: context.nomenclature }),
        {
          inputIndex: indexById(batch, offset),
          indexOffset: offset,
          unresolved: context.unresolved,
          window: chunk,
          invalid: { records: invalid, entity: 'invoice' },
        },
      );
      offset += batch.length;
      invoices = [];
      invalid = [];
      for (const [id, reason] of prepared.outcome.leftOut) leftOut.set(id, reason);
      landed.push(...prepared.outcome.landed);
      const before = writing;
      writing = undefined;
      await before;
      writing = this.#writeRecords('invoices', report, prepared.records, chunk);
    };
    try {
      let waited = performance.now();
      for await (const record of streams.take()) {
        if (record.ok) invoices.push(record.item);
        else invalid.push(record.invalid);
        if (invoices.length + invalid.length >= settings.batchSize) {
          report.timings.fetchMs += Math.round(performance.now() - waited);
          await mapBatch();
          waited = performance.now();
        }
      }
      report.timings.fetchMs += Math.round(performance.now() - waited);
      // The body is read: iiko builds the next chunk's export while this one's last batch is written —
      // unless a write has already failed, which ends the run's invoices here.
      if (previous?.failed !== true) await streams.sendAhead();
      if (invoices.length + invalid.length > 0) await mapBatch();
    } catch (error) {
      // The read or a write failed: no write is left running behind the failure reported.
      await writing?.catch(() => undefined);
      throw error;
    }
    const written = writing;
    const tail: Tail = {
      failed: false,
      done: (async () => {
        await written;
        await this.#keepPending(report, chunk, { leftOut, landed });
        // Only now is the chunk committed: advance the cursor (forward only) for the regular flow.
        if (!retry && window.source !== 'explicit' && (this.#cursor === undefined || chunk.to > this.#cursor)) {
          await this.#timedStore(report, 'advance the invoice cursor', () => store.setCursor(accountId, INVOICE_CURSOR, chunk.to));
          this.#cursor = chunk.to;
        }
        this.#completedSteps += 1;
      })(),
    };
    // Awaited by the next chunk's first write or by the end of the invoices: never unhandled in between.
    tail.done.catch(() => {
      tail.failed = true;
    });
    return tail;
  }

  /** Records what a chunk left out as pending (before the cursor moves past it) and clears what landed. */
  async #keepPending(report: EntityReport, chunk: Window, outcome: StoreOutcome): Promise<void> {
    const { store, accountId } = this.#context;
    const tracker = this.#pendingInvoices;
    if (tracker === undefined || store.savePending === undefined || store.deletePending === undefined) return;
    const { save, remove } = tracker.chunk(chunk, outcome.leftOut, outcome.landed);
    const [savePending, deletePending] = [store.savePending.bind(store), store.deletePending.bind(store)];
    if (save.length > 0) await this.#timedStore(report, 'keep the pending invoices', () => savePending(accountId, save));
    if (remove.length > 0) await this.#timedStore(report, 'clear the pending invoices that landed', () => deletePending(accountId, 'invoices', remove));
    report.landedFromPending += remove.length;
  }

  /** Fetches with the run's signal, timing it; checks for an abort first. */
  async #fetch<T>(report: EntityReport, read: (call: { signal?: AbortSignal }) => Promise<T>): Promise<T> {
    this.#checkAbort();
    const started = performance.now();
    const { signal } = this.#context;
    try {
      return await read(signal ? { signal } : {});
    } finally {
      report.timings.fetchMs += Math.round(performance.now() - started);
    }
  }

  /** The ids of the account's stored records of one kind: what references may point at. */
  async #storedIds(report: EntityReport, entity: SyncEntityType): Promise<Set<string>> {
    const { store, accountId } = this.#context;
    const records = await this.#timedStore(report, `read the ${entity}`, () => store.list(accountId, entity));
    return new Set(records.map((record) => record.externalId));
  }

  /**
   * Maps, records issues and counts, leaves out records whose references do not resolve, applies the
   * lifecycle (deleted and vanished records become inactive) where asked, then upserts in batches,
   * renewing the lock before each.
   */
  async #mapAndStore<T extends { externalId: string }>(
    entity: SyncEntityType,
    report: EntityReport,
    map: () => MappingResult<T>,
    options?: MapAndStoreOptions<T>,
  ): Promise<StoreOutcome> {
    this.#checkAbort();
    let stored: StoredRecord[] | undefined;
    if (options?.lifecycle) {
      const { store, accountId } = this.#context;
      const all = await this.#timedStore(report, `read the ${entity}`, () => store.list(accountId, entity));
      const scope = options.lifecycleScope;
      stored = scope === undefined ? all : all.filter((record) => scope(record));
    }
    const { records, outcome } = this.#prepareRecords(entity, report, map, options, stored);
    await this.#writeRecords(entity, report, records, options?.window);
    return outcome;
  }

  /**
   * Maps, records issues and counts, leaves out records whose references do not resolve, applies the
   * lifecycle (deleted and vanished records become inactive) against `stored` when given, and serializes
   * what is to be written. CPU only: nothing is awaited.
   */
  #prepareRecords<T extends { externalId: string }>(
    entity: SyncEntityType,
    report: EntityReport,
    map: () => MappingResult<T>,
    options: MapAndStoreOptions<T> | undefined,
    stored?: readonly StoredRecord[],
  ): { records: SyncRecord<T>[]; outcome: StoreOutcome } {
    this.#checkAbort();
    const mapStarted = performance.now();
    const { items, issues } = map();
    const offset = options?.indexOffset ?? 0;
    const failedRecords = new Set<number>();
    const leftOut = new Map<string, LeftOut>();
    const addIssue = (issue: SyncIssue): void => {
      report.issues.push(issue);
      report.issueCounts[issue.code] = (report.issueCounts[issue.code] ?? 0) + 1;
      if (issue.severity === 'error') {
        failedRecords.add(issue.index);
        if (issue.externalId !== null && !leftOut.has(issue.externalId)) leftOut.set(issue.externalId, { code: issue.code, message: issue.message });
      }
    };
    for (const issue of issues) addIssue(offset === 0 ? issue : { ...issue, index: issue.index + offset });
    // Invalid records are counted apart: their index is in iiko's answer, not in the mapped list.
    const invalid = options?.invalid?.records ?? [];
    for (const record of invalid) {
      const issue = invalidRecordIssue(record, options!.invalid!.entity);
      report.issues.push(issue);
      report.issueCounts[issue.code] = (report.issueCounts[issue.code] ?? 0) + 1;
      if (record.id !== undefined) leftOut.set(record.id, { code: issue.code, message: issue.message });
    }
    let kept: T[] = [];
    for (const item of items) {
      const problem = options?.unresolved?.(item);
      if (problem === undefined) {
        kept.push(item);
      } else {
        addIssue({
          ...problem,
          externalId: item.externalId,
          index: options?.inputIndex?.get(item.externalId) ?? -1,
          code: 'UNRESOLVED_REFERENCE',
          severity: 'error',
        });
      }
    }
    let gone: T[] = [];
    if (stored !== undefined) {
      const result = applyLifecycle(kept as unknown as LifecycleRecord[], stored, new Set(leftOut.keys()), new Date(this.#context.clock.now()).toISOString());
      kept = result.items as unknown as T[];
      gone = result.gone as unknown as T[];
      report.deactivated += gone.length;
    }
    const records = kept.map((item) => toSyncRecord(item));
    report.timings.mapMs += Math.round(performance.now() - mapStarted);
    report.failed += failedRecords.size + invalid.length;
    report.fetched += records.length + failedRecords.size + invalid.length;
    // Records gone from iiko are rewritten inactive: counted as `deactivated` (and by the store as updated).
    records.push(...gone.map((item) => toSyncRecord(item)));
    return { records, outcome: { leftOut, landed: kept.map((item) => item.externalId) } };
  }

  /** Upserts `records` in batches of `batchSize`, renewing the lock before each. */
  async #writeRecords<T extends { externalId: string }>(
    entity: SyncEntityType,
    report: EntityReport,
    records: readonly SyncRecord<T>[],
    window: { from: string; to: string } | undefined,
  ): Promise<void> {
    const { store, accountId, settings } = this.#context;
    for (let start = 0; start < records.length; start += settings.batchSize) {
      this.#checkAbort();
      await this.#renewLock(report);
      const batch = records.slice(start, start + settings.batchSize);
      try {
        const result = await this.#timedStore(report, `write ${entity}`, () => store.upsert(accountId, entity, batch));
        report.created += result.created;
        report.updated += result.updated;
        report.unchanged += result.unchanged;
      } catch (error) {
        report.failed += records.length - start;
        throw error;
      }
      this.#progress(entity, 'store', report, window);
    }
  }

  async #renewLock(report: EntityReport): Promise<void> {
    const { store, accountId, owner, settings } = this.#context;
    const held = await this.#timedStore(report, 'renew the lock', () =>
      store.acquireLock(accountId, { owner, ttlMs: settings.lockTtlMs }),
    );
    if (!held) throw new SyncLockLostError(accountId);
  }

  async #timedStore<T>(report: EntityReport, operation: string, call: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await storeCall(operation, call);
    } finally {
      report.timings.storeMs += Math.round(performance.now() - started);
    }
  }

  #checkAbort(): void {
    if (this.#context.signal?.aborted) throw new RunAborted();
  }

  async #appendLog(report: EntityReport): Promise<void> {
    const { store, accountId, runId, logger, redact } = this.#context;
    const entry = logEntryOf(report, runId, accountId);
    try {
      await this.#timedStore(report, 'append to the sync log', () => store.appendLog(entry));
    } catch (error) {
      const info = describeError(error, redact);
      this.#stop ??= info;
      logger.error({ accountId, runId, entity: report.entity, code: info.code }, `iiko sync could not write its log: ${info.message}`);
    }
  }

  #progress(entity: SyncEntityType, phase: SyncProgress['phase'], report: EntityReport, window?: { from: string; to: string }): void {
    const { onProgress, accountId, runId, logger } = this.#context;
    if (!onProgress) return;
    const progress: SyncProgress = {
      accountId,
      runId,
      entity,
      phase,
      fetched: report.fetched,
      stored: report.created + report.updated + report.unchanged,
      steps: { completed: this.#completedSteps, total: this.#totalSteps() },
    };
    if (window) progress.window = window;
    try {
      onProgress(progress);
    } catch (error) {
      logger.warn({ accountId, runId, error: error instanceof Error ? error.message : String(error) }, 'onProgress threw; ignored');
    }
  }

  /**
   * Counts the account's pending invoices after the run, and how many wait longer than
   * `pendingMaxAgeMs`. A run with stale ones is never `success`: the host's alerts for failing accounts
   * see it. A store failure here only costs the summary.
   */
  async #summarizePending(): Promise<void> {
    const { store, accountId, clock, settings, logger, runId, entities } = this.#context;
    if (!entities.includes('invoices') || store.listPending === undefined) return;
    const listPending = store.listPending.bind(store);
    let pending;
    try {
      pending = await listPending(accountId, 'invoices');
    } catch (error) {
      logger.warn({ accountId, runId, error: error instanceof Error ? error.name : 'unknown' }, 'could not count the pending invoices');
      return;
    }
    const summary = summarizePending(pending, clock.now(), settings.pendingMaxAgeMs);
    this.#report.pending = summary;
    const { stale, byCode, oldestFirstSeenAt: oldest } = summary;
    if (pending.length > 0) {
      const line = { accountId, runId, pending: pending.length, stale, byCode, oldestFirstSeenAt: oldest };
      if (stale > 0) logger.warn(line, `iiko sync: ${stale} invoice(s) have waited longer than ${settings.pendingMaxAgeMs} ms to land`);
      else logger.info(line, `iiko sync: ${pending.length} invoice(s) wait to land on a later run`);
    }
  }

  #finish(): SyncReport {
    const { clock, logger, accountId, runId } = this.#context;
    const requested = entityReportsOf(this.#report).filter((entity) => this.#context.entities.includes(entity.entity));
    const report = this.#report;
    report.status = runStatusOf(requested, this.#aborted);
    if (report.status === 'success' && (report.pending?.stale ?? 0) > 0) report.status = 'partial';
    report.totals = totalsOf(requested);
    report.error = this.#stop ?? null;
    report.finishedAt = new Date(clock.now()).toISOString();
    report.durationMs = Math.round(performance.now() - this.#startedAtMonotonic);
    logger.info({ accountId, runId, status: report.status, totals: report.totals, durationMs: report.durationMs }, 'iiko sync finished');
    return report;
  }
}

