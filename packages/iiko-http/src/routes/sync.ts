/** `POST /sync/{entityType}`: a sync now — queued when a job engine is configured, else run inline. */
import type { RunOptions } from '@getinn/iiko-sync';
import { parseWith, readJsonBody } from '../body';
import { iikoSummaryOf, type RouteContext } from '../context';
import type { SyncJobRequest } from '../jobs';
import { HttpProblem } from '../problems';
import { jsonResponse } from '../responses';
import { SyncBodySchema, SyncTargetSchema } from '../schemas';
import type { IikoJobAccepted } from '../types';
import { notConnected } from './connect';
import { jobPath } from './jobs';

export async function requestSync(context: RouteContext): Promise<Response> {
  const { sync, jobs, maxBodyBytes, signal } = context.settings;
  const target = parseWith(SyncTargetSchema, context.params.entityType, 'path');
  const body = parseWith(SyncBodySchema, (await readJsonBody(context.request, maxBodyBytes)) ?? {}, 'body');
  if (body.invoices !== undefined && target !== 'invoices' && target !== 'all') {
    throw new HttpProblem('invalid-request', {
      detail: 'invoices: an invoice window applies to POST …/sync/invoices or …/sync/all only.',
      errors: [{ location: 'body', pointer: '/invoices', message: 'applies to invoices or all only' }],
    });
  }
  // Checked here, as the user (and audited so), rather than discovered by a job minutes later.
  if ((await iikoSummaryOf(context)) === undefined) throw notConnected();
  const request: SyncJobRequest = {};
  if (target !== 'all') request.entities = [target];
  if (body.invoices !== undefined) request.invoices = { from: body.invoices.from, to: body.invoices.to };

  if (jobs !== undefined) {
    const { jobId } = await jobs.requestSync(context.accountId, request);
    const accepted: IikoJobAccepted = { jobId, statusUrl: jobPath(context, jobId) };
    return jsonResponse(202, accepted, { location: accepted.statusUrl });
  }
  const options: RunOptions = { ...request };
  if (signal !== undefined) options.signal = signal;
  // The run's outcome is data: iiko being down or out of licence slots is in the report (`status`,
  // `error`), not an HTTP error. Only "cannot start" throws (already running, no credentials).
  return jsonResponse(200, await sync.run(context.accountId, options));
}
