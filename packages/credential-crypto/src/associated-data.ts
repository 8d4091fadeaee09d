/**
 * The associated data that binds an envelope to its key id and context (`credential-envelope.md`,
 * "What is bound"): the UTF-8 bytes of
 * `JSON.stringify(["getinn.credential.v1", kid, entries])`, `entries` being the context's `[key, value]`
 * pairs sorted by key. Python produces the same bytes with
 * `json.dumps([...], separators=(",", ":"), ensure_ascii=False).encode()`.
 */
import { ASSOCIATED_DATA_LABEL, ID_CHARACTERS } from './constants';
import { CredentialValidationError } from './errors';
import type { CredentialContext } from './types';
import { isPlainObject } from './validation';

/** A context as its sorted `[key, value]` pairs. */
export type ContextEntries = ReadonlyArray<readonly [string, string]>;

/** A lone UTF-16 surrogate: JSON.stringify escapes it while Python's `.encode()` refuses it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Checks a context and returns its entries sorted by key. Keys are restricted to
 * `A-Z a-z 0-9 . _ -`, where JavaScript's sort by UTF-16 code unit and Python's sort by code point agree.
 *
 * @throws CredentialValidationError listing each bad key (keys are names, never secrets; values are not
 *   quoted).
 */
export function contextEntries(context: CredentialContext): ContextEntries {
  if (!isPlainObject(context)) {
    throw new CredentialValidationError('Invalid credential context', ['must be a plain object of strings']);
  }
  const issues: string[] = [];
  const entries: Array<readonly [string, string]> = [];
  for (const [key, value] of Object.entries(context)) {
    if (!ID_CHARACTERS.test(key)) {
      issues.push(`key ${JSON.stringify(key)}: use only A-Z a-z 0-9 . _ -`);
    } else if (typeof value !== 'string') {
      issues.push(`${key}: must be a string`);
    } else if (LONE_SURROGATE.test(value)) {
      issues.push(`${key}: holds a lone UTF-16 surrogate, which has no UTF-8 encoding`);
    } else {
      entries.push([key, value]);
    }
  }
  if (issues.length > 0) throw new CredentialValidationError('Invalid credential context', issues);
  return entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The associated data bytes for `kid` and already-checked context entries. */
export function associatedData(kid: string, entries: ContextEntries): Buffer {
  return Buffer.from(JSON.stringify([ASSOCIATED_DATA_LABEL, kid, entries]), 'utf8');
}
