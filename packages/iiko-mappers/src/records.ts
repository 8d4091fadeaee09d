/**
 * GET INN's records: what the mappers produce.
 *
 * The platform (Python, SQLAlchemy, PostgreSQL) stores these with snake_case columns; here they are
 * camelCase. Records point at each other by iiko id (`restaurantExternalId`, `supplierExternalId`,
 * `storeExternalId`) because the mappers see no database: turning those into row ids is the host's job.
 *
 * Numbers that are money or quantities are {@link DecimalString}s at a fixed, documented scale
 * ({@link MONEY_SCALE}, {@link QUANTITY_SCALE}, {@link UNIT_PRICE_SCALE}); fitting them to the platform's
 * `Numeric(10,2)` columns is the host's decision, with {@link toNumeric}.
 *
 * Sync-status fields of the platform (`pending`/`synced`/`error`, `lastSyncedAt`, `syncError`) are not here:
 * they describe the host's write, not iiko's data, and only the host knows when that happened.
 */
// Imported for the {@link}s of this module's documentation only.
import type { MONEY_SCALE, QUANTITY_SCALE, UNIT_PRICE_SCALE, toNumeric } from './decimal';

/** The `externalSystemType` of every record this package produces. */
export const EXTERNAL_SYSTEM_TYPE = 'iiko';

/** See {@link EXTERNAL_SYSTEM_TYPE}. */
export type ExternalSystemType = typeof EXTERNAL_SYSTEM_TYPE;

/**
 * An exact decimal written as a string with a fixed number of decimals, such as `'1440.000000000'`.
 * Never a JS number: most of iiko's 9-decimal values have no exact binary form.
 */
export type DecimalString = string;

/** A calendar date `YYYY-MM-DD`, as written by iiko (never shifted through UTC). */
export type CalendarDate = string;

/** The link back to iiko every record carries. */
export interface ExternalReference<Metadata> {
  /** iiko's id of the object (a UUID): the key a host upserts by. */
  externalId: string;
  /** Always `'iiko'`. */
  externalSystemType: ExternalSystemType;
  /**
   * The iiko fields a person may need next to the record (JSON column), in iiko's field names and as
   * iiko wrote them. Absent fields are left out rather than `null`.
   */
  externalMetadata: Metadata;
}

/**
 * What kind of store-owning node a {@link Restaurant} is: a restaurant (`DEPARTMENT`), a central warehouse
 * (`CENTRALSTORE`) or a production unit (`MANUFACTURE`). All three receive supplier deliveries; the
 * platform tells them apart by this field.
 */
export type RestaurantKind = 'restaurant' | 'central_store' | 'production';

/**
 * Whether a record is still live in iiko. Records are never deleted: old invoices point at them, and last
 * year's statement must still find its supplier or store.
 */
export interface Lifecycle {
  /** `false` when iiko marks the record deleted, or when it is gone from iiko's list (set by the sync). */
  isActive: boolean;
  /**
   * ISO 8601 time a sync first saw the record deleted or gone from iiko; absent while it is active. The
   * mappers never set it (they have no clock): the sync stamps it, and keeps the first time seen.
   */
  deactivatedAt?: string;
}

/** iiko fields kept on a {@link Restaurant}. */
export interface RestaurantMetadata {
  /** Node type: `DEPARTMENT`, `CENTRALSTORE` or `MANUFACTURE` (see {@link Restaurant.kind}). */
  type: string;
  /** The department's code in iiko. */
  code?: string;
  /** The owning node (usually a `JURPERSON`), absent for a root. */
  parentId?: string;
  /** Taxpayer number (ИНН), when iiko sends one on the department. */
  taxpayerIdNumber?: string;
  /**
   * The legal entity (`JURPERSON`) the node belongs to — the nearest one above it — with its taxpayer
   * number and further properties (`jurPersonAdditionalPropertiesDto`), as iiko sent them.
   */
  legalEntity?: LegalEntity;
  /** Elements this version has no field for, as iiko sent them. */
  other?: Record<string, unknown>;
}

