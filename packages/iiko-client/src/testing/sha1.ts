import { createHash } from 'node:crypto';

/**
 * Lowercase hex SHA-1 of the UTF-8 bytes of `text` — what iikoServer expects as `pass` in
 * `/resto/api/auth`. Hashing other bytes (a C# client hashed ANSI) breaks every Cyrillic password, which is
 * why the fake verifies logins with exactly this function.
 *
 * @example
 * ```ts
 * sha1Hex('resto#test'); // '2155245b2c002a1986d3f384af93be813537a476'
 * ```
 */
export function sha1Hex(text: string): string {
  return createHash('sha1').update(text, 'utf8').digest('hex');
}
