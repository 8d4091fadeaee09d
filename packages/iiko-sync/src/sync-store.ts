/**
 * The storage interface of a sync. The host application owns storage: it implements {@link SyncStore} over
 * its own database (or uses `createMemorySyncStore()` / `createSqliteSyncStore()` from this package), and
 * proves it with the shared contract suite from `@getinn/iiko-sync/testing`.
 */

/**
 * The kinds of record a sync writes, in the order a run handles them: stores hang under restaurants, and
 * invoices point at suppliers and stores, so references always resolve to something written earlier;
 * `products` (GET INN's inventory items, iiko's nomenclature) come before invoices, whose lines they name.
 * `priceLists` (every active supplier's price list, one request per supplier) and `stockBalances` (a
 * snapshot of every store's balances) come last and run only when asked for: see
 * {@link DEFAULT_SYNC_ENTITIES}.
 */
export const SYNC_ENTITY_TYPES = ['restaurants', 'stores', 'suppliers', 'products', 'invoices', 'priceLists', 'stockBalances'] as const;

/**
 * What a run syncs when it names no entities: the corporate tree, suppliers, the nomenclature and
 * invoices. Price lists and stock balances are off by default — a price list costs one iiko request per
 * supplier, and a balance snapshot is a report iiko computes on the spot — so a host schedules them on
 * their own (for example daily) with `entities: ['priceLists', 'stockBalances']`.
 */
export const DEFAULT_SYNC_ENTITIES = ['restaurants', 'stores', 'suppliers', 'products', 'invoices'] as const satisfies readonly SyncEntityType[];

/** One of {@link SYNC_ENTITY_TYPES}. Invoice lines travel inside their invoice. */
export type SyncEntityType = (typeof SYNC_ENTITY_TYPES)[number];

/** A value `JSON.stringify` writes and `JSON.parse` reads back unchanged. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * One record to upsert: the key, a hash of its content, and the content.
 *
 * The hash is computed once, by the sync ({@link toSyncRecord}), so every store compares records the same
 * way and a store needs no hashing of its own: equal hash means "unchanged, do not rewrite".
 *
 * @example
 * ```ts
 * const record = toSyncRecord({ externalId: 'a1b2…', name: 'Бар', … });
 * // { externalId: 'a1b2…', contentHash: '5f0c…', data: { externalId: 'a1b2…', name: 'Бар', … } }
 * ```
 */
export interface SyncRecord<T = unknown> {
  /** iiko's id of the record: unique per (account, entity type). */
  readonly externalId: string;
  /** Hex SHA-256 of the record's JSON, as {@link toSyncRecord} serializes it. */
  readonly contentHash: string;
  /** The record as the mappers produced it (a JSON object). */
  readonly data: T;
  /**
   * `data` as JSON text — the text `contentHash` was computed from — when
   * {@link toSyncRecord} made the record. A store that keeps JSON text writes it as is instead of
   * serializing `data` a second time; without it, a store serializes `data` itself. Stores return
   * records without it.
   */
  readonly json?: string | undefined;
}

/** A record as a store holds it: the {@link SyncRecord} plus when it was first written and last changed. */
export interface StoredRecord<T = unknown> extends SyncRecord<T> {
  /** ISO 8601 time the record was first written. */
  readonly createdAt: string;
  /** ISO 8601 time the record's content last changed (not rewritten when unchanged). */
  readonly updatedAt: string;
}

/** What one {@link SyncStore.upsert} call did, record by record. */
export interface UpsertResult {
  /** Records that were not there before. */
  created: number;
  /** Records whose content hash differed and were rewritten. */
  updated: number;
  /** Records whose content hash was equal: left untouched, `updatedAt` included. */
  unchanged: number;
}

/** Outcome of one entity of one run, as written to the sync log. */
export type SyncLogStatus = 'success' | 'partial' | 'failed' | 'aborted';

/**
 * One entry of the sync log: what one entity of one run did. Shaped like the platform's sync log (entity
 * type, status, counts, error, timestamps), so support can answer "why is this invoice missing?" —
 * a mapping issue names the record, an error names the failure.
 */
export interface SyncLogEntry {
  /** Unique id of the entry (a UUID). */
  readonly id: string;
  /** The run this entry belongs to; every entity of one run shares it. */
  readonly runId: string;
  readonly accountId: string;
  /** Always `'iiko'` for entries written by this package. */
  readonly integrationType: string;
  readonly entityType: SyncEntityType;
  /**
   * `success`: everything fetched was stored. `partial`: stored, but some records could not be mapped
   * (see `issues`). `failed`: the entity stopped on an error. `aborted`: the run was cancelled.
   */
  readonly status: SyncLogStatus;
  /** Records read from iiko. */
  readonly fetched: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  /** Records read but not stored: mapping errors, or a batch that failed to write. */
  readonly failed: number;
  /** A secret-free description of the error that stopped the entity, or `null`. */
  readonly error: string | null;
  /** Machine-readable kind of `error` (`LICENSE_UNAVAILABLE`, `SERVER_ERROR`, …), or `null`. */
  readonly errorCode: string | null;
  /** Mapping issues found, of which `issues` holds the first few hundred. */
  readonly issueCount: number;
  /** Mapping issues (each names the record by iiko id and the field at fault), capped. */
  readonly issues: readonly LoggedIssue[];
  /** For invoices: the calendar window read, both days inclusive; `null` otherwise. */
  readonly window: { readonly from: string; readonly to: string } | null;
  /** ISO 8601. */
  readonly startedAt: string;
  /** ISO 8601. */
  readonly finishedAt: string;
}

