import type { IikoSync } from '@getinn/iiko-sync';
import { afterEach, describe, expect, it } from 'vitest';
import type { IikoHttpJobStatus, IikoHttpJobs, SyncJobRequest } from '../src/index';
import { JobAcceptedSchema, JobStatusSchema } from '../src/schemas';
import { CANARY_PASSWORD, expectBody, expectProblem, startHarness, type Harness } from './helpers';

/** A job engine in memory: jobs wait until the test runs them, so every state can be looked at. */
function createFakeJobs() {
  const jobs = new Map<string, IikoHttpJobStatus & { internal: unknown }>();
  const requests: { accountId: string; request: SyncJobRequest }[] = [];
  let refuseNext: Error | undefined;
  let counter = 0;
  const engine = {
    requests,
    refuseNextWith(error: Error) {
      refuseNext = error;
    },
    async requestSync(accountId: string, request: SyncJobRequest) {
      if (refuseNext) {
        const error = refuseNext;
        refuseNext = undefined;
        throw error;
      }
      requests.push({ accountId, request });
      counter += 1;
      const jobId = `job-${counter}`;
      // `internal` stands for whatever an engine keeps beside the documented fields: it must not be answered.
      jobs.set(jobId, { jobId, accountId, status: 'queued', report: null, error: null, internal: { password: CANARY_PASSWORD } });
      return { jobId };
    },
    async status(jobId: string) {
      return jobs.get(jobId);
    },
    /** Runs a queued job to its end with the real sync. */
    async run(jobId: string, sync: IikoSync) {
      const job = jobs.get(jobId)!;
      const { request } = requests[Number(jobId.slice(4)) - 1]!;
      job.status = 'running';
      const report = await sync.run(job.accountId, request);
      job.report = report;
      job.status = report.status === 'success' ? 'succeeded' : report.status === 'partial' ? 'partial' : 'failed';
    },
  } satisfies IikoHttpJobs & Record<string, unknown>;
  return engine;
}

let harness: Harness | undefined;
let jobs: ReturnType<typeof createFakeJobs>;
async function start(): Promise<Harness> {
  jobs = createFakeJobs();
  harness = await startHarness({ handler: { jobs } });
  return harness;
}
afterEach(async () => {
  harness?.assertNoSecrets();
  await harness?.close();
  harness = undefined;
});

const SYNC = 'acc-1/integrations/iiko/sync';

