import { describe, expect, it, vi } from 'vitest';
import {
  IikoAbortError,
  IikoParseError,
  IikoTimeoutError,
  createMemorySessionStore,
  createProcessServerGate,
  type GatePass,
  type ServerGate,
  type SessionStore,
} from '@getinn/iiko-client';
import { sha1Hex } from '@getinn/iiko-client/testing';
import { sessionKeyOf } from '../src/internal/session-key';
import { FAST_RETRY, PATHS, useSuite, type MswFake } from './support/suite';

const suite = useSuite();

/** A gate that lets everything through the process gate and records what it saw. */
function countingGate() {
  const inner = createProcessServerGate();
  const stats = { acquired: 0, held: 0, maxHeld: 0, keys: new Set<string>() };
  const gate: ServerGate = {
    async acquire(serverKey, options) {
      const pass = await inner.acquire(serverKey, options);
      stats.acquired += 1;
      stats.held += 1;
      stats.maxHeld = Math.max(stats.maxHeld, stats.held);
      stats.keys.add(serverKey);
      let released = false;
      return {
        async release() {
          if (released) return;
          released = true;
          stats.held -= 1;
          await pass.release();
        },
      };
    },
  };
  return { gate, stats };
}

/** A gate that never lets anyone through (another process holds the server forever). */
const closedGate: ServerGate = {
  acquire: (_key, options) =>
    new Promise<GatePass>((_resolve, reject) => {
      options?.signal?.addEventListener('abort', () => reject(options.signal?.reason), { once: true });
    }),
};

function sessionKey(fake: MswFake): string {
  return sessionKeyOf(new URL(fake.baseUrl).origin, fake.server.login, sha1Hex(fake.server.password));
}

async function anotherLogin(fake: MswFake): Promise<string> {
  const response = await fetch(`${fake.baseUrl}/resto/api/auth?login=${fake.server.login}&pass=${sha1Hex(fake.server.password)}`);
  return (await response.text()).trim();
}

describe('createProcessServerGate', () => {
  it('hands out one pass per server at a time, first come first served, shared by every gate of the process', async () => {
    const [a, b] = [createProcessServerGate(), createProcessServerGate()];
    const order: string[] = [];
    const first = await a.acquire('https://gate-fifo.test');
    const waiting = [b.acquire('https://gate-fifo.test'), a.acquire('https://gate-fifo.test')].map((pass, i) =>
      pass.then(async (p) => {
        order.push(`w${i}`);
        await p.release();
      }),
    );
    const other = await a.acquire('https://another-server.test'); // another server is not held up
    await other.release();
    order.push('first');
    await first.release();
    await first.release(); // a second release is harmless and lets nobody extra in
    await Promise.all(waiting);
    expect(order).toEqual(['first', 'w0', 'w1']);
  });

  it('drops a waiter whose signal aborts, rejecting with the reason, and serves the next one', async () => {
    const gate = createProcessServerGate();
    const held = await gate.acquire('https://gate-abort.test');
    const controller = new AbortController();
    const aborted = gate.acquire('https://gate-abort.test', { signal: controller.signal });
    const next = gate.acquire('https://gate-abort.test');
    controller.abort(new Error('stop waiting'));
    await expect(aborted).rejects.toThrow('stop waiting');
    await held.release();
    const pass = await next;
    await pass.release();
    await expect(gate.acquire('https://gate-abort.test', { signal: AbortSignal.abort(new Error('already')) })).rejects.toThrow('already');
  });
});

describe('createMemorySessionStore', () => {
  const a = { holderId: 'a', leaseMs: 100 };
  const b = { holderId: 'b', leaseMs: 100 };
  const token = { token: 'b354d18c-3d3a-e1a6-c3b9-9ef7b5055318', obtainedAt: 0 };

  it('shares a published session, and the last holder to leave gets the token to log out', async () => {
    const store = createMemorySessionStore({ now: () => 0 });
    expect(await store.join('k', a)).toEqual({ toLogOut: [] });
    await store.publish('k', token, a);
    expect(await store.join('k', b)).toEqual({ session: token, toLogOut: [] });
    expect(await store.leave('k', 'a')).toEqual({});
    expect(await store.leave('k', 'b')).toEqual({ logout: token.token });
    expect(await store.join('k', a)).toEqual({ toLogOut: [] });
  });

  it('hands a session whose holders all let their lease run out to the next joiner, once', async () => {
    let now = 0;
    const store = createMemorySessionStore({ now: () => now });
    await store.publish('k', token, a);
    now = 50;
    await store.heartbeat('k', a); // renewed until 150
    now = 120;
    expect((await store.join('k', b)).session).toEqual(token);
    await store.leave('k', 'b');
    now = 151; // a crashed: its lease ran out
    expect(await store.join('k', b)).toEqual({ toLogOut: [token.token] });
    expect(await store.join('k', b)).toEqual({ toLogOut: [] });
  });

  it('keeps deferred logouts until the next join, and forgets an invalidated token', async () => {
    const store = createMemorySessionStore({ now: () => 0 });
    await store.deferLogout('k', 'old-1');
    await store.deferLogout('k', 'old-1');
    await store.deferLogout('k', 'old-2');
    await store.publish('k', token, a);
    await store.invalidate('k', 'not-this-one');
    expect(await store.join('k', b)).toEqual({ session: token, toLogOut: ['old-1', 'old-2'] });
    await store.invalidate('k', token.token);
    expect(await store.join('k', b)).toEqual({ toLogOut: [] });
    await store.heartbeat('k', a); // no session: a no-op
    expect(await store.leave('k', 'a')).toEqual({});
  });
});

