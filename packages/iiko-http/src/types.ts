/**
 * The bodies the handler answers with. Each is described field by field by a zod schema in
 * `schemas.ts` (which the OpenAPI document is generated from); a compile-time test keeps the two equal.
 */
import type { SyncEntityType, SyncErrorInfo, SyncLogEntry, SyncReport } from '@getinn/iiko-sync';
import type { IikoHttpJobState } from './jobs';

/** The latest sync log entry of one entity, without its mapping issues (`GET /logs` has those). */
export type IikoLastSync = Omit<SyncLogEntry, 'issues'>;

/** The body of `GET /status` and of a successful `POST /connect`. Never contains the password. */
export interface IikoConnectionStatus {
  /** The account of the path. */
  accountId: string;
  /** Always `iiko`. */
  integrationType: 'iiko';
  /** Whether credentials are stored. */
  configured: boolean;
  /** Whether the last connection check with the stored credentials succeeded. */
  connected: boolean;
  /** The last check: `connected`, `error`, or `null` when never checked since the credentials changed. */
  connectionStatus: 'connected' | 'error' | null;
  /** ISO 8601 time of the last successful connection. */
  lastConnectedAt: string | null;
  /** The last failure's secret-free message; `null` after a success. */
  connectionError: string | null;
  /** The iikoServer the credentials belong to. */
  baseUrl: string | null;
  /** Whether the integration is in use; `null` when not configured. */
  isActive: boolean | null;
  /** ISO 8601 time the credentials or their status last changed; `null` when not configured. */
  updatedAt: string | null;
  /** In the answer of `POST /connect`: the version the server reported. */
  serverVersion?: string;
  /** The latest sync log entry of each entity, `null` for one never synced. */
  lastSync: Record<SyncEntityType, IikoLastSync | null>;
}

/** The body of `GET /logs`. */
export interface IikoSyncLogPage {
  /** Newest first. */
  entries: SyncLogEntry[];
}

/** The body of `202` from `POST /sync/{entityType}` when a job engine is configured. */
export interface IikoJobAccepted {
  /** The job engine's id of the queued sync. */
  jobId: string;
  /** Where to poll the job (also the `Location` header). */
  statusUrl: string;
}

/** The body of `GET /jobs/{jobId}`: only these fields, whatever else the job engine keeps. */
export interface IikoJobStatusBody {
  /** The id of the path. */
  jobId: string;
  /** The account of the path (a job of another account is a `404`). */
  accountId: string;
  /** Where the job is; see {@link IikoHttpJobState}. */
  status: IikoHttpJobState;
  /** The run's report once it finished, else `null`. */
  report: SyncReport | null;
  /** Why the job failed without a report, else `null`. */
  error: SyncErrorInfo | null;
}

/** One field at fault in an `invalid-request` problem. */
export interface IikoHttpProblemField {
  /** Where the field is. */
  location: 'body' | 'path' | 'query';
  /** JSON Pointer (RFC 6901) to the field within its location, e.g. `/invoices/from`; `''` for the whole. */
  pointer: string;
  /** What is wrong. Never repeats the value. */
  message: string;
}

/** The body of every error answer: RFC 9457 problem details plus a constant `code`. */
export interface IikoHttpProblem {
  /** `problemTypeBase` followed by a key of {@link PROBLEM_TYPES}. */
  type: string;
  /** The fixed title of the kind of problem. */
  title: string;
  /** The HTTP status. */
  status: number;
  /** This occurrence, for a person. Never contains a secret. */
  detail?: string;
  /** The path of the request. */
  instance?: string;
  /** The kind of problem as a constant, e.g. `SYNC_IN_PROGRESS`. */
  code: string;
  /** For `invalid-request`: each field at fault. */
  errors?: IikoHttpProblemField[];
  /** For `connection-failed`: why iikoServer refused (`AUTH_FAILED`, `LICENSE_UNAVAILABLE`, `NETWORK_ERROR`, …). */
  reason?: string;
}
