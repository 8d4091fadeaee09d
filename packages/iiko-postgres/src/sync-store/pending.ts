/**
 * Pending records in `sync_pending`: what a sync read but could not store yet, with its reason and the
 * window where the next run looks for it again.
 *
 * @internal
 */
import type pg from 'pg';
import type { SyncEntityType, SyncStore } from '@getinn/iiko-sync';
import { inTransaction } from '../queryable';

/** One pending record, as `SyncStore.savePending` takes it. */
export type PendingRecord = Parameters<NonNullable<SyncStore['savePending']>>[1][number];

interface PendingRow {
  entity_type: SyncEntityType;
  iiko_id: string;
  code: string;
  message: string;
  window_from: string | null;
  window_to: string | null;
  first_seen_at: Date;
  last_seen_at: Date;
  attempts: number;
}

/** `savePending`, `listPending` and `deletePending` over one schema's `sync_pending`. */
export function pendingRecords(pool: pg.Pool, schema: string): Required<Pick<SyncStore, 'savePending' | 'listPending' | 'deletePending'>> {
  const table = `${schema}.sync_pending`;
  return {
    async savePending(accountId, records) {
      if (records.length === 0) return;
      const rows = records.map((record) => ({
        entity_type: record.entityType,
        iiko_id: record.externalId,
        code: record.code,
        message: record.message,
        window_from: record.window?.from ?? null,
        window_to: record.window?.to ?? null,
        first_seen_at: record.firstSeenAt,
        last_seen_at: record.lastSeenAt,
        attempts: record.attempts,
      }));
      // Replace by key; a key repeated in one call keeps its last record, as a sequence of writes would.
      const last = [...new Map(rows.map((row) => [JSON.stringify([row.entity_type, row.iiko_id]), row])).values()];
      await inTransaction(pool, (client) =>
        client.query(
          `insert into ${table} (account_id, entity_type, iiko_id, code, message, window_from, window_to, first_seen_at, last_seen_at, attempts)
           select $1, t.entity_type, t.iiko_id, t.code, t.message, t.window_from, t.window_to, t.first_seen_at, t.last_seen_at, t.attempts
           from jsonb_to_recordset($2::jsonb) as t (entity_type text, iiko_id text, code text, message text, window_from date,
             window_to date, first_seen_at timestamptz, last_seen_at timestamptz, attempts integer)
           on conflict (account_id, entity_type, iiko_id) do update set
             code = excluded.code, message = excluded.message, window_from = excluded.window_from, window_to = excluded.window_to,
             first_seen_at = excluded.first_seen_at, last_seen_at = excluded.last_seen_at, attempts = excluded.attempts`,
          [accountId, JSON.stringify(last)],
        ),
      );
    },

    async listPending(accountId, entityType) {
      const { rows } = await pool.query<PendingRow>(
        `select entity_type, iiko_id, code, message, to_char(window_from, 'YYYY-MM-DD') as window_from,
           to_char(window_to, 'YYYY-MM-DD') as window_to, first_seen_at, last_seen_at, attempts
         from ${table} where account_id = $1 and entity_type = $2 order by iiko_id`,
        [accountId, entityType],
      );
      return rows.map(
        (row): PendingRecord => ({
          entityType: row.entity_type,
          externalId: row.iiko_id,
          code: row.code,
          message: row.message,
          window: row.window_from === null || row.window_to === null ? null : { from: row.window_from, to: row.window_to },
          firstSeenAt: row.first_seen_at.toISOString(),
          lastSeenAt: row.last_seen_at.toISOString(),
          attempts: row.attempts,
        }),
      );
    },

    async deletePending(accountId, entityType, externalIds) {
      if (externalIds.length === 0) return;
      await pool.query(`delete from ${table} where account_id = $1 and entity_type = $2 and iiko_id = any($3::text[])`, [
        accountId,
        entityType,
        [...externalIds],
      ]);
    },
  };
}
