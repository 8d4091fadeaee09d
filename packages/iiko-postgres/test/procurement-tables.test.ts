/**
 * Price lists and stock balances in PostgreSQL (migration 0004): a sync of the fake chain lands them in
 * typed, linked rows, and the questions of the AI Supplier module are one SQL query each — "what does the
 * supplier charge now, against what we last paid" and "what does each store hold in the latest snapshot".
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredentialVault, createKeyring, createMemoryCredentialStore } from '@getinn/credential-crypto';
import { startFakeIikoServer } from '@getinn/iiko-client/testing';
import { createIikoSync, STOCK_BALANCE_CURSOR, toSyncRecord, type SyncReport, type SyncStore } from '@getinn/iiko-sync';
import { createPostgresSyncStore } from '../src/index';
import { migratedDatabase, uniqueId } from './helpers';

let db: Awaited<ReturnType<typeof migratedDatabase>>;
let store: SyncStore;
beforeAll(async () => {
  db = await migratedDatabase('procurement');
  store = createPostgresSyncStore(db.pool, { schema: db.schema });
});
afterAll(() => db?.dispose());

describe('price lists and stock balances land in their own tables', () => {
  const account = uniqueId('acc');
  let fake: Awaited<ReturnType<typeof startFakeIikoServer>>;
  let report: SyncReport;

  beforeAll(async () => {
    fake = await startFakeIikoServer({
      dataset: { restaurants: 2, storesPerRestaurant: 2, suppliers: 6, invoices: 60, linesPerInvoice: [1, 4], from: '2026-10-01', to: '2026-12-10' },
    });
    const vault = createCredentialVault({
      keyring: createKeyring({ keys: { k1: randomBytes(32) }, primaryKeyId: 'k1' }),
      store: createMemoryCredentialStore(),
    });
    await vault.put(account, 'iiko', { login: fake.server.login, password: fake.server.password }, { baseUrl: fake.url });
    const sync = createIikoSync({ store, credentials: vault, currency: 'RUB', clock: { now: () => Date.parse('2026-12-15T12:00:00Z') } });
    report = await sync.run(account, {
      entities: ['restaurants', 'stores', 'suppliers', 'products', 'invoices', 'priceLists', 'stockBalances'],
      invoices: { from: '2026-10-01', to: '2026-12-15' },
    });
  });
  afterAll(() => fake?.close());

  it('writes every line typed, linked to its supplier, product and store, and synced', async () => {
    expect(report.status).toBe('success');
    const s = `"${db.schema}"`;
    const prices = await db.pool.query(
      `select count(*)::int as rows, count(supplier_id)::int as suppliers, count(inventory_item_id)::int as items,
              count(*) filter (where iiko_sync_status = 'synced')::int as synced, min(valid_from)::text as day
       from ${s}.supplier_price_list_items where account_id = $1`,
      [account],
    );
    expect(prices.rows[0]).toEqual({
      rows: report.entities.priceLists.created,
      suppliers: report.entities.priceLists.created,
      items: report.entities.priceLists.created,
      synced: report.entities.priceLists.created,
      day: '2026-12-15',
    });
    const balances = await db.pool.query(
      `select count(*)::int as rows, count(store_id)::int as stores, count(inventory_item_id)::int as items,
              count(distinct as_of)::int as moments, min(as_of)::text as as_of
       from ${s}.stock_balances where account_id = $1`,
      [account],
    );
    const created = report.entities.stockBalances.created;
    expect(created).toBeGreaterThan(0);
    expect(balances.rows[0]).toEqual({ rows: created, stores: created, items: created, moments: 1, as_of: '2026-12-15 12:00:00' });
    expect(await store.getCursor(account, STOCK_BALANCE_CURSOR)).toBe('2026-12-15T12:00:00');
  });

  it('answers "what does each supplier charge now, against the last price we paid" in one query, exactly', async () => {
    const s = `"${db.schema}"`;
    const { rows } = await db.pool.query<{ supplier: string; product: string; list_price: string; last_paid: string }>(
      `select sup.name as supplier, item.name as product, pl.price::text as list_price, last.unit_price::text as last_paid
       from ${s}.supplier_price_list_items pl
       join ${s}.suppliers sup on sup.id = pl.supplier_id
       join ${s}.inventory_items item on item.id = pl.inventory_item_id
       cross join lateral (
         select line.unit_price from ${s}.invoice_items line join ${s}.invoices inv on inv.id = line.invoice_id
         where inv.supplier_id = pl.supplier_id and line.inventory_item_id = pl.inventory_item_id and inv.status <> 'cancelled'
         order by inv.invoice_date desc, inv.iiko_id desc limit 1
       ) last
       where pl.account_id = $1 and pl.is_active
       order by sup.name, item.name`,
      [account],
    );
    expect(rows.length).toBe(report.entities.priceLists.created);
    for (const row of rows) {
      expect(row.list_price).toMatch(/^\d+\.\d+$/); // numeric, never a float
      expect(row.product.length).toBeGreaterThan(0);
    }
  });

  it('answers "what does each store hold in the latest complete snapshot" with the cursor', async () => {
    const s = `"${db.schema}"`;
    const { rows } = await db.pool.query<{ store: string; lines: number; value: string }>(
      `select st.name as store, count(*)::int as lines, sum(b.sum)::text as value
       from ${s}.stock_balances b join ${s}.stores st on st.id = b.store_id
       where b.account_id = $1
         and b.as_of = (select value::timestamp from ${s}.sync_cursors where account_id = $1 and name = $2)
       group by st.name order by st.name`,
      [account, STOCK_BALANCE_CURSOR],
    );
    expect(rows.reduce((total, row) => total + row.lines, 0)).toBe(report.entities.stockBalances.created);
  });

  it('keeps a line whose product is not synced yet pending, and links it when the product lands', async () => {
    const other = uniqueId('acc');
    const line = toSyncRecord({
      externalId: 'sup-9:p-9:',
      externalSystemType: 'iiko',
      externalMetadata: { costPrice: '12.345678901' },
      supplierExternalId: 'sup-9',
      inventoryItemExternalId: 'p-9',
      supplierArticle: 'A-9',
      supplierProductName: 'Сливки 33%',
      containerExternalId: null,
      price: '12.345678901',
      validFrom: '2026-12-15',
      isActive: true,
    });
    await store.upsert(other, 'priceLists', [line]);
    const row = async () =>
      (await db.pool.query(`select * from "${db.schema}".supplier_price_list_items where account_id = $1`, [other])).rows[0];
    expect(await row()).toMatchObject({ iiko_sync_status: 'pending', price: '12.345678901', supplier_article: 'A-9', container_iiko_id: null });
    expect((await row()).iiko_sync_error).toBe('supplier sup-9 is not among the synced suppliers; inventory_item p-9 is not among the synced inventory_items');
    await store.upsert(other, 'suppliers', [toSyncRecord({ externalId: 'sup-9', name: 'Молочный двор', contactInfo: {}, isActive: true, representsStore: false, externalSystemType: 'iiko', externalMetadata: {} })]);
    await store.upsert(other, 'products', [toSyncRecord({ externalId: 'p-9', name: 'Сливки', isActive: true, externalSystemType: 'iiko', externalMetadata: {} })]);
    expect(await row()).toMatchObject({ iiko_sync_status: 'synced', iiko_sync_error: null });
    expect((await store.list(other, 'priceLists')).map((record) => record.data)).toEqual([line.data]);
  });

  it('marks an asOf that is not a local time as an error and keeps the record whole', async () => {
    const other = uniqueId('acc');
    const balance = toSyncRecord({
      externalId: 'st-1:p-1',
      externalSystemType: 'iiko',
      externalMetadata: {},
      storeExternalId: 'st-1',
      inventoryItemExternalId: 'p-1',
      amount: '1.500000000',
      sum: '10.000000000',
      asOf: '2026-12-15T12:00:00Z',
    });
    await store.upsert(other, 'stockBalances', [balance]);
    const { rows } = await db.pool.query(`select iiko_sync_status, iiko_sync_error, as_of, amount from "${db.schema}".stock_balances where account_id = $1`, [other]);
    expect(rows).toEqual([{ iiko_sync_status: 'error', iiko_sync_error: 'asOf: not a local time YYYY-MM-DDTHH:mm:ss', as_of: null, amount: '1.500000000' }]);
    expect((await store.list(other, 'stockBalances')).map((record) => record.data)).toEqual([balance.data]);
  });
});
