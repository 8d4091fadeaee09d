/**
 * The answer schemas (which the OpenAPI document is generated from) describe exactly the types the
 * handler answers with — the SDK's own and this package's. Checked at compile time (`pnpm typecheck`):
 * a field added to a report, a log entry or a body fails the build until its schema says what it is.
 */
import type { EntityReport, SyncLogEntry, SyncReport } from '@getinn/iiko-sync';
import { expect, it } from 'vitest';
import type { z } from 'zod';
import type { IikoConnectionStatus, IikoHttpProblem, IikoJobAccepted, IikoJobStatusBody, IikoSyncLogPage } from '../src/index';
import type {
  ConnectionStatusSchema,
  EntityReportSchema,
  JobAcceptedSchema,
  JobStatusSchema,
  LogsPageSchema,
  ProblemSchema,
  SyncLogEntrySchema,
  SyncReportSchema,
} from '../src/schemas';

/** `readonly` removed all the way down: the schemas' types are mutable, the SDK's partly readonly. */
type Writable<T> = T extends readonly (infer U)[] ? Writable<U>[] : T extends object ? { -readonly [K in keyof T]: Writable<T[K]> } : T;

/** `true` when every key of `T` is described by `S`; else the missing keys, which fail the assignment. */
type Covers<T, S> = [Exclude<keyof T, keyof S>] extends [never] ? true : Exclude<keyof T, keyof S>;

it('describes every field of every answer, with a type that fits', () => {
  const fits: unknown[] = [
    {} as Writable<SyncReport> satisfies z.infer<typeof SyncReportSchema>,
    {} as Writable<EntityReport> satisfies z.infer<typeof EntityReportSchema>,
    {} as Writable<SyncLogEntry> satisfies z.infer<typeof SyncLogEntrySchema>,
    {} as Writable<IikoConnectionStatus> satisfies z.infer<typeof ConnectionStatusSchema>,
    {} as Writable<IikoSyncLogPage> satisfies z.infer<typeof LogsPageSchema>,
    {} as Writable<IikoJobAccepted> satisfies z.infer<typeof JobAcceptedSchema>,
    {} as Writable<IikoJobStatusBody> satisfies z.infer<typeof JobStatusSchema>,
    {} as Writable<IikoHttpProblem> satisfies z.infer<typeof ProblemSchema>,
  ];
  const covered: true[] = [
    true satisfies Covers<SyncReport, z.infer<typeof SyncReportSchema>>,
    true satisfies Covers<EntityReport, z.infer<typeof EntityReportSchema>>,
    true satisfies Covers<EntityReport['issues'][number], z.infer<typeof EntityReportSchema>['issues'][number]>,
    true satisfies Covers<SyncLogEntry, z.infer<typeof SyncLogEntrySchema>>,
    true satisfies Covers<IikoConnectionStatus, z.infer<typeof ConnectionStatusSchema>>,
    true satisfies Covers<IikoJobStatusBody, z.infer<typeof JobStatusSchema>>,
    true satisfies Covers<IikoHttpProblem, z.infer<typeof ProblemSchema>>,
    // …and the other way round: the schemas describe nothing the types do not have.
    true satisfies Covers<z.infer<typeof ConnectionStatusSchema>, IikoConnectionStatus>,
    true satisfies Covers<z.infer<typeof SyncReportSchema>, SyncReport>,
    true satisfies Covers<z.infer<typeof ProblemSchema>, IikoHttpProblem>,
  ];
  expect(fits).toHaveLength(8);
  expect(covered).toHaveLength(10);
});
