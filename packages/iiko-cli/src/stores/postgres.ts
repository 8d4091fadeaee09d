/**
 * PostgreSQL through `@getinn/iiko-postgres`, loaded only for `--database-url`: the command runs
 * without it (and without pg) for everything else. Install both next to `@getinn/iiko-cli` to use it.
 */
import type { Pool } from 'pg';
import { CliError } from '../errors';

/** The two modules `--database-url` needs. */
export interface PostgresModules {
  readonly postgres: typeof import('@getinn/iiko-postgres');
  readonly pg: typeof import('pg');
}

/** Loads `@getinn/iiko-postgres` and `pg`, or says how to get them. */
export async function loadPostgres(): Promise<PostgresModules> {
  try {
    const [postgres, pg] = await Promise.all([import('@getinn/iiko-postgres'), import('pg')]);
    return { postgres, pg: (pg as unknown as { default?: typeof import('pg') }).default ?? pg };
  } catch (error) {
    throw new CliError(
      `--database-url needs @getinn/iiko-postgres and pg installed next to @getinn/iiko-cli (${error instanceof Error ? error.message : String(error)})`,
    );
  }
}

/** A pool on `url`, with a name that hides the URL's password. */
export function openPool(modules: PostgresModules, url: string): { pool: Pool; description: string } {
  const pool = new modules.pg.Pool({ connectionString: url, max: 4 });
  // An idle client's error (the server restarting) must not crash the command; the next query reports it.
  pool.on('error', () => {});
  return { pool, description: `PostgreSQL ${describeUrl(url)}` };
}

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db`: the URL's own password never prints. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(a database URL that does not parse)';
  }
}
