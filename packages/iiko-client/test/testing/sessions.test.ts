import { afterEach, describe, expect, it } from 'vitest';
import { sha1Hex, type FakeFault } from '@getinn/iiko-client/testing';
import { type Harness, adapters } from './harness';

const TOKEN_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe.each(adapters)('sessions and their counters ($name)', (adapter) => {
  let h: Harness;
  afterEach(() => h.close());

  it('counts live sessions per login and the most one login held at once', async () => {
    h = await adapter.start({ licenceSlots: 3, users: [{ login: 'other', password: 'pw' }] });
    const first = await h.login();
    const second = await h.login();
    await h.get(`/resto/api/auth?login=other&pass=${sha1Hex('pw')}`);
    expect(h.server.activeSessions()).toBe(3);
    expect(h.server.activeSessions(h.server.login)).toBe(2);
    expect(h.server.activeSessions('other')).toBe(1);
    expect(h.server.maxSessionsPerLogin).toBe(2);

    await h.get(`/resto/api/logout?key=${first}`);
    await h.get(`/resto/api/logout?key=${second}`);
    expect(h.server.activeSessions(h.server.login)).toBe(0);
    expect(h.server.maxSessionsPerLogin).toBe(2); // a high-water mark
    h.server.resetStats();
    expect(h.server.maxSessionsPerLogin).toBe(1); // restarted from what is live now ('other')
  });

  it.each<[string, FakeFault]>([
    ['500', { kind: 'status', status: 500 }],
    ['403', { kind: 'status', status: 403, body: 'Permission denied' }],
    ['an HTML page', { kind: 'html', status: 502 }],
    ['a reset', { kind: 'reset' }],
  ])('a logout faulted with %s does not free the slot', async (_label, fault) => {
    h = await adapter.start({ licenceSlots: 1 });
    const token = await h.login();
    h.server.injectFault({ ...fault, path: '/resto/api/logout' });

    await h.get(`/resto/api/logout?key=${token}`).then((response) => response.arrayBuffer()).catch(() => undefined);

    expect(h.server.activeSessions()).toBe(1);
    expect((await h.get(`/resto/api/logout?key=${token}`)).status).toBe(200);
    expect(h.server.activeSessions()).toBe(0);
  });

  it('sets the token as the key cookie, also on a login answer cut short (which still takes a slot)', async () => {
    h = await adapter.start({ licenceSlots: 2 });
    h.server.injectFault({ kind: 'truncate', bytes: 7, endsCleanly: true, path: '/resto/api/auth' });

    const response = await h.get(`/resto/api/auth?login=${h.server.login}&pass=${sha1Hex(h.server.password)}`);
    const body = await response.text();

    expect(response.status).toBe(200);
    expect(body).toHaveLength(7);
    const cookie = /key=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
    expect(cookie).toMatch(TOKEN_SHAPE);
    expect(cookie!.startsWith(body)).toBe(true);
    expect(h.server.activeSessions()).toBe(1);
    expect((await h.get(`/resto/api/logout?key=${cookie}`)).status).toBe(200);
    expect(h.server.activeSessions()).toBe(0);
  });
});
