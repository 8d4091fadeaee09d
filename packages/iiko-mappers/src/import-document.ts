import { importDocumentProblems, type IikoImportInvoiceDocument, type IikoImportInvoiceItem } from '@getinn/iiko-client';
import { MappingConfigurationError } from './errors';
import type { Invoice, InvoiceItem } from './records';

/** Options of {@link toImportDocument}. */
export interface ToImportDocumentOptions {
  /**
   * iiko's document number to book the invoice under: the key that makes the write safe to repeat (the
   * client writes nothing when iiko already holds a document with this number). Give a number of your
   * own numbering; without it, iiko's number kept on the record (`externalMetadata.documentNumber`) is
   * used, else the supplier's `invoiceNumber`.
   */
  documentNumber?: string | undefined;
  /** Booking date `YYYY-MM-DD`. @default the invoice's `invoiceDate` */
  bookingDate?: string | undefined;
  /** Free text written on the document. */
  comment?: string | undefined;
}

/**
 * GET INN's {@link Invoice} (what the AI Supplier module decided to book) as the document iiko's import
 * takes (`POST /resto/api/documents/import/incomingInvoice`), for `IikoClient.importIncomingInvoice`.
 *
 * Money and amounts pass through as exact decimal strings, never through a float: `amount` is the line's
 * `quantity`, `sum` its `lineTotal`, `price` iiko's own price when the record kept it (per pack with a
 * `containerId`, which is then kept too), else the record's `unitPrice`. Dates are written `DD.MM.YYYY`
 * as the vendor's import sample does.
 *
 * @throws MappingConfigurationError when the invoice cannot be booked as it stands — a line with no
 *   product or no price, a date that is not `YYYY-MM-DD` — listing every problem at once
 * @example
 * ```ts
 * const document = toImportDocument(invoice, { documentNumber: 'GI-2026-0042' });
 * await iiko.importIncomingInvoice(document, { dryRun: true }); // checks, looks the number up, writes nothing
 * await iiko.importIncomingInvoice(document);
 * ```
 */
export function toImportDocument(invoice: Invoice, options: ToImportDocumentOptions = {}): IikoImportInvoiceDocument {
  const problems: string[] = [];
  const meta = invoice.externalMetadata;
  const documentNumber = options.documentNumber ?? meta.documentNumber ?? invoice.invoiceNumber;
  const dateIncoming = iikoDate(options.bookingDate ?? invoice.invoiceDate, 'bookingDate', problems);
  const dueDate = invoice.dueDate === null ? undefined : iikoDate(invoice.dueDate, 'dueDate', problems);
  const items = invoice.items.map((item, index) => importItem(item, index, invoice.storeExternalId, problems));
  const document: IikoImportInvoiceDocument = {
    documentNumber,
    dateIncoming: dateIncoming ?? '',
    supplier: invoice.supplierExternalId,
    defaultStore: invoice.storeExternalId,
    items,
    incomingDocumentNumber: invoice.invoiceNumber,
    ...(dueDate === undefined ? {} : { dueDate }),
    ...(meta.conception === undefined ? {} : { conception: meta.conception }),
    ...(meta.invoice === undefined || meta.invoice === '' ? {} : { invoice: meta.invoice }),
    ...((options.comment ?? meta.comment) === undefined ? {} : { comment: options.comment ?? meta.comment }),
  };
  // The client's own check (required fields, decimal shapes) only once the mapping's problems are known.
  if (problems.length === 0) problems.push(...importDocumentProblems(document));
  if (problems.length > 0) throw new MappingConfigurationError('invoice', `invoice ${invoice.externalId} cannot be booked in iiko: ${problems.join('; ')}`);
  return document;
}

function importItem(item: InvoiceItem, index: number, defaultStore: string, problems: string[]): IikoImportInvoiceItem {
  const meta = item.externalMetadata;
  if (item.inventoryItemExternalId === null) problems.push(`items[${index}] has no product`);
  const price = meta.price ?? item.unitPrice ?? undefined;
  if (price === undefined) problems.push(`items[${index}] has no price (zero quantity)`);
  return {
    num: item.lineNumber ?? index + 1,
    product: item.inventoryItemExternalId ?? '',
    amount: item.quantity,
    price: price ?? '',
    sum: item.lineTotal,
    ...(meta.actualAmount === undefined ? {} : { actualAmount: meta.actualAmount }),
    ...(meta.amountUnit === undefined ? {} : { amountUnit: meta.amountUnit }),
    ...(meta.price !== undefined && meta.containerId !== undefined ? { containerId: meta.containerId } : {}),
    ...(meta.supplierProduct === undefined ? {} : { supplierProduct: meta.supplierProduct }),
    ...(meta.vatPercent === undefined ? {} : { ndsPercent: meta.vatPercent }),
    ...(meta.discountSum === undefined ? {} : { discountSum: meta.discountSum }),
    ...(meta.code === undefined ? {} : { code: meta.code }),
    ...(item.storeExternalId === defaultStore ? {} : { store: item.storeExternalId }),
  };
}

/** `YYYY-MM-DD` (GET INN's calendar date) as iiko's import writes it, `DD.MM.YYYY`. */
function iikoDate(date: string, name: string, problems: string[]): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (match === null) {
    problems.push(`${name} must be YYYY-MM-DD, got ${date}`);
    return undefined;
  }
  return `${match[3]}.${match[2]}.${match[1]}`;
}
