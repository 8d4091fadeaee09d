import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64Url, decodeKeyBase64, encodeBase64Url } from '../src/base64url';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const base64urlish = fc.string({ unit: fc.constantFrom(...alphabet, '=', '+', '/', ' ', '.'), maxLength: 40 });

describe('base64url', () => {
  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (bytes) => {
        const text = encodeBase64Url(bytes);
        expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(decodeBase64Url(text)).toEqual(Buffer.from(bytes));
      }),
    );
  });

  it('accepts exactly the strings that re-encode to themselves', () => {
    fc.assert(
      fc.property(base64urlish, (text) => {
        const canonical = /^[A-Za-z0-9_-]*$/.test(text) && Buffer.from(text, 'base64url').toString('base64url') === text;
        expect(decodeBase64Url(text) !== undefined).toBe(canonical);
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['padding', 'AA=='],
    ['a 4n+1 length', 'AAAAA'],
    ['stray bits after one byte', 'AB'],
    ['stray bits after two bytes', 'AAB'],
    ['the standard alphabet', 'a+/A'],
    ['whitespace', 'AA AA'],
  ])('refuses %s', (_label, text) => {
    expect(decodeBase64Url(text)).toBeUndefined();
  });

  it('reads keys in standard or url-safe base64, padded or not, but not both alphabets at once', () => {
    const key = Buffer.from('fb/fb+fb-fb_fb//++--__00112233445566', 'latin1').subarray(0, 32);
    for (const text of [key.toString('base64'), key.toString('base64').replace(/=+$/, ''), key.toString('base64url'), `${key.toString('base64url')}=`]) {
      expect(decodeKeyBase64(text)).toEqual(key);
    }
    expect(decodeKeyBase64('ab+_')).toBeUndefined();
    expect(decodeKeyBase64('AAA==')).toBeUndefined();
    expect(decodeKeyBase64('')).toBeUndefined();
  });
});
