import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemorySessionStore, createProcessServerGate, type ServerGate, type SessionStore } from '@getinn/iiko-client';
import { IntegrationInactiveError, SyncDisabledError, isIikoSyncError } from '../src/index';
import { startHarness, type Harness } from './helpers';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('createIikoSync({ enabled: false })', () => {
  it('refuses every run and every connection test, sending nothing', async () => {
    const h = (harness = await startHarness());
    await h.addAccount('acc-1');
    const sync = h.createSync({ enabled: false });

    await expect(sync.run('acc-1')).rejects.toBeInstanceOf(SyncDisabledError);
    await expect(sync.testConnection('acc-1')).rejects.toBeInstanceOf(SyncDisabledError);
    await expect(sync.testCredentials({ credentials: { login: 'x', password: 'y' }, baseUrl: h.fake.url })).rejects.toBeInstanceOf(
      SyncDisabledError,
    );
    const error = await sync.run('acc-1').catch((e: unknown) => e);
    expect(isIikoSyncError(error) && error.code).toBe('INTEGRATION_DISABLED');

    expect(h.fake.server.requests).toHaveLength(0);
    expect(await h.store.listLogs('acc-1', { limit: 10 })).toEqual([]);
  });

  it('is on by default and with enabled: true', async () => {
    const h = (harness = await startHarness());
    await h.addAccount('acc-1');
    await expect(h.createSync({ enabled: true }).testConnection('acc-1')).resolves.toMatchObject({ isConnected: true });
  });
});

describe('an account whose credentials row is inactive', () => {
  it('is not synced nor tested (typed reason), and takes no slot; reactivated, it syncs', async () => {
    const h = (harness = await startHarness());
    await h.addAccount('acc-1');
    await h.vault.put('acc-1', 'iiko', { login: h.fake.server.login, password: h.fake.server.password }, { isActive: false });

    const error = await h.sync.run('acc-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntegrationInactiveError);
    expect(isIikoSyncError(error) && error.code).toBe('INTEGRATION_INACTIVE');
    await expect(h.sync.testConnection('acc-1')).rejects.toBeInstanceOf(IntegrationInactiveError);
    expect(h.fake.server.requests).toHaveLength(0);

    await h.vault.put('acc-1', 'iiko', { login: h.fake.server.login, password: h.fake.server.password }, { isActive: true });
    const report = await h.sync.run('acc-1'); // the refused run released the account's lock
    expect(report.status).toBe('success');
  });
});

describe('clientOptions.gate and clientOptions.sessionStore', () => {
  it('reach every client the sync makes: runs and connection tests share one gate and one session', async () => {
    const h = (harness = await startHarness({ licenceSlots: 1 }));
    await h.addAccount('acc-1');
    await h.addAccount('acc-2');
    const inner = createProcessServerGate();
    const acquire = vi.fn((key: string, options?: { signal?: AbortSignal | undefined }) => inner.acquire(key, options));
    const gate: ServerGate = { acquire };
    const memory = createMemorySessionStore();
    const join = vi.fn(memory.join);
    const sessionStore: SessionStore = { ...memory, join };
    const sync = h.createSync({ clientOptions: { retry: { retries: 2, minDelayMs: 5, maxDelayMs: 10 }, gate, sessionStore } });
    h.fake.server.injectFault({ kind: 'delay', ms: 5, times: 20 });

    const [a, b, test] = await Promise.all([sync.run('acc-1'), sync.run('acc-2'), sync.testConnection('acc-1')]);

    expect([a.status, b.status, test.isConnected]).toEqual(['success', 'success', true]);
    expect(acquire.mock.calls.length).toBeGreaterThanOrEqual(h.fake.server.requests.length);
    expect(join).toHaveBeenCalled();
    expect(h.fake.server.maxInFlight).toBe(1);
    expect(h.fake.server.maxSessionsPerLogin).toBe(1);
    expect(h.fake.server.activeSessions()).toBe(0);
  });
});
