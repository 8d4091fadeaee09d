import type { IncomingInvoiceQuery, IikoClientOptions, CallOptions, ListOptions, PriceListOptions, StockBalanceQuery, SupplierSearchQuery } from './client-options';
import { DEFAULTS, PATHS } from './constants';
import { DEFAULT_INPUT_LIMITS, type InputLimits } from './internal/input-limits';
import {
  departmentsEndpoint,
  incomingInvoiceByNumberEndpoint,
  incomingInvoicesEndpoint,
  licenceInfoEndpoint,
  measureUnitsEndpoint,
  productGroupsEndpoint,
  productsEndpoint,
  storesEndpoint,
  stockBalancesEndpoint,
  supplierPriceListEndpoint,
  supplierSearchEndpoint,
  suppliersEndpoint,
  type ReadEndpoint,
} from './endpoints/definitions';
import { IikoAuthError } from './errors/auth-errors';
import {
  IMPORT_INCOMING_INVOICE_PATH,
  importInvoice,
  type IikoImportInvoiceDocument,
  type ImportInvoiceOptions,
  type ImportInvoiceResult,
} from './endpoints/import-invoice';
import { documentValidationResultSchema, type IikoDocumentValidationResult } from './schemas/document-validation';
import type { IikoSupplierPriceListItem } from './schemas/price-list';
import type { IikoStockBalance } from './schemas/stock-balance';
import { IikoArgumentError, IikoClientClosedError } from './errors/transport-errors';
import { splitDateRange } from './internal/date-ranges';
import { isSha1Hex, passwordSha1 } from './internal/password';
import { readXmlRecord } from './internal/read-xml';
import {
  invoiceChunkParams,
  measureUnitParams,
  nomenclatureParams,
  priceListParams,
  stockBalanceParams,
  tolerantReads,
} from './internal/tolerant-reads';
import { streamRecords } from './internal/record-stream';
import { isRetryable } from './internal/retry-policy';
import type { IikoRequestInfo } from './errors/iiko-error';
import { Redactor } from './internal/redact';
import { withRetries, type RetrySettings } from './internal/retrying';
import { serverKeyOf } from './internal/server-queue';
import { ClientSession } from './internal/session';
import { createTransport, type Transport } from './internal/transport';
import { levelFilteredLogger, type Logger } from './logger';
import type { CorporateItem } from './schemas/corporate-item';
import type { IncomingInvoice } from './schemas/incoming-invoice';
import { serverInfoSchema, type IikoServerInfo } from './schemas/server-info';
import type { IikoSupplier } from './schemas/supplier';
import { API_LICENCE_MODULE_ID, type IikoLicenceInfo } from './schemas/licence';
import type { IikoMeasureUnit } from './schemas/measure-unit';
import type { IikoProduct } from './schemas/product';
import type { IikoProductGroup } from './schemas/product-group';
import type { TolerantReads } from './tolerant';
import { IikoParseError } from './errors/response-errors';
import { createMemorySessionStore } from './memory-session-store';
import { processRegistry } from './internal/global-registry';
import { createProcessServerGate } from './process-gate';
import type { SessionStore } from './session-store';

/** The session store of clients given none: one per process (and per installed copy of this package). */
const processSessionStores = processRegistry<SessionStore>('session-stores');
function processSessionStore(): SessionStore {
  let store = processSessionStores.get('default');
  if (store === undefined) {
    store = createMemorySessionStore();
    processSessionStores.set('default', store);
  }
  return store;
}

/**
 * A client of one iikoServer for one login. It logs in with the SHA-1 of the password, shares one
 * session (one licence slot) with every other client of the same server and login in the process,
 * sends every request through the server's one serial queue, retries what is safe to retry, and returns
 * typed, validated objects with iiko's own field names.
 *
 * Close it when done — `await iiko.close()` or `await using iiko = new IikoClient(…)` — so the licence
 * slot is freed now rather than when the token expires an hour later.
 *
 * @example
 * ```ts
 * await using iiko = new IikoClient({ baseUrl: 'https://chiho-co.iiko.it', login: 'getinn', password });
 * const tree = await iiko.departments();
 * const invoices = await iiko.incomingInvoices({ from: '2026-10-01', to: '2026-10-31' });
 * ```
 */
