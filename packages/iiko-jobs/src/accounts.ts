/**
 * Where the job engine learns which accounts exist, whether their credentials are active and which
 * iikoServer each one uses (to put its jobs in that server's queue). No secret passes through here: the
 * sync reads the login itself, from its own credential source, when a job runs.
 */

/** One account as the job engine sees it. */
export interface JobAccount {
  /** The GET INN account. */
  accountId: string;
  /** The account's iikoServer, e.g. `https://chain.iiko.it`; `null` when none is set up. */
  baseUrl: string | null;
  /** Whether the account's iiko credentials are active; inactive accounts are never enqueued. */
  isActive: boolean;
}

/**
 * The accounts the engine may enqueue. `get` answers for one account (at enqueue time); `list`, when
 * present, lists every account for `defaultSchedule`.
 *
 * @example
 * ```ts
 * const accounts: JobAccountSource = {
 *   get: async (accountId) => db.findIikoAccount(accountId),
 *   list: () => db.allIikoAccounts(),
 * };
 * ```
 */
export interface JobAccountSource {
  /** The account, or `undefined` when it has no iiko integration. */
  get(accountId: string): Promise<JobAccount | undefined>;
  /** Every account with an iiko integration, active or not. */
  list?(): AsyncIterable<JobAccount> | Promise<readonly JobAccount[]>;
}

/**
 * The slice of `@getinn/credential-crypto`'s `CredentialStore` the engine reads: rows shaped like the
 * platform's `account_integration_credentials` (`baseUrl`, `isActive`). Its PostgreSQL implementation in
 * `@getinn/iiko-postgres` fits as it is.
 */
export interface CredentialRowSource {
  /** One row (`CredentialStore.get`). */
  get(accountId: string, integrationType: string): Promise<CredentialRowFields | undefined>;
  /** One page of rows in a stable order (`CredentialStore.list`). */
  list(query: { integrationType?: string; after?: string | null; limit: number }): Promise<{
    /** The page's rows. */
    rows: ReadonlyArray<CredentialRowFields & {
      /** The row's integration; only `iiko` rows are used. */
      integrationType: string;
    }>;
    /** Where the next page starts; `null` after the last. */
    nextCursor: string | null;
  }>;
}

/** The columns of a credential row the engine reads (never `credentials`). */
export interface CredentialRowFields {
  /** The GET INN account. */
  accountId: string;
  /** The integration's server. */
  baseUrl: string | null;
  /** Whether the integration is in use. */
  isActive: boolean;
}

/**
 * A {@link JobAccountSource} over a credential store: the iiko rows, their `baseUrl` and `isActive`.
 * Nothing is decrypted.
 *
 * @example
 * ```ts
 * const jobs = createIikoJobs({ pool, sync, accounts: accountsFromCredentialStore(credentialStore) });
 * ```
 */
export function accountsFromCredentialStore(store: CredentialRowSource): JobAccountSource {
  const toAccount = (row: CredentialRowFields): JobAccount => ({
    accountId: row.accountId,
    baseUrl: row.baseUrl,
    isActive: row.isActive,
  });
  return {
    async get(accountId) {
      const row = await store.get(accountId, 'iiko');
      return row === undefined ? undefined : toAccount(row);
    },
    async *list() {
      let after: string | null = null;
      do {
        const page = await store.list({ integrationType: 'iiko', after, limit: 200 });
        for (const row of page.rows) if (row.integrationType === 'iiko') yield toAccount(row);
        after = page.nextCursor;
      } while (after !== null);
    },
  };
}

/** A {@link JobAccountSource} over a fixed list, for tests and small hosts. */
export function accountsFromList(accounts: readonly JobAccount[]): JobAccountSource {
  const byId = new Map(accounts.map((account) => [account.accountId, account]));
  return {
    get: async (accountId) => byId.get(accountId),
    list: async () => [...byId.values()],
  };
}

/** Every account of a source, whichever shape its `list` returns. Internal. */
export async function listAccounts(source: JobAccountSource): Promise<JobAccount[]> {
  if (source.list === undefined) return [];
  const listed = source.list();
  if (Symbol.asyncIterator in listed) {
    const all: JobAccount[] = [];
    for await (const account of listed) all.push(account);
    return all;
  }
  return [...(await listed)];
}
