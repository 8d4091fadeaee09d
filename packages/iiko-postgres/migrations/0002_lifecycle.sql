-- Up Migration
--
-- Version 2: records are never deleted (old invoices point at them). A restaurant, store or supplier that
-- iiko marks deleted, or no longer lists, stays with is_active = false and deactivated_at, the time a sync
-- first saw it gone. A supplier that is one of the chain's own stores (internal transfers, not purchases)
-- is flagged represents_store.

alter table restaurants add column is_active boolean;
alter table restaurants add column deactivated_at timestamptz;

alter table stores add column is_active boolean;
alter table stores add column deactivated_at timestamptz;

alter table suppliers add column represents_store boolean;
alter table suppliers add column deactivated_at timestamptz;
