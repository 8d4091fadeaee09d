/**
 * The sync store `sync` writes to: an SQLite file (`--sqlite`), a PostgreSQL database
 * (`--database-url`, migrated first), or, with neither, memory (a dry run that keeps nothing).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { CredentialStore } from '@getinn/credential-crypto';
import { createMemorySyncStore, type SyncStore } from '@getinn/iiko-sync';
import { CliError, usageError } from '../errors';
import { loadPostgres, openPool } from './postgres';

/** Where `sync` writes, as the flags name it. */
export interface StoreFlags {
  sqlite?: string;
  databaseUrl?: string;
  schema?: string;
  fresh?: boolean;
}

/** An open store, what to call it in the summary, and how to close it. */
export interface OpenStore {
  readonly store: SyncStore;
  /** `SQLite store: /abs/path.sqlite`, … */
  readonly description: string;
  /** With `--database-url`: the credential store in the same schema (`--stored-credentials`). */
  readonly credentialStore?: CredentialStore;
  close(): Promise<void>;
}

/**
 * Opens the store the flags name. better-sqlite3 is loaded only for `--sqlite`, so the other commands
 * never load a native module.
 */
export async function openStore(flags: StoreFlags): Promise<OpenStore> {
  if (flags.sqlite !== undefined && flags.databaseUrl !== undefined) throw usageError('--sqlite and --database-url exclude each other');
  if (flags.schema !== undefined && flags.databaseUrl === undefined) throw usageError('--schema is for --database-url');
  if (flags.databaseUrl !== undefined) {
    if (flags.fresh === true) throw usageError('--fresh starts an SQLite file afresh; it never empties a database');
    return openPostgresStore(flags.databaseUrl, flags.schema);
  }
  if (flags.sqlite === undefined) {
    if (flags.fresh === true) throw usageError('--fresh starts an SQLite file afresh: give --sqlite FILE');
    return {
      store: createMemorySyncStore(),
      description: 'memory store: nothing was kept (give --sqlite FILE to keep the records)',
      close: async () => {},
    };
  }
  const filename = resolve(flags.sqlite);
  let sqlite: typeof import('@getinn/iiko-sync/sqlite');
  try {
    sqlite = await import('@getinn/iiko-sync/sqlite');
  } catch (error) {
    throw new CliError(`--sqlite needs better-sqlite3 (${error instanceof Error ? error.message : String(error)})`);
  }
  if (flags.fresh === true) rmSync(filename, { force: true });
  mkdirSync(dirname(filename), { recursive: true });
  const store = sqlite.createSqliteSyncStore({ filename });
  return { store, description: `SQLite store: ${filename}`, close: async () => store.close() };
}

/** The PostgreSQL store in `schema`, after `migrate` (idempotent, safe when several processes start). */
async function openPostgresStore(url: string, schema: string | undefined): Promise<OpenStore> {
  const modules = await loadPostgres();
  const { pool, description } = openPool(modules, url);
  try {
    const options = { schema: schema ?? modules.postgres.DEFAULT_SCHEMA };
    await modules.postgres.migrate(pool, options);
    return {
      store: modules.postgres.createPostgresSyncStore(pool, options),
      credentialStore: modules.postgres.createPostgresCredentialStore(pool, options),
      description: `${description}, schema ${options.schema}`,
      close: () => pool.end(),
    };
  } catch (error) {
    await pool.end();
    throw error;
  }
}
