import type { Restaurant, Store, Supplier } from '@getinn/iiko-mappers';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './helpers';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const at = (ms: number): string => new Date(ms).toISOString();

describe('deletions and disappearances', () => {
  it('marks suppliers, stores and restaurants that vanish or come back deleted inactive, with the time first seen', async () => {
    let now = Date.parse('2026-10-01T12:00:00Z');
    harness = await startHarness({ sync: { clock: { now: () => now } } });
    const h = harness;
    await h.addAccount('acc-1');
    const entities = ['restaurants', 'stores', 'suppliers'] as const;
    await h.sync.run('acc-1', { entities: [...entities] });

    const data = h.fake.server.data;
    const goneSupplier = data.suppliers.find((s) => s.supplier && !s.deleted)!;
    data.suppliers.splice(data.suppliers.indexOf(goneSupplier), 1);
    const deletedStore = data.corporateItems.find((item) => item.type === 'STORE')!;
    deletedStore.deleted = true;
    const goneRestaurant = data.corporateItems.find((item) => item.type === 'DEPARTMENT')!;
    // Its stores move to another restaurant, as when a restaurant is merged into another.
    const heir = data.corporateItems.filter((item) => item.type === 'DEPARTMENT')[1]!;
    for (const item of data.corporateItems) if (item.parentId === goneRestaurant.id) item.parentId = heir.id;
    data.corporateItems.splice(data.corporateItems.indexOf(goneRestaurant), 1);

    now += 3_600_000;
    const second = await h.sync.run('acc-1', { entities: [...entities] });
    expect(second.entities.suppliers).toMatchObject({ deactivated: 1 });
    expect(second.entities.restaurants).toMatchObject({ deactivated: 1 });
    expect(second.entities.stores).toMatchObject({ deactivated: 0 });

    const supplier = (await h.store.list<Supplier>('acc-1', 'suppliers')).find((s) => s.externalId === goneSupplier.id)!;
    expect(supplier.data).toMatchObject({ isActive: false, deactivatedAt: at(now), name: goneSupplier.name });
    const store = (await h.store.list<Store>('acc-1', 'stores')).find((s) => s.externalId === deletedStore.id)!;
    expect(store.data).toMatchObject({ isActive: false, deactivatedAt: at(now) });
    const restaurant = (await h.store.list<Restaurant>('acc-1', 'restaurants')).find((r) => r.externalId === goneRestaurant.id)!;
    expect(restaurant.data).toMatchObject({ isActive: false, deactivatedAt: at(now) });
    const firstSeen = now;

    // A later run rewrites nothing: the time stays the one first seen.
    now += 3_600_000;
    const third = await h.sync.run('acc-1', { entities: [...entities] });
    expect(third.totals).toMatchObject({ created: 0, updated: 0 });
    expect(entities.map((entity) => third.entities[entity].deactivated)).toEqual([0, 0, 0]);
    const again = (await h.store.list<Supplier>('acc-1', 'suppliers')).find((s) => s.externalId === goneSupplier.id)!;
    expect(again.data.deactivatedAt).toBe(at(firstSeen));

    // Back in iiko: active again, without a deactivation time.
    data.suppliers.push(goneSupplier);
    delete deletedStore.deleted;
    await h.sync.run('acc-1', { entities: [...entities] });
    const back = (await h.store.list<Supplier>('acc-1', 'suppliers')).find((s) => s.externalId === goneSupplier.id)!;
    expect(back.data.isActive).toBe(true);
    expect(back.data).not.toHaveProperty('deactivatedAt');
    const storeBack = (await h.store.list<Store>('acc-1', 'stores')).find((s) => s.externalId === deletedStore.id)!;
    expect(storeBack.data).toMatchObject({ isActive: true });
  });

  it('flags a supplier that represents one of the chain’s stores as internal', async () => {
    harness = await startHarness();
    const h = harness;
    await h.addAccount('acc-1');
    const internal = h.fake.server.data.suppliers.find((s) => s.supplier)!;
    internal.representsStore = true;
    await h.sync.run('acc-1', { entities: ['suppliers'] });
    const suppliers = await h.store.list<Supplier>('acc-1', 'suppliers');
    expect(suppliers.filter((s) => s.data.representsStore).map((s) => s.externalId)).toEqual([internal.id]);
  });
});
