import type { IikoClientOptions, Logger } from '@getinn/iiko-client';
import type { IikoCredentialSource } from './credentials';
import type { SyncEntityType, SyncStore } from './sync-store';

/** A clock in epoch milliseconds; tests pass a fixed one to pin "today". */
export interface Clock {
  now(): number;
}

/**
 * Client options a sync passes through to every `IikoClient` it creates (timeouts, retries, a shared
 * `gate` and `sessionStore`, a custom `fetch`). The server and login come from the credentials.
 */
export type SyncClientOptions = Omit<IikoClientOptions, 'baseUrl' | 'login' | 'password' | 'passwordSha1'>;

/** Options of {@link createIikoSync}. */
export interface IikoSyncOptions {
  /** Where records, cursors, the lock and the sync log live; see {@link SyncStore}. */
  store: SyncStore;
  /** Where each account's iiko login and server come from: the credential vault fits. */
  credentials: IikoCredentialSource;
  /**
   * The accounts' currency as an ISO 4217 code (`'RUB'`, `'KZT'`). Required, with no default: iiko's
   * invoice export names no currency, and a wrong default silently mislabels every invoice.
   */
  currency: string;
  /**
   * Passed to every `IikoClient` the sync creates; see {@link SyncClientOptions}. Hosts running several
   * processes pass a shared `gate` and `sessionStore` here (`createPostgresServerGate`,
   * `createPostgresSessionStore` of `@getinn/iiko-postgres`), so runs, connection tests and every other
   * call of all processes keep one request in flight and one licence slot per iiko login.
   */
  clientOptions?: SyncClientOptions | undefined;
  /**
   * The integration's master switch (the platform's `IIKO_INTEGRATION_ENABLED`). `false` refuses every
   * `run`, `testConnection` and `testCredentials` with `SyncDisabledError` before anything is read or sent.
   * @default true
   */
  enabled?: boolean | undefined;
  /**
   * A pino-style logger for the sync's own lines (run started and finished, each entity's outcome), also
   * given to the clients unless `clientOptions.logger` is set. No password, hash or token is ever logged.
   * @default quiet
   */
  logger?: Logger | undefined;
  /**
   * The clock for timestamps and for "today" in the invoice window.
   * @default `{ now: Date.now }`
   */
  clock?: Clock | undefined;
  /**
   * IANA time zone in which "today" is taken for the invoice window. Use the iikoServer's zone so a run
   * just after its midnight already reads the new day.
   * @default 'UTC'
   * @example 'Europe/Moscow'
   */
  timeZone?: string | undefined;
  /**
   * Days of invoices read when an account has no invoice cursor yet (its first run), today included.
   * @default 90
   */
  initialInvoiceDays?: number | undefined;
  /**
   * Days re-read before the invoice cursor on later runs, to catch documents added or edited late.
   * @default 3
   */
  invoiceOverlapDays?: number | undefined;
  /**
   * Days per invoice export request; each chunk is committed (and the cursor advanced) before the next.
   * At most 31 (the vendor's limit of a month per request).
   * @default 7
   */
  invoiceChunkDays?: number | undefined;
  /**
   * Records per `upsert` call (one transaction each).
   * @default 1000
   */
  batchSize?: number | undefined;
  /**
   * The lease on an account's lock, renewed before every batch; a crashed process blocks the account at
   * most this long.
   * @default 1800000 (30 minutes)
   */
  lockTtlMs?: number | undefined;
  /**
   * How long a record may wait to land (pending: unknown supplier or store, malformed) before the run
   * reports it as stale — the run is then at best `partial`, so alerts on failing accounts see it.
   * @default 259200000 (3 days)
   */
  pendingMaxAgeMs?: number;
  /**
   * Names this process in lock owners (`<owner>:<runId>`), so a stuck lock can be traced to a host.
   * @default `<hostname>:<pid>`
   */
  owner?: string | undefined;
}

/** What `onProgress` receives as a run moves on. */
export interface SyncProgress {
  accountId: string;
  runId: string;
  /** The entity being synced. */
  entity: SyncEntityType;
  /**
   * `fetch`: asking iiko (for invoices, once per chunk). `map`: turning the answer into records (for
   * invoices, once per batch of a chunk, as its export streams in). `store`: a batch was written. `done`:
   * the entity finished (whatever its status).
   */
  phase: 'fetch' | 'map' | 'store' | 'done';
  /** Records of this entity read so far (mapped plus failed to map). */
  fetched: number;
  /** Records of this entity written or found unchanged so far. */
  stored: number;
  /** For invoices: the chunk being read. */
  window?: { from: string; to: string };
  /**
   * Progress of the whole run in steps — one per dictionary, one per invoice chunk — for a progress bar.
   */
  steps: { completed: number; total: number };
}

/** Options of `run`. */
export interface RunOptions {
  /**
   * Which entities to sync; they always run in the order restaurants → stores → suppliers → products →
   * invoices → priceLists → stockBalances. Price lists and stock balances run only when named here.
   * @default `DEFAULT_SYNC_ENTITIES`: restaurants, stores, suppliers, products, invoices
   * @example ['suppliers', 'invoices']
   */
  entities?: readonly SyncEntityType[] | undefined;
  /**
   * An explicit invoice window, both days inclusive (`YYYY-MM-DD`): a backfill or a repair. It is synced
   * but does not move the invoice cursor, which tracks the regular flow.
   * @default from the cursor minus `invoiceOverlapDays` (or `initialInvoiceDays` back on the first run) to today
   * @example { from: '2026-01-01', to: '2026-03-31' }
   */
  invoices?: { from: string; to: string } | undefined;
  /**
   * Stops the run: the iiko call in flight is aborted, nothing more is written, the entity in progress is
   * logged `aborted`, and the lock and the iiko session are released. What was committed before stays.
   */
  signal?: AbortSignal | undefined;
  /** Called as the run moves on; see {@link SyncProgress}. Errors it throws are logged and ignored. */
  onProgress?: ((progress: SyncProgress) => void) | undefined;
}

/** Options of `testConnection`. */
export interface TestConnectionOptions {
  /** Stops the check. */
  signal?: AbortSignal | undefined;
}

/**
 * The outcome of `testConnection`, shaped like the platform's `account_integration_credentials` status
 * columns.
 */
export interface ConnectionTestResult {
  accountId: string;
  integrationType: 'iiko';
  /** Whether iikoServer accepted the login and answered a read. */
  isConnected: boolean;
  /** ISO 8601: now on success; on failure, the last success the credential source knew of, or `null`. */
  lastConnectedAt: string | null;
  /**
   * Why it failed, for a person: wrong password, no free licence slot, an HTML page from a proxy, a host
   * name that does not resolve… Never contains a secret. `null` on success.
   */
  connectionError: string | null;
  /** Machine-readable kind of the failure (`AUTH_FAILED`, `LICENSE_UNAVAILABLE`, …), or `null`. */
  connectionErrorCode: string | null;
  /** The iikoServer version, when the server said (its health page needs no login). */
  serverVersion?: string;
}

/** Resolved, validated settings. Internal. */
export interface SyncSettings {
  currency: string;
  timeZone: string;
  initialInvoiceDays: number;
  invoiceOverlapDays: number;
  invoiceChunkDays: number;
  batchSize: number;
  lockTtlMs: number;
  owner: string;
  pendingMaxAgeMs: number;
}
