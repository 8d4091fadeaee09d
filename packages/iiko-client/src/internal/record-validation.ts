import type { z } from 'zod';
import type { IikoRequestInfo } from '../errors/iiko-error';
import { IikoValidationError } from '../errors/response-errors';

/**
 * The error for record `index` of a list whose shape zod refused — one wording and one set of fields for
 * the XML and the JSON reads alike: the issues with the record's index in front of their paths (so they
 * point into the list), the first issue in the message, and the record's text (already redacted).
 */
export function recordValidationError(
  index: number,
  error: z.ZodError,
  context: { status: number; request: IikoRequestInfo; rawText: string },
): IikoValidationError {
  const issues = error.issues.map((issue) => ({ ...issue, path: [index, ...issue.path] }));
  const where = issues[0] ? `${issues[0].path.join('.')}: ${issues[0].message}` : 'unexpected shape';
  return new IikoValidationError(`record ${index} of ${context.request.path} does not have the expected shape (${where})`, {
    status: context.status,
    request: context.request,
    issues,
    rawText: context.rawText,
  });
}
