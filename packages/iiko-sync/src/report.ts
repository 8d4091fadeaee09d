import type { IssueCode, MappingIssue } from '@getinn/iiko-mappers';
import type { SyncErrorInfo } from './describe-error';
import { SYNC_ENTITY_TYPES, type SyncEntityType, type SyncLogStatus } from './sync-store';

/**
 * The mappers' issue codes plus the sync's own: `UNRESOLVED_REFERENCE` — a record points at a store,
 * supplier or restaurant that is not among the synced records (usually because that record itself had an
 * issue, such as a central store that hangs under no restaurant). The record is left out, since the
 * platform cannot store it without its reference; it syncs once the reference does (and, for invoices,
 * once its date is inside a run's window again). `NOT_EXPORTED` — a record pending from an earlier run is
 * no longer in iiko's export for the window it was read in (deleted outright, or moved to another date);
 * it stays pending for a person to look at. `PRICE_LIST_UNAVAILABLE` — iiko refused one supplier's price
 * list (a 404 for a supplier it no longer knows, a 500 for that list): the issue names the supplier, the
 * other suppliers' lists still sync, and that supplier's stored lines are left as they were. Records that do not have the expected shape are the mappers'
 * `INVALID_RECORD`.
 */
export type SyncIssueCode = IssueCode | 'UNRESOLVED_REFERENCE' | 'NOT_EXPORTED' | 'PRICE_LIST_UNAVAILABLE';

/** A mapping issue, or a reference the sync could not resolve; see {@link SyncIssueCode}. */
export interface SyncIssue extends Omit<MappingIssue, 'code'> {
  code: SyncIssueCode;
}

/** How one entity of a run ended: a {@link SyncLogStatus}, or `skipped` when it did not run at all. */
export type EntityStatus = SyncLogStatus | 'skipped';

/** Milliseconds spent per phase of one entity (invoice chunks added up). */
export interface EntityTimings {
  /** Waiting for iiko, the client's queue and retries included. */
  fetchMs: number;
  /** In the mappers. */
  mapMs: number;
  /** In the {@link SyncStore}: upserts, cursor and log writes. */
  storeMs: number;
  /** From the entity's start to its end. */
  totalMs: number;
}

/** What one entity of a run did. */
export interface EntityReport {
  entity: SyncEntityType;
  /**
   * `success`: all read and stored. `partial`: stored, but some records could not be mapped (see
   * `issues`). `failed`: stopped by `error`. `aborted`: the run's signal fired. `skipped`: not run — not
   * requested, or something it depends on failed (see `skippedReason`).
   */
  status: EntityStatus;
  /** Records of this kind read from iiko: the mapped ones plus those that failed to map. */
  fetched: number;
  /** Records new to the store. */
  created: number;
  /** Records whose content changed in iiko since they were stored. */
  updated: number;
  /** Records already stored as they are. */
  unchanged: number;
  /** Records read but not stored: mapping errors, and the mapped records of a batch that failed to write. */
  failed: number;
  /**
   * Stored records iiko no longer lists, marked `isActive: false` with `deactivatedAt` in this run (never
   * deleted: old invoices point at them). Counted by the store as `updated` too.
   */
  deactivated: number;
  /** Records pending from earlier runs that landed in this one (for invoices). */
  landedFromPending: number;
  /**
   * Every issue: mapping errors and unresolved references (record left out) and warnings (record stored
   * with a fallback).
   */
  issues: SyncIssue[];
  /** `issues` counted by code, e.g. `{ STORE_WITHOUT_RESTAURANT: 1, MISSING_NAME: 2 }`. */
  issueCounts: Record<string, number>;
  /** Why the entity stopped, or `null`. */
  error: SyncErrorInfo | null;
  /** Why the entity did not run, or `null`. */
  skippedReason: string | null;
  /** For invoices: the calendar window read (both days inclusive). */
  window: { from: string; to: string } | null;
  timings: EntityTimings;
  /** ISO 8601, `null` when skipped. */
  startedAt: string | null;
  /** ISO 8601, `null` when skipped. */
  finishedAt: string | null;
}

/** Where a run's invoice window came from. */
export type InvoiceWindowSource = 'explicit' | 'cursor' | 'initial';

