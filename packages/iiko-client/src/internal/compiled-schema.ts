/**
 * Record schemas compiled by zod, once per schema. Internal.
 */
import { compile, type z } from 'zod';

/** Each record schema's compiled clone, made on its first use. */
const COMPILED = new WeakMap<z.ZodType, z.ZodType>();

/**
 * `schema` compiled by zod (`z.compile`): a generated parser for the records that match, falling back to
 * zod's own parser for a record that does not — so a refused record gets exactly the issues `schema`
 * gives, and a schema zod cannot compile is used as it is. On an invoice export validation took a
 * quarter of the read's time before.
 */
export function compiled<T>(schema: z.ZodType<T>): z.ZodType<T> {
  let fast = COMPILED.get(schema);
  if (fast === undefined) {
    fast = compile(schema);
    COMPILED.set(schema, fast);
  }
  return fast as z.ZodType<T>;
}
