/**
 * The credential vault: what a credentials service needs on top of a `CredentialStore` — encryption
 * bound to the row, validation before storing, an authorization hook before every access and an audit
 * event for every access and change.
 */
import { errorCodeOf, type AuditAction, type AuditOutcome, type AuditSink } from './audit';
import { CONNECTION_ERROR_MAX_LENGTH, DEFAULT_ACTOR } from './constants';
import { decryptCredentials, encryptCredentials } from './credentials';
import { parseEnvelope } from './envelope';
import { AuthorizationError, CredentialValidationError } from './errors';
import type { Keyring } from './keyring';
import { rowContext, type ConnectionStatus, type CredentialRow, type CredentialStore, type IntegrationType } from './store';
import type { JsonValue } from './types';
import {
  accountIdIssues,
  baseUrlIssues,
  DEFAULT_VALIDATORS,
  integrationTypeIssues,
  validateJsonObject,
  type CredentialsFor,
  type CredentialValidator,
} from './validation';

/** The actions `authorize` is asked about. */
export type VaultAction = Exclude<AuditAction, 'rotate'>;

/**
 * Decides whether `actor` may do `action` on the credentials of `accountId`. Only `true` allows; it is
 * called before every vault call touches the store.
 */
export type AuthorizeHook = (actor: string, accountId: string, action: VaultAction) => boolean | Promise<boolean>;

/** Options of {@link createCredentialVault}. */
export interface CredentialVaultOptions {
  /** Seals under its primary key; opens under any key it holds. */
  readonly keyring: Keyring;
  readonly store: CredentialStore;
  /** Receives an event for every access and change, allowed, denied or failed. */
  readonly audit?: AuditSink | undefined;
  /** Called before every access; without it every call is allowed. */
  readonly authorize?: AuthorizeHook | undefined;
  /**
   * Validators by integration type, merged over the defaults (`iiko`: a login and a password or its
   * SHA-1). Integrations without one must be a plain JSON object.
   */
  readonly validators?: Readonly<Record<string, CredentialValidator>> | undefined;
  /**
   * The actor of calls that name none — the service acting for itself, as when a sync job reads the
   * credentials it needs.
   * @default 'system'
   */
  readonly defaultActor?: string | undefined;
  /**
   * The clock for `createdAt`, `updatedAt`, `lastConnectedAt` and audit events; inject one in tests.
   * @default () => new Date()
   */
  readonly now?: (() => Date) | undefined;
}

/** Who is calling, for `authorize` and audit events. */
export interface AccessOptions {
  /**
   * A stable identifier of the caller, such as `user:42` or `service:iiko-sync`.
   * @default the vault's `defaultActor`
   */
  readonly actor?: string | undefined;
}

/** Options of {@link CredentialVault.put}. */
export interface PutOptions extends AccessOptions {
  /**
   * The integration's server, e.g. `https://chain.iiko.it:443/resto`; required for `iiko`. Omitted, an
   * existing row keeps its own; `null` clears it.
   */
  readonly baseUrl?: string | null | undefined;
  /**
   * Whether the integration is in use.
   * @default an existing row's value, else `true`
   */
  readonly isActive?: boolean | undefined;
}

/** The outcome of a connection attempt, for {@link CredentialVault.recordConnection}. */
export interface ConnectionResult extends AccessOptions {
  /** Whether the integration's server accepted the credentials. */
  readonly connected: boolean;
  /**
   * Why it failed, shown to the account's users; only its first 1000 characters are kept. Pass an
   * error's message, never the credentials.
   */
  readonly error?: string | undefined;
  /**
   * When it happened.
   * @default the vault's clock
   */
  readonly at?: Date | undefined;
}

/** A row without its credentials: what `list`, `put` and `recordConnection` return. */
export interface CredentialSummary extends Omit<CredentialRow, 'credentials'> {
  /** The key id the credentials are sealed under; `null` when the stored value is not an envelope. */
  readonly keyId: string | null;
}

export interface StoredCredentials<C> extends CredentialSummary {
  readonly credentials: C;
}

