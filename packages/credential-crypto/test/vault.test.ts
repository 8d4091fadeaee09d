import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import {
  AuthorizationError,
  createCredentialVault,
  createMemoryCredentialStore,
  isCredentialCryptoError,
  type AuditEvent,
  type CredentialStore,
  type CredentialVaultOptions,
  type IikoCredentials,
  type JsonObject,
  type VaultAction,
} from '../src/index';
import { testKeyring } from './helpers';

const ACCOUNT = '6f1c9a0e-5b7d-4c41-9d0e-2a9c51f0b7aa';
const OTHER = '0b5e6d2c-1111-4222-8333-944455556666';
const BASE_URL = 'https://chain.iiko.it:443/resto';
const iiko = { login: 'api-getinn', password: 'S3cret!pass' };

function setup(overrides: Partial<CredentialVaultOptions> = {}) {
  const clock = { current: new Date('2026-11-01T10:00:00Z') };
  const now = () => new Date(clock.current);
  const store = createMemoryCredentialStore();
  const events: AuditEvent[] = [];
  const vault = createCredentialVault({
    keyring: testKeyring('k2026-11'),
    store,
    now,
    audit: (event) => {
      events.push(event);
    },
    ...overrides,
  });
  /** Moves the vault's clock on by `seconds`. */
  const advance = (seconds: number) => {
    clock.current = new Date(clock.current.getTime() + seconds * 1000);
  };
  return { vault, store, events, advance };
}

async function validationIssues(run: () => Promise<unknown>): Promise<readonly string[]> {
  try {
    await run();
  } catch (error) {
    if (isCredentialCryptoError(error, 'CREDENTIAL_VALIDATION')) return error.issues;
    throw error;
  }
  throw new Error('expected a CredentialValidationError');
}

