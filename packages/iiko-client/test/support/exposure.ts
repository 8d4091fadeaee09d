/**
 * Everything about an error that can end up in a log, a terminal or a bug report — the places a secret
 * must never reach.
 */
import { createHash } from 'node:crypto';
import { inspect } from 'node:util';

/** A canary password — Cyrillic, so that a mangled encoding shows — for tests that look for leaks. */
export const CANARY_PASSWORD = 'canary-Пароль-7f3a';
/** {@link CANARY_PASSWORD}'s SHA-1 in hex, as the client sends it to log in. */
export const CANARY_PASSWORD_SHA1 = createHash('sha1').update(CANARY_PASSWORD, 'utf8').digest('hex');

/** The texts a caught error exposes, by where they come from. */
export function exposedTexts(error: unknown): Record<string, string> {
  const e = error as { message?: unknown; stack?: unknown; cause?: { stack?: unknown } | undefined };
  return {
    message: String(e.message),
    stack: String(e.stack),
    'String(cause)': String(e.cause),
    'cause.stack': String(e.cause?.stack),
    'JSON.stringify': JSON.stringify(error) ?? '',
    'util.inspect': inspect(error, { depth: 10 }),
    'String(error)': String(error),
  };
}

/** Names of the `texts` that contain any of `canaries`, as `where ⊃ canary` (empty when clean). */
export function leaks(texts: Record<string, string>, canaries: Record<string, string>): string[] {
  const found: string[] = [];
  for (const [where, text] of Object.entries(texts)) {
    for (const [name, canary] of Object.entries(canaries)) {
      if (text.toLowerCase().includes(canary.toLowerCase())) found.push(`${where} ⊃ ${name}`);
    }
  }
  return found;
}
