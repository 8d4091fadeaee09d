import type pg from 'pg';
import type { ListLogsOptions, LockOptions, StoredRecord, SyncEntityType, SyncLogEntry, SyncRecord, SyncStore, UpsertResult } from '@getinn/iiko-sync';
// Imported for the {@link}s of this module's documentation only.
import type { migrate } from './migrate';
import { resolveSchema, type SchemaOptions } from './schema-name';
import { pendingRecords } from './sync-store/pending';
import { RecordWriter } from './sync-store/record-writer';
import { LOG_COLUMNS, insertLog, logEntryOf, type LogRow } from './sync-store/sync-log';

/** Options of {@link createPostgresSyncStore}. */
export type PostgresSyncStoreOptions = SchemaOptions;

/**
 * A `SyncStore` of `@getinn/iiko-sync` over PostgreSQL that writes **the platform's tables**:
 * `restaurants`, `stores`, `suppliers`, `invoices` and `invoice_items`, each row with `account_id`,
 * `iiko_id`, the record's fields as typed columns (money and quantities `numeric`, exact; dates `date`),
 * row-id foreign keys between them (an invoice references its supplier's and its store's rows),
 * `external_metadata`, `iiko_sync_status`, `iiko_last_synced_at` and `iiko_sync_error`. A platform service
 * queries them directly; see the package README for the columns.
 *
 * - A record is rewritten only when its content hash changed (`updated_at` is its last change);
 *   `iiko_last_synced_at` moves on every upsert that saw it, changed or not.
 * - A reference to a record not written yet leaves the row `pending` with the reason in `iiko_sync_error`;
 *   it links up (and turns `synced`) when that record is written. A field that does not fit its column
 *   (never the case for the mappers' records) is left `null` there and the row is `error`, with the reason.
 * - `list` returns each record exactly as upserted (kept in `sync_record` next to the typed columns).
 * - Entity types without a table of their own land in `sync_records`, so a newer SDK never loses a record
 *   before a migration gives it columns. The SDK's `products` land in `inventory_items`.
 * - Records the sync could not store yet wait in `sync_pending` (the store implements the optional
 *   pending methods), so the next run looks for them again.
 * - The per-account lock is a lease row; every time (leases, timestamps) is the database's `now()`, one
 *   clock for every process, whatever their hosts' clocks say.
 *
 * Run {@link migrate} with the same `schema` first.
 *
 * @example
 * ```ts
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * await migrate(pool);
 * const sync = createIikoSync({ store: createPostgresSyncStore(pool), credentials: vault, currency: 'RUB' });
 * ```
 */
export function createPostgresSyncStore(pool: pg.Pool, options: PostgresSyncStoreOptions = {}): SyncStore {
  const schema = resolveSchema(options);
  const s = schema.quoted;
  const records = new RecordWriter(pool, schema);

  return {
    ...pendingRecords(pool, s),

    upsert(accountId: string, entityType: SyncEntityType, batch: readonly SyncRecord[]): Promise<UpsertResult> {
      return records.upsert(accountId, entityType, batch);
    },

    list<T>(accountId: string, entityType: SyncEntityType): Promise<StoredRecord<T>[]> {
      return records.list<T>(accountId, entityType);
    },

    async acquireLock(accountId: string, { owner, ttlMs }: LockOptions): Promise<boolean> {
      // One atomic statement: a free account is inserted; a held one is taken over only by its owner
      // (a renewal) or once the lease has run out. Racing takers serialize on the row: one wins.
      const { rowCount } = await pool.query(
        `insert into ${s}.sync_locks (account_id, owner, expires_at)
         values ($1, $2, now() + $3::double precision * interval '1 millisecond')
         on conflict (account_id) do update set owner = excluded.owner, expires_at = excluded.expires_at
         where sync_locks.owner = excluded.owner or sync_locks.expires_at <= now()`,
        [accountId, owner, ttlMs],
      );
      return rowCount === 1;
    },

    async releaseLock(accountId: string, owner: string): Promise<void> {
      await pool.query(`delete from ${s}.sync_locks where account_id = $1 and owner = $2`, [accountId, owner]);
    },

    async getCursor(accountId: string, name: string): Promise<string | undefined> {
      const { rows } = await pool.query<{ value: string }>(
        `select value from ${s}.sync_cursors where account_id = $1 and name = $2`,
        [accountId, name],
      );
      return rows[0]?.value;
    },

    async setCursor(accountId: string, name: string, value: string): Promise<void> {
      await pool.query(
        `insert into ${s}.sync_cursors (account_id, name, value, updated_at) values ($1, $2, $3, now())
         on conflict (account_id, name) do update set value = excluded.value, updated_at = excluded.updated_at`,
        [accountId, name, value],
      );
    },

    async appendLog(entry: SyncLogEntry): Promise<void> {
      const [text, values] = insertLog(`${s}.sync_logs`, entry);
      await pool.query(text, values);
    },

    async listLogs(accountId: string, { limit, entityType }: ListLogsOptions): Promise<SyncLogEntry[]> {
      const { rows } =
        entityType === undefined
          ? await pool.query<LogRow>(`select ${LOG_COLUMNS} from ${s}.sync_logs where account_id = $1 order by seq desc limit $2`, [
              accountId,
              limit,
            ])
          : await pool.query<LogRow>(
              `select ${LOG_COLUMNS} from ${s}.sync_logs where account_id = $1 and entity_type = $2 order by seq desc limit $3`,
              [accountId, entityType, limit],
            );
      return rows.map(logEntryOf);
    },
  };
}
