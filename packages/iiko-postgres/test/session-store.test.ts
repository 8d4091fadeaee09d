/**
 * createPostgresSessionStore: the SessionStore semantics the client relies on (join, publish, leases by the
 * database clock, leave, invalidate, deferred logouts), tokens sealed at rest, and several stores (as
 * several processes) sharing one session.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyring, type Keyring } from '@getinn/credential-crypto';
import type { SessionStore } from '@getinn/iiko-client';
import { createPostgresSessionStore } from '../src/index';
import { migratedDatabase, uniqueId } from './helpers';

let db: Awaited<ReturnType<typeof migratedDatabase>>;
let other: pg.Pool;
let keyring: Keyring;
let store: SessionStore;
let elsewhere: SessionStore;
beforeAll(async () => {
  db = await migratedDatabase('sessions');
  other = new pg.Pool({ connectionString: db.url, max: 4 });
  keyring = createKeyring({ keys: { k1: randomBytes(32) }, primaryKeyId: 'k1' });
  store = createPostgresSessionStore(db.pool, { keyring, schema: db.schema });
  // Another pool and store object over the same tables: what a second process sees.
  elsewhere = createPostgresSessionStore(other, { keyring, schema: db.schema });
});
afterAll(async () => {
  await other?.end();
  await db?.dispose();
});

const token = (): string => randomBytes(16).toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
const holder = (leaseMs = 60_000) => ({ holderId: uniqueId('holder'), leaseMs });

describe('createPostgresSessionStore', () => {
  it('shares one published session between processes, and the last holder to leave logs it out', async () => {
    const key = uniqueId('server|login');
    const [a, b] = [holder(), holder()];
    expect(await store.join(key, a)).toEqual({ session: undefined, toLogOut: [] });
    const session = { token: token(), obtainedAt: Date.parse('2026-12-01T09:00:00.123Z') };
    await store.publish(key, session, a);
    expect(await elsewhere.join(key, b)).toEqual({ session, toLogOut: [] });
    expect(await store.leave(key, a.holderId)).toEqual({});
    expect(await elsewhere.leave(key, b.holderId)).toEqual({ logout: session.token });
    expect(await store.join(key, holder())).toEqual({ session: undefined, toLogOut: [] });
  });

  it('hands a session whose holders all stopped renewing to the next joiner to log out', async () => {
    const key = uniqueId('server|login');
    const crashed = holder(50);
    const session = { token: token(), obtainedAt: Date.now() };
    await store.publish(key, session, crashed);
    await sleep(150);
    expect(await elsewhere.join(key, holder())).toEqual({ session: undefined, toLogOut: [session.token] });
    expect(await store.join(key, holder())).toEqual({ session: undefined, toLogOut: [] });
    // The crashed holder's late leave finds nothing to log out twice.
    expect(await store.leave(key, crashed.holderId)).toEqual({});
  });

  it('keeps a session alive while its holder heartbeats, and counts only live holders on leave', async () => {
    const key = uniqueId('server|login');
    const worker = holder(1_000);
    const session = { token: token(), obtainedAt: Date.now() };
    await store.publish(key, session, worker);
    // Longer than the lease in all, renewed well within it each time.
    for (let beat = 0; beat < 5; beat += 1) {
      await sleep(300);
      await store.heartbeat(key, worker);
    }
    const late = holder(60_000);
    expect(await elsewhere.join(key, late)).toEqual({ session, toLogOut: [] });
    await store.heartbeat(key, holder()); // a holder the session does not know: a no-op
    const expiring = holder(30);
    expect((await store.join(key, expiring)).session).toEqual(session);
    await store.leave(key, worker.holderId);
    await sleep(100);
    // `expiring` has lapsed: `late` leaving is the last live holder, so it gets the logout.
    expect(await elsewhere.leave(key, late.holderId)).toEqual({ logout: session.token });
  });

  it('forgets an invalidated session only if it still holds that token', async () => {
    const key = uniqueId('server|login');
    const session = { token: token(), obtainedAt: Date.now() };
    await store.publish(key, session, holder());
    await store.invalidate(key, token());
    expect((await elsewhere.join(key, holder())).session).toEqual(session);
    await elsewhere.invalidate(key, session.token);
    expect(await store.join(key, holder())).toEqual({ session: undefined, toLogOut: [] });
  });

  it('hands deferred logouts to the next join of the key, in any process, exactly once', async () => {
    const key = uniqueId('server|login');
    const [first, second] = [token(), token()];
    await store.deferLogout(key, first);
    await store.deferLogout(key, second);
    await store.deferLogout(uniqueId('another key'), token());
    expect((await elsewhere.join(key, holder())).toLogOut.sort()).toEqual([first, second].sort());
    expect((await store.join(key, holder())).toLogOut).toEqual([]);
  });

  it('never loses a slot when a publish replaces a session: the old token is logged out later', async () => {
    const key = uniqueId('server|login');
    const [old, next] = [{ token: token(), obtainedAt: 1 }, { token: token(), obtainedAt: 2 }];
    await store.publish(key, old, holder());
    await store.publish(key, next, holder());
    expect(await elsewhere.join(key, holder())).toEqual({ session: next, toLogOut: [old.token] });
  });

  it('gives exactly one of many racing joiners no session, so exactly one logs in', async () => {
    const key = uniqueId('server|login');
    const session = { token: token(), obtainedAt: Date.now() };
    const first = holder();
    await store.publish(key, session, first);
    const joins = await Promise.all(Array.from({ length: 20 }, (_, index) => (index % 2 ? store : elsewhere).join(key, holder())));
    expect(joins.every((result) => result.session?.token === session.token)).toBe(true);
    // Now every holder leaves at once: exactly one of them gets the logout.
    const holders = await db.pool.query<{ holder_id: string }>(`select holder_id from "${db.schema}".iiko_session_holders where session_key = $1`, [key]);
    expect(holders.rows).toHaveLength(21);
    const leaves = await Promise.all(holders.rows.map((row, index) => (index % 2 ? store : elsewhere).leave(key, row.holder_id)));
    expect(leaves.filter((result) => result.logout === session.token)).toHaveLength(1);
  });

  it('stores tokens only sealed, bound to their key: a copied row or a keyring without the key opens nothing', async () => {
    const key = uniqueId('server|login');
    const canary = `canary-${token()}`;
    await store.publish(key, { token: canary, obtainedAt: Date.now() }, holder());
    await store.deferLogout(key, `${canary}-deferred`);
    for (const table of ['iiko_sessions', 'iiko_session_holders', 'iiko_deferred_logouts']) {
      const { rows } = await db.pool.query<{ text: string }>(`select t::text as text from "${db.schema}".${table} t`);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row.text).not.toContain('canary');
    }
    const { rows } = await db.pool.query<{ token: { kid: string } }>(`select token from "${db.schema}".iiko_sessions where session_key = $1`, [key]);
    expect(rows[0]!.token).toMatchObject({ v: 1, alg: 'A256GCM', kid: 'k1' });

    // The sealed token moved to another key does not open there: it is dropped, not used.
    const stolen = uniqueId('server|login');
    await db.pool.query(
      `insert into "${db.schema}".iiko_sessions (session_key, token, obtained_at) select $2, token, obtained_at from "${db.schema}".iiko_sessions where session_key = $1`,
      [key, stolen],
    );
    await db.pool.query(`insert into "${db.schema}".iiko_session_holders (session_key, holder_id, expires_at) values ($1, 'h', now() + interval '1 hour')`, [stolen]);
    expect(await store.join(stolen, holder())).toEqual({ session: undefined, toLogOut: [] });

    const withoutKey = createPostgresSessionStore(db.pool, { keyring: createKeyring({ keys: { k2: randomBytes(32) }, primaryKeyId: 'k2' }), schema: db.schema });
    expect(await withoutKey.join(key, holder())).toEqual({ session: undefined, toLogOut: [] });
  });
});
