import { afterEach, describe, expect, it, vi } from 'vitest';
import { PATHS, useSuite } from './support/suite';
import { recordingLogger } from './support/logger';

const suite = useSuite();

const CONSOLE_METHODS = ['log', 'debug', 'info', 'warn', 'error', 'trace'] as const;

function spyOnConsole() {
  return Object.fromEntries(CONSOLE_METHODS.map((name) => [name, vi.spyOn(console, name).mockImplementation(() => undefined)])) as Record<
    (typeof CONSOLE_METHODS)[number],
    ReturnType<typeof vi.spyOn>
  >;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('at debug level', () => {
  it('logs every request — answered or not — with method, path, status, attempt and duration', async () => {
    const fake = suite.fake();
    fake.server.injectFault({ kind: 'reset', path: PATHS.suppliers });
    fake.server.injectFault({ kind: 'status', status: 500, path: PATHS.suppliers });
    const log = recordingLogger();
    const client = fake.client({ logger: log.logger, logLevel: 'debug' });

    await client.suppliers();
    await client.serverInfo();
    await client.close();

    const lines = log.requestLines().map((line) => line.object);
    expect(lines).toHaveLength(fake.server.requests.length);
    expect(lines.map((line) => [line['path'], line['status'], line['attempt']])).toEqual([
      [PATHS.auth, 200, 1],
      [PATHS.suppliers, 0, 1],
      [PATHS.suppliers, 500, 2],
      [PATHS.suppliers, 200, 3],
      [PATHS.serverInfo, 200, 1],
      [PATHS.logout, 200, 1],
    ]);
    for (const line of lines) {
      expect(line['method']).toBe('GET');
      expect(line['durationMs']).toEqual(expect.any(Number));
      expect(line['durationMs']).toBeGreaterThanOrEqual(0);
    }
    expect(lines[1]!['error']).toBe('NETWORK_ERROR');
  });

  it('logs the path alone, never the query with its key', async () => {
    const fake = suite.fake();
    const log = recordingLogger();
    const client = fake.client({ logger: log.logger, logLevel: 'debug' });

    await client.incomingInvoices({ from: '2026-07-01', to: '2026-07-02', supplierIds: ['s1'] });

    expect(log.text()).not.toMatch(/key=|pass=|[?&]from=/);
    expect(log.requestLines().map((line) => line.object['path'])).toContain(PATHS.invoices);
  });
});

describe('at the default level of a given logger (info)', () => {
  it('says login, logout, retries and re-logins, but not each request', async () => {
    const fake = suite.fake();
    fake.server.injectFault({ kind: 'status', status: 503, path: PATHS.departments });
    fake.server.injectFault({ kind: 'status', status: 401, path: PATHS.stores });
    const log = recordingLogger();
    const client = fake.client({ logger: log.logger });

    await client.departments();
    await client.stores();
    await client.close();

    expect(log.lines.filter((line) => line.level === 'debug')).toEqual([]);
    const said = log.lines.map((line) => `${line.level} ${line.message}`);
    expect(said).toEqual([
      'info iiko login',
      'warn iiko request failed, retrying',
      'warn iiko session rejected (401); logging in again',
      'info iiko logout',
      'info iiko login',
      'info iiko logout',
    ]);
    const retry = log.lines.find((line) => line.level === 'warn')!.object;
    expect(retry).toMatchObject({ path: PATHS.departments, attempt: 1, status: 503, error: 'SERVER_ERROR' });
  });

  it('logLevel silent with a logger says nothing, failures included', async () => {
    const fake = suite.fake();
    fake.server.injectFault({ kind: 'status', status: 500, path: PATHS.departments, times: 5 });
    const log = recordingLogger();
    const client = fake.client({ logger: log.logger, logLevel: 'silent' });

    await expect(client.departments()).rejects.toThrow();
    await client.close();

    expect(log.lines).toEqual([]);
  });
});

describe('without a logger', () => {
  it('is quiet: nothing reaches the console, through successes, retries, re-logins and failures', async () => {
    const spies = spyOnConsole();
    const fake = suite.fake();
    fake.server.injectFault({ kind: 'reset', path: PATHS.suppliers });
    fake.server.injectFault({ kind: 'status', status: 401, path: PATHS.stores });
    fake.server.injectFault({ kind: 'status', status: 500, path: PATHS.departments, times: 5 });
    const client = fake.client();

    await client.suppliers();
    await client.stores();
    await expect(client.departments()).rejects.toThrow();
    await client.close();

    expect(fake.server.requests.length).toBeGreaterThan(8);
    for (const name of CONSOLE_METHODS) expect(spies[name], `console.${name}`).not.toHaveBeenCalled();
  });

  it('with logLevel alone writes JSON lines to the console, as documented', async () => {
    const spies = spyOnConsole();
    const fake = suite.fake();
    const client = fake.client({ logLevel: 'debug' });

    await client.serverInfo();

    expect(spies.debug).toHaveBeenCalledTimes(1);
    const line = JSON.parse(String(spies.debug.mock.calls[0]![0])) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'debug', msg: 'iiko request', method: 'GET', path: PATHS.serverInfo, status: 200, attempt: 1 });
  });
});
