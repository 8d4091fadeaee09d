/**
 * The sync store `sync` writes to: an SQLite file (`--sqlite`), a PostgreSQL database
 * (`--database-url`), or, with neither, memory (a dry run that keeps nothing).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createMemorySyncStore, type SyncStore } from '@getinn/iiko-sync';
import { CliError, usageError } from '../errors';

/** Where `sync` writes, as the flags name it. */
export interface StoreFlags {
  sqlite?: string;
  fresh?: boolean;
}

/** An open store, what to call it in the summary, and how to close it. */
export interface OpenStore {
  readonly store: SyncStore;
  /** `SQLite store: /abs/path.sqlite`, … */
  readonly description: string;
  close(): Promise<void>;
}

/**
 * Opens the store the flags name. better-sqlite3 is loaded only for `--sqlite`, so the other commands
 * never load a native module.
 */
export async function openStore(flags: StoreFlags): Promise<OpenStore> {
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
