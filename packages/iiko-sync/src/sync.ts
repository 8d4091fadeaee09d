import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { IikoClient, createMemorySessionStore, type IikoClientOptions, type Logger } from '@getinn/iiko-client';
import { DEFAULTS, INTEGRATION_TYPE } from './constants';
import { recordConnection, secretsOf, type IikoCredentialEntry, type IikoCredentialSource } from './credentials';
import { dateFormatter, isCalendarDate } from './dates';
import { redactorFor } from './describe-error';
import {
  CredentialsNotFoundError,
  IntegrationInactiveError,
  SyncConfigurationError,
  SyncDisabledError,
  SyncInProgressError,
  SyncStoreError,
} from './errors';
import type {
  Clock,
  ConnectionTestResult,
  IikoSyncOptions,
  RunOptions,
  SyncSettings,
  TestConnectionOptions,
} from './options';
import { probeServer, type CredentialsTestResult } from './probe';
import type { SyncReport } from './report';
import { SyncRun } from './run';
import { DEFAULT_SYNC_ENTITIES, SYNC_ENTITY_TYPES, type ListLogsOptions, type SyncEntityType, type SyncLogEntry } from './sync-store';

/** A sync bound to a store and a credential source; see {@link createIikoSync}. */
export interface IikoSync {
  /**
   * Checks that the account's iikoServer is reachable and accepts its login: reads the server's health
   * page (no licence slot), logs in, reads the corporate tree, logs out. Records the outcome through the
   * credential source's `recordConnection` when it has one (the vault does). Never throws for a failed
   * connection — that is the answer — only for a missing account ({@link CredentialsNotFoundError}),
   * an inactive one ({@link IntegrationInactiveError}) or a disabled sync ({@link SyncDisabledError}).
   * It passes the same gate and shares the same session as runs (the sync's `clientOptions`).
   *
   * @example
   * ```ts
   * const status = await sync.testConnection(accountId);
   * if (!status.isConnected) showBanner(status.connectionError); // "…no free licence slot…"
   * ```
   */
  testConnection(accountId: string, options?: TestConnectionOptions): Promise<ConnectionTestResult>;
  /**
   * The same check as {@link IikoSync.testConnection} — health page, login, one read, logout — for a
   * login that is not stored yet, with the sync's client options (timeouts, gate) but a session of its
   * own: it always logs in with the password given, never joining a live session of the same login, which
   * would pass any password. Records nothing and reads no credential source: it is how a "connect" form
   * validates credentials before they are sealed and stored. Never throws for a failed connection; a
   * missing `baseUrl` is a failure with code `INVALID_CONFIGURATION`.
   *
   * @example
   * ```ts
   * const check = await sync.testCredentials({ credentials: { login, password }, baseUrl });
   * if (check.isConnected) await vault.put(accountId, 'iiko', { login, password }, { baseUrl });
   * else showError(check.connectionError); // "…wrong login or password…"
   * ```
   */
  testCredentials(entry: IikoCredentialEntry, options?: TestConnectionOptions): Promise<CredentialsTestResult>;
  /**
   * The account's latest sync log entries, newest first: the store's `listLogs`, so that a host holding
   * only the sync (an HTTP handler, a command line) can show what the runs did.
   *
   * @example
   * ```ts
   * const [last] = await sync.listLogs(accountId, { limit: 1, entityType: 'invoices' });
   * ```
   */
  listLogs(accountId: string, options: ListLogsOptions): Promise<SyncLogEntry[]>;
  /**
   * Brings the account up to date with its iikoServer: restaurants → stores → suppliers → products → invoices, each
   * fetched, mapped and committed batch by batch, with a sync log entry per entity and one client session
   * for the whole run, released at the end whatever happens.
   *
   * Idempotent: a rerun rewrites and duplicates nothing. A failure keeps what was committed, and a rerun
   * completes the rest. iiko failures do not throw: they are in the returned report (and the log).
   *
   * @throws {@link SyncInProgressError} when the account's lock is held by another run (nothing was done).
   * @throws {@link CredentialsNotFoundError} when the account has no iiko credentials.
   * @throws {@link IntegrationInactiveError} when the account's credentials row is `isActive: false`.
   * @throws {@link SyncDisabledError} when the sync was created with `enabled: false`.
   * @throws {@link SyncConfigurationError} for invalid options.
   *
   * @example
   * ```ts
   * const report = await sync.run(accountId, { signal: AbortSignal.timeout(15 * 60_000) });
   * console.log(report.status, report.totals);
   * ```
   */
  run(accountId: string, options?: RunOptions): Promise<SyncReport>;
}

const quietLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * Creates a sync: the orchestration of credentials, the iiko client, the mappers and a {@link SyncStore}.
 * Storage and scheduling stay with the host — call `run` from a cron job, a queue worker or a "sync now"
 * button; the store's lock keeps one account's runs from overlapping.
 *
 * @example
 * ```ts
 * import { createCredentialVault, keyringFromEnv } from '@getinn/credential-crypto';
 * import { createIikoSync } from '@getinn/iiko-sync';
 * import { createSqliteSyncStore } from '@getinn/iiko-sync/sqlite';
 *
 * const sync = createIikoSync({
 *   store: createSqliteSyncStore({ filename: 'iiko-sync.sqlite' }),
 *   credentials: createCredentialVault({ keyring: keyringFromEnv(), store: credentialStore }),
 *   currency: 'RUB',
 *   timeZone: 'Europe/Moscow',
 * });
 * await sync.testConnection(accountId);
 * const report = await sync.run(accountId);
 * ```
 */
export function createIikoSync(options: IikoSyncOptions): IikoSync {
  const settings = resolveSettings(options);
  const { store, credentials } = options;
  const logger = options.logger ?? quietLogger;
  const clock: Clock = options.clock ?? { now: Date.now };

  const enabled = options.enabled ?? true;

  /** `enabled: false` refuses everything before any read or request. */
  function refuseIfDisabled(accountId?: string): void {
    if (!enabled) throw new SyncDisabledError(accountId);
  }

  /** The account's credentials; throws when there are none or the integration is switched off. */
  async function credentialsOf(accountId: string): Promise<IikoCredentialEntry> {
    const entry = await credentials.get(accountId, INTEGRATION_TYPE);
    if (entry === undefined) throw new CredentialsNotFoundError(accountId);
    // A paused integration must not take a licence slot, not even for a connection test.
    if (entry.isActive === false) throw new IntegrationInactiveError(accountId);
    return entry;
  }

  /** A client for the account's server and login (throws `IikoArgumentError` for an unusable address). */
  function clientFor(accountId: string, entry: IikoCredentialEntry, overrides: Partial<IikoClientOptions> = {}): IikoClient {
    if (!entry.baseUrl) throw new SyncConfigurationError(`the iiko credentials of account ${accountId} name no server (baseUrl)`);
    const { login, password, passwordSha1 } = entry.credentials;
    const clientOptions: IikoClientOptions = { ...options.clientOptions, baseUrl: entry.baseUrl, login };
    if (passwordSha1 !== undefined) clientOptions.passwordSha1 = passwordSha1;
    else if (password !== undefined) clientOptions.password = password;
    if (options.clientOptions?.logger === undefined && options.logger !== undefined) clientOptions.logger = options.logger;
    return new IikoClient({ ...clientOptions, ...overrides });
  }

  return {
    async testConnection(accountId, testOptions = {}) {
      refuseIfDisabled(accountId);
      // Missing, unreadable or inactive credentials are not a connection failure: they propagate.
      const entry = await credentialsOf(accountId);
      const redact = redactorFor(secretsOf(entry.credentials));
      const { serverVersion, failure } = await probeServer(() => clientFor(accountId, entry), redact, testOptions.signal);
      const at = new Date(clock.now());
      const result: ConnectionTestResult = {
        accountId,
        integrationType: INTEGRATION_TYPE,
        isConnected: failure === undefined,
        lastConnectedAt: failure === undefined ? at.toISOString() : (entry.lastConnectedAt?.toISOString() ?? null),
        connectionError: failure?.message ?? null,
        connectionErrorCode: failure?.code ?? null,
      };
      if (serverVersion !== undefined) result.serverVersion = serverVersion;
      await recordConnection(
        credentials,
        accountId,
        failure === undefined ? { connected: true, at } : { connected: false, error: failure.message, at },
        (error) => logger.warn({ accountId, error: error instanceof Error ? error.name : 'unknown' }, 'could not record the iiko connection status'),
      );
      logger.info({ accountId, isConnected: result.isConnected, code: result.connectionErrorCode, serverVersion }, 'iiko connection tested');
      return result;
    },

    async testCredentials(entry, testOptions = {}) {
      refuseIfDisabled();
      const redact = redactorFor(secretsOf(entry.credentials));
      const { serverVersion, failure } = entry.baseUrl
        ? // A session store of its own: sessions are shared per (server, login), so joining a live one
          // would "pass" any password. This check must log in itself; it still queues at the shared gate.
          await probeServer(() => clientFor('(not stored)', entry, { sessionStore: createMemorySessionStore() }), redact, testOptions.signal)
        : { serverVersion: undefined, failure: { code: 'INVALID_CONFIGURATION', message: 'no iikoServer address (baseUrl) was given' } };
      const result: CredentialsTestResult = {
        isConnected: failure === undefined,
        connectionError: failure?.message ?? null,
        connectionErrorCode: failure?.code ?? null,
        testedAt: new Date(clock.now()).toISOString(),
      };
      if (serverVersion !== undefined) result.serverVersion = serverVersion;
      logger.info({ isConnected: result.isConnected, code: result.connectionErrorCode, serverVersion }, 'unsaved iiko credentials tested');
      return result;
    },

    async listLogs(accountId, listOptions) {
      return store.listLogs(accountId, listOptions);
    },

    async run(accountId, runOptions = {}) {
      refuseIfDisabled(accountId);
      const entities = resolveEntities(runOptions);
      const startedAt = clock.now();
      const runId = randomUUID();
      const owner = `${settings.owner}:${runId}`;
      let locked: boolean;
      try {
        locked = await store.acquireLock(accountId, { owner, ttlMs: settings.lockTtlMs });
      } catch (error) {
        throw new SyncStoreError('take the lock', error);
      }
      if (!locked) throw new SyncInProgressError(accountId);
      try {
        const entry = await credentialsOf(accountId);
        const redact = redactorFor(secretsOf(entry.credentials));
        const client = clientFor(accountId, entry);
        try {
          return await new SyncRun({
            accountId,
            runId,
            owner,
            store,
            client,
            settings,
            clock,
            logger,
            redact,
            entities,
            explicitWindow: runOptions.invoices,
            signal: runOptions.signal,
            onProgress: runOptions.onProgress,
            startedAt,
          }).execute();
        } finally {
          // Logout frees the licence slot now rather than when the token expires an hour later.
          await client.close();
        }
      } finally {
        await store.releaseLock(accountId, owner).catch((error: unknown) => {
          logger.warn(
            { accountId, runId, error: error instanceof Error ? error.message : String(error) },
            'could not release the sync lock; it expires with its lease',
          );
        });
      }
    },
  };
}

