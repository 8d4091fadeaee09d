/**
 * The credential store `rotate-keys` works on: the PostgreSQL one of `@getinn/iiko-postgres`, loaded
 * only when asked for, so the command runs without it for everything else.
 */
import type { CredentialStore } from '@getinn/credential-crypto';
import { CliError } from '../errors';

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

/** Opens the PostgreSQL credential store at `--database-url`. */
export async function openCredentialStore(flags: CredentialStoreFlags): Promise<OpenCredentialStore> {
  throw new CliError(`rotate-keys needs @getinn/iiko-postgres's credential store, which this version cannot open yet (${flags.databaseUrl.replace(/\/\/[^@/]*@/, '//***@')})`);
}
