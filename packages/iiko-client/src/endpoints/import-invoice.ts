import { IikoError, type IikoErrorDetails } from '../errors/iiko-error';
import { IikoArgumentError, IikoAbortError } from '../errors/transport-errors';
import { IikoAuthError } from '../errors/auth-errors';
import type { IikoDocumentValidationResult } from '../schemas/document-validation';
import type { IncomingInvoice } from '../schemas/incoming-invoice';

/** Path of the incoming-invoice import (vendor docs: `POST /resto/api/documents/import/incomingInvoice`). */
export const IMPORT_INCOMING_INVOICE_PATH = 'resto/api/documents/import/incomingInvoice';
/** Path of the lookup by number; `currentYear=true` is required by iiko (else `from` and `to`). */
export const INCOMING_INVOICE_BY_NUMBER_PATH = 'resto/api/documents/export/incomingInvoice/byNumber';

/** One line of an {@link IikoImportInvoiceDocument}, with iiko's element names. Money and amounts are decimal strings. */
export interface IikoImportInvoiceItem {
  /** Line number, from 1. */
  num: number;
  /** Product GUID (our nomenclature). */
  product: string;
  /** The supplier's product GUID, when the supplier's price list maps it. */
  supplierProduct?: string | undefined;
  /** Quantity in the product's base unit (`'3.00'`). */
  amount: string;
  /** Quantity actually received; iiko takes `amount` when absent. */
  actualAmount?: string | undefined;
  /** Measure unit GUID. */
  amountUnit?: string | undefined;
  /** Pack GUID; with it `price` is per pack. */
  containerId?: string | undefined;
  /** Price per unit (or per pack). */
  price: string;
  /** The line's money, VAT included. */
  sum: string;
  /** The line's money without VAT. */
  sumWithoutNds?: string | undefined;
  /** VAT rate in percent. */
  ndsPercent?: string | undefined;
  /** Discount on the line. */
  discountSum?: string | undefined;
  /** Store GUID; the document's `defaultStore` when absent. */
  store?: string | undefined;
  /** Product code (article). */
  code?: string | undefined;
}

/**
 * An incoming invoice to write into iiko: the body of `POST /resto/api/documents/import/incomingInvoice`
 * (`<document>`, `server_incomingInvoice-import-request_official-doc.xml`). Dates are `DD.MM.YYYY` as in
 * the vendor's sample.
 */
export interface IikoImportInvoiceDocument {
  /**
   * iiko's document number. The write is idempotent by it: the client looks it up before writing and
   * writes nothing when a document with this number exists.
   */
  documentNumber: string;
  /** Booking date, `DD.MM.YYYY`. */
  dateIncoming: string;
  /** Supplier GUID. */
  supplier: string;
  /** Store GUID the lines go to unless a line names its own. */
  defaultStore: string;
  /** The lines; at least one. */
  items: readonly IikoImportInvoiceItem[];
  /** The supplier's own document number. */
  incomingDocumentNumber?: string | undefined;
  /** Payment due date, `DD.MM.YYYY`. */
  dueDate?: string | undefined;
  /** VAT invoice number. */
  invoice?: string | undefined;
  /** Conception GUID. */
  conception?: string | undefined;
  /** Free text. */
  comment?: string | undefined;
  /** Let iiko choose the document time. @default true */
  useDefaultDocumentTime?: boolean | undefined;
  /** Transport invoice number. */
  transportInvoiceNumber?: string | undefined;
  /** Employee GUID whose account is charged. */
  employeePassToAccount?: string | undefined;
}

/** Options of {@link IikoClient.importIncomingInvoice}. */
export interface ImportInvoiceOptions {
  /**
   * Check the document (required fields, shapes) and look its number up, without writing anything.
   * @default false
   */
  dryRun?: boolean | undefined;
  /** Aborts the call. After an abort during the write the outcome is unknown: look the number up. */
  signal?: AbortSignal | undefined;
}

/** What {@link IikoClient.importIncomingInvoice} did. */
export interface ImportInvoiceResult {
  /** `written`: this call wrote it; `exists`: a document with this number was already in iiko, nothing written; `dry-run`: checked, not written. */
  outcome: 'written' | 'exists' | 'dry-run';
  /** The document's number. */
  documentNumber: string;
  /** iiko's answer to the write, when one arrived. */
  validation?: IikoDocumentValidationResult | undefined;
  /** The document found in iiko by its number (`exists`, or a write whose answer was lost). */
  existing?: IncomingInvoice | undefined;
}

/** iiko refused the document (`<valid>false</valid>`): nothing was written. `responseText` is iiko's `errorMessage`. */
export class IikoDocumentRejectedError extends IikoError {
  /** iiko's explanation, as iiko wrote it. */
  readonly iikoMessage: string;
  /** The document's number. */
  readonly documentNumber: string;

  constructor(message: string, details: IikoErrorDetails & { iikoMessage: string; documentNumber: string }) {
    super('DOCUMENT_REJECTED', message, details);
    this.name = 'IikoDocumentRejectedError';
    this.iikoMessage = details.iikoMessage;
    this.documentNumber = details.documentNumber;
  }
}

const DATE = /^\d{2}\.\d{2}\.\d{4}$/;
const DECIMAL = /^-?\d+(?:\.\d+)?$/;

