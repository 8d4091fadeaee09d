import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decryptCredentials,
  encryptCredentials,
  isCredentialCryptoError,
  type CredentialContext,
  type JsonValue,
} from '../src/index';
import { associatedData, boundContext } from '../src/associated-data';
import { flipBit, testKeyring } from './helpers';

const keyring = testKeyring('k2026-05', 'k2026-11');

const contextKey = fc.stringMatching(/^[A-Za-z0-9._-]{1,16}$/);
const contextValue = fc.string({ unit: 'grapheme', maxLength: 24 });
const context: fc.Arbitrary<CredentialContext> = fc.dictionary(contextKey, contextValue, { minKeys: 1, maxKeys: 5 });
const jsonValue = fc.jsonValue({ stringUnit: 'binary', maxDepth: 4 }) as fc.Arbitrary<JsonValue>;
const smallJson = fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<JsonValue>;
const kid = fc.stringMatching(/^[A-Za-z0-9._-]{1,64}$/);

function rejects(run: () => unknown): boolean {
  try {
    run();
    return false;
  } catch (error) {
    return isCredentialCryptoError(error, 'DECRYPTION_FAILED');
  }
}

describe('envelope properties', () => {
  it('the associated data is exactly JSON.stringify(["getinn.credential.v1", kid, sorted entries])', () => {
    const anyText = fc.string({ unit: 'grapheme', maxLength: 24 });
    const controlText = fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map((code) => String.fromCharCode(code)), maxLength: 12 });
    fc.assert(
      fc.property(kid, fc.dictionary(contextKey, fc.oneof(anyText, controlText), { maxKeys: 6 }), (id, bound) => {
        const entries = Object.entries(bound).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        const expected = JSON.stringify(['getinn.credential.v1', id, entries]);
        expect(associatedData(id, boundContext(bound)).toString('utf8')).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('any JSON value round-trips (strings of any code units included)', () => {
    fc.assert(
      fc.property(jsonValue, context, (value, bound) => {
        const envelope = encryptCredentials(keyring, value, bound);
        expect(decryptCredentials(keyring, envelope, bound)).toEqual(JSON.parse(JSON.stringify(value)));
        expect(decryptCredentials(keyring, JSON.stringify(envelope), bound)).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 300 },
    );
  });

  it('any single-bit change to iv, ct or tag is rejected', () => {
    fc.assert(
      fc.property(
        smallJson,
        context,
        fc.constantFrom('iv' as const, 'ct' as const, 'tag' as const),
        fc.nat(),
        (value, bound, field, bit) => {
          const envelope = encryptCredentials(keyring, value, bound);
          const bits = Buffer.from(envelope[field], 'base64url').length * 8;
          const changed = { ...envelope, [field]: flipBit(envelope[field], bit % bits) };
          expect(changed[field]).not.toBe(envelope[field]);
          return rejects(() => decryptCredentials(keyring, changed, bound));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('any change to kid is rejected, to a key the keyring holds or not', () => {
    fc.assert(
      fc.property(smallJson, context, fc.oneof(kid, fc.constant('k2026-05')), (value, bound, otherKid) => {
        fc.pre(otherKid !== keyring.primaryKeyId);
        const envelope = encryptCredentials(keyring, value, bound);
        return rejects(() => decryptCredentials(keyring, { ...envelope, kid: otherKid }, bound));
      }),
      { numRuns: 300 },
    );
  });

  it('any change to the context is rejected: a value, an added key, a removed key, a renamed key', () => {
    const change = fc.oneof(
      fc.record({ kind: fc.constant('value' as const), text: contextValue }),
      fc.record({ kind: fc.constant('add' as const), key: contextKey, text: contextValue }),
      fc.record({ kind: fc.constant('remove' as const) }),
      fc.record({ kind: fc.constant('rename' as const), key: contextKey }),
    );
    fc.assert(
      fc.property(smallJson, context, change, fc.nat(), (value, bound, edit, pick) => {
        const keys = Object.keys(bound);
        const target = keys[pick % keys.length] as string;
        const other: Record<string, string> = { ...bound };
        switch (edit.kind) {
          case 'value':
            other[target] = edit.text;
            break;
          case 'add':
            other[edit.key] = edit.text;
            break;
          case 'remove':
            delete other[target];
            break;
          case 'rename':
            delete other[target];
            other[edit.key] = bound[target] as string;
            break;
        }
        const same =
          Object.keys(other).length === keys.length && keys.every((key) => Object.hasOwn(other, key) && other[key] === bound[key]);
        fc.pre(!same);
        const envelope = encryptCredentials(keyring, value, bound);
        return rejects(() => decryptCredentials(keyring, envelope, other));
      }),
      { numRuns: 500 },
    );
  });
});
