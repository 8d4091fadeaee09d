/**
 * Fresh 96-bit nonces from the CSPRNG. Each `randomBytes` call crosses into OpenSSL, which costs more
 * than the 12 bytes themselves, so bytes are drawn 256 nonces at a time and each slice handed out once
 * (Node's own `crypto.randomUUID` buffers its randomness the same way). A nonce is public — it is
 * stored in the envelope — so holding the next few in memory reveals nothing.
 */
import { randomFillSync } from 'node:crypto';
import { IV_BYTES } from './constants';

const NONCES_PER_DRAW = 256;

let pool = Buffer.alloc(0);
let offset = 0;

/** A 12-byte nonce no other call of this process has received. */
export function freshNonce(): Buffer {
  if (offset + IV_BYTES > pool.byteLength) {
    pool = randomFillSync(Buffer.allocUnsafeSlow(IV_BYTES * NONCES_PER_DRAW));
    offset = 0;
  }
  const nonce = Buffer.from(pool.subarray(offset, offset + IV_BYTES));
  offset += IV_BYTES;
  return nonce;
}
