/**
 * Every default delay, limit and timeout of the client, in one place. Each can be changed per client
 * through {@link IikoClientOptions}; tests inject small values instead of waiting.
 */
export const DEFAULTS = {
  /**
   * Budget of one HTTP attempt, from sending the request to the last byte of the body. An invoice export
   * of a busy month is tens of megabytes, so this is generous.
   */
  timeoutMs: 120_000,
  /** Budget of one call including all retries and back-off waits. */
  totalTimeoutMs: 600_000,
  /** Retries after the first attempt for retryable failures (network errors, 408, 429, 5xx). */
  retries: 4,
  /** First back-off delay; it doubles per retry, with jitter. */
  minDelayMs: 500,
  /** Longest back-off delay between two attempts. */
  maxDelayMs: 30_000,
  /**
   * Longest `Retry-After` the client honours: a server asking for longer is waited for this long instead,
   * so the caller is never held for an unbounded time. A wait that does not fit in what is left of
   * {@link DEFAULTS.totalTimeoutMs} ends the call at once with the server's answer.
   */
  maxRetryAfterMs: 120_000,
  /**
   * How long a token is trusted. iikoServer tokens live about an hour from login, use does not extend
   * them, and no expiry is returned (vendor docs, Авторизация).
   */
  sessionLifetimeMs: 3_600_000,
  /** Renew this long before {@link DEFAULTS.sessionLifetimeMs} runs out, so no call meets an expired token. */
  renewBeforeMs: 300_000,
  /**
   * Longest date range of one invoice export request, inclusive. The vendor asks for at most one month per
   * request ("Ограничения и рекомендации"); longer ranges are split into sequential chunks.
   */
  maxInvoiceRangeDays: 31,
} as const;

/** iikoServer paths the client uses (all under the `/resto` application). */
export const PATHS = {
  auth: 'resto/api/auth',
  logout: 'resto/api/logout',
  serverInfo: 'resto/get_server_info.jsp',
  departments: 'resto/api/corporation/departments',
  stores: 'resto/api/corporation/stores',
  suppliers: 'resto/api/suppliers',
  supplierSearch: 'resto/api/suppliers/search',
  incomingInvoices: 'resto/api/documents/export/incomingInvoice',
} as const;

/** Query parameters whose values are secrets: the session token and the password hash. */
export const SECRET_QUERY_PARAMETERS = ['key', 'pass'] as const;
