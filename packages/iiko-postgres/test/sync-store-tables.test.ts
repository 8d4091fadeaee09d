/**
 * What createPostgresSyncStore writes into the platform-shaped tables: typed columns, foreign keys,
 * sync status, and the queries a platform service runs on them.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredentialVault, createKeyring, createMemoryCredentialStore } from '@getinn/credential-crypto';
import { startFakeIikoServer } from '@getinn/iiko-client/testing';
import { createIikoSync, toSyncRecord, type SyncStore } from '@getinn/iiko-sync';
import { createPostgresSyncStore } from '../src/index';
import { migratedDatabase, uniqueId } from './helpers';

let db: Awaited<ReturnType<typeof migratedDatabase>>;
let store: SyncStore;
beforeAll(async () => {
  db = await migratedDatabase('sync_tables');
  store = createPostgresSyncStore(db.pool, { schema: db.schema });
});
afterAll(() => db?.dispose());

/** Exact sum of 9-decimal strings, as a 9-decimal string. */
function sumDecimals(values: readonly string[]): string {
  const nano = values.reduce((sum, value) => {
    const [whole, fraction = ''] = value.split('.');
    return sum + BigInt(`${whole}${fraction.padEnd(9, '0').slice(0, 9)}`);
  }, 0n);
  const text = nano.toString().padStart(10, '0');
  return `${text.slice(0, -9)}.${text.slice(-9)}`;
}

