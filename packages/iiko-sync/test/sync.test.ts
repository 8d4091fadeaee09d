import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Invoice, Restaurant, Store, Supplier } from '@getinn/iiko-mappers';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { INVOICE_CURSOR, SyncConfigurationError, createIikoSync, type SyncProgress } from '../src/index';
import { createSqliteSyncStore, type SqliteSyncStore } from '../src/sqlite/index';
import type { SyncStore } from '../src/sync-store';
import { SMALL_DATASET, TODAY, requestsTo, startHarness, type Harness } from './helpers';

const directory = mkdtempSync(join(tmpdir(), 'iiko-sync-run-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

let harness: Harness | undefined;
const sqliteStores: SqliteSyncStore[] = [];
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  for (const store of sqliteStores.splice(0)) store.close();
});

const stores: [string, () => SyncStore][] = [
  ['memory store', () => undefined as unknown as SyncStore],
  [
    'SQLite file store',
    () => {
      const store = createSqliteSyncStore({ filename: join(directory, `run-${sqliteStores.length}-${Date.now()}.sqlite`) });
      sqliteStores.push(store);
      return store;
    },
  ],
];

describe.each(stores)('run with the %s', (_name, makeStore) => {
  const start = async (): Promise<Harness> => {
    const store = makeStore();
    harness = await startHarness(store === undefined ? {} : { store });
    await harness.addAccount('acc-1');
    return harness;
  };

  it('syncs a whole chain in order, with one login, one logout and nothing left held', async () => {
    const h = await start();
    const data = h.fake.server.data;
    const report = await h.sync.run('acc-1');

    const owners = data.corporateItems.filter((item) => ['DEPARTMENT', 'CENTRALSTORE', 'MANUFACTURE'].includes(item.type));
    const storeNodes = data.corporateItems.filter((item) => item.type === 'STORE');
    const suppliers = data.suppliers.filter((supplier) => supplier.supplier);
    // Restaurants, the central store and the production unit all own stores: each is a restaurant of its kind.
    expect(report.entities.restaurants).toMatchObject({ status: 'success', fetched: owners.length, created: owners.length });
    expect(report.entities.stores).toMatchObject({ status: 'success', fetched: storeNodes.length, created: storeNodes.length, failed: 0 });
    expect(report.entities.suppliers).toMatchObject({ status: 'success', created: suppliers.length });
    // Every invoice of the export lands, those received into the central and the production store included.
    const ownStores = new Set(storeNodes.filter((node) => node.parentId !== undefined && owners.some((o) => o.id === node.parentId && o.type !== 'DEPARTMENT')).map((n) => n.id));
    expect(data.incomingInvoices.filter((invoice) => ownStores.has(invoice.defaultStore)).length).toBeGreaterThan(1);
    expect(report.entities.invoices).toMatchObject({
      status: 'success',
      fetched: data.incomingInvoices.length,
      created: data.incomingInvoices.length,
      failed: 0,
      issueCounts: {},
      window: { from: '2026-07-04', to: TODAY },
    });
    expect(report.status).toBe('success');
    expect(report.error).toBeNull();
    expect(report.invoiceWindow).toEqual({ from: '2026-07-04', to: TODAY, source: 'initial' });

    const restaurants = await h.store.list<Restaurant>('acc-1', 'restaurants');
    expect(restaurants).toHaveLength(owners.length);
    expect(new Set(restaurants.map((r) => r.data.kind))).toEqual(new Set(['restaurant', 'central_store', 'production']));
    expect(await h.store.list('acc-1', 'stores')).toHaveLength(storeNodes.length);
    expect(await h.store.list('acc-1', 'suppliers')).toHaveLength(suppliers.length);
    const invoices = await h.store.list<Invoice>('acc-1', 'invoices');
    expect(invoices).toHaveLength(data.incomingInvoices.length);
    expect(invoices[0]!.data).toMatchObject({ currency: 'RUB', externalSystemType: 'iiko' });

    // References resolve: every stored invoice's supplier and store were stored before it.
    const supplierIds = new Set((await h.store.list<Supplier>('acc-1', 'suppliers')).map((s) => s.externalId));
    const storeIds = new Set((await h.store.list<Store>('acc-1', 'stores')).map((s) => s.externalId));
    for (const { data: invoice } of invoices) {
      expect(supplierIds.has(invoice.supplierExternalId)).toBe(true);
      expect(storeIds.has(invoice.storeExternalId)).toBe(true);
    }

    const logs = await h.store.listLogs('acc-1', { limit: 10 });
    expect(logs.map((entry) => [entry.entityType, entry.status])).toEqual([
      ['invoices', 'success'],
      ['products', 'success'],
      ['suppliers', 'success'],
      ['stores', 'success'],
      ['restaurants', 'success'],
    ]);
    expect(logs.every((entry) => entry.runId === report.runId)).toBe(true);
    expect(logs[0]!.window).toEqual({ from: '2026-07-04', to: TODAY });

    expect(requestsTo(h, '/resto/api/auth')).toHaveLength(1);
    expect(requestsTo(h, '/resto/api/logout')).toHaveLength(1);
    expect(h.fake.server.activeSessions()).toBe(0);
    expect(h.fake.server.maxInFlight).toBe(1);
    expect(await h.store.getCursor('acc-1', INVOICE_CURSOR)).toBe(TODAY);
    expect(await h.store.acquireLock('acc-1', { owner: 'next', ttlMs: 1_000 })).toBe(true);
  });

  it('changes and duplicates nothing when rerun over unchanged data', async () => {
    const h = await start();
    await h.sync.run('acc-1', { invoices: { from: '2026-07-01', to: TODAY } });
    const before = await Promise.all((['restaurants', 'stores', 'suppliers', 'invoices'] as const).map((e) => h.store.list('acc-1', e)));

    const again = await h.sync.run('acc-1', { invoices: { from: '2026-07-01', to: TODAY } });
    expect(again.totals).toMatchObject({ created: 0, updated: 0, unchanged: again.totals.fetched - again.totals.failed });
    expect(again.entities.invoices.unchanged).toBe(before[3]!.length);
    const after = await Promise.all((['restaurants', 'stores', 'suppliers', 'invoices'] as const).map((e) => h.store.list('acc-1', e)));
    expect(after).toEqual(before);
    expect(h.fake.server.activeSessions()).toBe(0);
  });

  it('picks up a change made in iiko on the next run: a renamed supplier, a deleted and a new invoice', async () => {
    const h = await start();
    await h.sync.run('acc-1', { invoices: { from: '2026-07-01', to: TODAY } });
    const data = h.fake.server.data;
    const renamed = data.suppliers.find((supplier) => supplier.supplier && !supplier.deleted)!;
    renamed.name = 'ООО «Новое имя»';
    const deleted = data.incomingInvoices.find((invoice) => invoice.status !== 'DELETED')!;
    deleted.status = 'DELETED';
    const added = { ...structuredClone(data.incomingInvoices[1]!), id: '0f0f0f0f-1111-4222-8333-444455556666', documentNumber: 'NEW-1' };
    data.incomingInvoices.push(added);

    const report = await h.sync.run('acc-1', { invoices: { from: '2026-07-01', to: TODAY } });
    expect(report.entities.suppliers).toMatchObject({ updated: 1, created: 0 });
    expect(report.entities.invoices).toMatchObject({ updated: 1, created: 1 });
    const suppliers = await h.store.list<Supplier>('acc-1', 'suppliers');
    expect(suppliers.find((s) => s.externalId === renamed.id)!.data.name).toBe('ООО «Новое имя»');
    const invoices = await h.store.list<Invoice>('acc-1', 'invoices');
    expect(invoices.find((i) => i.externalId === deleted.id)!.data.status).toBe('cancelled');
    expect(invoices.some((i) => i.externalId === added.id)).toBe(true);
  });
});

