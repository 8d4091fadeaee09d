import { createHash } from 'node:crypto';
import { createKeyring, type Keyring } from '../src/index';

/** A deterministic 32-byte test key per label (never use derived keys like this outside tests). */
export function testKey(label: string): Buffer {
  return createHash('sha256').update(`credential-crypto test key: ${label}`).digest();
}

/** Base64 of {@link testKey}. */
export function testKeyBase64(label: string): string {
  return testKey(label).toString('base64');
}

/** A keyring holding `ids`, the last one primary. */
export function testKeyring(...ids: string[]): Keyring {
  const keyIds = ids.length > 0 ? ids : ['k1'];
  return createKeyring({
    keys: Object.fromEntries(keyIds.map((id) => [id, testKey(id)])),
    primaryKeyId: keyIds[keyIds.length - 1] as string,
  });
}

/** Flips one bit of base64url text, keeping it canonical base64url. */
export function flipBit(text: string, bit: number): string {
  const bytes = Buffer.from(text, 'base64url');
  const index = Math.floor(bit / 8) % bytes.length;
  bytes[index] = (bytes[index] as number) ^ (1 << bit % 8);
  return bytes.toString('base64url');
}
