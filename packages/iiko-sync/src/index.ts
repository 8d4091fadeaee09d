/**
 * `@getinn/iiko-sync`: brings a GET INN account up to date with its iikoServer — credentials from the
 * vault, one licence-safe client session per run, the mappers, and a pluggable {@link SyncStore} — with
 * a report and a sync log that say what happened.
 *
 * Storage and scheduling stay with the host: `run` is one idempotent call a cron job, a queue worker or a
 * "sync now" button makes. The SQLite store lives at `@getinn/iiko-sync/sqlite`, the store contract suite
 * at `@getinn/iiko-sync/testing`.
 *
 * @packageDocumentation
 * @module @getinn/iiko-sync
 */
export { createMemorySyncStore, type MemorySyncStoreOptions } from './memory-store';
export { canonicalJson, contentHash, toSyncRecord } from './content-hash';
export {
  DEFAULT_SYNC_ENTITIES,
  SYNC_ENTITY_TYPES,
  type JsonValue,
  type ListLogsOptions,
  type LockOptions,
  type LoggedIssue,
  type StoredRecord,
  type SyncEntityType,
  type SyncLogEntry,
  type SyncLogStatus,
  type SyncRecord,
  type SyncStore,
  type UpsertResult,
} from './sync-store';
export {
  CredentialsNotFoundError,
  IikoSyncError,
  IntegrationInactiveError,
  SyncConfigurationError,
  SyncDisabledError,
  SyncInProgressError,
  SyncLockLostError,
  SyncStoreError,
  isIikoSyncError,
  type IikoSyncErrorCode,
} from './errors';
export { createIikoSync, type IikoSync } from './sync';
export type { CredentialsTestResult } from './probe';
export type {
  Clock,
  ConnectionTestResult,
  IikoSyncOptions,
  RunOptions,
  SyncClientOptions,
  SyncProgress,
  TestConnectionOptions,
} from './options';
export type {
  EntityReport,
  EntityStatus,
  EntityTimings,
  InvoiceWindowSource,
  SyncReport,
} from './report';
export type { SyncErrorInfo } from './describe-error';
export type {
  ConnectionOutcome,
  IikoCredentialEntry,
  IikoCredentialSource,
  IikoLogin,
} from './credentials';
export { DEFAULTS, INVOICE_CURSOR, STOCK_BALANCE_CURSOR } from './constants';
export type { Logger } from '@getinn/iiko-client';
