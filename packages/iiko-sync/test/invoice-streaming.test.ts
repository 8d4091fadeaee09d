/**
 * Invoice chunks are streamed: a week's export is mapped and written a batch at a time as it is read, so
 * memory holds a batch or two however large the week, and every issue still names the invoice's place in
 * its chunk. A read cut off half-way keeps the batches written before it, leaves the cursor where it was,
 * and the next run lands the rest — nothing twice, nothing lost.
 */
import { IikoClient } from '@getinn/iiko-client';
import type { FakeDatasetOptions } from '@getinn/iiko-client/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { INVOICE_CURSOR } from '../src/index';
import { createMemorySyncStore } from '../src/memory-store';
import type { SyncStore } from '../src/sync-store';
import { TODAY, startHarness, type Harness } from './helpers';

const EXPORT = '/resto/api/documents/export/incomingInvoice';
/** 60 invoices, all in the week the run's first chunk reads (the cursor below puts it at 09-24–09-30). */
const BUSY_WEEK: FakeDatasetOptions = {
  restaurants: 2,
  storesPerRestaurant: 2,
  suppliers: 6,
  invoices: 60,
  linesPerInvoice: [1, 3],
  from: '2026-09-24',
  to: '2026-09-30',
};
const CURSOR = '2026-09-27';
const BATCH = 4;

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** A memory store counting its invoice upserts and the records in each. */
function countingStore(): { store: SyncStore; batches: number[] } {
  const store = createMemorySyncStore();
  const batches: number[] = [];
  const upsert = store.upsert.bind(store);
  store.upsert = async (accountId, entityType, records) => {
    if (entityType === 'invoices') batches.push(records.length);
    return upsert(accountId, entityType, records);
  };
  return { store, batches };
}

/** A harness over the busy week, the account added and its invoice cursor set. */
async function busyWeek(store: SyncStore): Promise<Harness> {
  harness = await startHarness({ dataset: BUSY_WEEK, store, sync: { batchSize: BATCH, invoiceChunkDays: 7 } });
  await harness.addAccount('acc-1');
  await store.setCursor('acc-1', INVOICE_CURSOR, CURSOR);
  return harness;
}

/** The invoice ids of the week's export, in the order iiko writes them. */
async function exportedIds(h: Harness): Promise<string[]> {
  const client = new IikoClient({ baseUrl: h.fake.url, login: h.fake.server.login, password: h.fake.server.password });
  try {
    return (await client.incomingInvoices({ from: '2026-09-24', to: '2026-09-30' })).map((invoice) => invoice.id);
  } finally {
    await client.close();
  }
}

describe('invoice chunks streamed batch by batch', () => {
  it('writes a week larger than batchSize in batches, every invoice once, issues at their place in the week', async () => {
    const { store, batches } = countingStore();
    const h = await busyWeek(store);
    const ids = await exportedIds(h);
    expect(ids).toHaveLength(60);
    // The 11th invoice of the week (third batch) names a supplier iiko does not list.
    const odd = h.fake.server.data.incomingInvoices.find((invoice) => invoice.id === ids[10])!;
    odd.supplier = '00000000-0000-4000-8000-00000000dead';

    const readAtWrite: number[] = [];
    const report = await h.sync.run('acc-1', {
      onProgress: (event) => {
        if (event.entity === 'invoices' && event.phase === 'store') readAtWrite.push(event.fetched);
      },
    });
    const invoices = report.entities.invoices;
    expect(invoices.status).toBe('partial');
    // When the first batch is in the store, at most the next one has been read and mapped besides it.
    expect(readAtWrite[0]).toBeLessThanOrEqual(2 * BATCH);
    expect(batches.every((size) => size <= BATCH)).toBe(true);
    expect(batches.reduce((sum, size) => sum + size, 0)).toBe(59);
    expect(batches.length).toBeGreaterThanOrEqual(15);
    expect(invoices).toMatchObject({ fetched: 60, created: 59, failed: 1 });
    expect(invoices.issues).toEqual([expect.objectContaining({ code: 'UNRESOLVED_REFERENCE', externalId: ids[10], index: 10 })]);
    const stored = await store.list('acc-1', 'invoices');
    expect(new Set(stored.map((record) => record.externalId))).toEqual(new Set(ids.filter((id) => id !== ids[10])));
    // The left-out invoice waits as pending; the cursor moved past the week it was read in.
    expect((await store.listPending!('acc-1', 'invoices')).map((record) => record.externalId)).toEqual([ids[10]]);
    expect(await store.getCursor('acc-1', INVOICE_CURSOR)).toBe(TODAY);
  });

  it('a read cut off half-way keeps the batches before it and the cursor; the rerun lands the rest once', async () => {
    const { store, batches } = countingStore();
    const h = await busyWeek(store);
    // The week's export stops after half its bytes, after invoices were already handed over: not retried.
    h.fake.server.injectFault({ kind: 'truncate', path: EXPORT, times: 1 });

    const report = await h.sync.run('acc-1');
    expect(report.entities.invoices.status).toBe('failed');
    const written = batches.reduce((sum, size) => sum + size, 0);
    expect(written).toBeGreaterThan(0);
    expect(written).toBeLessThan(60);
    expect(await store.list('acc-1', 'invoices')).toHaveLength(written);
    expect(report.entities.invoices.created).toBe(written);
    expect(await store.getCursor('acc-1', INVOICE_CURSOR)).toBe(CURSOR);
    expect(h.fake.server.activeSessions()).toBe(0);
    expect(h.fake.server.maxInFlight).toBe(1);

    const rerun = await h.sync.run('acc-1');
    expect(rerun.status).toBe('success');
    expect(rerun.entities.invoices).toMatchObject({ fetched: 60, created: 60 - written, unchanged: written, failed: 0 });
    const stored = await store.list('acc-1', 'invoices');
    expect(stored).toHaveLength(60);
    expect(new Set(stored.map((record) => record.externalId))).toEqual(new Set(await exportedIds(h)));
    expect(await store.getCursor('acc-1', INVOICE_CURSOR)).toBe(TODAY);
  });
});
