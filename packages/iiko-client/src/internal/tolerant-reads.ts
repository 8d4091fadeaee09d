/**
 * The list reads behind `iiko.tolerant` and the parameters of the nomenclature reads. Internal: the client
 * hands in its own `run` (closed-client check, calls in flight) and `readList` (session, 401 re-login,
 * retries, the transport's gate, queue and typed errors), so a tolerant read goes exactly the way a
 * strict one does and differs only in how records that do not match are treated.
 */
import type { CallOptions, IncomingInvoiceQuery, ListOptions, StockBalanceQuery } from '../client-options';
import {
  departmentsEndpoint,
  incomingInvoicesEndpoint,
  measureUnitsEndpoint,
  productGroupsEndpoint,
  productsEndpoint,
  stockBalancesEndpoint,
  storesEndpoint,
  supplierPriceListEndpoint,
  suppliersEndpoint,
  type ReadEndpoint,
} from '../endpoints/definitions';
import { IikoArgumentError } from '../errors/transport-errors';
import type { IncomingInvoice } from '../schemas/incoming-invoice';
import type { TolerantList, TolerantReads, TolerantRecord } from '../tolerant';
import { checkedSchema, idOf, invalidRecord, splitChecked, type Checked } from './checked';
import { splitDateRange } from './date-ranges';

/** What the client lends the tolerant reads. */
export interface TolerantReadContext {
  run<T>(call: () => Promise<T>): Promise<T>;
  readList<T>(endpoint: ReadEndpoint<T>, params: URLSearchParams, options: CallOptions): Promise<T[]>;
  /** The strict streams' reader: records as parsed, the queue held until the body is taken or left. */
  streamList<T>(endpoint: ReadEndpoint<T>, params: () => URLSearchParams, options: CallOptions): AsyncGenerator<T, void, undefined>;
  redact(text: string): string;
  /** The client's longest invoice request, read when a call starts (the client sets it after this object exists). */
  maxInvoiceRangeDays(): number;
}

/** The tolerant reads of one client; see {@link TolerantReads}. */
export function tolerantReads(context: TolerantReadContext): TolerantReads {
  const read = <T>(endpoint: ReadEndpoint<T>, params: () => URLSearchParams, options: CallOptions): Promise<TolerantList<T>> =>
    context.run(async () => {
      const records = await context.readList({ ...endpoint, schema: checkedSchema(endpoint.schema) }, params(), options);
      return splitChecked(records, endpoint.rawText, context.redact);
    });
  return {
    departments: (options = {}) => read(departmentsEndpoint, () => revisionParams(options), options),
    stores: (options = {}) => read(storesEndpoint, () => revisionParams(options), options),
    suppliers: (options = {}) => read(suppliersEndpoint, () => revisionParams(options), options),
    products: (options = {}) => read(productsEndpoint, () => nomenclatureParams(options), options),
    productGroups: (options = {}) => read(productGroupsEndpoint, () => nomenclatureParams(options), options),
    measureUnits: (options = {}) => read(measureUnitsEndpoint, () => measureUnitParams(options), options),
    supplierPriceList: (supplierCode, options) =>
      read(supplierPriceListEndpoint(supplierCode), () => priceListParams(supplierCode, options?.date), options),
    stockBalances: (query) => read(stockBalancesEndpoint, () => stockBalanceParams(query), query),
    incomingInvoices: (query, options = {}) =>
      context.run(async () => {
        const endpoint = { ...incomingInvoicesEndpoint, schema: checkedSchema(incomingInvoicesEndpoint.schema) };
        // Chunks overlap nowhere, but a document edited during the read can come back twice: keep the first.
        const seen = new Set<string>();
        const merged: Checked<unknown>[] = [];
        for (const params of invoiceChunkParams(query, context.maxInvoiceRangeDays())) {
          for (const record of await context.readList(endpoint, params, options)) {
            const id = record.ok ? record.value.id : idOf(record.raw);
            if (id !== undefined && seen.has(id)) continue;
            if (id !== undefined) seen.add(id);
            merged.push(record);
          }
        }
        return splitChecked(merged, incomingInvoicesEndpoint.rawText, context.redact) as TolerantList<never>;
      }),
    streamIncomingInvoices: (query, options = {}) => streamInvoices(context, query, options),
  };
}

