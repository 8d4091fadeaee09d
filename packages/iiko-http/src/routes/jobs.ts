/** `GET /jobs/{jobId}`: a queued sync's state. */
import { parseWith } from '../body';
import type { RouteContext } from '../context';
import { HttpProblem } from '../problems';
import { jsonResponse } from '../responses';
import { JobIdSchema } from '../schemas';
import type { IikoJobStatusBody } from '../types';

export async function getJob(context: RouteContext): Promise<Response> {
  const { jobs } = context.settings;
  const jobId = parseWith(JobIdSchema, context.params.jobId, 'path');
  if (jobs === undefined) throw new HttpProblem('job-not-found', { detail: 'Syncs run inline here; there are no jobs.' });
  const job = await jobs.status(jobId);
  // Another account's job is answered exactly like a missing one: its existence is not the caller's business.
  if (job === undefined || job === null || job.accountId !== context.accountId) {
    throw new HttpProblem('job-not-found', { detail: 'This account has no sync job with that id.' });
  }
  // Only the documented fields: whatever else the job engine keeps stays there.
  const body: IikoJobStatusBody = {
    jobId: job.jobId,
    accountId: job.accountId,
    status: job.status,
    report: job.report ?? null,
    error: job.error ? { code: job.error.code, message: job.error.message, ...(job.error.status === undefined ? {} : { status: job.error.status }) } : null,
  };
  return jsonResponse(200, body);
}

/** Where a job of the request's account is polled. */
export function jobPath(context: RouteContext, jobId: string): string {
  return `${context.settings.basePath}/accounts/${encodeURIComponent(context.accountId)}/integrations/iiko/jobs/${encodeURIComponent(jobId)}`;
}