/** The problems of a document, checked before anything is sent; empty when it may be sent. */
export function importDocumentProblems(document: IikoImportInvoiceDocument): string[] {
  const problems: string[] = [];
  const required = ['documentNumber', 'dateIncoming', 'supplier', 'defaultStore'] as const;
  for (const name of required) if (typeof document[name] !== 'string' || document[name].trim() === '') problems.push(`${name} is required`);
  if (document.dateIncoming && !DATE.test(document.dateIncoming)) problems.push(`dateIncoming must be DD.MM.YYYY, got ${document.dateIncoming}`);
  if (document.dueDate !== undefined && !DATE.test(document.dueDate)) problems.push(`dueDate must be DD.MM.YYYY, got ${document.dueDate}`);
  if (!Array.isArray(document.items) || document.items.length === 0) problems.push('items must hold at least one line');
  for (const [index, item] of (document.items ?? []).entries()) {
    if (!item.product) problems.push(`items[${index}].product is required`);
    for (const name of ['amount', 'price', 'sum'] as const) {
      if (!DECIMAL.test(item[name] ?? '')) problems.push(`items[${index}].${name} must be a decimal string, got ${String(item[name])}`);
    }
  }
  return problems;
}

/** The XML body iiko expects, in the element order of the vendor's sample. */
export function renderImportDocument(document: IikoImportInvoiceDocument): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?><document><items>'];
  for (const item of document.items) {
    out.push('<item>');
    element(out, 'num', String(item.num));
    element(out, 'product', item.product);
    element(out, 'supplierProduct', item.supplierProduct);
    element(out, 'amount', item.amount);
    element(out, 'actualAmount', item.actualAmount);
    element(out, 'amountUnit', item.amountUnit);
    element(out, 'containerId', item.containerId);
    element(out, 'price', item.price);
    element(out, 'sum', item.sum);
    element(out, 'sumWithoutNds', item.sumWithoutNds);
    element(out, 'ndsPercent', item.ndsPercent);
    element(out, 'discountSum', item.discountSum);
    element(out, 'store', item.store);
    element(out, 'code', item.code);
    out.push('</item>');
  }
  out.push('</items>');
  element(out, 'conception', document.conception);
  element(out, 'comment', document.comment);
  element(out, 'documentNumber', document.documentNumber);
  element(out, 'dateIncoming', document.dateIncoming);
  element(out, 'useDefaultDocumentTime', String(document.useDefaultDocumentTime ?? true));
  element(out, 'invoice', document.invoice);
  element(out, 'defaultStore', document.defaultStore);
  element(out, 'supplier', document.supplier);
  element(out, 'dueDate', document.dueDate);
  element(out, 'incomingDocumentNumber', document.incomingDocumentNumber);
  element(out, 'employeePassToAccount', document.employeePassToAccount);
  element(out, 'transportInvoiceNumber', document.transportInvoiceNumber);
  out.push('</document>');
  return out.join('');
}

function element(out: string[], name: string, value: string | undefined): void {
  if (value === undefined) return;
  out.push(`<${name}>${value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</${name}>`);
}

/** What the write needs from the client: a safe (retried) lookup and one unretried POST. */
export interface ImportSteps {
  /** Documents with this number this year; retried like any read. */
  findByNumber(documentNumber: string): Promise<IncomingInvoice[]>;
  /** One POST of the body, never retried; iiko's parsed answer. */
  post(body: string): Promise<IikoDocumentValidationResult>;
}

/**
 * The write, safe to call again: look the number up (exists → nothing written); else POST once. When the
 * POST's outcome is unknown — timeout, reset, a lost or cut answer, a 5xx — look again: found → it landed;
 * absent → one second POST. A definite refusal (`valid=false`, a 4xx) is never repeated; an abort by the
 * caller is not looked past (the caller chose to stop; the number tells later whether it landed).
 */
export async function importInvoice(
  steps: ImportSteps,
  document: IikoImportInvoiceDocument,
  options: ImportInvoiceOptions,
): Promise<ImportInvoiceResult> {
  const problems = importDocumentProblems(document);
  if (problems.length > 0) throw new IikoArgumentError(`the invoice document cannot be sent: ${problems.join('; ')}`);
  const { documentNumber } = document;
  const [existing] = await steps.findByNumber(documentNumber);
  if (existing !== undefined) return { outcome: 'exists', documentNumber, existing };
  if (options.dryRun === true) return { outcome: 'dry-run', documentNumber };
  const body = renderImportDocument(document);
  let validation: IikoDocumentValidationResult;
  try {
    validation = await steps.post(body);
  } catch (error) {
    if (!outcomeUnknown(error)) throw error;
    const [landed] = await steps.findByNumber(documentNumber);
    if (landed !== undefined) return { outcome: 'written', documentNumber, existing: landed };
    validation = await steps.post(body);
  }
  if (!validation.valid) {
    const iikoMessage = validation.errorMessage ?? 'no reason given';
    throw new IikoDocumentRejectedError(`iiko refused incoming invoice ${documentNumber}: ${iikoMessage}`, {
      iikoMessage,
      documentNumber,
      responseText: iikoMessage,
    });
  }
  return { outcome: 'written', documentNumber: validation.documentNumber ?? documentNumber, validation };
}

/** Whether a failed POST may still have been applied: anything but a definite answer or the caller's abort. */
function outcomeUnknown(error: unknown): boolean {
  if (!(error instanceof IikoError)) return false;
  if (error instanceof IikoAbortError || error instanceof IikoArgumentError || error instanceof IikoAuthError) return false;
  const status = error.status;
  return status === undefined || status === 0 || status >= 500 || error.code === 'PARSE_FAILED' || error.code === 'HTML_RESPONSE';
}
