/**
 * `@getinn/iiko-sync/testing`: the contract every {@link SyncStore} must meet, as a test suite a host runs
 * against its own store. The memory and SQLite stores of this package pass the same suite.
 *
 * It depends on no test framework: pass your runner's `describe` and `it` (vitest, jest, mocha and
 * `node:test` all fit); assertions use `node:assert/strict`.
 *
 * @packageDocumentation
 * @module @getinn/iiko-sync/testing
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { toSyncRecord } from '../content-hash';
import type { PendingRecord, SyncLogEntry, SyncRecord, SyncStore } from '../sync-store';

/** A test runner's `describe`: a name and a function that declares tests. */
export type DescribeFunction = (name: string, body: () => void) => unknown;
/** A test runner's `it`/`test`: a name and an async test body. */
export type TestFunction = (name: string, body: () => Promise<void>) => unknown;

/** Options of {@link describeSyncStoreContract}. */
export interface SyncStoreContractOptions<S extends SyncStore = SyncStore> {
  /** Name of the store under test, used as the suite's title. */
  name: string;
  /**
   * Returns a store for one test. A fresh store per test is simplest; a shared database works too, since
   * every test uses accounts of its own (random ids).
   */
  createStore: () => S | Promise<S>;
  /**
   * Called after each test with the store it used (close a connection, delete a file).
   * @default nothing
   */
  disposeStore?: ((store: S) => void | Promise<void>) | undefined;
  /** The runner's `describe`. */
  describe: DescribeFunction;
  /** The runner's `it` (or `test`). */
  it: TestFunction;
}

/**
 * Declares the contract suite of {@link SyncStore} for one implementation: upserts (created / updated /
 * unchanged by content hash, atomic batches, isolation of accounts and entity types, JSON round trips),
 * the per-account lock (exclusive, renewable, a lease that expires, atomic under races), cursors and the
 * sync log (newest first, limits, filters, exact round trips), and — for a store that implements the
 * optional `savePending`, `listPending` and `deletePending` — pending records (replace by key, exact round
 * trips, isolation, deletion).
 *
 * @example
 * ```ts
 * // test/postgres-sync-store.test.ts
 * import { describe, it } from 'vitest';
 * import { describeSyncStoreContract } from '@getinn/iiko-sync/testing';
 * import { PostgresSyncStore } from '../src/postgres-sync-store';
 *
 * describeSyncStoreContract({
 *   name: 'PostgresSyncStore',
 *   createStore: () => new PostgresSyncStore(pool),
 *   describe,
 *   it,
 * });
 * ```
 */
