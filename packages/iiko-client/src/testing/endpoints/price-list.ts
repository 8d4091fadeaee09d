import { type FakeReply, textReply, xmlReply } from '../reply';
import { escapeXml } from '../xml';
import type { EndpointContext } from './context';

/** `/resto/api/suppliers/{supplierCode}/pricelist`, the code captured. */
export const PRICE_LIST_PATH = /^\/resto\/api\/suppliers\/([^/]+)\/pricelist$/;

/**
 * `GET /resto/api/suppliers/{supplierCode}/pricelist?date=DD.MM.YYYY`: the supplier's price list, derived
 * from the fake's own data so that it agrees with it: each product the supplier delivered on or before
 * `date` (invoices not `DELETED`), at the price of its latest such line, with the product's name, code
 * and article from the nomenclature and the pack of that line. An unknown code answers 404; a bad date
 * 400 `Wrong date format`.
 */
export function supplierPriceList({ url, state }: EndpointContext): FakeReply {
  const code = decodeURIComponent(PRICE_LIST_PATH.exec(url.pathname)?.[1] ?? '');
  const date = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(url.searchParams.get('date') ?? '');
  if (date === null) return textReply(400, `Wrong date format: ${url.searchParams.get('date') ?? 'null'}`);
  const day = `${date[3]}-${date[2]}-${date[1]}`;
  const supplier = state.data.suppliers.find((candidate) => candidate.code === code);
  if (supplier === undefined) return textReply(404, `Supplier with code '${code}' not found`);
  const products = new Map((state.data.products ?? []).map((product) => [product.id, product]));
  const latest = new Map<string, { day: string; price: string; container?: string | undefined; supplierProduct?: string | undefined }>();
  for (const document of state.data.incomingInvoices) {
    if (document.supplier !== supplier.id || document.status === 'DELETED') continue;
    const documentDay = document.dateIncoming.slice(0, 10);
    if (documentDay > day) continue;
    for (const item of document.items) {
      const known = latest.get(item.product);
      if (known !== undefined && known.day > documentDay) continue;
      latest.set(item.product, { day: documentDay, price: item.price, container: item.containerId, supplierProduct: item.supplierProduct });
    }
  }
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?><supplierPriceListItemDtoes>'];
  for (const [productId, line] of latest) {
    const product = products.get(productId);
    out.push('<supplierPriceListItemDto>');
    field(out, 'nativeProduct', productId);
    field(out, 'nativeProductCode', product?.code);
    field(out, 'nativeProductNum', product?.num);
    field(out, 'nativeProductName', product?.name);
    field(out, 'supplierProduct', line.supplierProduct);
    field(out, 'supplierProductNum', product === undefined ? undefined : `S-${product.num}`);
    field(out, 'supplierProductName', product?.name);
    field(out, 'container', line.container);
    field(out, 'costPrice', line.price);
    out.push('</supplierPriceListItemDto>');
  }
  out.push('</supplierPriceListItemDtoes>');
  return xmlReply(out.join(''));
}

function field(out: string[], name: string, value: string | undefined): void {
  if (value === undefined || value === '') return;
  out.push(`<${name}>${escapeXml(value)}</${name}>`);
}