/** The vault. Every method authorizes, then audits, as described on {@link createCredentialVault}. */
export interface CredentialVault {
  /**
   * Validates, encrypts and stores an integration's credentials, replacing any before. New credentials
   * reset `connectionStatus` and `connectionError` (nothing has been tried with them yet).
   *
   * @throws CredentialValidationError naming each bad field (never its value).
   * @throws AuthorizationError when `authorize` refuses.
   */
  put<T extends IntegrationType>(
    accountId: string,
    integrationType: T,
    credentials: CredentialsFor<T>,
    options?: PutOptions,
  ): Promise<CredentialSummary>;
  /**
   * The decrypted credentials with the row's metadata, or `undefined` when there is no row.
   *
   * @throws DecryptionError when the stored envelope does not open (tampered, copied from another row,
   *   sealed under a key the keyring lacks).
   * @throws CredentialValidationError when it opens to something its integration's validator refuses.
   * @throws AuthorizationError when `authorize` refuses.
   */
  get<T extends IntegrationType>(
    accountId: string,
    integrationType: T,
    options?: AccessOptions,
  ): Promise<StoredCredentials<CredentialsFor<T>> | undefined>;
  /** Deletes an integration's credentials; `false` when there were none. */
  delete(accountId: string, integrationType: string, options?: AccessOptions): Promise<boolean>;
  /** The account's integrations, without their credentials (nothing is decrypted). */
  list(accountId: string, options?: AccessOptions): Promise<CredentialSummary[]>;
  /**
   * Records a connection attempt: on success `connectionStatus` becomes `connected`,
   * `lastConnectedAt` the time and `connectionError` `null`; on failure `connectionStatus` becomes
   * `error` and `connectionError` the message. Only these columns change, so it cannot undo a
   * concurrent `put`. Returns the updated row, or `undefined` when there is none.
   *
   * @example
   * ```ts
   * try {
   *   await iiko.serverInfo();
   *   await vault.recordConnection(accountId, 'iiko', { connected: true });
   * } catch (error) {
   *   await vault.recordConnection(accountId, 'iiko', { connected: false, error: String(error) });
   * }
   * ```
   */
  recordConnection(
    accountId: string,
    integrationType: string,
    result: ConnectionResult,
  ): Promise<CredentialSummary | undefined>;
}

function summaryOf(row: CredentialRow): CredentialSummary {
  return {
    accountId: row.accountId,
    integrationType: row.integrationType,
    baseUrl: row.baseUrl,
    isActive: row.isActive,
    lastConnectedAt: row.lastConnectedAt,
    connectionStatus: row.connectionStatus,
    connectionError: row.connectionError,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    keyId: parseEnvelope(row.credentials)?.kid ?? null,
  };
}

function refuse(subject: string, issues: readonly string[]): void {
  if (issues.length > 0) throw new CredentialValidationError(subject, issues);
}

/**
 * Creates the vault over a store. Every call checks its arguments, asks `authorize(actor, accountId,
 * action)` when given (a refusal throws `AuthorizationError`), does its work, then emits one audit event
 * — `ok`, `denied` or `error` — with the actor, action, account, integration and key id, never a
 * plaintext or ciphertext. Envelopes are bound to `{ accountId, integrationType }`, so credentials
 * copied into another account's row fail to open.
 *
 * @example
 * ```ts
 * const vault = createCredentialVault({
 *   keyring: keyringFromEnv(),
 *   store: new PostgresCredentialStore(pool), // your CredentialStore
 *   authorize: (actor, accountId, action) => permissions.can(actor, action, accountId),
 *   audit: (event) => auditLog.write(event),
 * });
 * await vault.put(accountId, 'iiko', { login, password }, { baseUrl, actor: `user:${userId}` });
 * const iiko = await vault.get(accountId, 'iiko'); // { credentials: { login, password }, baseUrl, … }
 * ```
 */
