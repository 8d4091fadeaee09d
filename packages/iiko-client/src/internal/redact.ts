import { SECRET_QUERY_PARAMETERS } from '../constants';

const MASK = '***';
const SECRET_PARAMETER = new RegExp(`([?&](?:${SECRET_QUERY_PARAMETERS.join('|')})=)[^&#\\s"']*`, 'gi');

/**
 * Removes secrets from text before it reaches a log line, an error message or a `cause`. Two layers:
 * the `key`/`pass` query values of any URL in the text, and every secret value this client knows (the
 * password, its hash, current and past tokens) wherever it appears — iiko error pages sometimes echo
 * the request.
 */
export class Redactor {
  readonly #secrets = new Set<string>();

  /** Remember a value that must never be shown (values shorter than 4 characters are ignored as too common). */
  add(secret: string | undefined): void {
    if (secret !== undefined && secret.length >= 4) this.#secrets.add(secret);
  }

  redact = (text: string): string => {
    let result = text.replace(SECRET_PARAMETER, `$1${MASK}`);
    for (const secret of this.#secrets) {
      if (result.includes(secret)) result = result.split(secret).join(MASK);
    }
    return result;
  };
}

/** A URL with the `key` and `pass` query values replaced by `***`. */
export function redactUrl(url: URL | string): string {
  return String(url).replace(SECRET_PARAMETER, `$1${MASK}`);
}