describe('POST /sync/{entityType} with a job engine', () => {
  it('answers 202 with the job id and where to poll it, and syncs nothing itself', async () => {
    const h = await start();
    await h.addAccount('acc-1');
    const answer = await h.call('POST', `${SYNC}/invoices`, { body: { invoices: { from: '2026-09-01', to: '2026-09-07' } } });
    const accepted = expectBody(answer, JobAcceptedSchema, 202);
    expect(accepted).toEqual({ jobId: 'job-1', statusUrl: '/api/accounts/acc-1/integrations/iiko/jobs/job-1' });
    expect(answer.headers.get('location')).toBe(accepted.statusUrl);
    expect(jobs.requests).toEqual([{ accountId: 'acc-1', request: { entities: ['invoices'], invoices: { from: '2026-09-01', to: '2026-09-07' } } }]);
    expect(h.fake.server.requests).toHaveLength(0);
  });

  it('asks for every entity on `all`', async () => {
    const h = await start();
    await h.addAccount('acc-1');
    expectBody(await h.call('POST', `${SYNC}/all`), JobAcceptedSchema, 202);
    expect(jobs.requests).toEqual([{ accountId: 'acc-1', request: {} }]);
  });

  it('answers 409 when the engine says a sync of the account is already running', async () => {
    const h = await start();
    await h.addAccount('acc-1');
    jobs.refuseNextWith(Object.assign(new Error('already queued'), { code: 'SYNC_IN_PROGRESS' }));
    expectProblem(await h.call('POST', `${SYNC}/all`), 'sync-in-progress', 409);
  });

  it.each([
    ['INTEGRATION_INACTIVE', 'integration-inactive', 409],
    ['INTEGRATION_DISABLED', 'integration-disabled', 503],
    ['NO_SERVER', 'not-connected', 404],
    ['INVALID_OPTIONS', 'invalid-request', 400],
    ['CREDENTIALS_NOT_FOUND', 'not-connected', 404],
  ] as const)("maps the engine's %s to %s (%i)", async (code, type, status) => {
    const h = await start();
    await h.addAccount('acc-1');
    jobs.refuseNextWith(Object.assign(new Error(`refused: ${code}`), { code }));
    expectProblem(await h.call('POST', `${SYNC}/all`), type, status);
  });

  it('answers 404 not-connected before queueing anything for an account without credentials', async () => {
    const h = await start();
    expectProblem(await h.call('POST', `${SYNC}/all`), 'not-connected', 404);
    expect(jobs.requests).toEqual([]);
  });

  it('answers 500 with no detail when the engine fails', async () => {
    const h = await start();
    await h.addAccount('acc-1');
    jobs.refuseNextWith(new Error('queue database unreachable'));
    const problem = expectProblem(await h.call('POST', `${SYNC}/all`), 'internal', 500);
    expect(problem.detail).toBeUndefined();
  });

  it('answers 401 and 403 without queueing', async () => {
    const h = await start();
    await h.addAccount('acc-2');
    expectProblem(await h.call('POST', 'acc-2/integrations/iiko/sync/all', { token: null }), 'unauthenticated', 401);
    expectProblem(await h.call('POST', 'acc-2/integrations/iiko/sync/all'), 'forbidden', 403);
    expect(jobs.requests).toEqual([]);
  });
});

describe('GET /jobs/{jobId}', () => {
  it('follows a job from queued to its report, answering only the documented fields', async () => {
    const h = await start();
    await h.addAccount('acc-1');
    const { jobId } = expectBody(await h.call('POST', `${SYNC}/all`), JobAcceptedSchema, 202);
    const queued = expectBody(await h.call('GET', `acc-1/integrations/iiko/jobs/${jobId}`), JobStatusSchema);
    expect(queued).toEqual({ jobId, accountId: 'acc-1', status: 'queued', report: null, error: null });
    await jobs.run(jobId, h.sync);
    const done = expectBody(await h.call('GET', `acc-1/integrations/iiko/jobs/${jobId}`, { token: 'token-reader' }), JobStatusSchema);
    expect(['succeeded', 'partial']).toContain(done.status);
    expect(done.report?.totals.created).toBeGreaterThan(0);
  });

  it("answers 404 for an unknown job and for another account's job alike", async () => {
    const h = await start();
    await h.addAccount('acc-2');
    const { jobId } = expectBody(await h.call('POST', 'acc-2/integrations/iiko/sync/all', { token: 'token-bob' }), JobAcceptedSchema, 202);
    const unknown = expectProblem(await h.call('GET', 'acc-1/integrations/iiko/jobs/job-999'), 'job-not-found', 404);
    const foreign = expectProblem(await h.call('GET', `acc-1/integrations/iiko/jobs/${jobId}`), 'job-not-found', 404);
    expect({ ...foreign, instance: '' }).toEqual({ ...unknown, instance: '' });
  });

  it('answers 401 and 403 before looking the job up', async () => {
    const h = await start();
    expectProblem(await h.call('GET', 'acc-1/integrations/iiko/jobs/job-1', { token: null }), 'unauthenticated', 401);
    expectProblem(await h.call('GET', 'acc-2/integrations/iiko/jobs/job-1'), 'forbidden', 403);
  });
});

describe('GET /jobs/{jobId} without a job engine', () => {
  it('answers 404: syncs run inline, there are no jobs', async () => {
    harness = await startHarness();
    const problem = expectProblem(await harness.call('GET', 'acc-1/integrations/iiko/jobs/job-1'), 'job-not-found', 404);
    expect(problem.detail).toBe('Syncs run inline here; there are no jobs.');
  });
});
