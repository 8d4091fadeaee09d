import { IikoError, type IikoErrorCode, type IikoErrorDetails } from './iiko-error';

/**
 * The server answered with an error status this client has no more specific class for (for example 405).
 * Subclasses cover the statuses iikoServer documents ("Описание ошибок").
 */
export class IikoHttpError extends IikoError {
  declare readonly status: number;

  constructor(message: string, details: IikoErrorDetails & { status: number }, code: IikoErrorCode = 'HTTP_ERROR') {
    super(code, message, details);
  }
}

/** `400`: a bad parameter (`Wrong date format: …`). Never retried: the same request fails the same way. */
export class IikoBadRequestError extends IikoHttpError {
  constructor(message: string, details: IikoErrorDetails & { status: number }) {
    super(message, details, 'BAD_REQUEST');
  }
}

/** `403 Permission denied`: the iiko user lacks a right. Licence problems are {@link IikoLicenseError}. */
export class IikoPermissionError extends IikoHttpError {
  constructor(message: string, details: IikoErrorDetails & { status: number }) {
    super(message, details, 'PERMISSION_DENIED');
  }
}

/** `404`: no such object or path (also what an old server answers for an endpoint it lacks). */
export class IikoNotFoundError extends IikoHttpError {
  constructor(message: string, details: IikoErrorDetails & { status: number }) {
    super(message, details, 'NOT_FOUND');
  }
}

/** `409`: a business error meant for a person (`Доступ запрещен …`); `responseText` keeps iiko's words. */
export class IikoConflictError extends IikoHttpError {
  constructor(message: string, details: IikoErrorDetails & { status: number }) {
    super(message, details, 'CONFLICT');
  }
}

/** `429`: too many requests; retried after `Retry-After`, this is what remains when retries run out. */
export class IikoRateLimitError extends IikoHttpError {
  constructor(message: string, details: IikoErrorDetails & { status: number }) {
    super(message, details, 'RATE_LIMITED');
  }
}

/** `5xx`: the server failed (`java.net.SocketException: Connection reset`, `product == null`). Reads are retried. */
export class IikoServerError extends IikoHttpError {
  constructor(message: string, details: IikoErrorDetails & { status: number }) {
    super(message, details, 'SERVER_ERROR');
  }
}
