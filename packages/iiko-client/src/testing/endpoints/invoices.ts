import { type FakeReply, textReply, xmlReply } from '../reply';
import { renderInvoiceChunks } from '../render-invoices';
import type { EndpointContext } from './context';
import { checkRevisionFrom, isIsoDate } from './validate';

/**
 * `GET /resto/api/documents/export/incomingInvoice?from=&to=[&supplierId=…]`: documents whose booking
 * date (`dateIncoming`'s calendar date, time and offset ignored) lies in `from`..`to`, both inclusive, in
 * every status including `DELETED`, in data order. Bad dates answer 400 `Wrong date format: …` as iiko does.
 * The body is produced per document so large exports stream.
 */
export function exportIncomingInvoices({ url, state }: EndpointContext): FakeReply {
  const from = url.searchParams.get('from');
  const to = url.searchParams.get('to');
  for (const value of [from, to]) {
    if (value === null || !isIsoDate(value)) return textReply(400, `Wrong date format: ${value ?? 'null'}`);
  }
  if (from === null || to === null) return textReply(400, 'Wrong date format: null');
  if (from > to) return textReply(400, `Date from (${from}) is after date to (${to})`);
  const revisionProblem = checkRevisionFrom(url);
  if (revisionProblem !== undefined) return revisionProblem;
  const supplierIds = new Set(url.searchParams.getAll('supplierId').map((id) => id.toLowerCase()));
  const documents = state.data.incomingInvoices.filter((document) => {
    const day = document.dateIncoming.slice(0, 10);
    if (day < from || day > to) return false;
    return supplierIds.size === 0 || supplierIds.has(document.supplier.toLowerCase());
  });
  return xmlReply(() => renderInvoiceChunks(documents));
}
