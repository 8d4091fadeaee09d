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
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return buffer.toString('base64url');
}

/** The 6-bit value of a base64url character already known to be in the alphabet. */
function sextet(code: number): number {
  if (code >= 97) return code - 71; // a-z: 26–51
  if (code >= 65) return code === 95 ? 63 : code - 65; // A-Z: 0–25, _: 63
  if (code >= 48) return code + 4; // 0-9: 52–61
  return 62; // -
}

/**
 * Decodes canonical unpadded base64url, or returns `undefined`: for padding, characters outside the
 * alphabet, an impossible length (4n + 1), or non-zero leftover bits in the last character — exactly
 * the strings that would not re-encode to themselves.
 */
export function decodeBase64Url(text: string): Buffer | undefined {
  const remainder = text.length % 4;
  if (remainder === 1 || !BASE64URL_CHARACTERS.test(text)) return undefined;
  if (remainder !== 0) {
    // 2 characters carry 1 byte (4 bits left over), 3 carry 2 bytes (2 bits left over).
    const leftover = sextet(text.charCodeAt(text.length - 1)) & (remainder === 2 ? 0x0f : 0x03);
    if (leftover !== 0) return undefined;
  }
  return Buffer.from(text, 'base64url');
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
