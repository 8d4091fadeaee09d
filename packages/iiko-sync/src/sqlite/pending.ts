/** The pending records of the SQLite store (table `sync_pending`, schema version 2). Internal. */
import type Database from 'better-sqlite3';
import type { PendingRecord, SyncEntityType, SyncStore } from '../sync-store';

interface PendingRow {
  entity_type: SyncEntityType;
  external_id: string;
  code: string;
  message: string;
  window_from: string | null;
  window_to: string | null;
  first_seen_at: string;
  last_seen_at: string;
  attempts: number;
}

/** `savePending`, `listPending` and `deletePending` over `db`. */
export function sqlitePending(db: Database.Database): Required<Pick<SyncStore, 'savePending' | 'listPending' | 'deletePending'>> {
  const upsert = db.prepare<[Record<string, unknown>]>(
    `insert into sync_pending (account_id, entity_type, external_id, code, message, window_from, window_to, first_seen_at, last_seen_at, attempts)
     values (@account_id, @entity_type, @external_id, @code, @message, @window_from, @window_to, @first_seen_at, @last_seen_at, @attempts)
     on conflict (account_id, entity_type, external_id) do update set code = excluded.code, message = excluded.message,
       window_from = excluded.window_from, window_to = excluded.window_to, first_seen_at = excluded.first_seen_at,
       last_seen_at = excluded.last_seen_at, attempts = excluded.attempts`,
  );
  const select = db.prepare<[string, string], PendingRow>(
    'select * from sync_pending where account_id = ? and entity_type = ? order by external_id',
  );
  const remove = db.prepare<[string, string, string]>('delete from sync_pending where account_id = ? and entity_type = ? and external_id = ?');
  const saveAll = db.transaction((accountId: string, records: readonly PendingRecord[]) => {
    for (const record of records) {
      upsert.run({
        account_id: accountId,
        entity_type: record.entityType,
        external_id: record.externalId,
        code: record.code,
        message: record.message,
        window_from: record.window?.from ?? null,
        window_to: record.window?.to ?? null,
        first_seen_at: record.firstSeenAt,
        last_seen_at: record.lastSeenAt,
        attempts: record.attempts,
      });
    }
  });
  const removeAll = db.transaction((accountId: string, entityType: string, ids: readonly string[]) => {
    for (const id of ids) remove.run(accountId, entityType, id);
  });
  return {
    async savePending(accountId, records) {
      saveAll.immediate(accountId, records);
    },
    async listPending(accountId, entityType) {
      return select.all(accountId, entityType).map((row) => ({
        entityType: row.entity_type,
        externalId: row.external_id,
        code: row.code,
        message: row.message,
        window: row.window_from === null || row.window_to === null ? null : { from: row.window_from, to: row.window_to },
        firstSeenAt: row.first_seen_at,
        lastSeenAt: row.last_seen_at,
        attempts: row.attempts,
      }));
    },
    async deletePending(accountId, entityType, externalIds) {
      removeAll.immediate(accountId, entityType, externalIds);
    },
  };
}
