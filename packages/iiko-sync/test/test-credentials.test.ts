import { afterEach, describe, expect, it } from 'vitest';
import { IikoClient } from '@getinn/iiko-client';
import { FAST_CLIENT, TODAY, requestsTo, startHarness, type Harness } from './helpers';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('testCredentials (a login not stored yet)', () => {
  it('logs in, reads the corporate tree, logs out, and records nothing anywhere', async () => {
    const h = (harness = await startHarness());
    const result = await h.sync.testCredentials({ credentials: { login: h.fake.server.login, password: h.fake.server.password }, baseUrl: h.fake.url });
    expect(result).toEqual({
      isConnected: true,
      connectionError: null,
      connectionErrorCode: null,
      testedAt: `${TODAY}T12:00:00.000Z`,
      serverVersion: '9.1.8024.0',
    });
    expect(requestsTo(h, '/resto/api/auth')).toHaveLength(1);
    expect(requestsTo(h, '/resto/api/logout')).toHaveLength(1);
    expect(h.fake.server.activeSessions()).toBe(0);
    expect(await h.vault.list('acc-1')).toEqual([]);
  });

  it('says "wrong login or password" without repeating the password', async () => {
    const h = (harness = await startHarness());
    const password = 'canary-Pa55word-9c1e';
    const result = await h.sync.testCredentials({ credentials: { login: h.fake.server.login, password }, baseUrl: h.fake.url });
    expect(result).toMatchObject({ isConnected: false, connectionErrorCode: 'AUTH_FAILED' });
    expect(result.connectionError).toMatch(/wrong login or password/);
    expect(JSON.stringify(result)).not.toContain(password);
    expect(h.logLines.join('\n')).not.toContain(password);
  });

  it('refuses a wrong password even while another client holds a live session of the same login', async () => {
    const h = (harness = await startHarness());
    // Sessions are shared per (server, login): a check that joined this one would never show the password.
    const holder = new IikoClient({ ...FAST_CLIENT, baseUrl: h.fake.url, login: h.fake.server.login, password: h.fake.server.password });
    await holder.departments();
    try {
      const wrong = 'canary-not-the-Pw-81c2';
      const result = await h.sync.testCredentials({ credentials: { login: h.fake.server.login, password: wrong }, baseUrl: h.fake.url });
      expect(result).toMatchObject({ isConnected: false, connectionErrorCode: 'AUTH_FAILED' });
      const right = await h.sync.testCredentials({ credentials: { login: h.fake.server.login, password: h.fake.server.password }, baseUrl: h.fake.url });
      expect(right.isConnected).toBe(true);
    } finally {
      await holder.close();
    }
    expect(h.fake.server.activeSessions()).toBe(0);
  });

  it('says when no licence slot is free, and when nothing listens at the address', async () => {
    const h = (harness = await startHarness({ licenceSlots: 0 }));
    const credentials = { login: h.fake.server.login, password: h.fake.server.password };
    expect(await h.sync.testCredentials({ credentials, baseUrl: h.fake.url })).toMatchObject({ isConnected: false, connectionErrorCode: 'LICENSE_UNAVAILABLE' });
    const down = h.fake.url;
    await h.fake.close();
    const result = await h.createSync({ clientOptions: { retry: { retries: 0 } } }).testCredentials({ credentials, baseUrl: down });
    expect(result).toMatchObject({ isConnected: false, connectionErrorCode: 'NETWORK_ERROR' });
  });

  it('fails with INVALID_CONFIGURATION when no server address is given', async () => {
    const h = (harness = await startHarness());
    const result = await h.sync.testCredentials({ credentials: { login: 'x', password: 'y-long' }, baseUrl: null });
    expect(result).toMatchObject({ isConnected: false, connectionErrorCode: 'INVALID_CONFIGURATION' });
    expect(h.fake.server.requests).toHaveLength(0);
  });
});

describe('listLogs', () => {
  it("returns the store's latest entries, newest first, filtered by entity type", async () => {
    const h = (harness = await startHarness());
    await h.addAccount('acc-1');
    await h.sync.run('acc-1', { entities: ['restaurants', 'suppliers'] });
    expect((await h.sync.listLogs('acc-1', { limit: 10 })).map((entry) => entry.entityType)).toEqual(['suppliers', 'restaurants']);
    expect((await h.sync.listLogs('acc-1', { limit: 10, entityType: 'restaurants' })).map((entry) => entry.entityType)).toEqual(['restaurants']);
  });
});
