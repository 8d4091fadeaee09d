/**
 * The route table: each route's method, path, `authorize` action and handler, with what the OpenAPI
 * document says about it — one place, so the served routes and the documented ones are the same list.
 * Internal.
 */
import type { z } from 'zod';
import type { RouteContext } from '../context';
import type { IikoHttpAction } from '../options';
import type { IikoHttpProblemType } from '../problems';
import {
  ConnectBodySchema,
  ConnectionStatusSchema,
  JobAcceptedSchema,
  JobIdSchema,
  JobStatusSchema,
  LogsPageSchema,
  LogsQuerySchema,
  SyncBodySchema,
  SyncReportSchema,
  SyncTargetSchema,
} from '../schemas';
import { connect, disconnect } from './connect';
import { getJob } from './jobs';
import { getLogs } from './logs';
import { getStatus } from './status';
import { requestSync } from './sync';

/** One route. */
export interface RouteSpec {
  method: 'GET' | 'POST' | 'DELETE';
  /** Below `/accounts/{accountId}/integrations/iiko`, in OpenAPI's template syntax. */
  path: string;
  action: IikoHttpAction;
  handle(context: RouteContext): Promise<Response>;
  operationId: string;
  summary: string;
  description: string;
  /** Path parameters besides `accountId`. */
  params?: Record<string, z.ZodType>;
  query?: z.ZodObject;
  body?: { schema: z.ZodType; required: boolean };
  /** Successful answers: status → description and JSON schema (none for `204`). */
  success: Record<number, { description: string; schema?: z.ZodType; headers?: Record<string, string> }>;
  /** Problems this route answers with, besides those every account route can give (400, 401, 403, 500). */
  problems: IikoHttpProblemType[];
}

/** Problems every account route can answer with. */
export const COMMON_PROBLEMS: IikoHttpProblemType[] = ['invalid-request', 'unauthenticated', 'forbidden', 'internal'];

/** Problems of routes that read a body. */
const BODY_PROBLEMS: IikoHttpProblemType[] = ['invalid-json', 'payload-too-large', 'unsupported-media-type'];

export const ROUTES: readonly RouteSpec[] = [
  {
    method: 'POST',
    path: '/connect',
    action: 'connect',
    handle: connect,
    operationId: 'connectIiko',
    summary: 'Test an iiko login, then seal and store it',
    description:
      "Logs in to the iikoServer with the login (health page, login, one read, logout). Only when that works are the credentials sealed and stored, replacing any before; a failure is a 422 with iiko's reason and stores nothing.",
    body: { schema: ConnectBodySchema, required: true },
    success: { 200: { description: 'Connected: the stored connection.', schema: ConnectionStatusSchema } },
    problems: [...BODY_PROBLEMS, 'connection-failed', 'base-url-refused', 'integration-disabled'],
  },
  {
    method: 'DELETE',
    path: '/connect',
    action: 'disconnect',
    handle: disconnect,
    operationId: 'disconnectIiko',
    summary: 'Remove the iiko credentials',
    description:
      'Deletes the sealed credentials. No iiko session outlives a run or a connection check, so nothing else holds a licence slot; a run in progress finishes with the login it already read. The sync log and synced records stay.',
    success: { 204: { description: 'Removed.' } },
    problems: ['not-connected'],
  },
  {
    method: 'GET',
    path: '/status',
    action: 'status',
    handle: getStatus,
    operationId: 'getIikoStatus',
    summary: 'The connection status and the latest sync of each entity',
    description: 'Reads the stored status (it does not contact iiko). An account without credentials answers `configured: false`.',
    success: { 200: { description: 'The connection.', schema: ConnectionStatusSchema } },
    problems: [],
  },
  {
    method: 'POST',
    path: '/sync/{entityType}',
    action: 'sync',
    handle: requestSync,
    operationId: 'syncIiko',
    summary: 'Sync one entity, or all, now',
    description:
      "With a job engine configured the sync is queued and the answer is `202` with the job's id; without one it runs inline and the answer is the report. A run's own failures (iiko down, no licence slot) are in the report, not an HTTP error.",
    params: { entityType: SyncTargetSchema },
    body: { schema: SyncBodySchema, required: false },
    success: {
      200: { description: 'Ran inline (no job engine): the report.', schema: SyncReportSchema },
      202: { description: 'Queued: poll the job.', schema: JobAcceptedSchema, headers: { Location: 'The job’s status URL.' } },
    },
    problems: [...BODY_PROBLEMS, 'not-connected', 'sync-in-progress', 'integration-inactive', 'integration-disabled'],
  },
  {
    method: 'GET',
    path: '/logs',
    action: 'logs',
    handle: getLogs,
    operationId: 'listIikoSyncLogs',
    summary: 'The sync log, newest first',
    description: 'One entry per entity per run: counts, the error that stopped it, and mapping issues that name the record and field.',
    query: LogsQuerySchema,
    success: { 200: { description: 'The latest entries.', schema: LogsPageSchema } },
    problems: [],
  },
  {
    method: 'GET',
    path: '/jobs/{jobId}',
    action: 'job',
    handle: getJob,
    operationId: 'getIikoSyncJob',
    summary: "A queued sync's state",
    description: "`queued`, `running`, then `succeeded`, `partial` or `failed` with the run's report. Another account's job is a 404.",
    params: { jobId: JobIdSchema },
    success: { 200: { description: 'The job.', schema: JobStatusSchema } },
    problems: ['job-not-found'],
  },
];