/** A legal entity (`JURPERSON` node) as kept on the restaurants under it. */
export interface LegalEntity {
  /** iiko's id of the `JURPERSON` node. */
  id: string;
  name?: string;
  code?: string;
  /** Taxpayer number (ИНН). */
  taxpayerIdNumber?: string;
  /** Further properties as iiko nests them (registration numbers, addresses, …). */
  jurPersonAdditionalPropertiesDto?: Record<string, unknown>;
}

/**
 * A node of iiko's corporate tree that owns stores: a restaurant (`DEPARTMENT`), a central warehouse
 * (`CENTRALSTORE`) or a production unit (`MANUFACTURE`), told apart by {@link Restaurant.kind}.
 *
 * @example
 * ```ts
 * {
 *   name: 'Ресторан "Центральный"',
 *   kind: 'restaurant',
 *   isActive: true,
 *   externalId: 'a1b2c3d4-e5f6-7890-abcd-ef1234567890',
 *   externalSystemType: 'iiko',
 *   externalMetadata: { type: 'DEPARTMENT', code: '001', taxpayerIdNumber: '123456789012' },
 * }
 * ```
 */
export interface Restaurant extends ExternalReference<RestaurantMetadata>, Lifecycle {
  /** Display name; iiko's code, else its id, when iiko sends no name (with a `MISSING_NAME` warning). */
  name: string;
  /** `restaurant`, `central_store` or `production`; see {@link RestaurantKind}. */
  kind: RestaurantKind;
}

/** iiko fields kept on a {@link Store}. */
export interface StoreMetadata {
  /** Node type; always `STORE`. */
  type: string;
  /** The store's code, often absent. */
  code?: string;
  /** The node the store hangs under (the restaurant itself, or a node between). */
  parentId?: string;
  /** Elements this version has no field for, as iiko sent them. */
  other?: Record<string, unknown>;
}

/**
 * A store (warehouse): a `STORE` node, owned by the nearest node above it that can own stores — a
 * restaurant, a central store or a production unit (a {@link Restaurant} of any kind).
 *
 * @example
 * ```ts
 * { restaurantExternalId: 'a1b2c3d4-…', name: 'Бар', isActive: true, externalId: '1239d270-…', externalSystemType: 'iiko',
 *   externalMetadata: { type: 'STORE', parentId: 'a1b2c3d4-…' } }
 * ```
 */
export interface Store extends ExternalReference<StoreMetadata>, Lifecycle {
  /**
   * iiko id of the store's owner: the nearest `DEPARTMENT`, `CENTRALSTORE` or `MANUFACTURE` above it.
   * `null` when the tree names none (a store hanging straight under a legal entity, a parent the tree
   * lacks, a loop): the store is still kept, with a warning, so that no invoice received into it is lost —
   * and no owner is guessed.
   */
  restaurantExternalId: string | null;
  /** Display name; code, else id, when iiko sends none (with a `MISSING_NAME` warning). */
  name: string;
}

/** A supplier's contact details (JSON column); only what iiko sent is present. */
export interface SupplierContactInfo {
  phone?: string;
  cellPhone?: string;
  email?: string;
  address?: string;
  /** Taxpayer number (ИНН); iiko's `taxpayerIdNumber`. */
  taxpayerIdNumber?: string;
  /** The supplier's code in iiko. */
  code?: string;
  /** Free-text note kept by the restaurant's staff. */
  note?: string;
}

/** iiko fields kept on a {@link Supplier}. */
export interface SupplierMetadata {
  /** Deleted in iiko (the record is kept, inactive). */
  deleted: boolean;
  /** iiko's role flags: an `employee` record can be a supplier, a member of staff and a client at once. */
  supplier?: boolean;
  employee?: boolean;
  client?: boolean;
  /** Name parts, for individual entrepreneurs. */
  firstName?: string;
  middleName?: string;
  lastName?: string;
  /** Global Location Number (iiko 6.0+). */
  gln?: string;
  activationDate?: string;
  deactivationDate?: string;
  /** Elements this version has no field for, as iiko sent them (staff-only personal data excluded). */
  other?: Record<string, unknown>;
}