/** `iiko.tolerant.streamIncomingInvoices`: the strict stream's reader with the tolerant schema. */
async function* streamInvoices(
  context: TolerantReadContext,
  query: IncomingInvoiceQuery,
  options: CallOptions,
): AsyncGenerator<TolerantRecord<IncomingInvoice>, void, undefined> {
  const endpoint = { ...incomingInvoicesEndpoint, schema: checkedSchema(incomingInvoicesEndpoint.schema) };
  // Checked before any request, like the array read: a bad range is an argument error at the first next().
  const chunks = invoiceChunkParams(query, context.maxInvoiceRangeDays());
  // Only ids are kept across chunks: a document edited during the read can come back in a later chunk.
  const seen = new Set<string>();
  let index = 0;
  for (const params of chunks) {
    for await (const record of context.streamList(endpoint, () => params, options)) {
      const id = record.ok ? record.value.id : idOf(record.raw);
      if (id !== undefined && seen.has(id)) continue;
      if (id !== undefined) seen.add(id);
      yield record.ok
        ? { ok: true, item: record.value }
        : { ok: false, invalid: invalidRecord(record, index, incomingInvoicesEndpoint.rawText, context.redact) };
      index += 1;
    }
  }
}

/** The query of each date chunk of an invoice read, in order. */
export function invoiceChunkParams(query: IncomingInvoiceQuery, maxDays: number): URLSearchParams[] {
  return splitDateRange(query.from, query.to, maxDays).map(([from, to]) => {
    const params = new URLSearchParams({ from, to });
    for (const supplierId of query.supplierIds ?? []) params.append('supplierId', supplierId);
    if (query.revisionFrom !== undefined) params.set('revisionFrom', String(query.revisionFrom));
    return params;
  });
}

/** `revisionFrom`, checked. */
export function revisionParams(options: ListOptions): URLSearchParams {
  const params = new URLSearchParams();
  if (options.revisionFrom !== undefined) {
    if (!Number.isInteger(options.revisionFrom)) throw new IikoArgumentError('revisionFrom must be a whole number');
    params.set('revisionFrom', String(options.revisionFrom));
  }
  return params;
}

/**
 * The nomenclature reads always ask for deleted entities too (`includeDeleted=true`): old invoices still
 * name deleted products, and a product missing from the list would leave their lines unnamed.
 */
export function nomenclatureParams(options: ListOptions): URLSearchParams {
  const params = revisionParams(options);
  params.set('includeDeleted', 'true');
  return params;
}

/** `rootType=MeasureUnit` of the reference-entity list, deleted units included. */
export function measureUnitParams(options: ListOptions): URLSearchParams {
  const params = nomenclatureParams(options);
  params.set('rootType', 'MeasureUnit');
  return params;
}

/** `date=DD.MM.YYYY` of a supplier's price list, from `YYYY-MM-DD`; the supplier code checked. */
export function priceListParams(supplierCode: string, date: string | undefined): URLSearchParams {
  if (typeof supplierCode !== 'string' || supplierCode === '') throw new IikoArgumentError('supplierPriceList needs a supplier code');
  const day = typeof date === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(date) : null;
  if (day === null) throw new IikoArgumentError(`date must be YYYY-MM-DD, got ${String(date)}`);
  return new URLSearchParams({ date: `${day[3]}.${day[2]}.${day[1]}` });
}

/** `timestamp` (checked) and the `store`/`product` filters of the stock balance report. */
export function stockBalanceParams(query: StockBalanceQuery): URLSearchParams {
  if (typeof query?.timestamp !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(query.timestamp)) {
    throw new IikoArgumentError(`timestamp must be YYYY-MM-DDTHH:mm:ss, got ${String(query?.timestamp)}`);
  }
  const params = new URLSearchParams({ timestamp: query.timestamp });
  for (const id of query.store ?? []) params.append('store', id);
  for (const id of query.product ?? []) params.append('product', id);
  return params;
}
