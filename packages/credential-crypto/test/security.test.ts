import { createCipheriv } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  createCredentialVault,
  createKeyring,
  createMemoryCredentialStore,
  decryptCredentials,
  decryptLegacy,
  encryptCredentials,
  keyringFromEnv,
  reencrypt,
  rotateCredentials,
  type AuditEvent,
} from '../src/index';

// Canary values: if any of these strings shows up in an error or event, a secret leaked.
const CANARY_PASSWORD = 'CANARY-PASSWORD-c4n4ry-9f2e1d';
const CANARY_LOGIN = 'CANARY-LOGIN-71b3';
const CANARY_KEY = Buffer.from('CANARY-KEY-32-bytes-of-secret!!!', 'utf8');
const CANARY_SHORT_KEY = Buffer.from('CANARY-KEY-short', 'utf8');
const canaries = [
  CANARY_PASSWORD,
  CANARY_LOGIN,
  CANARY_KEY.toString('base64'),
  CANARY_KEY.toString('base64url'),
  CANARY_KEY.toString('hex'),
  CANARY_KEY.toString('latin1'),
  CANARY_SHORT_KEY.toString('base64'),
  'CANARY-KEY',
];

expect(CANARY_KEY).toHaveLength(32);

/** Every string form of `value` a log line or error report could take. */
function renderings(value: unknown): string[] {
  const forms = [inspect(value, { depth: Infinity, showHidden: true }), inspect(value, { depth: Infinity, customInspect: false })];
  try {
    forms.push(JSON.stringify(value) ?? '');
  } catch {
    // Not serializable: nothing to leak this way.
  }
  if (value instanceof Error) {
    forms.push(value.message, value.stack ?? '', String(value));
    if (value.cause !== undefined) forms.push(...renderings(value.cause));
  }
  return forms;
}

function expectNoCanary(value: unknown): void {
  for (const text of renderings(value)) {
    for (const canary of canaries) expect(text).not.toContain(canary);
  }
}

