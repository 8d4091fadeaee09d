/**
 * Every default of the sync, in one place. Each can be changed per sync through `IikoSyncOptions`;
 * tests inject small values instead of waiting.
 */
export const DEFAULTS = {
  /**
   * Days of invoices read on an account's first run (no cursor yet), today included. Three months cover
   * the supplier statements the AI Supplier module reconciles first.
   */
  initialInvoiceDays: 90,
  /**
   * Days re-read before the invoice cursor on every later run. Accountants edit and add documents a few
   * days late, and iiko's export filters by document date only — its revisions cannot be relied on yet
   * (project API notes) — so re-reading a short overlap is what catches late edits.
   */
  invoiceOverlapDays: 3,
  /**
   * Days per invoice export request. The vendor asks for at most a month per request and recommends a day
   * or a week ("Ограничения и рекомендации"); each chunk is committed, and the cursor advanced, before the
   * next is read, so a failure loses at most one chunk.
   */
  invoiceChunkDays: 7,
  /** Records per `upsert` call (one transaction each): bounds a transaction and paces progress events. */
  batchSize: 1_000,
  /**
   * The lease on an account's lock. A run renews it before every batch, so this only needs to outlast
   * the longest single step (one iiko call is bounded by the client's `totalTimeoutMs`, 10 minutes); a
   * crashed process blocks the account at most this long.
   */
  lockTtlMs: 30 * 60_000,
  /**
   * How long a record may wait to land before a run reports it stale: three days covers a supplier added
   * in iiko over a weekend; longer means someone must fix the data (see `SyncReport.pending`).
   */
  pendingMaxAgeMs: 3 * 86_400_000,
  /** Mapping issues kept per sync log entry (all of them stay in the run's report). */
  maxLoggedIssues: 200,
  /**
   * The time zone in which "today" is taken for the invoice window.
   * Set it to the iikoServer's zone (`Europe/Moscow`) so a run just after local midnight includes the new day.
   */
  timeZone: 'UTC',
} as const;

/** The cursor holding the last calendar day of invoices committed by a regular (cursor-driven) run. */
export const INVOICE_CURSOR = 'invoices.syncedThrough';

/**
 * The cursor holding the `asOf` (`YYYY-MM-DDTHH:mm:ss`, the server's local time) of the latest stock
 * balance snapshot written completely. A balance whose `asOf` differs was not in that snapshot — the
 * store no longer holds the product — and a snapshot cut short by a failure never moves the cursor.
 */
export const STOCK_BALANCE_CURSOR = 'stockBalances.asOf';

/** The `integrationType` of credentials and log entries: this package syncs iiko. */
export const INTEGRATION_TYPE = 'iiko';
