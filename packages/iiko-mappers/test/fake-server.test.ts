/**
 * End to end: the fake iikoServer over real HTTP, read by the real client, mapped by the mappers — the
 * path a sync takes in production, minus the network.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IikoClient, type CorporateItem, type IikoSupplier, type IncomingInvoice } from '@getinn/iiko-client';
import { startFakeIikoServer, type RunningFakeIikoServer } from '@getinn/iiko-client/testing';
import { mapInvoices, mapRestaurants, mapStores, mapSuppliers } from '@getinn/iiko-mappers';
import { Exact, exactSum, unitPriceError } from './support/exact';

let fake: RunningFakeIikoServer;
let departments: CorporateItem[];
let stores: CorporateItem[];
let suppliers: IikoSupplier[];
let invoices: IncomingInvoice[];

beforeAll(async () => {
  fake = await startFakeIikoServer({ seed: 7 });
  const client = new IikoClient({ baseUrl: fake.url, login: fake.server.login, password: fake.server.password });
  try {
    const days = fake.server.data.incomingInvoices.map((document) => document.dateIncoming.slice(0, 10)).sort();
    departments = await client.departments();
    stores = await client.stores();
    suppliers = await client.suppliers();
    invoices = await client.incomingInvoices({ from: days[0]!, to: days.at(-1)! });
  } finally {
    await client.close();
  }
}, 60_000);

afterAll(async () => {
  await fake?.close();
});

describe('the fake iikoServer, through the real client, mapped', () => {
  it('maps every DEPARTMENT, CENTRALSTORE and MANUFACTURE to a restaurant of its kind', () => {
    const { items, issues } = mapRestaurants(departments);
    expect(issues).toEqual([]);
    const owners = ['DEPARTMENT', 'CENTRALSTORE', 'MANUFACTURE'];
    const expected = fake.server.data.corporateItems.filter((node) => owners.includes(node.type));
    expect(items.map((restaurant) => [restaurant.externalId, restaurant.name])).toEqual(
      expected.map((node) => [node.id, node.name]),
    );
    expect(new Set(items.map((restaurant) => restaurant.kind))).toEqual(new Set(['restaurant', 'central_store', 'production']));
  });

  it('places every store of the clean chain under its owner, the central and production stores included', () => {
    const owners = new Set(mapRestaurants(departments).items.map((restaurant) => restaurant.externalId));
    const { items, issues } = mapStores(stores, departments);
    expect(issues).toEqual([]);
    expect(items).toHaveLength(stores.length);
    for (const store of items) expect(owners.has(store.restaurantExternalId!)).toBe(true);
  });

  it('keeps the orphan store of a chain with data problems, without an owner and with a warning', async () => {
    const problems = await startFakeIikoServer({ dataset: { dataProblems: true } });
    const client = new IikoClient({ baseUrl: problems.url, login: problems.server.login, password: problems.server.password });
    try {
      const tree = await client.departments();
      const { items, issues } = mapStores(await client.stores(), tree);
      const orphanId = problems.server.data.dataProblems!.orphanStoreId;
      expect(issues).toMatchObject([{ code: 'STORE_WITHOUT_RESTAURANT', severity: 'warning', externalId: orphanId }]);
      expect(items.find((store) => store.externalId === orphanId)?.restaurantExternalId).toBeNull();
      const orphan = problems.server.data.corporateItems.find((node) => node.id === orphanId);
      expect(problems.server.data.corporateItems.find((node) => node.id === orphan?.parentId)?.type).toBe('JURPERSON');
    } finally {
      await client.close();
      await problems.close();
    }
  });

  it('keeps deleted suppliers inactive and leaves staff out', () => {
    const { items, issues } = mapSuppliers(suppliers);
    expect(issues).toEqual([]);
    const raw = fake.server.data.suppliers;
    expect(items.map((supplier) => supplier.externalId)).toEqual(raw.filter((s) => s.supplier).map((s) => s.id));
    const deleted = raw.filter((s) => s.supplier && s.deleted).map((s) => s.id);
    expect(deleted.length).toBeGreaterThan(0);
    expect(items.filter((supplier) => !supplier.isActive).map((supplier) => supplier.externalId)).toEqual(deleted);
  });

  it('maps every invoice of the export, exactly, with issues for none', () => {
    const { items, issues } = mapInvoices(invoices, { currency: 'RUB' });
    expect(issues).toEqual([]);
    const raw = new Map(fake.server.data.incomingInvoices.map((document) => [document.id, document]));
    expect(items).toHaveLength(raw.size);
    for (const invoice of items) {
      const document = raw.get(invoice.externalId)!;
      expect(invoice.totalAmount).toBe(exactSum(document.items.map((line) => line.sum)).toFixed(9));
      expect(invoice.invoiceNumber).toBe(document.incomingDocumentNumber ?? document.documentNumber);
      expect(invoice.invoiceDate).toBe((document.incomingDate ?? document.dateIncoming).slice(0, 10));
      expect(invoice.dueDate).toBe(document.dueDate === undefined || document.dueDate === 'null' ? null : document.dueDate.slice(0, 10));
      expect(invoice.status).toBe(document.status === 'DELETED' ? 'cancelled' : 'active');
      expect(invoice.items.map((line) => line.inventoryItemExternalId)).toEqual(document.items.map((line) => line.product));
      for (const line of invoice.items) {
        expect(unitPriceError(line.quantity, line.unitPrice!, line.lineTotal).lt(Exact('0.005'))).toBe(true);
      }
    }
    expect(items.some((invoice) => invoice.status === 'cancelled')).toBe(true);
    expect(items.some((invoice) => invoice.items.some((line) => line.externalMetadata.containerId !== undefined))).toBe(true);
  });

  it('links invoices to mapped suppliers and to stores', () => {
    const supplierIds = new Set(mapSuppliers(suppliers).items.map((supplier) => supplier.externalId));
    const storeIds = new Set(stores.map((store) => store.id));
    for (const invoice of mapInvoices(invoices, { currency: 'RUB' }).items) {
      expect(supplierIds.has(invoice.supplierExternalId)).toBe(true);
      expect(storeIds.has(invoice.storeExternalId)).toBe(true);
    }
  });
});
