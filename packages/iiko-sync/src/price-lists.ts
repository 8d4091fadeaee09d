/** Several suppliers' price lists as one mapping result, for one write. Internal. */
import type { InvalidRecord, TolerantList, IikoSupplierPriceListItem } from '@getinn/iiko-client';
import { mapSupplierPriceList, type MappingIssue, type MappingResult, type SupplierPriceListItem } from '@getinn/iiko-mappers';

/** The price lists a run read, each with the supplier it belongs to (iiko's lines do not name it). */
export type SupplierPriceLists = (TolerantList<IikoSupplierPriceListItem> & { supplierExternalId: string })[];

/**
 * Maps every supplier's list and joins the results. Positions in issues and invalid records count across
 * the lists, in the order read, so each names one line of what iiko sent.
 */
export function priceListsOf(lists: SupplierPriceLists, validFrom: string): { result: MappingResult<SupplierPriceListItem>; invalid: InvalidRecord[] } {
  const items: SupplierPriceListItem[] = [];
  const issues: MappingIssue[] = [];
  const invalid: InvalidRecord[] = [];
  let offset = 0;
  for (const list of lists) {
    const mapped = mapSupplierPriceList(list.items, { supplierExternalId: list.supplierExternalId, validFrom });
    items.push(...mapped.items);
    for (const issue of mapped.issues) issues.push({ ...issue, index: issue.index + offset });
    offset += list.items.length;
    for (const record of list.invalid) invalid.push({ ...record, index: record.index + offset });
    offset += list.invalid.length;
  }
  return { result: { items, issues }, invalid };
}
