/** The procurement entities of a run: suppliers' price lists and a stock balance snapshot. Internal. */
import { mapStockBalances, type Supplier, type SupplierPriceListItem } from '@getinn/iiko-mappers';
import { STOCK_BALANCE_CURSOR } from './constants';
import { calendarDateIn, localTimestampIn } from './dates';
import { describeError, stopsRun } from './describe-error';
import type { PhaseTools } from './phase-tools';
import { priceListsOf, type SupplierPriceLists } from './price-lists';
import type { EntityReport } from './report';
import type { StoredRecord } from './sync-store';

/**
 * Every active supplier's price list as of today (the run's time zone): one request per supplier with
 * a code, in code order. A list iiko refuses (404, 500, a malformed answer) is a `PRICE_LIST_UNAVAILABLE`
 * issue and leaves that supplier's stored lines as they were; a failure of the session, licence or
 * network stops the entity as any read does. Lines a supplier's list no longer has become inactive.
 */
export async function syncPriceLists(tools: PhaseTools, report: EntityReport): Promise<void> {
  const { client, store, accountId, clock, settings, redact } = tools.context();
  const suppliers = await tools.timedStore(report, 'read the suppliers', () => store.list<Supplier>(accountId, 'suppliers'));
  const day = calendarDateIn(clock.now(), settings.timeZone);
  const lists: SupplierPriceLists = [];
  for (const supplier of readablePriceLists(suppliers)) {
    tools.progress('priceLists', 'fetch', report);
    try {
      const list = await tools.fetch(report, (call) => client.tolerant.supplierPriceList(supplier.code, { ...call, date: day }));
      lists.push({ supplierExternalId: supplier.externalId, ...list });
    } catch (error) {
      const info = describeError(error, redact);
      if (tools.isAbort(error) || stopsRun(info)) throw error;
      report.issues.push({
        entity: 'priceListItem',
        externalId: supplier.externalId,
        index: -1,
        code: 'PRICE_LIST_UNAVAILABLE',
        message: `the price list of supplier ${supplier.externalId} (code ${supplier.code}) could not be read: ${info.message}`,
        path: [],
        severity: 'error',
      });
      report.issueCounts.PRICE_LIST_UNAVAILABLE = (report.issueCounts.PRICE_LIST_UNAVAILABLE ?? 0) + 1;
      report.failed += 1;
    }
  }
  tools.progress('priceLists', 'map', report);
  const read = new Set(lists.map((list) => list.supplierExternalId));
  const { result, invalid } = priceListsOf(lists, day);
  await tools.mapAndStore('priceLists', report, () => result, {
    lifecycle: true,
    // Only the suppliers whose list was read can have delisted a line.
    lifecycleScope: (stored) => read.has((stored.data as Partial<SupplierPriceListItem>).supplierExternalId ?? ''),
    invalid: { records: invalid, entity: 'priceListItem' },
  });
}

/**
 * A snapshot of every store's balances as of now (the run's time zone), each line stamped with that
 * moment; the snapshot's `asOf` is kept in {@link STOCK_BALANCE_CURSOR} once all of it is written, so a
 * reader can tell a line of the latest snapshot from one the store no longer holds.
 */
export async function syncStockBalances(tools: PhaseTools, report: EntityReport): Promise<void> {
  const { client, store, accountId, clock, settings } = tools.context();
  const asOf = localTimestampIn(clock.now(), settings.timeZone);
  tools.progress('stockBalances', 'fetch', report);
  const balances = await tools.fetch(report, (call) => client.tolerant.stockBalances({ ...call, timestamp: asOf }));
  tools.progress('stockBalances', 'map', report);
  await tools.mapAndStore('stockBalances', report, () => mapStockBalances(balances.items, asOf), {
    invalid: { records: balances.invalid, entity: 'stockBalance' },
  });
  await tools.timedStore(report, 'keep the stock balance snapshot time', () => store.setCursor(accountId, STOCK_BALANCE_CURSOR, asOf));
}

/** The suppliers whose price list a run reads: active ones with a code (the endpoint names a supplier by code), by code. */
function readablePriceLists(suppliers: readonly StoredRecord<Supplier>[]): { externalId: string; code: string }[] {
  return suppliers
    .filter((record) => record.data.isActive && !record.data.representsStore && typeof record.data.contactInfo?.code === 'string' && record.data.contactInfo.code !== '')
    .map((record) => ({ externalId: record.externalId, code: record.data.contactInfo.code! }))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}
