-- Up Migration
--
-- @getinn/iiko-postgres, version 1: the platform-shaped tables a sync writes, and the tables that let
-- several processes share one iikoServer (sync locks, sessions, deferred logouts).
--
-- Names are unqualified on purpose: `migrate()` runs this file with `search_path` set to the host's schema
-- (default `getinn_iiko`), so one database can hold several copies (tenants, tests).
--
-- Conventions of every record table (architecture, "@getinn/iiko-postgres: the tables"):
--   id uuid primary key, account_id, iiko_id, the record's fields as typed columns (money and quantities
--   `numeric` without a scale, so iiko's 9 decimals stay exact; calendar dates `date`),
--   external_metadata jsonb, iiko_sync_status ('pending' | 'synced' | 'error'), iiko_last_synced_at,
--   iiko_sync_error, created_at, updated_at; unique (account_id, iiko_id).
--   `*_iiko_id` columns keep the iiko id a reference names, so the row id (`*_id`) can be filled in later
--   when the referenced record arrives after the one that names it.
--   `content_hash` and `sync_record` (the record exactly as the mappers produced it) serve the SDK's
--   `SyncStore.list` and its "unchanged, do not rewrite" rule; platform services read the typed columns.
-- Keys use the "C" collation, so ids order byte by byte whatever the database's locale.

create table restaurants (
  id                   uuid primary key default gen_random_uuid(),
  account_id           text collate "C" not null,
  iiko_id              text collate "C" not null,
  name                 text,
  kind                 text,
  external_system_type text not null default 'iiko',
  external_metadata    jsonb not null default '{}'::jsonb,
  iiko_sync_status     text not null check (iiko_sync_status in ('pending', 'synced', 'error')),
  iiko_last_synced_at  timestamptz,
  iiko_sync_error      text,
  content_hash         text not null,
  sync_record          jsonb not null,
  created_at           timestamptz not null,
  updated_at           timestamptz not null,
  unique (account_id, iiko_id)
);

create table stores (
  id                   uuid primary key default gen_random_uuid(),
  account_id           text collate "C" not null,
  iiko_id              text collate "C" not null,
  restaurant_iiko_id   text collate "C",
  restaurant_id        uuid references restaurants (id) on delete set null,
  name                 text,
  external_system_type text not null default 'iiko',
  external_metadata    jsonb not null default '{}'::jsonb,
  iiko_sync_status     text not null check (iiko_sync_status in ('pending', 'synced', 'error')),
  iiko_last_synced_at  timestamptz,
  iiko_sync_error      text,
  content_hash         text not null,
  sync_record          jsonb not null,
  created_at           timestamptz not null,
  updated_at           timestamptz not null,
  unique (account_id, iiko_id)
);
create index stores_by_restaurant on stores (restaurant_id);

create table suppliers (
  id                   uuid primary key default gen_random_uuid(),
  account_id           text collate "C" not null,
  iiko_id              text collate "C" not null,
  name                 text,
  contact_info         jsonb not null default '{}'::jsonb,
  is_active            boolean,
  external_system_type text not null default 'iiko',
  external_metadata    jsonb not null default '{}'::jsonb,
  iiko_sync_status     text not null check (iiko_sync_status in ('pending', 'synced', 'error')),
  iiko_last_synced_at  timestamptz,
  iiko_sync_error      text,
  content_hash         text not null,
  sync_record          jsonb not null,
  created_at           timestamptz not null,
  updated_at           timestamptz not null,
  unique (account_id, iiko_id)
);

create table invoices (
  id                   uuid primary key default gen_random_uuid(),
  account_id           text collate "C" not null,
  iiko_id              text collate "C" not null,
  supplier_iiko_id     text collate "C",
  supplier_id          uuid references suppliers (id) on delete set null,
  store_iiko_id        text collate "C",
  store_id             uuid references stores (id) on delete set null,
  invoice_number       text,
  invoice_date         date,
  due_date             date,
  total_amount         numeric,
  currency             text,
  status               text,
  external_system_type text not null default 'iiko',
  external_metadata    jsonb not null default '{}'::jsonb,
  iiko_sync_status     text not null check (iiko_sync_status in ('pending', 'synced', 'error')),
  iiko_last_synced_at  timestamptz,
  iiko_sync_error      text,
  content_hash         text not null,
  sync_record          jsonb not null,
  created_at           timestamptz not null,
  updated_at           timestamptz not null,
  unique (account_id, iiko_id)
);
-- "All invoices of supplier X in November": supplier, then date.
create index invoices_by_supplier_date on invoices (supplier_id, invoice_date);
create index invoices_by_store_date on invoices (store_id, invoice_date);

