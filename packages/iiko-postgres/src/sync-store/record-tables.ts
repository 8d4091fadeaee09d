/**
 * How each kind of GET INN record lands in its platform-shaped table: which field fills which typed
 * column, and which fields are references to other tables' rows. The table list is the architecture's
 * ("@getinn/iiko-postgres: the tables"); the field names are the mappers' records
 * (`@getinn/iiko-mappers`, `records.ts`).
 *
 * @internal
 */
import { bool, calendarDate, decimal, integer, jsonObject, localTimestamp, text, timestamp, type Fields, type Problems } from './typed-values';

/** One typed column filled from the record. */
export interface ColumnSpec {
  /** Column name. */
  readonly name: string;
  /** Its PostgreSQL type, as `jsonb_to_recordset` reads it. */
  readonly type: string;
  /** Reads the column's value from the record, noting what does not fit. */
  readonly read: (fields: Fields, problems: Problems) => unknown;
}

/**
 * A reference by iiko id to a row of another table: kept as `<label>_iiko_id`, resolved into
 * `<label>_id` when (or as soon as) that row exists.
 */
export interface ReferenceSpec {
  /** The row-id column (`supplier_id`). */
  readonly column: string;
  /** The iiko-id column (`supplier_iiko_id`). */
  readonly iikoColumn: string;
  /** The record's field holding the iiko id (`supplierExternalId`). */
  readonly field: string;
  /** The referenced table (`suppliers`). */
  readonly target: string;
  /** What a person calls it, for `iiko_sync_error` (`supplier`). */
  readonly label: string;
}

/** A record table: one entity type's rows. */
export interface RecordTable {
  /** The table name. */
  readonly table: string;
  /** Typed columns besides the common ones (`iiko_id`, `external_metadata`, the `iiko_*` columns, …). */
  readonly columns: readonly ColumnSpec[];
  /** References to other tables' rows. */
  readonly references: readonly ReferenceSpec[];
  /** Whether the record carries `items` that land in `invoice_items`. */
  readonly hasLines?: boolean;
}

const column = (name: string, type: string, read: ColumnSpec['read']): ColumnSpec => ({ name, type, read });
const reference = (label: string, field: string, target: string): ReferenceSpec => ({
  column: `${label}_id`,
  iikoColumn: `${label}_iiko_id`,
  field,
  target,
  label,
});
const metadata = column('external_metadata', 'jsonb', (f, p) => jsonObject(f, 'externalMetadata', p));
/** `isActive` and `deactivatedAt` of the records' lifecycle (migration 0002). */
const lifecycle = [
  column('is_active', 'boolean', (f, p) => bool(f, 'isActive', p)),
  column('deactivated_at', 'timestamptz', (f, p) => timestamp(f, 'deactivatedAt', p)),
];

