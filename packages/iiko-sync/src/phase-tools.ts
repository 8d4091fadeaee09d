/**
 * What a phase of a run kept in a module of its own (price lists, stock balances) uses of the run: its
 * context, timed fetches and store calls, the shared map-check-write step and progress events. Internal.
 */
import type { InvalidRecord } from '@getinn/iiko-client';
import type { MappingResult } from '@getinn/iiko-mappers';
import type { SyncProgress } from './options';
import type { LeftOut } from './pending';
import type { EntityReport, SyncIssue } from './report';
import type { RunContext } from './run';
import type { StoredRecord, SyncEntityType } from './sync-store';

/** Why a record's reference does not resolve (the rest of the issue is filled in by the caller). */
export type UnresolvedReference = Pick<SyncIssue, 'entity' | 'path' | 'message'>;

/** What one write left out (with the reason) and what landed, for the pending records. */
export interface StoreOutcome {
  leftOut: ReadonlyMap<string, LeftOut>;
  landed: readonly string[];
}

/** Options of the run's map-check-write step. */
export interface MapAndStoreOptions<T> {
  /** Input position by iiko id, for issues about mapped records. */
  inputIndex?: Map<string, number>;
  /** Added to the mappers' issue positions: the input is one batch of a longer list, starting there. */
  indexOffset?: number;
  /** A reference of the record that does not resolve: the record is left out with the issue. */
  unresolved?: (record: T) => UnresolvedReference | undefined;
  /** The invoice chunk written, for progress events. */
  window?: { from: string; to: string };
  /** The read was the whole list: records stored before and missing now are gone from iiko. */
  lifecycle?: boolean;
  /** Which stored records the read covered (all when absent): only those can be gone. */
  lifecycleScope?: (stored: StoredRecord) => boolean;
  /** Records of the (tolerant) read that did not have the expected shape: issues, and left out. */
  invalid?: { records: readonly InvalidRecord[]; entity: SyncIssue['entity'] };
}

/** The run's steps a phase module calls; see `SyncRun`. */
export interface PhaseTools {
  /** The run's context (client, store, settings, clock, …). */
  context(): RunContext;
  /** Reads from iiko with the run's signal, timed as fetch time; checks for an abort first. */
  fetch<T>(report: EntityReport, read: (call: { signal?: AbortSignal }) => Promise<T>): Promise<T>;
  /** A store call, timed as store time; its failure is a `SyncStoreError` naming `operation`. */
  timedStore<T>(report: EntityReport, operation: string, call: () => Promise<T>): Promise<T>;
  /** Maps, records issues, leaves out what does not resolve, applies the lifecycle, writes in batches. */
  mapAndStore<T extends { externalId: string }>(
    entity: SyncEntityType,
    report: EntityReport,
    map: () => MappingResult<T>,
    options?: MapAndStoreOptions<T>,
  ): Promise<StoreOutcome>;
  /** Reports progress to the host's `onProgress`. */
  progress(entity: SyncEntityType, phase: SyncProgress['phase'], report: EntityReport): void;
  /** Whether `error` is the run being aborted (rethrow it, never report it as a failure). */
  isAbort(error: unknown): boolean;
}