/**
 * A supplier. Deleted suppliers are kept with `isActive: false`: old invoices still point at them, and a
 * statement from last year must still find its supplier.
 *
 * @example
 * ```ts
 * { name: '11 мкр', contactInfo: { code: '195' }, isActive: true, representsStore: false, externalId: 'c56d4fb2-…',
 *   externalSystemType: 'iiko', externalMetadata: { deleted: false, supplier: true, employee: false, client: false } }
 * ```
 */
export interface Supplier extends ExternalReference<SupplierMetadata>, Lifecycle {
  /** Display name; code, else id, when iiko sends none (with a `MISSING_NAME` warning). */
  name: string;
  /** Phone, cell phone, email, address, taxpayer id, code and note, as present in iiko. */
  contactInfo: SupplierContactInfo;
  /**
   * `true` when the supplier is really one of the chain's own stores (iiko's `representsStore`): its
   * "invoices" are internal transfers, not purchases, and no supplier statement will ever list them.
   */
  representsStore: boolean;
}

/** iiko fields kept on an {@link InventoryItem}, as written. */
export interface InventoryItemMetadata {
  /** Deleted in iiko. */
  deleted: boolean;
  /** iiko's product category id. */
  category?: string;
  /** iiko's accounting category id. */
  accountingCategory?: string;
  description?: string;
  /** Weight of one base unit in kilograms, exact. */
  unitWeight?: string;
  /** Volume of one base unit in litres, exact. */
  unitCapacity?: string;
}

/**
 * A product of iiko's nomenclature: what invoice lines name by id. Deleted products are kept inactive —
 * old invoices still name them.
 *
 * @example
 * ```ts
 * { name: 'Молоко 3,2% 1 л', article: '00136', code: '136', type: 'GOODS', unitName: 'л',
 *   unitExternalId: '69859c74-…', groupName: 'Молочная продукция', groupExternalId: '5a1b…', isActive: true,
 *   externalId: '305936f8-…', externalSystemType: 'iiko', externalMetadata: { deleted: false } }
 * ```
 */
export interface InventoryItem extends ExternalReference<InventoryItemMetadata>, Lifecycle {
  /** The product's name; its article, code or id when iiko has none (with a `MISSING_NAME` warning). */
  name: string;
  /** The article (iiko's `num`), what invoice lines carry as `productArticle`; `null` when none. */
  article: string | null;
  /** iiko's quick-search code, or `null`. */
  code: string | null;
  /** iiko's product type (`GOODS`, `DISH`, `PREPARED`, …), or `null`. */
  type: string | null;
  /** The name of the product's base unit (`кг`, `л`, `шт`), or `null` when the unit is unknown. */
  unitName: string | null;
  /** iiko id of the base unit (`mainUnit`), or `null`. */
  unitExternalId: string | null;
  /** The name of the product's group, or `null`. */
  groupName: string | null;
  /** iiko id of the product's group (`parent`), or `null`. */
  groupExternalId: string | null;
}

/**
 * GET INN's invoice statuses. The mappers produce `active` and `cancelled` only: iiko's invoice export has
 * no payment status, so `paid` is never inferred — it is the platform's to set.
 */
export type InvoiceStatus = 'active' | 'paid' | 'cancelled';

/** iiko fields kept on an {@link Invoice}, as written. */
export interface InvoiceMetadata {
  /** iiko's status: `NEW`, `PROCESSED` or `DELETED`. */
  status?: string;
  /** iiko's own document number. */
  documentNumber?: string;
  /** The supplier's document number. */
  incomingDocumentNumber?: string;
  /** Booking date-time in iiko, as written. */
  dateIncoming?: string;
  /** The supplier's document date-time, as written. */
  incomingDate?: string;
  /** Due date-time, as written. */
  dueDate?: string;
  /** The document's default store. */
  defaultStore?: string;
  /** VAT invoice (счёт-фактура) number. */
  invoice?: string;
  comment?: string;
  conception?: string;
  conceptionCode?: string;
  /** The outgoing invoice this one is linked to (an internal transfer). */
  linkedOutgoingInvoiceId?: string;
  transportInvoiceNumber?: string;
  distributionAlgorithm?: string;
  useDefaultDocumentTime?: boolean;
  /** Elements this version has no field for, as iiko sent them: nothing the export carries is dropped. */
  other?: Record<string, unknown>;
}

