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
  name: 'SQLite file, written on the calling thread',
  createStore: () => createSqliteSyncStore({ filename: join(directory, `store-${(files += 1)}.sqlite`), writeInWorker: false }),
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
      expect(store.database.pragma('user_version', { simple: true })).toBe(3);
      expect(store.database.pragma('page_size', { simple: true })).toBe(16384);
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
      expect(upgraded.database.pragma('user_version', { simple: true })).toBe(3);
      expect(await upgraded.getCursor('acc', 'invoices.syncedThrough')).toBe('2026-11-01');
      await upgraded.savePending!('acc', [
        { entityType: 'invoices', externalId: 'i', code: 'INVALID_RECORD', message: 'm', window: null, firstSeenAt: 'a', lastSeenAt: 'b', attempts: 1 },
      ]);
      expect(await upgraded.listPending!('acc', 'invoices')).toHaveLength(1);
    } finally {
      upgraded.close();
    }
  });

  it('upgrades a version 2 file, whose records table is WITHOUT ROWID, keeping every record and its times', async () => {
    const filename = join(directory, 'v2.sqlite');
    const database = new Database(filename);
    database.exec(`
      create table sync_records (
        account_id text not null, entity_type text not null, external_id text not null, content_hash text not null,
        data text not null, created_at text not null, updated_at text not null,
        primary key (account_id, entity_type, external_id)
      ) without rowid;
      insert into sync_records values ('acc', 'suppliers', 's-2', 'h2', '{"externalId":"s-2","name":"Молоко"}', '2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z');
      insert into sync_records values ('acc', 'suppliers', 's-1', 'h1', '{"externalId":"s-1"}', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z');
    `);
    database.pragma('user_version = 2');
    database.close();
    const upgraded = createSqliteSyncStore({ filename });
    try {
      expect(upgraded.database.pragma('user_version', { simple: true })).toBe(3);
      const { sql } = upgraded.database.prepare("select sql from sqlite_master where name = 'sync_records'").get() as { sql: string };
      expect(sql).not.toMatch(/without rowid/i);
      expect(await upgraded.list('acc', 'suppliers')).toEqual([
        { externalId: 's-1', contentHash: 'h1', data: { externalId: 's-1' }, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z' },
        { externalId: 's-2', contentHash: 'h2', data: { externalId: 's-2', name: 'Молоко' }, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-02-01T00:00:00.000Z' },
      ]);
      // The key is still unique: the same record is found unchanged, not inserted twice.
      expect(await upgraded.upsert('acc', 'suppliers', [{ externalId: 's-1', contentHash: 'h1', data: { externalId: 's-1' } }])).toEqual({ created: 0, updated: 0, unchanged: 1 });
      expect(() => upgraded.database.prepare("insert into sync_records values ('acc', 'suppliers', 's-1', 'x', '{}', 'a', 'b')").run()).toThrow(/UNIQUE/);
    } finally {
      upgraded.close();
    }
    const reopened = createSqliteSyncStore({ filename });
    expect(await reopened.list('acc', 'suppliers')).toHaveLength(2);
    reopened.close();
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
