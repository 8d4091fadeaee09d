import type { IncomingInvoice } from '@getinn/iiko-client';
import { mapBatch, missingId } from './batch';
import { calendarDate } from './dates';
import {
  MONEY_SCALE,
  QUANTITY_SCALE,
  add,
  divide,
  fitsScale,
  formatDecimal,
  isZero,
  parseTrimmedDecimal,
  unitPriceScale,
  zero,
  type Decimal,
} from './decimal';
import { MappingConfigurationError } from './errors';
import type { InvoiceNomenclature } from './inventory-items';
import type { IssueCode, MappingResult, RecordIssues } from './issues';
import {
  EXTERNAL_SYSTEM_TYPE,
  type Invoice,
  type InvoiceItem,
  type InvoiceItemMetadata,
  type InvoiceMetadata,
  type InvoiceStatus,
} from './records';
import { copyTexts, flag, isRecord, otherFields, presentText, wholeNumber } from './text';

/** Options of {@link mapInvoices}. */
export interface MapInvoicesOptions {
  /**
   * The account's currency as an ISO 4217 code (three capital letters: `'RUB'`, `'KZT'`). Required, with
   * no default: iiko's invoice export names no currency, and a default once put every rouble invoice in
   * dollars. Without a valid code `mapInvoices` throws {@link MappingConfigurationError} before reading a
   * record.
   */
  currency: string;
  /**
   * Product and unit names by iiko id (see `invoiceNomenclature`). With it, each line's `description` is
   * the product's name and its `unit` the unit's name — what a person reading a statement knows — and every
   * id stays in the line; a product or unit it lacks is named by its article, code or id, with an
   * `UNKNOWN_PRODUCT` or `UNKNOWN_UNIT` warning. Without it, lines are named by article, code or id as
   * the export carries them.
   * @default none
   */
  nomenclature?: InvoiceNomenclature;
}

/** ISO 4217 alphabetic codes are three capital Latin letters. */
const ISO_4217 = /^[A-Z]{3}$/;

/**
 * iiko's document statuses (vendor docs: `NEW`, `PROCESSED` and `DELETED` documents all come back from the
 * export). A deleted document stays in the output, `cancelled`, so a sync can retire what it booked before.
 */
const STATUSES: ReadonlyMap<string, InvoiceStatus> = new Map([
  ['NEW', 'active'],
  ['PROCESSED', 'active'],
  ['DELETED', 'cancelled'],
]);

/** The document date fields in order of preference: the supplier's date first, then iiko's booking date. */
const DATE_FIELDS = ['incomingDate', 'dateIncoming'] as const;

const INVOICE_METADATA_TEXTS = [
  'status',
  'documentNumber',
  'incomingDocumentNumber',
  'dateIncoming',
  'incomingDate',
  'dueDate',
  'defaultStore',
  'invoice',
  'comment',
  'conception',
  'conceptionCode',
  'linkedOutgoingInvoiceId',
  'transportInvoiceNumber',
  'distributionAlgorithm',
] as const;

/** Document fields read into the record itself (besides the metadata texts). */
const DOCUMENT_FIELDS = new Set<string>([...INVOICE_METADATA_TEXTS, 'id', 'supplier', 'items', 'useDefaultDocumentTime']);

const ITEM_METADATA_TEXTS = [
  'product',
  'productArticle',
  'code',
  'price',
  'priceWithoutVat',
  'containerId',
  'actualAmount',
  'discountSum',
  'vatPercent',
  'vatSum',
  'supplierProduct',
  'supplierProductArticle',
  'producer',
  'customsDeclarationNumber',
  'priceUnit',
] as const;

/** Line fields read into the line itself (besides the metadata texts). */
const LINE_FIELDS = new Set<string>([...ITEM_METADATA_TEXTS, 'num', 'amount', 'sum', 'amountUnit', 'store', 'isAdditionalExpense']);