/**
 * What a run did, entity by entity — the answer to "did the sync work, and if not, why?". Contains no
 * password, hash or token.
 *
 * @example
 * ```ts
 * const report = await sync.run(accountId);
 * if (report.status !== 'success') {
 *   for (const entity of Object.values(report.entities)) {
 *     if (entity.error) log.warn({ entity: entity.entity, ...entity.error }, 'iiko sync step failed');
 *   }
 * }
 * ```
 */
export interface SyncReport {
  /** Id of the run; the sync log entries of this run carry it. */
  runId: string;
  accountId: string;
  integrationType: 'iiko';
  /**
   * `success`: every requested entity succeeded. `partial`: something was stored but not everything
   * (an entity failed, was skipped, or had records that could not be mapped). `failed`: nothing was
   * stored. `aborted`: the signal stopped the run (what was committed before stays).
   */
  status: SyncLogStatus;
  /** Entities in run order; entities not requested are `skipped`. */
  entities: Record<SyncEntityType, EntityReport>;
  /** Sums over the entities. */
  totals: { fetched: number; created: number; updated: number; unchanged: number; failed: number; issues: number };
  /** The invoice window and its origin, when invoices were requested. */
  invoiceWindow: { from: string; to: string; source: InvoiceWindowSource } | null;
  /** The error that stopped the run early (licence, login, network, store, lost lock), or `null`. */
  error: SyncErrorInfo | null;
  /**
   * Records that could not be stored yet and wait, with their reason, for a later run (see
   * `PendingRecord`), counted after this run; `null` when the store keeps no pending records or invoices
   * were not requested. `stale` counts those waiting longer than `pendingMaxAgeMs`: a run with stale
   * pending records is never `success`, so it reaches the host's alerts for failing accounts.
   */
  pending: PendingSummary | null;
  /** ISO 8601. */
  startedAt: string;
  /** ISO 8601. */
  finishedAt: string;
  durationMs: number;
}

/** Pending records of an account after a run; see {@link SyncReport.pending}. */
export interface PendingSummary {
  /** Records waiting. */
  count: number;
  /** Of those, records waiting longer than `maxAgeMs` since first seen. */
  stale: number;
  /** The age limit applied, in milliseconds. */
  maxAgeMs: number;
  /** ISO 8601 first-seen time of the oldest, or `null` when none waits. */
  oldestFirstSeenAt: string | null;
  /** Counts by reason (`UNRESOLVED_REFERENCE`, `INVALID_RECORD`, …). */
  byCode: Record<string, number>;
}

/** A fresh, not-yet-run entity report. Internal. */
export function emptyEntityReport(entity: SyncEntityType): EntityReport {
  return {
    entity,
    status: 'skipped',
    fetched: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    failed: 0,
    deactivated: 0,
    landedFromPending: 0,
    issues: [],
    issueCounts: {},
    error: null,
    skippedReason: null,
    window: null,
    timings: { fetchMs: 0, mapMs: 0, storeMs: 0, totalMs: 0 },
    startedAt: null,
    finishedAt: null,
  };
}

/** The run's status from its entities' (see {@link SyncReport.status}). Internal. */
export function runStatusOf(entities: readonly EntityReport[], aborted: boolean): SyncLogStatus {
  if (aborted) return 'aborted';
  if (entities.every((entity) => entity.status === 'success')) return 'success';
  return entities.some((entity) => entity.status === 'success' || entity.status === 'partial') ? 'partial' : 'failed';
}

/** Sums of the entity counts. Internal. */
export function totalsOf(entities: readonly EntityReport[]): SyncReport['totals'] {
  const totals = { fetched: 0, created: 0, updated: 0, unchanged: 0, failed: 0, issues: 0 };
  for (const entity of entities) {
    totals.fetched += entity.fetched;
    totals.created += entity.created;
    totals.updated += entity.updated;
    totals.unchanged += entity.unchanged;
    totals.failed += entity.failed;
    totals.issues += entity.issues.length;
  }
  return totals;
}

/** Entities in run order. Internal. */
export function entityReportsOf(report: Pick<SyncReport, 'entities'>): EntityReport[] {
  return SYNC_ENTITY_TYPES.map((entity) => report.entities[entity]);
}
