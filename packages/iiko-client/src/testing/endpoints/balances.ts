import { formatScaled } from '../decimal';
import { type FakeReply, textReply } from '../reply';
import type { EndpointContext } from './context';

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const SCALE = 9;

/**
 * `GET /resto/api/v2/reports/balance/stores?timestamp=yyyy-MM-ddTHH:mm:ss[&store=…][&product=…]`: each
 * store's balance of each product at `timestamp`, derived from the fake's own invoices so that it agrees
 * with them: the amounts and sums received (documents not `DELETED`, booked at or before `timestamp`),
 * added exactly. The fake models no sales or write-offs, so a balance is what came in. A bad or missing
 * timestamp answers 400.
 */
export function stockBalances({ url, state }: EndpointContext): FakeReply {
  const timestamp = url.searchParams.get('timestamp');
  if (timestamp === null || !TIMESTAMP.test(timestamp)) return textReply(400, `Wrong timestamp format: ${timestamp ?? 'null'}`);
  const stores = new Set(url.searchParams.getAll('store'));
  const products = new Set(url.searchParams.getAll('product'));
  const totals = new Map<string, { store: string; product: string; amount: bigint; sum: bigint }>();
  for (const document of state.data.incomingInvoices) {
    if (document.status === 'DELETED' || document.dateIncoming.slice(0, 19) > timestamp) continue;
    for (const item of document.items) {
      if ((stores.size > 0 && !stores.has(item.store)) || (products.size > 0 && !products.has(item.product))) continue;
      const key = `${item.store}|${item.product}`;
      const total = totals.get(key) ?? { store: item.store, product: item.product, amount: 0n, sum: 0n };
      total.amount += scaled(item.actualAmount ?? item.amount);
      total.sum += scaled(item.sum);
      totals.set(key, total);
    }
  }
  const body = [...totals.values()].map(({ store, product, amount, sum }) => ({
    store,
    product,
    amount: Number(formatScaled(amount, SCALE)),
    sum: Number(formatScaled(sum, SCALE)),
  }));
  return { status: 200, headers: { 'content-type': 'application/json; charset=UTF-8' }, body: JSON.stringify(body) };
}

/** A decimal string as an integer count of 10^-9. */
function scaled(value: string): bigint {
  const [whole = '0', fraction = ''] = value.replace(/^-/, '').split('.');
  const units = BigInt(whole) * 10n ** BigInt(SCALE) + BigInt((fraction + '0'.repeat(SCALE)).slice(0, SCALE));
  return value.startsWith('-') ? -units : units;
}