/**
 * Maps iiko's incoming invoices to GET INN invoices with their lines, in input order.
 *
 * The rules come from reconciliation against supplier statements, where a cent or a day off is a false
 * mismatch:
 *
 * - `invoiceNumber` is the supplier's number (`incomingDocumentNumber`, what statements show), else iiko's
 *   `documentNumber`; both stay in `externalMetadata`.
 * - `invoiceDate` is the supplier's document date (`incomingDate`), else the booking date (`dateIncoming`),
 *   as the calendar date written — iikoServer writes its local time, so it is never converted through UTC.
 *   `dueDate` likewise, or `null`.
 * - `totalAmount` is the exact sum of the lines' `sum`, at {@link MONEY_SCALE} decimals; no float is
 *   involved anywhere.
 * - Line `quantity` is `amount` in base units and `lineTotal` is `sum`, exactly. `unitPrice` is
 *   `lineTotal / quantity`, so `quantity × unitPrice = lineTotal` within half a cent — iiko's own `price`
 *   is per pack on pack-priced lines (vendor docs: 152 base units, price 180 per pack, sum 1440) and is
 *   kept in the line's `externalMetadata` only.
 * - `DELETED` → `cancelled`; `NEW` and `PROCESSED` → `active`. `paid` is never produced: the export has no
 *   payment status.
 * - `storeExternalId` is the document's `defaultStore`, else the one store its lines name.
 * - Negative sums and quantities (corrections, returns) are mapped as written: the statement shows them
 *   too, and totals must include them.
 *
 * Errors leave the invoice out whole, never half-mapped: no supplier, no store (or lines in several stores
 * and no `defaultStore`), no number, no date or one that is no real day, an unknown status, a line without
 * `sum` or `amount`, or one that is not a plain decimal with at most 9 decimals. Warnings keep it: a line
 * with `amount` 0 (its `unitPrice` is `null`), a line without `product`, an unreadable `dueDate` (`null`),
 * a document without lines.
 *
 * @param invoices - `client.incomingInvoices({ from, to })`
 * @param options - the account's currency, see {@link MapInvoicesOptions}
 * @returns the invoices, and an issue for each problem met (line problems name the line's `path`)
 * @throws {@link MappingConfigurationError} when `options.currency` is not an ISO 4217 code
 *
 * @example
 * ```ts
 * const documents = await iiko.incomingInvoices({ from: '2026-07-01', to: '2026-07-31' });
 * const { items: invoices, issues } = mapInvoices(documents, { currency: 'RUB' });
 * ```
 */
export function mapInvoices(
  invoices: readonly IncomingInvoice[],
  options: MapInvoicesOptions,
): MappingResult<Invoice> {
  const currency = requireCurrency(options);
  const nomenclature = isRecord(options) ? options.nomenclature : undefined;
  return mapBatch(invoices, 'invoices', 'invoice', (document, id, issues) =>
    id === undefined ? missingId(issues, 'invoice') : mapInvoice(document, id, currency, nomenclature, issues),
  );
}

function requireCurrency(options: unknown): string {
  const currency = isRecord(options) ? options.currency : undefined;
  if (typeof currency === 'string' && ISO_4217.test(currency)) return currency;
  throw new MappingConfigurationError(
    'currency',
    `mapInvoices needs the account's currency as an ISO 4217 code such as 'RUB' (iiko's export names none, ` +
      `and there is no default); got ${typeof currency === 'string' ? JSON.stringify(currency) : String(currency)}`,
  );
}

