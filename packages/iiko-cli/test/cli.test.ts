/**
 * The command line as a whole, run as the built bin: usage and help, where the password may come from,
 * that no password, hash or key ever reaches the output, and the progress display on a terminal and off
 * one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha1Hex, startFakeIikoServer, type RunningFakeIikoServer } from '@getinn/iiko-client/testing';
import { DEFAULT_SYNC_ENTITIES } from '@getinn/iiko-sync';
import { buildCli, run, runOnTerminal, type BuiltCli } from './support/cli';

const CANARY = 'canary-Пароль-7f3a9c';

let cli: BuiltCli;
let fake: RunningFakeIikoServer;
let env: Record<string, string>;
beforeAll(async () => {
  cli = await buildCli();
  fake = await startFakeIikoServer({
    password: CANARY,
    // The secrets test runs eight commands at once, each holding a session: enough slots for all.
    licenceSlots: 10,
    dataset: { restaurants: 1, storesPerRestaurant: 2, suppliers: 3, invoices: 6, linesPerInvoice: 2, from: '2026-10-01', to: '2026-10-20' },
  });
  env = { IIKO_BASE_URL: fake.url, IIKO_LOGIN: fake.server.login, IIKO_PASSWORD: CANARY, IIKO_CURRENCY: 'RUB' };
});
afterAll(async () => {
  cli?.dispose();
  await fake?.close();
});

/** The canary password in every form iiko or a log could show it. */
function expectNoSecret(...outputs: string[]): void {
  for (const output of outputs) {
    expect(output).not.toContain(CANARY);
    expect(output).not.toContain(sha1Hex(CANARY));
    expect(output.toLowerCase()).not.toContain(sha1Hex(CANARY).toLowerCase());
  }
}

describe('usage and help', () => {
  it('--help lists the commands, the exit codes and the environment; --version prints the version', async () => {
    const [help, version] = await Promise.all([run(cli, ['--help']), run(cli, ['--version'])]);
    expect(help.code).toBe(0);
    for (const command of ['check', 'dump', 'sync', 'keygen', 'rotate-keys']) expect(help.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(help.stdout).toMatch(/^Exit codes:\n {2}0 {4}done\n {2}1 {4}failure/m);
    expect(help.stdout).toContain('IIKO_BASE_URL, IIKO_LOGIN, IIKO_PASSWORD');
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('sync --help names every flag and the variables they read', async () => {
    const result = await run(cli, ['sync', '--help']);
    expect(result.code).toBe(0);
    for (const flag of ['--sqlite', '--database-url', '--entities', '--from', '--to', '--fake', '--fake-data-problems', '--password-stdin']) {
      expect(result.stdout).toContain(flag);
    }
    expect(result.stdout).toMatch(/\(env: IIKO_PASSWORD\)/);
  });

  it.concurrent.each([
    ['no command', [], /Usage: getinn-iiko/],
    ['an unknown command', ['import'], /unknown command 'import'/],
    ['an unknown option', ['check', '--verbose'], /unknown option '--verbose'/],
    ['--fake with --base-url', ['check', '--fake', '--base-url', 'http://x'], /--fake serves its own server and login: leave out --base-url/],
    ['no server', ['check'], /no iikoServer: pass --base-url or set IIKO_BASE_URL/],
    ['no login', ['check', '--base-url', 'http://127.0.0.1:1'], /no login: pass --login or set IIKO_LOGIN/],
    ['no password', ['check', '--base-url', 'http://127.0.0.1:1', '--login', 'x'], /no password: set IIKO_PASSWORD or use --password-stdin/],
    ['--password with --password-stdin', ['check', '--base-url', 'http://127.0.0.1:1', '--login', 'x', '--password', 'abcd', '--password-stdin'], /exclude each other/],
  ] as const)('exits 2 on %s', async (_label, args, message) => {
    const result = await run(cli, args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});

describe('the password', () => {
  it('--password-stdin reads it from standard input', async () => {
    const { IIKO_PASSWORD: _password, ...withoutPassword } = env;
    const result = await run(cli, ['check', '--password-stdin'], { env: withoutPassword, input: `${CANARY}\n` });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expectNoSecret(result.stdout, result.stderr);
  });

  it('--password works, with a warning that it lands in shell history and the process list', async () => {
    const { IIKO_PASSWORD: _password, ...withoutPassword } = env;
    const result = await run(cli, ['check', '--password', CANARY], { env: withoutPassword });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^warning: --password leaves the password in your shell history and in the process list; use IIKO_PASSWORD or --password-stdin instead$/m);
    expectNoSecret(result.stdout, result.stderr);
  });

  // Eight processes on a busy two-core machine: a generous timeout, no timing assertion.
  it('never appears, nor its SHA-1, in anything check, dump and sync print — on success or failure', { timeout: 120_000 }, async () => {
    const wrong = { ...env, IIKO_PASSWORD: `${CANARY}-wrong` };
    const runs = [
      ...(await Promise.all([
        run(cli, ['check'], { env }),
        run(cli, ['dump', 'suppliers', '--raw', '--format', 'json'], { env }),
        run(cli, ['dump', 'invoices', '--from', '2026-10-01', '--to', '2026-10-20', '--format', 'csv'], { env }),
        run(cli, ['sync', '--json'], { env }),
      ])),
      ...(await Promise.all([
        run(cli, ['sync'], { env }),
        // The canary as a wrong password: iiko's refusal must not echo it.
        run(cli, ['check'], { env: wrong }),
        run(cli, ['sync', '--quiet'], { env: wrong }),
        run(cli, ['dump', 'stores'], { env: wrong }),
      ])),
    ];
    expect(runs.map((result) => result.code)).toEqual([0, 0, 0, 0, 0, 3, 3, 3]);
    for (const result of runs) expectNoSecret(result.stdout, result.stderr);
    for (const result of runs.slice(5)) {
      expect(result.stdout + result.stderr).not.toContain(`${CANARY}-wrong`);
      expect(result.stdout + result.stderr).not.toContain(sha1Hex(`${CANARY}-wrong`));
    }
  });

  it('is asked for on a terminal when none is given, and not echoed', async () => {
    const { IIKO_PASSWORD: _password, ...withoutPassword } = env;
    const result = await runOnTerminal(cli, ['check'], withoutPassword, { prompt: `iiko password for ${fake.server.login}: `, text: `${CANARY}\r` });
    expect(result.output).toContain('all steps passed');
    expect(result.code).toBe(0);
    expectNoSecret(result.output);
  });
});

describe('the progress display', () => {
  it('is plain lines on standard error when it is not a terminal: one per entity, no escape codes', async () => {
    const result = await run(cli, ['sync'], { env });
    expect(result.code).toBe(0);
    expect(result.stderr.split('\n').filter(Boolean)).toEqual(
      DEFAULT_SYNC_ENTITIES.map((entity) => expect.stringMatching(new RegExp(`^ {2}${entity}: \\d+ stored of \\d+ read$`))),
    );
    expect(result.stderr + result.stdout).not.toContain('\u001b');
  });

  it('is a live bar on a terminal (a pseudo-terminal through script), cleared before the summary', async () => {
    const result = await runOnTerminal(cli, ['sync', '--fake']);
    expect(result.code).toBe(0);
    expect(result.output).toMatch(/syncing \[[█░]+\] \d+% \| (restaurants|stores|suppliers|invoices)/);
    // cli-progress redraws the line in place and hides the cursor while it runs.
    expect(result.output).toContain('\u001b[?25l');
    expect(result.output).toMatch(/sync success — account default/);
  });
});
