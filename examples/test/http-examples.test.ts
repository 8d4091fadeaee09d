/**
 * Smoke tests of the examples that mount `@getinn/iiko-http`: each is spawned as a user would run it
 * (tsx, `--port 0`), talked to over HTTP, and stopped with SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SYNC_ENTITIES } from '@getinn/iiko-sync';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsx = join(root, 'node_modules/.bin/tsx');
const directory = mkdtempSync(join(tmpdir(), 'getinn-http-examples-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

interface Running {
  child: ChildProcess;
  output: { stdout: string; stderr: string };
  base: string;
  /** The fake iikoServer's address and login, from the startup lines (http-hono.ts, http-express.ts). */
  fake?: { url: string; login: string; password: string };
}

async function start(example: string, args: string[] = []): Promise<Running> {
  // Never a real server from the developer's environment: the examples use their fake one.
  const { IIKO_BASE_URL: _url, IIKO_LOGIN: _login, IIKO_PASSWORD: _password, ...environment } = process.env;
  const child = spawn(tsx, [`examples/${example}`, '--port', '0', ...args], { cwd: root, env: { ...environment, FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = { stdout: '', stderr: '' };
  child.stdout!.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening" line: ${output.stdout}${output.stderr}`)), 30_000);
    child.once('exit', () => reject(new Error(`exited early: ${output.stdout}${output.stderr}`)));
    child.stdout!.on('data', () => {
      const match = /listening on (http:\/\/\S+)/.exec(output.stdout);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
  });
  const fake = /fake iikoServer: (\S+) \(login (\S+), password (\S+)\)/.exec(output.stdout);
  return { child, output, base, ...(fake ? { fake: { url: fake[1]!, login: fake[2]!, password: fake[3]! } } : {}) };
}

async function stop(running: Running): Promise<number | null> {
  running.child.kill('SIGTERM');
  const [code] = (await once(running.child, 'exit')) as [number | null];
  return code;
}

const auth = { authorization: 'Bearer demo-token' };
const json = { ...auth, 'content-type': 'application/json' };

// Each example is a fresh tsx process (a few seconds to start) against a small fake chain.
describe('HTTP examples', { timeout: 60_000 }, () => {
  it('http-hono.ts connects an account (tested first), syncs it, shows its status and refuses strangers', async () => {
    const running = await start('http-hono.ts');
    try {
      const { base, fake } = running;
      const routes = `${base}/api/accounts/acc-north/integrations/iiko`;
      const wrong = await fetch(`${routes}/connect`, { method: 'POST', headers: json, body: JSON.stringify({ login: fake!.login, password: 'not-it', baseUrl: fake!.url }) });
      expect(wrong.status).toBe(422);
      expect(wrong.headers.get('content-type')).toBe('application/problem+json');
      const connected = await fetch(`${routes}/connect`, { method: 'POST', headers: json, body: JSON.stringify({ login: fake!.login, password: fake!.password, baseUrl: fake!.url }) });
      expect(connected.status).toBe(200);
      expect(await connected.json()).toMatchObject({ connected: true, serverVersion: expect.any(String) });
      const report = (await (await fetch(`${routes}/sync/all`, { method: 'POST', headers: auth })).json()) as { totals: { created: number } };
      expect(report.totals.created).toBeGreaterThan(0);
      const status = (await (await fetch(`${routes}/status`, { headers: auth })).json()) as { lastSync: Record<string, unknown> };
      expect(status.lastSync.invoices).toMatchObject({ entityType: 'invoices' });
      expect((await fetch(`${routes}/status`)).status).toBe(401);
      expect((await fetch(`${base}/api/accounts/acc-other/integrations/iiko/status`, { headers: auth })).status).toBe(403);
      expect(((await (await fetch(`${base}/api/openapi.json`)).json()) as { openapi: string }).openapi).toBe('3.1.0');
      expect(await (await fetch(`${base}/health`)).text()).toBe('ok');
    } finally {
      expect(await stop(running)).toBe(0);
    }
    expect(running.output.stdout).toContain('audit: user:demo put acc-north ok');
    expect(running.output.stdout).toContain('closed');
    expect(running.output.stderr).toBe('');
  });

  it('http-express.ts serves the same routes behind Express, reading bodies itself', async () => {
    const running = await start('http-express.ts');
    try {
      const { base, fake } = running;
      const routes = `${base}/api/accounts/acc-south/integrations/iiko`;
      const badJson = await fetch(`${routes}/connect`, { method: 'POST', headers: json, body: '{"login":' });
      expect(badJson.status).toBe(400);
      expect(((await badJson.json()) as { code: string }).code).toBe('INVALID_JSON');
      const connected = await fetch(`${routes}/connect`, { method: 'POST', headers: json, body: JSON.stringify({ login: fake!.login, password: fake!.password, baseUrl: fake!.url }) });
      expect(connected.status).toBe(200);
      const report = (await (await fetch(`${routes}/sync/suppliers`, { method: 'POST', headers: auth })).json()) as { entities: { suppliers: { status: string } } };
      expect(report.entities.suppliers.status).toBe('success');
      const logs = (await (await fetch(`${routes}/logs?limit=5`, { headers: auth })).json()) as { entries: { entityType: string }[] };
      expect(logs.entries.map((entry) => entry.entityType)).toEqual(['suppliers']);
      expect((await fetch(`${routes}/sync/menus`, { method: 'POST', headers: auth })).status).toBe(400);
      expect((await fetch(`${routes}/connect`, { method: 'DELETE', headers: auth })).status).toBe(204);
      expect(await (await fetch(`${base}/health`)).text()).toBe('ok');
    } finally {
      expect(await stop(running)).toBe(0);
    }
    expect(running.output.stdout).toContain('audit: user:demo delete acc-south ok');
    expect(running.output.stderr).toBe('');
  });

  it('sync-now-endpoint.ts runs a sync per POST on node:http, answers 409 to a concurrent one, serves the logs, and stops on SIGTERM', async () => {
    const running = await start('sync-now-endpoint.ts', ['--db', join(directory, 'sync-now.sqlite')]);
    try {
      const routes = `${running.base}/accounts/acc-north/integrations/iiko`;
      const [first, second] = await Promise.all([
        fetch(`${routes}/sync/all`, { method: 'POST', headers: auth }),
        fetch(`${routes}/sync/all`, { method: 'POST', headers: auth }),
      ]);
      expect([first.status, second.status].sort()).toEqual([200, 409]);
      const report = (await (first.status === 200 ? first : second).json()) as { status: string; totals: { created: number } };
      expect(report.totals.created).toBeGreaterThan(0);
      const logs = (await (await fetch(`${routes}/logs?limit=10`, { headers: auth })).json()) as { entries: { entityType: string }[] };
      expect(logs.entries.map((entry) => entry.entityType).sort()).toEqual([...DEFAULT_SYNC_ENTITIES].sort());
      expect((await fetch(`${running.base}/accounts/nobody/integrations/iiko/sync/all`, { method: 'POST', headers: auth })).status).toBe(403);
      expect((await fetch(`${routes}/sync/all`, { method: 'POST' })).status).toBe(401);
    } finally {
      expect(await stop(running)).toBe(0);
    }
    expect(running.output.stdout).toContain('closed');
  });
});
