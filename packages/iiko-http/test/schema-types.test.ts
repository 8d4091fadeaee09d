/**
 * The answer schemas describe the SDK's own types: checked at compile time (`pnpm typecheck`), so a field
 * added to a report or a log entry fails the build until the schema, and with it the OpenAPI document,
 * says what it is.
 */
import type { CredentialSummary } from '@getinn/credential-crypto';
import type { EntityReport, SyncLogEntry, SyncReport } from '@getinn/iiko-sync';
import { expect, it } from 'vitest';
import type { z } from 'zod';
import type { EntityReportSchema, IikoHttpJobStatus, JobStatusSchema, SyncLogEntrySchema, SyncReportSchema } from '../src/index';

/** `readonly` removed all the way down: the schemas' types are mutable, the SDK's partly readonly. */
type Writable<T> = T extends readonly (infer U)[] ? Writable<U>[] : T extends object ? { -readonly [K in keyof T]: Writable<T[K]> } : T;

/** `true` when every key of `T` is described by `S`; else the missing keys, which fail the assignment. */
type Covers<T, S> = [Exclude<keyof T, keyof S>] extends [never] ? true : Exclude<keyof T, keyof S>;

it('describes every field of the SDK types it answers with', () => {
  const reportFits: z.infer<typeof SyncReportSchema> = {} as Writable<SyncReport>;
  const entityFits: z.infer<typeof EntityReportSchema> = {} as Writable<EntityReport>;
  const logFits: z.infer<typeof SyncLogEntrySchema> = {} as Writable<SyncLogEntry>;
  const jobFits: z.infer<typeof JobStatusSchema>['status'] = {} as IikoHttpJobStatus['status'];
  const reportCovered: Covers<SyncReport, z.infer<typeof SyncReportSchema>> = true;
  const entityCovered: Covers<EntityReport, z.infer<typeof EntityReportSchema>> = true;
  const logCovered: Covers<SyncLogEntry, z.infer<typeof SyncLogEntrySchema>> = true;
  const issueCovered: Covers<EntityReport['issues'][number], z.infer<typeof EntityReportSchema>['issues'][number]> = true;
  // The status shows a credential row's columns, except the sealed credentials and the key id.
  const statusColumns: Covers<Omit<CredentialSummary, 'keyId' | 'integrationType' | 'createdAt'>, Record<'accountId' | 'baseUrl' | 'isActive' | 'lastConnectedAt' | 'connectionStatus' | 'connectionError' | 'updatedAt', unknown>> = true;
  expect([reportFits, entityFits, logFits, jobFits, reportCovered, entityCovered, logCovered, issueCovered, statusColumns]).toHaveLength(9);
});
