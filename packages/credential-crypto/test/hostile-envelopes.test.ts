/**
 * Whatever a stored row holds — a throwing getter, a Proxy, a revoked Proxy, inherited fields, values of
 * any type — every refusal is the package's one generic DecryptionError, and the helpers that only look
 * at an envelope (isCredentialEnvelope, needsReencrypt, the vault's key id) never throw.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createCredentialVault,
  createMemoryCredentialStore,
  decryptCredentials,
  encryptCredentials,
  isCredentialCryptoError,
  isCredentialEnvelope,
  needsReencrypt,
  type CredentialEnvelope,
  type CredentialStore,
} from '../src/index';
import { testKeyring } from './helpers';

const keyring = testKeyring('k2026-05', 'k2026-11');
const context = { accountId: 'acc-1', integrationType: 'iiko' };
const secret = { login: 'api', password: 'canary-p4ss-Ω' };
const sealed = (): CredentialEnvelope => encryptCredentials(keyring, secret, context);
const FIELDS = ['v', 'alg', 'kid', 'iv', 'ct', 'tag'] as const;

/** The error `run` throws; fails the test when it returns. */
function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

/** Asserts the generic refusal, and that the inspecting helpers answer without throwing. */
function expectRefused(envelope: unknown): void {
  const error = thrown(() => decryptCredentials(keyring, envelope, context));
  expect(isCredentialCryptoError(error, 'DECRYPTION_FAILED')).toBe(true);
  expect(String((error as Error).stack)).not.toContain(secret.password);
  expect(isCredentialEnvelope(envelope)).toBe(false);
  expect(needsReencrypt(keyring, envelope)).toBe(true);
}

const boom = (): never => {
  throw new Error('boom from a hostile object');
};

describe('hostile envelope objects', () => {
  it.each(FIELDS)('a getter that throws on %s', (field) => {
    const envelope: Record<string, unknown> = { ...sealed() };
    Object.defineProperty(envelope, field, { get: boom, enumerable: true });
    expectRefused(envelope);
  });

  it('a getter that returns the right value is refused too: an envelope is data, and is read once', () => {
    const real = sealed();
    let reads = 0;
    const envelope: Record<string, unknown> = { ...real };
    Object.defineProperty(envelope, 'kid', {
      get: () => (++reads === 1 ? real.kid : 'k2026-05'),
      enumerable: true,
    });
    expectRefused(envelope);
    expect(reads).toBe(0);
  });

  it.each(['ownKeys', 'getOwnPropertyDescriptor'] as const)('a Proxy whose %s trap throws', (trap) => {
    expectRefused(new Proxy({ ...sealed() }, { [trap]: boom }));
  });

  it.each(['get', 'getPrototypeOf', 'has', 'isExtensible'] as const)(
    'a Proxy whose %s trap throws is never asked: its own data fields are what it holds, and they open',
    (trap) => {
      expect(decryptCredentials(keyring, new Proxy({ ...sealed() }, { [trap]: boom }), context)).toEqual(secret);
    },
  );

  it('a revoked Proxy', () => {
    const { proxy, revoke } = Proxy.revocable({ ...sealed() }, {});
    revoke();
    expectRefused(proxy);
  });

  it('a Proxy that reports a different value on every look is read once, so it cannot pass a check with one and decrypt with another', () => {
    const real = sealed() as unknown as Record<string, unknown>;
    let looks = 0;
    const proxy = new Proxy({} as Record<string, unknown>, {
      ownKeys: () => [...FIELDS],
      getOwnPropertyDescriptor: (_target, key) => {
        looks += 1;
        const value = key === 'kid' && looks > FIELDS.length ? 'k2026-05' : real[key as string];
        return { value, enumerable: true, configurable: true, writable: true };
      },
    });
    expect(decryptCredentials(keyring, proxy, context)).toEqual(secret);
    expect(looks).toBe(FIELDS.length);
  });

  it('a Proxy that reports a non-configurable field its target lacks breaks an engine invariant: refused', () => {
    const real = sealed() as unknown as Record<string, unknown>;
    const proxy = new Proxy({} as Record<string, unknown>, {
      ownKeys: () => [...FIELDS],
      getOwnPropertyDescriptor: (_target, key) => ({ value: real[key as string], enumerable: true, configurable: false }),
    });
    expectRefused(proxy);
  });

  it('a transparent Proxy of a real envelope still opens: only own data fields are read', () => {
    expect(decryptCredentials(keyring, new Proxy({ ...sealed() }, {}), context)).toEqual(secret);
  });

  it('fields inherited from a prototype are not fields', () => {
    const inherited = Object.create(sealed()) as object;
    for (const key of ['a', 'b', 'c', 'd', 'e', 'f']) Object.defineProperty(inherited, key, { value: 1, enumerable: true });
    expectRefused(inherited);
    expectRefused(Object.create(sealed()));
  });

  it('an extra field, a missing one, or a field hidden from enumeration', () => {
    expectRefused({ ...sealed(), extra: 1 });
    const { tag: _tag, ...missing } = sealed();
    expectRefused(missing);
    const hidden: Record<string, unknown> = { ...sealed() };
    Object.defineProperty(hidden, 'tag', { value: hidden.tag, enumerable: false });
    expectRefused(hidden);
  });

  it('fields whose values would throw if coerced are compared, never coerced', () => {
    const trap = { toString: boom, valueOf: boom, [Symbol.toPrimitive]: boom };
    for (const field of FIELDS) expectRefused({ ...sealed(), [field]: trap });
  });

  it.each([
    ['an array', () => [...Object.values(sealed())]],
    ['a Map', () => new Map(Object.entries(sealed()))],
    ['a Date', () => new Date()],
    ['a typed array', () => new Uint8Array(32)],
    ['a boxed string', () => new String(JSON.stringify(sealed()))],
    ['a function', () => Object.assign(() => undefined, sealed())],
    ['a symbol', () => Symbol('envelope')],
    ['a bigint', () => 1n],
    ['JSON nested 100,000 levels deep', () => '['.repeat(100_000) + ']'.repeat(100_000)],
    ['a JSON text of a Proxy-like shape', () => JSON.stringify({ ...sealed(), v: '1' })],
    ['null', () => null],
    ['undefined', () => undefined],
  ])('%s', (_what, make) => {
    expectRefused(make());
  });
});

