import type { z } from 'zod';
import type { CallOptions, IncomingInvoiceQuery, ListOptions, PriceListOptions, StockBalanceQuery } from './client-options';
import type { CorporateItem } from './schemas/corporate-item';
import type { IncomingInvoice } from './schemas/incoming-invoice';
import type { IikoMeasureUnit } from './schemas/measure-unit';
import type { IikoProduct } from './schemas/product';
import type { IikoProductGroup } from './schemas/product-group';
import type { IikoSupplier } from './schemas/supplier';
import type { IikoSupplierPriceListItem } from './schemas/price-list';
import type { IikoStockBalance } from './schemas/stock-balance';

/**
 * One record of a list answer that did not have the expected shape, as a tolerant read reports it
 * instead of failing the whole list.
 *
 * @example
 * ```ts
 * const { items, invalid } = await iiko.tolerant.incomingInvoices({ from, to });
 * for (const record of invalid) log.warn({ id: record.id, issues: record.issues }, record.message);
 * ```
 */
export interface InvalidRecord {
  /** Position of the record in the answer (for invoices read in date chunks, in the merged list). */
  index: number;
  /** The record's `id`, when it has one that reads as text: the key to find it in iiko (secrets redacted). */
  id?: string;
  /** A sentence naming the first problem, e.g. `items.item.0.sum: expected a decimal number …`. */
  message: string;
  /** What did not match, as zod reports it, with paths from the record. */
  issues: readonly z.core.$ZodIssue[];
  /**
   * The record as received: its JSON, or for the XML lists its elements written back as XML (empty
   * elements and the literal `null`, which mean "no value", are already left out). Secrets are redacted;
   * shortened to 4,000 characters.
   */
  rawText: string;
}

/**
 * What a tolerant read returns: the records that matched their schema, in server order, and the ones that
 * did not. The strict reads (`iiko.suppliers()`, …) throw `IikoValidationError` on the first bad record
 * instead; transport, session and parse failures fail both kinds alike.
 */
export interface TolerantList<T> {
  /** The valid records. */
  items: T[];
  /** The records that did not have the expected shape. */
  invalid: InvalidRecord[];
}

/**
 * One record of a tolerant stream: a record that matched its schema (`ok: true`, in `item`), or one that
 * did not (`ok: false`, described in `invalid`), in the order the server wrote them.
 *
 * @example
 * ```ts
 * for await (const record of iiko.tolerant.streamIncomingInvoices({ from, to })) {
 *   if (record.ok) await save(record.item);
 *   else log.warn({ id: record.invalid.id }, record.invalid.message);
 * }
 * ```
 */
export type TolerantRecord<T> = { ok: true; item: T } | { ok: false; invalid: InvalidRecord };

/**
 * The list reads of `IikoClient`, tolerant of malformed records (`iiko.tolerant`): each returns
 * `{ items, invalid }` instead of throwing `IikoValidationError` for the first record that does not have
 * the expected shape, so one odd supplier or invoice no longer costs the whole list. Everything else —
 * queue, session, retries, input limits, typed errors — is the same as the strict reads'.
 *
 * @example
 * ```ts
 * const { items: suppliers, invalid } = await iiko.tolerant.suppliers();
 * ```
 */
export interface TolerantReads {
  /** `departments()`, tolerant. */
  departments(options?: ListOptions): Promise<TolerantList<CorporateItem>>;
  /** `stores()`, tolerant. */
  stores(options?: ListOptions): Promise<TolerantList<CorporateItem>>;
  /** `suppliers()`, tolerant. */
  suppliers(options?: ListOptions): Promise<TolerantList<IikoSupplier>>;
  /** `incomingInvoices()`, tolerant; chunks are merged without duplicates, invalid records included. */
  incomingInvoices(query: IncomingInvoiceQuery, options?: CallOptions): Promise<TolerantList<IncomingInvoice>>;
  /**
   * `streamIncomingInvoices()`, tolerant: each invoice is yielded as it is parsed, as a
   * {@link TolerantRecord} — valid or not — so a malformed invoice neither ends the loop nor costs the
   * rest of a year's export, and memory stays at one piece of the body. Chunks follow one another without
   * duplicates, as in `incomingInvoices()`; `invalid.index` counts the records yielded before it. Queue,
   * cancellation, back-pressure and errors are the strict stream's: an attempt that fails before the first
   * record is retried, one that fails after it ends the loop with its error.
   *
   * Only the invoice export has a tolerant stream: it is the one list that grows with time (a year of a
   * chain's invoices is hundreds of megabytes), where the dictionaries are read whole to be compared.
   *
   * @example
   * ```ts
   * for await (const record of iiko.tolerant.streamIncomingInvoices({ from: '2026-01-01', to: '2026-12-31' })) {
   *   if (record.ok) await save(record.item);
   * }
   * ```
   */
  streamIncomingInvoices(query: IncomingInvoiceQuery, options?: CallOptions): AsyncGenerator<TolerantRecord<IncomingInvoice>, void, undefined>;
  /** `products()`, tolerant. */
  products(options?: ListOptions): Promise<TolerantList<IikoProduct>>;
  /** `productGroups()`, tolerant. */
  productGroups(options?: ListOptions): Promise<TolerantList<IikoProductGroup>>;
  /** `measureUnits()`, tolerant. */
  measureUnits(options?: ListOptions): Promise<TolerantList<IikoMeasureUnit>>;
  /** `supplierPriceList()`, tolerant. */
  supplierPriceList(supplierCode: string, options: PriceListOptions): Promise<TolerantList<IikoSupplierPriceListItem>>;
  /** `stockBalances()`, tolerant. */
  stockBalances(query: StockBalanceQuery): Promise<TolerantList<IikoStockBalance>>;
}
