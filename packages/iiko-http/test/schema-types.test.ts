/**
 * The answer schemas (which the OpenAPI document is generated from) fit the types the handler answers
 * with, checked at compile time (`pnpm typecheck`): this package's own bodies exactly, both ways; the
 * SDK's reports and log entries by assignability, so a changed field fails the build. A field the SDK
 * adds is caught at run time instead — every test checks its answers against the schemas with nothing
 * left over — so another package's new field never breaks the repository's typecheck.
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
    true satisfies Covers<IikoConnectionStatus, z.infer<typeof ConnectionStatusSchema>>,
    true satisfies Covers<IikoJobStatusBody, z.infer<typeof JobStatusSchema>>,
    true satisfies Covers<IikoHttpProblem, z.infer<typeof ProblemSchema>>,
    // …and the other way round: the schemas describe nothing the types do not have.
    true satisfies Covers<z.infer<typeof ConnectionStatusSchema>, IikoConnectionStatus>,
    true satisfies Covers<z.infer<typeof ProblemSchema>, IikoHttpProblem>,
  ];
  expect(fits).toHaveLength(8);
  expect(covered).toHaveLength(5);
});
