/**
 * The summary of a sync run: a line on the outcome, the invoice window, a table per entity with totals,
 * the issues by code, and why any entity failed or was skipped.
 */
import { SYNC_ENTITY_TYPES, type SyncReport } from '@getinn/iiko-sync';
import { formatIssueGroups } from './issues';
import { formatTable } from './table';

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

/** The summary's lines. */
export function formatSyncSummary(report: SyncReport): string[] {
  // Entities the run was not asked for (price lists and balances are off by default) get no row.
  const entities = SYNC_ENTITY_TYPES.map((entity) => report.entities[entity]).filter((entity) => entity.skippedReason !== 'not requested');
  const rows: (string | number)[][] = entities.map((entity) => [
    entity.entity,
    entity.status,
    entity.fetched,
    entity.created,
    entity.updated,
    entity.unchanged,
    entity.failed,
    entity.issues.length,
    seconds(entity.timings.totalMs),
  ]);
  const total = report.totals;
  rows.push(['total', report.status, total.fetched, total.created, total.updated, total.unchanged, total.failed, total.issues, seconds(report.durationMs)]);

  const lines = [`sync ${report.status} — account ${report.accountId}, run ${report.runId}`];
  if (report.invoiceWindow) {
    lines.push(`invoice window ${report.invoiceWindow.from} … ${report.invoiceWindow.to} (${report.invoiceWindow.source})`);
  }
  lines.push(
    '',
    ...formatTable(['entity', 'status', 'fetched', 'created', 'updated', 'unchanged', 'failed', 'issues', 'time'], rows, {
      rightAligned: [2, 3, 4, 5, 6, 7, 8],
      totalsRow: true,
    }),
  );
  const issues = formatIssueGroups(entities.flatMap((entity) => entity.issues));
  if (issues.length > 0) lines.push('', ...issues);
  for (const entity of entities) {
    if (entity.error) lines.push('', `${entity.entity} failed [${entity.error.code}]: ${entity.error.message}`);
    else if (entity.status === 'skipped' && entity.skippedReason !== null && entity.skippedReason !== 'not requested') {
      lines.push('', `${entity.entity} skipped: ${entity.skippedReason}`);
    }
  }
  if (report.error && !entities.some((entity) => entity.error?.code === report.error?.code)) {
    lines.push('', `run stopped [${report.error.code}]: ${report.error.message}`);
  }
  return lines;
}
