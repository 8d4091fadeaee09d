/**
 * `@getinn/iiko-sync/sqlite`: the embedded {@link SyncStore} on better-sqlite3 — the default for the demo,
 * the examples and small hosts. Kept out of the main entry so that hosts with their own store never load
 * a native module (better-sqlite3 is an optional peer dependency).
 *
 * @packageDocumentation
 * @module @getinn/iiko-sync/sqlite
 */
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import type {
  ListLogsOptions,
  LockOptions,
  StoredRecord,
  SyncEntityType,
  SyncLogEntry,
  SyncLogStatus,
  SyncRecord,
  SyncStore,
} from '../sync-store';
import { sqlitePending } from './pending';
import type { RecordToWrite } from './record-writes';
import { PENDING_SCHEMA, REBUILD_RECORDS_V3, SCHEMA, SCHEMA_VERSION } from './schema';
import { enableWalMode } from './wal-mode';
import { threadRecordWriter, workerRecordWriter } from './write-worker';

/**
 * A better-sqlite3 database, as `new Database(filename)` returns it — described by the part of its API
 * the store uses (and a reader of its tables needs), so that this entry's types need neither
 * better-sqlite3's own nor `@types/better-sqlite3` (projects checking declarations with
 * `skipLibCheck: false` would otherwise fail with TS7016). A better-sqlite3 12 `Database` fits as it is;
 * cast to `Database.Database` from `@types/better-sqlite3` for the rest of its API.
 */
export interface SqliteDatabase {
  /** Whether the database is open. */
  readonly open: boolean;
  /** Runs a PRAGMA statement. */
  pragma(source: string, options?: { simple?: boolean }): unknown;
  /** Runs SQL that returns no rows (several statements allowed). */
  exec(source: string): unknown;
  /** Compiles one statement. */
  prepare(source: string): SqliteStatement;
  /** Wraps a function so that it runs in one transaction. */
  transaction(fn: (...args: any[]) => any): (...args: any[]) => any;
  /** Closes the database. */
  close(): unknown;
}

/** A compiled statement of a {@link SqliteDatabase}: better-sqlite3's `Statement`, as far as readers need it. */
export interface SqliteStatement {
  /** Runs it and says how many rows changed. */
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  /** The first row, or `undefined` when there is none. */
  get(...params: unknown[]): unknown;
  /** Every row. */
  all(...params: unknown[]): unknown[];
}

/** Options of {@link createSqliteSyncStore}: a file to open, or a database the host already opened. */
export type SqliteSyncStoreOptions = (
  | {
      /** Path of the database file (created when missing), or `':memory:'`. */
      filename: string;
      database?: never;
    }
  | {
      /** An open better-sqlite3 database; the store creates its tables in it and never closes it. */
      database: SqliteDatabase;
      filename?: never;
    }
) & {
  /**
   * How long a write — or opening the file while other processes open it too — waits for another
   * process before failing with `SQLITE_BUSY`.
   * @default 5000
   */
  busyTimeoutMs?: number | undefined;
  /**
   * The clock for lock leases and record timestamps, in epoch milliseconds.
   * @default Date.now
   */
  now?: (() => number) | undefined;
  /**
   * Write records from a worker thread with a connection of its own, so that writing a chunk (tens of MB
   * of JSON for a large chain) runs while the sync reads and maps the next one instead of stopping it —
   * better-sqlite3 is synchronous. Only for a file the store opens: a `database` passed in and
   * `':memory:'` are always written on the calling thread. Set `false` where worker threads are not
   * wanted; the results are the same.
   * @default true
   */
  writeInWorker?: boolean | undefined;
};

/** The SQLite store: a {@link SyncStore} plus its database and `close()`. */
export interface SqliteSyncStore extends SyncStore {
  /** The database, for reading the tables directly (`sync_records`, `sync_cursors`, `sync_locks`, `sync_logs`, `sync_pending`). */
  readonly database: SqliteDatabase;
  /** Closes the database if the store opened it (`filename`); a database passed in is left open. */
  close(): void;
}

interface LogRow {
  id: string;
  run_id: string;
  account_id: string;
  integration_type: string;
  entity_type: SyncEntityType;
  status: SyncLogStatus;
  fetched: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  error: string | null;
  error_code: string | null;
  issue_count: number;
  issues: string;
  window_from: string | null;
  window_to: string | null;
  started_at: string;
  finished_at: string;
}

