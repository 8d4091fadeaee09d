import { SYNC_ENTITY_TYPES } from '@getinn/iiko-sync';
import { afterEach, describe, expect, it } from 'vitest';
import { SyncReportSchema } from '../src/schemas';
import { expectBody, expectProblem, requestsTo, startHarness, takeAllLicenceSlots, type Harness, type HarnessOptions } from './helpers';

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

const SYNC = 'acc-1/integrations/iiko/sync';

describe('POST /sync/{entityType} without a job engine (inline)', () => {
  it('runs a full sync for `all` and answers with the report', async () => {
    const h = await start();
    await h.addAccount('acc-1');
    const report = expectBody(await h.call('POST', `${SYNC}/all`), SyncReportSchema);
    expect(report.accountId).toBe('acc-1');
    expect(['success', 'partial']).toContain(report.status);
    expect(report.totals.created).toBeGreaterThan(0);
    expect(report.entities.invoices.status).not.toBe('skipped');
    expect(report.invoiceWindow).toMatchObject({ source: 'initial' });
    expect(h.fake.server.activeSessions()).toBe(0);
    // The pre-check that the account is connected was made, and audited, as the user.
    expect(h.audit.find((event) => event.actor === 'user:alice')).toMatchObject({ action: 'list', outcome: 'ok' });
  });

  it('syncs only the entity asked for', async () => {
    const h = await start();
    await h.addAccount('acc-1');
    const report = expectBody(await h.call('POST', `${SYNC}/suppliers`), SyncReportSchema);
    expect(report.entities.suppliers.status).toBe('success');
    expect(report.entities.restaurants.status).toBe('skipped');
    expect(report.entities.invoices.status).toBe('skipped');
    expect(requestsTo(h, '/resto/api/documents')).toHaveLength(0);
  });

  it('reaches price lists and stock balances by name, which `all` leaves out', async () => {
    const h = await start();
    await h.addAccount('acc-1');
    const regular = expectBody(await h.call('POST', `${SYNC}/all`), SyncReportSchema);
    expect(regular.entities.priceLists).toMatchObject({ status: 'skipped', skippedReason: 'not requested' });
    expect(regular.entities.stockBalances).toMatchObject({ status: 'skipped', skippedReason: 'not requested' });
    expect(h.fake.server.requests.filter((request) => request.path.endsWith('/pricelist'))).toHaveLength(0);

    const prices = expectBody(await h.call('POST', `${SYNC}/priceLists`), SyncReportSchema);
    expect(prices.entities.priceLists.status).toBe('success');
    expect(prices.entities.priceLists.created).toBeGreaterThan(0);
    expect(prices.entities.suppliers.status).toBe('skipped');
    const balances = expectBody(await h.call('POST', `${SYNC}/stockBalances`), SyncReportSchema);
    expect(balances.entities.stockBalances.status).toBe('success');
    expect(balances.entities.stockBalances.created).toBeGreaterThan(0);
    expect(h.fake.server.activeSessions()).toBe(0);
  });

  it('reads an explicit invoice window', async () => {
    const h = await start();
    await h.addAccount('acc-1');
    const report = expectBody(await h.call('POST', `${SYNC}/invoices`, { body: { invoices: { from: '2026-09-01', to: '2026-09-30' } } }), SyncReportSchema);
    expect(report.invoiceWindow).toEqual({ from: '2026-09-01', to: '2026-09-30', source: 'explicit' });
    const exports = requestsTo(h, '/resto/api/documents/export/incomingInvoice');
    expect(exports.length).toBeGreaterThan(0);
    expect(exports.every((request) => String(request.query.from) >= '2026-09-01' && String(request.query.to) <= '2026-09-30')).toBe(true);
  });

  it('answers 400 for an unknown entity, naming the path parameter', async () => {
    const h = await start();
    await h.addAccount('acc-1');
    const problem = expectProblem(await h.call('POST', `${SYNC}/menus`), 'invalid-request', 400);
    expect(problem.errors).toEqual([expect.objectContaining({ location: 'path', pointer: '' })]);
    expect(problem.detail).toContain([...SYNC_ENTITY_TYPES, 'all'].map((entity) => `"${entity}"`).join('|'));
    expect(h.fake.server.requests).toHaveLength(0);
  });

  it.each([
    ['a window for an entity other than invoices', 'suppliers', { invoices: { from: '2026-09-01', to: '2026-09-30' } }, '/invoices'],
    ['a window that ends before it starts', 'invoices', { invoices: { from: '2026-09-30', to: '2026-09-01' } }, '/invoices/to'],
    ['a date that is not a calendar day', 'invoices', { invoices: { from: '2026-02-30', to: '2026-03-01' } }, '/invoices/from'],
    ['an unknown field', 'all', { entities: ['suppliers'] }, ''],
  ])('answers 400 for %s', async (_name, target, body, pointer) => {
    const h = await start();
    await h.addAccount('acc-1');
    const problem = expectProblem(await h.call('POST', `${SYNC}/${target}`, { body }), 'invalid-request', 400);
    expect(problem.errors?.map((error) => error.pointer)).toContain(pointer);
    expect(h.fake.server.requests).toHaveLength(0);
  });

  it('answers 400 invalid-json for a body that is not JSON', async () => {
    const h = await start();
    await h.addAccount('acc-1');
    expectProblem(await h.call('POST', `${SYNC}/all`, { body: '{"invoices": {' }), 'invalid-json', 400);
    expect(h.fake.server.requests).toHaveLength(0);
  });

  it('answers 404 not-connected for an account without credentials', async () => {
    const h = await start();
    expectProblem(await h.call('POST', `${SYNC}/all`), 'not-connected', 404);
  });

  it('answers 401 and 403 (another account, a read-only user) without syncing', async () => {
    const h = await start();
    await h.addAccount('acc-1');
    await h.addAccount('acc-2');
    expectProblem(await h.call('POST', `${SYNC}/all`, { token: null }), 'unauthenticated', 401);
    expectProblem(await h.call('POST', 'acc-2/integrations/iiko/sync/all'), 'forbidden', 403);
    expectProblem(await h.call('POST', `${SYNC}/all`, { token: 'token-reader' }), 'forbidden', 403);
    expectProblem(await h.call('POST', `${SYNC}/not-an-entity`, { token: null }), 'unauthenticated', 401);
    expect(h.fake.server.requests).toHaveLength(0);
    expect(await h.store.listLogs('acc-2', { limit: 10 })).toEqual([]);
  });

  it('answers 409 sync-in-progress while a sync of the account runs, and the first one completes', async () => {
    const h = await start();
    await h.addAccount('acc-1');
    // The first run waits in iiko's corporate tree read until the test has seen the second one refused.
    h.fake.server.injectFault({ kind: 'delay', ms: 1_500, path: '/resto/api/corporation/departments' });
    const first = h.call('POST', `${SYNC}/restaurants`);
    await expect.poll(() => requestsTo(h, '/resto/api/corporation/departments').some((request) => request.status === 0), { timeout: 10_000 }).toBe(true);
    const second = expectProblem(await h.call('POST', `${SYNC}/all`), 'sync-in-progress', 409);
    expect(second.detail).toMatch(/already running/);
    expect(expectBody(await first, SyncReportSchema).entities.restaurants.status).toBe('success');
  });

  it("answers 200 with a failed report when iikoServer is down: the run's outcome is data", async () => {
    const h = await start();
    await h.addAccount('acc-1');
    await h.fake.close();
    const report = expectBody(await h.call('POST', `${SYNC}/all`), SyncReportSchema);
    expect(report.status).toBe('failed');
    expect(report.error).toMatchObject({ code: 'NETWORK_ERROR' });
  });

  it('answers 200 with a failed report when no licence slot is free', async () => {
    const h = await start({ licenceSlots: 1 });
    await h.addAccount('acc-1');
    const free = await takeAllLicenceSlots(h, 1);
    const report = expectBody(await h.call('POST', `${SYNC}/all`), SyncReportSchema);
    expect(report.status).toBe('failed');
    expect(report.error).toMatchObject({ code: 'LICENSE_UNAVAILABLE' });
    expect(report.error?.message).toMatch(/licence slot/);
    await free();
  });

  it('answers 409 integration-inactive for an account whose integration is switched off', async () => {
    const h = await start();
    await h.addAccount('acc-1');
    await h.vault.put('acc-1', 'iiko', { login: h.fake.server.login, password: 'canary-inactive-Pw-1' }, { isActive: false });
    expectProblem(await h.call('POST', `${SYNC}/all`), 'integration-inactive', 409);
    expect(h.fake.server.requests).toHaveLength(0);
    h.assertNoSecrets(['canary-inactive-Pw-1']);
  });

  it('answers 503 integration-disabled when the sync is switched off, for sync and connect alike', async () => {
    const h = await start({ sync: { enabled: false } });
    await h.addAccount('acc-1');
    expectProblem(await h.call('POST', `${SYNC}/all`), 'integration-disabled', 503);
    const body = { login: h.fake.server.login, password: 'canary-disabled-Pw-2', baseUrl: h.fake.url };
    expectProblem(await h.call('POST', 'acc-1/integrations/iiko/connect', { body }), 'integration-disabled', 503);
    expect(h.fake.server.requests).toHaveLength(0);
    h.assertNoSecrets(['canary-disabled-Pw-2']);
  });

  it("stops inline runs when the host's signal aborts", async () => {
    const shutdown = new AbortController();
    const h = await start({ handler: { signal: shutdown.signal } });
    await h.addAccount('acc-1');
    h.fake.server.injectFault({ kind: 'delay', ms: 5_000, path: '/resto/api/corporation/departments' });
    const answer = h.call('POST', `${SYNC}/all`);
    await expect.poll(() => requestsTo(h, '/resto/api/corporation/departments').some((request) => request.status === 0), { timeout: 10_000 }).toBe(true);
    shutdown.abort();
    const report = expectBody(await answer, SyncReportSchema);
    expect(report.status).toBe('aborted');
  });
});