export class IikoClient {
  readonly #transport: Transport;
  readonly #session: ClientSession;
  readonly #retry: RetrySettings;
  readonly #logger: Logger;
  readonly #redactor = new Redactor();
  readonly #maxInvoiceRangeDays: number;
  #closed: Promise<void> | undefined;
  /** Calls in flight, which `close()` waits for. */
  readonly #calls = new Set<Promise<unknown>>();
  /** The input limits of this client's list reads: the shared ones, with its own `maxBodyBytes`. */
  readonly #limits: InputLimits;

  constructor(options: IikoClientOptions) {
    const baseUrl = normalizeBaseUrl(options.baseUrl);
    if (!options.login) throw new IikoArgumentError('login is required');
    const passHash = passwordHashOf(options);
    this.#redactor.add(options.password);
    this.#redactor.add(passHash);
    this.#logger = levelFilteredLogger(options.logger, options.logLevel);
    this.#retry = {
      retries: options.retry?.retries ?? DEFAULTS.retries,
      minDelayMs: options.retry?.minDelayMs ?? DEFAULTS.minDelayMs,
      maxDelayMs: options.retry?.maxDelayMs ?? DEFAULTS.maxDelayMs,
      totalTimeoutMs: options.totalTimeoutMs ?? DEFAULTS.totalTimeoutMs,
    };
    this.#maxInvoiceRangeDays = options.maxInvoiceRangeDays ?? DEFAULTS.maxInvoiceRangeDays;
    const maxBodyBytes = options.maxBodyBytes ?? DEFAULTS.maxBodyBytes;
    if (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1) throw new IikoArgumentError(`maxBodyBytes must be a whole number of 1 or more, got ${maxBodyBytes}`);
    this.#limits = Object.freeze({ ...DEFAULT_INPUT_LIMITS, maxBodyBytes });
    // splitDateRange steps through the range by this many days: 0 or less never advances (an endless
    // loop filling memory with chunks), and a fraction or NaN yields dates that are not calendar days.
    if (!Number.isInteger(this.#maxInvoiceRangeDays) || this.#maxInvoiceRangeDays < 1) {
      throw new IikoArgumentError(`maxInvoiceRangeDays must be a whole number of days, at least 1, got ${this.#maxInvoiceRangeDays}`);
    }
    const serverKey = serverKeyOf(baseUrl);
    this.#transport = createTransport({
      baseUrl,
      serverKey,
      gate: options.gate ?? createProcessServerGate(),
      fetch: options.fetch,
      timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
      maxRetryAfterMs: options.retry?.maxRetryAfterMs ?? DEFAULTS.maxRetryAfterMs,
      cooldownMs: nonNegative('cooldownAfterTimeoutMs', options.cooldownAfterTimeoutMs ?? DEFAULTS.cooldownAfterTimeoutMs),
      redactor: this.#redactor,
      logger: this.#logger,
    });
    const leaseMs = options.holderLeaseMs ?? DEFAULTS.holderLeaseMs;
    if (!(leaseMs >= 3)) throw new IikoArgumentError(`holderLeaseMs must be at least 3 milliseconds, got ${leaseMs}`);
    this.#session = new ClientSession({
      serverKey,
      login: options.login,
      passHash,
      transport: this.#transport,
      store: options.sessionStore ?? processSessionStore(),
      redactor: this.#redactor,
      logger: this.#logger,
      retry: this.#retry,
      logoutRetries: Math.trunc(nonNegative('retry.logoutRetries', options.retry?.logoutRetries ?? DEFAULTS.logoutRetries)),
      sessionLifetimeMs: options.sessionLifetimeMs ?? DEFAULTS.sessionLifetimeMs,
      renewBeforeMs: options.renewBeforeMs ?? DEFAULTS.renewBeforeMs,
      leaseMs,
      now: options.now ?? Date.now,
    });
  }

  // Every public read goes through #run, so that every failure, argument checks and a closed client
  // included, arrives as a rejected promise: a Promise-returning method that throws synchronously escapes
  // a caller's `.catch()` and fails a `Promise.all` before the other calls are even made.

  /**
   * The whole corporate tree: corporation, legal entities, departments (restaurants), stores and more.
   * Restaurants are the `DEPARTMENT` nodes.
   */
  departments(options: ListOptions = {}): Promise<CorporateItem[]> {
    return this.#run(() => this.#readList(departmentsEndpoint, revisionParams(options), options));
  }

  /** The stores (`STORE` nodes); `parentId` is the owning node, usually a `DEPARTMENT`. */
  stores(options: ListOptions = {}): Promise<CorporateItem[]> {
    return this.#run(() => this.#readList(storesEndpoint, revisionParams(options), options));
  }

  /** Every supplier, deleted ones included (old invoices still point at them). */
  suppliers(options: ListOptions = {}): Promise<IikoSupplier[]> {
    return this.#run(() => this.#readList(suppliersEndpoint, revisionParams(options), options));
  }

  /**
   * Suppliers matching the given fields, searched by the server.
   *
   * @example
   * ```ts
   * const [milk] = await iiko.searchSuppliers({ taxpayerIdNumber: '7701234567' });
   * ```
   */
  searchSuppliers(query: SupplierSearchQuery, options: CallOptions = {}): Promise<IikoSupplier[]> {
    return this.#run(() => this.#readList(supplierSearchEndpoint, supplierSearchParams(query), options));
  }

  /**
   * Incoming invoices whose booking date lies between `from` and `to`, both inclusive — `NEW`, `PROCESSED`
   * and `DELETED` ones. A range longer than 31 days is read as consecutive chunks, one after another, and
   * merged without duplicates in server order.
   *
   * @example
   * ```ts
   * const invoices = await iiko.incomingInvoices({ from: '2026-01-01', to: '2026-03-31', supplierIds: [milkId] });
   * ```
   */
  incomingInvoices(query: IncomingInvoiceQuery, options: CallOptions = {}): Promise<IncomingInvoice[]> {
    return this.#run(() => this.#readInvoices(query, options));
  }

  /**
   * The nomenclature: every product, deleted ones included (old invoices still name them), from the v2
   * JSON list `/resto/api/v2/entities/products/list`. Invoice lines name products by `id` and article
   * (`num`); the name a person knows is here.
   *
   * @example
   * ```ts
   * const names = new Map((await iiko.products()).map((p) => [p.id, p.name]));
   * ```
   */
  products(options: ListOptions = {}): Promise<IikoProduct[]> {
    return this.#run(() => this.#readList(productsEndpoint, nomenclatureParams(options), options));
  }

  /** The product groups (folders of the nomenclature), deleted ones included. */
  productGroups(options: ListOptions = {}): Promise<IikoProductGroup[]> {
    return this.#run(() => this.#readList(productGroupsEndpoint, nomenclatureParams(options), options));
  }

  /** The measure units (`кг`, `л`, `шт`) that invoice lines (`amountUnit`) and products (`mainUnit`) name by id. */
  measureUnits(options: ListOptions = {}): Promise<IikoMeasureUnit[]> {
    return this.#run(() => this.#readList(measureUnitsEndpoint, measureUnitParams(options), options));
  }

  /**
   * How many connections (logins) a licence module allows and how many are free now
   * (`/resto/api/licence/info`). With none free, the next login of another integration is refused with
   * `403 License enhancement is required`. Reading it uses this client's own session.
   *
   * @param options.moduleId - the licence module; the API integrations' module by default
   * @example
   * ```ts
   * const { freeConnections } = await iiko.licenceInfo();
   * ```
   */
  licenceInfo(options: CallOptions & { moduleId?: string } = {}): Promise<IikoLicenceInfo> {
    return this.#run(async () => {
      const params = new URLSearchParams({ moduleId: options.moduleId ?? API_LICENCE_MODULE_ID });
      const [info] = await this.#readList(licenceInfoEndpoint, params, options);
      if (info === undefined) throw new IikoParseError(`/${licenceInfoEndpoint.path} answered without a document`);
      return info;
    });
  }

  /**
   * The list reads again, tolerant of malformed records: each returns `{ items, invalid }` instead of
   * failing the whole list on the first record that does not have the expected shape. See
   * {@link TolerantReads}.
   *
   * @example
   * ```ts
   * const { items, invalid } = await iiko.tolerant.incomingInvoices({ from: '2026-10-01', to: '2026-10-07' });
   * ```
   */
  readonly tolerant: TolerantReads = tolerantReads({
    run: (call) => this.#run(call),
    readList: (endpoint, params, options) => this.#readList(endpoint, params, options),
    streamList: (endpoint, params, options) => this.#streamList(endpoint, params, options),
    redact: (text) => this.#redactor.redact(text),
    maxInvoiceRangeDays: () => this.#maxInvoiceRangeDays,
  });

  async #readInvoices(query: IncomingInvoiceQuery, options: CallOptions): Promise<IncomingInvoice[]> {
    const chunks = splitDateRange(query.from, query.to, this.#maxInvoiceRangeDays);
    const byId = new Map<string, IncomingInvoice>();
    for (const [from, to] of chunks) {
      const params = new URLSearchParams({ from, to });
      for (const supplierId of query.supplierIds ?? []) params.append('supplierId', supplierId);
      if (query.revisionFrom !== undefined) params.set('revisionFrom', String(query.revisionFrom));
      for (const invoice of await this.#readList(incomingInvoicesEndpoint, params, options)) {
        if (!byId.has(invoice.id)) byId.set(invoice.id, invoice);
      }
    }
    return [...byId.values()];
  }

  /**
   * {@link IikoClient.incomingInvoices} as a stream: each invoice is yielded as soon as its closing tag
   * is parsed, so memory stays at one piece of the body however large the export — the way to read a
   * year of invoices. A range longer than `maxInvoiceRangeDays` streams chunk after chunk (one request
   * at a time, in date order), each invoice once: an id already yielded by an earlier chunk is skipped.
   *
   * The request holds the server's serial queue (its gate pass) until the body is read to its end or
   * the loop is left; leaving it (`break`, `return`, a throw) cancels the body and frees the queue
   * before the loop's next statement runs. A consumer that stops pulling pauses the socket: at most the
   * records of one piece of the body wait in memory. So iterate it to its end or leave the loop — an
   * iterator that is dropped half-way holds the queue until the client's total timeout.
   *
   * Errors are the array method's `IikoError`s, thrown from the loop after the records before them.
   * An attempt that fails before the first record is retried as usual; one that fails after records
   * were yielded is not (a retry would yield them again) — a truncated body mid-stream ends the loop
   * with an `IikoParseError`.
   *
   * @example
   * ```ts
   * for await (const invoice of iiko.streamIncomingInvoices({ from: '2026-01-01', to: '2026-12-31' })) {
   *   await store(invoice);
   * }
   * ```
   */
  streamIncomingInvoices(query: IncomingInvoiceQuery, options: CallOptions = {}): AsyncGenerator<IncomingInvoice, void, undefined> {
    return this.#streamInvoices(query, options);
  }

  async *#streamInvoices(query: IncomingInvoiceQuery, options: CallOptions): AsyncGenerator<IncomingInvoice, void, undefined> {
    // Only ids are kept across chunks, not the invoices: a document edited during the read may come back
    // in a later chunk, and the first copy was already yielded.
    const seen = new Set<string>();
    for (const params of invoiceChunkParams(query, this.#maxInvoiceRangeDays)) {
      for await (const invoice of this.#streamList(incomingInvoicesEndpoint, () => params, options)) {
        if (seen.has(invoice.id)) continue;
        seen.add(invoice.id);
        yield invoice;
      }
    }
  }

  /**
   * {@link IikoClient.departments} as a stream, record by record as parsed; see
   * {@link IikoClient.streamIncomingInvoices} for the queue, cancellation, back-pressure and errors.
   *
   * @example
   * ```ts
   * for await (const node of iiko.streamDepartments()) if (node.type === 'DEPARTMENT') console.log(node.name);
   * ```
   */
  streamDepartments(options: ListOptions = {}): AsyncGenerator<CorporateItem, void, undefined> {
    return this.#streamList(departmentsEndpoint, () => revisionParams(options), options);
  }

  /** {@link IikoClient.stores} as a stream; see {@link IikoClient.streamIncomingInvoices}. */
  streamStores(options: ListOptions = {}): AsyncGenerator<CorporateItem, void, undefined> {
    return this.#streamList(storesEndpoint, () => revisionParams(options), options);
  }

  /** {@link IikoClient.suppliers} as a stream; see {@link IikoClient.streamIncomingInvoices}. */
  streamSuppliers(options: ListOptions = {}): AsyncGenerator<IikoSupplier, void, undefined> {
    return this.#streamList(suppliersEndpoint, () => revisionParams(options), options);
  }

  /** {@link IikoClient.searchSuppliers} as a stream; see {@link IikoClient.streamIncomingInvoices}. */
  streamSearchSuppliers(query: SupplierSearchQuery, options: CallOptions = {}): AsyncGenerator<IikoSupplier, void, undefined> {
    return this.#streamList(supplierSearchEndpoint, () => supplierSearchParams(query), options);
  }

  /**
   * {@link IikoClient.products} as a stream. The v2 JSON list is read whole, then yielded: iiko answers
   * it as one JSON array of a few thousand products (small beside an invoice export), so this method
   * exists for one loop shape over every list, not for memory.
   */
  streamProducts(options: ListOptions = {}): AsyncGenerator<IikoProduct, void, undefined> {
    return this.#streamList(productsEndpoint, () => nomenclatureParams(options), options);
  }

  /** {@link IikoClient.productGroups} as a stream; read whole first, like {@link IikoClient.streamProducts}. */
  streamProductGroups(options: ListOptions = {}): AsyncGenerator<IikoProductGroup, void, undefined> {
    return this.#streamList(productGroupsEndpoint, () => nomenclatureParams(options), options);
  }

  /** {@link IikoClient.measureUnits} as a stream; read whole first, like {@link IikoClient.streamProducts}. */
  streamMeasureUnits(options: ListOptions = {}): AsyncGenerator<IikoMeasureUnit, void, undefined> {
    return this.#streamList(measureUnitsEndpoint, () => measureUnitParams(options), options);
  }

  /**
   * {@link IikoClient.supplierPriceList} as a stream, line by line as parsed; see
   * {@link IikoClient.streamIncomingInvoices}.
   *
   * @example
   * ```ts
   * for await (const line of iiko.streamSupplierPriceList('00042', { date: '2026-11-17' })) console.log(line.costPrice);
   * ```
   */
  streamSupplierPriceList(supplierCode: string, options: PriceListOptions): AsyncGenerator<IikoSupplierPriceListItem, void, undefined> {
    return this.#streamList(supplierPriceListEndpoint(supplierCode), () => priceListParams(supplierCode, options?.date), options);
  }

  /** {@link IikoClient.stockBalances} as a stream; read whole first, like {@link IikoClient.streamProducts}. */
  streamStockBalances(query: StockBalanceQuery): AsyncGenerator<IikoStockBalance, void, undefined> {
    return this.#streamList(stockBalancesEndpoint, () => stockBalanceParams(query), query);
  }

  /**
   * A supplier's price list as of a day (`/resto/api/suppliers/{supplierCode}/pricelist?date=DD.MM.YYYY`):
   * for each of our products the supplier sells, the supplier's article and name, the pack and the
   * price, exact as written. The supplier is named by its `code` (the suppliers list's `code`).
   *
   * @param options.date - the day, `YYYY-MM-DD`
   * @example
   * ```ts
   * const prices = await iiko.supplierPriceList('00042', { date: '2026-11-17' });
   * ```
   */
  supplierPriceList(supplierCode: string, options: PriceListOptions): Promise<IikoSupplierPriceListItem[]> {
    return this.#run(async () => {
      const params = priceListParams(supplierCode, options.date);
      return this.#readList(supplierPriceListEndpoint(supplierCode), params, options);
    });
  }

  /**
   * Stock balances at a moment (`/resto/api/v2/reports/balance/stores?timestamp=…`): for each store and
   * product, the amount on hand and its value, exact as decimal strings. `store` and `product` narrow
   * the report to those ids.
   *
   * @param query.timestamp - the moment, `YYYY-MM-DDTHH:mm:ss` in the server's local time
   * @example
   * ```ts
   * const balances = await iiko.stockBalances({ timestamp: '2026-11-17T23:59:59', store: [barId] });
   * ```
   */
  stockBalances(query: StockBalanceQuery): Promise<IikoStockBalance[]> {
    return this.#run(async () => {
      const params = stockBalanceParams(query);
      return this.#readList(stockBalancesEndpoint, params, query);
    });
  }

  /**
   * Writes an incoming invoice into iiko (`POST /resto/api/documents/import/incomingInvoice`), safe to
   * call again with the same document. The write is idempotent by `documentNumber`: the number is looked
   * up first (`…/incomingInvoice/byNumber?currentYear=true`) and an existing document means nothing is
   * written (`outcome: 'exists'`). The POST itself is never retried blindly: when its outcome is unknown
   * (timeout, reset, an answer lost or cut short, a 5xx), the number is looked up again, and only when
   * it is absent is the document sent a second — and last — time.
   *
   * @throws IikoArgumentError when the document lacks a required field (nothing is sent)
   * @throws IikoDocumentRejectedError when iiko answers `valid=false`; its `iikoMessage` is iiko's reason
   * @example
   * ```ts
   * const { outcome } = await iiko.importIncomingInvoice(document); // 'written' or 'exists'
   * await iiko.importIncomingInvoice(document, { dryRun: true });   // checks and looks up, writes nothing
   * ```
   */
  importIncomingInvoice(document: IikoImportInvoiceDocument, options: ImportInvoiceOptions = {}): Promise<ImportInvoiceResult> {
    return this.#run(() =>
      importInvoice(
        {
          findByNumber: (number) =>
            this.#readList(incomingInvoiceByNumberEndpoint, new URLSearchParams({ number, currentYear: 'true' }), options),
          post: (body) => this.#postOnce(IMPORT_INCOMING_INVOICE_PATH, body, options),
        },
        document,
        options,
      ),
    );
  }

  /**
   * One POST with no retry: a write that is repeated may be applied twice. A 401 (the token died; iiko
   * refused before reading the body) logs in again and sends once more, as the reads do.
   */
  async #postOnce(path: string, body: string, options: CallOptions): Promise<IikoDocumentValidationResult> {
    const { signal } = options;
    const deadline = AbortSignal.timeout(this.#retry.totalTimeoutMs);
    const send = (token: string): Promise<IikoDocumentValidationResult> =>
      this.#transport.send({
        path,
        method: 'POST',
        body,
        searchParams: new URLSearchParams({ key: token }),
        signal,
        deadline,
        attempt: 1,
        read: (response, request) => readXmlRecord(response, request, documentValidationResultSchema, this.#redactor.redact),
      });
    const token = await this.#session.token(signal, deadline);
    try {
      return await send(token);
    } catch (error) {
      if (!(error instanceof IikoAuthError) || error.status !== 401) throw error;
      await this.#session.discard(token);
      return await send(await this.#session.token(signal, deadline));
    }
  }

  /**
   * The server's name, version and state, without logging in (no licence slot is used): a health check,
   * and the version to record next to a sync.
   */
  serverInfo(options: CallOptions = {}): Promise<IikoServerInfo> {
    return this.#run(() => this.#readServerInfo(options));
  }

  #readServerInfo(options: CallOptions): Promise<IikoServerInfo> {
    const { signal } = options;
    const deadline = AbortSignal.timeout(this.#retry.totalTimeoutMs);
    return withRetries(
      (attempt) =>
        this.#transport.send({
          path: PATHS.serverInfo,
          searchParams: new URLSearchParams({ encoding: 'UTF-8' }),
          signal,
          deadline,
          attempt,
          read: (response, request) => readXmlRecord(response, request, serverInfoSchema, this.#redactor.redact),
        }),
      this.#retry,
      { path: `/${PATHS.serverInfo}`, logger: this.#logger, signal },
    );
  }

  /**
   * Releases this client: new calls are refused at once, calls already in flight finish first (so the
   * session is never logged out under them — a re-login behind a released session would hold a slot no
   * one frees), then, when this is the last client of its server and login in the process, the session is
   * logged out and the licence slot freed. Safe to call more than once.
   */
  close(): Promise<void> {
    this.#closed ??= Promise.allSettled([...this.#calls]).then(() => this.#session.close());
    return this.#closed;
  }

  /** `await using iiko = new IikoClient(…)` closes the client at the end of the scope. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  /**
   * Runs one public call: refused once `close()` was called, and remembered until it settles so that
   * `close()` can wait for it. Argument errors thrown while starting become a rejected promise.
   */
  #run<T>(call: () => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new IikoClientClosedError());
    this.#session.beginWork();
    const promise = (async () => call())();
    this.#calls.add(promise);
    const forget = (): void => {
      this.#calls.delete(promise);
      this.#session.endWork();
    };
    promise.then(forget, forget);
    return promise;
  }

  async #readList<T>(endpoint: ReadEndpoint<T>, params: URLSearchParams, options: CallOptions): Promise<T[]> {
    return this.#sendList(endpoint, params, options, (response, request) =>
      endpoint.read(response, request, endpoint.schema, this.#redactor.redact, this.#limits),
    );
  }

  /**
   * One list read as records, yielded as they are parsed. The request, its body and the gate's pass stay
   * together inside the transport's call; the call ends — body cancelled, pass released — when the
   * records are all taken, the loop is left, or `options.signal` aborts. An attempt that fails after the
   * first record was handed over is not retried: a second attempt would hand the same records again.
   */
  #streamList<T>(endpoint: ReadEndpoint<T>, params: () => URLSearchParams, options: CallOptions): AsyncGenerator<T, void, undefined> {
    return streamRecords<T>((sink, stop) => {
      let handedOver = false;
      const signal = options.signal ? AbortSignal.any([options.signal, stop]) : stop;
      const call = (): Promise<void> =>
        this.#sendList(
          endpoint,
          params(),
          { signal },
          (response, request) =>
            endpoint.stream(
              response,
              request,
              endpoint.schema,
              this.#redactor.redact,
              (batch) => {
                handedOver = true;
                return sink(batch);
              },
              this.#limits,
            ),
          (error) => !handedOver && !stop.aborted && isRetryable(error),
        );
      return this.#run(call);
    }, options.signal);
  }

  async #sendList<T, R>(
    endpoint: ReadEndpoint<T>,
    params: URLSearchParams,
    options: CallOptions,
    read: (response: Response, request: IikoRequestInfo) => Promise<R>,
    shouldRetry?: (error: unknown) => boolean,
  ): Promise<R> {
    const { signal } = options;
    const deadline = AbortSignal.timeout(this.#retry.totalTimeoutMs);
    const send = (token: string, attempt: number): Promise<R> => {
      const searchParams = new URLSearchParams(params);
      searchParams.set('key', token);
      return this.#transport.send({ path: endpoint.path, searchParams, signal, deadline, attempt, read });
    };
    return withRetries(
      async (attempt) => {
        const token = await this.#session.token(signal, deadline);
        try {
          return await send(token, attempt);
        } catch (error) {
          // A 401 means the token died early (server restart, expiry we could not see): log in again
          // once and repeat the request once; a second 401 is a real authentication failure.
          if (!(error instanceof IikoAuthError) || error.status !== 401) throw error;
          this.#logger.warn({ path: `/${endpoint.path}` }, 'iiko session rejected (401); logging in again');
          await this.#session.discard(token);
          return await send(await this.#session.token(signal, deadline), attempt);
        }
      },
      this.#retry,
      { path: `/${endpoint.path}`, logger: this.#logger, signal, shouldRetry },
    );
  }
}

function normalizeBaseUrl(baseUrl: string | URL): URL {
  let url: URL;
  try {
    url = new URL(String(baseUrl));
  } catch {
    throw new IikoArgumentError(`baseUrl must be an absolute http(s) URL such as https://name.iiko.it`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new IikoArgumentError(`baseUrl must use http or https, got ${url.protocol}`);
  }
  url.pathname = url.pathname.replace(/\/+$/, '').replace(/\/resto(\/api)?$/i, '') || '/';
  url.search = '';
  url.hash = '';
  url.username = '';
  url.password = '';
  return url;
}

function nonNegative(name: string, value: number): number {
  if (!(value >= 0) || !Number.isFinite(value)) throw new IikoArgumentError(`${name} must be a number of 0 or more, got ${value}`);
  return value;
}

function passwordHashOf(options: IikoClientOptions): string {
  if (options.passwordSha1 !== undefined) {
    if (!isSha1Hex(options.passwordSha1)) throw new IikoArgumentError('passwordSha1 must be 40 hexadecimal digits');
    return options.passwordSha1.toLowerCase();
  }
  if (options.password === undefined || options.password === '') {
    throw new IikoArgumentError('give password or passwordSha1');
  }
  return passwordSha1(options.password);
}

function supplierSearchParams(query: SupplierSearchQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (typeof value === 'string' && value !== '') params.set(name, value);
  }
  if ([...params.keys()].length === 0) {
    throw new IikoArgumentError('searchSuppliers needs at least one non-empty field to search by');
  }
  return params;
}

function revisionParams(options: ListOptions): URLSearchParams {
  const params = new URLSearchParams();
  if (options.revisionFrom !== undefined) {
    if (!Number.isInteger(options.revisionFrom)) throw new IikoArgumentError('revisionFrom must be a whole number');
    params.set('revisionFrom', String(options.revisionFrom));
  }
  return params;
}
