import { IikoAuthError, IikoLicenseError } from '../errors/auth-errors';
import {
  IikoBadRequestError,
  IikoConflictError,
  IikoHttpError,
  IikoNotFoundError,
  IikoPermissionError,
  IikoRateLimitError,
  IikoServerError,
} from '../errors/http-errors';
import type { IikoError, IikoRequestInfo } from '../errors/iiko-error';

/**
 * iiko's licence refusals (vendor docs, "Описание ошибок", 403): no free connection, or the module is
 * blocked. Both mean "no slot", unlike `Permission denied`.
 */
const LICENCE_TEXT = /License enhancement is required|no connections available|is blocked within current license/i;

/** The error for an HTTP error status, with iiko's text kept for a person to read. */
export function errorForStatus(status: number, responseText: string, request: IikoRequestInfo): IikoError {
  const details = { status, responseText, request };
  const said = responseText.trim() === '' ? '' : `: ${firstLine(responseText)}`;
  const where = `${request.method} ${request.path}`;
  if (status === 400) return new IikoBadRequestError(`iikoServer rejected a parameter of ${where} (400)${said}`, details);
  if (status === 401) return new IikoAuthError(`iikoServer did not accept the session for ${where} (401)${said}`, details);
  if (status === 403 && LICENCE_TEXT.test(responseText)) {
    return new IikoLicenseError(`iikoServer has no free licence slot for ${where} (403)${said}`, details);
  }
  if (status === 403) return new IikoPermissionError(`iikoServer denied ${where} (403)${said}`, details);
  if (status === 404) return new IikoNotFoundError(`iikoServer has no ${request.path} (404)${said}`, details);
  if (status === 409) return new IikoConflictError(`iikoServer refused ${where} (409)${said}`, details);
  if (status === 429) return new IikoRateLimitError(`iikoServer asked to slow down on ${where} (429)${said}`, details);
  if (status >= 500) return new IikoServerError(`iikoServer failed on ${where} (${status})${said}`, details);
  return new IikoHttpError(`iikoServer answered ${status} to ${where}${said}`, details);
}

function firstLine(text: string): string {
  const line = text.trim().split(/\r?\n/, 1)[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