/** Record tables by SDK entity type. An entity type not listed here lands in `sync_records`. */
export const RECORD_TABLES: Readonly<Record<string, RecordTable>> = {
  restaurants: {
    table: 'restaurants',
    columns: [
      column('name', 'text', (f, p) => text(f, 'name', p)),
      column('kind', 'text', (f, p) => text(f, 'kind', p)),
      ...lifecycle,
      metadata,
    ],
    references: [],
  },
  stores: {
    table: 'stores',
    columns: [column('name', 'text', (f, p) => text(f, 'name', p)), ...lifecycle, metadata],
    references: [reference('restaurant', 'restaurantExternalId', 'restaurants')],
  },
  suppliers: {
    table: 'suppliers',
    columns: [
      column('name', 'text', (f, p) => text(f, 'name', p)),
      column('contact_info', 'jsonb', (f, p) => jsonObject(f, 'contactInfo', p)),
      ...lifecycle,
      column('represents_store', 'boolean', (f, p) => bool(f, 'representsStore', p)),
      metadata,
    ],
    references: [],
  },
  // The SDK's `products` are the platform's inventory items (migration 0003).
  products: {
    table: 'inventory_items',
    columns: [
      column('name', 'text', (f, p) => text(f, 'name', p)),
      column('article', 'text', (f, p) => text(f, 'article', p)),
      column('code', 'text', (f, p) => text(f, 'code', p)),
      column('type', 'text', (f, p) => text(f, 'type', p)),
      column('unit_name', 'text', (f, p) => text(f, 'unitName', p)),
      column('unit_iiko_id', 'text', (f, p) => text(f, 'unitExternalId', p)),
      column('group_name', 'text', (f, p) => text(f, 'groupName', p)),
      column('group_iiko_id', 'text', (f, p) => text(f, 'groupExternalId', p)),
      ...lifecycle,
      metadata,
    ],
    references: [],
  },
  invoices: {
    table: 'invoices',
    columns: [
      column('invoice_number', 'text', (f, p) => text(f, 'invoiceNumber', p)),
      column('invoice_date', 'date', (f, p) => calendarDate(f, 'invoiceDate', p)),
      column('due_date', 'date', (f, p) => calendarDate(f, 'dueDate', p)),
      column('total_amount', 'numeric', (f, p) => decimal(f, 'totalAmount', p)),
      column('currency', 'text', (f, p) => text(f, 'currency', p)),
      column('status', 'text', (f, p) => text(f, 'status', p)),
      metadata,
    ],
    references: [reference('supplier', 'supplierExternalId', 'suppliers'), reference('store', 'storeExternalId', 'stores')],
    hasLines: true,
  },
  // The procurement entities (migration 0004), synced only when a run asks for them.
  priceLists: {
    table: 'supplier_price_list_items',
    columns: [
      column('supplier_article', 'text', (f, p) => text(f, 'supplierArticle', p)),
      column('supplier_product_name', 'text', (f, p) => text(f, 'supplierProductName', p)),
      column('container_iiko_id', 'text', (f, p) => text(f, 'containerExternalId', p)),
      column('price', 'numeric', (f, p) => decimal(f, 'price', p)),
      column('valid_from', 'date', (f, p) => calendarDate(f, 'validFrom', p)),
      ...lifecycle,
      metadata,
    ],
    references: [reference('supplier', 'supplierExternalId', 'suppliers'), reference('inventory_item', 'inventoryItemExternalId', 'inventory_items')],
  },
  stockBalances: {
    table: 'stock_balances',
    columns: [
      column('amount', 'numeric', (f, p) => decimal(f, 'amount', p)),
      column('sum', 'numeric', (f, p) => decimal(f, 'sum', p)),
      column('as_of', 'timestamp', (f, p) => localTimestamp(f, 'asOf', p)),
      metadata,
    ],
    references: [reference('store', 'storeExternalId', 'stores'), reference('inventory_item', 'inventoryItemExternalId', 'inventory_items')],
  },
};

/** The columns of one `invoice_items` row, read from one element of an invoice's `items`. */
export const LINE_COLUMNS: readonly ColumnSpec[] = [
  column('line_number', 'integer', (f, p) => integer(f, 'lineNumber', p, 'items[].')),
  column('description', 'text', (f, p) => text(f, 'description', p, 'items[].')),
  column('quantity', 'numeric', (f, p) => decimal(f, 'quantity', p, 'items[].')),
  column('unit', 'text', (f, p) => text(f, 'unit', p, 'items[].')),
  column('unit_price', 'numeric', (f, p) => decimal(f, 'unitPrice', p, 'items[].')),
  column('line_total', 'numeric', (f, p) => decimal(f, 'lineTotal', p, 'items[].')),
  column('inventory_item_iiko_id', 'text', (f, p) => text(f, 'inventoryItemExternalId', p, 'items[].')),
  column('store_iiko_id', 'text', (f, p) => text(f, 'storeExternalId', p, 'items[].')),
  column('external_metadata', 'jsonb', (f, p) => jsonObject(f, 'externalMetadata', p, 'items[].')),
];

/**
 * Every reference from one table's rows to another's, lines included: after rows of a table are
 * written, the references pointing at it that were still open are resolved.
 */
export const ALL_REFERENCES: readonly (ReferenceSpec & { readonly table: string; readonly hasStatus: boolean })[] = [
  ...Object.values(RECORD_TABLES).flatMap((spec) => spec.references.map((ref) => ({ ...ref, table: spec.table, hasStatus: true }))),
  { ...reference('store', 'storeExternalId', 'stores'), table: 'invoice_items', hasStatus: false },
  { ...reference('inventory_item', 'inventoryItemExternalId', 'inventory_items'), table: 'invoice_items', hasStatus: false },
];
