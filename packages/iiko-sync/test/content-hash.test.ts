import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash, toSyncRecord } from '../src/index';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('toSyncRecord', () => {
  const supplier = { externalId: 's-1', name: 'Молочный двор', contactInfo: { phone: '+7 495 123-45-67' }, amount: '0.123456789' };

  it('hashes the JSON it keeps, serialized once in the record’s own key order', () => {
    const record = toSyncRecord(supplier);

    expect(record.json).toBe(JSON.stringify(supplier));
    expect(record.contentHash).toBe(sha256(record.json!));
    expect(record.data).toBe(supplier);
    expect(record.externalId).toBe('s-1');
  });

  it('gives equal records built the same way equal hashes, and any change of content another hash', () => {
    expect(toSyncRecord({ ...supplier }).contentHash).toBe(toSyncRecord(supplier).contentHash);
    expect(toSyncRecord({ ...supplier, amount: '0.123456780' }).contentHash).not.toBe(toSyncRecord(supplier).contentHash);
    expect(toSyncRecord({ ...supplier, contactInfo: {} }).contentHash).not.toBe(toSyncRecord(supplier).contentHash);
  });

  it('leaves out undefined properties, as JSON does', () => {
    expect(toSyncRecord({ externalId: 'a', note: undefined }).json).toBe('{"externalId":"a"}');
  });

  it('refuses what JSON cannot hold', () => {
    expect(() => toSyncRecord({ externalId: 'a', amount: 10n })).toThrow(TypeError);
  });
});

describe('canonicalJson and contentHash', () => {
  it('sort keys at every level, so key order does not change the hash', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ y: 1, x: 2 }], c: 2 } })).toBe('{"a":{"c":2,"d":[{"x":2,"y":1}]},"b":1}');
    expect(contentHash({ a: 1, b: 2 })).toBe(contentHash({ b: 2, a: 1 }));
  });
});
