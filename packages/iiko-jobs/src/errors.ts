/**
 * Errors `@getinn/iiko-jobs` throws itself (a sync's own failures never throw: they end in the job's
 * status and report). `instanceof` works across duplicated copies of the package, and
 * {@link isIikoJobsError} does the same as a type guard.
 */

const BRAND = Symbol.for('getinn.iiko-jobs.error');

/** Machine-readable kind of an {@link IikoJobsError}; stable across releases. */
export type IikoJobsErrorCode =
  /** The account is not in the `accounts` source. */
  | 'CREDENTIALS_NOT_FOUND'
  /** The account's credentials are inactive (`isActive: false`). */
  | 'INTEGRATION_INACTIVE'
  /** The account's credentials name no usable iikoServer address. */
  | 'NO_SERVER'
  /** The integration is disabled (the `enabled` option said no). */
  | 'INTEGRATION_DISABLED'
  /** Options that cannot work: an unknown entity, a malformed window, a bad schedule. */
  | 'INVALID_OPTIONS';

/**
 * An error of the job engine: a request it refuses before anything is queued.
 *
 * @example
 * ```ts
 * try {
 *   const { jobId } = await jobs.requestSync(accountId);
 * } catch (error) {
 *   if (error instanceof IikoJobsError && error.code === 'INTEGRATION_INACTIVE') return reply(409);
 *   throw error;
 * }
 * ```
 */
export class IikoJobsError extends Error {
  /** See {@link IikoJobsErrorCode}. */
  readonly code: IikoJobsErrorCode;
  /** The account concerned, when there is one. */
  readonly accountId: string | undefined;

  constructor(code: IikoJobsErrorCode, message: string, accountId?: string) {
    super(message);
    this.name = 'IikoJobsError';
    this.code = code;
    this.accountId = accountId;
    Object.defineProperty(this, BRAND, { value: true, enumerable: false });
  }

  /** `instanceof` by brand, so it holds across duplicated copies of the package. */
  static override [Symbol.hasInstance](instance: unknown): boolean {
    return isIikoJobsError(instance);
  }

  /** A plain object for structured logs. */
  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message, accountId: this.accountId };
  }
}

/** `true` for any error of `@getinn/iiko-jobs`, from whichever installed copy. */
export function isIikoJobsError(value: unknown): value is IikoJobsError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}
