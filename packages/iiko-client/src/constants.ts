/**
 * Every default delay, limit and timeout of the client, in one place. Each can be changed per client
 * through {@link IikoClientOptions}, except the input limits after `maxBodyBytes` (depth, children, text
 * and decimal length), which every client shares; tests inject small values instead of waiting.
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
  /**
   * How long a client's claim on a shared session lasts without renewal. A working client renews it
   * every third of this; a crashed one stops counting this long after its last renewal, and then the
   * next client to start a session logs the orphaned one out.
   */
  holderLeaseMs: 60_000,
  /**
   * How long the server's gate stays closed after an attempt timed out (its own `timeoutMs` or the
   * call's `totalTimeoutMs`): the client gave up, but iikoServer may still be working on the request, and
   * the next one — a retry, a logout, another process's read — would otherwise overlap it.
   */
  cooldownAfterTimeoutMs: 10_000,
  /**
   * Retries of a logout that failed with a network error, a 5xx or an HTML page. A logout that still
   * fails is remembered in the session store and retried by the next session start or `close()`.
   */
  logoutRetries: 3,
  /*
   * Input limits. An answer is untrusted input: a hostile or broken server, a proxy or a man in the middle
   * must not be able to exhaust memory or a consumer's call stack with one body. Each limit is far above
   * anything iikoServer writes. A body beyond one is refused with an `IikoInputLimitError` and not retried
   * (the same server sends the same body again). They apply to every client alike.
   */
  /**
   * Largest answer body read, in bytes as received (after decompression). An invoice export of a busy
   * month is tens of megabytes, and ranges are split into {@link DEFAULTS.maxInvoiceRangeDays}-day
   * requests. A larger `Content-Length` is refused before the body is read; an undeclared length is
   * counted as the body streams.
   * @default 268435456 (256 MiB)
   */
  maxBodyBytes: 268_435_456,
  /**
   * Deepest nesting of elements inside one record (`document` → `items` → `item` → `amount` is 3 levels).
   * iiko's records nest 3 or 4 levels; 32 keeps every consumer's recursion (`JSON.stringify`, a JSONB
   * column) far from its stack limit — 100,000 levels made `JSON.stringify` of a record throw.
   * @default 32
   */
  maxDepth: 32,
  /**
   * Most child elements of one element inside a record, counted as they open (empty ones included): the
   * lines of one invoice, the codes of one supplier. The records of a list are not counted; their number
   * is bounded by {@link DEFAULTS.maxBodyBytes} alone.
   * @default 100000
   */
  maxChildren: 100_000,
  /**
   * Longest text of one element, and longest stretch of markup the XML parser must hold before it can
   * report anything (a name, a comment, a CDATA section, a tag's attributes), in characters as written.
   * A supplier's note or an invoice comment is a few hundred characters.
   * @default 1048576 (1 Mi characters)
   */
  maxTextLength: 1_048_576,
  /**
   * Longest decimal string (money and quantities, sign and point included); a longer one is an
   * `IikoValidationError`. iiko writes 9 decimals after at most a dozen or so integer digits
   * (`123456789012345678.123456789` is 28 characters). Exact arithmetic on a decimal costs up to the
   * square of its digits, so without a bound one field of 60,000 digits stalled the invoice mapper for 26 s.
   * @default 64
   */
  maxDecimalLength: 64,
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
