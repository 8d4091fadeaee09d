import { afterEach, describe, expect, it } from 'vitest';
import { sha1Hex } from '@getinn/iiko-client/testing';
import { type Harness, adapters } from './harness';

const LICENCE_TEXT = 'License enhancement is required: no connections available for module RMS (API)';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe.each(adapters)('auth and licence slots ($name)', (adapter) => {
  let h: Harness;
  afterEach(() => h.close());

  it('logs in with the SHA-1 hex of the password and answers a bare text/plain token', async () => {
    h = await adapter.start({ login: 'api', password: 'resto#test' });
    const res = await h.get('/resto/api/auth?login=api&pass=2155245b2c002a1986d3f384af93be813537a476');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=UTF-8');
    expect(await res.text()).toMatch(UUID);
    expect(h.server.activeSessions()).toBe(1);
  });

  it('accepts the hash in upper case, a Cyrillic password and POST', async () => {
    h = await adapter.start({ password: 'пароль' });
    const pass = sha1Hex('пароль').toUpperCase();
    expect((await h.get(`/resto/api/auth?login=demo&pass=${pass}`, { method: 'POST' })).status).toBe(200);
  });

  it('answers 401 text/plain for a wrong password, a plain password or a wrong login, taking no slot', async () => {
    h = await adapter.start();
    for (const query of [
      `login=demo&pass=${sha1Hex('wrong')}`,
      'login=demo&pass=demo-password',
      `login=other&pass=${sha1Hex('demo-password')}`,
      'login=demo',
    ]) {
      const res = await h.get(`/resto/api/auth?${query}`);
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await res.text()).toBe('Неверный логин или пароль');
    }
    expect(h.server.activeSessions()).toBe(0);
  });

  it('accepts further users, each login taking a slot from the one shared pool', async () => {
    h = await adapter.start({ licenceSlots: 2, users: [{ login: 'getinn-2', password: 'второй' }] });
    expect((await h.get(`/resto/api/auth?login=demo&pass=${sha1Hex('demo-password')}`)).status).toBe(200);
    expect((await h.get(`/resto/api/auth?login=getinn-2&pass=${sha1Hex('второй')}`)).status).toBe(200);
    expect((await h.get(`/resto/api/auth?login=getinn-2&pass=${sha1Hex('demo-password')}`)).status).toBe(401);
    expect((await h.get(`/resto/api/auth?login=getinn-2&pass=${sha1Hex('второй')}`)).status).toBe(403);
    expect(h.server.activeSessions()).toBe(2);
  });

  it('answers 403 with the licence text once every slot is taken, and logout frees one', async () => {
    h = await adapter.start({ licenceSlots: 2 });
    const first = await h.login();
    await h.login();
    const refused = await h.get(`/resto/api/auth?login=demo&pass=${sha1Hex('demo-password')}`);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toBe(LICENCE_TEXT);
    expect(h.server.activeSessions()).toBe(2);

    const out = await h.get(`/resto/api/logout?key=${first}`);
    expect(out.status).toBe(200);
    expect(await out.text()).toBe('');
    expect(h.server.activeSessions()).toBe(1);
    await expect(h.login()).resolves.toMatch(UUID);
  });

  it('answers 401 to logout with an unknown or already used key', async () => {
    h = await adapter.start();
    const token = await h.login();
    expect((await h.get(`/resto/api/logout?key=${token}`)).status).toBe(200);
    expect((await h.get(`/resto/api/logout?key=${token}`)).status).toBe(401);
    expect((await h.get('/resto/api/logout?key=nope')).status).toBe(401);
    expect((await h.get('/resto/api/logout')).status).toBe(401);
  });

  it('expires tokens on the injected clock (use does not extend them) and frees their slots', async () => {
    let now = 1_000_000;
    h = await adapter.start({ licenceSlots: 1, tokenTtlMs: 60_000, now: () => now });
    const token = await h.login();
    now += 59_000;
    expect((await h.get(`/resto/api/suppliers?key=${token}`)).status).toBe(200);
    now += 1_000;
    const expired = await h.get(`/resto/api/suppliers?key=${token}`);
    expect(expired.status).toBe(401);
    expect(await expired.text()).toBe('Token is expired or invalid');
    expect(h.server.activeSessions()).toBe(0);
    await expect(h.login()).resolves.toMatch(UUID);
  });

  it('restart() voids every token and frees every slot', async () => {
    h = await adapter.start({ licenceSlots: 1 });
    const token = await h.login();
    h.server.restart();
    expect(h.server.activeSessions()).toBe(0);
    expect((await h.get(`/resto/api/corporation/departments?key=${token}`)).status).toBe(401);
    await expect(h.login()).resolves.toMatch(UUID);
  });

  it('requires a key on data endpoints, taken from the query or the key cookie', async () => {
    h = await adapter.start();
    const token = await h.login();
    expect((await h.get('/resto/api/suppliers')).status).toBe(401);
    expect((await h.get('/resto/api/suppliers?key=00000000-0000-0000-0000-000000000000')).status).toBe(401);
    expect((await h.get('/resto/api/suppliers', { headers: { cookie: `key=${token}` } })).status).toBe(200);
  });

  it('sets the key cookie on login as servers since 4.3 do', async () => {
    h = await adapter.start();
    const res = await h.get(`/resto/api/auth?login=demo&pass=${sha1Hex('demo-password')}`);
    const token = await res.text();
    expect(res.headers.get('set-cookie')).toContain(`key=${token}`);
  });

  it('serves get_server_info.jsp without a key and without taking a slot', async () => {
    h = await adapter.start({ serverVersion: '9.2.1.0' });
    const res = await h.get('/resto/get_server_info.jsp?encoding=UTF-8');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/xml; charset=UTF-8');
    const xml = await res.text();
    expect(xml).toContain('<version>9.2.1.0</version>');
    expect(xml).toContain('<serverState>STARTED</serverState>');
    expect(xml).toContain('<serverSubUrl>/resto</serverSubUrl>');
    expect(xml).toMatch(/<r><serverName>.+<\/serverName><edition>default<\/edition><version>/);
    expect(h.server.activeSessions()).toBe(0);
  });

  it('reports slot usage on licence/info', async () => {
    h = await adapter.start({ licenceSlots: 3 });
    const token = await h.login();
    const xml = await (await h.get(`/resto/api/licence/info?moduleId=2000&key=${token}`)).text();
    expect(xml).toContain('<connectionsLimit>3</connectionsLimit>');
    expect(xml).toContain('<connectionsUsed>1</connectionsUsed>');
    expect(xml).toContain('<freeConnections>2</freeConnections>');
  });

  it('answers 404 text/plain for an unknown path and 405 for a wrong method', async () => {
    h = await adapter.start();
    const token = await h.login();
    const missing = await h.get(`/resto/api/nothing/here?key=${token}`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^text\/plain/);
    const wrong = await h.get(`/resto/api/suppliers?key=${token}`, { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
  });
});

describe('sha1Hex', () => {
  it('hashes the UTF-8 bytes (vendor test vector)', () => {
    expect(sha1Hex('resto#test')).toBe('2155245b2c002a1986d3f384af93be813537a476');
    expect(sha1Hex('пароль')).toBe('5670b4358ae287fe8e74c2ff6f6293f905409077');
  });
});