describe('the gate option', () => {
  it('is passed by every request — login, reads, server info, logout — one at a time', async () => {
    const fake = suite.fake({ licenceSlots: 1 });
    const { gate, stats } = countingGate();
    fake.server.injectFault({ kind: 'delay', ms: 20, times: 6 });
    const client = fake.client({ gate });

    await Promise.all([client.departments(), client.suppliers(), client.stores(), client.serverInfo()]);
    await client.close();

    expect(stats.acquired).toBeGreaterThanOrEqual(fake.server.requests.length);
    expect(fake.server.requests.map((request) => request.path)).toContain(PATHS.logout);
    expect(stats.maxHeld).toBe(1);
    expect(stats.held).toBe(0);
    expect(fake.server.maxInFlight).toBe(1);
    expect([...stats.keys]).toEqual([new URL(fake.baseUrl).origin]);
  });

  it('honours the caller signal while waiting for the gate, sending nothing', async () => {
    const fake = suite.fake();
    const client = fake.client({ gate: closedGate });
    const controller = new AbortController();

    const read = client.departments({ signal: controller.signal });
    setTimeout(() => controller.abort(), 20);

    await expect(read).rejects.toBeInstanceOf(IikoAbortError);
    expect(fake.server.requests).toHaveLength(0);
  });

  it('counts the wait for the gate against totalTimeoutMs', async () => {
    const fake = suite.fake();
    const client = fake.client({ gate: closedGate, totalTimeoutMs: 50 });

    const error = await client.serverInfo().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(IikoTimeoutError);
    expect((error as IikoTimeoutError).message).toMatch(/total time budget/);
    expect(fake.server.requests).toHaveLength(0);
  });
});

describe('the cool-down after a timed-out attempt', () => {
  it('keeps the next request off the server while it may still work on the abandoned one', async () => {
    const fake = suite.fake(); // msw: the fake counts a request in flight until its (delayed) answer is made
    fake.server.injectFault({ kind: 'delay', ms: 200, path: PATHS.departments });
    const client = fake.client({ timeoutMs: 40, cooldownAfterTimeoutMs: 600 });
    await client.stores();
    fake.server.resetStats();

    await expect(client.departments()).resolves.not.toHaveLength(0);

    const [abandoned, retry] = fake.requestsTo(PATHS.departments);
    expect(abandoned!.fault).toBe('delay');
    expect(retry!.startedAt).toBeGreaterThanOrEqual(abandoned!.endedAt!); // no overlap on the server
    expect(retry!.startedAt - abandoned!.startedAt).toBeGreaterThanOrEqual(600);
    expect(fake.server.maxInFlight).toBe(1);
  });

  it('without it, the retry overlaps the abandoned request (what the cool-down prevents)', async () => {
    const fake = suite.fake();
    fake.server.injectFault({ kind: 'delay', ms: 300, path: PATHS.departments });
    const client = fake.client({ timeoutMs: 40, cooldownAfterTimeoutMs: 0 });
    await client.stores();
    fake.server.resetStats();

    await client.departments();

    expect(fake.server.maxInFlight).toBe(2);
  });

  it('holds other callers too, and their wait counts against their own budget', async () => {
    const fake = suite.fake();
    fake.server.injectFault({ kind: 'delay', ms: 100, path: PATHS.departments, times: 5 });
    const slow = fake.client({ timeoutMs: 30, cooldownAfterTimeoutMs: 1_500, retry: { retries: 0 } });
    const other = fake.client({ login: fake.server.login, totalTimeoutMs: 200 });
    await slow.stores();

    await expect(slow.departments()).rejects.toBeInstanceOf(IikoTimeoutError);
    const error = await other.suppliers().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(IikoTimeoutError);
    expect(fake.requestsTo(PATHS.suppliers)).toHaveLength(0);
  });
});

