import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createMemorySyncStore } from '../src/memory-store';
import { createSqliteSyncStore, type SqliteSyncStore } from '../src/sqlite/index';
import { describeSyncStoreContract } from '../src/testing/index';

const directory = mkdtempSync(join(tmpdir(), 'iiko-sync-contract-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
let files = 0;

describeSyncStoreContract({ name: 'memory', createStore: () => createMemorySyncStore(), describe, it });

describeSyncStoreContract<SqliteSyncStore>({
  name: 'SQLite file',
  createStore: () => createSqliteSyncStore({ filename: join(directory, `store-${(files += 1)}.sqlite`) }),
  disposeStore: (store) => store.close(),
  describe,
  it,
});

describeSyncStoreContract<SqliteSyncStore>({
  name: 'SQLite :memory:',
  createStore: () => createSqliteSyncStore({ filename: ':memory:' }),
  disposeStore: (store) => store.close(),
  describe,
  it,
});

// One file shared by every test, as a host's database is: the suite's accounts keep the tests apart.
const shared = join(directory, 'shared.sqlite');
describeSyncStoreContract<SqliteSyncStore>({
  name: 'SQLite file shared by two connections',
  createStore: () => createSqliteSyncStore({ filename: shared }),
  disposeStore: (store) => store.close(),
  describe,
  it,
});

describe('createSqliteSyncStore', () => {
  it('uses WAL mode and records its schema version', () => {
    const store = createSqliteSyncStore({ filename: join(directory, 'pragmas.sqlite') });
    try {
      expect(store.database.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(store.database.pragma('user_version', { simple: true })).toBe(2);
    } finally {
      store.close();
    }
  });

  it('reopens a file with its data, and leaves a database passed in open', async () => {
    const filename = join(directory, 'reopen.sqlite');
    const first = createSqliteSyncStore({ filename });
    await first.setCursor('acc', 'invoices.syncedThrough', '2026-11-01');
    first.close();
    const database = new Database(filename);
    const second = createSqliteSyncStore({ database });
    expect(await second.getCursor('acc', 'invoices.syncedThrough')).toBe('2026-11-01');
    second.close();
    expect(database.open).toBe(true);
    database.close();
  });

  it('upgrades a version 1 file in place: its records stay, the pending table is added', async () => {
    const filename = join(directory, 'v1.sqlite');
    const old = createSqliteSyncStore({ filename });
    await old.setCursor('acc', 'invoices.syncedThrough', '2026-11-01');
    old.database.exec('drop table sync_pending');
    old.database.pragma('user_version = 1');
    old.close();
    const upgraded = createSqliteSyncStore({ filename });
    try {
      expect(upgraded.database.pragma('user_version', { simple: true })).toBe(2);
      expect(await upgraded.getCursor('acc', 'invoices.syncedThrough')).toBe('2026-11-01');
      await upgraded.savePending!('acc', [
        { entityType: 'invoices', externalId: 'i', code: 'INVALID_RECORD', message: 'm', window: null, firstSeenAt: 'a', lastSeenAt: 'b', attempts: 1 },
      ]);
      expect(await upgraded.listPending!('acc', 'invoices')).toHaveLength(1);
    } finally {
      upgraded.close();
    }
  });

  it('refuses a file written by a newer schema', () => {
    const filename = join(directory, 'newer.sqlite');
    const database = new Database(filename);
    database.pragma('user_version = 99');
    database.close();
    expect(() => createSqliteSyncStore({ filename })).toThrow(/schema is version 99/);
  });

  it('shares one lock between two connections to the same file, as two processes would', async () => {
    const filename = join(directory, 'lock.sqlite');
    const one = createSqliteSyncStore({ filename });
    const two = createSqliteSyncStore({ filename });
    try {
      expect(await one.acquireLock('acc', { owner: 'process-1', ttlMs: 60_000 })).toBe(true);
      expect(await two.acquireLock('acc', { owner: 'process-2', ttlMs: 60_000 })).toBe(false);
      await one.releaseLock('acc', 'process-1');
      expect(await two.acquireLock('acc', { owner: 'process-2', ttlMs: 60_000 })).toBe(true);
    } finally {
      one.close();
      two.close();
    }
  });
});
