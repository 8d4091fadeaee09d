/**
 * The handler wired to the real job engine, `@getinn/iiko-jobs` (graphile-worker on PostgreSQL): a
 * `POST /sync` queues a job, a worker in this process runs it against the fake iikoServer, and
 * `GET /jobs/{jobId}` follows it to its report. The engine fits `IikoHttpJobs` as it is.
 */
import { accountsFromCredentialStore, createIikoJobs, type IikoJobs, type IikoJobsWorker } from '@getinn/iiko-jobs';
import { afterAll, expect, it } from 'vitest';
import { testDatabase } from '../../../test-support/postgres';
import type { z } from 'zod';
import type { IikoHttpJobs } from '../src/index';
import { JobAcceptedSchema, JobStatusSchema } from '../src/schemas';
import { expectBody, expectProblem, startHarness, type Harness } from './helpers';

const db = await testDatabase('iiko_http_jobs');
// graphile-worker asks for error handlers on the pool and its clients (a host logs them).
db.pool.on('error', () => {});
db.pool.on('connect', (client) => client.on('error', () => {}));

let engine: IikoJobs | undefined;
let worker: IikoJobsWorker | undefined;
let harness: Harness | undefined;
afterAll(async () => {
  await worker?.stop();
  await engine?.close();
  await harness?.close();
  await db.pool.query(`drop schema if exists "${db.schema}_worker" cascade`);
  await db.dispose();
});

it('queues a sync with the real job engine and follows the job to its report', async () => {
  const h = (harness = await startHarness({
    jobs: ({ sync, credentialStore }) => {
      engine = createIikoJobs({ pool: db.pool, schema: db.schema, sync, accounts: accountsFromCredentialStore(credentialStore) });
      return engine satisfies IikoHttpJobs;
    },
  }));
  await h.addAccount('acc-1');
  const answer = await h.call('POST', 'acc-1/integrations/iiko/sync/suppliers');
  const { jobId, statusUrl } = expectBody(answer, JobAcceptedSchema, 202);
  expect(answer.headers.get('location')).toBe(statusUrl);
  expect(expectBody(await h.call('GET', `acc-1/integrations/iiko/jobs/${jobId}`), JobStatusSchema).status).toBe('queued');
  // Nothing ran yet: the web process only queues.
  expect(h.fake.server.requests).toHaveLength(0);

  worker = await engine!.runWorker({ tickIntervalMs: 0, pollIntervalMs: 50 });
  let job: z.infer<typeof JobStatusSchema> | undefined;
  const poll = async () => (job = expectBody(await h.call('GET', `acc-1/integrations/iiko/jobs/${jobId}`, { token: 'token-reader' }), JobStatusSchema)).status;
  await expect.poll(poll, { timeout: 20_000, interval: 100 }).toMatch(/^(succeeded|partial|failed)$/);
  expect(job).toMatchObject({ jobId, accountId: 'acc-1', status: 'succeeded', error: null });
  expect(job!.report?.entities.suppliers).toMatchObject({ status: 'success', created: expect.any(Number) });
  expect(job!.report!.entities.suppliers.created).toBeGreaterThan(0);
  expect(h.fake.server.activeSessions()).toBe(0);

  // Another account's user sees no trace of the job; an account without credentials is refused before queueing.
  expectProblem(await h.call('GET', `acc-2/integrations/iiko/jobs/${jobId}`, { token: 'token-bob' }), 'job-not-found', 404);
  expectProblem(await h.call('POST', 'acc-2/integrations/iiko/sync/all', { token: 'token-bob' }), 'not-connected', 404);
  h.assertNoSecrets();
});