describe('logout that does not leak', () => {
  it.each([
    ['500', { kind: 'status', status: 500 } as const],
    ['a connection reset', { kind: 'reset' } as const],
    ['a proxy HTML page (502)', { kind: 'html', status: 502 } as const],
    ['an HTML page (200)', { kind: 'html' } as const],
  ])('is retried with back-off after %s and frees the slot', async (_label, fault) => {
    const fake = await suite.loopback({ licenceSlots: 1 });
    const client = fake.client();
    await client.departments();
    fake.server.injectFault({ ...fault, path: PATHS.logout, times: 2 });

    await client.close();

    expect(fake.requestsTo(PATHS.logout).map((request) => request.fault ?? request.status)).toEqual([fault.kind, fault.kind, 200]);
    expect(fake.server.activeSessions()).toBe(0);
  });

  it('is deferred when it still fails, and done by the next session start before it logs in', async () => {
    const fake = await suite.loopback({ licenceSlots: 1 });
    const sessionStore = createMemorySessionStore();
    const first = fake.client({ sessionStore, retry: { ...FAST_RETRY, logoutRetries: 2 } });
    await first.departments();
    fake.server.injectFault({ kind: 'status', status: 503, path: PATHS.logout, times: 3 });
    await first.close();
    expect(fake.requestsTo(PATHS.logout)).toHaveLength(3);
    expect(fake.server.activeSessions()).toBe(1); // still held: the server never saw a logout succeed

    const second = fake.client({ sessionStore });
    await expect(second.suppliers()).resolves.not.toHaveLength(0); // with one slot, only after the deferred logout

    expect(fake.server.requests.slice(-3).map((request) => `${request.path} ${request.status}`)).toEqual([
      `${PATHS.logout} 200`,
      `${PATHS.auth} 200`,
      `${PATHS.suppliers} 200`,
    ]);
    await second.close();
    expect(fake.server.activeSessions()).toBe(0);
    expect(fake.server.maxSessionsPerLogin).toBe(1);
  });

  it('is deferred at once on a 403, and done by the next close() of any client of that login', async () => {
    const fake = await suite.loopback({ licenceSlots: 2 });
    const sessionStore = createMemorySessionStore();
    const first = fake.client({ sessionStore });
    await first.departments();
    fake.server.injectFault({ kind: 'status', status: 403, body: 'Permission denied', path: PATHS.logout });
    await first.close();
    expect(fake.requestsTo(PATHS.logout)).toHaveLength(1); // not retried: a 403 would fail the same way now
    expect(fake.server.activeSessions()).toBe(1);

    const second = fake.client({ sessionStore });
    await second.serverInfo(); // needs no session: nothing to hand over yet
    await second.departments(); // the deferred logout runs first
    await second.close();

    expect(fake.server.activeSessions()).toBe(0);
  });

  it('treats a 401 as done: the server no longer knows the token', async () => {
    const fake = await suite.loopback();
    const client = fake.client();
    await client.departments();
    fake.server.restart();

    await client.close();

    expect(fake.requestsTo(PATHS.logout).map((request) => request.status)).toEqual([401]);
  });
});

describe('a login answer that is not a whole token', () => {
  it.each([
    ['cut short and delivered as complete', { kind: 'truncate', bytes: 7, endsCleanly: true } as const],
    ['cut short by a dropped connection', { kind: 'truncate', bytes: 20 } as const],
  ])('(%s) is retried, and the session its key cookie names is logged out', async (_label, fault) => {
    const fake = await suite.loopback({ licenceSlots: 1 });
    fake.server.injectFault({ ...fault, path: PATHS.auth });
    const client = fake.client();

    await expect(client.departments()).resolves.not.toHaveLength(0);

    expect(fake.server.requests.map((request) => `${request.path} ${request.fault ?? request.status}`)).toEqual([
      `${PATHS.auth} truncate`,
      `${PATHS.logout} 200`,
      `${PATHS.auth} 200`,
      `${PATHS.departments} 200`,
    ]);
    expect(fake.server.maxSessionsPerLogin).toBe(1);
    await client.close();
    expect(fake.server.activeSessions()).toBe(0);
  });

  it("never shows the key cookie's token in an error or a log line", async () => {
    const fake = await suite.loopback({ licenceSlots: 1 });
    fake.server.injectFault({ kind: 'truncate', bytes: 30, endsCleanly: true, path: PATHS.auth, times: 10 });
    const cookies: string[] = [];
    const lines: string[] = [];
    const line = (object: Record<string, unknown>, message?: string): void => void lines.push(JSON.stringify({ message, ...object }));
    const client = fake.client({
      logger: { debug: line, info: line, warn: line, error: line },
      logLevel: 'debug',
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        const cookie = /key=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
        if (cookie !== undefined) cookies.push(cookie);
        return response;
      },
    });

    const error = await client.departments().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(IikoParseError);
    expect(cookies).toHaveLength(FAST_RETRY.retries + 1);
    const exposed = [JSON.stringify(error), String((error as Error).stack), String((error as Error).message), ...lines].join('\n');
    for (const token of cookies) {
      expect(exposed).not.toContain(token);
      expect(exposed).not.toContain(token.slice(0, 30)); // nor the cut body, which is most of it
    }
    expect(fake.server.activeSessions()).toBe(0);
  });

  it('is never taken for a wrong password, even when every attempt is cut short', async () => {
    const fake = await suite.loopback({ licenceSlots: 1 });
    fake.server.injectFault({ kind: 'truncate', bytes: 5, endsCleanly: true, path: PATHS.auth, times: 10 });
    const client = fake.client();

    const error = await client.departments().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(IikoParseError);
    expect((error as IikoParseError).code).toBe('PARSE_FAILED');
    expect(fake.requestsTo(PATHS.auth)).toHaveLength(FAST_RETRY.retries + 1);
    expect(fake.server.activeSessions()).toBe(0); // each broken login's session was logged out by its cookie
  });
});

