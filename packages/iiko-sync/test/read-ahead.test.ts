/**
 * Invoice chunks are read one ahead: the next chunk's request is out while the current chunk is mapped
 * and written, the wire still carries one request at a time, and a run that stops mid-way (a store
 * failure, an abort) cancels the read sent ahead, leaving no request in flight and no session held.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createMemorySyncStore } from '../src/memory-store';
import type { SyncStore } from '../src/sync-store';
import { FAST_CLIENT, startHarness, type Harness } from './helpers';

const EXPORT = '/resto/api/documents/export/incomingInvoice';
const WINDOW = { invoices: { from: '2026-07-10', to: '2026-09-30' } };

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Waits until `condition` holds, checking every few milliseconds; false after `ms`. */
async function eventually(condition: () => boolean, ms = 5_000): Promise<boolean> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return true;
}

/** A memory store whose invoice upserts call `onInvoices` first (with the upsert's number, from 1). */
function storeWatchingInvoices(onInvoices: (call: number) => Promise<void>): SyncStore {
  const store = createMemorySyncStore();
  let calls = 0;
  const upsert = store.upsert.bind(store);
  store.upsert = async (accountId, entityType, records) => {
    if (entityType === 'invoices') {
      calls += 1;
      await onInvoices(calls);
    }
    return upsert(accountId, entityType, records);
  };
  return store;
}

describe('invoice chunks read one ahead', () => {
  it('sends the next chunk’s request before the current one is written, one request at a time', async () => {
    const exports = (): { from: unknown; to: unknown }[] =>
      harness!.fake.server.requests.filter((request) => request.path === EXPORT).map((request) => ({ from: request.query['from'], to: request.query['to'] }));
    const atWrite: { askedAhead: boolean; asked: number }[] = [];
    const store = storeWatchingInvoices(async (call) => {
      // Writing chunk `call`: the export of chunk `call + 1` is asked for meanwhile (the 12th, last, has
      // none). Once that chunk's body is read, the one after it may be asked for too — but its body is not
      // read, nor anything further asked for, before this write is done.
      const askedAhead = call < 12 ? await eventually(() => exports().length > call, 2_000) : true;
      atWrite.push({ askedAhead, asked: exports().length });
    });
    harness = await startHarness({ store, sync: { invoiceChunkDays: 7 } });
    const h = harness;
    await h.addAccount('acc-1');
    const report = await h.sync.run('acc-1', { entities: ['restaurants', 'stores', 'suppliers', 'invoices'], ...WINDOW });
    expect(report.status).toBe('success');
    const chunks = exports();
    expect(chunks.length).toBe(12);
    expect(atWrite.map(({ askedAhead }) => askedAhead)).toEqual(Array.from({ length: 12 }, () => true));
    for (const [index, { asked }] of atWrite.entries()) expect(asked, `chunk ${index + 1}`).toBeLessThanOrEqual(Math.min(index + 3, 12));
    // Oldest first, each chunk once, and never two requests on the wire.
    expect(chunks.map((chunk) => chunk.from)).toEqual([...chunks.map((chunk) => chunk.from)].sort());
    expect(new Set(chunks.map((chunk) => chunk.from)).size).toBe(chunks.length);
    expect(h.fake.server.maxInFlight).toBe(1);
    expect(report.entities.invoices.fetched).toBe(h.fake.server.data.incomingInvoices.filter((d) => d.dateIncoming.slice(0, 10) >= '2026-07-10').length);
  });

  it('hands the next chunk’s request to fetch before it maps the current chunk', async () => {
    // Mapping is CPU work on the sync's thread: a request still queued behind it would reach iiko only
    // after it, and the export's build time would hide nothing.
    const asked: string[] = [];
    const recording: typeof fetch = (input, init) => {
      const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      if (url.pathname === EXPORT) asked.push(url.searchParams.get('from')!);
      return fetch(input, init);
    };
    const askedAtMap: { chunk: string; asked: string[] }[] = [];
    harness = await startHarness({ sync: { invoiceChunkDays: 7, clientOptions: { ...FAST_CLIENT, fetch: recording } } });
    const h = harness;
    await h.addAccount('acc-1');
    const report = await h.sync.run('acc-1', {
      entities: ['restaurants', 'stores', 'suppliers', 'invoices'],
      ...WINDOW,
      onProgress: (event) => {
        if (event.entity === 'invoices' && event.phase === 'map') askedAtMap.push({ chunk: event.window!.from, asked: [...asked] });
      },
    });
    expect(report.status).toBe('success');
    expect(askedAtMap.length).toBe(12);
    askedAtMap.forEach(({ chunk, asked: before }, index) => {
      // Mapping chunk N: chunks 1..N+1 have been asked for (the last chunk has no next one).
      expect(before[index]).toBe(chunk);
      expect(before.length).toBe(Math.min(index + 2, 12));
    });
  });

  it('cancels the read sent ahead when writing a chunk fails: nothing left in flight, no session held', async () => {
    const store = storeWatchingInvoices(async (call) => {
      if (call === 2) throw new Error('disk full');
    });
    harness = await startHarness({ store, sync: { invoiceChunkDays: 7 } });
    const h = harness;
    await h.addAccount('acc-1');
    const report = await h.sync.run('acc-1', { entities: ['restaurants', 'stores', 'suppliers', 'invoices'], ...WINDOW });
    expect(report.entities.invoices).toMatchObject({ status: 'failed', error: expect.objectContaining({ code: 'STORE_FAILED' }) });
    // Chunks 1 and 2 were read and chunk 3 sent ahead, no more.
    expect(h.fake.server.requests.filter((request) => request.path === EXPORT).length).toBeLessThanOrEqual(3);
    expect(h.fake.server.activeSessions()).toBe(0);
    expect(h.fake.server.maxInFlight).toBe(1);
  });

  it('aborts the read sent ahead with the run’s signal', async () => {
    const controller = new AbortController();
    const store = storeWatchingInvoices(async (call) => {
      if (call === 1) controller.abort();
    });
    harness = await startHarness({ store, sync: { invoiceChunkDays: 7 } });
    const h = harness;
    await h.addAccount('acc-1');
    h.fake.server.injectFault({ kind: 'delay', ms: 300, path: EXPORT, times: 20 });
    const report = await h.sync.run('acc-1', { entities: ['restaurants', 'stores', 'suppliers', 'invoices'], ...WINDOW, signal: controller.signal });
    expect(report.status).toBe('aborted');
    expect(report.entities.invoices.status).toBe('aborted');
    expect(h.fake.server.activeSessions()).toBe(0);
  });
});
