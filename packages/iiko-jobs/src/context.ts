import type { IikoSync, Logger } from '@getinn/iiko-sync';
import type pg from 'pg';
import type { JobAccountSource } from './accounts';
import type { JobRows } from './job-rows';
import type { IikoJobsOptions } from './options';

/** What every part of the engine shares. Internal. */
export interface EngineContext {
  pool: pg.Pool;
  /** The package's schema, quoted. */
  s: string;
  /** graphile-worker's schema, unquoted (graphile-worker's option) and quoted (for SQL). */
  workerSchema: string;
  w: string;
  rows: JobRows;
  sync: IikoSync | undefined;
  accounts: JobAccountSource;
  logger: Logger;
  enabled: () => Promise<boolean>;
  now: () => number;
  maxAttempts: number;
  onRunFinished: IikoJobsOptions['onRunFinished'];
  onAccountFailing: IikoJobsOptions['onAccountFailing'];
  /** Creates the tables once per engine (every public method awaits it). */
  ready: () => Promise<void>;
}

/** Calls a host hook, logging (never throwing) what it throws. Internal. */
export async function callHook<A extends unknown[]>(
  logger: Logger,
  name: string,
  hook: ((...args: A) => void | Promise<void>) | undefined,
  ...args: A
): Promise<void> {
  if (hook === undefined) return;
  try {
    await hook(...args);
  } catch (error) {
    logger.warn({ hook: name, error: error instanceof Error ? error.message : String(error) }, 'an iiko-jobs hook threw; ignored');
  }
}
