/**
 * Upserting and listing records in their platform-shaped tables (and in `sync_records` for entity types
 * that have no table yet), by content hash: new rows are inserted, changed ones rewritten, equal ones left
 * alone except for `iiko_last_synced_at`.
 *
 * @internal
 */
import type pg from 'pg';
import type { StoredRecord, SyncRecord, UpsertResult } from '@getinn/iiko-sync';
import { inTransaction } from '../queryable';
import { ALL_REFERENCES, LINE_COLUMNS, RECORD_TABLES, type RecordTable } from './record-tables';
import { fieldsOf, isObject, text, type Problems } from './typed-values';

/** A record ready to write: its key, hash, JSON text and typed values. */
interface PreparedRecord {
  readonly externalId: string;
  readonly contentHash: string;
  /** The row for `jsonb_to_recordset`: column name → value. */
  readonly row: Record<string, unknown>;
  /** Its lines, for `invoice_items`. */
  readonly lines: Record<string, unknown>[];
}

/** Writes and reads the records of one schema. */
export class RecordWriter {
  readonly #pool: pg.Pool;
  readonly #schema: string;
  readonly #lockNamespace: string;

  constructor(pool: pg.Pool, schema: { name: string; quoted: string }) {
    this.#pool = pool;
    this.#schema = schema.quoted;
    this.#lockNamespace = `getinn-iiko records ${schema.name}`;
  }

  async upsert(accountId: string, entityType: string, batch: readonly SyncRecord[]): Promise<UpsertResult> {
    const result: UpsertResult = { created: 0, updated: 0, unchanged: 0 };
    const spec = RECORD_TABLES[entityType];
    // Prepare (and serialize) everything first, so a record that is not JSON fails the call before
    // anything is written.
    const prepared = batch.map((record) => prepare(record, spec));
    if (prepared.length === 0) return result;
    return inTransaction(this.#pool, async (client) => {
      // Concurrent upserts of one account and entity type wait for each other, so each counts exactly
      // what it changed; the sync's per-account lock makes this rare anyway.
      await client.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [
        JSON.stringify([this.#lockNamespace, accountId, entityType]),
      ]);
      const table = spec === undefined ? `${this.#schema}.sync_records` : `${this.#schema}.${spec.table}`;
      const ids = [...new Set(prepared.map((record) => record.externalId))];
      const { rows: stored } = await client.query<{ iiko_id: string; content_hash: string }>(
        spec === undefined
          ? `select iiko_id, content_hash from ${table} where account_id = $1 and entity_type = $3 and iiko_id = any($2::text[])`
          : `select iiko_id, content_hash from ${table} where account_id = $1 and iiko_id = any($2::text[])`,
        spec === undefined ? [accountId, ids, entityType] : [accountId, ids],
      );
      // Replay the batch in order against the stored hashes: repeated ids count once each, the last wins.
      const hashes = new Map(stored.map((row) => [row.iiko_id, row.content_hash]));
      const writes = new Map<string, PreparedRecord>();
      const unchanged = new Set<string>();
      for (const record of prepared) {
        const hash = hashes.get(record.externalId);
        if (hash === record.contentHash) {
          result.unchanged += 1;
          if (!writes.has(record.externalId)) unchanged.add(record.externalId);
          continue;
        }
        if (hash === undefined) result.created += 1;
        else result.updated += 1;
        hashes.set(record.externalId, record.contentHash);
        writes.set(record.externalId, record);
        unchanged.delete(record.externalId);
      }
      if (spec === undefined) {
        await this.#writeGeneric(client, accountId, entityType, [...writes.values()]);
        return result;
      }
      if (writes.size > 0) await this.#writeRows(client, accountId, spec, [...writes.values()]);
      if (unchanged.size > 0) {
        // Seen again and equal: the row is not rewritten, but the platform learns it is still in iiko.
        await client.query(
          `update ${table} set iiko_last_synced_at = now() where account_id = $1 and iiko_id = any($2::text[])`,
          [accountId, [...unchanged]],
        );
      }
      if (writes.size > 0) await this.#settleReferences(client, accountId, spec);
      return result;
    });
  }