function mapInvoice(
  document: Readonly<Record<string, unknown>>,
  id: string,
  currency: string,
  nomenclature: InvoiceNomenclature | undefined,
  issues: RecordIssues,
): Invoice | undefined {
  const supplierExternalId = presentText(document.supplier);
  if (supplierExternalId === undefined) {
    issues.error('MISSING_SUPPLIER', ['supplier'], 'invoice has no supplier');
  }
  const invoiceNumber = presentText(document.incomingDocumentNumber) ?? presentText(document.documentNumber);
  if (invoiceNumber === undefined) {
    issues.error(
      'MISSING_INVOICE_NUMBER',
      ['incomingDocumentNumber'],
      "invoice has neither the supplier's number (incomingDocumentNumber) nor iiko's (documentNumber)",
    );
  }
  const invoiceDate = readInvoiceDate(document, issues);
  const dueDate = readDueDate(document, issues);
  const status = readStatus(document, issues);
  const lines = readLines(document, issues);
  const storeExternalId = lines === undefined ? undefined : resolveStore(document, lines, issues);

  const items: InvoiceItem[] = [];
  let total = zero();
  if (lines !== undefined) {
    for (let position = 0; position < lines.length; position += 1) {
      const lineTotal = mapLine(lines[position], position, storeExternalId ?? '', nomenclature, issues, items);
      if (lineTotal !== undefined) total = add(total, lineTotal);
    }
    if (lines.length === 0) issues.warning('EMPTY_INVOICE', ['items'], 'invoice has no lines; its total is 0');
  }

  if (
    issues.hasError ||
    supplierExternalId === undefined ||
    storeExternalId === undefined ||
    invoiceNumber === undefined ||
    invoiceDate === undefined ||
    status === undefined
  ) {
    return undefined;
  }
  const externalMetadata: InvoiceMetadata = copyTexts(document, INVOICE_METADATA_TEXTS);
  const useDefaultDocumentTime = flag(document.useDefaultDocumentTime);
  if (useDefaultDocumentTime !== undefined) externalMetadata.useDefaultDocumentTime = useDefaultDocumentTime;
  const other = otherFields(document, DOCUMENT_FIELDS);
  if (other !== undefined) externalMetadata.other = other;
  return {
    supplierExternalId,
    storeExternalId,
    invoiceNumber,
    invoiceDate,
    dueDate,
    totalAmount: formatDecimal(total, MONEY_SCALE),
    currency,
    status,
    items,
    externalId: id,
    externalSystemType: EXTERNAL_SYSTEM_TYPE,
    externalMetadata,
  };
}

/** The first date field present, as its calendar date; an unreadable one is an error, not a fallback. */
function readInvoiceDate(document: Readonly<Record<string, unknown>>, issues: RecordIssues): string | undefined {
  for (const field of DATE_FIELDS) {
    const text = presentText(document[field]);
    if (text === undefined) continue;
    const date = calendarDate(text);
    if (date === undefined) {
      issues.error('INVALID_DATE', [field], `${field} ${JSON.stringify(text)} is not a real date in a form iiko writes`);
    }
    return date;
  }
  issues.error(
    'MISSING_DATE',
    ['incomingDate'],
    "invoice has neither the supplier's date (incomingDate) nor a booking date (dateIncoming)",
  );
  return undefined;
}

/** `dueDate` as a calendar date, or `null`; an unreadable one is a warning, since the field is optional. */
function readDueDate(document: Readonly<Record<string, unknown>>, issues: RecordIssues): string | null {
  const text = presentText(document.dueDate);
  if (text === undefined) return null;
  const date = calendarDate(text);
  if (date !== undefined) return date;
  issues.warning('INVALID_DATE', ['dueDate'], `dueDate ${JSON.stringify(text)} is not a real date; mapped as null`);
  return null;
}

function readStatus(document: Readonly<Record<string, unknown>>, issues: RecordIssues): InvoiceStatus | undefined {
  const text = presentText(document.status);
  const status = text === undefined ? undefined : STATUSES.get(text.toUpperCase());
  if (status === undefined) {
    issues.error(
      'UNKNOWN_STATUS',
      ['status'],
      `status ${text === undefined ? 'is missing' : JSON.stringify(text) + ' is unknown'}; ` +
        'only NEW, PROCESSED and DELETED can be mapped without risking a cancelled document shown as active',
    );
  }
  return status;
}

/** The document's lines: an array, or none at all (the client gives `[]` for an empty document). */
function readLines(document: Readonly<Record<string, unknown>>, issues: RecordIssues): readonly unknown[] | undefined {
  const lines = document.items;
  if (lines === undefined) return [];
  if (Array.isArray(lines)) return lines;
  issues.error('INVALID_RECORD', ['items'], 'items is not a list of lines');
  return undefined;
}

