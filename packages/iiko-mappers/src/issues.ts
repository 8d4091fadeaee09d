/**
 * Issues: how one bad record is reported without spoiling the batch.
 *
 * Every mapper returns `{ items, issues }`. A record with an `error` issue is left out of `items` whole —
 * never emitted half-mapped, because a reconciliation against a half record (no store, a guessed date)
 * flags mismatches that are not there. A `warning` means the record was emitted, with the fallback the
 * message names.
 */

/**
 * Every issue code, in one documented place.
 *
 * | code | severity | meaning |
 * | --- | --- | --- |
 * | `INVALID_RECORD` | error | the entry is not an object (or could not be read at all) |
 * | `MISSING_ID` | error | no iiko `id`: nothing to upsert by |
 * | `MISSING_NAME` | warning | no `name`; the record is named by its `code`, else its id |
 * | `STORE_WITHOUT_RESTAURANT` | warning | walking `parentId` up the tree reaches the root without a `DEPARTMENT`, `CENTRALSTORE` or `MANUFACTURE` (a store straight under a legal entity): the store is kept, `restaurantExternalId: null` |
 * | `MISSING_PARENT` | warning | a `parentId` on the way up names no node of the tree given: kept without an owner |
 * | `TREE_CYCLE` | warning | the `parentId` chain loops: kept without an owner |
 * | `MISSING_SUPPLIER` | error | invoice without `supplier` |
 * | `MISSING_STORE` | error | invoice without `defaultStore` and without a store on its lines |
 * | `AMBIGUOUS_STORE` | error | invoice without `defaultStore` whose lines name different stores |
 * | `MISSING_INVOICE_NUMBER` | error | neither `incomingDocumentNumber` nor `documentNumber` |
 * | `MISSING_DATE` | error | neither `incomingDate` nor `dateIncoming` |
 * | `INVALID_DATE` | error (warning for `dueDate`, which then maps to `null`) | not `yyyy-MM-dd[THH:mm[:ss]][offset]`, or no such day (`2023-02-30`) |
 * | `UNKNOWN_STATUS` | error | status absent or not `NEW`/`PROCESSED`/`DELETED`: mapping it to `active` could show a cancelled document as live |
 * | `MISSING_SUM` | error | a line without `sum` |
 * | `MISSING_QUANTITY` | error | a line without `amount` |
 * | `INVALID_DECIMAL` | error | `sum` or `amount` is not a plain decimal, or has more than 9 decimals (it could not be written exactly) |
 * | `ZERO_QUANTITY` | warning | a line with `amount` 0: its `unitPrice` is `null` (no price makes 0 × price = sum) |
 * | `MISSING_PRODUCT` | warning | a line without `product`: `inventoryItemExternalId` is `null` |
 * | `EMPTY_INVOICE` | warning | a document without lines: `totalAmount` is 0 |
 * | `UNKNOWN_PRODUCT` | warning | a line's product is not in the nomenclature given: its `description` is the article, code or id |
 * | `UNKNOWN_UNIT` | warning | a unit id is not among the units given: the line's `unit` is the id, an item's `unitName` is `null` |
 */
export const ISSUE_CODES = [
  'INVALID_RECORD',
  'MISSING_ID',
  'MISSING_NAME',
  'STORE_WITHOUT_RESTAURANT',
  'MISSING_PARENT',
  'TREE_CYCLE',
  'MISSING_SUPPLIER',
  'MISSING_STORE',
  'AMBIGUOUS_STORE',
  'MISSING_INVOICE_NUMBER',
  'MISSING_DATE',
  'INVALID_DATE',
  'UNKNOWN_STATUS',
  'MISSING_SUM',
  'MISSING_QUANTITY',
  'INVALID_DECIMAL',
  'ZERO_QUANTITY',
  'MISSING_PRODUCT',
  'EMPTY_INVOICE',
  'UNKNOWN_PRODUCT',
  'UNKNOWN_UNIT',
] as const;

/** One of {@link ISSUE_CODES}. */
export type IssueCode = (typeof ISSUE_CODES)[number];

/** The kind of record an issue is about. Line problems are `invoiceItem`, with the invoice's id. */
export type IssueEntity = 'restaurant' | 'store' | 'supplier' | 'invoice' | 'invoiceItem' | 'inventoryItem' | 'priceListItem' | 'stockBalance';

/**
 * `error`: the record named by `externalId` is not in `items` (for an `invoiceItem`, the whole invoice is
 * left out). `warning`: the record is in `items`, with the fallback the message describes.
 */
export type IssueSeverity = 'error' | 'warning';

/**
 * One problem with one input record.
 *
 * @example
 * ```ts
 * {
 *   entity: 'invoiceItem',
 *   externalId: '575a43c7-85e0-4210-9c57-7a90efe37336', // the invoice
 *   index: 0,                                             // its position in the input list
 *   code: 'MISSING_SUM',
 *   message: 'line 3 (num 9) has no sum',
 *   path: ['items', 3, 'sum'],
 *   severity: 'error',
 * }
 * ```
 */
export interface MappingIssue {
  /** What kind of record the problem is in. */
  entity: IssueEntity;
  /** iiko's id of the record (the invoice's id for a line); `null` when the record has none. */
  externalId: string | null;
  /** Position of the record in the input list, so a record without an id can still be found. */
  index: number;
  /** A stable code from {@link ISSUE_CODES}, for counting and filtering. */
  code: IssueCode;
  /** A sentence for a person, naming the value at fault. */
  message: string;
  /** Where in the input record the problem is, in iiko's field names: `['items', 3, 'sum']`. */
  path: (string | number)[];
  /** See {@link IssueSeverity}. */
  severity: IssueSeverity;
}

/**
 * What every mapper returns: the records that mapped, in input order, and the issues, in input order.
 *
 * @example
 * ```ts
 * const { items, issues } = mapStores(stores, departments);
 * for (const issue of issues) log.warn(`${issue.entity} ${issue.externalId}: ${issue.message}`);
 * ```
 */
export interface MappingResult<T> {
  /** The mapped records, in the order of the input. */
  items: T[];
  /** Every problem met, in the order of the input. */
  issues: MappingIssue[];
}

/**
 * Issues of one input record. Internal: each mapper opens one per record, reports into it, and emits the
 * record only when {@link RecordIssues.hasError} stays false.
 */
export class RecordIssues {
  /** True once an `error` was reported: the record must not be emitted. */
  hasError = false;

  constructor(
    private readonly sink: MappingIssue[],
    private readonly entity: IssueEntity,
    private readonly externalId: string | null,
    private readonly index: number,
  ) {}

  /** Reports a problem that keeps the record out of the output. */
  error(code: IssueCode, path: (string | number)[], message: string, entity: IssueEntity = this.entity): void {
    this.hasError = true;
    this.sink.push({ entity, externalId: this.externalId, index: this.index, code, message, path, severity: 'error' });
  }

  /** Reports a problem the record was mapped around. */
  warning(code: IssueCode, path: (string | number)[], message: string, entity: IssueEntity = this.entity): void {
    this.sink.push({ entity, externalId: this.externalId, index: this.index, code, message, path, severity: 'warning' });
  }
}