/**
 * An incoming invoice from a supplier.
 *
 * @example
 * ```ts
 * {
 *   supplierExternalId: '22a2a9d7-…', storeExternalId: '1239d270-…',
 *   invoiceNumber: '56648', invoiceDate: '2012-07-01', dueDate: '2012-07-02',
 *   totalAmount: '1440.000000000', currency: 'RUB', status: 'active', items: [ … ],
 *   externalId: 'df700f01-…', externalSystemType: 'iiko',
 *   externalMetadata: { status: 'PROCESSED', documentNumber: '1567', incomingDocumentNumber: '56648', … },
 * }
 * ```
 */
export interface Invoice extends ExternalReference<InvoiceMetadata> {
  /** iiko id of the supplier (`supplier`, an `employee` id). */
  supplierExternalId: string;
  /** The document's `defaultStore`, else the one store all its lines name. */
  storeExternalId: string;
  /** The supplier's number (`incomingDocumentNumber`) — what statements show — else iiko's `documentNumber`. */
  invoiceNumber: string;
  /** The supplier's document date (`incomingDate`), else the booking date (`dateIncoming`), as written. */
  invoiceDate: CalendarDate;
  /** `dueDate` as written, or `null` when iiko has none. */
  dueDate: CalendarDate | null;
  /** The exact sum of the lines' `lineTotal`, at {@link MONEY_SCALE} decimals. */
  totalAmount: DecimalString;
  /** ISO 4217 code given to `mapInvoices`: iiko's export names no currency. */
  currency: string;
  /** `cancelled` for iiko's `DELETED`, else `active`; never `paid` (see {@link InvoiceStatus}). */
  status: InvoiceStatus;
  /** The lines, in iiko's order. */
  items: InvoiceItem[];
}

/** iiko fields kept on an {@link InvoiceItem}, as written. */
export interface InvoiceItemMetadata {
  /** Line number in iiko. */
  num?: number;
  /** Product id. */
  product?: string;
  /** Product article (nomenclature code). */
  productArticle?: string;
  code?: string;
  /** iiko's price: per base unit, or per **pack** when `containerId` is set. */
  price?: string;
  priceWithoutVat?: string;
  /** The pack the line was priced in. */
  containerId?: string;
  actualAmount?: string;
  discountSum?: string;
  vatPercent?: string;
  vatSum?: string;
  /** The supplier's own product id. */
  supplierProduct?: string;
  isAdditionalExpense?: boolean;
  /** iiko id of the line's measure unit, kept when `unit` shows its name. */
  amountUnit?: string;
  /** The supplier's article of the product: what the supplier's statement line shows. */
  supplierProductArticle?: string;
  producer?: string;
  /** Customs declaration number (ГТД) of imported goods. */
  customsDeclarationNumber?: string;
  /** The unit the price is given in. */
  priceUnit?: string;
  /** Elements this version has no field for, as iiko sent them. */
  other?: Record<string, unknown>;
}

/**
 * One line of an {@link Invoice}.
 *
 * `quantity` is iiko's `amount` in base units and `lineTotal` its `sum`. `unitPrice` is derived as
 * `lineTotal / quantity`, not copied from iiko's `price`: with a `containerId` that price is per pack
 * (vendor docs, "Export of incoming invoice": 152 base units, price 180 per pack, sum 1440), so
 * `quantity × price` would claim 27,360 for a 1,440 line.
 *
 * @example
 * ```ts
 * { description: 'Молоко 3,2% 1 л', quantity: '152.000000000', unit: 'шт', unitPrice: '9.473684211',
 *   lineTotal: '1440.000000000', inventoryItemExternalId: '305936f8-…', storeExternalId: '1239d270-…',
 *   lineNumber: 1, externalMetadata: { price: '180.000000000', containerId: '49882ad2-…', … } }
 * ```
 */
