/**
 * A property over generated hostile answers, through the public read API: every read either fails with
 * an IikoError or returns data that serialises as JSON, has only ordinary prototypes (or none), holds no
 * function and only safe integers as numbers — and Object.prototype is never changed.
 *
 * 200 cases in CI (50 per endpoint); a long fuzz on demand, the count shared by the four endpoints:
 *   FUZZ_RUNS=100000 pnpm vitest run packages/iiko-client/test/hostile-input.properties.test.ts
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isIikoError, type IikoClient } from '@getinn/iiko-client';
import { PATHS, useSuite } from './support/suite';
import { scriptedIiko } from './support/scripted-iiko';

/** Cases in all, shared by the four endpoints. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const RUNS_PER_ENDPOINT = Math.ceil(RUNS / 4);
/** `FUZZ_SEED` replays a run whose seed a failure printed. */
const SEED = process.env.FUZZ_SEED === undefined ? {} : { seed: Number(process.env.FUZZ_SEED) };
/** A long fuzz on a busy machine needs room; a hang still fails. */
const TIMEOUT_MS = Math.max(60_000, RUNS_PER_ENDPOINT * 50);

const suite = useSuite();

// ---------------------------------------------------------------------------------------------------
// What a generated answer is made of

const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);
const IIKO_NAMES = [
  'id', 'name', 'code', 'type', 'parentId', 'taxpayerIdNumber', 'deleted', 'supplier', 'roleCodes', 'num', 'amount',
  'sum', 'price', 'items', 'item', 'status', 'incomingDate', 'dueDate', 'version', 'serverPort', 'isPresent',
  'jurPersonAdditionalPropertiesDto', 'toJSON', 'prototype', 'length', 'then',
];

// Weighted so that about a quarter of the answers are read successfully and checked, the rest refused.
const elementName = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...IIKO_NAMES) },
  { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_NAMES) },
  { weight: 6, arbitrary: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,8}$/) },
);

const hugeNumber = fc.oneof(
  fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(String),
  fc.constantFrom('1e30', 'Infinity', '-Infinity', 'NaN', '-0', '9007199254740992', '18446744073709552000', '0x10', '1_000'),
  fc.integer({ min: 1, max: 500 }).map((digits) => '9'.repeat(digits)),
  fc.integer({ min: 1, max: 120 }).map((digits) => `${'1'.repeat(digits)}.${'5'.repeat(9)}`),
);

const textValue = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom('true', 'false', 'null', '', '   ', '2026-01-01', '2026-13-45T99:99:99', 'ООО «Ромашка»'),
  hugeNumber,
);

/** Text escaped for XML, or left raw now and then (a broken server). */
const xmlText = fc.tuple(textValue, fc.nat(20)).map(([value, roll]) =>
  roll === 0 ? value : value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
);

const markup = fc.constantFrom(
  '&amp;', '&lt;', '&#1046;', '&#x416;', '&#0;', '&#xFFFFFF;', '&undefined;', '<![CDATA[<x>]]>', '<!-- c -->', '<?pi x?>',
);

const element: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.tuple(elementName, xmlText).map(([name, value]) => `<${name}>${value}</${name}>`),
    fc.tuple(elementName, markup).map(([name, value]) => `<${name}>${value}</${name}>`),
    elementName.map((name) => `<${name}/>`),
    fc.tuple(elementName, fc.array(tie('node'), { maxLength: 4 })).map(([name, kids]) => `<${name}>${kids.join('')}</${name}>`),
    fc.tuple(elementName, fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 40 }) }, fc.integer({ min: 1, max: 3000 }))).map(([name, depth]) => `<${name}>${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}</${name}>`),
    fc.tuple(elementName, fc.integer({ min: 2, max: 50 }), xmlText).map(([name, times, value]) => `<${name}>${value}</${name}>`.repeat(times)),
  ),
})).node;

/** The endpoints, each with the shape of its answer. */
const ENDPOINTS = {
  suppliers: { path: PATHS.suppliers, root: 'employees', record: 'employee', read: (c: IikoClient) => c.suppliers() },
  departments: { path: PATHS.departments, root: 'corporateItemDtoes', record: 'corporateItemDto', read: (c: IikoClient) => c.departments() },
  invoices: {
    path: PATHS.invoices,
    root: 'incomingInvoiceDtoes',
    record: 'document',
    read: (c: IikoClient) => c.incomingInvoices({ from: '2026-01-01', to: '2026-01-01' }),
  },
  serverInfo: { path: PATHS.serverInfo, root: undefined, record: 'r', read: (c: IikoClient) => c.serverInfo() },
} as const;
type EndpointName = keyof typeof ENDPOINTS;

/** A record that mostly validates (an id, a type, lines), with generated children mixed in. */
function record(endpoint: EndpointName): fc.Arbitrary<string> {
  const base =
    endpoint === 'invoices'
      ? fc.array(fc.tuple(hugeNumber, hugeNumber, fc.array(element, { maxLength: 2 })), { maxLength: 3 }).map(
          (lines) =>
            `<id>d1</id><status>NEW</status><items>${lines
              .map(([num, sum, extra]) => `<item><num>${num}</num><amount>1</amount><sum>${sum}</sum>${extra.join('')}</item>`)
              .join('')}</items>`,
        )
      : fc.constant(endpoint === 'serverInfo' ? '<version>9.1</version>' : endpoint === 'departments' ? '<id>c1</id><type>DEPARTMENT</type>' : '<id>s1</id>');
  const { record: tag } = ENDPOINTS[endpoint];
  return fc.tuple(base, fc.array(element, { maxLength: 5 })).map(([own, extra]) => `<${tag}>${own}${extra.join('')}</${tag}>`);
}