interface RecordRow {
  external_id: string;
  content_hash: string;
  data: string;
  created_at: string;
  updated_at: string;
}

/**
 * Opens (or creates) an SQLite sync store. The tables are created when missing; the file uses WAL mode,
 * so readers (an admin page, `examples/read-sqlite-store.ts`) never block a running sync, and several
 * processes can share one file — the lock is a row, taken with one atomic statement.
 *
 * Each `upsert` is one transaction; records whose content hash is unchanged are not rewritten.
 *
 * @example
 * ```ts
 * import { createSqliteSyncStore } from '@getinn/iiko-sync/sqlite';
 *
 * const store = createSqliteSyncStore({ filename: 'iiko-sync.sqlite' });
 * const sync = createIikoSync({ store, credentials: vault, currency: 'RUB' });
 * ```
 */
export function createSqliteSyncStore(options: SqliteSyncStoreOptions): SqliteSyncStore {
  const owned = options.database === undefined;
  const busyTimeoutMs = Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5_000));
  // The busy timeout goes in at open (better-sqlite3's `timeout`), before any statement: several
  // processes opening one fresh file at once otherwise meet `SQLITE_BUSY: database is locked` in the
  // first pragma. Typed as better-sqlite3's full `Database` inside, where the statements' parameters are
  // checked.
  const db = (options.database ?? new Database(options.filename, { timeout: busyTimeoutMs })) as Database.Database;
  const now = options.now ?? Date.now;
  try {
    db.pragma(`busy_timeout = ${busyTimeoutMs}`);
    // 16 KiB pages for a file this store creates: an invoice's JSON is a few KB, which at the default 4 KiB
    // spills into overflow pages (writes measured about a quarter faster). Takes effect only on a new,
    // empty file — before WAL mode is set — and a database the host passes in keeps its own.
    if (owned) db.pragma('page_size = 16384');
    enableWalMode(db, busyTimeoutMs);
    // NORMAL is safe against corruption in WAL mode; a power cut may lose the last commits, which a rerun
    // of the (idempotent) sync restores.
    db.pragma('synchronous = NORMAL');
    // One write transaction taken up front (BEGIN IMMEDIATE waits through the busy timeout): a deferred
    // one that reads the schema and then writes would fail at once, without waiting, when another
    // process wrote in between (SQLite's rule for upgrading a read transaction in WAL mode).
    db.transaction(() => {
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version > SCHEMA_VERSION) {
        throw new Error(`the sync store's schema is version ${version}; this version of @getinn/iiko-sync knows ${SCHEMA_VERSION}`);
      }
      const records = db.prepare("select sql from sqlite_master where type = 'table' and name = 'sync_records'").pluck().get() as string | undefined;
      if (records !== undefined && /without\s+rowid/i.test(records)) db.exec(REBUILD_RECORDS_V3);
      db.exec(SCHEMA);
      db.exec(PENDING_SCHEMA);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    }).immediate();
  } catch (error) {
    if (owned) db.close();
    throw error;
  }

  const selectRecords = db.prepare<[string, string], RecordRow>(
    `select external_id, content_hash, data, created_at, updated_at from sync_records
     where account_id = ? and entity_type = ? order by external_id`,
  );
  const takeLock = db.prepare<[{ accountId: string; owner: string; expiresAt: number; now: number }]>(
    `insert into sync_locks (account_id, owner, expires_at) values (@accountId, @owner, @expiresAt)
     on conflict (account_id) do update set owner = excluded.owner, expires_at = excluded.expires_at
     where sync_locks.owner = excluded.owner or sync_locks.expires_at <= @now`,
  );
  const dropLock = db.prepare<[string, string]>('delete from sync_locks where account_id = ? and owner = ?');
  const selectCursor = db
    .prepare<[string, string], string>('select value from sync_cursors where account_id = ? and name = ?')
    .pluck();
  const upsertCursor = db.prepare<[string, string, string, string]>(
    `insert into sync_cursors (account_id, name, value, updated_at) values (?, ?, ?, ?)
     on conflict (account_id, name) do update set value = excluded.value, updated_at = excluded.updated_at`,
  );
  const insertLog = db.prepare<[Record<string, unknown>]>(
    `insert into sync_logs (id, run_id, account_id, integration_type, entity_type, status, fetched, created, updated,
       unchanged, failed, error, error_code, issue_count, issues, window_from, window_to, started_at, finished_at)
     values (@id, @run_id, @account_id, @integration_type, @entity_type, @status, @fetched, @created, @updated,
       @unchanged, @failed, @error, @error_code, @issue_count, @issues, @window_from, @window_to, @started_at, @finished_at)`,
  );
  const selectLogs = db.prepare<[string, number], LogRow>(
    'select * from sync_logs where account_id = ? order by seq desc limit ?',
  );
  const selectLogsOfType = db.prepare<[string, string, number], LogRow>(
    'select * from sync_logs where account_id = ? and entity_type = ? order by seq desc limit ?',
  );

  // A file gets the write worker (see `write-worker.ts`); a database passed in, or one in memory, which
  // a second connection cannot share, is written on this thread.
  const inWorker = (options.writeInWorker ?? true) && owned && options.filename !== ':memory:' && options.filename !== '';
  // The path as opened now: the worker starts later (a lock taken, or the first write), when a host may have changed directory.
  const writer = inWorker ? workerRecordWriter(resolve(options.filename!), busyTimeoutMs) : threadRecordWriter(db);

  return {
    database: db,
    close(): void {
      writer.close();
      if (owned && db.open) db.close();
    },
    async upsert(accountId, entityType, batch) {
      const rows = batch.map((record): RecordToWrite => [record.externalId, record.contentHash, jsonOf(record)]);
      return writer.write(accountId, entityType, rows, new Date(now()).toISOString());
    },
    async list<T>(accountId: string, entityType: SyncEntityType): Promise<StoredRecord<T>[]> {
      return selectRecords.all(accountId, entityType).map((row) => ({
        externalId: row.external_id,
        contentHash: row.content_hash,
        data: JSON.parse(row.data) as T,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
      }));
    },
    async acquireLock(accountId: string, { owner, ttlMs }: LockOptions): Promise<boolean> {
      const at = now();
      const taken = takeLock.run({ accountId, owner, expiresAt: at + ttlMs, now: at }).changes === 1;
      // A run holds the lock: its writes are coming, so the worker loads while the run logs in and reads.
      if (taken) writer.prepare();
      return taken;
    },
    async releaseLock(accountId, owner) {
      dropLock.run(accountId, owner);
    },
    async getCursor(accountId, name) {
      return selectCursor.get(accountId, name);
    },
    async setCursor(accountId, name, value) {
      upsertCursor.run(accountId, name, value, new Date(now()).toISOString());
    },
    async appendLog(entry: SyncLogEntry) {
      insertLog.run({
        id: entry.id,
        run_id: entry.runId,
        account_id: entry.accountId,
        integration_type: entry.integrationType,
        entity_type: entry.entityType,
        status: entry.status,
        fetched: entry.fetched,
        created: entry.created,
        updated: entry.updated,
        unchanged: entry.unchanged,
        failed: entry.failed,
        error: entry.error,
        error_code: entry.errorCode,
        issue_count: entry.issueCount,
        issues: JSON.stringify(entry.issues),
        window_from: entry.window?.from ?? null,
        window_to: entry.window?.to ?? null,
        started_at: entry.startedAt,
        finished_at: entry.finishedAt,
      });
    },
    ...sqlitePending(db),
    async listLogs(accountId: string, { limit, entityType }: ListLogsOptions): Promise<SyncLogEntry[]> {
      const rows =
        entityType === undefined ? selectLogs.all(accountId, limit) : selectLogsOfType.all(accountId, entityType, limit);
      return rows.map(logEntryOf);
    },
  };
}

function logEntryOf(row: LogRow): SyncLogEntry {
  return {
    id: row.id,
    runId: row.run_id,
    accountId: row.account_id,
    integrationType: row.integration_type,
    entityType: row.entity_type,
    status: row.status,
    fetched: row.fetched,
    created: row.created,
    updated: row.updated,
    unchanged: row.unchanged,
    failed: row.failed,
    error: row.error,
    errorCode: row.error_code,
    issueCount: row.issue_count,
    issues: JSON.parse(row.issues) as SyncLogEntry['issues'],
    window: row.window_from === null || row.window_to === null ? null : { from: row.window_from, to: row.window_to },
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

export type { SyncStore } from '../sync-store';

/** A record's JSON text: the one `toSyncRecord` made with its hash, else `data` serialized here. */
function jsonOf(record: SyncRecord): string {
  if (typeof record.json === 'string') return record.json;
  const json = JSON.stringify(record.data) as string | undefined;
  if (json === undefined) throw new TypeError(`record ${record.externalId}: data is not JSON`);
  return json;
}
