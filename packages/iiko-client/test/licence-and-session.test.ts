import { describe, expect, it, vi } from 'vitest';
import {
  IikoAuthError,
  IikoLicenseError,
  IikoPermissionError,
  createMemorySessionStore,
  type SessionStore,
} from '@getinn/iiko-client';
import { sha1Hex } from '@getinn/iiko-client/testing';
import { sessionKeyOf } from '../src/internal/session-key';
import { FAST_RETRY, PATHS, useSuite, type MswFake } from './support/suite';
import { employees, scriptedIiko, text } from './support/scripted-iiko';

const suite = useSuite();

const LICENCE_TEXT = 'License enhancement is required: no connections available for module RMS (API)';

/** Logs in the way another integration of the customer would, taking a slot the client cannot see. */
async function loginAsAnotherIntegration(fake: MswFake): Promise<string> {
  const response = await fetch(`${fake.baseUrl}/resto/api/auth?login=${fake.server.login}&pass=${sha1Hex(fake.server.password)}`);
  expect(response.status).toBe(200);
  return (await response.text()).trim();
}

/** The request log as `path status` lines, for asserting the exact conversation. */
function conversation(fake: MswFake): string[] {
  return fake.server.requests.map((request) => `${request.path} ${request.status}`);
}

describe('one session per server and login', () => {
  it('is shared by two clients of the same server and login: one login, logged out when the last closes', async () => {
    const fake = await suite.loopback({ licenceSlots: 1 });
    const first = fake.client();
    const second = fake.client();

    await first.departments();
    await second.suppliers();
    expect(fake.requestsTo(PATHS.auth)).toHaveLength(1);
    expect(fake.server.activeSessions()).toBe(1);

    await first.close();
    expect(fake.server.activeSessions()).toBe(1);
    expect(fake.requestsTo(PATHS.logout)).toHaveLength(0);
    await expect(second.stores()).resolves.not.toHaveLength(0);

    await second.close();
    expect(fake.server.activeSessions()).toBe(0);
    expect(fake.requestsTo(PATHS.logout).map((request) => request.status)).toEqual([200]);
    expect(fake.requestsTo(PATHS.auth)).toHaveLength(1);
  });

  it('is shared whichever way the base URL is spelled (trailing slash, /resto, /resto/api)', async () => {
    const fake = await suite.loopback({ licenceSlots: 1 });
    const clients = [fake.baseUrl, `${fake.baseUrl}/`, `${fake.baseUrl}/resto`, `${fake.baseUrl}/resto/api/`].map((baseUrl) =>
      fake.client({ baseUrl }),
    );

    for (const client of clients) await client.departments();

    expect(fake.requestsTo(PATHS.auth)).toHaveLength(1);
    expect(fake.server.activeSessions()).toBe(1);
  });

  it('logs in once for many concurrent calls (single flight)', async () => {
    const fake = await suite.loopback({ licenceSlots: 1 });
    const client = fake.client();

    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? client.departments() : client.suppliers())));

    expect(results.every((list) => list.length > 0)).toBe(true);
    expect(fake.requestsTo(PATHS.auth)).toHaveLength(1);
    expect(fake.server.activeSessions()).toBe(1);
  });

  it('is separate for different logins on the same server', async () => {
    const iiko = scriptedIiko(suite.msw).on(PATHS.suppliers, () => text(employees('<id>a</id>')));
    const a = suite.client({ baseUrl: iiko.baseUrl, login: 'api-a', password: 'pass-a', retry: FAST_RETRY });
    const b = suite.client({ baseUrl: iiko.baseUrl, login: 'api-b', password: 'pass-b', retry: FAST_RETRY });

    await Promise.all([a.suppliers(), b.suppliers(), a.suppliers()]);

    const logins = iiko.seen.filter((request) => request.path === PATHS.auth).map((request) => request.url.searchParams.get('login'));
    expect(logins.sort()).toEqual(['api-a', 'api-b']);
  });

  it('is logged in again by a client created after the last one closed', async () => {
    const fake = await suite.loopback({ licenceSlots: 1 });
    const first = fake.client();
    await first.departments();
    await first.close();

    await fake.client().departments();

    expect(fake.requestsTo(PATHS.auth)).toHaveLength(2);
    expect(fake.requestsTo(PATHS.logout)).toHaveLength(1);
    expect(fake.server.activeSessions()).toBe(1);
  });

  it('frees its slot on close even when closed while the login is still under way', async () => {
    const fake = await suite.loopback({ licenceSlots: 1 });
    fake.server.injectFault({ kind: 'delay', ms: 100, path: PATHS.auth });
    const client = fake.client();

    const read = client.departments();
    const closed = client.close();
    await Promise.allSettled([read, closed]);

    expect(fake.requestsTo(PATHS.auth)).toHaveLength(1);
    expect(fake.server.activeSessions()).toBe(0);
  });
});

