import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha1Hex } from '@getinn/iiko-client/testing';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { INVOICE_CURSOR, SyncInProgressError, type SyncReport } from '../src/index';
import { createMemorySyncStore } from '../src/memory-store';
import { createSqliteSyncStore, type SqliteSyncStore } from '../src/sqlite/index';
import type { SyncStore } from '../src/sync-store';
import { TODAY, requestsTo, startHarness, type Harness } from './helpers';

const NO_LICENCE = 'License enhancement is required: no connections available for module RMS (API)';
const WINDOW = { invoices: { from: '2026-07-01', to: TODAY } };

const directory = mkdtempSync(join(tmpdir(), 'iiko-sync-failures-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

let harness: Harness | undefined;
const opened: SqliteSyncStore[] = [];
afterEach(async () => {
  await harness?.close();
  harness = undefined;
  for (const store of opened.splice(0)) store.close();
});

async function start(store?: SyncStore): Promise<Harness> {
  harness = await startHarness(store === undefined ? {} : { store });
  await harness.addAccount('acc-1');
  return harness;
}

/** Record counts per entity in the store. */
async function counts(h: Harness, accountId = 'acc-1'): Promise<Record<string, number>> {
  const entries = await Promise.all(
    (['restaurants', 'stores', 'suppliers', 'invoices'] as const).map(async (entity) => [entity, (await h.store.list(accountId, entity)).length]),
  );
  return Object.fromEntries(entries);
}

/** What a clean sync of the same data stores, from a separate fake with the same dataset. */
async function cleanCounts(): Promise<Record<string, number>> {
  const reference = await startHarness();
  try {
    await reference.addAccount('acc-1');
    await reference.sync.run('acc-1', WINDOW);
    return await counts(reference);
  } finally {
    await reference.close();
  }
}

describe('a failure mid-run loses nothing, holds no licence slot, and a rerun completes the rest', () => {
  it('500s on suppliers beyond the retries: restaurants and stores stay, invoices wait for the rerun', async () => {
    const expected = await cleanCounts();
    const h = await start();
    h.fake.server.injectFault({ kind: 'status', status: 500, path: '/resto/api/suppliers', times: 3 });
    const report = await h.sync.run('acc-1', WINDOW);

    expect(report.status).toBe('partial');
    expect(report.entities.restaurants.status).toBe('success');
    expect(report.entities.stores.status).toBe('success');
    expect(report.entities.suppliers).toMatchObject({ status: 'failed', error: { code: 'SERVER_ERROR', status: 500 } });
    expect(report.entities.invoices).toMatchObject({ status: 'skipped', skippedReason: 'invoices refer to suppliers, which did not sync in this run' });
    expect(report.error).toBeNull(); // a 500 on one endpoint does not stop the run
    expect(await counts(h)).toEqual({ ...expected, suppliers: 0, invoices: 0 });
    expect(h.fake.server.activeSessions()).toBe(0);
    const [suppliersLog] = await h.store.listLogs('acc-1', { limit: 1, entityType: 'suppliers' });
    expect(suppliersLog).toMatchObject({ status: 'failed', errorCode: 'SERVER_ERROR' });
    expect(suppliersLog!.error).toMatch(/500/);

    const rerun = await h.sync.run('acc-1', WINDOW);
    expect(rerun.entities.restaurants).toMatchObject({ created: 0, updated: 0 });
    expect(rerun.entities.suppliers.created).toBe(expected.suppliers);
    expect(await counts(h)).toEqual(expected);
    expect(h.fake.server.activeSessions()).toBe(0);
  });

  it('rides out a transient 500 and a connection reset with retries', async () => {
    const expected = await cleanCounts();
    const h = await start();
    h.fake.server.injectFault({ kind: 'status', status: 500, path: '/resto/api/corporation/stores' });
    h.fake.server.injectFault({ kind: 'reset', path: '/resto/api/documents' });
    const report = await h.sync.run('acc-1', WINDOW);
    expect(report.error).toBeNull();
    expect(Object.values(report.entities).every((entity) => entity.error === null)).toBe(true);
    expect(await counts(h)).toEqual(expected);
  });

  it('resets on a later invoice chunk: earlier chunks and the cursor stay committed, the rerun completes', async () => {
    const expected = await cleanCounts();
    const h = await start();
    // The third export request (third weekly chunk) fails every attempt.
    let exports = 0;
    const report = await h.sync.run('acc-1', {
      onProgress: (event) => {
        if (event.entity === 'invoices' && event.phase === 'fetch' && ++exports === 3) {
          h.fake.server.injectFault({ kind: 'reset', path: '/resto/api/documents', times: 3 });
        }
      },
    });
    expect(report.entities.invoices).toMatchObject({ status: 'failed', error: { code: 'NETWORK_ERROR' } });
    expect(report.error?.code).toBe('NETWORK_ERROR'); // the network stops the run
    // Two weekly chunks were committed, and the cursor says so.
    expect(await h.store.getCursor('acc-1', INVOICE_CURSOR)).toBe('2026-07-17');
    const committed = (await h.store.list('acc-1', 'invoices')).length;
    expect(committed).toBe(report.entities.invoices.created);
    expect(h.fake.server.activeSessions()).toBe(0);

    const rerun = await h.sync.run('acc-1');
    expect(rerun.invoiceWindow).toEqual({ from: '2026-07-14', to: TODAY, source: 'cursor' });
    expect(rerun.status).toBe('success'); // the clean chain has no record-level issue left
    expect(rerun.entities.invoices.error).toBeNull();
    expect(await counts(h)).toEqual(expected);
    expect(await h.store.getCursor('acc-1', INVOICE_CURSOR)).toBe(TODAY);
  });

  it('a 401 mid-run: logs in again once and carries on, freeing the old slot', async () => {
    const expected = await cleanCounts();
    const h = await start();
    h.fake.server.injectFault({ kind: 'status', status: 401, path: '/resto/api/suppliers' });
    const report = await h.sync.run('acc-1', WINDOW);
    expect(report.entities.suppliers.error).toBeNull();
    expect(requestsTo(h, '/resto/api/auth')).toHaveLength(2);
    expect(await counts(h)).toEqual(expected);
    expect(h.fake.server.activeSessions()).toBe(0);
  });

  it('a 401 that persists after the fresh login: the run stops with AUTH_FAILED and keeps what it had', async () => {
    const h = await start();
    h.fake.server.injectFault({ kind: 'status', status: 401, path: '/resto/api/suppliers', times: 2 });
    const report = await h.sync.run('acc-1', WINDOW);
    expect(report.entities.suppliers).toMatchObject({ status: 'failed', error: { code: 'AUTH_FAILED' } });
    expect(report.error?.code).toBe('AUTH_FAILED');
    expect(report.entities.invoices.skippedReason).toBe('the run stopped: AUTH_FAILED');
    expect((await counts(h)).restaurants).toBeGreaterThan(0);
    expect(h.fake.server.activeSessions()).toBe(0);
  });

  it('a licence 403 mid-run stops the run at once; the slot it held is freed', async () => {
    const h = await start();
    h.fake.server.injectFault({ kind: 'status', status: 403, body: NO_LICENCE, path: '/resto/api/suppliers' });
    const report = await h.sync.run('acc-1', WINDOW);
    expect(report.entities.suppliers).toMatchObject({ status: 'failed', error: { code: 'LICENSE_UNAVAILABLE', status: 403 } });
    expect(report.entities.suppliers.error?.message).toMatch(/licence slot/);
    expect(report.entities.invoices.skippedReason).toBe('the run stopped: LICENSE_UNAVAILABLE');
    expect(requestsTo(h, '/resto/api/suppliers')).toHaveLength(1); // never retried
    expect((await counts(h)).stores).toBeGreaterThan(0);
    expect(h.fake.server.activeSessions()).toBe(0);
  });

  it('no free licence slot at login: fails without a single data request and takes no slot', async () => {
    const h = (harness = await startHarness({ licenceSlots: 1 }));
    await h.addAccount('acc-1');
    // Another integration holds the server's only slot.
    const other = await fetch(`${h.fake.url}/resto/api/auth?login=demo&pass=${sha1Hex('demo-password')}`);
    expect(other.status).toBe(200);
    const report = await h.sync.run('acc-1', WINDOW);
    expect(report.status).toBe('failed');
    expect(report.error?.code).toBe('LICENSE_UNAVAILABLE');
    expect(report.entities.restaurants.status).toBe('failed');
    expect(['stores', 'suppliers', 'invoices'].map((e) => report.entities[e as 'stores'].status)).toEqual(['skipped', 'skipped', 'skipped']);
    expect(requestsTo(h, '/resto/api/corporation')).toHaveLength(0);
    expect(h.fake.server.activeSessions()).toBe(1); // only the other integration's
  });
});

describe('abort', () => {
  it('stops between phases: committed work stays, the rest is skipped, lock and session are released', async () => {
    const h = await start();
    const controller = new AbortController();
    const report = await h.sync.run('acc-1', {
      ...WINDOW,
      signal: controller.signal,
      onProgress: (event) => {
        if (event.entity === 'stores' && event.phase === 'done') controller.abort();
      },
    });
    expect(report.status).toBe('aborted');
    expect(report.entities.stores.status).toBe('success');
    expect(report.entities.suppliers).toMatchObject({ status: 'skipped', skippedReason: 'the run was aborted' });
    expect((await counts(h)).stores).toBeGreaterThan(0);
    expect(h.fake.server.activeSessions()).toBe(0);
    expect(await h.store.acquireLock('acc-1', { owner: 'next', ttlMs: 1_000 })).toBe(true);
  });

  it('aborts the iiko call in flight and logs the entity as aborted', async () => {
    const h = await start();
    h.fake.server.injectFault({ kind: 'delay', ms: 5_000, path: '/resto/api/suppliers' });
    const controller = new AbortController();
    const started = Date.now();
    const running = h.sync.run('acc-1', {
      ...WINDOW,
      signal: controller.signal,
      onProgress: (event) => {
        if (event.entity === 'suppliers' && event.phase === 'fetch') setTimeout(() => controller.abort(), 50);
      },
    });
    const report = await running;
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(report.status).toBe('aborted');
    expect(report.entities.suppliers.status).toBe('aborted');
    expect(report.entities.invoices.status).toBe('skipped');
    const [log] = await h.store.listLogs('acc-1', { limit: 1 });
    expect(log).toMatchObject({ entityType: 'suppliers', status: 'aborted' });
    expect(h.fake.server.activeSessions()).toBe(0);
    const next = await h.sync.run('acc-1', { entities: ['restaurants'] });
    expect(next.status).toBe('success');
  });

  it('does nothing but report when the signal has already fired', async () => {
    const h = await start();
    const report = await h.sync.run('acc-1', { signal: AbortSignal.abort() });
    expect(report.status).toBe('aborted');
    expect(Object.values(report.entities).every((entity) => entity.status === 'skipped')).toBe(true);
    expect(requestsTo(h, '/resto/api/corporation')).toHaveLength(0);
  });
});

describe.each([
  ['memory store', (): SyncStore => createMemorySyncStore()],
  [
    'SQLite store',
    (): SyncStore => {
      const store = createSqliteSyncStore({ filename: join(directory, `lock-${opened.length}-${Date.now()}.sqlite`) });
      opened.push(store);
      return store;
    },
  ],
])('concurrent runs with the %s', (_name, makeStore) => {
  it('refuses a second run of the same account while the first runs, then allows it', async () => {
    const h = await start(makeStore());
    h.fake.server.injectFault({ kind: 'delay', ms: 300, path: '/resto/api/corporation/departments' });
    const first = h.sync.run('acc-1', WINDOW);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(h.sync.run('acc-1', WINDOW)).rejects.toBeInstanceOf(SyncInProgressError);
    // A second sync object (another worker sharing the store) is refused too.
    await expect(h.createSync().run('acc-1', WINDOW)).rejects.toThrow(/already running/);
    expect((await first).status).toBe('success');
    const again = await h.sync.run('acc-1', WINDOW);
    expect(again.totals.created).toBe(0);
  });
});

it('two accounts syncing at once against one server never overlap requests on the wire', async () => {
  // Two iiko logins: two sessions (two licence slots) in the one serial queue of the server.
  harness = await startHarness({ users: [{ login: 'getinn-2', password: 'второй-пароль' }] });
  const h = harness;
  await h.addAccount('acc-1');
  await h.addAccount('acc-2', { login: 'getinn-2', password: 'второй-пароль' });
  const reports: SyncReport[] = await Promise.all([h.sync.run('acc-1', WINDOW), h.sync.run('acc-2', WINDOW)]);
  expect(reports.map((report) => report.status)).toEqual(['success', 'success']);
  expect(h.fake.server.maxInFlight).toBe(1);
  expect(requestsTo(h, '/resto/api/auth').map((request) => request.query['login'])).toEqual(
    expect.arrayContaining(['demo', 'getinn-2']),
  );
  expect(await counts(h, 'acc-1')).toEqual(await counts(h, 'acc-2'));
  expect(h.fake.server.activeSessions()).toBe(0);
});

it('two accounts with the same iiko login share one session and one licence slot', async () => {
  const h = await start();
  await h.addAccount('acc-2');
  await Promise.all([h.sync.run('acc-1', WINDOW), h.sync.run('acc-2', WINDOW)]);
  expect(requestsTo(h, '/resto/api/auth')).toHaveLength(1);
  expect(h.fake.server.maxInFlight).toBe(1);
  expect(h.fake.server.activeSessions()).toBe(0);
});

describe('store failures', () => {
  it('stop the run with STORE_FAILED and keep earlier batches', async () => {
    const inner = createMemorySyncStore();
    const failing: SyncStore = {
      ...inner,
      upsert: async (accountId, entityType, records) => {
        if (entityType === 'suppliers') throw new Error('disk I/O error');
        return inner.upsert(accountId, entityType, records);
      },
    };
    const h = await start(failing);
    const report = await h.sync.run('acc-1', WINDOW);
    expect(report.entities.suppliers).toMatchObject({ status: 'failed', error: { code: 'STORE_FAILED' } });
    expect(report.entities.suppliers.error?.message).toBe('the sync store failed to write suppliers: disk I/O error');
    expect(report.entities.suppliers.failed).toBe(report.entities.suppliers.fetched);
    expect(report.error?.code).toBe('STORE_FAILED');
    expect((await inner.list('acc-1', 'stores')).length).toBeGreaterThan(0);
    expect(h.fake.server.activeSessions()).toBe(0);
  });

  it('stop the run when another owner took the lock after its lease expired', async () => {
    const inner = createMemorySyncStore();
    let calls = 0;
    const stolen: SyncStore = {
      ...inner,
      acquireLock: async (accountId, options) => (++calls > 2 ? false : inner.acquireLock(accountId, options)),
    };
    const h = await start(stolen);
    const report = await h.sync.run('acc-1', WINDOW);
    expect(report.error?.code).toBe('LOCK_LOST');
    expect(h.fake.server.activeSessions()).toBe(0);
  });
});