export function describeSyncStoreContract<S extends SyncStore>(options: SyncStoreContractOptions<S>): void {
  const { describe, it } = options;
  const test = (name: string, body: (store: S) => Promise<void>): unknown =>
    it(name, async () => {
      const store = await options.createStore();
      try {
        await body(store);
      } finally {
        await options.disposeStore?.(store);
      }
    });

  describe(`SyncStore contract: ${options.name}`, () => {
    describe('upsert and list', () => {
      test('creates new records and lists them by externalId with their data', async (store) => {
        const account = newAccount();
        const result = await store.upsert(account, 'suppliers', [supplier('b', 'Бета'), supplier('a', 'Альфа')]);
        assert.deepEqual(result, { created: 2, updated: 0, unchanged: 0 });
        const listed = await store.list(account, 'suppliers');
        assert.deepEqual(
          listed.map((record) => record.externalId),
          ['a', 'b'],
        );
        assert.deepEqual(listed[0]!.data, supplier('a', 'Альфа').data);
        assert.equal(listed[0]!.contentHash, supplier('a', 'Альфа').contentHash);
        assert.ok(isIsoTime(listed[0]!.createdAt), `createdAt ${listed[0]!.createdAt} is ISO 8601`);
        assert.equal(listed[0]!.updatedAt, listed[0]!.createdAt);
      });

      test('leaves records with an equal content hash untouched', async (store) => {
        const account = newAccount();
        await store.upsert(account, 'suppliers', [supplier('a', 'Альфа'), supplier('b', 'Бета')]);
        const before = await store.list(account, 'suppliers');
        await sleep(5);
        const result = await store.upsert(account, 'suppliers', [supplier('a', 'Альфа'), supplier('b', 'Бета')]);
        assert.deepEqual(result, { created: 0, updated: 0, unchanged: 2 });
        assert.deepEqual(await store.list(account, 'suppliers'), before);
      });

      test('rewrites a record whose content hash changed, keeping createdAt', async (store) => {
        const account = newAccount();
        await store.upsert(account, 'suppliers', [supplier('a', 'Альфа'), supplier('b', 'Бета')]);
        const [before] = await store.list(account, 'suppliers');
        await sleep(5);
        const result = await store.upsert(account, 'suppliers', [
          supplier('a', 'Альфа (переименован)'),
          supplier('b', 'Бета'),
          supplier('c', 'Гамма'),
        ]);
        assert.deepEqual(result, { created: 1, updated: 1, unchanged: 1 });
        const [after] = await store.list(account, 'suppliers');
        assert.deepEqual(after!.data, supplier('a', 'Альфа (переименован)').data);
        assert.equal(after!.createdAt, before!.createdAt);
        assert.ok(after!.updatedAt > before!.updatedAt, 'updatedAt moves forward on a change');
      });

      test('applies repeated ids within one batch in order, the last one winning', async (store) => {
        const account = newAccount();
        const result = await store.upsert(account, 'suppliers', [supplier('a', 'first'), supplier('a', 'second')]);
        assert.equal(result.created + result.updated + result.unchanged, 2);
        assert.equal(result.created, 1);
        const listed = await store.list(account, 'suppliers');
        assert.equal(listed.length, 1);
        assert.deepEqual(listed[0]!.data, supplier('a', 'second').data);
      });

      test('keeps accounts and entity types apart', async (store) => {
        const [one, two] = [newAccount(), newAccount()];
        await store.upsert(one, 'suppliers', [supplier('a', 'A')]);
        await store.upsert(one, 'stores', [supplier('a', 'A')]);
        assert.deepEqual(await store.upsert(two, 'suppliers', [supplier('a', 'A')]), { created: 1, updated: 0, unchanged: 0 });
        assert.equal((await store.list(one, 'suppliers')).length, 1);
        assert.equal((await store.list(one, 'stores')).length, 1);
        assert.equal((await store.list(one, 'invoices')).length, 0);
        assert.deepEqual(await store.list(newAccount(), 'suppliers'), []);
      });

      test('round-trips JSON data exactly: Cyrillic, nesting, decimal strings, nulls, empty arrays', async (store) => {
        const account = newAccount();
        const data = {
          externalId: 'inv-1',
          invoiceNumber: 'АБ-15/7 «срочно»',
          dueDate: null,
          totalAmount: '1440.000000000',
          items: [{ quantity: '152.000000000', unitPrice: '9.473684211', lineNumber: 1, unit: null }],
          externalMetadata: { status: 'PROCESSED', tags: [] as string[], nested: { deep: { ok: true, n: 0.5 } } },
        };
        await store.upsert(account, 'invoices', [toSyncRecord(data)]);
        const [stored] = await store.list(account, 'invoices');
        assert.deepEqual(stored!.data, data);
      });

      test('copies data in and out: changing an object afterwards changes nothing stored', async (store) => {
        const account = newAccount();
        const record = supplier('a', 'Альфа');
        await store.upsert(account, 'suppliers', [record]);
        (record.data as { name: string }).name = 'changed in memory';
        const [listed] = await store.list(account, 'suppliers');
        (listed!.data as { name: string }).name = 'changed after reading';
        assert.equal(((await store.list(account, 'suppliers'))[0]!.data as { name: string }).name, 'Альфа');
      });

      test('writes a batch whole or not at all', async (store) => {
        const account = newAccount();
        await store.upsert(account, 'suppliers', [supplier('a', 'Альфа')]);
        const unwritable: SyncRecord = { externalId: 'z', contentHash: 'x', data: { amount: 10n } };
        await assert.rejects(store.upsert(account, 'suppliers', [supplier('a', 'changed'), supplier('b', 'Бета'), unwritable]));
        const listed = await store.list(account, 'suppliers');
        assert.deepEqual(
          listed.map((record) => [record.externalId, (record.data as { name: string }).name]),
          [['a', 'Альфа']],
        );
      });

      test('answers an empty batch with zero counts', async (store) => {
        assert.deepEqual(await store.upsert(newAccount(), 'restaurants', []), { created: 0, updated: 0, unchanged: 0 });
      });

      test('handles a batch of thousands of records in one call', async (store) => {
        const account = newAccount();
        const many = Array.from({ length: 3_000 }, (_, index) => supplier(`s${String(index).padStart(5, '0')}`, `Поставщик ${index}`));
        assert.deepEqual(await store.upsert(account, 'suppliers', many), { created: 3_000, updated: 0, unchanged: 0 });
        assert.deepEqual(await store.upsert(account, 'suppliers', many), { created: 0, updated: 0, unchanged: 3_000 });
        assert.equal((await store.list(account, 'suppliers')).length, 3_000);
      });
    });

    describe('lock', () => {
      test('is exclusive per account until released by its owner', async (store) => {
        const account = newAccount();
        assert.equal(await store.acquireLock(account, { owner: 'run-1', ttlMs: 60_000 }), true);
        assert.equal(await store.acquireLock(account, { owner: 'run-2', ttlMs: 60_000 }), false);
        await store.releaseLock(account, 'run-2');
        assert.equal(await store.acquireLock(account, { owner: 'run-2', ttlMs: 60_000 }), false, 'only the owner releases');
        await store.releaseLock(account, 'run-1');
        assert.equal(await store.acquireLock(account, { owner: 'run-2', ttlMs: 60_000 }), true);
      });

      test('lets its owner renew the lease', async (store) => {
        const account = newAccount();
        assert.equal(await store.acquireLock(account, { owner: 'run-1', ttlMs: 150 }), true);
        await sleep(100);
        assert.equal(await store.acquireLock(account, { owner: 'run-1', ttlMs: 60_000 }), true);
        await sleep(100);
        assert.equal(await store.acquireLock(account, { owner: 'run-2', ttlMs: 60_000 }), false, 'the renewed lease still holds');
      });

      test('expires, so a crashed holder blocks the account only until its lease ends', async (store) => {
        const account = newAccount();
        assert.equal(await store.acquireLock(account, { owner: 'crashed', ttlMs: 50 }), true);
        await sleep(120);
        assert.equal(await store.acquireLock(account, { owner: 'next', ttlMs: 60_000 }), true);
        await store.releaseLock(account, 'crashed');
        assert.equal(await store.acquireLock(account, { owner: 'third', ttlMs: 60_000 }), false, 'the old owner cannot release it');
      });

      test('is independent per account', async (store) => {
        const [one, two] = [newAccount(), newAccount()];
        assert.equal(await store.acquireLock(one, { owner: 'run-1', ttlMs: 60_000 }), true);
        assert.equal(await store.acquireLock(two, { owner: 'run-2', ttlMs: 60_000 }), true);
      });

      test('goes to exactly one of many concurrent takers', async (store) => {
        const account = newAccount();
        const owners = Array.from({ length: 20 }, (_, index) => `run-${index}`);
        const results = await Promise.all(owners.map((owner) => store.acquireLock(account, { owner, ttlMs: 60_000 })));
        assert.equal(results.filter(Boolean).length, 1);
      });
    });

    describe('cursors', () => {
      test('are undefined until set, then keep the last value per account and name', async (store) => {
        const [one, two] = [newAccount(), newAccount()];
        assert.equal(await store.getCursor(one, 'invoices.syncedThrough'), undefined);
        await store.setCursor(one, 'invoices.syncedThrough', '2026-10-01');
        await store.setCursor(one, 'invoices.syncedThrough', '2026-10-02');
        await store.setCursor(one, 'suppliers.revision', '42');
        assert.equal(await store.getCursor(one, 'invoices.syncedThrough'), '2026-10-02');
        assert.equal(await store.getCursor(one, 'suppliers.revision'), '42');
        assert.equal(await store.getCursor(two, 'invoices.syncedThrough'), undefined);
      });
    });

    describe('sync log', () => {
      test('round-trips entries exactly and lists them newest first', async (store) => {
        const account = newAccount();
        const first = logEntry(account, { entityType: 'restaurants' });
        const second = logEntry(account, {
          entityType: 'invoices',
          status: 'partial',
          failed: 1,
          issueCount: 1,
          issues: [
            { entity: 'invoice', externalId: 'inv-9', code: 'MISSING_SUPPLIER', message: 'invoice has no supplier', severity: 'error', path: ['supplier'] },
          ],
          window: { from: '2026-08-01', to: '2026-10-30' },
        });
        const third = logEntry(account, {
          entityType: 'suppliers',
          status: 'failed',
          error: 'iikoServer has no free licence slot (403)',
          errorCode: 'LICENSE_UNAVAILABLE',
        });
        for (const entry of [first, second, third]) await store.appendLog(entry);
        assert.deepEqual(await store.listLogs(account, { limit: 10 }), [third, second, first]);
      });

      test('honours limit and entityType, and keeps accounts apart', async (store) => {
        const [one, two] = [newAccount(), newAccount()];
        for (let index = 0; index < 5; index += 1) {
          await store.appendLog(logEntry(one, { entityType: index % 2 === 0 ? 'invoices' : 'stores', fetched: index }));
        }
        await store.appendLog(logEntry(two, { entityType: 'invoices' }));
        assert.deepEqual(
          (await store.listLogs(one, { limit: 2 })).map((entry) => entry.fetched),
          [4, 3],
        );
        assert.deepEqual(
          (await store.listLogs(one, { limit: 10, entityType: 'invoices' })).map((entry) => entry.fetched),
          [4, 2, 0],
        );
        assert.equal((await store.listLogs(two, { limit: 10 })).length, 1);
        assert.deepEqual(await store.listLogs(newAccount(), { limit: 10 }), []);
      });
    });

    describe('pending records (optional: savePending, listPending, deletePending)', () => {
      const pendingTest = (name: string, body: (store: S & Required<Pick<SyncStore, 'savePending' | 'listPending' | 'deletePending'>>) => Promise<void>): unknown =>
        test(name, async (store) => {
          if (store.savePending === undefined || store.listPending === undefined || store.deletePending === undefined) {
            assert.equal(store.savePending ?? store.listPending ?? store.deletePending, undefined, 'implement all three pending methods or none');
            return;
          }
          await body(store as S & Required<Pick<SyncStore, 'savePending' | 'listPending' | 'deletePending'>>);
        });

      pendingTest('round-trips pending records exactly, ordered by externalId, replacing by key', async (store) => {
        const account = newAccount();
        const first = pending('inv-b', { attempts: 1 });
        const other = pending('inv-a', { code: 'INVALID_RECORD', message: 'items.item.0.sum: expected a decimal «1 440,00»', window: null });
        await store.savePending(account, [first, other]);
        assert.deepEqual(await store.listPending(account, 'invoices'), [other, first]);
        const again = pending('inv-b', { attempts: 2, lastSeenAt: '2026-10-02T03:00:00.000Z', code: 'MISSING_SUPPLIER', message: 'no supplier' });
        await store.savePending(account, [again]);
        assert.deepEqual(await store.listPending(account, 'invoices'), [other, again]);
      });

      pendingTest('keeps accounts and entity types apart, and deletes only what it is given', async (store) => {
        const [one, two] = [newAccount(), newAccount()];
        await store.savePending(one, [pending('a'), pending('b'), { ...pending('a'), entityType: 'products' }]);
        await store.savePending(two, [pending('a')]);
        await store.deletePending(one, 'invoices', ['a', 'not-pending']);
        assert.deepEqual((await store.listPending(one, 'invoices')).map((record) => record.externalId), ['b']);
        assert.equal((await store.listPending(one, 'products')).length, 1);
        assert.equal((await store.listPending(two, 'invoices')).length, 1);
        assert.deepEqual(await store.listPending(newAccount(), 'invoices'), []);
        await store.deletePending(one, 'invoices', []);
        assert.equal((await store.listPending(one, 'invoices')).length, 1);
      });
    });
  });
}

