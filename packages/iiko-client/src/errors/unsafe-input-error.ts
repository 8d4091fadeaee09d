import { markFinal } from '../internal/retry-policy';
import type { IikoErrorDetails } from './iiko-error';
import { IikoParseError } from './response-errors';

/**
 * What made an answer unsafe to read:
 * - `doctype`: a `<!DOCTYPE …>`, with or without entity declarations — never part of iiko's answers, and
 *   the carrier of entity expansion ("billion laughs") and external-entity tricks;
 * - `reserved-name`: an element named like a member of `Object.prototype` (`__proto__`, `constructor`,
 *   `toString`, …), the prototype-pollution class of bug (CWE-1321).
 */
export type IikoUnsafeInputReason = 'doctype' | 'reserved-name';

/**
 * The answer held something no iikoServer answer holds and that is unsafe to hand on: a DOCTYPE (entity
 * declarations come with one), or an element whose name collides with `Object.prototype`. Such a name is
 * refused rather than kept as data because kept, it would reach every consumer's code — an
 * `Object.assign` of a record with an own `__proto__` field changes the target's prototype, a naive deep
 * merge of `constructor.prototype` changes `Object.prototype` itself.
 *
 * A kind of {@link IikoParseError}, but **not retried**: the same server sends the same body again.
 */
export class IikoUnsafeInputError extends IikoParseError {
  /** What was found; see {@link IikoUnsafeInputReason}. */
  readonly reason: IikoUnsafeInputReason;

  constructor(message: string, details: IikoErrorDetails & { reason: IikoUnsafeInputReason }) {
    super(message, details);
    this.reason = details.reason;
    markFinal(this);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), reason: this.reason };
  }
}
