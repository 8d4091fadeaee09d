import { IikoError, type IikoErrorDetails } from './iiko-error';

/** The connection failed: refused, reset, DNS, TLS. Reads are retried; `cause.code` keeps Node's code (`ECONNRESET`). */
export class IikoNetworkError extends IikoError {
  constructor(message: string, details: IikoErrorDetails = {}) {
    super('NETWORK_ERROR', message, details);
  }
}

/** An attempt exceeded `timeoutMs`, or the call exceeded `totalTimeoutMs`. */
export class IikoTimeoutError extends IikoError {
  constructor(message: string, details: IikoErrorDetails = {}) {
    super('TIMEOUT', message, details);
  }
}

/** The caller's `signal` aborted the call. Nothing is retried after an abort. */
export class IikoAbortError extends IikoError {
  constructor(message: string, details: IikoErrorDetails = {}) {
    super('ABORTED', message, details);
  }
}

/** An argument or option was invalid (a date that is not `YYYY-MM-DD`, a missing password); no request was sent. */
export class IikoArgumentError extends IikoError {
  constructor(message: string) {
    super('INVALID_ARGUMENT', message);
  }
}

/** The client was closed (`close()` or `await using`); create a new one to make more calls. */
export class IikoClientClosedError extends IikoError {
  constructor(message = 'this IikoClient is closed; create a new client to make more calls') {
    super('CLIENT_CLOSED', message);
  }
}
