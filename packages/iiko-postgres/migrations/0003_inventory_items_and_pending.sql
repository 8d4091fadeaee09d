-- Up Migration
--
-- Version 3: iiko's nomenclature lands in inventory_items (the SDK's `products` entity), invoice lines
-- reference it, and records that cannot land yet wait in sync_pending with their reason.

create table inventory_items (
  id                   uuid primary key default gen_random_uuid(),
  account_id           text collate "C" not null,
  iiko_id              text collate "C" not null,
  name                 text,
  article              text,
  code                 text,
  type                 text,
  unit_name            text,
  unit_iiko_id         text collate "C",
  group_name           text,
  group_iiko_id        text collate "C",
  is_active            boolean,
  deactivated_at       timestamptz,
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
create index inventory_items_by_article on inventory_items (account_id, article);

-- A line's product, once it is among the synced products (inventory_item_iiko_id keeps iiko's id).
alter table invoice_items
  add constraint invoice_items_inventory_item_id_fkey foreign key (inventory_item_id) references inventory_items (id) on delete set null;
create index invoice_items_by_inventory_item_id on invoice_items (inventory_item_id);

-- Records a sync read but could not store yet (an invoice whose supplier is not synced, …): the next
-- run looks for them again in their window, so nothing iiko exported is lost between runs.
create table sync_pending (
  account_id    text collate "C" not null,
  entity_type   text collate "C" not null,
  iiko_id       text collate "C" not null,
  code          text not null,
  message       text not null,
  window_from   date,
  window_to     date,
  first_seen_at timestamptz not null,
  last_seen_at  timestamptz not null,
  attempts      integer not null,
  primary key (account_id, entity_type, iiko_id)
);
