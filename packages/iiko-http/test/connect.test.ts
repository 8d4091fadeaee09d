import { SYNC_ENTITY_TYPES } from '@getinn/iiko-sync';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionStatusSchema } from '../src/schemas';
import { CANARY_PASSWORD, expectBody, expectProblem, requestsTo, startHarness, takeAllLicenceSlots, type Harness, type HarnessOptions } from './helpers';

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

const CONNECT = 'acc-1/integrations/iiko/connect';

describe('POST /connect', () => {
  it('tests the login against iikoServer, then seals and stores it, audited as the user', async () => {
    const h = await start();
    const answer = await h.call('POST', CONNECT, { body: { login: h.fake.server.login, password: CANARY_PASSWORD, baseUrl: h.fake.url } });
    const status = expectBody(answer, ConnectionStatusSchema);
    expect(status).toMatchObject({
      accountId: 'acc-1',
      configured: true,
      connected: true,
      connectionStatus: 'connected',
      lastConnectedAt: '2026-10-01T12:00:00.000Z',
      connectionError: null,
      baseUrl: h.fake.url,
      isActive: true,
      serverVersion: '9.1.8024.0',
      lastSync: Object.fromEntries(SYNC_ENTITY_TYPES.map((entity) => [entity, null])),
    });
    // The test logged in, read and logged out: no licence slot is left taken.
    expect(requestsTo(h, '/resto/api/auth')).toHaveLength(1);
    expect(requestsTo(h, '/resto/api/logout')).toHaveLength(1);
    expect(h.fake.server.activeSessions()).toBe(0);
    // Stored sealed: the row holds an envelope, and the vault opens it to the login.
    const row = await h.credentialStore.get('acc-1', 'iiko');
    expect(JSON.stringify(row)).not.toContain(CANARY_PASSWORD);
    expect((await h.vault.get('acc-1', 'iiko'))?.credentials).toEqual({ login: h.fake.server.login, password: CANARY_PASSWORD });
    expect(h.audit.filter((event) => event.actor === 'user:alice').map((event) => [event.action, event.outcome])).toEqual([
      ['put', 'ok'],
      ['status', 'ok'],
    ]);
  });

  it('keeps the stored server when a later connect gives none', async () => {
    const h = await start();
    await h.addAccount('acc-1');
    const answer = await h.call('POST', CONNECT, { body: { login: h.fake.server.login, password: CANARY_PASSWORD } });
    expect(expectBody(answer, ConnectionStatusSchema)).toMatchObject({ connected: true, baseUrl: h.fake.url });
  });

  it('answers 422 for a wrong password, with iiko\'s secret-free reason, and stores nothing', async () => {
    const h = await start();
    const wrong = 'canary-wrong-Pw-83f1';
    const answer = await h.call('POST', CONNECT, { body: { login: h.fake.server.login, password: wrong, baseUrl: h.fake.url } });
    const problem = expectProblem(answer, 'connection-failed', 422);
    expect(problem.reason).toBe('AUTH_FAILED');
    expect(problem.detail).toMatch(/wrong login or password/);
    expect(await h.credentialStore.get('acc-1', 'iiko')).toBeUndefined();
    expect(h.audit.filter((event) => event.action === 'put')).toEqual([]);
    expect(h.fake.server.activeSessions()).toBe(0);
    h.assertNoSecrets([wrong]);
  });

  it('leaves working credentials untouched when a new password is wrong', async () => {
    const h = await start();
    await h.addAccount('acc-1');
    const before = await h.credentialStore.get('acc-1', 'iiko');
    const answer = await h.call('POST', CONNECT, { body: { login: h.fake.server.login, password: 'canary-typo-Pw-1234' } });
    expectProblem(answer, 'connection-failed', 422);
    expect(await h.credentialStore.get('acc-1', 'iiko')).toEqual(before);
    h.assertNoSecrets(['canary-typo-Pw-1234']);
  });

  it('refuses a wrong password even while a sync of the same login holds a live iiko session', async () => {
    const h = await start();
    await h.addAccount('acc-1');
    const before = await h.credentialStore.get('acc-1', 'iiko');
    h.fake.server.injectFault({ kind: 'delay', ms: 1_000, path: '/resto/api/corporation/departments' });
    const running = h.call('POST', 'acc-1/integrations/iiko/sync/restaurants');
    await expect.poll(() => requestsTo(h, '/resto/api/corporation/departments').some((request) => request.status === 0), { timeout: 10_000 }).toBe(true);
    const wrong = 'canary-while-syncing-Pw-77';
    const problem = expectProblem(await h.call('POST', CONNECT, { body: { login: h.fake.server.login, password: wrong } }), 'connection-failed', 422);
    expect(problem.reason).toBe('AUTH_FAILED');
    expect(await h.credentialStore.get('acc-1', 'iiko')).toEqual(before);
    expect((await running).status).toBe(200);
    h.assertNoSecrets([wrong]);
  });

  it('answers 422 NETWORK_ERROR when iikoServer is down, and stores nothing', async () => {
    const h = await start();
    const down = h.fake.url;
    await h.fake.close();
    const problem = expectProblem(await h.call('POST', CONNECT, { body: { login: 'demo', password: CANARY_PASSWORD, baseUrl: down } }), 'connection-failed', 422);
    expect(problem.reason).toBe('NETWORK_ERROR');
    expect(problem.detail).toMatch(/Nothing listens at that address/);
    expect(await h.credentialStore.get('acc-1', 'iiko')).toBeUndefined();
  });

  it('answers 422 LICENSE_UNAVAILABLE when every licence slot is taken, and stores nothing', async () => {
    const h = await start({ licenceSlots: 1 });
    const free = await takeAllLicenceSlots(h, 1);
    const problem = expectProblem(
      await h.call('POST', CONNECT, { body: { login: h.fake.server.login, password: CANARY_PASSWORD, baseUrl: h.fake.url } }),
      'connection-failed',
      422,
    );
    expect(problem.reason).toBe('LICENSE_UNAVAILABLE');
    expect(problem.detail).toMatch(/licence slot/);
    expect(await h.credentialStore.get('acc-1', 'iiko')).toBeUndefined();
    await free();
  });

  it('answers 422 HTML_RESPONSE when a proxy page answers instead of iikoServer', async () => {
    const h = await start();
    h.fake.server.injectFault({ kind: 'html', times: 10 });
    const problem = expectProblem(
      await h.call('POST', CONNECT, { body: { login: h.fake.server.login, password: CANARY_PASSWORD, baseUrl: h.fake.url } }),
      'connection-failed',
      422,
    );
    expect(problem.reason).toBe('HTML_RESPONSE');
  });

  it('answers 400 invalid-json for a body that is not JSON, without repeating it', async () => {
    const h = await start();
    const answer = await h.call('POST', CONNECT, { body: `login=demo&password=${CANARY_PASSWORD}` });
    const problem = expectProblem(answer, 'invalid-json', 400);
    expect(problem.detail).toBe('The body could not be parsed as JSON.');
    expect(h.fake.server.requests).toHaveLength(0);
  });

  it.each([
    ['no password', { login: 'demo' }, '/password'],
    ['an empty login', { login: '', password: CANARY_PASSWORD }, '/login'],
    ['a password that is not a string', { login: 'demo', password: 12345 }, '/password'],
    ['an unknown field', { login: 'demo', password: CANARY_PASSWORD, passwrd: CANARY_PASSWORD }, ''],
    ['a password pasted as a field name', { login: 'demo', [CANARY_PASSWORD]: '' }, ''],
    ['a server address that is not a URL', { login: 'demo', password: CANARY_PASSWORD, baseUrl: 'chain.iiko.it' }, '/baseUrl'],
    ['an ftp: address', { login: 'demo', password: CANARY_PASSWORD, baseUrl: 'ftp://chain.iiko.it' }, '/baseUrl'],
    ['a password inside the address', { login: 'demo', password: CANARY_PASSWORD, baseUrl: `https://demo:${CANARY_PASSWORD}@chain.iiko.it` }, '/baseUrl'],
    ['a query in the address', { login: 'demo', password: CANARY_PASSWORD, baseUrl: `https://chain.iiko.it/resto?pass=${CANARY_PASSWORD}` }, '/baseUrl'],
    ['a password longer than any iiko password', { login: 'demo', password: `${CANARY_PASSWORD}${'x'.repeat(300)}` }, '/password'],
    ['an array', [CANARY_PASSWORD], ''],
  ])('answers 400 invalid-request for %s, naming the field and never its value', async (_name, body, pointer) => {
    const h = await start();
    const problem = expectProblem(await h.call('POST', CONNECT, { body }), 'invalid-request', 400);
    expect(problem.errors?.map((error) => error.pointer)).toContain(pointer);
    expect(problem.errors?.every((error) => error.location === 'body')).toBe(true);
    expect(h.fake.server.requests).toHaveLength(0);
    expect(await h.credentialStore.get('acc-1', 'iiko')).toBeUndefined();
  });

  it('answers 400 when the first connection of an account names no server', async () => {
    const h = await start();
    const problem = expectProblem(await h.call('POST', CONNECT, { body: { login: 'demo', password: CANARY_PASSWORD } }), 'invalid-request', 400);
    expect(problem.errors).toEqual([{ location: 'body', pointer: '/baseUrl', message: 'required when the account has no iiko server stored yet' }]);
  });

  it('answers 415 for a body that is not application/json, and 413 for one over the limit', async () => {
    const h = await start({ handler: { maxBodyBytes: 256 } });
    const body = JSON.stringify({ login: 'demo', password: CANARY_PASSWORD, baseUrl: h.fake.url });
    expectProblem(await h.call('POST', CONNECT, { body, headers: { 'content-type': 'text/plain' } }), 'unsupported-media-type', 415);
    expectProblem(await h.call('POST', CONNECT, { body: { login: 'demo', password: 'x'.repeat(300) } }), 'payload-too-large', 413);
    expect(h.fake.server.requests).toHaveLength(0);
  });

  it('answers 401 without a user and 403 for another account — before reading the body or touching anything', async () => {
    const h = await start();
    const body = { login: 'demo', password: CANARY_PASSWORD, baseUrl: h.fake.url };
    const anonymous = await h.call('POST', CONNECT, { body, token: null });
    expectProblem(anonymous, 'unauthenticated', 401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    expectProblem(await h.call('POST', CONNECT, { body: 'not even JSON', token: null }), 'unauthenticated', 401);
    expectProblem(await h.call('POST', 'acc-2/integrations/iiko/connect', { body }), 'forbidden', 403);
    const readOnly = expectProblem(await h.call('POST', CONNECT, { body, token: 'token-reader' }), 'forbidden', 403);
    expect(readOnly.detail).toBe('Read-only users may not change the integration.');
    expect(h.fake.server.requests).toHaveLength(0);
    expect(h.audit).toEqual([]);
  });

  it("refuses a server address the host's allowBaseUrl rejects, without contacting it", async () => {
    const h = await start({ handler: { allowBaseUrl: (url) => url.hostname.endsWith('.iiko.it') } });
    const problem = expectProblem(
      await h.call('POST', CONNECT, { body: { login: 'demo', password: CANARY_PASSWORD, baseUrl: h.fake.url } }),
      'base-url-refused',
      422,
    );
    expect(problem.detail).toBe('This service does not connect to that server address.');
    expect(h.fake.server.requests).toHaveLength(0);
  });
});

describe('DELETE /connect', () => {
  it('removes the credentials, audited as the user; the status then says not configured', async () => {
    const h = await start();
    await h.addAccount('acc-1');
    const answer = await h.call('DELETE', CONNECT);
    expect(answer.status).toBe(204);
    expect(answer.text).toBe('');
    expect(await h.credentialStore.get('acc-1', 'iiko')).toBeUndefined();
    expect(h.audit.at(-1)).toMatchObject({ action: 'delete', actor: 'user:alice', accountId: 'acc-1', outcome: 'ok' });
    const status = expectBody(await h.call('GET', 'acc-1/integrations/iiko/status'), ConnectionStatusSchema);
    expect(status).toMatchObject({ configured: false, connected: false, baseUrl: null });
    expect(h.fake.server.activeSessions()).toBe(0);
  });

  it('answers 404 not-connected when there is nothing to remove', async () => {
    const h = await start();
    expectProblem(await h.call('DELETE', CONNECT), 'not-connected', 404);
  });

  it("answers 401 and 403 (another account, a read-only user) and removes nothing", async () => {
    const h = await start();
    await h.addAccount('acc-1');
    await h.addAccount('acc-2');
    expectProblem(await h.call('DELETE', CONNECT, { token: null }), 'unauthenticated', 401);
    expectProblem(await h.call('DELETE', 'acc-2/integrations/iiko/connect'), 'forbidden', 403);
    expectProblem(await h.call('DELETE', CONNECT, { token: 'token-reader' }), 'forbidden', 403);
    expect(await h.credentialStore.get('acc-1', 'iiko')).toBeDefined();
    expect(await h.credentialStore.get('acc-2', 'iiko')).toBeDefined();
  });
});