/** `defaultStore`, else the one store every line that names a store names. */
function resolveStore(
  document: Readonly<Record<string, unknown>>,
  lines: readonly unknown[],
  issues: RecordIssues,
): string | undefined {
  const defaultStore = presentText(document.defaultStore);
  if (defaultStore !== undefined) return defaultStore;
  const stores = new Set<string>();
  for (const line of lines) {
    const store = isRecord(line) ? presentText(line.store) : undefined;
    if (store !== undefined) stores.add(store);
  }
  const [only] = stores;
  if (stores.size === 1 && only !== undefined) return only;
  if (stores.size === 0) {
    issues.error('MISSING_STORE', ['defaultStore'], 'invoice has no defaultStore and its lines name no store');
  } else {
    issues.error(
      'AMBIGUOUS_STORE',
      ['defaultStore'],
      `invoice has no defaultStore and its lines name ${stores.size} stores (${[...stores].join(', ')})`,
    );
  }
  return undefined;
}

/** How issues name a line: its position, and its `num` when it has one. */
function lineLabel(position: number, num: number | undefined): string {
  return `items[${position}]${num === undefined ? '' : ` (num ${num})`}`;
}

/**
 * Maps one line into `items` and returns its total, kept exact for the invoice's sum; `undefined` when
 * the line has an error. Issue texts are only built when there is an issue: this runs once per line of
 * every export.
 */
function mapLine(
  line: unknown,
  position: number,
  invoiceStore: string,
  nomenclature: InvoiceNomenclature | undefined,
  issues: RecordIssues,
  items: InvoiceItem[],
): Decimal | undefined {
  if (!isRecord(line)) {
    issues.error('INVALID_RECORD', ['items', position], `items[${position}] is not a line object`, 'invoiceItem');
    return undefined;
  }
  const num = wholeNumber(line.num);
  const lineTotal = readAmount(line, 'sum', 'MISSING_SUM', MONEY_SCALE, position, num, issues);
  const quantity = readAmount(line, 'amount', 'MISSING_QUANTITY', QUANTITY_SCALE, position, num, issues);
  if (lineTotal === undefined || quantity === undefined) return undefined;

  const product = presentText(line.product);
  if (product === undefined) {
    issues.warning('MISSING_PRODUCT', ['items', position, 'product'], `${lineLabel(position, num)} has no product`, 'invoiceItem');
  }
  let unitPrice: string | null = null;
  if (isZero(quantity)) {
    issues.warning(
      'ZERO_QUANTITY',
      ['items', position, 'amount'],
      `${lineLabel(position, num)} has amount 0 (sum ${formatDecimal(lineTotal, MONEY_SCALE)}); its unitPrice is null`,
      'invoiceItem',
    );
  } else {
    const scale = unitPriceScale(quantity);
    unitPrice = formatDecimal(divide(lineTotal, quantity, scale), scale);
  }

  const externalMetadata = lineMetadataTexts(line, product);
  if (num !== undefined) externalMetadata.num = num;
  const additionalExpense = flag(line.isAdditionalExpense);
  if (additionalExpense !== undefined) externalMetadata.isAdditionalExpense = additionalExpense;

  const amountUnit = presentText(line.amountUnit);
  if (amountUnit !== undefined) externalMetadata.amountUnit = amountUnit;
  const other = otherFields(line, LINE_FIELDS);
  if (other !== undefined) externalMetadata.other = other;
  let productName: string | undefined;
  let unitName: string | undefined;
  if (nomenclature !== undefined) {
    productName = product === undefined ? undefined : nomenclature.products.get(product);
    if (product !== undefined && productName === undefined) {
      issues.warning('UNKNOWN_PRODUCT', ['items', position, 'product'], `${lineLabel(position, num)} names product ${product}, which the nomenclature lacks`, 'invoiceItem');
    }
    unitName = amountUnit === undefined ? undefined : nomenclature.units.get(amountUnit);
    if (amountUnit !== undefined && unitName === undefined) {
      issues.warning('UNKNOWN_UNIT', ['items', position, 'amountUnit'], `${lineLabel(position, num)} names unit ${amountUnit}, which the nomenclature lacks`, 'invoiceItem');
    }
  }

  const item: InvoiceItem = {
    description: productName ?? presentText(line.productArticle) ?? presentText(line.code) ?? product ?? '',
    quantity: formatDecimal(quantity, QUANTITY_SCALE),
    unit: unitName ?? amountUnit ?? null,
    unitPrice,
    lineTotal: formatDecimal(lineTotal, MONEY_SCALE),
    inventoryItemExternalId: product ?? null,
    storeExternalId: presentText(line.store) ?? invoiceStore,
    lineNumber: num ?? null,
    externalMetadata,
  };
  items.push(item);
  return lineTotal;
}

