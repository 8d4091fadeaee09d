/**
 * `@getinn/iiko-http`: the HTTP front door of an account's iiko integration — connect (testing the
 * login before it is stored), status, sync now, the sync log and job status — as one framework-neutral
 * handler on the web platform's `Request` → `Response`, with the host's authorization in front,
 * zod-validated input, RFC 9457 problem details and a generated OpenAPI 3.1 document.
 *
 * @packageDocumentation
 * @module @getinn/iiko-http
 */
export { createIikoHttpHandler, type IikoHttpHandler } from './handler';
export type {
  IikoHttpAction,
  IikoHttpAuthorize,
  IikoHttpAuthorizeRequest,
  IikoHttpGrant,
  IikoHttpHandlerOptions,
  IikoHttpRefusal,
  IikoHttpSync,
  IikoHttpVault,
} from './options';
export type { IikoHttpJobState, IikoHttpJobStatus, IikoHttpJobs, SyncJobRequest, SyncJobTicket, SyncJobWindow } from './jobs';
export { PROBLEM_TYPES, type IikoHttpProblemKind, type IikoHttpProblemType } from './problems';
export { createIikoOpenApiDocument, IIKO_HTTP_API_VERSION, type IikoOpenApiOptions, type OpenApiDocument } from './openapi';
export type {
  IikoConnectionStatus,
  IikoHttpProblem,
  IikoHttpProblemField,
  IikoJobAccepted,
  IikoJobStatusBody,
  IikoLastSync,
  IikoSyncLogPage,
} from './types';
export { DEFAULTS } from './constants';
