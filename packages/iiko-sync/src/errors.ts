/**
 * Errors `@getinn/iiko-sync` throws itself. iiko's own failures (`IikoAuthError`, `IikoLicenseError`, …)
 * are not thrown by `run`: they end up, described without secrets, in the report and the sync log.
 *
 * `instanceof` works across duplicated copies of the package (a brand from the global symbol registry),
 * and {@link isIikoSyncError} does the same as a type guard.
 */

const BRAND = Symbol.for('getinn.iiko-sync.error');

/** Machine-readable kind of an {@link IikoSyncError}; stable across releases. */
export type IikoSyncErrorCode =
  | 'SYNC_IN_PROGRESS'
  | 'CREDENTIALS_NOT_FOUND'
  | 'INVALID_CONFIGURATION'
  | 'LOCK_LOST'
  | 'STORE_FAILED'
  | 'INTEGRATION_DISABLED'
  | 'INTEGRATION_INACTIVE';

/** Base class of this package's errors. */
export class IikoSyncError extends Error {
  /** See {@link IikoSyncErrorCode}. */
  readonly code: IikoSyncErrorCode;
  /** The account concerned, when there is one. */
  readonly accountId: string | undefined;

  constructor(code: IikoSyncErrorCode, message: string, accountId?: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.accountId = accountId;
    Object.defineProperty(this, BRAND, { value: new.target.name, enumerable: false });
  }

  static override [Symbol.hasInstance](instance: unknown): boolean {
    if (!isIikoSyncError(instance)) return false;
    return this.name === 'IikoSyncError' || (instance as unknown as Record<symbol, string>)[BRAND] === this.name;
  }

  /** A plain object for structured logs. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message, accountId: this.accountId };
  }
}

/**
 * Another run holds the account's lock (in this process or another one sharing the store). Nothing was
 * read or written; the running sync will bring the account up to date, so a scheduler can skip this tick
 * and an HTTP endpoint can answer `409`.
 *
 * @example
 * ```ts
 * try {
 *   await sync.run(accountId);
 * } catch (error) {
 *   if (error instanceof SyncInProgressError) return res.writeHead(409).end();
 *   throw error;
 * }
 * ```
 */
export class SyncInProgressError extends IikoSyncError {
  constructor(accountId: string) {
    super('SYNC_IN_PROGRESS', `a sync of account ${accountId} is already running`, accountId);
  }
}

/** The credential source has no iiko credentials for the account (the integration is not set up). */
export class CredentialsNotFoundError extends IikoSyncError {
  constructor(accountId: string) {
    super('CREDENTIALS_NOT_FOUND', `no iiko credentials are stored for account ${accountId}`, accountId);
  }
}

/** `createIikoSync` or `run` was called with options that cannot work (a currency that is not ISO 4217, …). */
export class SyncConfigurationError extends IikoSyncError {
  constructor(message: string) {
    super('INVALID_CONFIGURATION', message);
  }
}

/**
 * The run's lease on the account's lock expired and another owner took it: the run stops at once rather
 * than write alongside another run. Reported in the run's report; raise `lockTtlMs` if it happens.
 */
export class SyncLockLostError extends IikoSyncError {
  constructor(accountId: string) {
    super('LOCK_LOST', `the lock of account ${accountId} expired and was taken by another run`, accountId);
  }
}

/**
 * The {@link SyncStore} failed (a full disk, a lost database connection). The run stops at once — every
 * later step would write to the same store — and reports it; what earlier batches committed stays.
 */
export class SyncStoreError extends IikoSyncError {
  constructor(operation: string, cause: unknown) {
    super('STORE_FAILED', `the sync store failed to ${operation}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/**
 * The sync was created with `enabled: false` (the platform's `IIKO_INTEGRATION_ENABLED` switch): every
 * run and every connection test is refused before anything is read or sent. A scheduler can treat it as
 * "skip"; an HTTP endpoint can answer `503`.
 *
 * @example
 * ```ts
 * const sync = createIikoSync({ ...options, enabled: process.env.IIKO_INTEGRATION_ENABLED === 'true' });
 * ```
 */
export class SyncDisabledError extends IikoSyncError {
  constructor(accountId?: string) {
    super('INTEGRATION_DISABLED', 'the iiko integration is disabled (enabled: false); nothing was read or sent', accountId);
  }
}

/**
 * The account's iiko credentials row is switched off (`isActive: false`): the account is not synced and
 * its connection is not tested, so a paused integration never takes a licence slot. Nothing was read
 * from iiko or written.
 */
export class IntegrationInactiveError extends IikoSyncError {
  constructor(accountId: string) {
    super('INTEGRATION_INACTIVE', `the iiko integration of account ${accountId} is inactive (isActive: false); it is not synced`, accountId);
  }
}

/** `true` for any error of `@getinn/iiko-sync`, from whichever installed copy. */
export function isIikoSyncError(value: unknown): value is IikoSyncError {
  return typeof value === 'object' && value !== null && typeof (value as Record<symbol, unknown>)[BRAND] === 'string';
}
