import { XML_DECLARATION } from './constants';
import type { FakeIncomingInvoice, FakeInvoiceItem } from './data-types';
import { pushElement } from './xml';

/**
 * Writes the incoming-invoice export (`<incomingInvoiceDtoes>`) one chunk per document, so a server can
 * stream a 5,000-document answer without holding it as one string. Element order follows the vendor sample
 * (`server_incomingInvoice-export_2docs_official-doc.xml`); `dateIncoming` follows `documentNumber` as in
 * iiko's other document exports, and an empty export is `<incomingInvoiceDtoes/>`.
 *
 * @example
 * ```ts
 * const xml = [...renderInvoiceChunks(server.data.incomingInvoices)].join('');
 * ```
 */
export function* renderInvoiceChunks(documents: readonly FakeIncomingInvoice[]): Generator<string, void, undefined> {
  if (documents.length === 0) {
    yield `${XML_DECLARATION}<incomingInvoiceDtoes/>`;
    return;
  }
  yield `${XML_DECLARATION}<incomingInvoiceDtoes>`;
  for (const document of documents) yield renderDocument(document);
  yield '</incomingInvoiceDtoes>';
}

function renderDocument(d: FakeIncomingInvoice): string {
  const out: string[] = ['<document>'];
  pushElement(out, 'id', d.id);
  pushElement(out, 'incomingDocumentNumber', d.incomingDocumentNumber);
  pushElement(out, 'incomingDate', d.incomingDate);
  pushElement(out, 'useDefaultDocumentTime', d.useDefaultDocumentTime);
  pushElement(out, 'dueDate', d.dueDate);
  pushElement(out, 'supplier', d.supplier);
  pushElement(out, 'defaultStore', d.defaultStore);
  pushElement(out, 'invoice', d.invoice);
  pushElement(out, 'documentNumber', d.documentNumber);
  pushElement(out, 'dateIncoming', d.dateIncoming);
  pushElement(out, 'comment', d.comment);
  pushElement(out, 'conception', d.conception);
  pushElement(out, 'status', d.status);
  if (d.items.length === 0) {
    out.push('<items/>');
  } else {
    out.push('<items>');
    for (const item of d.items) pushItem(out, item);
    out.push('</items>');
  }
  out.push('</document>');
  return out.join('');
}

function pushItem(out: string[], i: FakeInvoiceItem): void {
  out.push('<item>');
  pushElement(out, 'actualAmount', i.actualAmount);
  pushElement(out, 'store', i.store);
  pushElement(out, 'code', i.code);
  pushElement(out, 'price', i.price);
  pushElement(out, 'priceWithoutVat', i.priceWithoutVat);
  pushElement(out, 'sum', i.sum);
  pushElement(out, 'vatPercent', i.vatPercent);
  pushElement(out, 'vatSum', i.vatSum);
  pushElement(out, 'discountSum', i.discountSum);
  pushElement(out, 'amountUnit', i.amountUnit);
  pushElement(out, 'containerId', i.containerId);
  pushElement(out, 'num', i.num);
  pushElement(out, 'supplierProduct', i.supplierProduct);
  pushElement(out, 'product', i.product);
  pushElement(out, 'productArticle', i.productArticle);
  pushElement(out, 'amount', i.amount);
  out.push('</item>');
}
