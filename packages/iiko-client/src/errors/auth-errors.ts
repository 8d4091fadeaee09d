import { IikoError, type IikoErrorDetails } from './iiko-error';

/**
 * Login failed: wrong login or password, a token the server rejects even after one fresh login, or an
 * answer to `/resto/api/auth` that is not a token (empty or HTML). Never retried in a loop: repeated bad
 * logins help nobody, and a server that is still starting answers `401` to good logins too.
 */
export class IikoAuthError extends IikoError {
  constructor(message: string, details: IikoErrorDetails = {}) {
    super('AUTH_FAILED', message, details);
  }
}

/**
 * `403 License enhancement is required: no connections available for module …` (or `Module … is blocked
 * within current license`): every licence slot of the customer's server is taken. Never retried — each
 * retry would be another login competing for the same slots. Free slots by closing other sessions or
 * wait until they expire (about an hour).
 */
export class IikoLicenseError extends IikoError {
  constructor(message: string, details: IikoErrorDetails = {}) {
    super('LICENSE_UNAVAILABLE', message, details);
  }
}