let accountCounter = 0;

function newAccount(): string {
  accountCounter += 1;
  return `contract-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}-${accountCounter}`;
}

function supplier(externalId: string, name: string): SyncRecord<{ externalId: string; name: string; contactInfo: Record<string, string> }> {
  return toSyncRecord({ externalId, name, contactInfo: { phone: '+7 (495) 123-45-67' } });
}

function logEntry(accountId: string, overrides: Partial<SyncLogEntry>): SyncLogEntry {
  return {
    id: `log-${Math.random().toString(36).slice(2)}-${Date.now()}`,
    runId: 'run-1',
    accountId,
    integrationType: 'iiko',
    entityType: 'suppliers',
    status: 'success',
    fetched: 3,
    created: 2,
    updated: 1,
    unchanged: 0,
    failed: 0,
    error: null,
    errorCode: null,
    issueCount: 0,
    issues: [],
    window: null,
    startedAt: '2026-11-27T10:00:00.000Z',
    finishedAt: '2026-11-27T10:00:01.250Z',
    ...overrides,
  };
}

function pending(externalId: string, overrides: Partial<PendingRecord> = {}): PendingRecord {
  return {
    entityType: 'invoices',
    externalId,
    code: 'UNRESOLVED_REFERENCE',
    message: 'invoice points at supplier 22a2a9d7, which is not among the synced suppliers',
    window: { from: '2026-09-01', to: '2026-09-07' },
    firstSeenAt: '2026-10-01T03:00:00.000Z',
    lastSeenAt: '2026-10-01T03:00:00.000Z',
    attempts: 1,
    ...overrides,
  };
}

function isIsoTime(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value);
}