describe('the invoice window', () => {
  it('reads the last 90 days on the first run, then from the cursor minus the overlap, in 7-day chunks', async () => {
    harness = await startHarness();
    const h = harness;
    await h.addAccount('acc-1');
    // Everything, so that the invoices land: ones whose store or supplier is unknown would wait as pending
    // and be read again in their own windows.
    await h.sync.run('acc-1');
    const first = requestsTo(h, '/resto/api/documents').map((r) => [r.query.from, r.query.to]);
    expect(first[0]).toEqual(['2026-07-04', '2026-07-10']);
    expect(first.at(-1)).toEqual(['2026-09-26', '2026-10-01']);
    expect(first).toHaveLength(13);

    h.fake.server.resetStats();
    const later = h.createSync({ clock: { now: () => Date.parse('2026-10-05T08:00:00Z') } });
    const report = await later.run('acc-1', { entities: ['invoices'] });
    expect(report.invoiceWindow).toEqual({ from: '2026-09-28', to: '2026-10-05', source: 'cursor' });
    expect(requestsTo(h, '/resto/api/documents').map((r) => [r.query.from, r.query.to])).toEqual([
      ['2026-09-28', '2026-10-04'],
      ['2026-10-05', '2026-10-05'],
    ]);
    expect(await h.store.getCursor('acc-1', INVOICE_CURSOR)).toBe('2026-10-05');
  });

  it('leaves the cursor alone for an explicit window (a backfill)', async () => {
    harness = await startHarness();
    await harness.addAccount('acc-1');
    const report = await harness.sync.run('acc-1', { entities: ['invoices'], invoices: { from: '2026-07-01', to: '2026-07-31' } });
    expect(report.invoiceWindow).toEqual({ from: '2026-07-01', to: '2026-07-31', source: 'explicit' });
    expect(await harness.store.getCursor('acc-1', INVOICE_CURSOR)).toBeUndefined();
  });

  it('takes "today" in the configured time zone', async () => {
    harness = await startHarness();
    await harness.addAccount('acc-1');
    // 22:30 UTC on 1 October is already 2 October in Moscow (UTC+3).
    const clock = { now: () => Date.parse('2026-10-01T22:30:00Z') };
    const moscow = await harness.createSync({ clock, timeZone: 'Europe/Moscow' }).run('acc-1', { entities: ['invoices'] });
    expect(moscow.invoiceWindow?.to).toBe('2026-10-02');
    const utc = await harness.createSync({ clock }).run('acc-1', { entities: ['invoices'] });
    expect(utc.invoiceWindow?.to).toBe('2026-10-01');
  });
});