export function createCredentialVault(options: CredentialVaultOptions): CredentialVault {
  const { keyring, store, audit, authorize } = options;
  const now = options.now ?? (() => new Date());
  const defaultActor = options.defaultActor ?? DEFAULT_ACTOR;
  const validators: Readonly<Record<string, CredentialValidator>> = { ...DEFAULT_VALIDATORS, ...options.validators };

  const validatorFor = (integrationType: string): CredentialValidator =>
    Object.hasOwn(validators, integrationType) ? (validators[integrationType] as CredentialValidator) : validateJsonObject;

  /** Checks the call's identity, authorizes, runs `work`, and audits the outcome. */
  async function access<R>(
    action: VaultAction,
    accountId: string,
    integrationType: string | null,
    requested: AccessOptions | undefined,
    work: (setKeyId: (keyId: string | null) => void) => Promise<R>,
  ): Promise<R> {
    const actor = requested?.actor ?? defaultActor;
    refuse('Invalid credential vault call', [
      ...accountIdIssues(accountId),
      ...(integrationType === null ? [] : integrationTypeIssues(integrationType)),
      ...(typeof actor === 'string' && actor !== '' ? [] : ['actor: must be a non-empty string']),
    ]);
    let keyId: string | null = null;
    const emit = async (outcome: AuditOutcome, error?: unknown): Promise<void> => {
      await audit?.({
        at: now(),
        actor,
        action,
        accountId,
        integrationType,
        keyId,
        outcome,
        ...(outcome === 'error' ? { errorCode: errorCodeOf(error) } : {}),
      });
    };
    if (authorize !== undefined) {
      let allowed: boolean;
      try {
        allowed = await authorize(actor, accountId, action);
      } catch (error) {
        await emit('error', error);
        throw error;
      }
      if (allowed !== true) {
        await emit('denied');
        throw new AuthorizationError(actor, accountId, action);
      }
    }
    let result: R;
    try {
      result = await work((id) => {
        keyId = id;
      });
    } catch (error) {
      await emit('error', error);
      throw error;
    }
    await emit('ok');
    return result;
  }

  return {
    put(accountId, integrationType, credentials, putOptions = {}) {
      return access('put', accountId, integrationType, putOptions, async (setKeyId) => {
        const existing = await store.get(accountId, integrationType);
        const baseUrl = putOptions.baseUrl === undefined ? (existing?.baseUrl ?? null) : putOptions.baseUrl;
        refuse(`Invalid ${integrationType} credentials`, [
          ...validatorFor(integrationType)(credentials),
          ...(baseUrl === null
            ? integrationType === 'iiko'
              ? ['baseUrl: required for iiko']
              : []
            : baseUrlIssues(baseUrl)),
          ...(putOptions.isActive === undefined || typeof putOptions.isActive === 'boolean'
            ? []
            : ['isActive: must be a boolean']),
        ]);
        const envelope = encryptCredentials(
          keyring,
          credentials as JsonValue,
          rowContext(accountId, integrationType),
        );
        setKeyId(envelope.kid);
        const at = now();
        const row: CredentialRow = {
          accountId,
          integrationType,
          credentials: envelope,
          baseUrl,
          isActive: putOptions.isActive ?? existing?.isActive ?? true,
          lastConnectedAt: existing?.lastConnectedAt ?? null,
          connectionStatus: null,
          connectionError: null,
          createdAt: existing?.createdAt ?? at,
          updatedAt: at,
        };
        await store.upsert(row);
        return summaryOf(row);
      });
    },

    get(accountId, integrationType, getOptions) {
      return access('get', accountId, integrationType, getOptions, async (setKeyId) => {
        const row = await store.get(accountId, integrationType);
        if (row === undefined) return undefined;
        setKeyId(parseEnvelope(row.credentials)?.kid ?? null);
        const credentials = decryptCredentials(keyring, row.credentials, rowContext(accountId, integrationType));
        refuse(`Stored ${integrationType} credentials are invalid`, validatorFor(integrationType)(credentials));
        return { ...summaryOf(row), credentials: credentials as unknown as CredentialsFor<typeof integrationType> };
      });
    },

    delete(accountId, integrationType, deleteOptions) {
      return access('delete', accountId, integrationType, deleteOptions, async (setKeyId) => {
        const row = await store.delete(accountId, integrationType);
        if (row !== undefined) setKeyId(parseEnvelope(row.credentials)?.kid ?? null);
        return row !== undefined;
      });
    },

    list(accountId, listOptions) {
      return access('list', accountId, null, listOptions, async () => {
        const summaries: CredentialSummary[] = [];
        let after: string | null = null;
        do {
          const page = await store.list({ accountId, after, limit: 100 });
          summaries.push(...page.rows.map(summaryOf));
          after = page.nextCursor;
        } while (after !== null);
        return summaries;
      });
    },

    recordConnection(accountId, integrationType, result) {
      return access('status', accountId, integrationType, result, async (setKeyId) => {
        const { connected, error, at } = result;
        refuse('Invalid connection result', [
          ...(typeof connected === 'boolean' ? [] : ['connected: must be a boolean']),
          ...(error === undefined || typeof error === 'string' ? [] : ['error: must be a string']),
          ...(at === undefined || (at instanceof Date && !Number.isNaN(at.getTime())) ? [] : ['at: must be a valid Date']),
        ]);
        const when = at ?? now();
        const updated = await store.update(
          accountId,
          integrationType,
          connected
            ? { connectionStatus: 'connected', lastConnectedAt: when, connectionError: null, updatedAt: now() }
            : {
                connectionStatus: 'error',
                connectionError: (error ?? 'Connection failed').slice(0, CONNECTION_ERROR_MAX_LENGTH),
                updatedAt: now(),
              },
        );
        if (updated === undefined) return undefined;
        setKeyId(parseEnvelope(updated.credentials)?.kid ?? null);
        return summaryOf(updated);
      });
    },
  };
}