/** A mapping issue as logged: the mappers' `MappingIssue` fields that identify and explain it. */
export interface LoggedIssue {
  readonly entity: string;
  readonly externalId: string | null;
  readonly code: string;
  readonly message: string;
  readonly severity: 'error' | 'warning';
  readonly path: readonly (string | number)[];
}

/**
 * A record that was read from iiko but cannot be stored yet — an invoice whose supplier or store is not
 * synced, one that did not have the expected shape, one that could not be mapped — kept with its reason so
 * that every following run reads it again until it lands. Nothing iiko exports is dropped silently.
 *
 * @example
 * ```ts
 * { entityType: 'invoices', externalId: 'df700f01-…', code: 'UNRESOLVED_REFERENCE',
 *   message: 'invoice points at supplier 22a2…, which is not among the synced suppliers',
 *   window: { from: '2026-09-01', to: '2026-09-07' }, firstSeenAt: '2026-10-01T03:00:00.000Z',
 *   lastSeenAt: '2026-10-02T03:00:00.000Z', attempts: 2 }
 * ```
 */
export interface PendingRecord {
  readonly entityType: SyncEntityType;
  /** iiko's id of the record. */
  readonly externalId: string;
  /** Why it cannot land yet: an issue code (`UNRESOLVED_REFERENCE`, `INVALID_RECORD`, `MISSING_SUPPLIER`, …). */
  readonly code: string;
  /** The reason, for a person; never a secret. */
  readonly message: string;
  /** The calendar window (both days inclusive) in which iiko exported it: where the next run looks again. */
  readonly window: { readonly from: string; readonly to: string } | null;
  /** ISO 8601: the first run that could not store it. */
  readonly firstSeenAt: string;
  /** ISO 8601: the latest run that could not store it. */
  readonly lastSeenAt: string;
  /** Runs that tried and could not store it. */
  readonly attempts: number;
}

/** Options of {@link SyncStore.acquireLock}. */
export interface LockOptions {
  /** Who holds the lock (process and run); only the owner can renew or release it. */
  owner: string;
  /**
   * How long the lease lasts from now. A process that crashes holding the lock blocks the account only
   * until the lease expires; a live run renews it between its steps.
   */
  ttlMs: number;
}

/** Options of {@link SyncStore.listLogs}. */
export interface ListLogsOptions {
  /** Most entries to return. */
  limit: number;
  /** Only entries of this entity type. */
  entityType?: SyncEntityType | undefined;
}

/**
 * Where a sync keeps what it read, its cursors, its per-account lock and its log. Implement it over the
 * host's database; every method is async because databases are.
 *
 * Run the contract suite against an implementation before trusting it:
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { describeSyncStoreContract } from '@getinn/iiko-sync/testing';
 *
 * describeSyncStoreContract({ name: 'PostgresSyncStore', createStore: () => new PostgresSyncStore(pool), describe, it });
 * ```
 */
export interface SyncStore {
  /**
   * Writes records by `(accountId, entityType, externalId)`: inserts new ones, rewrites those whose
   * `contentHash` differs, leaves equal ones untouched. One call is one transaction: all of it is
   * written or none. Records with the same `externalId` in one call are applied in order (the last one wins), each counted.
   */
  upsert(accountId: string, entityType: SyncEntityType, records: readonly SyncRecord[]): Promise<UpsertResult>;
  /** Every record of the account and entity type, ordered by `externalId`. */
  list<T = unknown>(accountId: string, entityType: SyncEntityType): Promise<StoredRecord<T>[]>;
  /**
   * Takes the account's lock for `owner` when it is free, expired, or already held by `owner` (which
   * renews the lease). Returns `false` when another owner holds a live lease. Must be atomic: two
   * processes racing for one account cannot both get `true`.
   */
  acquireLock(accountId: string, options: LockOptions): Promise<boolean>;
  /** Releases the account's lock if `owner` holds it; otherwise does nothing. */
  releaseLock(accountId: string, owner: string): Promise<void>;
  /** A named cursor of the account (such as the last day of invoices synced), or `undefined`. */
  getCursor(accountId: string, name: string): Promise<string | undefined>;
  /** Sets a named cursor. */
  setCursor(accountId: string, name: string, value: string): Promise<void>;
  /** Appends one entry to the sync log. */
  appendLog(entry: SyncLogEntry): Promise<void>;
  /** The account's latest log entries, newest first (reverse order of appending). */
  listLogs(accountId: string, options: ListLogsOptions): Promise<SyncLogEntry[]>;
  /**
   * Writes pending records by `(accountId, entityType, externalId)`, replacing one that exists (the sync
   * computes `firstSeenAt` and `attempts`). One call is one transaction.
   *
   * The three pending methods are optional so that a store written before them still works; without
   * them a record that cannot land is only reported (issues, log), not retried on later runs — implement
   * all three to get "nothing lost between runs". The contract suite checks them when present.
   */
  savePending?(accountId: string, records: readonly PendingRecord[]): Promise<void>;
  /** The account's pending records of one entity type, ordered by `externalId`. */
  listPending?(accountId: string, entityType: SyncEntityType): Promise<PendingRecord[]>;
  /** Removes pending records (those that landed); ids that are not pending are ignored. */
  deletePending?(accountId: string, entityType: SyncEntityType, externalIds: readonly string[]): Promise<void>;
}
