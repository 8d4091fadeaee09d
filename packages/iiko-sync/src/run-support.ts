/** Small helpers of a run: store calls, issue positions, log entries. Internal. */
import { randomUUID } from 'node:crypto';
import { DEFAULTS, INTEGRATION_TYPE } from './constants';
import { SyncStoreError } from './errors';
import type { EntityReport } from './report';
import type { SyncLogEntry } from './sync-store';

/** Input position by iiko id, for issues about mapped records. */
export function indexById(input: readonly { id: string }[], offset = 0): Map<string, number> {
  return new Map(input.map((record, index) => [record.id, offset + index]));
}

/** Runs a store call, wrapping its failure in a {@link SyncStoreError} that names the operation. */
export async function storeCall<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof SyncStoreError) throw error;
    throw new SyncStoreError(operation, error);
  }
}

/** The sync log entry of one entity of a run: its counts, its error, and its first issues. */
export function logEntryOf(report: EntityReport, runId: string, accountId: string): SyncLogEntry {
  return {
    id: randomUUID(),
    runId,
    accountId,
    integrationType: INTEGRATION_TYPE,
    entityType: report.entity,
    status: report.status as SyncLogEntry['status'], // a run entity is never `skipped`
    fetched: report.fetched,
    created: report.created,
    updated: report.updated,
    unchanged: report.unchanged,
    failed: report.failed,
    error: report.error?.message ?? null,
    errorCode: report.error?.code ?? null,
    issueCount: report.issues.length,
    issues: report.issues.slice(0, DEFAULTS.maxLoggedIssues).map(({ entity, externalId, code, message, severity, path }) => ({
      entity,
      externalId,
      code,
      message,
      severity,
      path,
    })),
    window: report.window,
    startedAt: report.startedAt!,
    finishedAt: report.finishedAt!,
  };
}
