/**
 * The one write of the records table: a batch upserted in one immediate transaction, rows whose hash is
 * unchanged left untouched. Shared by the store's own connection and the write worker, which runs this
 * same function from its source text — so it imports nothing and uses nothing outside its body.
 */
import type Database from 'better-sqlite3';
import type { SyncEntityType, UpsertResult } from '../sync-store';

/** One record to write: its key, hash and JSON — what crosses to the write worker, and nothing more. */
export type RecordToWrite = readonly [externalId: string, contentHash: string, json: string];

/** Writes one batch of an entity at time `at` (ISO 8601); returns what it created, updated and left as it was. */
export type RecordBatchWrite = (accountId: string, entityType: SyncEntityType, rows: readonly RecordToWrite[], at: string) => UpsertResult;

/** Prepares the statements on `db` and returns the batch write. */
export function recordBatchWriter(db: Database.Database): RecordBatchWrite {
  const selectHash = db
    .prepare<[string, string, string], string>(
      'select content_hash from sync_records where account_id = ? and entity_type = ? and external_id = ?',
    )
    .pluck();
  const insertRecord = db.prepare<[string, string, string, string, string, string, string]>(
    `insert into sync_records (account_id, entity_type, external_id, content_hash, data, created_at, updated_at)
     values (?, ?, ?, ?, ?, ?, ?)`,
  );
  const updateRecord = db.prepare<[string, string, string, string, string, string]>(
    `update sync_records set content_hash = ?, data = ?, updated_at = ?
     where account_id = ? and entity_type = ? and external_id = ?`,
  );
  const writeBatch = db.transaction((accountId: string, entityType: SyncEntityType, rows: readonly RecordToWrite[], at: string) => {
    const result = { created: 0, updated: 0, unchanged: 0 };
    for (const [externalId, contentHash, json] of rows) {
      const existing = selectHash.get(accountId, entityType, externalId);
      if (existing === undefined) {
        insertRecord.run(accountId, entityType, externalId, contentHash, json, at, at);
        result.created += 1;
      } else if (existing !== contentHash) {
        updateRecord.run(contentHash, json, at, accountId, entityType, externalId);
        result.updated += 1;
      } else {
        result.unchanged += 1;
      }
    }
    return result;
  });
  // BEGIN IMMEDIATE: the write lock is taken (waiting through the busy timeout) before the first read.
  return (accountId, entityType, rows, at) => writeBatch.immediate(accountId, entityType, rows, at);
}
