/**
 * The root of every error the client throws. Errors are data: the HTTP status, iiko's own text, the
 * (redacted) request, the number of attempts and the time spent travel with the error, so a log line or
 * a support ticket can answer "what happened" without a debugger.
 *
 * None of them ever carries the password, its SHA-1 hash or a session token — not in `message`,
 * `stack`, `cause`, `responseText` or `JSON.stringify(error)`: requests are described with the `key` and
 * `pass` query values replaced by `***`, and underlying errors are copied with their text redacted.
 */

const BRAND = Symbol.for('getinn.iiko-client.error');

/** Machine-readable kind of an {@link IikoError}; stable across releases. */
export type IikoErrorCode =
  | 'HTTP_ERROR'
  | 'BAD_REQUEST'
  | 'PERMISSION_DENIED'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'SERVER_ERROR'
  | 'AUTH_FAILED'
  | 'LICENSE_UNAVAILABLE'
  | 'HTML_RESPONSE'
  | 'PARSE_FAILED'
  | 'VALIDATION_FAILED'
  | 'NETWORK_ERROR'
  | 'TIMEOUT'
  | 'ABORTED'
  | 'INVALID_ARGUMENT'
  | 'DOCUMENT_REJECTED'
  | 'CLIENT_CLOSED';

/** The request an error happened on, with secrets already replaced by `***`. */
export interface IikoRequestInfo {
  /** HTTP method, e.g. `GET`. */
  method: string;
  /** Full URL with the `key` and `pass` query values redacted. */
  url: string;
  /** The path alone, e.g. `/resto/api/suppliers`: handy for grouping errors. */
  path: string;
}

/** What an {@link IikoError} can be created with. */
export interface IikoErrorDetails {
  /** HTTP status, when the server answered. */
  status?: number | undefined;
  /** The server's answer text (iiko's `text/plain` explanation), redacted and shortened to 2,000 characters. */
  responseText?: string | undefined;
  /** The request, redacted. */
  request?: IikoRequestInfo | undefined;
  /** Attempts made, including the first. */
  attempts?: number | undefined;
  /** Milliseconds from the call to the failure, retries included. */
  elapsedMs?: number | undefined;
  /** The underlying error, copied with secrets removed from its message and stack. */
  cause?: unknown;
}

const MAX_RESPONSE_TEXT = 2_000;

/**
 * Base class of the client's errors. Use `instanceof` or {@link isIikoError}; both work even when two
 * copies of the package are installed (a brand symbol from the global registry, checked by
 * `Symbol.hasInstance`).
 *
 * @example
 * ```ts
 * try {
 *   await iiko.suppliers();
 * } catch (error) {
 *   if (error instanceof IikoLicenseError) alertCustomer('free an iiko licence slot');
 *   else if (isIikoError(error)) logger.warn(error.toJSON());
 *   else throw error;
 * }
 * ```
 */
export class IikoError extends Error {
  /** Machine-readable kind; see {@link IikoErrorCode}. */
  readonly code: IikoErrorCode;
  /** HTTP status, when the server answered. */
  readonly status: number | undefined;
  /** The server's explanation, redacted and shortened. */
  readonly responseText: string | undefined;
  /** The request, redacted. */
  readonly request: IikoRequestInfo | undefined;
  /** Attempts made, including the first. */
  attempts: number;
  /** Milliseconds from the call to the failure, retries included. */
  elapsedMs: number | undefined;

  constructor(code: IikoErrorCode, message: string, details: IikoErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = details.status;
    this.responseText =
      details.responseText === undefined || details.responseText.length <= MAX_RESPONSE_TEXT
        ? details.responseText
        : `${details.responseText.slice(0, MAX_RESPONSE_TEXT)}…`;
    this.request = details.request;
    this.attempts = details.attempts ?? 1;
    this.elapsedMs = details.elapsedMs;
    Object.defineProperty(this, BRAND, { value: lineage(new.target), enumerable: false });
  }

  static override [Symbol.hasInstance](instance: unknown): boolean {
    return isIikoError(instance) && (instance as unknown as Record<symbol, readonly string[]>)[BRAND]!.includes(this.name);
  }

  /** A plain, secret-free object for structured logs. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      status: this.status,
      responseText: this.responseText,
      request: this.request,
      attempts: this.attempts,
      elapsedMs: this.elapsedMs,
    };
  }
}

function lineage(target: abstract new (...args: never[]) => unknown): readonly string[] {
  const names: string[] = [];
  for (let current: unknown = target; typeof current === 'function' && current !== Error; current = Object.getPrototypeOf(current)) {
    names.push((current as { name: string }).name);
  }
  return Object.freeze(names);
}

/**
 * `true` for any error thrown by `@getinn/iiko-client`, from whichever installed copy.
 *
 * @example
 * ```ts
 * if (isIikoError(error) && error.code === 'LICENSE_UNAVAILABLE') retryLater();
 * ```
 */
export function isIikoError(value: unknown): value is IikoError {
  return typeof value === 'object' && value !== null && Array.isArray((value as Record<symbol, unknown>)[BRAND]);
}

/**
 * Copies an underlying error (from `fetch`, ky or the XML parser) with `redact` applied to its message
 * and stack, so it can serve as `cause` without carrying a token that was part of a URL.
 */
export function redactedCause(error: unknown, redact: (text: string) => string): Error | undefined {
  if (error === undefined || error === null) return undefined;
  const original = error instanceof Error ? error : new Error(String(error));
  const copy = new Error(redact(original.message));
  copy.name = original.name;
  copy.stack = redact(original.stack ?? `${original.name}: ${original.message}`);
  const code = (original as { code?: unknown }).code ?? (original.cause as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') Object.defineProperty(copy, 'code', { value: code, enumerable: true });
  return copy;
}
