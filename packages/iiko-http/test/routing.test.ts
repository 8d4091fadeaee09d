import { afterEach, describe, expect, it } from 'vitest';
import { createIikoHttpHandler, type IikoHttpAuthorize } from '../src/index';
import { expectProblem, startHarness, type Harness, type HarnessOptions } from './helpers';

let harness: Harness | undefined;
async function start(options?: HarnessOptions): Promise<Harness> {
  harness = await startHarness(options);
  return harness;
}
afterEach(async () => {
  harness?.assertNoSecrets();
  await harness?.close();
  harness = undefined;
});

describe('routing', () => {
  it.each([
    ['/api/accounts/acc-1/integrations/iiko/unknown'],
    ['/api/accounts/acc-1/integrations/iiko'],
    ['/api/accounts/acc-1/integrations/r_keeper/status'],
    ['/api/accounts//integrations/iiko/status'],
    ['/api/accounts/acc-1/integrations/iiko/sync/'],
    ['/api/accounts/acc-1/integrations/iiko/status/extra'],
    ['/api/accounts/%E0%A4%A/integrations/iiko/status'],
    ['/accounts/acc-1/integrations/iiko/status'],
    ['/apix/accounts/acc-1/integrations/iiko/status'],
  ])('answers 404 not-found for %s, asking nobody', async (path) => {
    const h = await start();
    const problem = expectProblem(await h.call('GET', path), 'not-found', 404);
    expect(problem.instance).toBe(path);
    expect(h.audit).toEqual([]);
  });

  it('answers 405 with Allow for a method a path does not have', async () => {
    const h = await start();
    const put = await h.call('PUT', 'acc-1/integrations/iiko/connect');
    expectProblem(put, 'method-not-allowed', 405);
    expect(put.headers.get('allow')).toBe('POST, DELETE');
    const get = await h.call('GET', 'acc-1/integrations/iiko/sync/all');
    expect(get.headers.get('allow')).toBe('POST');
    expect((await h.call('POST', '/api/openapi.json')).headers.get('allow')).toBe('GET, HEAD');
  });

  it('decodes the account id segment by segment', async () => {
    const seen: string[] = [];
    const h = await start({
      handler: {
        authorize: ({ accountId }) => {
          seen.push(accountId);
          return { status: 403 };
        },
      },
    });
    await h.call('GET', 'chain%2Fnorth%20%D0%91/integrations/iiko/status');
    expect(seen).toEqual(['chain/north Б']);
  });

  it('answers 400 for an account id longer than any real one, after authorize', async () => {
    const long = 'a'.repeat(300);
    const h = await start({ handler: { authorize: () => ({ actor: 'user:admin' }) } });
    const problem = expectProblem(await h.call('GET', `${long}/integrations/iiko/status`), 'invalid-request', 400);
    expect(problem.errors).toEqual([expect.objectContaining({ location: 'path' })]);
  });

  it('serves under an empty basePath too', async () => {
    const h = await start({ handler: { basePath: '' } });
    await h.addAccount('acc-1');
    expect((await h.call('GET', '/accounts/acc-1/integrations/iiko/status', { token: 'token-alice' })).status).toBe(200);
    expectProblem(await h.call('GET', '/api/accounts/acc-1/integrations/iiko/status'), 'not-found', 404);
  });

  it('uses the problemTypeBase given', async () => {
    const h = await start({ handler: { problemTypeBase: 'https://api.example.com/problems/' } });
    const answer = await h.call('GET', 'acc-1/integrations/iiko/status', { token: null });
    expect(answer.body.type).toBe('https://api.example.com/problems/unauthenticated');
  });

  it('refuses a basePath that ends with a slash, and missing collaborators', () => {
    const base = { vault: {} as never, sync: {} as never, authorize: (() => ({ status: 401 })) as IikoHttpAuthorize };
    expect(() => createIikoHttpHandler({ ...base, basePath: '/api/' })).toThrow(/basePath/);
    expect(() => createIikoHttpHandler({ ...base, basePath: 'api' })).toThrow(/basePath/);
    expect(() => createIikoHttpHandler({ ...base, authorize: undefined as never })).toThrow(/authorize/);
    expect(() => createIikoHttpHandler({ ...base, maxBodyBytes: 0 })).toThrow(/maxBodyBytes/);
  });
});

describe('authorize', () => {
  it('is told the account and the action of each route', async () => {
    const seen: string[] = [];
    const h = await start({
      handler: {
        authorize: ({ accountId, action }) => {
          seen.push(`${action} ${accountId}`);
          return { status: 401 };
        },
      },
    });
    await h.call('POST', 'acc-1/integrations/iiko/connect', { body: {} });
    await h.call('DELETE', 'acc-1/integrations/iiko/connect');
    await h.call('GET', 'acc-1/integrations/iiko/status');
    await h.call('POST', 'acc-1/integrations/iiko/sync/stores');
    await h.call('GET', 'acc-1/integrations/iiko/logs');
    await h.call('GET', 'acc-1/integrations/iiko/jobs/j1');
    expect(seen).toEqual(['connect acc-1', 'disconnect acc-1', 'status acc-1', 'sync acc-1', 'logs acc-1', 'job acc-1']);
  });

  it.each([
    ['undefined', undefined],
    ['true', true],
    ['an empty actor', { actor: '' }],
    ['a status that is not 401 or 403', { status: 200 }],
  ])('fails closed (403) when it answers %s', async (_name, answer) => {
    const h = await start({ handler: { authorize: (() => answer) as unknown as IikoHttpAuthorize } });
    await h.addAccount('acc-1');
    expectProblem(await h.call('GET', 'acc-1/integrations/iiko/status'), 'forbidden', 403);
  });

  it('answers 500 with no detail when it throws, and logs why', async () => {
    const h = await start({
      handler: {
        authorize: () => {
          throw new Error('session store unreachable');
        },
      },
    });
    const problem = expectProblem(await h.call('GET', 'acc-1/integrations/iiko/status'), 'internal', 500);
    expect(problem.detail).toBeUndefined();
    expect(h.logLines.some((line) => line.includes('session store unreachable'))).toBe(true);
  });
});