  async list<T>(accountId: string, entityType: string): Promise<StoredRecord<T>[]> {
    const spec = RECORD_TABLES[entityType];
    const { rows } = await this.#pool.query<{
      iiko_id: string;
      content_hash: string;
      sync_record: unknown;
      created_at: Date;
      updated_at: Date;
    }>(
      spec === undefined
        ? `select iiko_id, content_hash, sync_record, created_at, updated_at from ${this.#schema}.sync_records
           where account_id = $1 and entity_type = $2 order by iiko_id`
        : `select iiko_id, content_hash, sync_record, created_at, updated_at from ${this.#schema}.${spec.table}
           where account_id = $1 order by iiko_id`,
      spec === undefined ? [accountId, entityType] : [accountId],
    );
    return rows.map((row) => ({
      externalId: row.iiko_id,
      contentHash: row.content_hash,
      data: row.sync_record as T, // parsed from jsonb by pg: a fresh object per call
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    }));
  }

  /** Inserts or rewrites rows of a record table (and their lines), references resolved where they can be. */
  async #writeRows(client: pg.PoolClient, accountId: string, spec: RecordTable, records: PreparedRecord[]): Promise<void> {
    const s = this.#schema;
    const refs = spec.references;
    const valueColumns = [...spec.columns.map((c) => c.name), ...refs.map((r) => r.iikoColumn)];
    const recordset = [
      'iiko_id text',
      'content_hash text',
      'sync_record jsonb',
      'problem text',
      ...spec.columns.map((c) => `${c.name} ${c.type}`),
      ...refs.map((r) => `${r.iikoColumn} text`),
    ].join(', ');
    const joins = refs
      .map((r, index) => `left join ${s}.${r.target} ref${index} on ref${index}.account_id = $1 and ref${index}.iiko_id = t.${r.iikoColumn}`)
      .join('\n');
    const written = await client.query<{ id: string; iiko_id: string }>(
      `insert into ${s}.${spec.table} (account_id, iiko_id, content_hash, sync_record, ${valueColumns.join(', ')},
         ${refs.map((r) => `${r.column}, `).join('')}iiko_sync_status, iiko_sync_error, iiko_last_synced_at, created_at, updated_at)
       select $1, t.iiko_id, t.content_hash, t.sync_record, ${valueColumns.map((c) => `t.${c}`).join(', ')},
         ${refs.map((_, index) => `ref${index}.id, `).join('')}
         -- 'pending' until settled below, in the same transaction, from the references as resolved.
         case when t.problem is null then 'pending' else 'error' end, t.problem, now(), now(), now()
       from jsonb_to_recordset($2::jsonb) as t (${recordset})
       ${joins}
       on conflict (account_id, iiko_id) do update set
         content_hash = excluded.content_hash, sync_record = excluded.sync_record,
         ${[...valueColumns, ...refs.map((r) => r.column)].map((c) => `${c} = excluded.${c}, `).join('')}
         iiko_sync_status = excluded.iiko_sync_status, iiko_sync_error = excluded.iiko_sync_error,
         iiko_last_synced_at = excluded.iiko_last_synced_at, updated_at = excluded.updated_at
       returning id, iiko_id`,
      [accountId, JSON.stringify(records.map((record) => record.row))],
    );
    if (!spec.hasLines) return;
    // Lines have no id of their own in iiko: a rewritten invoice gets its lines afresh.
    const invoiceIds = new Map(written.rows.map((row) => [row.iiko_id, row.id]));
    await client.query(`delete from ${s}.invoice_items where invoice_id = any($1::uuid[])`, [[...invoiceIds.values()]]);
    const lines = records.flatMap((record) =>
      record.lines.map((line) => ({ ...line, invoice_id: invoiceIds.get(record.externalId) })),
    );
    if (lines.length === 0) return;
    await client.query(
      `insert into ${s}.invoice_items (account_id, invoice_id, position, ${LINE_COLUMNS.map((c) => c.name).join(', ')},
         store_id, inventory_item_id, created_at, updated_at)
       select $1, t.invoice_id, t.position, ${LINE_COLUMNS.map((c) => `t.${c.name}`).join(', ')}, st.id, item.id, now(), now()
       from jsonb_to_recordset($2::jsonb) as t (invoice_id uuid, position integer, ${LINE_COLUMNS.map((c) => `${c.name} ${c.type}`).join(', ')})
       left join ${s}.stores st on st.account_id = $1 and st.iiko_id = t.store_iiko_id
       left join ${s}.inventory_items item on item.account_id = $1 and item.iiko_id = t.inventory_item_iiko_id`,
      [accountId, JSON.stringify(lines)],
    );
  }

  /**
   * Settles the sync status of the rows just written (`synced`, or `pending` while a reference names a
   * record not written yet), then resolves references other tables' rows held open to the rows just
   * written — an invoice that arrived before its supplier links up when the supplier does.
   */
  async #settleReferences(client: pg.PoolClient, accountId: string, spec: RecordTable): Promise<void> {
    await this.#settleStatus(client, accountId, spec.table);
    const s = this.#schema;
    for (const ref of ALL_REFERENCES.filter((candidate) => candidate.target === spec.table)) {
      const linked = await client.query(
        `update ${s}.${ref.table} c set ${ref.column} = x.id from ${s}.${ref.target} x
         where c.account_id = $1 and c.${ref.column} is null and x.account_id = $1 and x.iiko_id = c.${ref.iikoColumn}`,
        [accountId],
      );
      if (ref.hasStatus && (linked.rowCount ?? 0) > 0) await this.#settleStatus(client, accountId, ref.table);
    }
  }

  /** `pending` rows of a table become `synced` once every reference resolves; the error names what is missing. */
  async #settleStatus(client: pg.PoolClient, accountId: string, table: string): Promise<void> {
    const spec = Object.values(RECORD_TABLES).find((candidate) => candidate.table === table)!;
    const open = spec.references.map(
      (ref) =>
        `case when ${ref.column} is null then coalesce('${ref.label} ' || ${ref.iikoColumn} || ' is not among the synced ${ref.target}', 'names no ${ref.label}') end`,
    );
    await client.query(
      `update ${this.#schema}.${table} set
         iiko_sync_status = case when ${spec.references.map((ref) => `${ref.column} is not null`).join(' and ') || 'true'} then 'synced' else 'pending' end,
         iiko_sync_error = ${open.length === 0 ? 'null' : `nullif(concat_ws('; ', ${open.join(', ')}), '')`}
       where account_id = $1 and iiko_sync_status = 'pending'`,
      [accountId],
    );
  }

  async #writeGeneric(client: pg.PoolClient, accountId: string, entityType: string, records: PreparedRecord[]): Promise<void> {
    if (records.length === 0) return;
    await client.query(
      `insert into ${this.#schema}.sync_records (account_id, entity_type, iiko_id, content_hash, sync_record, created_at, updated_at)
       select $1, $2, t.iiko_id, t.content_hash, t.sync_record, now(), now()
       from jsonb_to_recordset($3::jsonb) as t (iiko_id text, content_hash text, sync_record jsonb)
       on conflict (account_id, entity_type, iiko_id) do update
       set content_hash = excluded.content_hash, sync_record = excluded.sync_record, updated_at = excluded.updated_at`,
      [accountId, entityType, JSON.stringify(records.map((record) => record.row))],
    );
  }
}