describe('renewal before the token lifetime ends', () => {
  it('logs the old token out first, then logs in again (so it works with a single licence slot)', async () => {
    let now = 1_000_000;
    const fake = await suite.loopback({ licenceSlots: 1 });
    const client = fake.client({ now: () => now, sessionLifetimeMs: 10_000, renewBeforeMs: 2_000 });

    await client.departments();
    now += 7_000; // 7 s into a 10 s lifetime: still fresh (renewal starts at 8 s)
    await client.departments();
    expect(fake.requestsTo(PATHS.auth)).toHaveLength(1);

    now += 1_500; // 8.5 s: inside the renewal window
    await client.departments();

    expect(conversation(fake)).toEqual([
      `${PATHS.auth} 200`,
      `${PATHS.departments} 200`,
      `${PATHS.departments} 200`,
      `${PATHS.logout} 200`,
      `${PATHS.auth} 200`,
      `${PATHS.departments} 200`,
    ]);
    expect(fake.server.activeSessions()).toBe(1);
  });
});

describe('a 401 in the middle of a run', () => {
  it('after a server restart: logs in again once, tries to log the dead token out, and retries the read once', async () => {
    const fake = await suite.loopback({ licenceSlots: 1 });
    const client = fake.client();
    await client.departments();

    fake.server.restart();
    await expect(client.departments()).resolves.not.toHaveLength(0);

    expect(conversation(fake)).toEqual([
      `${PATHS.auth} 200`,
      `${PATHS.departments} 200`,
      `${PATHS.departments} 401`,
      `${PATHS.logout} 401`, // best effort: the restart already voided the token
      `${PATHS.auth} 200`,
      `${PATHS.departments} 200`,
    ]);
    expect(fake.server.activeSessions()).toBe(1);
  });

  it('re-logs in once on 401 and frees the old slot', async () => {
    const fake = await suite.loopback({ licenceSlots: 1 });
    const client = fake.client();
    await client.departments();
    fake.server.injectFault({ kind: 'status', status: 401, path: PATHS.suppliers });

    await expect(client.suppliers()).resolves.not.toHaveLength(0);

    // With one slot the new login only succeeds because the rejected token was logged out first.
    expect(fake.requestsTo(PATHS.logout).map((request) => request.status)).toEqual([200]);
    expect(fake.requestsTo(PATHS.auth)).toHaveLength(2);
    expect(fake.requestsTo(PATHS.suppliers).map((request) => request.status)).toEqual([401, 200]);
    expect(fake.server.activeSessions()).toBe(1);
  });

  it('fails with IikoAuthError when the fresh token is refused too, without a third login', async () => {
    const fake = await suite.loopback({ licenceSlots: 1 });
    const client = fake.client();
    fake.server.injectFault({ kind: 'status', status: 401, path: PATHS.suppliers, times: 2 });

    const error = await client.suppliers().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(IikoAuthError);
    expect((error as IikoAuthError).status).toBe(401);
    expect(fake.requestsTo(PATHS.auth)).toHaveLength(2);
    expect(fake.requestsTo(PATHS.suppliers)).toHaveLength(2);
    await client.close();
    expect(fake.server.activeSessions()).toBe(0);
  });

  it('shares one new login between concurrent reads that were all refused', async () => {
    const fake = await suite.loopback({ licenceSlots: 1 });
    const client = fake.client();
    await client.departments();
    fake.server.restart();

    await Promise.all([client.departments(), client.suppliers(), client.stores()]);

    expect(fake.requestsTo(PATHS.auth)).toHaveLength(2);
    expect(fake.server.activeSessions()).toBe(1);
  });
});

