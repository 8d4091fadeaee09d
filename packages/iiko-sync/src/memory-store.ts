import type {
  ListLogsOptions,
  LockOptions,
  PendingRecord,
  StoredRecord,
  SyncEntityType,
  SyncLogEntry,
  SyncRecord,
  SyncStore,
  UpsertResult,
} from './sync-store';

/** Options of {@link createMemorySyncStore}. */
export interface MemorySyncStoreOptions {
  /**
   * The clock for lock leases and record timestamps, in epoch milliseconds.
   * @default Date.now
   */
  now?: (() => number) | undefined;
}

/**
 * A {@link SyncStore} in memory: for tests, examples and hosts that only want the report. Records are
 * copied in and out through JSON, as a database column would hold them, so nothing a caller does to an
 * object changes what is stored.
 * Everything is lost when the process ends; the lock protects runs within this process only.
 *
 * @example
 * ```ts
 * const sync = createIikoSync({ store: createMemorySyncStore(), credentials: vault, currency: 'RUB' });
 * ```
 */
export function createMemorySyncStore(options: MemorySyncStoreOptions = {}): SyncStore {
  const now = options.now ?? Date.now;
  const records = new Map<string, Map<string, StoredRecord>>();
  const cursors = new Map<string, string>();
  const locks = new Map<string, { owner: string; expiresAt: number }>();
  const logs: SyncLogEntry[] = [];
  const pending = new Map<string, Map<string, PendingRecord>>();
  const key = (accountId: string, name: string): string => JSON.stringify([accountId, name]);

  return {
    async upsert(accountId: string, entityType: SyncEntityType, batch: readonly SyncRecord[]): Promise<UpsertResult> {
      const table = records.get(key(accountId, entityType)) ?? new Map<string, StoredRecord>();
      records.set(key(accountId, entityType), table);
      const result: UpsertResult = { created: 0, updated: 0, unchanged: 0 };
      const at = new Date(now()).toISOString();
      // Copy everything first, through JSON as a database column would, so a record that is not JSON fails
      // the whole call before anything is written — as a transaction would.
      const copies = batch.map((record) => ({ externalId: record.externalId, contentHash: record.contentHash, data: jsonCopy(record.data) }));
      for (const record of copies) {
        const existing = table.get(record.externalId);
        if (existing === undefined) {
          table.set(record.externalId, { ...record, createdAt: at, updatedAt: at });
          result.created += 1;
        } else if (existing.contentHash !== record.contentHash) {
          table.set(record.externalId, { ...record, createdAt: existing.createdAt, updatedAt: at });
          result.updated += 1;
        } else {
          result.unchanged += 1;
        }
      }
      return result;
    },

    async list<T>(accountId: string, entityType: SyncEntityType): Promise<StoredRecord<T>[]> {
      const table = records.get(key(accountId, entityType));
      if (table === undefined) return [];
      return [...table.values()]
        .sort((a, b) => (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0))
        .map((record) => ({ ...record, data: jsonCopy(record.data) as T }));
    },

    async acquireLock(accountId: string, { owner, ttlMs }: LockOptions): Promise<boolean> {
      const held = locks.get(accountId);
      const at = now();
      if (held !== undefined && held.owner !== owner && held.expiresAt > at) return false;
      locks.set(accountId, { owner, expiresAt: at + ttlMs });
      return true;
    },

    async releaseLock(accountId: string, owner: string): Promise<void> {
      if (locks.get(accountId)?.owner === owner) locks.delete(accountId);
    },

    async getCursor(accountId: string, name: string): Promise<string | undefined> {
      return cursors.get(key(accountId, name));
    },

    async setCursor(accountId: string, name: string, value: string): Promise<void> {
      cursors.set(key(accountId, name), value);
    },

    async appendLog(entry: SyncLogEntry): Promise<void> {
      logs.push(jsonCopy(entry));
    },

    async savePending(accountId: string, records: readonly PendingRecord[]): Promise<void> {
      const copies = records.map((record) => jsonCopy(record));
      for (const record of copies) {
        const table = pending.get(key(accountId, record.entityType)) ?? new Map<string, PendingRecord>();
        pending.set(key(accountId, record.entityType), table);
        table.set(record.externalId, record);
      }
    },

    async listPending(accountId: string, entityType: SyncEntityType): Promise<PendingRecord[]> {
      return [...(pending.get(key(accountId, entityType))?.values() ?? [])]
        .sort((a, b) => (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0))
        .map((record) => jsonCopy(record));
    },

    async deletePending(accountId: string, entityType: SyncEntityType, externalIds: readonly string[]): Promise<void> {
      const table = pending.get(key(accountId, entityType));
      for (const id of externalIds) table?.delete(id);
    },

    async listLogs(accountId: string, { limit, entityType }: ListLogsOptions): Promise<SyncLogEntry[]> {
      const found: SyncLogEntry[] = [];
      for (let index = logs.length - 1; index >= 0 && found.length < limit; index -= 1) {
        const entry = logs[index]!;
        if (entry.accountId === accountId && (entityType === undefined || entry.entityType === entityType)) {
          found.push(jsonCopy(entry));
        }
      }
      return found;
    },
  };
}

function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