describe('createPostgresSyncStore: a full sync lands in the platform-shaped tables', () => {
  const account = uniqueId('acc');
  let fake: Awaited<ReturnType<typeof startFakeIikoServer>>;
  let report: Awaited<ReturnType<ReturnType<typeof createIikoSync>['run']>>;

  beforeAll(async () => {
    fake = await startFakeIikoServer({
      dataset: { restaurants: 3, storesPerRestaurant: 2, suppliers: 10, invoices: 120, linesPerInvoice: [1, 4], from: '2026-10-01', to: '2026-12-10' },
    });
    const vault = createCredentialVault({
      keyring: createKeyring({ keys: { k1: randomBytes(32) }, primaryKeyId: 'k1' }),
      store: createMemoryCredentialStore(),
    });
    await vault.put(account, 'iiko', { login: fake.server.login, password: fake.server.password }, { baseUrl: fake.url });
    const sync = createIikoSync({ store, credentials: vault, currency: 'RUB', clock: { now: () => Date.parse('2026-12-15T12:00:00Z') } });
    report = await sync.run(account, { invoices: { from: '2026-10-01', to: '2026-12-15' } });
  });
  afterAll(() => fake?.close());

  it('writes one row per record in each table, every reference resolved to a row id', async () => {
    expect(report.error).toBeNull();
    const count = async (table: string, where = 'true') =>
      (await db.pool.query<{ n: number }>(`select count(*)::int as n from "${db.schema}".${table} where account_id = $1 and ${where}`, [account]))
        .rows[0]!.n;
    for (const entity of ['restaurants', 'stores', 'suppliers', 'invoices'] as const) {
      expect(await count(entity)).toBe(report.entities[entity].created);
      expect(await count(entity, `iiko_sync_status <> 'synced'`)).toBe(0);
    }
    expect(report.entities.invoices.created).toBeGreaterThan(50);
    expect(await count('stores', 'restaurant_id is null')).toBe(0);
    expect(await count('invoices', 'supplier_id is null or store_id is null')).toBe(0);
    const lines = (await store.list<{ items: unknown[] }>(account, 'invoices')).reduce((sum, record) => sum + record.data.items.length, 0);
    expect(await count('invoice_items')).toBe(lines);
    expect(await count('invoice_items', 'store_id is null')).toBe(0);
    // The nomenclature lands in inventory_items, and every line names one of them.
    expect(await count('inventory_items')).toBe(report.entities.products.created);
    expect(report.entities.products.created).toBeGreaterThan(0);
    expect(await count('invoice_items', 'inventory_item_id is null')).toBe(0);
  });

  it('keeps money exact as numeric and dates as written, next to the record itself', async () => {
    const { rows } = await db.pool.query<{ mismatches: number; n: number }>(
      `select count(*)::int as n, count(*) filter (where
         total_amount::text <> sync_record->>'totalAmount' or invoice_date::text <> sync_record->>'invoiceDate'
         or invoice_number <> sync_record->>'invoiceNumber' or currency <> 'RUB'
         or total_amount <> (select sum(line_total) from "${db.schema}".invoice_items li where li.invoice_id = invoices.id))::int as mismatches
       from "${db.schema}".invoices where account_id = $1`,
      [account],
    );
    expect(rows[0]).toEqual({ n: report.entities.invoices.created, mismatches: 0 });
    const { rows: types } = await db.pool.query<{ column_name: string; data_type: string }>(
      `select column_name, data_type from information_schema.columns where table_schema = $1 and table_name = 'invoices'
       and column_name in ('total_amount', 'invoice_date', 'due_date', 'external_metadata', 'supplier_id') order by 1`,
      [db.schema],
    );
    expect(types).toEqual([
      { column_name: 'due_date', data_type: 'date' },
      { column_name: 'external_metadata', data_type: 'jsonb' },
      { column_name: 'invoice_date', data_type: 'date' },
      { column_name: 'supplier_id', data_type: 'uuid' },
      { column_name: 'total_amount', data_type: 'numeric' },
    ]);
  });

  it('answers "all invoices of supplier X in November with their totals" in one SQL query', async () => {
    const stores = new Set((await store.list(account, 'stores')).map((record) => record.externalId));
    const supplierIds = new Map<string, number>();
    for (const invoice of fake.server.data.incomingInvoices) {
      const date = (invoice.incomingDate ?? invoice.dateIncoming).slice(0, 10);
      if (date.startsWith('2026-11') && stores.has(invoice.defaultStore)) supplierIds.set(invoice.supplier, (supplierIds.get(invoice.supplier) ?? 0) + 1);
    }
    const [supplierX] = [...supplierIds.entries()].sort((a, b) => b[1] - a[1])[0]!;
    const expected = fake.server.data.incomingInvoices
      .filter((invoice) => invoice.supplier === supplierX && stores.has(invoice.defaultStore))
      .filter((invoice) => (invoice.incomingDate ?? invoice.dateIncoming).slice(0, 10).startsWith('2026-11'))
      .map((invoice) => ({
        invoice_number: invoice.incomingDocumentNumber ?? invoice.documentNumber,
        invoice_date: (invoice.incomingDate ?? invoice.dateIncoming).slice(0, 10),
        total_amount: sumDecimals(invoice.items.map((item) => item.sum)),
      }))
      .sort((a, b) => (a.invoice_date + a.invoice_number < b.invoice_date + b.invoice_number ? -1 : 1));
    expect(expected.length).toBeGreaterThan(1);

    const { rows } = await db.pool.query(
      `select i.invoice_number, to_char(i.invoice_date, 'YYYY-MM-DD') as invoice_date, i.total_amount::text as total_amount,
              sum(i.total_amount) over ()::text as month_total, s.name as supplier, st.name as store
       from "${db.schema}".invoices i
       join "${db.schema}".suppliers s on s.id = i.supplier_id
       join "${db.schema}".stores st on st.id = i.store_id
       where s.account_id = $1 and s.iiko_id = $2 and i.invoice_date >= date '2026-11-01' and i.invoice_date < date '2026-12-01'
       order by i.invoice_date, i.invoice_number`,
      [account, supplierX],
    );
    expect(rows.map(({ invoice_number, invoice_date, total_amount }) => ({ invoice_number, invoice_date, total_amount }))).toEqual(expected);
    expect(rows[0]!.month_total).toBe(sumDecimals(expected.map((invoice) => invoice.total_amount)));
  });

  it('rewrites nothing on a rerun, but marks every record seen again in iiko_last_synced_at', async () => {
    const stamps = async () =>
      (
        await db.pool.query<{ updated: string; seen: string }>(
          `select max(updated_at)::text as updated, min(iiko_last_synced_at)::text as seen from "${db.schema}".suppliers where account_id = $1`,
          [account],
        )
      ).rows[0]!;
    const before = await stamps();
    const records = await store.list(account, 'suppliers');
    const again = await store.upsert(account, 'suppliers', records.map(({ externalId, contentHash, data }) => ({ externalId, contentHash, data })));
    expect(again).toEqual({ created: 0, updated: 0, unchanged: records.length });
    const after = await stamps();
    expect(after.updated).toBe(before.updated);
    expect(after.seen > before.seen).toBe(true);
  });
});