describe('licence slots', () => {
  it('all taken: the login fails with IikoLicenseError after exactly one request', async () => {
    const fake = await suite.loopback({ licenceSlots: 0 });
    const client = fake.client();

    const error = await client.departments().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(IikoLicenseError);
    expect((error as IikoLicenseError).status).toBe(403);
    expect((error as IikoLicenseError).responseText).toBe(LICENCE_TEXT);
    expect(fake.server.requests).toHaveLength(1);
  });

  it('taken by another integration: fails without retrying and without touching the other session', async () => {
    const fake = await suite.loopback({ licenceSlots: 1 });
    await loginAsAnotherIntegration(fake);
    const client = fake.client();

    await expect(Promise.all([client.departments(), client.suppliers()])).rejects.toBeInstanceOf(IikoLicenseError);

    expect(fake.requestsTo(PATHS.auth)).toHaveLength(2); // the other integration's and the client's one
    expect(fake.requestsTo(PATHS.logout)).toHaveLength(0);
    expect(fake.server.activeSessions()).toBe(1);
  });

  it.each([
    ['License enhancement is required…', LICENCE_TEXT],
    ['Module … is blocked within current license', 'Module RMS (API) is blocked within current license'],
  ])('answered to a read ("%s") is an IikoLicenseError that is not retried', async (_label, body) => {
    const fake = await suite.loopback();
    fake.server.injectFault({ kind: 'status', status: 403, body, path: PATHS.suppliers });

    const error = await fake.client().suppliers().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(IikoLicenseError);
    expect((error as IikoLicenseError).responseText).toBe(body);
    expect(fake.requestsTo(PATHS.suppliers)).toHaveLength(1);
  });

  it('Permission denied is an IikoPermissionError, not a licence error, and is not retried', async () => {
    const fake = await suite.loopback();
    fake.server.injectFault({ kind: 'status', status: 403, body: 'Permission denied', path: PATHS.suppliers });

    const error = await fake.client().suppliers().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(IikoPermissionError);
    expect(error).not.toBeInstanceOf(IikoLicenseError);
    expect(fake.requestsTo(PATHS.suppliers)).toHaveLength(1);
  });

  it('serverInfo() uses none: no login, no slot, no logout', async () => {
    const fake = await suite.loopback({ licenceSlots: 0, serverVersion: '8.9.1234.0' });
    const client = fake.client();

    const info = await client.serverInfo();
    await client.close();

    expect(info.version).toBe('8.9.1234.0');
    expect(info.serverState).toBe('STARTED');
    expect(fake.server.activeSessions()).toBe(0);
    expect(fake.server.requests.map((request) => request.path)).toEqual([PATHS.serverInfo]);
  });
});