describe('the vault refuses a hostile stored row with the generic error', () => {
  it.each([
    ['a throwing getter', () => Object.defineProperty({ ...sealed() }, 'ct', { get: boom, enumerable: true })],
    ['a Proxy', () => new Proxy({ ...sealed() }, { ownKeys: boom })],
    ['a revoked Proxy', () => {
      const { proxy, revoke } = Proxy.revocable({ ...sealed() }, {});
      revoke();
      return proxy;
    }],
  ])('%s in credentials', async (_what, make) => {
    const memory = createMemoryCredentialStore();
    const vault = createCredentialVault({ keyring, store: memory });
    await vault.put('acc-1', 'iiko', secret, { baseUrl: 'https://chain.iiko.it' });
    const stored = (await memory.get('acc-1', 'iiko'))!;
    // A store that hands back what a tampered database (or a buggy driver) produced.
    const store: CredentialStore = { ...memory, get: async () => ({ ...stored, credentials: make() as never }) };
    const tampered = createCredentialVault({ keyring, store });

    const error = await tampered.get('acc-1', 'iiko').then(
      () => undefined,
      (caught: unknown) => caught,
    );

    expect(isCredentialCryptoError(error, 'DECRYPTION_FAILED')).toBe(true);
  });
});

/** fast-check runs: small in CI, large on demand (`FUZZ_RUNS=100000`); `FUZZ_SEED` replays a run. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const SEED = process.env.FUZZ_SEED === undefined ? {} : { seed: Number(process.env.FUZZ_SEED) };

/** One way of tampering with a sealed envelope. */
type Tamper = (envelope: Record<string, unknown>) => unknown;

const field = fc.constantFrom(...FIELDS);
const tamper: fc.Arbitrary<Tamper> = fc.oneof(
  fc.tuple(field, fc.anything()).map(([key, value]): Tamper => (e) => ({ ...e, [key]: value })),
  field.map((key): Tamper => (e) => {
    const copy = { ...e };
    delete copy[key];
    return copy;
  }),
  fc.tuple(fc.string(), fc.anything()).map(([key, value]): Tamper => (e) => ({ ...e, [key]: value })),
  field.map((key): Tamper => (e) => Object.defineProperty({ ...e }, key, { get: boom, enumerable: true })),
  fc
    .constantFrom('get', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf', 'has', 'isExtensible')
    .map((trap): Tamper => (e) => new Proxy({ ...e }, { [trap]: boom })),
  fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })).map(([at, byte]): Tamper => (e) => {
    const text = JSON.stringify(e);
    const index = at % text.length;
    return text.slice(0, index) + String.fromCharCode(byte) + text.slice(index + 1);
  }),
  fc.tuple(fc.nat(), fc.nat()).map(([from, to]): Tamper => (e) => JSON.stringify(e).slice(Math.min(from, to) % 200, Math.max(from, to) % 200)),
  fc.anything().map((value): Tamper => () => value),
);

describe('tampered envelopes (property)', () => {
  it('a tampered envelope either opens to the sealed value or is refused with DecryptionError; the inspectors never throw', () => {
    fc.assert(
      fc.property(fc.array(tamper, { minLength: 1, maxLength: 3 }), (tampers) => {
        let envelope: unknown = { ...sealed() };
        for (const apply of tampers) {
          envelope = typeof envelope === 'object' && envelope !== null && !Array.isArray(envelope) ? safely(() => apply(envelope as Record<string, unknown>)) : envelope;
        }
        expect(typeof isCredentialEnvelope(envelope)).toBe('boolean');
        expect(typeof needsReencrypt(keyring, envelope)).toBe('boolean');
        try {
          expect(decryptCredentials(keyring, envelope, context)).toEqual(secret);
        } catch (error) {
          expect(isCredentialCryptoError(error, 'DECRYPTION_FAILED')).toBe(true);
        }
      }),
      { numRuns: RUNS, ...SEED },
    );
  }, Math.max(10_000, RUNS * 10));
});

/** Applies a tamper that may itself throw on a hostile object (spreading a Proxy runs its traps). */
function safely(run: () => unknown): unknown {
  try {
    return run();
  } catch {
    return 'unreadable';
  }
}
