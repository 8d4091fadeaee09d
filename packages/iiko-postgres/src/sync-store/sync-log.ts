/**
 * The sync log in `sync_logs`: one row per entity of a run, appended in order and read newest first.
 *
 * @internal
 */
import type { LoggedIssue, SyncEntityType, SyncLogEntry, SyncLogStatus } from '@getinn/iiko-sync';

/** A `sync_logs` row as selected by {@link LOG_COLUMNS}. */
export interface LogRow {
  id: string;
  run_id: string;
  account_id: string;
  integration_type: string;
  entity_type: SyncEntityType;
  status: SyncLogStatus;
  fetched: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  error: string | null;
  error_code: string | null;
  issue_count: number;
  issues: LoggedIssue[];
  window_from: string | null;
  window_to: string | null;
  started_at: Date;
  finished_at: Date;
}

/** The columns of a {@link LogRow}, dates as written (`YYYY-MM-DD`, never shifted through a time zone). */
export const LOG_COLUMNS = `id, run_id, account_id, integration_type, entity_type, status, fetched, created, updated, unchanged,
  failed, error, error_code, issue_count, issues, to_char(window_from, 'YYYY-MM-DD') as window_from,
  to_char(window_to, 'YYYY-MM-DD') as window_to, started_at, finished_at`;

/** The insert of one entry, with its parameters in order. */
export function insertLog(table: string, entry: SyncLogEntry): [string, unknown[]] {
  return [
    `insert into ${table} (id, run_id, account_id, integration_type, entity_type, status, fetched, created, updated,
       unchanged, failed, error, error_code, issue_count, issues, window_from, window_to, started_at, finished_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::jsonb, $16::date, $17::date, $18, $19)`,
    [
      entry.id,
      entry.runId,
      entry.accountId,
      entry.integrationType,
      entry.entityType,
      entry.status,
      entry.fetched,
      entry.created,
      entry.updated,
      entry.unchanged,
      entry.failed,
      entry.error,
      entry.errorCode,
      entry.issueCount,
      JSON.stringify(entry.issues),
      entry.window?.from ?? null,
      entry.window?.to ?? null,
      entry.startedAt,
      entry.finishedAt,
    ],
  ];
}

/** A row back as the entry that was appended. */
export function logEntryOf(row: LogRow): SyncLogEntry {
  return {
    id: row.id,
    runId: row.run_id,
    accountId: row.account_id,
    integrationType: row.integration_type,
    entityType: row.entity_type,
    status: row.status,
    fetched: row.fetched,
    created: row.created,
    updated: row.updated,
    unchanged: row.unchanged,
    failed: row.failed,
    error: row.error,
    errorCode: row.error_code,
    issueCount: row.issue_count,
    issues: row.issues,
    window: row.window_from === null || row.window_to === null ? null : { from: row.window_from, to: row.window_to },
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at.toISOString(),
  };
}