/**
 * The present {@link ITEM_METADATA_TEXTS} of a line, in that order — `copyTexts(line, ITEM_METADATA_TEXTS)`
 * written out field by field, because this runs for every line of every export: a named read of each
 * field is a fraction of the cost of a read by a key taken from a list, which the engine cannot specialise
 * to the lines' shape. `product` is the line's product as already read. The differential test
 * (`fixed-point.properties.test.ts`) holds it to `copyTexts` on lines carrying every one of these fields.
 */
function lineMetadataTexts(line: Readonly<Record<string, unknown>>, product: string | undefined): InvoiceItemMetadata {
  const out: InvoiceItemMetadata = {};
  if (product !== undefined) out.product = product;
  const productArticle = presentText(line.productArticle);
  if (productArticle !== undefined) out.productArticle = productArticle;
  const code = presentText(line.code);
  if (code !== undefined) out.code = code;
  const price = presentText(line.price);
  if (price !== undefined) out.price = price;
  const priceWithoutVat = presentText(line.priceWithoutVat);
  if (priceWithoutVat !== undefined) out.priceWithoutVat = priceWithoutVat;
  const containerId = presentText(line.containerId);
  if (containerId !== undefined) out.containerId = containerId;
  const actualAmount = presentText(line.actualAmount);
  if (actualAmount !== undefined) out.actualAmount = actualAmount;
  const discountSum = presentText(line.discountSum);
  if (discountSum !== undefined) out.discountSum = discountSum;
  const vatPercent = presentText(line.vatPercent);
  if (vatPercent !== undefined) out.vatPercent = vatPercent;
  const vatSum = presentText(line.vatSum);
  if (vatSum !== undefined) out.vatSum = vatSum;
  const supplierProduct = presentText(line.supplierProduct);
  if (supplierProduct !== undefined) out.supplierProduct = supplierProduct;
  const supplierProductArticle = presentText(line.supplierProductArticle);
  if (supplierProductArticle !== undefined) out.supplierProductArticle = supplierProductArticle;
  const producer = presentText(line.producer);
  if (producer !== undefined) out.producer = producer;
  const customsDeclarationNumber = presentText(line.customsDeclarationNumber);
  if (customsDeclarationNumber !== undefined) out.customsDeclarationNumber = customsDeclarationNumber;
  const priceUnit = presentText(line.priceUnit);
  if (priceUnit !== undefined) out.priceUnit = priceUnit;
  return out;
}

/** Reads `sum` or `amount` as an exact decimal that fits `scale`; reports why not otherwise. */
function readAmount(
  line: Readonly<Record<string, unknown>>,
  field: 'sum' | 'amount',
  missing: Extract<IssueCode, 'MISSING_SUM' | 'MISSING_QUANTITY'>,
  scale: number,
  position: number,
  num: number | undefined,
  issues: RecordIssues,
): Decimal | undefined {
  const raw = line[field];
  // Trimmed once for both checks: what presentText and parseDecimal would each do.
  const text = typeof raw === 'string' ? raw.trim() : undefined;
  if (raw === undefined || raw === null || text === '' || text === 'null') {
    issues.error(missing, ['items', position, field], `${lineLabel(position, num)} has no ${field}`, 'invoiceItem');
    return undefined;
  }
  const value = text === undefined ? undefined : parseTrimmedDecimal(text);
  if (value === undefined) {
    issues.error(
      'INVALID_DECIMAL',
      ['items', position, field],
      `${lineLabel(position, num)} ${field} ${JSON.stringify(raw)} is not a decimal string`,
      'invoiceItem',
    );
    return undefined;
  }
  if (!fitsScale(value, scale)) {
    issues.error(
      'INVALID_DECIMAL',
      ['items', position, field],
      `${lineLabel(position, num)} ${field} ${JSON.stringify(raw)} has more than ${scale} decimals and cannot be kept exactly`,
      'invoiceItem',
    );
    return undefined;
  }
  return value;
}