async function caught(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

const context = { accountId: 'acc-canary', integrationType: 'iiko' };
const keyring = createKeyring({ keys: { canary: CANARY_KEY }, primaryKeyId: 'canary' });
const secret = { login: CANARY_LOGIN, password: CANARY_PASSWORD };

describe('no secret in errors, audit events or logged objects (canary values)', () => {
  it('the keyring shows ids only, however it is logged', () => {
    expectNoCanary(keyring);
    const fromEnv = keyringFromEnv({ CREDENTIAL_KEYS: `k1:${CANARY_KEY.toString('base64')}` });
    expectNoCanary(fromEnv);
    expectNoCanary({ nested: { keyring: fromEnv } });
    expect(inspect(fromEnv, { customInspect: false, showHidden: true })).not.toMatch(/KeyObject|symmetricKeySize/);
  });

  it('decryption errors carry nothing of the envelope, key or value', async () => {
    const envelope = encryptCredentials(keyring, secret, context);
    const errors = [
      await caught(() => decryptCredentials(keyring, envelope, { ...context, accountId: 'other' })),
      await caught(() => decryptCredentials(keyring, { ...envelope, tag: envelope.tag.slice(0, 16) }, context)),
      await caught(() => decryptCredentials(keyring, { ...envelope, kid: 'nope' }, context)),
      await caught(() => decryptCredentials(keyring, JSON.stringify(envelope).slice(0, 40), context)),
      await caught(() => reencrypt(keyring, envelope, { accountId: 'x' })),
    ];
    for (const error of errors) {
      expectNoCanary(error);
      expect(renderings(error).join()).not.toContain(envelope.ct);
      expect((error as Error).cause).toBeUndefined();
    }
  });

  it('every refusal looks the same, down to the stack trace', () => {
    const envelope = encryptCredentials(keyring, secret, context);
    const tag = Buffer.from(envelope.tag, 'base64url');
    const cases: Array<[unknown, typeof context]> = [
      ['not json', context],
      [{ ...envelope, v: 2 }, context],
      [{ ...envelope, kid: 'unknown' }, context],
      [{ ...envelope, tag: tag.subarray(0, 12).toString('base64url') }, context],
      [{ ...envelope, ct: envelope.ct.slice(0, -2) }, context],
      [{ ...envelope, tag: Buffer.from(tag.map((byte) => byte ^ 1)).toString('base64url') }, context],
      [envelope, { ...context, accountId: 'other' }],
    ];
    const seen = new Set<string>();
    for (const [candidate, bound] of cases) {
      try {
        decryptCredentials(keyring, candidate, bound);
        seen.add('opened');
      } catch (error) {
        seen.add(`${(error as Error).message}\n${(error as Error).stack}\n${JSON.stringify(error)}`);
      }
    }
    expect(seen.size).toBe(1);
    expect([...seen][0]).toMatch(/^The credential envelope could not be decrypted\./);
  });

  it('keyring configuration errors never quote a key', async () => {
    const errors = [
      await caught(() => createKeyring({ keys: { k: CANARY_SHORT_KEY }, primaryKeyId: 'k' })),
      await caught(() => createKeyring({ keys: { k: CANARY_SHORT_KEY.toString('base64') }, primaryKeyId: 'k' })),
      await caught(() => keyringFromEnv({ CREDENTIAL_KEYS: `k1:${CANARY_SHORT_KEY.toString('base64')}` })),
      await caught(() => keyringFromEnv({ CREDENTIAL_KEYS: `k1:${CANARY_KEY.toString('base64')}!` })),
      await caught(() => keyringFromEnv({ CREDENTIAL_KEYS: CANARY_KEY.toString('base64') })),
      await caught(() => keyringFromEnv({ CREDENTIAL_KEYS: `${CANARY_KEY.toString('base64url')}:k1` })),
      await caught(() => keyringFromEnv({ CREDENTIAL_KEYS: `k1:${CANARY_KEY.toString('base64')}`, CREDENTIAL_PRIMARY_KEY_ID: CANARY_KEY.toString('base64url') })),
      await caught(() => keyringFromEnv({ CREDENTIAL_ENCRYPTION_KEY: CANARY_KEY.toString('base64') })),
      await caught(() => keyringFromEnv({ CREDENTIAL_KEYS: `k1:${CANARY_KEY.toString('base64')}`, CREDENTIAL_ENCRYPTION_NONCE: CANARY_PASSWORD })),
    ];
    for (const error of errors) expectNoCanary(error);
  });

  it('legacy decryption errors never quote the key, nonce or value', async () => {
    const cipher = createCipheriv('aes-256-gcm', CANARY_KEY, Buffer.alloc(12, 7));
    const sealed = Buffer.concat([cipher.update(JSON.stringify(secret)), cipher.final(), cipher.getAuthTag()]).toString('base64');
    const errors = [
      await caught(() => decryptLegacy(sealed, { key: CANARY_KEY, nonce: Buffer.alloc(12, 8) })),
      await caught(() => decryptLegacy(sealed, { key: CANARY_SHORT_KEY, nonce: Buffer.alloc(12, 7) })),
      await caught(() => decryptLegacy(sealed, { key: CANARY_KEY, nonce: CANARY_SHORT_KEY })),
      await caught(() => decryptLegacy(sealed, { key: CANARY_KEY, nonce: Buffer.alloc(12, 7), format: 'json' }) && decryptLegacy(`${sealed}x`, { key: CANARY_KEY, nonce: Buffer.alloc(12, 7) })),
    ];
    for (const error of errors) expectNoCanary(error);
  });

  it('vault errors and audit events carry ids only, for every action and outcome', async () => {
    const events: AuditEvent[] = [];
    const store = createMemoryCredentialStore();
    const vault = createCredentialVault({
      keyring,
      store,
      audit: (event) => void events.push(event),
      authorize: (actor) => actor !== 'intruder',
    });
    await vault.put('acc-canary', 'iiko', secret, { baseUrl: 'https://iiko.example/resto', actor: 'user:1' });
    await vault.get('acc-canary', 'iiko');
    await vault.list('acc-canary');
    await vault.recordConnection('acc-canary', 'iiko', { connected: true });
    const errors = [
      await caught(() => vault.put('acc-canary', 'iiko', { login: CANARY_LOGIN, passwordSha1: CANARY_PASSWORD })),
      await caught(() => vault.put('acc-canary', 'iiko', { ...secret, [CANARY_PASSWORD]: CANARY_PASSWORD } as never)),
      await caught(() => vault.put('acc-canary', 'iiko', secret, { baseUrl: `https://${CANARY_LOGIN}:${CANARY_PASSWORD}@iiko.example` })),
      await caught(() => vault.put('acc-canary', 'other', { deep: { value: CANARY_PASSWORD, bad: Number.NaN } })),
      await caught(() => vault.get('acc-canary', 'iiko', { actor: 'intruder' })),
    ];
    const row = await store.get('acc-canary', 'iiko');
    if (row === undefined) throw new Error('row missing');
    await store.upsert({ ...row, accountId: 'acc-copy' });
    errors.push(await caught(() => vault.get('acc-copy', 'iiko')));
    await vault.delete('acc-canary', 'iiko');

    const rotated = createKeyring({ keys: { canary: CANARY_KEY, next: Buffer.alloc(32, 1) }, primaryKeyId: 'next' });
    await rotateCredentials({ keyring: rotated, store, audit: (event) => void events.push(event) });

    for (const error of errors) expectNoCanary(error);
    expect(new Set(events.map((e) => `${e.action}:${e.outcome}`))).toEqual(
      new Set(['put:ok', 'get:ok', 'list:ok', 'status:ok', 'put:error', 'get:denied', 'get:error', 'delete:ok', 'rotate:error']),
    );
    for (const event of events) {
      expectNoCanary(event);
      expect(renderings(event).join()).not.toContain(row.credentials.ct);
      expect(renderings(event).join()).not.toContain(row.credentials.iv);
    }
  });
});
