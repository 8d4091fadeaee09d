import type { IikoSupplierPriceListItem } from '@getinn/iiko-client';
import { mapBatch } from './batch';
import { MONEY_SCALE, fitsScale, formatDecimal, parseDecimal } from './decimal';
import { MappingConfigurationError } from './errors';
import type { MappingResult } from './issues';
import { EXTERNAL_SYSTEM_TYPE, type SupplierPriceListItem, type SupplierPriceListItemMetadata } from './records';
import { presentText } from './text';

/** Options of {@link mapSupplierPriceList}. */
export interface MapSupplierPriceListOptions {
  /** iiko id of the supplier whose list this is (the list's lines do not name it). */
  supplierExternalId: string;
  /** The day the list was read for, `YYYY-MM-DD`: the `validFrom` of every line. */
  validFrom: string;
}

/**
 * A supplier's price list (`IikoClient.supplierPriceList`) as GET INN's {@link SupplierPriceListItem}s,
 * prices exact at {@link MONEY_SCALE} decimals. A line without a product is an `MISSING_PRODUCT` error; one
 * without a price, or with a price that is not a decimal or has more decimals than can be kept exactly, an
 * `MISSING_SUM` / `INVALID_DECIMAL` error — reported, never guessed as zero.
 *
 * @throws MappingConfigurationError when `supplierExternalId` is empty or `validFrom` is not `YYYY-MM-DD`
 * @example
 * ```ts
 * const { items } = mapSupplierPriceList(await iiko.supplierPriceList('00042', { date: '2026-11-17' }), {
 *   supplierExternalId: milk.id,
 *   validFrom: '2026-11-17',
 * });
 * ```
 */
export function mapSupplierPriceList(
  lines: readonly IikoSupplierPriceListItem[],
  options: MapSupplierPriceListOptions,
): MappingResult<SupplierPriceListItem> {
  if (typeof options?.supplierExternalId !== 'string' || options.supplierExternalId === '') {
    throw new MappingConfigurationError('supplierExternalId', 'mapSupplierPriceList needs the id of the supplier whose list it is');
  }
  if (typeof options.validFrom !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(options.validFrom)) {
    throw new MappingConfigurationError('validFrom', `validFrom must be YYYY-MM-DD, got ${String(options.validFrom)}`);
  }
  const { supplierExternalId, validFrom } = options;
  return mapBatch(lines, 'lines', 'priceListItem', (record, _id, issues) => {
    const product = presentText(record.nativeProduct);
    if (product === undefined) {
      issues.error('MISSING_PRODUCT', ['nativeProduct'], 'the price list line names no product');
      return undefined;
    }
    const rawPrice = record.costPrice;
    if (rawPrice === undefined || rawPrice === null || rawPrice === '') {
      issues.error('MISSING_SUM', ['costPrice'], `the price of product ${product} is missing`);
      return undefined;
    }
    const price = parseDecimal(rawPrice);
    if (price === undefined || !fitsScale(price, MONEY_SCALE)) {
      issues.error('INVALID_DECIMAL', ['costPrice'], `the price ${JSON.stringify(rawPrice)} of product ${product} cannot be kept exactly`);
      return undefined;
    }
    const container = presentText(record.container) ?? null;
    const externalMetadata: SupplierPriceListItemMetadata = {};
    for (const name of ['nativeProductCode', 'nativeProductNum', 'supplierProduct', 'supplierProductCode'] as const) {
      const value = presentText(record[name]);
      if (value !== undefined) externalMetadata[name] = value;
    }
    externalMetadata.costPrice = String(rawPrice);
    return {
      externalId: `${supplierExternalId}:${product}:${container ?? ''}`,
      externalSystemType: EXTERNAL_SYSTEM_TYPE,
      externalMetadata,
      supplierExternalId,
      inventoryItemExternalId: product,
      supplierArticle: presentText(record.supplierProductNum) ?? null,
      supplierProductName: presentText(record.supplierProductName) ?? presentText(record.nativeProductName) ?? null,
      containerExternalId: container,
      price: formatDecimal(price, MONEY_SCALE),
      validFrom,
      isActive: true,
    };
  });
}
