import type { IikoStockBalance } from '@getinn/iiko-client';
import { mapBatch } from './batch';
import { MONEY_SCALE, QUANTITY_SCALE, fitsScale, formatDecimal, parseDecimal } from './decimal';
import { MappingConfigurationError } from './errors';
import type { MappingResult, RecordIssues } from './issues';
import { EXTERNAL_SYSTEM_TYPE, type StockBalance } from './records';
import { presentText } from './text';

/**
 * Stock balances (`IikoClient.stockBalances`) as GET INN's {@link StockBalance}s, all stamped with the
 * moment they were asked for. Amounts and sums stay exact; a line without a store or product
 * (`MISSING_STORE` / `MISSING_PRODUCT`) or with a number that cannot be kept exactly (`INVALID_DECIMAL`)
 * is reported and left out.
 *
 * @param asOf - the `timestamp` the balances were read for, `YYYY-MM-DDTHH:mm:ss`
 * @throws MappingConfigurationError when `asOf` is not `YYYY-MM-DDTHH:mm:ss`
 * @example
 * ```ts
 * const asOf = '2026-11-17T23:59:59';
 * const { items } = mapStockBalances(await iiko.stockBalances({ timestamp: asOf }), asOf);
 * ```
 */
export function mapStockBalances(balances: readonly IikoStockBalance[], asOf: string): MappingResult<StockBalance> {
  if (typeof asOf !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(asOf)) {
    throw new MappingConfigurationError('asOf', `asOf must be YYYY-MM-DDTHH:mm:ss, got ${String(asOf)}`);
  }
  return mapBatch(balances, 'balances', 'stockBalance', (record, _id, issues) => {
    const store = presentText(record.store);
    const product = presentText(record.product);
    if (store === undefined) issues.error('MISSING_STORE', ['store'], 'the balance names no store');
    if (product === undefined) issues.error('MISSING_PRODUCT', ['product'], 'the balance names no product');
    const amount = exact(record.amount, 'amount', QUANTITY_SCALE, issues);
    const sum = exact(record.sum, 'sum', MONEY_SCALE, issues);
    if (store === undefined || product === undefined || amount === undefined || sum === undefined) return undefined;
    return {
      externalId: `${store}:${product}`,
      externalSystemType: EXTERNAL_SYSTEM_TYPE,
      externalMetadata: {},
      storeExternalId: store,
      inventoryItemExternalId: product,
      amount,
      sum,
      asOf,
    };
  });
}

function exact(raw: unknown, field: string, scale: number, issues: RecordIssues): string | undefined {
  const value = parseDecimal(raw);
  if (value === undefined || !fitsScale(value, scale)) {
    issues.error('INVALID_DECIMAL', [field], `the balance's ${field} ${JSON.stringify(raw)} cannot be kept exactly`);
    return undefined;
  }
  return formatDecimal(value, scale);
}