function document(endpoint: EndpointName): fc.Arbitrary<string> {
  const { root } = ENDPOINTS[endpoint];
  const prolog = fc.oneof(
    { weight: 10, arbitrary: fc.constantFrom('', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', '\uFEFF') },
    { weight: 1, arbitrary: fc.constantFrom('<!DOCTYPE x [<!ENTITY e "lol">]>', '<!DOCTYPE x SYSTEM "file:///etc/passwd">', '<!DOCTYPE html>') },
  );
  const body = root === undefined ? record(endpoint) : fc.array(record(endpoint), { maxLength: 4 }).map((records) => `<${root}>${records.join('')}</${root}>`);
  return fc.tuple(prolog, body).map(([head, rest]) => head + rest);
}

/** Byte-level damage: truncation, bit flips, invalid UTF-8, duplicated pieces. */
type Damage = (bytes: Uint8Array) => Uint8Array;
const damage: fc.Arbitrary<Damage> = fc.oneof(
  fc.nat().map((at): Damage => (bytes) => bytes.slice(0, at % (bytes.length + 1))),
  fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 })).map(([at, bit]): Damage => (bytes) => {
    const copy = bytes.slice();
    if (copy.length > 0) copy[at % copy.length]! ^= 1 << bit;
    return copy;
  }),
  fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 4 })).map(([at, junk]): Damage => (bytes) => {
    const index = at % (bytes.length + 1);
    return concat(bytes.slice(0, index), junk, bytes.slice(index));
  }),
  fc.tuple(fc.nat(), fc.nat(), fc.nat()).map(([a, b, at]): Damage => (bytes) => {
    const from = a % (bytes.length + 1);
    const to = Math.min(bytes.length, from + (b % 200));
    const index = at % (bytes.length + 1);
    return concat(bytes.slice(0, index), bytes.slice(from, to), bytes.slice(index));
  }),
);

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

const answer = (endpoint: EndpointName): fc.Arbitrary<Uint8Array> =>
  fc
    .tuple(document(endpoint), fc.oneof({ weight: 2, arbitrary: fc.constant<Damage[]>([]) }, fc.array(damage, { minLength: 1, maxLength: 2 })))
    .map(([text, damages]) => damages.reduce<Uint8Array>((bytes, apply) => apply(bytes), new TextEncoder().encode(text)));

// ---------------------------------------------------------------------------------------------------
// What a successful read must look like

const PLAIN_PROTOTYPES: ReadonlySet<unknown> = new Set([Object.prototype, Array.prototype, null]);

/** Why `value` is not safe plain data, or `undefined` when it is. */
function unsafeReason(value: unknown, path = '$', depth = 0): string | undefined {
  if (depth > 64) return `${path}: nested deeper than 64`;
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return undefined;
    case 'number':
      return Number.isSafeInteger(value) ? undefined : `${path}: ${value} is not a safe integer`;
    case 'object': {
      if (value === null) return undefined;
      if (!PLAIN_PROTOTYPES.has(Object.getPrototypeOf(value))) return `${path}: a foreign prototype`;
      for (const key of Reflect.ownKeys(value)) {
        if (typeof key === 'symbol') return `${path}: a symbol key`;
        const descriptor = Object.getOwnPropertyDescriptor(value, key)!;
        if (!('value' in descriptor)) return `${path}.${key}: an accessor`;
        if (Array.isArray(value) && key === 'length') continue;
        const reason = unsafeReason(descriptor.value, `${path}.${key}`, depth + 1);
        if (reason) return reason;
      }
      return undefined;
    }
    default:
      return `${path}: a ${typeof value}`;
  }
}

describe.each(Object.keys(ENDPOINTS) as EndpointName[])('hostile answers to %s', (endpoint) => {
  it(
    'fail with an IikoError or give safe plain data; Object.prototype is untouched',
    async () => {
      const { path, read } = ENDPOINTS[endpoint];
      let body: Uint8Array = new Uint8Array();
      const iiko = scriptedIiko(suite.msw).on(
        path,
        () => new Response(body.slice(), { headers: { 'content-type': 'application/xml; charset=UTF-8' } }),
      );
      const client = suite.client({ baseUrl: iiko.baseUrl, login: 'api', password: 'p4ss', retry: { retries: 0 } });
      const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).join();

      await fc.assert(
        fc.asyncProperty(answer(endpoint), async (bytes) => {
          body = bytes;
          const outcome = await read(client).then(
            (value) => ({ value }),
            (error: unknown) => ({ error }),
          );
          expect(Object.getOwnPropertyNames(Object.prototype).join()).toBe(prototypeBefore);
          if ('error' in outcome) {
            expect(isIikoError(outcome.error), String(outcome.error)).toBe(true);
            return;
          }
          expect(unsafeReason(outcome.value)).toBeUndefined();
          expect(JSON.parse(JSON.stringify(outcome.value))).toEqual(outcome.value);
        }),
        { numRuns: RUNS_PER_ENDPOINT, ...SEED },
      );
    },
    TIMEOUT_MS,
  );
});
