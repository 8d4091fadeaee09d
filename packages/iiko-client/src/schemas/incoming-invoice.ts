import { z } from 'zod';
import { booleanString, dateTimeString, decimalString, integerString, text } from './values';

/** Document statuses of an incoming invoice. `DELETED` documents are exported too. */
export const INVOICE_STATUSES = ['NEW', 'PROCESSED', 'DELETED'] as const;

/** One of {@link INVOICE_STATUSES}, or a status a newer server introduced (kept, not rejected). */
export type IncomingInvoiceStatus = (typeof INVOICE_STATUSES)[number] | (string & {});

/**
 * One line (`items/item`) of an incoming invoice. Money and quantities are exact decimal strings as the
 * server wrote them (`420.440000000`). With a `containerId`, `price` is per **pack** while `amount` is in
 * base units, so `sum` — not `amount × price` — is the line's money (vendor docs, "Export of incoming
 * invoice").
 */
export interface IncomingInvoiceItem {
  /** Line number within the document. */
  num?: number;
  /** iiko product id. */
  product?: string;
  /** The product's article (nomenclature code). */
  productArticle?: string;
  /** Quantity in the product's base unit. */
  amount?: string;
  /** Quantity actually received. */
  actualAmount?: string;
  /** Id of the measurement unit of `amount`. */
  amountUnit?: string;
  /** Id of the pack the line was priced in; `price` is then per pack. */
  containerId?: string;
  /** Price per base unit, or per pack when `containerId` is set. */
  price?: string;
  priceWithoutVat?: string;
  /** The line's total, the authoritative money of the line. */
  sum?: string;
  discountSum?: string;
  vatPercent?: string;
  vatSum?: string;
  /** The store the line was received into. */
  store?: string;
  code?: string;
  /** The supplier's own product id. */
  supplierProduct?: string;
  /** The supplier's article of the product: what the supplier's statement lines show. */
  supplierProductArticle?: string;
  /** The producer (manufacturer) of the goods. */
  producer?: string;
  /** The customs declaration number of imported goods (ГТД). */
  customsDeclarationNumber?: string;
  /** The unit the price is given in, when it differs from the base unit. */
  priceUnit?: string;
  isAdditionalExpense?: boolean;
}

/**
 * An incoming invoice (`document` under the root `incomingInvoiceDtoes`) from
 * `/resto/api/documents/export/incomingInvoice`. Dates stay strings exactly as written in the server's
 * local time. Elements this version does not know are kept on the object as parsed.
 */
export interface IncomingInvoice {
  /** iiko's id of the document (a UUID). */
  id: string;
  /** iiko's own document number. */
  documentNumber?: string;
  /** The supplier's document number: what supplier statements show. */
  incomingDocumentNumber?: string;
  /** Booking date-time in iiko. */
  dateIncoming?: string;
  /** The supplier's document date. */
  incomingDate?: string;
  /** Payment due date; the server sometimes writes the literal `null`, which arrives as absent. */
  dueDate?: string;
  /** Supplier id (an `employee` id, see `suppliers()`). */
  supplier?: string;
  /** The document's default store id. */
  defaultStore?: string;
  /** The VAT invoice number. */
  invoice?: string;
  /** `NEW`, `PROCESSED` or `DELETED`. */
  status?: IncomingInvoiceStatus;
  comment?: string;
  conception?: string;
  /** The conception's code. */
  conceptionCode?: string;
  /** The outgoing invoice this one is linked to (an internal transfer between the chain's own stores). */
  linkedOutgoingInvoiceId?: string;
  transportInvoiceNumber?: string;
  distributionAlgorithm?: string;
  useDefaultDocumentTime?: boolean;
  /** The lines; an empty document gives an empty list. */
  items: IncomingInvoiceItem[];
}

/** Validates one `item` element; see {@link IncomingInvoiceItem}. */
export const incomingInvoiceItemSchema: z.ZodType<IncomingInvoiceItem> = z.looseObject({
  num: integerString.exactOptional(),
  product: text.exactOptional(),
  productArticle: text.exactOptional(),
  amount: decimalString.exactOptional(),
  actualAmount: decimalString.exactOptional(),
  amountUnit: text.exactOptional(),
  containerId: text.exactOptional(),
  price: decimalString.exactOptional(),
  priceWithoutVat: decimalString.exactOptional(),
  sum: decimalString.exactOptional(),
  discountSum: decimalString.exactOptional(),
  vatPercent: decimalString.exactOptional(),
  vatSum: decimalString.exactOptional(),
  store: text.exactOptional(),
  code: text.exactOptional(),
  supplierProduct: text.exactOptional(),
  supplierProductArticle: text.exactOptional(),
  producer: text.exactOptional(),
  customsDeclarationNumber: text.exactOptional(),
  priceUnit: text.exactOptional(),
  isAdditionalExpense: booleanString.exactOptional(),
});

/** `<items>` holds `item` elements; the XML layer always gives them as a list, absent when empty. */
const itemsSchema = z
  .object({ item: z.array(incomingInvoiceItemSchema).default([]) })
  .optional()
  .transform((items) => items?.item ?? []);

/** Validates one `document` element; see {@link IncomingInvoice}. */
export const incomingInvoiceSchema: z.ZodType<IncomingInvoice> = z.looseObject({
  id: text.min(1),
  documentNumber: text.exactOptional(),
  incomingDocumentNumber: text.exactOptional(),
  dateIncoming: dateTimeString.exactOptional(),
  incomingDate: dateTimeString.exactOptional(),
  dueDate: dateTimeString.exactOptional(),
  supplier: text.exactOptional(),
  defaultStore: text.exactOptional(),
  invoice: text.exactOptional(),
  status: text.exactOptional(),
  comment: text.exactOptional(),
  conception: text.exactOptional(),
  conceptionCode: text.exactOptional(),
  linkedOutgoingInvoiceId: text.exactOptional(),
  transportInvoiceNumber: text.exactOptional(),
  distributionAlgorithm: text.exactOptional(),
  useDefaultDocumentTime: booleanString.exactOptional(),
  items: itemsSchema,
});
