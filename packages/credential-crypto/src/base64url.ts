/**
 * Base64 codecs. The envelope's `iv`, `ct` and `tag` are base64url without padding (RFC 4648 §5) and
 * are decoded strictly: Node's decoder skips invalid characters and ignores stray bits, which would let
 * many strings stand for one byte string. Only the one canonical spelling is accepted.
 */

const BASE64URL_CHARACTERS = /^[A-Za-z0-9_-]*$/;
const STANDARD_KEY = /^[A-Za-z0-9+/]+={0,2}$/;
const URL_SAFE_KEY = /^[A-Za-z0-9_-]+={0,2}$/;

/** Encodes bytes as base64url without padding. */
export function encodeBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

/**
 * Decodes canonical unpadded base64url, or returns `undefined`: for padding, characters outside the
 * alphabet, an impossible length, or non-zero leftover bits (anything that does not re-encode to the
 * same text).
 */
export function decodeBase64Url(text: string): Buffer | undefined {
  if (!BASE64URL_CHARACTERS.test(text)) return undefined;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}

/**
 * Decodes a key written in standard (RFC 4648 §4) or url-safe (§5) base64, with or without padding,
 * or returns `undefined`. One alphabet per key: a mix of `+/` and `-_` is a typo, not a key.
 */
export function decodeKeyBase64(text: string): Buffer | undefined {
  const standard = STANDARD_KEY.test(text);
  if (!standard && !URL_SAFE_KEY.test(text)) return undefined;
  const unpadded = text.replace(/=+$/, '');
  if (text.length !== unpadded.length && text.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(unpadded, standard ? 'base64' : 'base64url');
  const canonical = bytes.toString(standard ? 'base64' : 'base64url').replace(/=+$/, '');
  return canonical === unpadded ? bytes : undefined;
}
