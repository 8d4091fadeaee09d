/**
 * Pending records: what was read from iiko but could not be stored yet, kept with its reason and read
 * again by every following run until it lands. Internal.
 */
import type { InvalidRecord } from '@getinn/iiko-client';
import type { PendingSummary, SyncIssue } from './report';
import type { PendingRecord, SyncEntityType } from './sync-store';

/** A calendar window, both days inclusive. */
export interface Window {
  from: string;
  to: string;
}

/** Why a record was left out, as a pending record keeps it. */
export interface LeftOut {
  code: string;
  message: string;
}

/**
 * The windows of pending records that a run's own window does not cover, merged where they overlap, so
 * that each is read again once. Pending records without a window cannot be looked for and are skipped.
 */
export function retryWindows(pending: readonly PendingRecord[], covered: Window | null): Window[] {
  const windows = pending
    .map((record) => record.window)
    .filter((window): window is Window => window !== null)
    .filter((window) => covered === null || window.from < covered.from || window.to > covered.to)
    .map((window) => ({ from: window.from, to: window.to }))
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const merged: Window[] = [];
  for (const window of windows) {
    const last = merged.at(-1);
    if (last !== undefined && window.from <= last.to) {
      if (window.to > last.to) last.to = window.to;
    } else {
      merged.push(window);
    }
  }
  return merged;
}

/**
 * Follows one entity's pending records through a run: what each chunk left out becomes (or stays)
 * pending, with `firstSeenAt` and `attempts` carried over; what landed stops being pending; what was
 * pending but is no longer exported in a window read again is kept, as `NOT_EXPORTED`, for a person to
 * look at — it is never dropped silently.
 */
export class PendingTracker {
  readonly #before: Map<string, PendingRecord>;
  readonly #entityType: SyncEntityType;
  readonly #at: string;
  /** Ids seen in this run (landed or left out). */
  readonly #seen = new Set<string>();

  constructor(entityType: SyncEntityType, before: readonly PendingRecord[], at: string) {
    this.#entityType = entityType;
    this.#before = new Map(before.map((record) => [record.externalId, record]));
    this.#at = at;
  }

  /** Pending records before this run. */
  get before(): readonly PendingRecord[] {
    return [...this.#before.values()];
  }

  /**
   * One chunk's outcome: the records to save as pending, and the pending ids to delete (they landed).
   * @param window - the chunk read
   */
  chunk(window: Window, leftOut: ReadonlyMap<string, LeftOut>, landed: Iterable<string>): { save: PendingRecord[]; remove: string[] } {
    const save: PendingRecord[] = [];
    for (const [externalId, reason] of leftOut) {
      this.#seen.add(externalId);
      save.push(this.#record(externalId, reason, window));
    }
    const remove: string[] = [];
    for (const externalId of landed) {
      this.#seen.add(externalId);
      if (this.#before.has(externalId)) remove.push(externalId);
    }
    return { save, remove };
  }

  /**
   * Pending records whose window was read again in this run but that iiko no longer exported there: kept
   * as `NOT_EXPORTED` (the document may have been deleted outright, or moved to a date outside it).
   */
  missing(readWindows: readonly Window[]): PendingRecord[] {
    const inRead = (window: Window | null): boolean =>
      window !== null && readWindows.some((read) => read.from <= window.from && read.to >= window.to);
    return this.before
      .filter((record) => !this.#seen.has(record.externalId) && inRead(record.window))
      .map((record) =>
        this.#record(
          record.externalId,
          { code: 'NOT_EXPORTED', message: `no longer in iiko's export for ${record.window!.from} … ${record.window!.to} (last reason: ${record.message})` },
          record.window!,
        ),
      );
  }

  #record(externalId: string, reason: LeftOut, window: Window): PendingRecord {
    const previous = this.#before.get(externalId);
    return {
      entityType: this.#entityType,
      externalId,
      code: reason.code,
      message: reason.message,
      window: { from: window.from, to: window.to },
      firstSeenAt: previous?.firstSeenAt ?? this.#at,
      lastSeenAt: this.#at,
      attempts: (previous?.attempts ?? 0) + 1,
    };
  }
}

/** An invalid record of a tolerant read, as the issue the sync reports (and logs) for it. */
export function invalidRecordIssue(record: InvalidRecord, entity: SyncIssue['entity']): SyncIssue {
  return {
    entity,
    externalId: record.id ?? null,
    index: record.index,
    code: 'INVALID_RECORD',
    message: `iiko sent a record that does not have the expected shape (${record.message}); it is left out`,
    path: [...(record.issues[0]?.path ?? [])].filter((part): part is string | number => typeof part !== 'symbol'),
    severity: 'error',
  };
}

/** The counts of `report.pending`: how many wait, how many longer than `maxAgeMs`, the oldest, by reason. */
export function summarizePending(pending: readonly PendingRecord[], now: number, maxAgeMs: number): PendingSummary {
  const byCode: Record<string, number> = {};
  let oldest: string | null = null;
  let stale = 0;
  for (const record of pending) {
    byCode[record.code] = (byCode[record.code] ?? 0) + 1;
    if (oldest === null || record.firstSeenAt < oldest) oldest = record.firstSeenAt;
    if (now - Date.parse(record.firstSeenAt) > maxAgeMs) stale += 1;
  }
  return { count: pending.length, stale, maxAgeMs, oldestFirstSeenAt: oldest, byCode };
}