describe('createPostgresSyncStore: references, status and shapes', () => {
  const invoice = (id: string, supplier: string, storeId: string) =>
    toSyncRecord({
      externalId: id,
      externalSystemType: 'iiko',
      supplierExternalId: supplier,
      storeExternalId: storeId,
      invoiceNumber: `N-${id}`,
      invoiceDate: '2026-11-05',
      dueDate: null,
      totalAmount: '10.500000000',
      currency: 'RUB',
      status: 'active',
      items: [
        { description: 'A', quantity: '1.000000000', unit: null, unitPrice: '10.500000000', lineTotal: '10.500000000', inventoryItemExternalId: 'p1', storeExternalId: storeId, lineNumber: 1, externalMetadata: {} },
      ],
      externalMetadata: { status: 'NEW' },
    });
  const row = async (table: string, account: string, iikoId: string) =>
    (await db.pool.query(`select * from "${db.schema}".${table} where account_id = $1 and iiko_id = $2`, [account, iikoId])).rows[0];

  it('keeps a record whose references arrive later pending, with the reason, and links it when they do', async () => {
    const account = uniqueId('acc');
    await store.upsert(account, 'invoices', [invoice('inv-1', 'sup-1', 'store-1')]);
    expect(await row('invoices', account, 'inv-1')).toMatchObject({
      supplier_id: null,
      store_id: null,
      supplier_iiko_id: 'sup-1',
      iiko_sync_status: 'pending',
      iiko_sync_error: 'supplier sup-1 is not among the synced suppliers; store store-1 is not among the synced stores',
    });

    await store.upsert(account, 'suppliers', [toSyncRecord({ externalId: 'sup-1', name: 'Поставщик', contactInfo: {}, isActive: true, externalSystemType: 'iiko', externalMetadata: { deleted: false } })]);
    const supplier = await row('suppliers', account, 'sup-1');
    expect(await row('invoices', account, 'inv-1')).toMatchObject({
      supplier_id: supplier.id,
      iiko_sync_status: 'pending',
      iiko_sync_error: 'store store-1 is not among the synced stores',
    });

    await store.upsert(account, 'restaurants', [toSyncRecord({ externalId: 'r-1', name: 'Ресторан', kind: 'restaurant', externalSystemType: 'iiko', externalMetadata: { type: 'DEPARTMENT' } })]);
    await store.upsert(account, 'stores', [toSyncRecord({ externalId: 'store-1', restaurantExternalId: 'r-1', name: 'Бар', externalSystemType: 'iiko', externalMetadata: { type: 'STORE' } })]);
    const storeRow = await row('stores', account, 'store-1');
    expect(storeRow).toMatchObject({ restaurant_id: (await row('restaurants', account, 'r-1')).id, iiko_sync_status: 'synced', iiko_sync_error: null });
    expect(await row('restaurants', account, 'r-1')).toMatchObject({ kind: 'restaurant', name: 'Ресторан' });
    expect(await row('invoices', account, 'inv-1')).toMatchObject({ store_id: storeRow.id, iiko_sync_status: 'synced', iiko_sync_error: null });
    const { rows: lines } = await db.pool.query(`select store_id, quantity::text, line_total::text from "${db.schema}".invoice_items where account_id = $1`, [account]);
    expect(lines).toEqual([{ store_id: storeRow.id, quantity: '1.000000000', line_total: '10.500000000' }]);
  });

  it('marks a field that does not fit its column as error, keeps the record whole, and replaces lines on a change', async () => {
    const account = uniqueId('acc');
    const bad = toSyncRecord({ ...invoice('inv-2', 'sup-x', 'store-x').data, invoiceDate: '05.11.2026', totalAmount: 'много' });
    await store.upsert(account, 'invoices', [bad]);
    expect(await row('invoices', account, 'inv-2')).toMatchObject({
      invoice_date: null,
      total_amount: null,
      iiko_sync_status: 'error',
      iiko_sync_error: 'invoiceDate: not a calendar date YYYY-MM-DD; totalAmount: not a decimal number',
    });
    expect((await store.list(account, 'invoices'))[0]!.data).toEqual(bad.data);

    const fixed = invoice('inv-2', 'sup-x', 'store-x');
    const twoLines = toSyncRecord({ ...fixed.data, items: [...fixed.data.items, { ...fixed.data.items[0]!, lineNumber: 2, description: 'B' }] });
    expect(await store.upsert(account, 'invoices', [twoLines])).toEqual({ created: 0, updated: 1, unchanged: 0 });
    expect(await row('invoices', account, 'inv-2')).toMatchObject({ iiko_sync_status: 'pending', total_amount: '10.500000000' });
    const { rows: lines } = await db.pool.query(
      `select position, line_number, description from "${db.schema}".invoice_items where account_id = $1 order by position`,
      [account],
    );
    expect(lines).toEqual([
      { position: 1, line_number: 1, description: 'A' },
      { position: 2, line_number: 2, description: 'B' },
    ]);
  });

  it('writes the lifecycle columns: inactive records keep their row, with when they went', async () => {
    const account = uniqueId('acc');
    await store.upsert(account, 'suppliers', [
      toSyncRecord({ externalId: 'sup-gone', name: 'Закрыт', contactInfo: {}, isActive: false, deactivatedAt: '2026-11-30T08:15:00.000Z', representsStore: false, externalSystemType: 'iiko', externalMetadata: { deleted: true } }),
      toSyncRecord({ externalId: 'sup-store', name: 'Склад 2', contactInfo: {}, isActive: true, representsStore: true, externalSystemType: 'iiko', externalMetadata: { deleted: false } }),
    ]);
    const { rows } = await db.pool.query(
      `select iiko_id, is_active, deactivated_at, represents_store from "${db.schema}".suppliers where account_id = $1 order by iiko_id`,
      [account],
    );
    expect(rows).toEqual([
      { iiko_id: 'sup-gone', is_active: false, deactivated_at: new Date('2026-11-30T08:15:00.000Z'), represents_store: false },
      { iiko_id: 'sup-store', is_active: true, deactivated_at: null, represents_store: true },
    ]);
  });

  it('lands products in inventory_items and links invoice lines to them, also when the products come later', async () => {
    const account = uniqueId('acc');
    const products = 'products' as Parameters<SyncStore['upsert']>[1];
    await store.upsert(account, 'invoices', [invoice('inv-3', 'sup-1', 'store-1')]);
    const product = toSyncRecord({
      externalId: 'p1',
      externalSystemType: 'iiko',
      name: 'Молоко 3,2% 1 л',
      article: '00136',
      code: '136',
      type: 'GOODS',
      unitName: 'л',
      unitExternalId: 'unit-l',
      groupName: 'Молочная продукция',
      groupExternalId: 'g-1',
      isActive: true,
      externalMetadata: { deleted: false },
    });
    expect(await store.upsert(account, products, [product])).toEqual({ created: 1, updated: 0, unchanged: 0 });
    const item = await row('inventory_items', account, 'p1');
    expect(item).toMatchObject({ name: 'Молоко 3,2% 1 л', article: '00136', unit_name: 'л', is_active: true, iiko_sync_status: 'synced' });
    const { rows } = await db.pool.query(`select inventory_item_id from "${db.schema}".invoice_items where account_id = $1`, [account]);
    expect(rows).toEqual([{ inventory_item_id: item.id }]);
    expect((await store.list(account, products)).map((record) => record.data)).toEqual([product.data]);
  });

  it('keeps records of an entity type it has no table for in sync_records', async () => {
    const account = uniqueId('acc');
    const product = toSyncRecord({ externalId: 'po-1', supplierExternalId: 's-1', total: '10.5' });
    // A newer SDK's entity type, unknown to this version's tables.
    const entity = 'purchaseOrders' as Parameters<SyncStore['upsert']>[1];
    expect(await store.upsert(account, entity, [product])).toEqual({ created: 1, updated: 0, unchanged: 0 });
    expect(await store.upsert(account, entity, [product])).toEqual({ created: 0, updated: 0, unchanged: 1 });
    expect((await store.list(account, entity)).map((record) => record.data)).toEqual([product.data]);
    const { rows } = await db.pool.query(`select entity_type, iiko_id from "${db.schema}".sync_records where account_id = $1`, [account]);
    expect(rows).toEqual([{ entity_type: 'purchaseOrders', iiko_id: 'po-1' }]);
  });
});
