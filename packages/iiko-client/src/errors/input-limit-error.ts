import { markFinal } from '../internal/retry-policy';
import type { IikoErrorDetails } from './iiko-error';
import { IikoParseError } from './response-errors';

/**
 * Which input limit an answer broke; each is a member of `DEFAULTS` with its value and the reason for it.
 * - `maxBodyBytes`: the body (declared or counted) is larger;
 * - `maxDepth`: elements nest deeper inside one record;
 * - `maxChildren`: one element has more children;
 * - `maxTextLength`: one text value, or one stretch of markup (a name, a comment, a DTD), is longer.
 */
export type IikoInputLimit = 'maxBodyBytes' | 'maxDepth' | 'maxChildren' | 'maxTextLength';

/**
 * The answer broke one of the client's input limits (see `DEFAULTS.maxBodyBytes` and the limits after
 * it), so the client stopped reading it before it could exhaust memory or a consumer's call stack. Such a
 * body comes from a hostile or broken server, or something between it and the client, never from a
 * healthy iikoServer.
 *
 * A kind of {@link IikoParseError} (the body could not be read), but unlike one it is **not retried**: the
 * same server sends the same body again, and each attempt would read up to the limit once more.
 *
 * @example
 * ```ts
 * catch (error) {
 *   if (error instanceof IikoInputLimitError) logger.error({ limit: error.limit, max: error.max }, error.message);
 * }
 * ```
 */
export class IikoInputLimitError extends IikoParseError {
  /** Which limit the answer broke. */
  readonly limit: IikoInputLimit;
  /** The limit's value (bytes, levels, children or characters). */
  readonly max: number;

  constructor(message: string, details: IikoErrorDetails & { limit: IikoInputLimit; max: number }) {
    super(message, details);
    this.limit = details.limit;
    this.max = details.max;
    markFinal(this);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), limit: this.limit, max: this.max };
  }
}
