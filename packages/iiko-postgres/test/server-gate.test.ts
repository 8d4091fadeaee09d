/**
 * createPostgresServerGate: one request in flight per server across real processes, a SIGKILLed holder
 * that frees the server, aborts while waiting, and a host pool that waiting callers never starve.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresServerGate, type PostgresServerGate } from '../src/index';
import { testDatabase } from '../../../test-support/postgres';
import { uniqueId } from './helpers';
import { printed, startChild } from './processes/spawn';

let db: Awaited<ReturnType<typeof testDatabase>>;
const gates: PostgresServerGate[] = [];
const gateOf = (pool: pg.Pool, options: { maxConnections?: number } = {}): PostgresServerGate => {
  const gate = createPostgresServerGate(pool, { schema: db.schema, ...options });
  gates.push(gate);
  return gate;
};
beforeAll(async () => {
  db = await testDatabase('gate');
});
afterAll(async () => {
  for (const gate of gates) await gate.close();
  await db?.dispose();
});

/** Advisory locks held, and lock waits, of this file's gate connections (named after the schema). */
const gateActivity = async (): Promise<{ held: number; waiting: number }> =>
  (
    await db.pool.query<{ held: number; waiting: number }>(
      `select count(*) filter (where l.granted)::int as held, count(*) filter (where not l.granted)::int as waiting
       from pg_locks l join pg_stat_activity a on a.pid = l.pid
       where l.locktype = 'advisory' and a.application_name = $1`,
      [`getinn-iiko gate ${db.schema}`.slice(0, 63)],
    )
  ).rows[0]!;

/** An HTTP server that records the most requests it had in flight at once; each answer takes a moment. */
async function concurrencyProbe(): Promise<{ url: string; maxInFlight: () => number; total: () => number; close: () => Promise<void> }> {
  let inFlight = 0;
  let max = 0;
  let total = 0;
  const server: Server = createServer((_req, res) => {
    inFlight += 1;
    total += 1;
    max = Math.max(max, inFlight);
    setTimeout(() => {
      inFlight -= 1;
      res.end('ok');
    }, 3);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    maxInFlight: () => max,
    total: () => total,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('createPostgresServerGate', () => {
  it('lets one request at a time through to a server from four real processes', { timeout: 60_000 }, async () => {
    const probe = await concurrencyProbe();
    try {
      const serverKey = uniqueId('http://127.0.0.1:1');
      const children = Array.from({ length: 4 }, () =>
        startChild('gate-child.ts', { DATABASE_URL: db.url, SCHEMA: db.schema, SERVER_KEY: serverKey, MODE: 'loop', TARGET_URL: probe.url, TIMES: '25' }),
      );
      await Promise.all(children.map((child) => printed(child, 'ready')));
      for (const child of children) child.process.stdin!.end('go\n');
      expect(await Promise.all(children.map((child) => child.exited))).toEqual([0, 0, 0, 0]);
      expect(children.map((child) => child.stderr())).toEqual(['', '', '', '']);
      expect(probe.total()).toBe(100);
      expect(probe.maxInFlight()).toBe(1);
    } finally {
      await probe.close();
    }
  });

  it('frees the server as soon as a holder is killed with SIGKILL', { timeout: 60_000 }, async () => {
    const serverKey = uniqueId('http://127.0.0.1:2');
    const holder = startChild('gate-child.ts', { DATABASE_URL: db.url, SCHEMA: db.schema, SERVER_KEY: serverKey, MODE: 'hold' });
    await printed(holder, 'holding');
    const gate = gateOf(db.pool);
    const waiting = gate.acquire(serverKey);
    let granted = false;
    void waiting.then(() => (granted = true));
    await sleep(200);
    expect(granted).toBe(false); // still held by the live child
    holder.process.kill('SIGKILL');
    expect(await holder.exited).toBe('SIGKILL');
    const pass = await waiting; // no lease to wait out: the dead connection took the lock with it
    await pass.release();
  });

  it('rejects a waiting acquire with the signal reason on abort, cancelling the wait in PostgreSQL', async () => {
    const gate = gateOf(db.pool);
    const rival = gateOf(new pg.Pool({ connectionString: db.url, max: 2 }));
    const serverKey = uniqueId('http://127.0.0.1:3');
    const held = await gate.acquire(serverKey);
    const controller = new AbortController();
    const waiting = rival.acquire(serverKey, { signal: controller.signal });
    // Wait until the rival really waits in PostgreSQL's lock queue.
    while ((await gateActivity()).waiting === 0) await sleep(10);
    const reason = new Error('the run was cancelled');
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    expect(await gateActivity()).toEqual({ held: 1, waiting: 0 });
    await expect(rival.acquire(serverKey, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    await held.release();
    await held.release(); // twice is harmless
    const next = await rival.acquire(serverKey);
    await next.release();
    expect(await gateActivity()).toEqual({ held: 0, waiting: 0 });
  });

  it('lets a caller queued behind another of its own process leave on abort, and keeps the order of the rest', async () => {
    const gate = gateOf(db.pool);
    const serverKey = uniqueId('http://127.0.0.1:4');
    const first = await gate.acquire(serverKey);
    const controller = new AbortController();
    const order: string[] = [];
    const leaving = gate.acquire(serverKey, { signal: controller.signal });
    const second = gate.acquire(serverKey).then(async (pass) => {
      order.push('second');
      await pass.release();
    });
    const third = gate.acquire(serverKey).then(async (pass) => {
      order.push('third');
      await pass.release();
    });
    controller.abort(new Error('gone'));
    await expect(leaving).rejects.toThrow('gone');
    await first.release();
    await Promise.all([second, third]);
    expect(order).toEqual(['second', 'third']);
  });

  it('never takes the host pool: twenty waiters and three busy servers leave a one-connection pool free', async () => {
    const hostPool = new pg.Pool({ connectionString: db.url, max: 1 });
    try {
      const gate = gateOf(hostPool, { maxConnections: 4 });
      const rival = gateOf(new pg.Pool({ connectionString: db.url, max: 1 }));
      const keys = [uniqueId('http://a'), uniqueId('http://b'), uniqueId('http://c')];
      const held = await Promise.all(keys.map((key) => rival.acquire(key)));
      const order: number[] = [];
      const waiters = Array.from({ length: 20 }, (_, index) =>
        gate.acquire(keys[index % 3]!).then(async (pass) => {
          order.push(index);
          // The host pool's only connection, used while holding a pass, as the session store is.
          await hostPool.query('select 1');
          await pass.release();
        }),
      );
      await sleep(100);
      expect((await hostPool.query<{ ok: number }>('select 1 as ok')).rows).toEqual([{ ok: 1 }]);
      for (const pass of held) await pass.release();
      await Promise.all(waiters);
      expect(order.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, index) => index));
    } finally {
      await hostPool.end();
    }
  });
});
