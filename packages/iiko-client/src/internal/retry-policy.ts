import { IikoHtmlResponseError, IikoParseError } from '../errors/response-errors';
import { IikoNetworkError, IikoTimeoutError } from '../errors/transport-errors';
import { isIikoError } from '../errors/iiko-error';

/** Errors that must end the call now even though their class is usually retried (the total budget ran out). */
const finalErrors = new WeakSet<object>();

/** Marks an error as not to be retried. */
export function markFinal<E extends object>(error: E): E {
  finalErrors.add(error);
  return error;
}

/**
 * Whether a failed read may be tried again. Retried: network failures and resets, attempt timeouts, bodies
 * cut off mid-XML, and the statuses that mean "later" — 408, 429 and 5xx (including a proxy's HTML 5xx
 * page). Never retried: 400, 401 beyond the one re-login, 403 (licence or permission), 404, 409 — the
 * same request would fail the same way, and repeated logins would compete for licence slots.
 */
export function isRetryable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || finalErrors.has(error) || !isIikoError(error)) return false;
  if (error instanceof IikoNetworkError || error instanceof IikoTimeoutError || error instanceof IikoParseError) return true;
  const status = error.status;
  if (status === undefined) return false;
  if (error instanceof IikoHtmlResponseError) return status >= 500;
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Whether a failed logout may be tried again: network failures, timeouts, 5xx, and HTML pages of any
 * status (a proxy answered, not iiko). Anything else (403, 404, …) would fail the same way now; such a
 * logout is deferred to the next session start instead. A logout that is not retried leaks a licence
 * slot for up to an hour, so this is wider than the read policy.
 */
export function isRetryableLogout(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || finalErrors.has(error) || !isIikoError(error)) return false;
  if (error instanceof IikoNetworkError || error instanceof IikoTimeoutError || error instanceof IikoParseError) return true;
  if (error instanceof IikoHtmlResponseError) return true;
  const status = error.status;
  return status !== undefined && (status === 408 || status === 429 || status >= 500);
}
