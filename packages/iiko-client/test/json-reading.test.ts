/**
 * The JSON path (the v2 entities: products, groups, measure units) gives the guarantees of the XML path:
 * bounded input, no prototype pollution, exact decimals and safe integers, typed errors.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  IikoHtmlResponseError,
  IikoInputLimitError,
  IikoParseError,
  IikoUnsafeInputError,
  IikoValidationError,
  measureUnitSchema,
  productSchema,
} from '@getinn/iiko-client';
import { readJsonList } from '../src/internal/read-json';
import { checkedSchema, splitChecked } from '../src/internal/checked';
import { jsonDecimal, jsonInteger } from '../src/schemas/json-values';
import { DEFAULT_INPUT_LIMITS } from '../src/internal/input-limits';

const REQUEST = { method: 'GET', url: 'http://iiko.test/resto/api/v2/entities/products/list?key=***', path: '/resto/api/v2/entities/products/list' };
const SECRET = 'canary-token-5f3e';
const redact = (text: string): string => text.replaceAll(SECRET, '***');
const json = (body: string, headers: Record<string, string> = {}): Response =>
  new Response(body, { headers: { 'content-type': 'application/json', ...headers } });
const read = <T>(body: string, schema: z.ZodType<T>, limits = DEFAULT_INPUT_LIMITS): Promise<T[]> =>
  readJsonList(json(body), REQUEST, schema, redact, limits);

describe('readJsonList', () => {
  it('reads a products array, leaving null and empty values out, into objects of their own', async () => {
    const [product] = await read(
      JSON.stringify([{ id: 'p1', name: 'Молоко 3,2%', num: '00136', parent: null, description: '', deleted: false, mainUnit: 'u1', color: { red: 1 } }]),
      productSchema,
    );
    expect(product).toEqual({ id: 'p1', name: 'Молоко 3,2%', num: '00136', deleted: false, mainUnit: 'u1', color: { red: 1 } });
    expect(product).not.toHaveProperty('parent');
    // Unknown nested objects are kept, without a prototype to reach Object.prototype through.
    expect(Object.getPrototypeOf((product as unknown as Record<string, unknown>).color)).toBeNull();
  });

  it('accepts the v2 envelope {"result":"SUCCESS","response":[…]}', async () => {
    await expect(read('{"result":"SUCCESS","errors":[],"response":[{"id":"kg","name":"кг"}]}', measureUnitSchema)).resolves.toEqual([
      { id: 'kg', name: 'кг' },
    ]);
  });

  it.each(['__proto__', 'constructor', 'toString'])('refuses a key named %s, so no later copy can change a prototype', async (key) => {
    const body = `[{"id":"p1","extra":{"${key}":{"polluted":true}}}]`;
    const error = await read(body, productSchema).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IikoUnsafeInputError);
    expect((error as IikoUnsafeInputError).reason).toBe('reserved-name');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses nesting beyond maxDepth before JSON.parse recurses into it', async () => {
    const deep = `[{"id":"p1","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}]`;
    const error = await read(deep, productSchema).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IikoInputLimitError);
    expect((error as IikoInputLimitError).limit).toBe('maxDepth');
  });

  it('refuses a body, a string or an object beyond the limits, without retrying', async () => {
    const small = { ...DEFAULT_INPUT_LIMITS, maxBodyBytes: 64, maxTextLength: 10, maxChildren: 3 };
    const big = await readJsonList(json(`[{"id":"${'x'.repeat(100)}"}]`), REQUEST, productSchema, redact, small).catch((e: unknown) => e);
    expect(big).toMatchObject({ limit: 'maxBodyBytes' });
    const long = await read('[{"id":"p1","name":"0123456789ABC"}]', productSchema, { ...small, maxBodyBytes: 1_000 }).catch((e: unknown) => e);
    expect(long).toMatchObject({ limit: 'maxTextLength' });
    const wide = await read('[{"id":"p","a":1,"b":2,"c":3}]', productSchema, { ...small, maxBodyBytes: 1_000 }).catch((e: unknown) => e);
    expect(wide).toMatchObject({ limit: 'maxChildren' });
    const declared = await readJsonList(json('[]', { 'content-length': '100000' }), REQUEST, productSchema, redact, small).catch((e: unknown) => e);
    expect(declared).toBeInstanceOf(IikoInputLimitError);
  });

  it('calls a cut-off body a parse error (retried like truncated XML) and an HTML page an HTML error', async () => {
    await expect(read('[{"id":"p1","name":"Мол', productSchema)).rejects.toBeInstanceOf(IikoParseError);
    await expect(read('<!DOCTYPE html><html><body>502</body></html>', productSchema)).rejects.toBeInstanceOf(IikoHtmlResponseError);
  });

  it('reports a record that does not match with zod issues from its position and its JSON, secrets redacted', async () => {
    const body = JSON.stringify([{ id: 'p1' }, { id: 'p2', name: SECRET, unitWeight: 'heavy' }]);
    const error = (await read(body, productSchema).catch((e: unknown) => e)) as IikoValidationError;
    expect(error).toBeInstanceOf(IikoValidationError);
    expect(error.issues[0]!.path).toEqual([1, 'unitWeight']);
    expect(error.rawText).toContain('"unitWeight":"heavy"');
    expect(JSON.stringify(error)).not.toContain(SECRET);
  });

  it('refuses an answer that is not a list', async () => {
    await expect(read('{"id":"p1"}', productSchema)).rejects.toBeInstanceOf(IikoValidationError);
  });
});

describe('JSON values', () => {
  it('keeps decimals exact strings and integers safe', () => {
    expect(jsonDecimal.parse(0.1)).toBe('0.1');
    expect(jsonDecimal.parse(1e-7)).toBe('0.0000001');
    expect(jsonDecimal.parse('420.440000000')).toBe('420.440000000');
    expect(jsonDecimal.safeParse(1e16).success).toBe(false);
    expect(jsonDecimal.safeParse(`1${'0'.repeat(100)}`).success).toBe(false);
    expect(jsonInteger.parse(42)).toBe(42);
    expect(jsonInteger.safeParse(2 ** 53).success).toBe(false);
    expect(jsonInteger.safeParse(1.5).success).toBe(false);
  });
});

describe('tolerant reading', () => {
  it('keeps the valid records and reports each invalid one with its position, id, issues and raw text', async () => {
    const body = JSON.stringify([{ id: 'p1', name: 'ok' }, { id: 'p2', unitWeight: 'heavy', note: SECRET }, { name: 'no id' }, { id: 'p3' }]);
    const checked = await read(body, checkedSchema(productSchema));
    const { items, invalid } = splitChecked(checked, (raw) => JSON.stringify(raw), redact);
    expect(items.map((item) => item.id)).toEqual(['p1', 'p3']);
    expect(invalid.map((record) => [record.index, record.id])).toEqual([
      [1, 'p2'],
      [2, undefined],
    ]);
    expect(invalid[0]!.message).toMatch(/^unitWeight: /);
    expect(invalid[0]!.rawText).toContain('"note":"***"');
  });
});
