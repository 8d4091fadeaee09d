/**
 * The credential store `rotate-keys` works on: the PostgreSQL one of `@getinn/iiko-postgres`.
 */
import type { CredentialStore } from '@getinn/credential-crypto';
import { loadPostgres, openPool } from './postgres';

/** Where the credential rows live, as the flags name it. */
export interface CredentialStoreFlags {
  databaseUrl: string;
  schema?: string;
}

/** An open credential store, what to call it, and how to close it. */
export interface OpenCredentialStore {
  readonly store: CredentialStore;
  readonly description: string;
  close(): Promise<void>;
}

/** Opens the PostgreSQL credential store at `--database-url` (in `--schema`, else the package's default). */
export async function openCredentialStore(flags: CredentialStoreFlags): Promise<OpenCredentialStore> {
  const modules = await loadPostgres();
  const { pool, description } = openPool(modules, flags.databaseUrl);
  const schema = flags.schema ?? modules.postgres.DEFAULT_SCHEMA;
  return {
    store: modules.postgres.createPostgresCredentialStore(pool, { schema }),
    description: `${description}, schema ${schema}`,
    close: () => pool.end(),
  };
}
