/**
 * `@getinn/iiko-mappers`: pure functions from iiko objects (as `@getinn/iiko-client` returns them) to
 * GET INN's records — restaurants, stores, suppliers, inventory items, invoices — with exact decimal money, calendar dates
 * as written, and an issue instead of an exception for every bad record.
 *
 * Every mapper is deterministic and side-effect free: the same input gives the same output, in input
 * order; input is never modified; no I/O, no clock.
 *
 * @example
 * ```ts
 * import { IikoClient } from '@getinn/iiko-client';
 * import { mapInvoices, mapRestaurants, mapStores, mapSuppliers } from '@getinn/iiko-mappers';
 *
 * const tree = await iiko.departments();
 * const restaurants = mapRestaurants(tree);
 * const stores = mapStores(await iiko.stores(), tree);
 * const suppliers = mapSuppliers(await iiko.suppliers());
 * const invoices = mapInvoices(await iiko.incomingInvoices({ from, to }), { currency: 'RUB' });
 * ```
 *
 * @packageDocumentation
 * @module @getinn/iiko-mappers
 */
export { mapRestaurants, STORE_OWNER_KINDS } from './restaurants';
export { mapStores } from './stores';
export { mapSuppliers } from './suppliers';
export { mapInvoices, type MapInvoicesOptions } from './invoices';
export { toImportDocument, type ToImportDocumentOptions } from './import-document';
export { mapSupplierPriceList, type MapSupplierPriceListOptions } from './price-list';
export { mapStockBalances } from './stock-balance';
export {
  invoiceNomenclature,
  mapInventoryItems,
  type InvoiceNomenclature,
  type MapInventoryItemsOptions,
} from './inventory-items';
export {
  MONEY_SCALE,
  QUANTITY_SCALE,
  UNIT_PRICE_SCALE,
  NUMERIC_10_2,
  toNumeric,
  type NumericSpec,
  type NumericRounding,
} from './decimal';
export {
  ISSUE_CODES,
  type IssueCode,
  type IssueEntity,
  type IssueSeverity,
  type MappingIssue,
  type MappingResult,
} from './issues';
export { InvalidDecimalError, MappingConfigurationError, NumericOverflowError } from './errors';
export {
  EXTERNAL_SYSTEM_TYPE,
  type CalendarDate,
  type DecimalString,
  type ExternalReference,
  type ExternalSystemType,
  type Invoice,
  type InvoiceItem,
  type InvoiceItemMetadata,
  type InvoiceMetadata,
  type InvoiceStatus,
  type InventoryItem,
  type InventoryItemMetadata,
  type LegalEntity,
  type Lifecycle,
  type Restaurant,
  type RestaurantKind,
  type RestaurantMetadata,
  type Store,
  type StoreMetadata,
  type Supplier,
  type SupplierContactInfo,
  type SupplierMetadata,
  type SupplierPriceListItem,
  type SupplierPriceListItemMetadata,
  type StockBalance,
} from './records';
