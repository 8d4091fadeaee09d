/**
 * The fleet guarantees with real processes sharing one PostgreSQL database and one fake iikoServer, every
 * account on the same iiko login: three processes sync accounts while a fourth runs testConnection and
 * supplier searches in a loop. The fake counts, across the whole test: at most one request in flight, at
 * most one live session per login, all logged out at the end, and every record in the platform tables
 * exactly once. Then with faults — 500s, resets, 401s, HTML pages, truncated bodies, failing logouts —
 * and one process killed with SIGKILL mid-run: still one request in flight, and no slot held once the
 * leases expire.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEASE_MS, LOCK_TTL_MS, eventsOf, startFleet, syncUntilDone, type Fleet } from './processes/fleet';

let fleet: Fleet;
beforeAll(async () => {
  fleet = await startFleet('fleet');
}, 60_000);
afterAll(() => fleet?.close());

/** Checks that no token iiko issued and not the password appear in the children's logs or any column. */
async function expectNoSecrets(logs: string): Promise<void> {
  const tokens = fleet.tokens();
  expect(tokens.length).toBeGreaterThan(0);
  const rows = (await fleet.everyRow()).join('\n');
  for (const secret of [...tokens, fleet.password]) {
    expect(logs.includes(secret), 'a secret in a log line').toBe(false);
    expect(rows.includes(secret), 'a secret in a database column').toBe(false);
  }
}

describe('a fleet of processes on one iikoServer and one login', () => {
  it('keeps one request in flight and one session, logs out at the end, and lands every record exactly once', { timeout: 120_000 }, async () => {
    const accounts = await fleet.addAccounts('calm', 6);
    const children = await fleet.start([
      { mode: 'sync', accounts: accounts.slice(0, 2) },
      { mode: 'sync', accounts: accounts.slice(2, 4) },
      { mode: 'sync', accounts: accounts.slice(4, 6) },
      { mode: 'probe', accounts: accounts.slice(0, 1), probes: 8 },
    ]);
    expect(await Promise.all(children.map((child) => child.exited))).toEqual([0, 0, 0, 0]);
    const server = fleet.fake.server;
    expect(server.maxInFlight).toBe(1);
    expect(server.maxSessionsPerLogin).toBe(1);
    expect(server.activeSessions()).toBe(0);
    expect(server.requests.filter((request) => request.path === '/resto/api/auth').length).toBeGreaterThan(0);

    const runs = children.slice(0, 3).flatMap(eventsOf).filter((event) => event['event'] === 'run');
    expect(runs.map((run) => [run['account'], run['status']]).sort()).toEqual(accounts.map((account) => [account, 'success']));
    const probes = eventsOf(children[3]!).filter((event) => event['event'] === 'probe');
    expect(probes).toHaveLength(8);
    expect(probes.every((probe) => probe['connected'] === true && typeof probe['found'] === 'number')).toBe(true);
    for (const account of accounts) expect(await fleet.idsOf(account)).toEqual(fleet.reference);
    await expectNoSecrets(children.map((child) => child.stderr()).join('\n'));
  });

  it('with faults and a process killed by SIGKILL: still one request in flight, no slot held once the leases expire, nothing lost', { timeout: 120_000 }, async () => {
    const accounts = await fleet.addAccounts('faulty', 6);
    const server = fleet.fake.server;
    server.resetStats();
    for (const fault of [
      { kind: 'delay', ms: 40, path: '/resto/api/corporation', times: 4 },
      { kind: 'status', status: 500, path: '/resto/api/corporation', times: 3 },
      { kind: 'reset', path: '/resto/api/suppliers', times: 2 },
      { kind: 'status', status: 401, path: '/resto/api/documents', times: 2 },
      { kind: 'truncate', path: '/resto/api/documents', times: 1 },
      { kind: 'html', status: 502, path: '/resto/api/documents', times: 1 },
      { kind: 'status', status: 500, path: '/resto/api/logout', times: 2 },
      { kind: 'html', status: 502, path: '/resto/api/logout', times: 1 },
      { kind: 'reset', path: '/resto/api/logout', times: 2 },
      { kind: 'status', status: 401, path: '/resto/api/suppliers', times: 1 },
      { kind: 'reset', path: '/resto/api/auth', times: 1 },
    ] as const) {
      server.injectFault(fault);
    }
    const children = await fleet.start([
      { mode: 'sync', accounts: accounts.slice(0, 2) },
      { mode: 'sync', accounts: accounts.slice(2, 4) },
      { mode: 'sync', accounts: accounts.slice(4, 6) },
      { mode: 'probe', accounts: accounts.slice(0, 1), probes: 6 },
    ]);
    // Kill the first process as soon as its first run is over: it is in the middle of the second.
    const victim = children[0]!;
    while (!eventsOf(victim).some((event) => event['event'] === 'run')) {
      if (victim.process.exitCode !== null) break;
      await sleep(10);
    }
    victim.process.kill('SIGKILL');
    expect(await victim.exited).toBe('SIGKILL');
    expect(await Promise.all(children.slice(1).map((child) => child.exited))).toEqual([0, 0, 0]);
    expect(server.maxInFlight).toBe(1);
    // The faults were met, logouts included (20 were queued; a killed run may leave a few unused).
    const faulted = server.requests.filter((request) => request.fault !== undefined);
    expect(faulted.length).toBeGreaterThanOrEqual(15);
    expect(faulted.filter((request) => request.path === '/resto/api/logout').length).toBeGreaterThanOrEqual(3);

    // The killed process's lease on the shared session (and its account lock) run out; then the next session
    // start logs the stale session out, and the accounts it left unfinished are synced again.
    await sleep(Math.max(LEASE_MS, LOCK_TTL_MS) + 500);
    server.clearFaults();
    const { sync, gate } = fleet.inProcess();
    expect(await sync.testConnection(accounts[0]!)).toMatchObject({ isConnected: true });
    await syncUntilDone(sync, accounts);
    await gate.close();
    expect(server.maxInFlight).toBe(1);
    expect(server.activeSessions()).toBe(0);
    for (const account of accounts) expect(await fleet.idsOf(account)).toEqual(fleet.reference);
    await expectNoSecrets(children.map((child) => child.stderr()).join('\n'));
  });
});
