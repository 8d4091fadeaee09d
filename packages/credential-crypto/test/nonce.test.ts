import { describe, expect, it } from 'vitest';
import { freshNonce } from '../src/nonce';

describe('freshNonce', () => {
  it('hands out distinct 12-byte nonces across many pool refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 5000; i += 1) {
      const nonce = freshNonce();
      expect(nonce).toHaveLength(12);
      seen.add(nonce.toString('hex'));
    }
    expect(seen.size).toBe(5000);
  });

  it('returns copies: changing one nonce changes no other', () => {
    const first = freshNonce();
    const second = freshNonce();
    const before = second.toString('hex');
    first.fill(0);
    expect(second.toString('hex')).toBe(before);
  });
});
