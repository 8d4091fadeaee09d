import { afterEach, describe, expect, it } from 'vitest';
import { CredentialsNotFoundError } from '../src/index';
import { TODAY, requestsTo, startHarness, type Harness } from './helpers';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function statusRow(h: Harness, accountId = 'acc-1') {
  const [row] = await h.vault.list(accountId);
  return row!;
}

describe('testConnection', () => {
  it('logs in, reads the corporate tree, logs out, and records "connected" in the vault', async () => {
    const h = (harness = await startHarness());
    await h.addAccount('acc-1');
    const result = await h.sync.testConnection('acc-1');
    expect(result).toEqual({
      accountId: 'acc-1',
      integrationType: 'iiko',
      isConnected: true,
      lastConnectedAt: `${TODAY}T12:00:00.000Z`,
      connectionError: null,
      connectionErrorCode: null,
      serverVersion: '9.1.8024.0',
    });
    expect(requestsTo(h, '/resto/api/auth')).toHaveLength(1);
    expect(requestsTo(h, '/resto/api/corporation/departments')).toHaveLength(1);
    expect(requestsTo(h, '/resto/api/logout')).toHaveLength(1);
    expect(h.fake.server.activeSessions()).toBe(0);
    expect(await statusRow(h)).toMatchObject({ connectionStatus: 'connected', connectionError: null, lastConnectedAt: new Date(`${TODAY}T12:00:00Z`) });
  });

  it('says "wrong login or password" and keeps the last successful connection time', async () => {
    const h = (harness = await startHarness());
    await h.addAccount('acc-1');
    await h.sync.testConnection('acc-1');
    await h.addAccount('acc-1', { password: 'not-the-password' });
    const later = h.createSync({ clock: { now: () => Date.parse('2026-10-02T09:00:00Z') } });
    const result = await later.testConnection('acc-1');
    expect(result).toMatchObject({ isConnected: false, connectionErrorCode: 'AUTH_FAILED', lastConnectedAt: `${TODAY}T12:00:00.000Z` });
    expect(result.connectionError).toMatch(/wrong login or password/);
    expect(await statusRow(h)).toMatchObject({ connectionStatus: 'error', connectionError: result.connectionError });
    expect(h.fake.server.activeSessions()).toBe(0);
  });

  it('says when no licence slot is free', async () => {
    const h = (harness = await startHarness({ licenceSlots: 0 }));
    await h.addAccount('acc-1');
    const result = await h.sync.testConnection('acc-1');
    expect(result).toMatchObject({ isConnected: false, connectionErrorCode: 'LICENSE_UNAVAILABLE', serverVersion: '9.1.8024.0' });
    expect(result.connectionError).toMatch(/no free licence slot.*close other integrations' sessions/);
    expect(await statusRow(h)).toMatchObject({ connectionStatus: 'error' });
  });

  it('says when an HTML page answers instead of iikoServer (a proxy, a parking page)', async () => {
    const h = (harness = await startHarness());
    await h.addAccount('acc-1');
    h.fake.server.injectFault({ kind: 'html', times: 20 });
    const result = await h.sync.testConnection('acc-1');
    expect(result).toMatchObject({ isConnected: false, connectionErrorCode: 'HTML_RESPONSE' });
    expect(result.connectionError).toMatch(/HTML page.*check the server address/i);
    expect(requestsTo(h, '/resto/api/auth')).toHaveLength(0);
  });

  it('says when the host name does not resolve', async () => {
    const dnsFailure: typeof fetch = async () => {
      const cause = Object.assign(new Error('getaddrinfo ENOTFOUND chain.iiko.invalid'), { code: 'ENOTFOUND' });
      throw Object.assign(new TypeError('fetch failed'), { cause });
    };
    const h = (harness = await startHarness());
    await h.addAccount('acc-1', { baseUrl: 'https://chain.iiko.invalid' });
    const result = await h.createSync({ clientOptions: { fetch: dnsFailure, retry: { retries: 0 } } }).testConnection('acc-1');
    expect(result).toMatchObject({ isConnected: false, connectionErrorCode: 'NETWORK_ERROR', lastConnectedAt: null });
    expect(result.connectionError).toMatch(/ENOTFOUND.*does not resolve \(DNS\)/);
  });

  it('throws CredentialsNotFoundError for an account without iiko credentials, from run too', async () => {
    const h = (harness = await startHarness());
    await expect(h.sync.testConnection('nobody')).rejects.toBeInstanceOf(CredentialsNotFoundError);
    await expect(h.sync.run('nobody')).rejects.toBeInstanceOf(CredentialsNotFoundError);
    // The failed run released its lock.
    expect(await h.store.acquireLock('nobody', { owner: 'x', ttlMs: 1_000 })).toBe(true);
  });

  it('works with any credential source, with or without recordConnection', async () => {
    const h = (harness = await startHarness());
    const source = { get: async () => ({ credentials: { login: h.fake.server.login, password: h.fake.server.password }, baseUrl: h.fake.url }) };
    const result = await h.createSync({ credentials: source }).testConnection('acc-1');
    expect(result.isConnected).toBe(true);
  });
});
