/**
 * `getinn-iiko keygen` and `getinn-iiko rotate-keys`, run as child processes; rotation over the
 * PostgreSQL credential store of `@getinn/iiko-postgres` on the run's real server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCredentialVault,
  createKeyring,
  decryptCredentials,
  encryptCredentials,
  keyringFromEnv,
  rowContext,
} from '@getinn/credential-crypto';
import { createPostgresCredentialStore, migrate } from '@getinn/iiko-postgres';
import { testDatabase } from '../../../test-support/postgres';
import { buildCli, run, type BuiltCli } from './support/cli';

let cli: BuiltCli;
beforeAll(async () => {
  cli = await buildCli();
});
afterAll(() => cli?.dispose());

describe('getinn-iiko keygen', () => {
  it('prints one CREDENTIAL_KEYS entry that keyringFromEnv accepts, a new key every time', async () => {
    const [first, second] = await Promise.all([run(cli, ['keygen']), run(cli, ['keygen', '--id', 'k2027-01.primary'])]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^k\d{4}-\d{2}:[A-Za-z0-9+/]{43}=\n$/);
    const entry = first.stdout.trim();
    const keyring = keyringFromEnv({ CREDENTIAL_KEYS: entry });
    expect(keyring.primaryKeyId).toBe(entry.slice(0, entry.indexOf(':')));
    const context = { accountId: 'a', integrationType: 'iiko' };
    expect(decryptCredentials(keyring, encryptCredentials(keyring, 'ok', context), context)).toBe('ok');
    expect(second.stdout.startsWith('k2027-01.primary:')).toBe(true);
    expect(second.stdout.slice(second.stdout.indexOf(':'))).not.toBe(first.stdout.slice(first.stdout.indexOf(':')));
    // Not on a terminal: the advice stays off standard error.
    expect(first.stderr).toBe('');
  });

  it.concurrent.each([
    [['keygen', '--id', 'bad id'], /--id: a key id is 1–64 characters/],
    [['keygen', '--id', 'legacy'], /reserved for CREDENTIAL_ENCRYPTION_KEY/],
    [['keygen', 'extra'], /too many arguments/],
  ])('exits 2 on %j', async (args, message) => {
    const result = await run(cli, args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
  });
});

describe('getinn-iiko rotate-keys', () => {
  const oldKey = Buffer.alloc(32, 1).toString('base64');
  const newKey = Buffer.alloc(32, 2).toString('base64');
  const keys = `k-old:${oldKey},k-new:${newKey}`;

  it('re-seals every row under the primary key, leaves a row that does not open, and exits 6 naming it', async () => {
    const db = await testDatabase('iiko_cli_keys');
    try {
      await migrate(db.pool, { schema: db.schema });
      const store = createPostgresCredentialStore(db.pool, { schema: db.schema });
      const old = createCredentialVault({ keyring: createKeyring({ keys: { 'k-old': oldKey }, primaryKeyId: 'k-old' }), store });
      for (const account of ['acc-1', 'acc-2', 'acc-3']) {
        await old.put(account, 'iiko', { login: `login-${account}`, password: `password-${account}` }, { baseUrl: 'https://x.iiko.it', actor: 'test' });
      }
      // A row copied from another account: its envelope is bound to acc-1 and does not open as acc-3.
      const copied = (await store.get('acc-1', 'iiko'))!;
      await store.update('acc-3', 'iiko', { credentials: copied.credentials, updatedAt: new Date() });

      const env = { CREDENTIAL_KEYS: keys, CREDENTIAL_PRIMARY_KEY_ID: 'k-new' };
      const result = await run(cli, ['rotate-keys', '--database-url', db.url, '--schema', db.schema, '--page-size', '2'], { env });
      expect(result.code).toBe(6);
      expect(result.stdout).toMatch(/^rows looked at\s+3$/m);
      expect(result.stdout).toMatch(/^re-sealed under the primary key\s+2$/m);
      expect(result.stdout).toMatch(/^did not open \(left as they are\)\s+1$/m);
      expect(result.stdout).toMatch(/^ {2}acc-3 iiko$/m);
      expect(result.stderr).toContain(`schema ${db.schema} to primary key k-new`);
      // The database URL's password would be starred; the keys are never printed.
      expect(result.stdout + result.stderr).not.toContain(newKey);

      const keyring = keyringFromEnv(env);
      for (const account of ['acc-1', 'acc-2']) {
        const row = (await store.get(account, 'iiko'))!;
        expect((row.credentials as { kid: string }).kid).toBe('k-new');
        expect(decryptCredentials(keyring, row.credentials, rowContext(account, 'iiko'))).toMatchObject({ login: `login-${account}` });
      }

      // Rerun: nothing left to re-seal; the unreadable row still reported.
      const again = await run(cli, ['rotate-keys', '--database-url', db.url, '--schema', db.schema], { env });
      expect(again.code).toBe(6);
      expect(again.stdout).toMatch(/^already under the primary key\s+2$/m);
      expect(again.stdout).toMatch(/^re-sealed under the primary key\s+0$/m);
    } finally {
      await db.dispose();
    }
  });

  it('exits 0 when every row opens', async () => {
    const db = await testDatabase('iiko_cli_keys_ok');
    try {
      await migrate(db.pool, { schema: db.schema });
      const store = createPostgresCredentialStore(db.pool, { schema: db.schema });
      const old = createCredentialVault({ keyring: createKeyring({ keys: { 'k-old': oldKey }, primaryKeyId: 'k-old' }), store });
      await old.put('acc-1', 'iiko', { login: 'l', password: 'password-1' }, { baseUrl: 'https://x.iiko.it', actor: 'test' });
      const result = await run(cli, ['rotate-keys', '--database-url', db.url, '--schema', db.schema], { env: { CREDENTIAL_KEYS: keys, CREDENTIAL_PRIMARY_KEY_ID: 'k-new' } });
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^re-sealed under the primary key\s+1$/m);
    } finally {
      await db.dispose();
    }
  });

  it.concurrent.each([
    ['without --database-url', ['rotate-keys'], {}, /required option '--database-url <url>' not specified/],
    ['without CREDENTIAL_KEYS', ['rotate-keys', '--database-url', 'postgres://127.0.0.1:1/x'], {}, /No credential key is configured/],
    ['with two keys and no primary', ['rotate-keys', '--database-url', 'postgres://127.0.0.1:1/x'], { CREDENTIAL_KEYS: keys }, /CREDENTIAL_PRIMARY_KEY_ID is not set/],
    ['with --page-size 0', ['rotate-keys', '--database-url', 'postgres://127.0.0.1:1/x', '--page-size', '0'], {}, /--page-size: "0" is not a positive whole number/],
  ] as const)('exits 2 %s', async (_label, args, env, message) => {
    const result = await run(cli, args, { env: { ...env } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
