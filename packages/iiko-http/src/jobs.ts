/**
 * What the handler needs from a job engine to answer `POST /sync` with `202 { jobId }` and to serve
 * `GET /jobs/{jobId}`. `@getinn/iiko-jobs` fits; so does any queue the host runs, behind two methods.
 */
import type { SyncEntityType, SyncErrorInfo, SyncReport } from '@getinn/iiko-sync';

/** An explicit invoice window, both days inclusive. */
export interface SyncJobWindow {
  /** The first day, `YYYY-MM-DD`. */
  from: string;
  /** The last day, `YYYY-MM-DD`. */
  to: string;
}

/** What to sync, as `POST /sync/{entityType}` asks for it. */
export interface SyncJobRequest {
  /** The entities, in run order; absent means all four. */
  entities?: SyncEntityType[];
  /** An explicit invoice window; absent means the regular one (from the cursor to today). */
  invoices?: SyncJobWindow;
}

/** What {@link IikoHttpJobs.requestSync} returns. */
export interface SyncJobTicket {
  /** The job's id, for {@link IikoHttpJobs.status}. */
  jobId: string;
}

/**
 * A job's state. `succeeded`, `partial` and `failed` are final: `partial` and `failed` carry a report
 * or an error saying why.
 */
export type IikoHttpJobState = 'queued' | 'running' | 'succeeded' | 'partial' | 'failed';

/** What {@link IikoHttpJobs.status} returns. Fields beyond these are ignored, never passed on. */
export interface IikoHttpJobStatus {
  /** The id `requestSync` returned. */
  jobId: string;
  /** The account the job syncs: a job of another account is answered `404`, as if it did not exist. */
  accountId: string;
  /** Where the job is; see {@link IikoHttpJobState}. */
  status: IikoHttpJobState;
  /** The run's report, once it has one. */
  report?: SyncReport | null;
  /** Why the job failed without a report (no credentials, a crash), described without secrets. */
  error?: SyncErrorInfo | null;
}

/**
 * A job engine, for hosts whose syncs outlive an HTTP request (a first import takes minutes). Without
 * one the handler runs syncs inline and answers with the report.
 *
 * @example
 * ```ts
 * const jobs: IikoHttpJobs = {
 *   requestSync: async (accountId, request) => ({ jobId: await queue.add('iiko-sync', { accountId, ...request }) }),
 *   status: async (jobId) => toStatus(await queue.get(jobId)),
 * };
 * ```
 */
export interface IikoHttpJobs {
  /**
   * Queues a sync of the account and returns the job's id. May reject with an error whose `code` is
   * `SYNC_IN_PROGRESS` (answered `409`) or `CREDENTIALS_NOT_FOUND` (`404`); or may return the id of the
   * job already queued — either is fine.
   */
  requestSync(accountId: string, request: SyncJobRequest): Promise<SyncJobTicket>;
  /** The job's state, or `undefined` (or `null`) when there is no such job. */
  status(jobId: string): Promise<IikoHttpJobStatus | undefined | null>;
}