export interface InvoiceItem {
  /**
   * What a person reads: the product's name from iiko's nomenclature when it is given to `mapInvoices`
   * (the export itself carries no name), else the product's article (`productArticle`), its `code` or its id.
   */
  description: string;
  /** iiko's `amount` in the product's base unit, at {@link QUANTITY_SCALE} decimals. */
  quantity: DecimalString;
  /**
   * The name of the line's measure unit (`кг`) from the nomenclature given to `mapInvoices`, else iiko's
   * unit id (`amountUnit`), or `null`. The id always stays in `externalMetadata.amountUnit`.
   */
  unit: string | null;
  /**
   * `lineTotal / quantity`, rounded half-even to {@link UNIT_PRICE_SCALE} decimals (more for quantities of
   * 10^7 and above), so `quantity × unitPrice` is within half a cent of `lineTotal`. `null` when the
   * quantity is zero (with a `ZERO_QUANTITY` warning).
   */
  unitPrice: DecimalString | null;
  /** iiko's `sum`, exactly, at {@link MONEY_SCALE} decimals: the line's money. */
  lineTotal: DecimalString;
  /** iiko product id, or `null` when the line has none (with a `MISSING_PRODUCT` warning). */
  inventoryItemExternalId: string | null;
  /** The store the line was received into; the invoice's store when the line names none. */
  storeExternalId: string;
  /** iiko's line number (`num`), or `null`. */
  lineNumber: number | null;
  /** See {@link InvoiceItemMetadata}. */
  externalMetadata: InvoiceItemMetadata;
}


/** iiko fields kept on a {@link SupplierPriceListItem}, as written. */
export interface SupplierPriceListItemMetadata {
  /** Our product's code and article. */
  nativeProductCode?: string;
  nativeProductNum?: string;
  /** The supplier's product id and code. */
  supplierProduct?: string;
  supplierProductCode?: string;
  /** iiko's price as written (per pack when a container is set). */
  costPrice?: string;
}

/**
 * One line of a supplier's price list in iiko (`/resto/api/suppliers/{code}/pricelist`): what the
 * supplier charges for one of our products, as of `validFrom` — the line an AI Supplier compares a
 * statement or a delivery against. iiko gives the line no id of its own: `externalId` is
 * `supplier:product:container` (container empty when the price is per base unit). The mappers map only
 * the lines iiko lists, so they are active; a sync marks a line the supplier's list no longer has
 * `isActive: false` — a delisted price must not look current.
 */
export interface SupplierPriceListItem extends ExternalReference<SupplierPriceListItemMetadata>, Lifecycle {
  /** iiko id of the supplier. */
  supplierExternalId: string;
  /** iiko id of our product (`nativeProduct`). */
  inventoryItemExternalId: string;
  /** The supplier's article (`supplierProductNum`), else `null`. */
  supplierArticle: string | null;
  /** The supplier's name of the product, else our product's name, else `null`. */
  supplierProductName: string | null;
  /** The pack the price is for, or `null` for a price per base unit. */
  containerExternalId: string | null;
  /** The price exactly, at {@link MONEY_SCALE} decimals. */
  price: DecimalString;
  /** The day the price list was read for, `YYYY-MM-DD`. */
  validFrom: CalendarDate;
}

/**
 * How much of one product one store held at a moment, and its value (iiko's
 * `/resto/api/v2/reports/balance/stores`): a snapshot, read as of `asOf`. iiko gives the line no id of
 * its own: `externalId` is `store:product`.
 */
export interface StockBalance extends ExternalReference<Record<string, never>> {
  /** iiko id of the store. */
  storeExternalId: string;
  /** iiko id of the product. */
  inventoryItemExternalId: string;
  /** The amount in the product's base unit, exactly, at {@link QUANTITY_SCALE} decimals. */
  amount: DecimalString;
  /** Its value, exactly, at {@link MONEY_SCALE} decimals. */
  sum: DecimalString;
  /** The moment the balance is for, `YYYY-MM-DDTHH:mm:ss` as asked of iiko (server local time). */
  asOf: string;
}
