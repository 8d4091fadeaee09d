/**
 * The storage interface: rows shaped like the platform's `account_integration_credentials` table
 * (camelCase here, snake_case there), unique on (accountId, integrationType). Hosts implement it over
 * their database; `createMemoryCredentialStore` implements it for tests and examples.
 */
import type { CredentialEnvelope } from './envelope';
import type { CredentialContext } from './types';

/** The integrations the platform knows; any other string is allowed for future ones. */
export type IntegrationType = 'iiko' | 'r_keeper' | (string & {});

/** Result of the last connection check; `null` in a row means never checked since the last change. */
export type ConnectionStatus = 'connected' | 'error';

/** One row of `account_integration_credentials`. */
export interface CredentialRow {
  readonly accountId: string;
  readonly integrationType: IntegrationType;
  /** The version 1 envelope (a JSONB column). A row holding anything else cannot be read. */
  readonly credentials: CredentialEnvelope;
  /** Where the integration's server lives, e.g. `https://chain.iiko.it:443/resto`. */
  readonly baseUrl: string | null;
  readonly isActive: boolean;
  /** Last successful connection. */
  readonly lastConnectedAt: Date | null;
  readonly connectionStatus: ConnectionStatus | null;
  /** The last failure's message; `null` after a success. */
  readonly connectionError: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** The columns {@link CredentialStore.update} may change. */
export type CredentialRowPatch = Partial<
  Pick<
    CredentialRow,
    'credentials' | 'baseUrl' | 'isActive' | 'lastConnectedAt' | 'connectionStatus' | 'connectionError' | 'updatedAt'
  >
>;

/** A condition for {@link CredentialStore.update}: write only if the row still holds this envelope. */
export interface CredentialUpdateCondition {
  /**
   * The envelope the writer read. Every encryption draws a fresh nonce, so equal envelopes mean nobody
   * wrote in between (in SQL: `… where credentials = $expected::jsonb`).
   */
  readonly credentials: CredentialEnvelope;
}

/** Arguments of {@link CredentialStore.list}. */
export interface CredentialListQuery {
  /** Only this account's rows. */
  readonly accountId?: string | undefined;
  /** Only rows of this integration. */
  readonly integrationType?: string | undefined;
  /** Continue after this cursor (from a previous page's `nextCursor`); `null` or absent to start. */
  readonly after?: string | null | undefined;
  /** Most rows in the page; at least 1. */
  readonly limit: number;
}

/** One page of {@link CredentialStore.list}. */
export interface CredentialPage {
  readonly rows: readonly CredentialRow[];
  /** Pass as `after` for the next page; `null` when this was the last. */
  readonly nextCursor: string | null;
}

/**
 * Where credential rows live. Every method is async because hosts use databases. Rows come back in a
 * stable order — by (accountId, integrationType) — and cursors are positions in that order (keyset
 * pagination), so a walk over the pages is not disturbed by rows written meanwhile.
 */
export interface CredentialStore {
  /** The row, or `undefined`. */
  get(accountId: string, integrationType: string): Promise<CredentialRow | undefined>;
  /** Inserts the row, or replaces every column of the one with the same (accountId, integrationType). */
  upsert(row: CredentialRow): Promise<void>;
  /**
   * Changes some columns of one row and returns the row as it now is; `undefined` when there is no such
   * row, or when `condition` is given and no longer holds (compare-and-set, used by rotation so it never
   * overwrites a concurrent `put`).
   */
  update(
    accountId: string,
    integrationType: string,
    patch: CredentialRowPatch,
    condition?: CredentialUpdateCondition,
  ): Promise<CredentialRow | undefined>;
  /** Deletes one row and returns it, or `undefined` when there was none. */
  delete(accountId: string, integrationType: string): Promise<CredentialRow | undefined>;
  /** One page of rows in (accountId, integrationType) order. */
  list(query: CredentialListQuery): Promise<CredentialPage>;
}

/**
 * The context a row's envelope is bound to: `{ accountId, integrationType }`. A row copied to another
 * account or integration then fails to decrypt.
 */
export function rowContext(accountId: string, integrationType: string): CredentialContext {
  return { accountId, integrationType };
}
