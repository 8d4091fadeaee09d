/**
 * Price lists and stock balances as sync entities, against the fake iikoServer over real HTTP, in the
 * memory and SQLite stores: off by default, one request per active supplier, exact prices, delisted lines
 * inactive, one supplier's refused list costing only that supplier, and a balance snapshot whose time is
 * kept only once all of it is written.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StockBalance, Supplier, SupplierPriceListItem } from '@getinn/iiko-mappers';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SYNC_ENTITIES, STOCK_BALANCE_CURSOR, SYNC_ENTITY_TYPES } from '../src/index';
import { createMemorySyncStore } from '../src/memory-store';
import { createSqliteSyncStore, type SqliteSyncStore } from '../src/sqlite/index';
import type { SyncStore } from '../src/sync-store';
import { TODAY, requestsTo, startHarness, type Harness } from './helpers';

const directory = mkdtempSync(join(tmpdir(), 'iiko-sync-procurement-'));
const sqliteStores: SqliteSyncStore[] = [];
afterAll(() => {
  for (const store of sqliteStores) store.close();
  rmSync(directory, { recursive: true, force: true });
});

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const NOON = Date.parse(`${TODAY}T12:00:00Z`);
const PROCUREMENT = ['restaurants', 'stores', 'suppliers', 'products', 'priceLists', 'stockBalances'] as const;

const stores: { name: string; create: () => SyncStore }[] = [
  { name: 'memory store', create: () => createMemorySyncStore() },
  {
    name: 'SQLite store',
    create: () => {
      const store = createSqliteSyncStore({ filename: join(directory, `${sqliteStores.length}.sqlite`) });
      sqliteStores.push(store);
      return store;
    },
  },
];

/** The suppliers a run reads price lists for: active, not a store, with a code. */
const readable = (h: Harness) => h.fake.server.data.suppliers.filter((s) => s.supplier !== false && !s.deleted && !s.representsStore && s.code);

