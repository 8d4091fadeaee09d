import { DEFAULT_SYNC_ENTITIES, SYNC_ENTITY_TYPES } from '@getinn/iiko-sync';
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectionStatusSchema, LogsPageSchema } from '../src/schemas';
import { CANARY_PASSWORD, expectBody, expectProblem, startHarness, type Harness, type HarnessOptions } from './helpers';

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

const STATUS = 'acc-1/integrations/iiko/status';
const LOGS = 'acc-1/integrations/iiko/logs';

describe('GET /status', () => {
  it('answers configured: false for an account never connected', async () => {
    const h = await start();
    const status = expectBody(await h.call('GET', STATUS), ConnectionStatusSchema);
    expect(status).toEqual({
      accountId: 'acc-1',
      integrationType: 'iiko',
      configured: false,
      connected: false,
      connectionStatus: null,
      lastConnectedAt: null,
      connectionError: null,
      baseUrl: null,
      isActive: null,
      updatedAt: null,
      lastSync: Object.fromEntries(SYNC_ENTITY_TYPES.map((entity) => [entity, null])),
    });
  });

  it('shows the stored connection and the latest sync of each entity, without contacting iiko', async () => {
    const h = await start();
    expect((await h.call('POST', 'acc-1/integrations/iiko/connect', { body: { login: h.fake.server.login, password: CANARY_PASSWORD, baseUrl: h.fake.url } })).status).toBe(200);
    await h.call('POST', 'acc-1/integrations/iiko/sync/all');
    const before = h.fake.server.requests.length;
    const status = expectBody(await h.call('GET', STATUS), ConnectionStatusSchema);
    expect(h.fake.server.requests.length).toBe(before);
    expect(status).toMatchObject({ configured: true, connected: true, connectionStatus: 'connected', baseUrl: h.fake.url, lastConnectedAt: '2026-10-01T12:00:00.000Z' });
    for (const entity of DEFAULT_SYNC_ENTITIES) {
      expect(status.lastSync[entity]).toMatchObject({ entityType: entity, accountId: 'acc-1' });
      expect(status.lastSync[entity]).not.toHaveProperty('issues');
    }
    // Off by default, never synced: listed, with no sync yet.
    expect(status.lastSync.priceLists).toBeNull();
    expect(status.lastSync.stockBalances).toBeNull();
    expect(h.audit.at(-1)).toMatchObject({ action: 'list', actor: 'user:alice', outcome: 'ok' });
  });

  it('shows the last failure the vault recorded', async () => {
    const h = await start();
    await h.addAccount('acc-1');
    await h.vault.recordConnection('acc-1', 'iiko', { connected: false, error: 'wrong login or password' });
    const status = expectBody(await h.call('GET', STATUS, { token: 'token-reader' }), ConnectionStatusSchema);
    expect(status).toMatchObject({ configured: true, connected: false, connectionStatus: 'error', connectionError: 'wrong login or password' });
  });

  it("answers 401 and 403 for another account's status, reading nothing", async () => {
    const h = await start();
    await h.addAccount('acc-2');
    expectProblem(await h.call('GET', STATUS, { token: null }), 'unauthenticated', 401);
    expectProblem(await h.call('GET', STATUS, { token: 'token-nobody' }), 'unauthenticated', 401);
    const problem = expectProblem(await h.call('GET', 'acc-2/integrations/iiko/status'), 'forbidden', 403);
    expect(problem.detail).toBe('You may not read the iiko status of this account.');
    expect(h.audit.filter((event) => event.actor !== 'test-setup')).toEqual([]);
  });

  it('answers 500 with no detail when the credential store fails, and logs the error without secrets', async () => {
    const h = await start({
      wrapCredentialStore: (store) => ({
        ...store,
        list: async () => {
          throw new Error('connection to the credential database lost');
        },
      }),
    });
    const problem = expectProblem(await h.call('GET', STATUS), 'internal', 500);
    expect(problem.detail).toBeUndefined();
    expect(problem).not.toHaveProperty('errors');
    expect(h.logLines.some((line) => line.includes('connection to the credential database lost') && line.includes('iiko-http: unexpected error'))).toBe(true);
  });
});

describe('GET /logs', () => {
  async function synced(): Promise<Harness> {
    const h = await start();
    await h.addAccount('acc-1');
    await h.call('POST', 'acc-1/integrations/iiko/sync/all');
    await h.call('POST', 'acc-1/integrations/iiko/sync/suppliers');
    return h;
  }

  it('answers the latest entries, newest first', async () => {
    const h = await synced();
    const page = expectBody(await h.call('GET', LOGS), LogsPageSchema);
    expect(page.entries.map((entry) => entry.entityType)).toEqual(['suppliers', ...[...DEFAULT_SYNC_ENTITIES].reverse()]);
  });

  it('honours limit and entityType', async () => {
    const h = await synced();
    expect(expectBody(await h.call('GET', `${LOGS}?limit=2`), LogsPageSchema).entries).toHaveLength(2);
    const suppliers = expectBody(await h.call('GET', `${LOGS}?entityType=suppliers&limit=10`, { token: 'token-reader' }), LogsPageSchema).entries;
    expect(suppliers.map((entry) => entry.entityType)).toEqual(['suppliers', 'suppliers']);
  });

  it.each([
    ['limit=0', '/limit'],
    ['limit=201', '/limit'],
    ['limit=ten', '/limit'],
    ['limit=1.5', '/limit'],
    ['entityType=menus', '/entityType'],
  ])('answers 400 for %s, naming the query parameter', async (query, pointer) => {
    const h = await start();
    const problem = expectProblem(await h.call('GET', `${LOGS}?${query}`), 'invalid-request', 400);
    expect(problem.errors).toEqual([expect.objectContaining({ location: 'query', pointer })]);
  });

  it("answers 401 and 403 for another account's log", async () => {
    const h = await start();
    expectProblem(await h.call('GET', LOGS, { token: null }), 'unauthenticated', 401);
    expectProblem(await h.call('GET', 'acc-2/integrations/iiko/logs', { token: 'token-reader' }), 'forbidden', 403);
  });
});
