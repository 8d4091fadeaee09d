/**
 * `@getinn/iiko-jobs`: scheduled and manual iiko syncs on graphile-worker (PostgreSQL). Jobs of one
 * iikoServer share a named queue, so across every worker process at most one sync per server runs at a
 * time; transient failures are retried with back-off, permanent ones fail at once and raise the
 * account-failing hook; a worker killed mid-run has its job taken back after a short lease.
 *
 * @packageDocumentation
 * @module @getinn/iiko-jobs
 */
export { createIikoJobs, type IikoJobs } from './jobs';
export type {
  AccountFailingEvent,
  IikoJobsOptions,
  IikoJobsWorker,
  JobStatus,
  JobTrigger,
  RequestSyncOptions,
  RequestSyncResult,
  RunFinishedInfo,
  RunWorkerOptions,
  SyncJob,
  TickResult,
} from './options';
export type { ScheduleSpec } from './schedule-spec';
export {
  accountsFromCredentialStore,
  accountsFromList,
  type CredentialRowFields,
  type CredentialRowSource,
  type JobAccount,
  type JobAccountSource,
} from './accounts';
export { IikoJobsError, isIikoJobsError, type IikoJobsErrorCode } from './errors';
export { PERMANENT_FAILURE_CODES, SWITCHED_OFF_CODES, TRANSIENT_FAILURE_CODES, isTransientFailure } from './classify-failure';
export { queueNameOf, serverKeyOf } from './server-key';
export { DEFAULTS, SYNC_TASK } from './constants';