describe('progress and options', () => {
  it('reports progress phases per entity and steps for a progress bar', async () => {
    harness = await startHarness();
    await harness.addAccount('acc-1');
    const events: SyncProgress[] = [];
    await harness.sync.run('acc-1', { onProgress: (event) => events.push(event) });
    expect(events.filter((e) => e.entity === 'restaurants').map((e) => e.phase)).toEqual(['fetch', 'map', 'store', 'done']);
    const invoiceFetches = events.filter((e) => e.entity === 'invoices' && e.phase === 'fetch');
    expect(invoiceFetches).toHaveLength(13);
    expect(invoiceFetches[0]!.window).toEqual({ from: '2026-07-04', to: '2026-07-10' });
    const last = events.at(-1)!;
    const stored = (await harness.store.list('acc-1', 'invoices')).length;
    expect(last).toMatchObject({ entity: 'invoices', phase: 'done', fetched: SMALL_DATASET.invoices, stored });
    expect(last.steps).toEqual({ completed: 17, total: 17 });
    const completed = events.map((e) => e.steps.completed);
    expect(completed).toEqual([...completed].sort((a, b) => a - b));
  });

  it('syncs only the entities asked for, still in dependency order', async () => {
    harness = await startHarness();
    await harness.addAccount('acc-1');
    const report = await harness.sync.run('acc-1', { entities: ['suppliers', 'restaurants'] });
    expect(report.entities.stores).toMatchObject({ status: 'skipped', skippedReason: 'not requested' });
    expect(report.entities.invoices.status).toBe('skipped');
    expect(report.status).toBe('success');
    expect((await harness.store.listLogs('acc-1', { limit: 10 })).map((e) => e.entityType)).toEqual(['suppliers', 'restaurants']);
  });

  it('commits in batches of batchSize', async () => {
    harness = await startHarness();
    await harness.addAccount('acc-1');
    const events: SyncProgress[] = [];
    await harness.createSync({ batchSize: 5 }).run('acc-1', { entities: ['suppliers'], onProgress: (e) => events.push(e) });
    expect(events.filter((e) => e.phase === 'store').map((e) => e.stored)).toEqual([5, 10, 13]);
  });

  it('refuses a missing currency, a bad time zone and unknown entities', async () => {
    harness = await startHarness();
    const base = { store: harness.store, credentials: harness.vault };
    expect(() => createIikoSync({ ...base, currency: undefined as unknown as string })).toThrow(SyncConfigurationError);
    expect(() => createIikoSync({ ...base, currency: 'rub' })).toThrow(/ISO 4217/);
    expect(() => createIikoSync({ ...base, currency: 'RUB', timeZone: 'Mars/Olympus' })).toThrow(/time zone/);
    expect(() => createIikoSync({ ...base, currency: 'RUB', invoiceChunkDays: 40 })).toThrow(/invoiceChunkDays/);
    await harness.addAccount('acc-1');
    await expect(harness.sync.run('acc-1', { entities: ['orders' as never] })).rejects.toThrow(/unknown entity/);
    await expect(harness.sync.run('acc-1', { invoices: { from: '2026-10-02', to: '2026-10-01' } })).rejects.toThrow(SyncConfigurationError);
    expect(harness.fake.server.requests).toHaveLength(0);
  });
});
