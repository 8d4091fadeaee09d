import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { MIGRATIONS_TABLE } from './constants';
import { resolveSchema, type SchemaOptions } from './schema-name';

/**
 * The package's migrations: plain SQL files shipped next to `dist/` (`migrations/0001_initial.sql`, …),
 * readable by a DBA and by the platform's own migration tooling. Both `src/` and `dist/` sit one level
 * below the package root, so one relative URL finds them from either.
 */
const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url));

/** Options of {@link migrate}. */
export interface MigrateOptions extends SchemaOptions {
  /**
   * Where node-pg-migrate's progress lines go (`> Migrating files: …`, `No migrations to run!`).
   * @default nothing is printed
   */
  log?: ((message: string) => void) | undefined;
}

/** What one {@link migrate} call did. */
export interface MigrateResult {
  /** Names of the migrations this call applied, oldest first; empty when the schema was up to date. */
  applied: string[];
}

/**
 * Creates or upgrades this package's tables in `schema` (created when missing), with node-pg-migrate's
 * versioned migrations. Idempotent: a schema already up to date is left alone.
 *
 * Safe when several processes start at once (every worker may call it on boot): the calls take one
 * PostgreSQL advisory lock per schema and wait for each other, so each migration runs exactly once and
 * every call returns with the schema complete. All pending migrations run in one transaction: a failure
 * leaves the schema as it was.
 *
 * Uses one connection of `pool` for the duration and closes it afterwards (node-pg-migrate changes its
 * `search_path`, which must not leak into the host's other queries).
 *
 * @example
 * ```ts
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * await migrate(pool); // schema getinn_iiko
 * await migrate(pool, { schema: 'tenant_42' });
 * ```
 */
export async function migrate(pool: pg.Pool, options: MigrateOptions = {}): Promise<MigrateResult> {
  const { name } = resolveSchema(options);
  // Loaded on first use: node-pg-migrate is an ES module with dependencies a host that never migrates
  // from this process does not need.
  const { runner } = await import('node-pg-migrate');
  const log = options.log ?? (() => undefined);
  const client = await pool.connect();
  try {
    // Only ask for the schema when it is missing: CREATE SCHEMA needs a privilege on the database that a
    // service's user may lack once the schema exists.
    const { rowCount } = await client.query('select 1 from pg_namespace where nspname = $1', [name]);
    const applied = await runner({
      dbClient: client,
      dir: MIGRATIONS_DIR,
      direction: 'up',
      schema: name,
      createSchema: rowCount === 0,
      migrationsTable: MIGRATIONS_TABLE,
      checkOrder: true,
      singleTransaction: true,
      // Wait for a concurrent migrate() instead of failing (node-pg-migrate's default is 'fail'), on a
      // lock of this schema's own: node-pg-migrate's default lock id is shared by every project using it.
      advisoryLockMode: 'wait',
      lockValue: migrationLockValue(name),
      logger: { debug: log, info: log, warn: log, error: log },
    });
    return { applied: applied.map((migration) => migration.name) };
  } finally {
    // Never hand this connection back: its search_path points at the schema now.
    client.release(true);
  }
}

/** The advisory lock of one schema's migrations: a stable 48-bit number (node-pg-migrate writes it into SQL). */
function migrationLockValue(schema: string): number {
  return createHash('sha256').update(`getinn-iiko migrate ${schema}`).digest().readUIntBE(0, 6);
}