for (const { name, create } of stores) {
  describe(`price lists and balances (${name})`, () => {
    it('are off by default: a run without entities reads neither', async () => {
      harness = await startHarness({ store: create() });
      const h = harness;
      await h.addAccount('acc-1');
      expect(DEFAULT_SYNC_ENTITIES).toEqual(SYNC_ENTITY_TYPES.filter((entity) => entity !== 'priceLists' && entity !== 'stockBalances'));
      const report = await h.sync.run('acc-1');
      expect(report.status).toBe('success');
      expect(report.entities.priceLists).toMatchObject({ status: 'skipped', skippedReason: 'not requested' });
      expect(report.entities.stockBalances).toMatchObject({ status: 'skipped', skippedReason: 'not requested' });
      expect(h.fake.server.requests.filter((r) => r.path.endsWith('/pricelist') || r.path.includes('/balance/'))).toEqual([]);
    });

    it('store every active supplier’s list exactly, one request each, and a balance snapshot stamped with its moment', async () => {
      harness = await startHarness({ store: create() });
      const h = harness;
      await h.addAccount('acc-1');
      const report = await h.sync.run('acc-1', { entities: [...PROCUREMENT] });
      expect(report.status).toBe('success');

      const suppliers = (await h.store.list<Supplier>('acc-1', 'suppliers')).filter((s) => s.data.isActive && !s.data.representsStore);
      const requests = requestsTo(h, '/resto/api/suppliers/').filter((r) => r.path.endsWith('/pricelist'));
      expect(requests.map((r) => decodeURIComponent(r.path.split('/')[4]!)).sort()).toEqual(suppliers.map((s) => s.data.contactInfo.code).sort());
      expect(new Set(requests.map((r) => r.query['date']))).toEqual(new Set([TODAY.split('-').reverse().join('.')]));

      const lines = await h.store.list<SupplierPriceListItem>('acc-1', 'priceLists');
      const data = h.fake.server.data;
      const expected = readable(h).flatMap((supplier) => {
        const latest = new Map<string, string>();
        const documents = data.incomingInvoices
          .filter((d) => d.supplier === supplier.id && d.status !== 'DELETED' && d.dateIncoming.slice(0, 10) <= TODAY)
          .sort((a, b) => (a.dateIncoming < b.dateIncoming ? -1 : 1));
        for (const document of documents) for (const item of document.items) latest.set(item.product, item.price);
        return [...latest].map(([product, price]) => ({ supplier: supplier.id, product, price }));
      });
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.length).toBe(expected.length);
      expect(report.entities.priceLists).toMatchObject({ status: 'success', fetched: expected.length, created: expected.length, failed: 0 });
      for (const want of expected) {
        const line = lines.find((l) => l.data.supplierExternalId === want.supplier && l.data.inventoryItemExternalId === want.product)!;
        // Exact: the fake's 9-decimal text, at the money scale, never through a float.
        expect(line.data).toMatchObject({ validFrom: TODAY, isActive: true, externalMetadata: { costPrice: want.price } });
        expect(line.data.price).toBe(want.price);
      }

      const asOf = `${TODAY}T12:00:00`;
      const balances = await h.store.list<StockBalance>('acc-1', 'stockBalances');
      expect(balances.length).toBeGreaterThan(0);
      expect(new Set(balances.map((b) => b.data.asOf))).toEqual(new Set([asOf]));
      expect(await h.store.getCursor('acc-1', STOCK_BALANCE_CURSOR)).toBe(asOf);
      expect(requestsTo(h, '/resto/api/v2/reports/balance/stores').map((r) => r.query['timestamp'])).toEqual([asOf]);
      const storeIds = new Set((await h.store.list('acc-1', 'stores')).map((s) => s.externalId));
      for (const balance of balances) expect(storeIds.has(balance.data.storeExternalId)).toBe(true);

      const again = await h.sync.run('acc-1', { entities: ['priceLists'] });
      expect(again.entities.priceLists).toMatchObject({ status: 'success', created: 0, updated: 0, unchanged: expected.length });
    });

    it('marks a line the supplier delisted inactive, and leaves other suppliers’ lines alone', async () => {
      harness = await startHarness({ store: create() });
      const h = harness;
      await h.addAccount('acc-1');
      await h.sync.run('acc-1', { entities: ['suppliers', 'products', 'priceLists'] });
      const before = await h.store.list<SupplierPriceListItem>('acc-1', 'priceLists');
      const supplierId = before[0]!.data.supplierExternalId;
      const own = before.filter((line) => line.data.supplierExternalId === supplierId);
      expect(own.length).toBeGreaterThan(1);
      const kept = own[0]!.data;
      const code = h.fake.server.data.suppliers.find((s) => s.id === supplierId)!.code!;
      const body =
        '<?xml version="1.0" encoding="UTF-8"?><supplierPriceListItemDtoes><supplierPriceListItemDto>' +
        `<nativeProduct>${kept.inventoryItemExternalId}</nativeProduct>` +
        (kept.containerExternalId === null ? '' : `<container>${kept.containerExternalId}</container>`) +
        `<costPrice>${kept.price}</costPrice></supplierPriceListItemDto></supplierPriceListItemDtoes>`;
      h.fake.server.injectFault({ kind: 'status', status: 200, body, path: `/resto/api/suppliers/${encodeURIComponent(code)}/pricelist` });

      const report = await h.sync.run('acc-1', { entities: ['priceLists'] });
      expect(report.entities.priceLists).toMatchObject({ status: 'success', deactivated: own.length - 1 });
      const after = await h.store.list<SupplierPriceListItem>('acc-1', 'priceLists');
      const inactive = after.filter((line) => !line.data.isActive);
      expect(inactive.map((line) => line.externalId).sort()).toEqual(own.slice(1).map((line) => line.externalId).sort());
      for (const line of inactive) expect(line.data.deactivatedAt).toBe(new Date(NOON).toISOString());
      expect(after.filter((line) => line.data.supplierExternalId !== supplierId).every((line) => line.data.isActive)).toBe(true);
    });

    it('reports a supplier whose list iiko refuses, keeps that supplier’s stored lines, and syncs the others', async () => {
      harness = await startHarness({ store: create() });
      const h = harness;
      await h.addAccount('acc-1');
      await h.sync.run('acc-1', { entities: ['suppliers', 'products', 'priceLists'] });
      const before = await h.store.list<SupplierPriceListItem>('acc-1', 'priceLists');
      const supplierId = before[0]!.data.supplierExternalId;
      const code = h.fake.server.data.suppliers.find((s) => s.id === supplierId)!.code!;
      // More 500s than the client retries: this supplier's list cannot be read in this run.
      h.fake.server.injectFault({ kind: 'status', status: 500, path: `/resto/api/suppliers/${encodeURIComponent(code)}/pricelist`, times: 10 });

      const report = await h.sync.run('acc-1', { entities: ['priceLists'] });
      expect(report.entities.priceLists).toMatchObject({ status: 'partial', failed: 1, deactivated: 0 });
      expect(report.entities.priceLists.issues).toEqual([
        expect.objectContaining({ code: 'PRICE_LIST_UNAVAILABLE', externalId: supplierId, severity: 'error', entity: 'priceListItem' }),
      ]);
      expect(report.status).toBe('partial');
      const after = await h.store.list<SupplierPriceListItem>('acc-1', 'priceLists');
      expect(after).toEqual(before);
      expect(after.every((line) => line.data.isActive)).toBe(true);
    });

    it('keeps the snapshot time of the last complete balance snapshot only, and moves it with the next one', async () => {
      let now = NOON;
      harness = await startHarness({ store: create(), sync: { clock: { now: () => now }, timeZone: 'Europe/Moscow' } });
      const h = harness;
      await h.addAccount('acc-1');
      await h.sync.run('acc-1', { entities: ['restaurants', 'stores', 'stockBalances'] });
      expect(await h.store.getCursor('acc-1', STOCK_BALANCE_CURSOR)).toBe(`${TODAY}T15:00:00`); // noon UTC in Moscow

      now += 3_600_000;
      h.fake.server.injectFault({ kind: 'status', status: 500, path: '/resto/api/v2/reports/balance/stores', times: 10 });
      const failed = await h.sync.run('acc-1', { entities: ['stockBalances'] });
      expect(failed.entities.stockBalances).toMatchObject({ status: 'failed', error: expect.objectContaining({ code: 'SERVER_ERROR' }) });
      expect(await h.store.getCursor('acc-1', STOCK_BALANCE_CURSOR)).toBe(`${TODAY}T15:00:00`);

      h.fake.server.clearFaults();
      const next = await h.sync.run('acc-1', { entities: ['stockBalances'] });
      expect(next.entities.stockBalances.status).toBe('success');
      expect(await h.store.getCursor('acc-1', STOCK_BALANCE_CURSOR)).toBe(`${TODAY}T16:00:00`);
      const balances = await h.store.list<StockBalance>('acc-1', 'stockBalances');
      expect(new Set(balances.map((b) => b.data.asOf))).toEqual(new Set([`${TODAY}T16:00:00`]));
    });

    it('skips price lists when the suppliers of the same run failed, and balances when the stores did', async () => {
      harness = await startHarness({ store: create() });
      const h = harness;
      await h.addAccount('acc-1');
      h.fake.server.injectFault({ kind: 'status', status: 500, path: '/resto/api/suppliers', times: 10 });
      h.fake.server.injectFault({ kind: 'status', status: 500, path: '/resto/api/corporation/stores', times: 10 });
      const report = await h.sync.run('acc-1', { entities: ['stores', 'suppliers', 'priceLists', 'stockBalances'] });
      expect(report.entities.priceLists).toMatchObject({ status: 'skipped', skippedReason: 'priceLists refer to suppliers, which did not sync in this run' });
      expect(report.entities.stockBalances).toMatchObject({ status: 'skipped', skippedReason: 'stockBalances refer to stores, which did not sync in this run' });
    });
  });
}
