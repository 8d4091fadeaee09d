import type { Logger, LogLevel } from './logger';
import type { ServerGate } from './server-gate';
import type { SessionStore } from './session-store';

/**
 * How to reach and log in to one iikoServer. Give `password` or `passwordSha1`; every other option has a
 * default from {@link DEFAULTS}.
 *
 * @example
 * ```ts
 * const iiko = new IikoClient({
 *   baseUrl: 'https://chiho-co.iiko.it',
 *   login: 'getinn',
 *   password: process.env.IIKO_PASSWORD!,
 * });
 * ```
 */
export interface IikoClientOptions {
  /**
   * The server, e.g. `https://chiho-co.iiko.it` or `http://10.0.0.5:8080`. A trailing `/resto` or
   * `/resto/api` is accepted and ignored, since the client adds the paths itself.
   */
  baseUrl: string | URL;
  /** The iiko user's login. */
  login: string;
  /** The password in clear text; only its SHA-1 is ever sent (iiko's `pass` parameter). */
  password?: string | undefined;
  /** The password's lowercase hex SHA-1, for hosts that store only the hash. */
  passwordSha1?: string | undefined;
  /**
   * A pino-style logger. Without one the client is quiet. Tokens and password hashes never appear in
   * what it logs.
   */
  logger?: Logger | undefined;
  /**
   * How much to log: `debug` logs every request (method, path, status, attempt, duration).
   * @default 'info' with a logger, 'silent' without one (with `logLevel` alone, JSON lines go to the console)
   */
  logLevel?: LogLevel | undefined;
  /** A `fetch` to use instead of the global one (tests, proxies, custom agents). */
  fetch?: typeof globalThis.fetch | undefined;
  /**
   * Budget of one HTTP attempt, body included.
   * @default 120000
   */
  timeoutMs?: number | undefined;
  /**
   * Budget of one call, retries and waits included.
   * @default 600000
   */
  totalTimeoutMs?: number | undefined;
  /** Retry tuning for reads; see {@link RetryOptions}. */
  retry?: RetryOptions | undefined;
  /**
   * Largest answer body this client reads, in bytes as received (after decompression); a larger one is an
   * `IikoInputLimitError`. The bound exists for the array reads, which hold a whole list: the streaming
   * reads (`streamIncomingInvoices`, …) hold one batch at a time, so raising it for a very large export
   * read as a stream costs time, not memory. The other input limits (depth, children, text length) are the
   * same for every client: they bound one record, which no export needs larger.
   * @default 268435456 (256 MiB, `DEFAULTS.maxBodyBytes`)
   * @example 1_073_741_824 // a year of a large chain's invoices in one streamed request
   */
  maxBodyBytes?: number | undefined;
  /**
   * The door every request to the server passes through — login, reads, logout — so that no two are in
   * flight at once. Waiting for it counts against the call's budgets and honours `signal`. Give every
   * process that talks to the same server the same shared gate (`createPostgresServerGate` of
   * `@getinn/iiko-postgres`); the session store is only touched while holding its pass.
   * @default createProcessServerGate(): one serial queue per server, shared by every client in the process
   */
  gate?: ServerGate | undefined;
  /**
   * Where the session of each (server, login) is shared, so that all clients together hold one licence
   * slot per login; replaces the `tokenStore` option of earlier (pre-1.0) versions. Use one store shared by
   * every process together with a shared {@link IikoClientOptions.gate}.
   * @default an in-memory store shared by every client in the process (createMemorySessionStore())
   */
  sessionStore?: SessionStore | undefined;
  /**
   * This client's lease on the shared session: renewed every third of it while calls are in flight; a
   * crashed process stops holding the session this long after its last renewal.
   * @default 60000
   */
  holderLeaseMs?: number | undefined;
  /**
   * How long the server's gate stays closed after an attempt timed out (`timeoutMs` or
   * `totalTimeoutMs`), because iikoServer may still be working on the abandoned request. The caller is
   * not held for it; the next request to the server is.
   * @default 10000
   */
  cooldownAfterTimeoutMs?: number | undefined;
  /**
   * How long a token is trusted after login; iikoServer tokens live about an hour.
   * @default 3600000
   */
  sessionLifetimeMs?: number | undefined;
  /**
   * Renew this long before the lifetime ends.
   * @default 300000
   */
  renewBeforeMs?: number | undefined;
  /**
   * Longest date range of one invoice export request; longer ranges are split.
   * @default 31
   */
  maxInvoiceRangeDays?: number | undefined;
  /**
   * The clock for token lifetimes, in epoch milliseconds; tests pass a fake one.
   * @default Date.now
   */
  now?: (() => number) | undefined;
}