describe('createCredentialVault: put and get', () => {
  it('stores an iiko login encrypted and returns it with the row metadata', async () => {
    const { vault, store } = setup();
    const summary = await vault.put(ACCOUNT, 'iiko', iiko, { baseUrl: BASE_URL, actor: 'user:42' });
    expect(summary).toEqual({
      accountId: ACCOUNT,
      integrationType: 'iiko',
      baseUrl: BASE_URL,
      isActive: true,
      lastConnectedAt: null,
      connectionStatus: null,
      connectionError: null,
      createdAt: new Date('2026-11-01T10:00:00Z'),
      updatedAt: new Date('2026-11-01T10:00:00Z'),
      keyId: 'k2026-11',
    });
    expect('credentials' in summary).toBe(false);

    const row = await store.get(ACCOUNT, 'iiko');
    expect(row?.credentials).toMatchObject({ v: 1, alg: 'A256GCM', kid: 'k2026-11' });
    expect(JSON.stringify(row)).not.toContain(iiko.password);
    expect(JSON.stringify(row)).not.toContain(iiko.login);

    const read = await vault.get(ACCOUNT, 'iiko');
    expect(read).toEqual({ ...summary, credentials: iiko });
    expectTypeOf(read?.credentials).toEqualTypeOf<IikoCredentials | undefined>();
  });

  it('serves the call @getinn/iiko-sync makes: get(accountId, "iiko") as the default actor', async () => {
    const { vault, events } = setup();
    await vault.put(ACCOUNT, 'iiko', { login: 'api', passwordSha1: 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3' }, { baseUrl: BASE_URL });
    const stored = await vault.get(ACCOUNT, 'iiko');
    expect(stored?.credentials).toEqual({ login: 'api', passwordSha1: 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3' });
    expect(stored?.baseUrl).toBe(BASE_URL);
    expect(events.map((event) => event.actor)).toEqual(['system', 'system']);
  });

  it('fits the credential source @getinn/iiko-sync declares (get + recordConnection)', async () => {
    // The shape iiko-sync codes against, restated here: this package depends on no sibling.
    interface IikoCredentialSource {
      get(
        accountId: string,
        integrationType: 'iiko',
      ): Promise<
        | {
            credentials: { login: string; password?: string | undefined; passwordSha1?: string | undefined };
            baseUrl: string | null;
            lastConnectedAt?: Date | null | undefined;
          }
        | undefined
      >;
      recordConnection?(
        accountId: string,
        integrationType: 'iiko',
        result: { connected: boolean; error?: string; at?: Date },
      ): Promise<unknown>;
    }
    const { vault } = setup();
    const source: IikoCredentialSource = vault;
    await vault.put(ACCOUNT, 'iiko', iiko, { baseUrl: BASE_URL });
    expect((await source.get(ACCOUNT, 'iiko'))?.credentials).toEqual(iiko);
    await source.recordConnection?.(ACCOUNT, 'iiko', { connected: false, error: 'HTTP 401' });
    expect((await vault.list(ACCOUNT))[0]).toMatchObject({ connectionStatus: 'error', connectionError: 'HTTP 401' });
  });

  it('returns undefined for an account without credentials', async () => {
    const { vault, events } = setup();
    expect(await vault.get(ACCOUNT, 'iiko')).toBeUndefined();
    expect(events).toEqual([expect.objectContaining({ action: 'get', outcome: 'ok', keyId: null })]);
  });

  it('replaces credentials, keeping createdAt, baseUrl and isActive, and resetting the connection status', async () => {
    const { vault, advance } = setup();
    await vault.put(ACCOUNT, 'iiko', iiko, { baseUrl: BASE_URL, isActive: false });
    advance(60);
    await vault.recordConnection(ACCOUNT, 'iiko', { connected: false, error: 'Wrong password' });
    advance(60);
    const replaced = await vault.put(ACCOUNT, 'iiko', { login: 'api-getinn', password: 'N3w!pass' });
    expect(replaced).toMatchObject({
      baseUrl: BASE_URL,
      isActive: false,
      connectionStatus: null,
      connectionError: null,
      createdAt: new Date('2026-11-01T10:00:00Z'),
    });
    expect(replaced.updatedAt).toEqual(new Date('2026-11-01T10:02:00Z'));
    expect((await vault.get(ACCOUNT, 'iiko'))?.credentials).toEqual({ login: 'api-getinn', password: 'N3w!pass' });
  });

  it('accepts other integrations as plain JSON objects, and custom validators', async () => {
    const rKeeper = vi.fn((value: unknown) =>
      typeof (value as { token?: unknown }).token === 'string' ? [] : ['token: must be a string'],
    );
    const { vault } = setup({ validators: { r_keeper: rKeeper } });
    await vault.put(ACCOUNT, 'r_keeper', { token: 't-1' });
    expect((await vault.get(ACCOUNT, 'r_keeper'))?.credentials).toEqual({ token: 't-1' });
    expect(await validationIssues(() => vault.put(ACCOUNT, 'r_keeper', { key: 1 }))).toEqual(['token: must be a string']);
    expect(await validationIssues(() => vault.put(ACCOUNT, 'other', { when: new Date() } as never))).toEqual([
      'credentials/field 1: must be JSON (string, finite number, boolean, null, array or plain object)',
    ]);
    const typed = await vault.get(ACCOUNT, 'some_future_pos');
    expectTypeOf(typed?.credentials).toEqualTypeOf<JsonObject | undefined>();
  });

  it.each([
    ['no password', { login: 'api' }, BASE_URL, ['password: required (or passwordSha1)']],
    ['an empty login', { login: ' ', password: 'x' }, BASE_URL, ['login: must be a non-empty string']],
    ['an empty password', { login: 'api', password: '' }, BASE_URL, ['password: must be a non-empty string']],
    ['a bad SHA-1', { login: 'api', passwordSha1: 'abc' }, BASE_URL, ['passwordSha1: must be 40 hexadecimal digits']],
    ['an unknown field', { ...iiko, pin: '1234' }, BASE_URL, ['credentials: 1 unexpected field (allowed: login, password, passwordSha1)']],
    ['not an object', 'api:secret', BASE_URL, ['credentials: must be an object with login and password']],
    ['no baseUrl', iiko, null, ['baseUrl: required for iiko']],
    ['a relative baseUrl', iiko, '/resto', ['baseUrl: must be an absolute URL']],
    ['an ftp baseUrl', iiko, 'ftp://iiko.example', ['baseUrl: must be http: or https:']],
    ['a password in the baseUrl', iiko, 'https://api:S3cret@iiko.example/resto', ['baseUrl: must not contain a user or password (they belong in the credentials)']],
  ] as const)('refuses iiko credentials with %s, naming fields but no values', async (_label, credentials, baseUrl, expected) => {
    const { vault, store, events } = setup();
    const issues = await validationIssues(() => vault.put(ACCOUNT, 'iiko', credentials as never, { baseUrl }));
    expect(issues).toEqual(expected);
    expect(issues.join()).not.toMatch(/S3cret|1234|api:secret/);
    expect(await store.get(ACCOUNT, 'iiko')).toBeUndefined();
    expect(events).toEqual([expect.objectContaining({ action: 'put', outcome: 'error', errorCode: 'CREDENTIAL_VALIDATION', keyId: null })]);
  });

  it('refuses malformed call arguments before touching anything', async () => {
    const { vault, events } = setup();
    expect(await validationIssues(() => vault.get('', 'iiko'))).toEqual(['accountId: must be a non-empty string']);
    expect(await validationIssues(() => vault.get(ACCOUNT, 'ii ko'))).toEqual([
      'integrationType: must be 1–64 characters of A-Z a-z 0-9 . _ -',
    ]);
    expect(await validationIssues(() => vault.get(ACCOUNT, 'iiko', { actor: '' }))).toEqual(['actor: must be a non-empty string']);
    expect(events).toEqual([]);
  });

  it('binds credentials to their row: a copy in another account does not open', async () => {
    const { vault, store, events } = setup();
    await vault.put(ACCOUNT, 'iiko', iiko, { baseUrl: BASE_URL });
    const row = await store.get(ACCOUNT, 'iiko');
    if (row === undefined) throw new Error('row missing');
    await store.upsert({ ...row, accountId: OTHER });
    await store.upsert({ ...row, integrationType: 'r_keeper' });
    await expect(vault.get(OTHER, 'iiko')).rejects.toThrow('The credential envelope could not be decrypted.');
    await expect(vault.get(ACCOUNT, 'r_keeper')).rejects.toSatisfy((error) => isCredentialCryptoError(error, 'DECRYPTION_FAILED'));
    expect(events.slice(-2)).toEqual([
      expect.objectContaining({ action: 'get', accountId: OTHER, outcome: 'error', errorCode: 'DECRYPTION_FAILED', keyId: 'k2026-11' }),
      expect.objectContaining({ action: 'get', integrationType: 'r_keeper', outcome: 'error', errorCode: 'DECRYPTION_FAILED' }),
    ]);
  });
});

describe('createCredentialVault: list, delete, connection status', () => {
  it('lists an account\'s integrations without decrypting them', async () => {
    const { vault } = setup();
    await vault.put(ACCOUNT, 'r_keeper', { token: 't' });
    await vault.put(ACCOUNT, 'iiko', iiko, { baseUrl: BASE_URL });
    await vault.put(OTHER, 'iiko', iiko, { baseUrl: BASE_URL });
    const listed = await vault.list(ACCOUNT);
    expect(listed.map((s) => [s.accountId, s.integrationType, s.keyId])).toEqual([
      [ACCOUNT, 'iiko', 'k2026-11'],
      [ACCOUNT, 'r_keeper', 'k2026-11'],
    ]);
    expect(JSON.stringify(listed)).not.toContain('"ct"');
  });

  it('lists beyond one store page', async () => {
    const { vault } = setup();
    for (let i = 0; i < 130; i += 1) await vault.put(ACCOUNT, `pos_${String(i).padStart(3, '0')}`, { token: `t${i}` });
    expect(await vault.list(ACCOUNT)).toHaveLength(130);
  });

  it('deletes, reporting whether there was anything', async () => {
    const { vault, events } = setup();
    await vault.put(ACCOUNT, 'iiko', iiko, { baseUrl: BASE_URL });
    expect(await vault.delete(ACCOUNT, 'iiko', { actor: 'user:7' })).toBe(true);
    expect(await vault.delete(ACCOUNT, 'iiko', { actor: 'user:7' })).toBe(false);
    expect(await vault.get(ACCOUNT, 'iiko')).toBeUndefined();
    expect(events.slice(1, 3)).toEqual([
      expect.objectContaining({ action: 'delete', actor: 'user:7', keyId: 'k2026-11', outcome: 'ok' }),
      expect.objectContaining({ action: 'delete', actor: 'user:7', keyId: null, outcome: 'ok' }),
    ]);
  });

  it('records successes and failures in the status columns only', async () => {
    const { vault, store } = setup();
    await vault.put(ACCOUNT, 'iiko', iiko, { baseUrl: BASE_URL });
    const envelope = (await store.get(ACCOUNT, 'iiko'))?.credentials;

    const at = new Date('2026-11-02T08:30:00Z');
    const ok = await vault.recordConnection(ACCOUNT, 'iiko', { connected: true, at });
    expect(ok).toMatchObject({ connectionStatus: 'connected', lastConnectedAt: at, connectionError: null });

    const failed = await vault.recordConnection(ACCOUNT, 'iiko', { connected: false, error: 'x'.repeat(5000) });
    expect(failed).toMatchObject({ connectionStatus: 'error', lastConnectedAt: at });
    expect(failed?.connectionError).toHaveLength(1000);

    const generic = await vault.recordConnection(ACCOUNT, 'iiko', { connected: false });
    expect(generic?.connectionError).toBe('Connection failed');
    expect((await store.get(ACCOUNT, 'iiko'))?.credentials).toEqual(envelope);

    expect(await vault.recordConnection(OTHER, 'iiko', { connected: true })).toBeUndefined();
    expect(await validationIssues(() => vault.recordConnection(ACCOUNT, 'iiko', { connected: 'yes' as never }))).toEqual([
      'connected: must be a boolean',
    ]);
  });
});

describe('createCredentialVault: authorize and audit hooks', () => {
  it('asks authorize before every access, with actor, account and action', async () => {
    const authorize = vi.fn((_actor: string, _accountId: string, _action: VaultAction) => true);
    const { vault } = setup({ authorize });
    await vault.put(ACCOUNT, 'iiko', iiko, { baseUrl: BASE_URL, actor: 'user:1' });
    await vault.get(ACCOUNT, 'iiko', { actor: 'user:2' });
    await vault.list(ACCOUNT, { actor: 'user:3' });
    await vault.recordConnection(ACCOUNT, 'iiko', { connected: true, actor: 'service:iiko-sync' });
    await vault.delete(ACCOUNT, 'iiko');
    expect(authorize.mock.calls).toEqual([
      ['user:1', ACCOUNT, 'put'],
      ['user:2', ACCOUNT, 'get'],
      ['user:3', ACCOUNT, 'list'],
      ['service:iiko-sync', ACCOUNT, 'status'],
      ['system', ACCOUNT, 'delete'],
    ]);
  });

  it('denies with AuthorizationError, audits the denial and leaves the store alone', async () => {
    const store = createMemoryCredentialStore();
    const spied: CredentialStore = {
      get: vi.fn(store.get),
      upsert: vi.fn(store.upsert),
      update: vi.fn(store.update),
      delete: vi.fn(store.delete),
      list: vi.fn(store.list),
    };
    const { vault, events } = setup({
      store: spied,
      authorize: async (actor, _accountId, action) => actor === 'admin' || action === 'list',
    });
    const denied = vault.put(ACCOUNT, 'iiko', iiko, { baseUrl: BASE_URL, actor: 'user:9' });
    await expect(denied).rejects.toBeInstanceOf(AuthorizationError);
    await expect(vault.get(ACCOUNT, 'iiko', { actor: 'user:9' })).rejects.toMatchObject({
      code: 'AUTHORIZATION_DENIED',
      actor: 'user:9',
      accountId: ACCOUNT,
      action: 'get',
    });
    for (const method of ['get', 'upsert', 'update', 'delete', 'list'] as const) expect(spied[method]).not.toHaveBeenCalled();
    expect(events).toEqual([
      { at: expect.any(Date), actor: 'user:9', action: 'put', accountId: ACCOUNT, integrationType: 'iiko', keyId: null, outcome: 'denied' },
      { at: expect.any(Date), actor: 'user:9', action: 'get', accountId: ACCOUNT, integrationType: 'iiko', keyId: null, outcome: 'denied' },
    ]);
    expect(await vault.list(ACCOUNT, { actor: 'user:9' })).toEqual([]);
  });

  it('treats anything but true from authorize as a refusal, and a throwing authorize as an error', async () => {
    const { vault, events } = setup({ authorize: () => 'yes' as never });
    await expect(vault.get(ACCOUNT, 'iiko')).rejects.toBeInstanceOf(AuthorizationError);
    const failing = setup({
      authorize: () => {
        throw new Error('policy service down');
      },
    });
    await expect(failing.vault.get(ACCOUNT, 'iiko')).rejects.toThrow('policy service down');
    expect(events.at(-1)?.outcome).toBe('denied');
    expect(failing.events.at(-1)).toMatchObject({ outcome: 'error', errorCode: 'UNKNOWN' });
  });

  it('emits one audit event per access and change, with who, what, when and which key', async () => {
    const { vault, events, advance } = setup();
    await vault.put(ACCOUNT, 'iiko', iiko, { baseUrl: BASE_URL, actor: 'user:42' });
    advance(1);
    await vault.get(ACCOUNT, 'iiko', { actor: 'service:iiko-sync' });
    advance(3);
    await vault.recordConnection(ACCOUNT, 'iiko', { connected: true, actor: 'service:iiko-sync' });
    advance(1);
    await vault.list(ACCOUNT, { actor: 'user:42' });
    advance(1);
    await vault.delete(ACCOUNT, 'iiko', { actor: 'user:42' });
    expect(events).toEqual([
      { at: new Date('2026-11-01T10:00:00Z'), actor: 'user:42', action: 'put', accountId: ACCOUNT, integrationType: 'iiko', keyId: 'k2026-11', outcome: 'ok' },
      { at: new Date('2026-11-01T10:00:01Z'), actor: 'service:iiko-sync', action: 'get', accountId: ACCOUNT, integrationType: 'iiko', keyId: 'k2026-11', outcome: 'ok' },
      { at: new Date('2026-11-01T10:00:04Z'), actor: 'service:iiko-sync', action: 'status', accountId: ACCOUNT, integrationType: 'iiko', keyId: 'k2026-11', outcome: 'ok' },
      { at: new Date('2026-11-01T10:00:05Z'), actor: 'user:42', action: 'list', accountId: ACCOUNT, integrationType: null, keyId: null, outcome: 'ok' },
      { at: new Date('2026-11-01T10:00:06Z'), actor: 'user:42', action: 'delete', accountId: ACCOUNT, integrationType: 'iiko', keyId: 'k2026-11', outcome: 'ok' },
    ]);
  });

  it('fails closed when the audit sink fails: no credentials without a record', async () => {
    const { vault, store } = setup();
    await vault.put(ACCOUNT, 'iiko', iiko, { baseUrl: BASE_URL });
    const broken = createCredentialVault({
      keyring: testKeyring('k2026-11'),
      store,
      audit: async () => {
        throw new Error('audit log unavailable');
      },
    });
    await expect(broken.get(ACCOUNT, 'iiko')).rejects.toThrow('audit log unavailable');
  });
});