describe('a custom SessionStore', () => {
  /** The in-memory store with every method spied on. */
  function spyStore(now: () => number = Date.now) {
    const inner = createMemorySessionStore({ now });
    const store = {
      join: vi.fn(inner.join),
      publish: vi.fn(inner.publish),
      heartbeat: vi.fn(inner.heartbeat),
      leave: vi.fn(inner.leave),
      invalidate: vi.fn(inner.invalidate),
      deferLogout: vi.fn(inner.deferLogout),
    } satisfies SessionStore;
    return store;
  }

  it('is joined before logging in, given the new token, and left on close (the last holder logs out)', async () => {
    const fake = await suite.loopback();
    const store = spyStore();
    const client = fake.client({ sessionStore: store });

    await client.departments();
    expect(store.join).toHaveBeenCalledTimes(1);
    expect(store.publish).toHaveBeenCalledTimes(1);
    const [key, value, holder] = store.publish.mock.calls[0]!;
    expect(value.token).toMatch(/^[0-9a-f-]{36}$/);
    expect(key).not.toContain(fake.server.password);
    expect(key).not.toContain(sha1Hex(fake.server.password));
    expect(store.join.mock.calls[0]![0]).toBe(key);
    expect(holder.leaseMs).toBe(60_000);

    await client.close();
    expect(store.leave).toHaveBeenCalledWith(key, holder.holderId);
    expect(fake.server.activeSessions()).toBe(0);
  });

  it('lets a token another process published be used without a login of our own', async () => {
    const fake = await suite.loopback({ licenceSlots: 1 });
    const otherProcessToken = await loginAsAnotherIntegration(fake);
    const store = spyStore();
    const probe = new URL(fake.baseUrl);
    const key = sessionKeyOf(probe.origin.toLowerCase(), fake.server.login, sha1Hex(fake.server.password));
    await store.publish(key, { token: otherProcessToken, obtainedAt: Date.now() }, { holderId: 'other-process', leaseMs: 60_000 });
    store.publish.mockClear();
    const client = fake.client({ sessionStore: store });

    await expect(client.suppliers()).resolves.not.toHaveLength(0);
    await expect(client.departments()).resolves.not.toHaveLength(0);

    expect(fake.requestsTo(PATHS.auth)).toHaveLength(1); // only the other process's login
    expect(fake.requestsTo(PATHS.suppliers).map((request) => request.status)).toEqual([200]);
    expect(fake.server.activeSessions()).toBe(1);
    expect(store.publish).not.toHaveBeenCalled();
    await client.close();
    expect(fake.server.activeSessions()).toBe(1); // the other process still holds it
  });

  it('logs out a shared token past its lifetime before taking a new slot', async () => {
    const fake = await suite.loopback({ licenceSlots: 1 });
    const old = await loginAsAnotherIntegration(fake);
    const store = spyStore();
    const key = sessionKeyOf(new URL(fake.baseUrl).origin, fake.server.login, sha1Hex(fake.server.password));
    await store.publish(key, { token: old, obtainedAt: Date.now() - 3_600_000 }, { holderId: 'other', leaseMs: 60_000 });
    const client = fake.client({ sessionStore: store });

    await client.departments();

    expect(conversation(fake)).toEqual([`${PATHS.auth} 200`, `${PATHS.logout} 200`, `${PATHS.auth} 200`, `${PATHS.departments} 200`]);
    expect(fake.server.activeSessions()).toBe(1);
    expect(store.publish).toHaveBeenCalledTimes(2);
  });

  it('forgets a token the server refused (401)', async () => {
    const fake = await suite.loopback();
    const store = spyStore();
    const client = fake.client({ sessionStore: store });
    await client.departments();
    const [key, first] = store.publish.mock.calls[0]!;
    fake.server.restart();

    await client.departments();

    expect(store.invalidate).toHaveBeenCalledWith(key, first.token);
    expect(store.publish).toHaveBeenCalledTimes(2);
    expect(store.publish.mock.calls[1]![1].token).not.toBe(first.token);
  });

  it('logs out a session whose holders all stopped renewing (a crashed process) before logging in', async () => {
    const fake = await suite.loopback({ licenceSlots: 1 });
    let now = Date.now();
    const store = spyStore(() => now);
    const crashed = await loginAsAnotherIntegration(fake);
    const key = sessionKeyOf(new URL(fake.baseUrl).origin, fake.server.login, sha1Hex(fake.server.password));
    await store.publish(key, { token: crashed, obtainedAt: now }, { holderId: 'crashed', leaseMs: 60_000 });
    now += 60_001;
    const client = fake.client({ sessionStore: store });

    await expect(client.departments()).resolves.not.toHaveLength(0);

    expect(conversation(fake)).toEqual([`${PATHS.auth} 200`, `${PATHS.logout} 200`, `${PATHS.auth} 200`, `${PATHS.departments} 200`]);
    await client.close();
    expect(fake.server.activeSessions()).toBe(0);
  });
});

describe('a session belongs to the password that opened it', () => {
  it('never lets a client with the right login but a wrong password ride on a live session', async () => {
    const fake = await suite.loopback({ licenceSlots: 2 });
    const rightful = fake.client();
    await rightful.departments(); // the session is live and shared from now on

    const impostor = fake.client({ password: 'not the password', retry: FAST_RETRY });
    await expect(impostor.suppliers()).rejects.toBeInstanceOf(IikoAuthError);

    expect(fake.requestsTo(PATHS.suppliers)).toHaveLength(0); // nothing was read for it
    expect(fake.requestsTo(PATHS.auth)).toHaveLength(2); // it had to log in, and was refused
    await impostor.close();
    await rightful.close();
    expect(fake.server.activeSessions()).toBe(0);
  });

  it('keys the session by a fingerprint that holds neither the password nor its SHA-1', () => {
    const hash = sha1Hex('пароль#1');
    const key = sessionKeyOf('https://chain.iiko.it', 'getinn', hash);
    expect(key).not.toContain(hash);
    expect(key).not.toContain('пароль');
    expect(key.startsWith('https://chain.iiko.it\ngetinn\n')).toBe(true);
    expect(sessionKeyOf('https://chain.iiko.it', 'getinn', hash)).toBe(key); // stable, so processes agree
    expect(sessionKeyOf('https://chain.iiko.it', 'getinn', sha1Hex('other'))).not.toBe(key);
    expect(sessionKeyOf('https://other.iiko.it', 'getinn', hash)).not.toBe(key);
  });
});
