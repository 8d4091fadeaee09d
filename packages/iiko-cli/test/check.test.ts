/**
 * `getinn-iiko check`, run as a child process: every step's ✓ and ✗, and the exit code of each kind of
 * failure, against the fake iikoServer over loopback.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeIikoServer, type RunningFakeIikoServer } from '@getinn/iiko-client/testing';
import { buildCli, run, type BuiltCli } from './support/cli';

let cli: BuiltCli;
let fake: RunningFakeIikoServer;
beforeAll(async () => {
  cli = await buildCli();
  fake = await startFakeIikoServer({ dataset: { restaurants: 1, storesPerRestaurant: 1, suppliers: 2, invoices: 3 } });
});
afterAll(async () => {
  cli?.dispose();
  await fake?.close();
});

const login = (password = fake.server.password): Record<string, string> => ({
  IIKO_BASE_URL: fake.url,
  IIKO_LOGIN: fake.server.login,
  IIKO_PASSWORD: password,
});

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const stepLine = (output: string, step: string): string => output.split('\n').find((text) => new RegExp(`^\\s+\\S\\s+${step}\\s`).test(text)) ?? '';

describe('getinn-iiko check', () => {
  it('passes every step against the built-in fake (--fake), with a time for each timed step, and frees the slot', async () => {
    const result = await run(cli, ['check', '--fake']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^fake iikoServer at http:\/\/127\.0\.0\.1:\d+/);
    for (const step of ['server', 'login', 'licence slot', 'read', 'logout']) expect(stepLine(result.stdout, step)).toMatch(/^\s+✓\s.*\d+ ms$/);
    // licence/info, read with the check's own session: the slot it holds is among those in use.
    expect(stepLine(result.stdout, 'licence slot')).toMatch(/^\s+✓\s+licence slot\s+one slot held by this session; 1 of 2 free now \(RMS \(API\)\)/);
    expect(stepLine(result.stdout, 'server')).toContain('iikoServer 9.1.8024.0');
    expect(stepLine(result.stdout, 'read')).toMatch(/corporate tree: \d+ nodes/);
    expect(result.stdout).toMatch(/all steps passed\n$/);
  });

  it('checks a server given by IIKO_BASE_URL / IIKO_LOGIN / IIKO_PASSWORD and logs out (no session left)', async () => {
    const result = await run(cli, ['check'], { env: login() });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`check of ${fake.url} as ${fake.server.login}`);
    expect(fake.server.requests.filter((request) => request.path === '/resto/api/logout').length).toBeGreaterThan(0);
    expect(fake.server.activeSessions()).toBe(0);
  });

  it('exits 3 when the password is wrong: login ✗, the rest not tried', async () => {
    const result = await run(cli, ['check'], { env: login('wrong-password') });
    expect(result.code).toBe(3);
    expect(stepLine(result.stdout, 'server')).toMatch(/✓/);
    expect(stepLine(result.stdout, 'login')).toMatch(/✗/);
    expect(stepLine(result.stdout, 'read')).toMatch(/–\s+read\s+not tried/);
    expect(result.stdout).toContain('check failed (exit code 3)');
  });

  it('exits 4 when every licence slot is taken: licence slot ✗', async () => {
    const full = await startFakeIikoServer({ licenceSlots: 0 });
    try {
      const result = await run(cli, ['check', '--base-url', full.url, '--login', full.server.login], { env: { IIKO_PASSWORD: full.server.password } });
      expect(result.code).toBe(4);
      expect(stepLine(result.stdout, 'licence slot')).toMatch(/✗.*License enhancement is required/);
    } finally {
      await full.close();
    }
  });

  it('exits 5 when nothing listens at the address: server ✗, every other step not tried', async () => {
    const port = await closedPort();
    const result = await run(cli, ['check', '--base-url', `http://127.0.0.1:${port}`, '--login', 'x'], { env: { IIKO_PASSWORD: 'secret-1' } });
    expect(result.code).toBe(5);
    expect(stepLine(result.stdout, 'server')).toMatch(/✗/);
    for (const step of ['login', 'licence slot', 'read', 'logout']) expect(stepLine(result.stdout, step)).toMatch(/–.*not tried/);
  });

  it('exits 5 when a web page answers instead of iikoServer (a proxy, a parking page)', async () => {
    const proxy = await startFakeIikoServer();
    proxy.server.injectFault({ kind: 'html', times: 10 });
    try {
      const result = await run(cli, ['check', '--base-url', proxy.url, '--login', proxy.server.login], { env: { IIKO_PASSWORD: proxy.server.password } });
      expect(result.code).toBe(5);
      expect(stepLine(result.stdout, 'server')).toMatch(/✗.*HTML/i);
    } finally {
      await proxy.close();
    }
  });

  it('exits 1 when the read fails with a server error, and still logs out', async () => {
    const broken = await startFakeIikoServer();
    broken.server.injectFault({ kind: 'status', status: 500, path: '/resto/api/corporation' });
    try {
      const result = await run(cli, ['check', '--base-url', broken.url, '--login', broken.server.login], { env: { IIKO_PASSWORD: broken.server.password } });
      expect(result.code).toBe(1);
      expect(stepLine(result.stdout, 'login')).toMatch(/✓/);
      expect(stepLine(result.stdout, 'read')).toMatch(/✗/);
      expect(stepLine(result.stdout, 'logout')).toMatch(/✓\s+logout\s+licence slot freed/);
      expect(broken.server.activeSessions()).toBe(0);
    } finally {
      await broken.close();
    }
  });
});
