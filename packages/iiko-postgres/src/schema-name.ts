import { DEFAULT_SCHEMA } from './constants';
// Imported for the {@link}s of this module's documentation only.
import type { migrate } from './migrate';

/** The `schema` option every factory of this package takes. */
export interface SchemaOptions {
  /**
   * The PostgreSQL schema of the tables (and the namespace of the advisory locks). Give every factory and
   * {@link migrate} the same one; processes share sessions, gates and locks only within one schema.
   * A plain identifier: letters, digits, `_`, starting with a letter or `_`, at most 63 characters.
   * @default 'getinn_iiko'
   */
  schema?: string | undefined;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/**
 * The schema to use and its quoted form for SQL text. Only plain identifiers are accepted, so the name can
 * be interpolated safely (PostgreSQL cannot bind an identifier as a parameter).
 *
 * @internal
 */
export function resolveSchema(options: SchemaOptions | undefined): { name: string; quoted: string } {
  const name = options?.schema ?? DEFAULT_SCHEMA;
  if (!IDENTIFIER.test(name)) {
    throw new TypeError(`schema must be a plain identifier (letters, digits, _; at most 63 characters), got ${JSON.stringify(name)}`);
  }
  return { name, quoted: `"${name}"` };
}
