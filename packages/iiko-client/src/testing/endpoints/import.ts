import { XmlListReader, type XmlObject, type XmlValue } from '../../internal/xml-tree';
import type { FakeIncomingInvoice, FakeInvoiceItem } from '../data-types';
import { type FakeReply, textReply, xmlReply } from '../reply';
import { renderInvoiceChunks } from '../render-invoices';
import { escapeXml } from '../xml';
import type { EndpointContext } from './context';

/**
 * `GET /resto/api/documents/export/incomingInvoice/byNumber?number=…&currentYear=true`: the documents with
 * that number, in the export's shape. `currentYear` is required (with `false`, iiko wants `from` and `to`,
 * which the fake does not model): without it, 400 as iiko answers a missing parameter.
 */
export function incomingInvoiceByNumber({ url, state }: EndpointContext): FakeReply {
  const number = url.searchParams.get('number');
  if (number === null || number === '') return textReply(400, 'Required String parameter \'number\' is not present');
  if (url.searchParams.get('currentYear') !== 'true') return textReply(400, 'Parameters from and to are required when currentYear is false');
  const documents = state.data.incomingInvoices.filter((document) => document.documentNumber === number);
  return xmlReply(() => renderInvoiceChunks(documents));
}

/**
 * `POST /resto/api/documents/import/incomingInvoice`: reads the `<document>` body, checks what iiko checks
 * (a number, a booking date `DD.MM.YYYY`, a known supplier and store, lines naming known products with
 * amounts and sums) and answers `<documentValidationResult>`. An accepted document is kept — it then
 * appears in the export and in `byNumber` — and a document with a number already kept replaces it, as an
 * iiko import of an existing number edits that document: the fake never holds two with one number.
 */
export function importIncomingInvoice({ body, state }: EndpointContext): FakeReply {
  let parsed: XmlObject | undefined;
  try {
    const reader = new XmlListReader({ itemElement: undefined, arrayElements: new Set(['item']) }, (value) => {
      parsed = value;
    });
    reader.write(body ?? '');
    reader.close();
  } catch {
    return textReply(400, 'Unable to parse document: the body is not a well-formed XML document');
  }
  if (parsed === undefined) return textReply(400, 'Unable to parse document: empty body');
  const field = (object: XmlObject, name: string): string | undefined => {
    const value = object[name];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  const number = field(parsed, 'documentNumber') ?? '';
  const refuse = (message: string): FakeReply => xmlReply(validationResult(false, number, message));
  if (number === '') return refuse('Document number is not specified');
  const dateIncoming = field(parsed, 'dateIncoming');
  const date = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(dateIncoming ?? '');
  if (date === null) return refuse(`Wrong date format: ${dateIncoming ?? 'null'}`);
  const supplier = field(parsed, 'supplier');
  if (supplier === undefined || !state.data.suppliers.some((s) => s.id.toLowerCase() === supplier.toLowerCase())) {
    return refuse(`Supplier with id '${supplier ?? 'null'}' not found`);
  }
  const defaultStore = field(parsed, 'defaultStore');
  const stores = new Set(state.data.corporateItems.filter((item) => item.type === 'STORE').map((item) => item.id.toLowerCase()));
  if (defaultStore === undefined || !stores.has(defaultStore.toLowerCase())) return refuse(`Store with id '${defaultStore ?? 'null'}' not found`);
  const products = state.data.products === undefined ? undefined : new Set(state.data.products.map((p) => p.id.toLowerCase()));
  const itemsNode = parsed['items'];
  const lines = isObject(itemsNode) ? asList(itemsNode['item']).filter(isObject) : [];
  if (lines.length === 0) return refuse('Document has no items');
  const items: FakeInvoiceItem[] = [];
  for (const [index, line] of lines.entries()) {
    const product = field(line, 'product');
    if (product === undefined || (products !== undefined && !products.has(product.toLowerCase()))) {
      return refuse(`Product with id '${product ?? 'null'}' not found (item ${index + 1})`);
    }
    const amount = field(line, 'amount');
    const price = field(line, 'price');
    const sum = field(line, 'sum');
    if (amount === undefined || price === undefined || sum === undefined) return refuse(`Item ${index + 1}: amount, price and sum are required`);
    const store = field(line, 'store') ?? defaultStore;
    items.push({
      num: Number(field(line, 'num') ?? index + 1),
      product,
      amount,
      actualAmount: field(line, 'actualAmount') ?? amount,
      price,
      sum,
      store,
      ...optional('amountUnit', field(line, 'amountUnit')),
      ...optional('containerId', field(line, 'containerId')),
      ...optional('discountSum', field(line, 'discountSum')),
      ...optional('vatPercent', field(line, 'ndsPercent')),
      ...optional('code', field(line, 'code')),
    });
  }
  const kept = state.data.incomingInvoices.findIndex((document) => document.documentNumber === number);
  const document: FakeIncomingInvoice = {
    id: kept >= 0 ? (state.data.incomingInvoices[kept]?.id ?? crypto.randomUUID()) : crypto.randomUUID(),
    documentNumber: number,
    dateIncoming: `${date[3]}-${date[2]}-${date[1]}T00:00:00`,
    supplier,
    defaultStore,
    status: 'NEW',
    items,
    ...optional('incomingDocumentNumber', field(parsed, 'incomingDocumentNumber')),
    ...optional('comment', field(parsed, 'comment')),
    ...optional('conception', field(parsed, 'conception')),
    ...optional('invoice', field(parsed, 'invoice')),
  };
  if (kept >= 0) state.data.incomingInvoices[kept] = document;
  else state.data.incomingInvoices.push(document);
  return xmlReply(validationResult(true, number));
}

function validationResult(valid: boolean, documentNumber: string, errorMessage?: string): string {
  const message = errorMessage === undefined ? '' : `<errorMessage>${escapeXml(errorMessage)}</errorMessage>`;
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><documentValidationResult><valid>${String(valid)}</valid><warning>false</warning><documentNumber>${escapeXml(documentNumber)}</documentNumber>${message}</documentValidationResult>`;
}

function isObject(value: XmlValue | XmlValue[] | undefined): value is XmlObject {
  return typeof value === 'object' && !Array.isArray(value);
}

function asList(value: XmlValue | XmlValue[] | undefined): XmlValue[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function optional<K extends string>(name: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [name]: value }) as { [P in K]?: string };
}
