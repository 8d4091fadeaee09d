/**
 * The fake chain with its data problems, end to end: every exported invoice lands or waits with its
 * reason, the waiting ones land once iiko's data is fixed, and every line carries a product and a unit
 * name.
 */
import type { Invoice, Restaurant, Store } from '@getinn/iiko-mappers';
import { resolveFakeDataProblems } from '@getinn/iiko-client/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { SMALL_DATASET, TODAY, requestsTo, startHarness, type Harness } from './helpers';
import type { SyncStore } from '../src/sync-store';
import { createSqliteSyncStore } from '../src/sqlite/index';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe.each([
  ['memory store', (): SyncStore | undefined => undefined],
  ['SQLite store', (): SyncStore | undefined => createSqliteSyncStore({ filename: ':memory:' })],
])('a full sync of the fake chain with data problems (%s)', (_name, makeStore) => {
  it('stores every exported invoice or keeps it pending with its reason, then lands it once iiko is fixed', async () => {
    let now = Date.parse(`${TODAY}T12:00:00Z`);
    const store = makeStore();
    harness = await startHarness({
      dataset: { ...SMALL_DATASET, dataProblems: true },
      sync: { clock: { now: () => now } },
      ...(store === undefined ? {} : { store }),
    });
    const h = harness;
    await h.addAccount('acc-1');
    const data = h.fake.server.data;
    const problems = data.dataProblems!;

    const first = await h.sync.run('acc-1');
    // The orphan store is kept without an owner; its invoice lands.
    expect(first.entities.stores.issueCounts).toEqual({ STORE_WITHOUT_RESTAURANT: 1 });
    const stores = await h.store.list<Store>('acc-1', 'stores');
    expect(stores.find((s) => s.externalId === problems.orphanStoreId)!.data.restaurantExternalId).toBeNull();
    const restaurants = await h.store.list<Restaurant>('acc-1', 'restaurants');
    expect(new Set(restaurants.map((r) => r.data.kind))).toEqual(new Set(['restaurant', 'central_store', 'production']));

    // Two invoices wait: the malformed one and the late supplier's.
    expect(first.entities.invoices.issueCounts).toEqual({ INVALID_RECORD: 1, UNRESOLVED_REFERENCE: 1 });
    expect(first.entities.invoices).toMatchObject({ fetched: data.incomingInvoices.length, failed: 2, created: data.incomingInvoices.length - 2 });
    expect(first.pending).toMatchObject({ count: 2, stale: 0, byCode: { INVALID_RECORD: 1, UNRESOLVED_REFERENCE: 1 } });
    expect(first.status).toBe('partial');
    const waiting = await h.store.listPending!('acc-1', 'invoices');
    expect(waiting.map((record) => [record.externalId, record.code]).sort()).toEqual(
      [
        [problems.malformedInvoice.invoiceId, 'INVALID_RECORD'],
        [problems.lateSupplier.invoiceId, 'UNRESOLVED_REFERENCE'],
      ].sort(),
    );
    expect(waiting.every((record) => record.attempts === 1 && record.window !== null)).toBe(true);
    expect(h.logLines.some((line) => line.includes('wait to land on a later run'))).toBe(true);

    // A later run before iiko is fixed: still waiting, with a second attempt; nothing else is rewritten.
    now += 86_400_000;
    const second = await h.sync.run('acc-1');
    expect(second.pending).toMatchObject({ count: 2, stale: 0 });
    expect((await h.store.listPending!('acc-1', 'invoices')).map((record) => record.attempts)).toEqual([2, 2]);

    // iiko is fixed: the sum is a decimal again and the supplier exists. Both windows lie before the
    // cursor's overlap, so they are read again as pending windows, and both invoices land.
    resolveFakeDataProblems(data);
    now += 86_400_000;
    h.fake.server.resetStats();
    const third = await h.sync.run('acc-1');
    expect(third.entities.invoices.landedFromPending).toBe(2);
    expect(third.pending).toMatchObject({ count: 0, stale: 0 });
    expect(await h.store.listPending!('acc-1', 'invoices')).toEqual([]);
    expect(third.status).toBe('success');
    const windows = requestsTo(h, '/resto/api/documents').map((r) => r.query.from);
    expect(windows.some((from) => typeof from === 'string' && from < '2026-09-28')).toBe(true);

    // Every exported invoice is stored, and every line carries a product name and a unit name.
    const invoices = await h.store.list<Invoice>('acc-1', 'invoices');
    expect(invoices.map((i) => i.externalId).sort()).toEqual(data.incomingInvoices.map((d) => d.id).sort());
    const productNames = new Map(data.products!.map((p) => [p.id, p.name]));
    const unitNames = new Set(data.measureUnits!.map((u) => u.name));
    for (const { data: invoice } of invoices) {
      for (const line of invoice.items) {
        expect(line.description).toBe(productNames.get(line.inventoryItemExternalId!));
        expect(unitNames.has(line.unit!)).toBe(true);
        expect(line.externalMetadata.amountUnit).toBeDefined();
      }
    }
    // Deleted products still name their old lines: the nomenclature is read with deleted ones.
    expect(await h.store.list('acc-1', 'products')).toHaveLength(data.products!.length);
  });

  it('reports pending invoices older than pendingMaxAgeMs as stale, so the run is never success', async () => {
    let now = Date.parse(`${TODAY}T12:00:00Z`);
    const store = makeStore();
    harness = await startHarness({
      dataset: { ...SMALL_DATASET, dataProblems: true },
      sync: { clock: { now: () => now }, pendingMaxAgeMs: 3_600_000 },
      ...(store === undefined ? {} : { store }),
    });
    await harness.addAccount('acc-1');
    await harness.sync.run('acc-1');
    now += 2 * 3_600_000;
    const later = await harness.sync.run('acc-1');
    expect(later.pending).toMatchObject({ count: 2, stale: 2, maxAgeMs: 3_600_000 });
    expect(later.status).toBe('partial');
    expect(harness.logLines.some((line) => line.includes('have waited longer than'))).toBe(true);
  });
});

describe('a clean chain', () => {
  it('ends success with every invoice stored and nothing pending', async () => {
    harness = await startHarness();
    await harness.addAccount('acc-1');
    const report = await harness.sync.run('acc-1');
    expect(report.status).toBe('success');
    expect(report.pending).toMatchObject({ count: 0, stale: 0 });
    expect(report.entities.products).toMatchObject({ status: 'success', created: harness.fake.server.data.products!.length });
  });
});