/** Reads a record's typed values; throws (before anything is written) when its data is not JSON. */
function prepare(record: SyncRecord, spec: RecordTable | undefined): PreparedRecord {
  // The text toSyncRecord hashed, when it made the record; else serialized here (throws on a BigInt or a cycle).
  const json = typeof record.json === 'string' ? record.json : (JSON.stringify(record.data) as string | undefined);
  if (json === undefined) throw new TypeError(`record ${record.externalId}: data is not JSON`);
  // The copy a row stores: what `JSON.parse` makes of the text, so nothing the caller changes later leaks in.
  const data: unknown = JSON.parse(json);
  const base = { iiko_id: record.externalId, content_hash: record.contentHash, sync_record: data };
  if (spec === undefined) return { externalId: record.externalId, contentHash: record.contentHash, row: base, lines: [] };

  const problems: Problems = [];
  const fields = fieldsOf(data, problems);
  const row: Record<string, unknown> = { ...base };
  for (const column of spec.columns) row[column.name] = column.read(fields, problems);
  for (const ref of spec.references) row[ref.iikoColumn] = text(fields, ref.field, problems);
  const lines: Record<string, unknown>[] = [];
  if (spec.hasLines && fields['items'] !== undefined && fields['items'] !== null) {
    if (Array.isArray(fields['items'])) {
      fields['items'].forEach((item: unknown, index) => {
        const lineFields = isObject(item) ? item : {};
        if (!isObject(item)) problems.push(`items[${index}]: not a JSON object`);
        const line: Record<string, unknown> = { position: index + 1 };
        for (const column of LINE_COLUMNS) line[column.name] = column.read(lineFields, problems);
        lines.push(line);
      });
    } else {
      problems.push('items: not a list');
    }
  }
  row['problem'] = problems.length === 0 ? null : [...new Set(problems)].join('; ');
  return { externalId: record.externalId, contentHash: record.contentHash, row, lines };
}
