import type { Logger, LogLevel } from './logger';
import type { TokenStore } from './token-store';

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
   * Where tokens are kept between calls; share one across processes to share a licence slot.
   * @default an in-memory store shared by every client in the process
   */
  tokenStore?: TokenStore | undefined;
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
