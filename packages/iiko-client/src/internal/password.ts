import { createHash } from 'node:crypto';

/**
 * iikoServer's login takes `pass` = lowercase hex SHA-1 of the password's **UTF-8** bytes (vendor docs,
 * Авторизация). Hashing another encoding (a known C# client hashes the ANSI bytes) breaks every Cyrillic
 * password. Test vector: `resto#test` → `2155245b2c002a1986d3f384af93be813537a476`.
 */
export function passwordSha1(password: string): string {
  return createHash('sha1').update(password, 'utf8').digest('hex');
}

const SHA1_HEX = /^[0-9a-f]{40}$/i;

/** `true` when `value` looks like a SHA-1 hex digest (40 hex digits). */
export function isSha1Hex(value: string): boolean {
  return SHA1_HEX.test(value);
}
