import type { Redact } from './describe-error';

/** The iiko login a sync uses: a password, or its SHA-1 for hosts that never held the clear text. */
export interface IikoLogin {
  login: string;
  password?: string | undefined;
  passwordSha1?: string | undefined;
}

/** What {@link IikoCredentialSource.get} returns: the login and the server it belongs to. */
export interface IikoCredentialEntry {
  credentials: IikoLogin;
  /** The iikoServer, e.g. `https://chain.iiko.it` (a trailing `/resto` is fine). */
  baseUrl: string | null;
  /** The last successful connection, when the source keeps it (the vault does). */
  lastConnectedAt?: Date | null | undefined;
  /**
   * Whether the integration is switched on (the vault's `isActive` column). `false` makes `run` and
   * `testConnection` refuse the account with `IntegrationInactiveError`.
   * @default true (a source that does not say)
   */
  isActive?: boolean | undefined;
}

/** A connection check's outcome, as {@link IikoCredentialSource.recordConnection} receives it. */
export interface ConnectionOutcome {
  connected: boolean;
  /** Why it failed: a secret-free sentence. */
  error?: string;
  at?: Date;
}

/**
 * Where a sync gets an account's iiko credentials. `@getinn/credential-crypto`'s vault fits as it is;
 * any object with the same `get` does (a host's secrets manager, a test double).
 *
 * @example
 * ```ts
 * const vault = createCredentialVault({ keyring: keyringFromEnv(), store: credentialStore });
 * const sync = createIikoSync({ store, credentials: vault, currency: 'RUB' });
 * ```
 */
export interface IikoCredentialSource {
  /** The account's iiko credentials, or `undefined` when the integration is not set up. */
  get(accountId: string, integrationType: 'iiko'): Promise<IikoCredentialEntry | undefined>;
  /**
   * Optional: records the outcome of `testConnection` (the vault's `connectionStatus`,
   * `lastConnectedAt` and `connectionError` columns). Used when present.
   */
  recordConnection?(accountId: string, integrationType: 'iiko', result: ConnectionOutcome): Promise<unknown>;
}

/** Calls `recordConnection` when the source has one; a failure to record is logged, not thrown. Internal. */
export async function recordConnection(
  source: IikoCredentialSource,
  accountId: string,
  outcome: ConnectionOutcome,
  onError: (error: unknown) => void,
): Promise<void> {
  if (typeof source.recordConnection !== 'function') return;
  try {
    await source.recordConnection(accountId, 'iiko', outcome);
  } catch (error) {
    onError(error);
  }
}

/** The secrets of a login, for redaction. Internal. */
export function secretsOf(login: IikoLogin): (string | undefined)[] {
  return [login.password, login.passwordSha1];
}

export type { Redact };
