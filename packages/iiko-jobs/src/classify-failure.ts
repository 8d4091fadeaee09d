/**
 * Which sync failures are worth another attempt. The codes are the ones a run's report carries
 * (`SyncErrorInfo.code`): the client's `IikoErrorCode`s and the sync's `IikoSyncErrorCode`s.
 *
 * This rule belongs in the core (`@getinn/iiko-sync`), next to the codes themselves, so every host and
 * adapter retries the same failures; it lives here until the core exports it.
 */

/**
 * Failures that may pass by themselves: the network, the server, a licence slot another integration
 * holds, another run holding the account's lock. Retried with back-off, a bounded number of times.
 *
 * - `NETWORK_ERROR`, `TIMEOUT`, `SERVER_ERROR` (5xx), `RATE_LIMITED` (429): the connection or the server.
 * - `LICENSE_UNAVAILABLE`: every API licence slot is taken; slots free on logout or when sessions expire
 *   (vendor docs, Авторизация).
 * - `HTML_RESPONSE`: a proxy or a parking page answered — often a restart or maintenance behind the proxy;
 *   a wrong address fails every attempt and ends `failed` after the last one.
 * - `PARSE_FAILED`: a body cut short (a reset during a large export).
 * - `HTTP_ERROR`: a status the client has no class for.
 * - `SYNC_IN_PROGRESS`, `LOCK_LOST`: another run of the account holds (or took) its lock — usually a
 *   crashed run whose lease has not expired yet.
 * - `STORE_FAILED`: the host's database failed (a lost connection).
 * - `ABORTED`, `CLIENT_CLOSED`: the run was stopped (a worker shutting down), not refused.
 * - `UNEXPECTED`: an error nobody classified; bounded attempts, then `failed`.
 */
export const TRANSIENT_FAILURE_CODES: ReadonlySet<string> = new Set([
  'NETWORK_ERROR',
  'TIMEOUT',
  'SERVER_ERROR',
  'RATE_LIMITED',
  'LICENSE_UNAVAILABLE',
  'HTML_RESPONSE',
  'PARSE_FAILED',
  'HTTP_ERROR',
  'SYNC_IN_PROGRESS',
  'LOCK_LOST',
  'STORE_FAILED',
  'ABORTED',
  'CLIENT_CLOSED',
  'UNEXPECTED',
]);

/**
 * Failures that another attempt repeats exactly: they need a person (new credentials, a permission in
 * iiko, a fixed configuration). Not retried; the account-failing hook fires at once.
 *
 * - `AUTH_FAILED`: iiko refused the login (wrong login or password). iikoServer also answers 401 while it
 *   starts, but a stored password that is wrong must not be tried 8 times — the next scheduled run
 *   tries again anyway.
 * - `PERMISSION_DENIED` (403 without a licence text), `CONFLICT` (409, iiko's business errors meant for a
 *   person), `BAD_REQUEST`, `NOT_FOUND`, `VALIDATION_FAILED` (an answer the SDK cannot accept).
 * - `INVALID_ARGUMENT`, `INVALID_CONFIGURATION`, `CREDENTIALS_NOT_FOUND`: the account's set-up.
 * - `INTEGRATION_DISABLED`, `INTEGRATION_INACTIVE`: the integration (or this account's) is switched off;
 *   nothing to retry until someone switches it on, and no alert either (see {@link SWITCHED_OFF_CODES}).
 */
export const PERMANENT_FAILURE_CODES: ReadonlySet<string> = new Set([
  'AUTH_FAILED',
  'PERMISSION_DENIED',
  'CONFLICT',
  'BAD_REQUEST',
  'NOT_FOUND',
  'VALIDATION_FAILED',
  'INVALID_ARGUMENT',
  'INVALID_CONFIGURATION',
  'CREDENTIALS_NOT_FOUND',
  'INTEGRATION_DISABLED',
  'INTEGRATION_INACTIVE',
]);

/**
 * Failures that mean "switched off", not "failing": the platform's integration switch or the account's
 * inactive credentials. A job that meets one ends `failed` without the account-failing hook.
 */
export const SWITCHED_OFF_CODES: ReadonlySet<string> = new Set(['INTEGRATION_DISABLED', 'INTEGRATION_INACTIVE']);

/**
 * Whether a failure with this code is worth another attempt (see {@link TRANSIENT_FAILURE_CODES} and
 * {@link PERMANENT_FAILURE_CODES}). A code in neither set — one added to the core later — is treated as
 * transient: bounded attempts cost little, while never retrying a passing failure loses a sync.
 *
 * @example
 * ```ts
 * isTransientFailure('LICENSE_UNAVAILABLE'); // true
 * isTransientFailure('AUTH_FAILED');         // false
 * ```
 */
export function isTransientFailure(code: string): boolean {
  return !PERMANENT_FAILURE_CODES.has(code);
}
