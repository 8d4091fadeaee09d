import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createKeyring, decryptCredentials, encryptCredentials, keyringFromEnv } from '../src/index';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** Runs the source CLI the way `npx @getinn/credential-crypto` runs the built one. */
function cli(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: packageDir,
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('credential-crypto CLI', () => {
  it('keygen prints one CREDENTIAL_KEYS entry that keyringFromEnv accepts', () => {
    const run = cli('keygen');
    expect(run.status).toBe(0);
    const entry = run.stdout.trim();
    expect(run.stdout).toBe(`${entry}\n`);
    expect(entry).toMatch(/^k\d{4}-\d{2}:[A-Za-z0-9+/]{43}=$/);
    const keyring = keyringFromEnv({ CREDENTIAL_KEYS: entry });
    const [kid] = entry.split(':');
    expect(keyring.primaryKeyId).toBe(kid);
    const context = { accountId: 'a', integrationType: 'iiko' };
    expect(decryptCredentials(keyring, encryptCredentials(keyring, 'ok', context), context)).toBe('ok');
  });

  it('keygen --id names the key, and every run draws a new key', () => {
    const first = cli('keygen', '--id', 'k2027-01.primary').stdout.trim();
    const second = cli('keygen', '--id', 'k2027-01.primary').stdout.trim();
    expect(first.startsWith('k2027-01.primary:')).toBe(true);
    expect(first).not.toBe(second);
    const key = first.slice(first.indexOf(':') + 1);
    expect(Buffer.from(key, 'base64')).toHaveLength(32);
    expect(() => createKeyring({ keys: { k: key }, primaryKeyId: 'k' })).not.toThrow();
  });

  it('--help prints the usage', () => {
    const run = cli('--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: credential-crypto keygen \[--id <kid>\]/);
    expect(run.stdout).toMatch(/CREDENTIAL_PRIMARY_KEY_ID/);
  });

  it.each([
    [[], /missing command/],
    [['rotate'], /unknown command "rotate"/],
    [['keygen', '--id', 'bad id'], /--id: a key id is 1–64 characters/],
    [['keygen', '--id', 'legacy'], /reserved/],
    [['keygen', '--length', '16'], /Unknown option '--length'/],
    [['keygen', 'extra'], /unexpected argument "extra"/],
  ])('refuses %j with exit code 2 and the usage on stderr', (args, message) => {
    const run = cli(...args);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/Usage:/);
  });
});
