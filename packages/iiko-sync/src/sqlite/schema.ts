/**
 * The SQLite schema of `createSqliteSyncStore`. Table and column names are snake_case like the platform's,
 * so a person can read the file with the `sqlite3` shell next to the platform's database.
 */

/** `PRAGMA user_version` of the schema below; bumped with each change, so an old file is recognized. */
export const SCHEMA_VERSION = 3;

export const SCHEMA = `
-- A rowid table with a unique index, not WITHOUT ROWID: rows hold a record's JSON (a few KB for an
-- invoice), and SQLite advises against WITHOUT ROWID for rows larger than about a twentieth of a page —
-- each insert would move whole records around the B-tree ("The WITHOUT ROWID Optimization", section 4).
create table if not exists sync_records (
  account_id   text not null,
  entity_type  text not null,
  external_id  text not null,
  content_hash text not null,
  data         text not null,              -- the record as JSON
  created_at   text not null,              -- ISO 8601
  updated_at   text not null               -- ISO 8601, last content change
);
create unique index if not exists sync_records_by_key on sync_records (account_id, entity_type, external_id);

create table if not exists sync_cursors (
  account_id text not null,
  name       text not null,
  value      text not null,
  updated_at text not null,
  primary key (account_id, name)
) without rowid;

-- A lease rather than a flag: a process that dies holding it blocks the account only until expires_at.
create table if not exists sync_locks (
  account_id text primary key,
  owner      text not null,
  expires_at integer not null              -- epoch milliseconds
) without rowid;

create table if not exists sync_logs (
  seq              integer primary key autoincrement,   -- append order
  id               text not null unique,
  run_id           text not null,
  account_id       text not null,
  integration_type text not null,
  entity_type      text not null,
  status           text not null check (status in ('success', 'partial', 'failed', 'aborted')),
  fetched          integer not null,
  created          integer not null,
  updated          integer not null,
  unchanged        integer not null,
  failed           integer not null,
  error            text,
  error_code       text,
  issue_count      integer not null,
  issues           text not null,          -- JSON array, capped
  window_from      text,
  window_to        text,
  started_at       text not null,
  finished_at      text not null
);
create index if not exists sync_logs_by_account on sync_logs (account_id, seq);
`;

/**
 * Version 2: records that could not be stored yet (an invoice whose supplier is not synced, a malformed
 * one), retried by every run until they land. Added as a table of its own; the tables above are unchanged.
 */
export const PENDING_SCHEMA = `
create table if not exists sync_pending (
  account_id    text not null,
  entity_type   text not null,
  external_id   text not null,
  code          text not null,              -- why it cannot land yet (an issue code)
  message       text not null,
  window_from   text,                       -- where iiko exported it, to read it again
  window_to     text,
  first_seen_at text not null,              -- ISO 8601
  last_seen_at  text not null,              -- ISO 8601
  attempts      integer not null,
  primary key (account_id, entity_type, external_id)
) without rowid;
`;

/**
 * Version 3: `sync_records` becomes a rowid table with a unique index on its key (see {@link SCHEMA}).
 * A file of version 1 or 2 has it WITHOUT ROWID: its rows are copied into the new shape, unchanged, in the
 * transaction that opens the file.
 */
export const REBUILD_RECORDS_V3 = `
alter table sync_records rename to sync_records_before_v3;
create table sync_records (
  account_id   text not null,
  entity_type  text not null,
  external_id  text not null,
  content_hash text not null,
  data         text not null,
  created_at   text not null,
  updated_at   text not null
);
insert into sync_records (account_id, entity_type, external_id, content_hash, data, created_at, updated_at)
  select account_id, entity_type, external_id, content_hash, data, created_at, updated_at from sync_records_before_v3;
drop table sync_records_before_v3;
create unique index sync_records_by_key on sync_records (account_id, entity_type, external_id);
`;