describe('holder leases', () => {
  it('are renewed while a call is in flight, so a long read keeps its session', async () => {
    const fake = suite.fake();
    const inner = createMemorySessionStore();
    const heartbeat = vi.fn(inner.heartbeat);
    const sessionStore: SessionStore = { ...inner, heartbeat };
    const client = fake.client({ sessionStore, holderLeaseMs: 30 });
    await client.stores();
    fake.server.injectFault({ kind: 'delay', ms: 150, path: PATHS.departments });

    await client.departments();

    expect(heartbeat).toHaveBeenCalled();
    expect(heartbeat.mock.calls[0]![1].leaseMs).toBe(30);
  });

  it('let a crashed holder stop counting: the last live holder to close logs the session out', async () => {
    const fake = suite.fake({ licenceSlots: 1 });
    let now = Date.now();
    const sessionStore = createMemorySessionStore({ now: () => now });
    const crashed = fake.client({ sessionStore, holderLeaseMs: 1_000 });
    const alive = fake.client({ sessionStore, holderLeaseMs: 1_000 });
    await crashed.departments();
    await alive.departments();
    expect(fake.requestsTo(PATHS.auth)).toHaveLength(1);

    now += 1_001; // `crashed` never renews nor closes; `alive` renews on its next call
    await alive.stores();
    await alive.close();

    expect(fake.server.activeSessions()).toBe(0);
  });

  it('let a client idle past its lease take its own session up again, without a new login', async () => {
    const fake = suite.fake({ licenceSlots: 1 });
    let now = Date.now();
    const sessionStore = createMemorySessionStore({ now: () => now });
    const client = fake.client({ sessionStore, holderLeaseMs: 1_000, now: () => now });
    await client.departments();

    now += 5_000; // idle: no call, so no heartbeat
    await client.stores();

    expect(fake.server.requests.map((request) => request.path)).toEqual([PATHS.auth, PATHS.departments, PATHS.stores]);
    await client.close();
    expect(fake.server.activeSessions()).toBe(0);
  });

  it('let a client of another login keep its own slot', async () => {
    const fake = suite.fake({ licenceSlots: 2, users: [{ login: 'second', password: 'pw-2' }] });
    const one = fake.client();
    const two = fake.client({ login: 'second', password: 'pw-2' });

    await Promise.all([one.departments(), two.departments()]);

    expect(fake.server.activeSessions(fake.server.login)).toBe(1);
    expect(fake.server.activeSessions('second')).toBe(1);
    expect(fake.server.maxSessionsPerLogin).toBe(1);
    await one.close();
    expect(fake.server.activeSessions()).toBe(1);
  });
});

describe('stale sessions found at join', () => {
  it('are logged out even when the logout needs retries, without blocking the new login', async () => {
    const fake = await suite.loopback({ licenceSlots: 2 });
    let now = Date.now();
    const sessionStore = createMemorySessionStore({ now: () => now });
    const stale = await anotherLogin(fake);
    await sessionStore.publish(sessionKey(fake), { token: stale, obtainedAt: now }, { holderId: 'gone', leaseMs: 10 });
    now += 11;
    fake.server.injectFault({ kind: 'reset', path: PATHS.logout });
    const client = fake.client({ sessionStore });

    await expect(client.departments()).resolves.not.toHaveLength(0);
    await client.close();

    expect(fake.server.activeSessions()).toBe(0);
  });
});
