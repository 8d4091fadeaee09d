-- Up Migration
--
-- Version 4: the procurement entities, which a sync writes only when asked for (`priceLists`,
-- `stockBalances`). Both follow the record tables' conventions (migration 0001); iiko gives their lines
-- no id of its own, so iiko_id is the mappers' composite key (`supplier:product:container`,
-- `store:product`).

-- One line of a supplier's price list: what the supplier charges for one of our products, as of
-- valid_from. A line the supplier's list no longer has stays, with is_active = false.
create table supplier_price_list_items (
  id                     uuid primary key default gen_random_uuid(),
  account_id             text collate "C" not null,
  iiko_id                text collate "C" not null,
  supplier_iiko_id       text collate "C",
  supplier_id            uuid references suppliers (id) on delete set null,
  inventory_item_iiko_id text collate "C",
  inventory_item_id      uuid references inventory_items (id) on delete set null,
  supplier_article       text,
  supplier_product_name  text,
  container_iiko_id      text collate "C",
  price                  numeric,
  valid_from             date,
  is_active              boolean,
  deactivated_at         timestamptz,
  external_system_type   text not null default 'iiko',
  external_metadata      jsonb not null default '{}'::jsonb,
  iiko_sync_status       text not null check (iiko_sync_status in ('pending', 'synced', 'error')),
  iiko_last_synced_at    timestamptz,
  iiko_sync_error        text,
  content_hash           text not null,
  sync_record            jsonb not null,
  created_at             timestamptz not null,
  updated_at             timestamptz not null,
  unique (account_id, iiko_id)
);
-- "What does supplier X charge for product Y", and a statement line found by the supplier's article.
create index supplier_price_list_items_by_supplier_item on supplier_price_list_items (supplier_id, inventory_item_id);
create index supplier_price_list_items_by_article on supplier_price_list_items (account_id, supplier_article);

-- How much of one product one store held at as_of (the iikoServer's local time, as iiko takes it: no
-- offset). Each sync writes a whole snapshot with one as_of; the cursor `stockBalances.asOf` in
-- sync_cursors names the latest complete one, and a row with another as_of was not in it.
create table stock_balances (
  id                     uuid primary key default gen_random_uuid(),
  account_id             text collate "C" not null,
  iiko_id                text collate "C" not null,
  store_iiko_id          text collate "C",
  store_id               uuid references stores (id) on delete set null,
  inventory_item_iiko_id text collate "C",
  inventory_item_id      uuid references inventory_items (id) on delete set null,
  amount                 numeric,
  sum                    numeric,
  as_of                  timestamp,
  external_system_type   text not null default 'iiko',
  external_metadata      jsonb not null default '{}'::jsonb,
  iiko_sync_status       text not null check (iiko_sync_status in ('pending', 'synced', 'error')),
  iiko_last_synced_at    timestamptz,
  iiko_sync_error        text,
  content_hash           text not null,
  sync_record            jsonb not null,
  created_at             timestamptz not null,
  updated_at             timestamptz not null,
  unique (account_id, iiko_id)
);
create index stock_balances_by_store on stock_balances (store_id, inventory_item_id);
create index stock_balances_by_item on stock_balances (account_id, inventory_item_iiko_id);