/** Retry tuning. Reads are retried on network errors, resets, timeouts, truncated XML, 408, 429 and 5xx. */
export interface RetryOptions {
  /**
   * Retries after the first attempt.
   * @default 4
   */
  retries?: number | undefined;
  /**
   * First back-off delay; doubles per retry, randomized ×1–2 so clients do not retry in step.
   * @default 500
   */
  minDelayMs?: number | undefined;
  /**
   * Longest back-off delay.
   * @default 30000
   */
  maxDelayMs?: number | undefined;
  /**
   * Longest `Retry-After` honoured (seconds or an HTTP date); longer requests are capped to this.
   * @default 120000
   */
  maxRetryAfterMs?: number | undefined;
  /**
   * Retries of a logout that failed with a network error, a 5xx or an HTML page (same back-off as
   * reads). A logout that still fails is kept in the session store and done by the next session start
   * or `close()`, in this process or another.
   * @default 3
   */
  logoutRetries?: number | undefined;
}

/** Options of every read. */
export interface CallOptions {
  /** Aborts the call, including a wait in the queue or between retries. */
  signal?: AbortSignal | undefined;
}

/** Options of the dictionary reads (departments, stores, suppliers). */
export interface ListOptions extends CallOptions {
  /**
   * Only changes after this revision (exclusive; iiko 6.4+). The XML carries no revision numbers, so
   * incremental sync cannot rely on it yet; full reads are the normal mode.
   * @default -1 (everything)
   */
  revisionFrom?: number | undefined;
}

/** Filters of `searchSuppliers`; the server matches each given field. */
export interface SupplierSearchQuery {
  name?: string | undefined;
  code?: string | undefined;
  phone?: string | undefined;
  cellPhone?: string | undefined;
  firstName?: string | undefined;
  middleName?: string | undefined;
  lastName?: string | undefined;
  email?: string | undefined;
  cardNumber?: string | undefined;
  taxpayerIdNumber?: string | undefined;
}

/** What `incomingInvoices` reads. */
export interface IncomingInvoiceQuery {
  /** First day, inclusive, `YYYY-MM-DD` (the server's calendar date). */
  from: string;
  /** Last day, inclusive, `YYYY-MM-DD`. */
  to: string;
  /** Only these suppliers (sent as repeated `supplierId` parameters). */
  supplierIds?: readonly string[] | undefined;
  /** Only documents changed after this revision (exclusive). */
  revisionFrom?: number | undefined;
}

/** Options of `supplierPriceList`. */
export interface PriceListOptions extends CallOptions {
  /**
   * The day the prices are for, `YYYY-MM-DD` (sent as iiko's `DD.MM.YYYY`).
   * @example '2026-11-17'
   */
  date: string;
}

/** What `stockBalances` reads. */
export interface StockBalanceQuery extends CallOptions {
  /**
   * The moment, `YYYY-MM-DDTHH:mm:ss` in the server's local time.
   * @example '2026-11-17T23:59:59'
   */
  timestamp: string;
  /** Only these stores (iiko ids, sent as repeated `store` parameters). */
  store?: readonly string[] | undefined;
  /** Only these products (iiko ids, sent as repeated `product` parameters). */
  product?: readonly string[] | undefined;
}