-- Lines have no id in iiko: a line is its invoice plus its position in iiko's order. They are rewritten
-- with their invoice, and only then.
create table invoice_items (
  id                     uuid primary key default gen_random_uuid(),
  account_id             text collate "C" not null,
  invoice_id             uuid not null references invoices (id) on delete cascade,
  position               integer not null,
  line_number            integer,
  description            text,
  quantity               numeric,
  unit                   text,
  unit_price             numeric,
  line_total             numeric,
  inventory_item_iiko_id text collate "C",
  inventory_item_id      uuid,
  store_iiko_id          text collate "C",
  store_id               uuid references stores (id) on delete set null,
  external_metadata      jsonb not null default '{}'::jsonb,
  created_at             timestamptz not null,
  updated_at             timestamptz not null,
  unique (invoice_id, position)
);
create index invoice_items_by_inventory_item on invoice_items (account_id, inventory_item_iiko_id);

-- Records of an entity type that has no table of its own yet: a newer SDK can add an entity before a
-- migration gives it typed columns, and nothing it syncs is lost meanwhile.
create table sync_records (
  account_id   text collate "C" not null,
  entity_type  text collate "C" not null,
  iiko_id      text collate "C" not null,
  content_hash text not null,
  sync_record  jsonb not null,
  created_at   timestamptz not null,
  updated_at   timestamptz not null,
  primary key (account_id, entity_type, iiko_id)
);

create table sync_cursors (
  account_id text collate "C" not null,
  name       text collate "C" not null,
  value      text not null,
  updated_at timestamptz not null,
  primary key (account_id, name)
);

-- A lease rather than a flag: a process that dies holding it blocks the account only until expires_at.
create table sync_locks (
  account_id text collate "C" primary key,
  owner      text not null,
  expires_at timestamptz not null
);

create table sync_logs (
  seq              bigint generated always as identity primary key,
  id               text not null unique,
  run_id           text not null,
  account_id       text collate "C" not null,
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
  issues           jsonb not null,
  window_from      date,
  window_to        date,
  started_at       timestamptz not null,
  finished_at      timestamptz not null
);
create index sync_logs_by_account on sync_logs (account_id, seq);

-- The platform's credentials table (architecture: AccountIntegrationCredentials); `credentials` holds a
-- version 1 envelope of @getinn/credential-crypto, never a password in clear.
create table account_integration_credentials (
  account_id        text collate "C" not null,
  integration_type  text collate "C" not null,
  credentials       jsonb not null,
  base_url          text,
  is_active         boolean not null default true,
  last_connected_at timestamptz,
  connection_status text check (connection_status in ('connected', 'error')),
  connection_error  text,
  created_at        timestamptz not null default now(),
  updated_at        timestamptz not null default now(),
  unique (account_id, integration_type)
);

-- One shared iiko session per (server, login): the token, sealed with the credential keyring.
create table iiko_sessions (
  session_key text collate "C" primary key,
  token       jsonb not null,
  obtained_at timestamptz not null,
  created_at  timestamptz not null default now()
);

-- The clients sharing a session, each with a lease judged by the database clock: a holder that crashed
-- stops counting when expires_at passes.
create table iiko_session_holders (
  session_key text collate "C" not null references iiko_sessions (session_key) on delete cascade,
  holder_id   text collate "C" not null,
  expires_at  timestamptz not null,
  primary key (session_key, holder_id)
);

-- Tokens whose logout failed, sealed, waiting for the next session start or close to log them out.
create table iiko_deferred_logouts (
  id          bigint generated always as identity primary key,
  session_key text collate "C" not null,
  token       jsonb not null,
  created_at  timestamptz not null default now()
);
create index iiko_deferred_logouts_by_key on iiko_deferred_logouts (session_key, id);
