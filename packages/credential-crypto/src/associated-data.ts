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

/**
 * A checked context in its bound form: the JSON text of its `[key, value]` pairs sorted by key, e.g.
 * `[["accountId","6f1c…"],["integrationType","iiko"]]`. Branded so only {@link boundContext} makes one.
 */
export type BoundContext = string & { readonly __boundContext: true };

/** Any UTF-16 surrogate: rare in a context, so the precise check below runs only when one is present. */
const SURROGATE = /[\uD800-\uDFFF]/;
/** A lone UTF-16 surrogate: JSON.stringify escapes it while Python's `.encode()` refuses it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Checks a context and returns its entries, sorted by key, as JSON text. Keys are restricted to
 * `A-Z a-z 0-9 . _ -`, where JavaScript's sort by UTF-16 code unit and Python's sort by code point agree,
 * and which JSON never escapes, so they are quoted as they are; values go through `JSON.stringify`. The
 * result is exactly `JSON.stringify(entries)`.
 *
 * @throws CredentialValidationError listing each bad key (keys are names, never secrets; values are not
 *   quoted).
 */
export function boundContext(context: CredentialContext): BoundContext {
  if (!isPlainObject(context)) {
    throw new CredentialValidationError('Invalid credential context', ['must be a plain object of strings']);
  }
  // The default sort compares UTF-16 code units, the order the spec asks for on this character set.
  const keys = Object.keys(context).sort();
  let text = '[';
  let issues: string[] | undefined;
  for (const key of keys) {
    const value = context[key];
    let issue: string | undefined;
    if (!ID_CHARACTERS.test(key)) issue = `key ${JSON.stringify(key)}: use only A-Z a-z 0-9 . _ -`;
    else if (typeof value !== 'string') issue = `${key}: must be a string`;
    else if (SURROGATE.test(value) && LONE_SURROGATE.test(value)) {
      issue = `${key}: holds a lone UTF-16 surrogate, which has no UTF-8 encoding`;
    } else text += `${text.length === 1 ? '' : ','}["${key}",${JSON.stringify(value)}]`;
    if (issue !== undefined) (issues ??= []).push(issue);
  }
  if (issues !== undefined) throw new CredentialValidationError('Invalid credential context', issues);
  return `${text}]` as BoundContext;
}

/** The fixed start of every associated data: `["getinn.credential.v1",`. */
const PREFIX = `[${JSON.stringify(ASSOCIATED_DATA_LABEL)},`;

/**
 * The associated data bytes: the UTF-8 of `JSON.stringify([label, kid, entries])`, assembled from the
 * bound context. `kid` must already be checked (1–64 characters of `A-Z a-z 0-9 . _ -`, which JSON
 * never escapes).
 */
export function associatedData(kid: string, context: BoundContext): Buffer {
  return Buffer.from(`${PREFIX}"${kid}",${context}]`, 'utf8');
}