function resolveEntities(options: RunOptions): SyncEntityType[] {
  const requested = options.entities ?? DEFAULT_SYNC_ENTITIES;
  if (!Array.isArray(requested) || requested.length === 0) {
    throw new SyncConfigurationError(`entities must list at least one of ${SYNC_ENTITY_TYPES.join(', ')}`);
  }
  for (const entity of requested) {
    if (!(SYNC_ENTITY_TYPES as readonly string[]).includes(entity)) {
      throw new SyncConfigurationError(`unknown entity "${String(entity)}"; use ${SYNC_ENTITY_TYPES.join(', ')}`);
    }
  }
  if (options.invoices !== undefined) {
    const { from, to } = options.invoices;
    if (!isCalendarDate(from) || !isCalendarDate(to) || from > to) {
      throw new SyncConfigurationError('invoices must be { from, to } with YYYY-MM-DD dates and from <= to');
    }
    if (!requested.includes('invoices')) throw new SyncConfigurationError('an invoices window was given but invoices are not among entities');
  }
  return SYNC_ENTITY_TYPES.filter((entity) => requested.includes(entity));
}

function resolveSettings(options: IikoSyncOptions): SyncSettings {
  if (typeof options.currency !== 'string' || !/^[A-Z]{3}$/.test(options.currency)) {
    throw new SyncConfigurationError(`currency must be an ISO 4217 code such as 'RUB' (got ${JSON.stringify(options.currency)}); there is no default`);
  }
  const timeZone = options.timeZone ?? DEFAULTS.timeZone;
  try {
    dateFormatter(timeZone);
  } catch {
    throw new SyncConfigurationError(`timeZone must be an IANA time zone such as 'Europe/Moscow' (got ${JSON.stringify(timeZone)})`);
  }
  const whole = (name: string, value: number | undefined, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    const result = value ?? fallback;
    if (!Number.isInteger(result) || result < min || result > max) {
      throw new SyncConfigurationError(`${name} must be a whole number from ${min} to ${max} (got ${String(value)})`);
    }
    return result;
  };
  return {
    currency: options.currency,
    timeZone,
    initialInvoiceDays: whole('initialInvoiceDays', options.initialInvoiceDays, DEFAULTS.initialInvoiceDays, 1),
    invoiceOverlapDays: whole('invoiceOverlapDays', options.invoiceOverlapDays, DEFAULTS.invoiceOverlapDays, 0),
    invoiceChunkDays: whole('invoiceChunkDays', options.invoiceChunkDays, DEFAULTS.invoiceChunkDays, 1, 31),
    batchSize: whole('batchSize', options.batchSize, DEFAULTS.batchSize, 1),
    lockTtlMs: whole('lockTtlMs', options.lockTtlMs, DEFAULTS.lockTtlMs, 1_000),
    pendingMaxAgeMs: whole('pendingMaxAgeMs', options.pendingMaxAgeMs, DEFAULTS.pendingMaxAgeMs, 0),
    owner: options.owner ?? `${hostname()}:${process.pid}`,
  };
}
