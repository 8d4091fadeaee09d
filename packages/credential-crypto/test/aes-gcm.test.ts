import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openAesGcm, sealAesGcm } from '../src/aes-gcm';

interface WycheproofTest {
  tcId: number;
  comment: string;
  flags: string[];
  key: string;
  iv: string;
  aad: string;
  msg: string;
  ct: string;
  tag: string;
  result: 'valid' | 'invalid' | 'acceptable';
}
interface WycheproofGroup {
  keySize: number;
  ivSize: number;
  tagSize: number;
  tests: WycheproofTest[];
}

const suite = JSON.parse(
  readFileSync(new URL('./vectors/aes_gcm_test.json', import.meta.url), 'utf8'),
) as { algorithm: string; testGroups: WycheproofGroup[] };

// The version 1 envelope profile: AES-256, 96-bit nonce, 128-bit tag.
const cases = suite.testGroups
  .filter((group) => group.keySize === 256 && group.ivSize === 96 && group.tagSize === 128)
  .flatMap((group) => group.tests);

const hex = (text: string): Buffer => Buffer.from(text, 'hex');

describe('AES-256-GCM layer against Project Wycheproof', () => {
  it('selects the 66 cases of the envelope profile, valid and invalid', () => {
    expect(suite.algorithm).toBe('AES-GCM');
    expect(cases).toHaveLength(66);
    expect(cases.filter((test) => test.result === 'valid')).toHaveLength(39);
    expect(cases.filter((test) => test.result === 'invalid')).toHaveLength(27);
  });

  it.each(cases.map((test) => [test.tcId, test.comment || test.flags.join(','), test] as const))(
    'tcId %i (%s)',
    (_id, _label, test) => {
      const key = hex(test.key);
      const iv = hex(test.iv);
      const aad = hex(test.aad);
      const opened = openAesGcm(key, iv, hex(test.ct), hex(test.tag), aad);
      if (test.result === 'valid') {
        expect(opened?.toString('hex')).toBe(test.msg);
        const sealed = sealAesGcm(key, iv, hex(test.msg), aad);
        expect(sealed.ciphertext.toString('hex')).toBe(test.ct);
        expect(sealed.tag.toString('hex')).toBe(test.tag);
      } else {
        expect(test.result).toBe('invalid');
        expect(opened).toBeUndefined();
      }
    },
  );
});

describe('AES-256-GCM layer limits', () => {
  const valid = cases.find((test) => test.result === 'valid' && test.msg.length > 0);
  if (valid === undefined) throw new Error('no valid vector with a message');
  const key = hex(valid.key);
  const iv = hex(valid.iv);
  const aad = hex(valid.aad);
  const ct = hex(valid.ct);
  const tag = hex(valid.tag);

  it('refuses every truncated tag, down to the 4 bytes Node would otherwise accept', () => {
    for (const length of [15, 14, 13, 12, 8, 4, 0]) {
      expect(openAesGcm(key, iv, ct, tag.subarray(0, length), aad)).toBeUndefined();
    }
  });

  it('refuses a nonce or key of the wrong length instead of throwing', () => {
    expect(openAesGcm(key, iv.subarray(0, 8), ct, tag, aad)).toBeUndefined();
    expect(openAesGcm(key, Buffer.concat([iv, Buffer.alloc(4)]), ct, tag, aad)).toBeUndefined();
    expect(openAesGcm(key.subarray(0, 16), iv, ct, tag, aad)).toBeUndefined();
  });

  it('will not seal with a short nonce or key', () => {
    expect(() => sealAesGcm(key, iv.subarray(0, 8), ct, aad)).toThrow(RangeError);
    expect(() => sealAesGcm(key.subarray(0, 16), iv, ct, aad)).toThrow(RangeError);
  });
});
