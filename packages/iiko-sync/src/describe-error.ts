import { isIikoError, passwordSha1 } from '@getinn/iiko-client';
import { isIikoSyncError } from './errors';

/** An error as a report and the sync log carry it: a code and a sentence, with no secret in either. */
export interface SyncErrorInfo {
  /**
   * `AUTH_FAILED`, `LICENSE_UNAVAILABLE`, `HTML_RESPONSE`, `NETWORK_ERROR`, `TIMEOUT`, `SERVER_ERROR`, …
   * (the client's `IikoErrorCode`s), this package's `IikoSyncErrorCode`s, or `UNEXPECTED`.
   */
  code: string;
  /** What happened and, where it helps, what to do — for the account's users and support. */
  message: string;
  /** HTTP status, when iikoServer answered. */
  status?: number;
}

/**
 * Failures that make every later request of the run fail the same way — the session, the licence or the
 * network — or that make writing pointless (the store, a lost lock). After one of them the run stops.
 */
const RUN_STOPPING_CODES = new Set([
  'AUTH_FAILED',
  'LICENSE_UNAVAILABLE',
  'HTML_RESPONSE',
  'NETWORK_ERROR',
  'TIMEOUT',
  'CLIENT_CLOSED',
  'LOCK_LOST',
  'STORE_FAILED',
]);

/** Whether a failure of one entity stops the whole run (see {@link RUN_STOPPING_CODES}). */
export function stopsRun(info: SyncErrorInfo): boolean {
  return RUN_STOPPING_CODES.has(info.code);
}

/** Replaces each secret (and its SHA-1, which iiko accepts as the password) in a text with `***`. */
export type Redact = (text: string) => string;

/** A {@link Redact} for the given secrets; secrets shorter than 4 characters are ignored. */
export function redactorFor(secrets: readonly (string | undefined)[]): Redact {
  const values = new Set<string>();
  for (const secret of secrets) {
    if (secret === undefined || secret.length < 4) continue;
    values.add(secret);
    values.add(passwordSha1(secret));
  }
  const ordered = [...values].sort((a, b) => b.length - a.length);
  return (text) => ordered.reduce((current, secret) => current.split(secret).join('***'), text);
}

/**
 * A clear, secret-free description of any error a sync meets. iiko client errors are already redacted
 * by the client; `redact` removes the account's own password once more, in case an error from elsewhere
 * (a store, a custom fetch) repeated it.
 */
export function describeError(error: unknown, redact: Redact): SyncErrorInfo {
  if (isIikoError(error)) {
    const info: SyncErrorInfo = { code: error.code, message: redact(withAdvice(error.code, error.message, error.cause)) };
    if (error.status !== undefined) info.status = error.status;
    return info;
  }
  if (isIikoSyncError(error)) return { code: error.code, message: redact(error.message) };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'UNEXPECTED', message: redact(message) };
}

function withAdvice(code: string, message: string, cause: unknown): string {
  switch (code) {
    case 'AUTH_FAILED':
      return `${message}. Check the iiko login and password stored for this account.`;
    case 'LICENSE_UNAVAILABLE':
      return `${message}. Every API licence slot of this iikoServer is taken: close other integrations' sessions, or wait for them to expire (up to an hour).`;
    case 'HTML_RESPONSE':
      return `${message}. Check the server address: a proxy, a parking page or a web server answered instead of iikoServer.`;
    case 'NETWORK_ERROR': {
      const causeCode = (cause as { code?: unknown } | undefined)?.code;
      if (causeCode === 'ENOTFOUND' || causeCode === 'EAI_AGAIN') {
        return `${message}. The server's host name does not resolve (DNS): check the server address.`;
      }
      if (causeCode === 'ECONNREFUSED') return `${message}. Nothing listens at that address and port: check the server address.`;
      return message;
    }
    default:
      return message;
  }
}
