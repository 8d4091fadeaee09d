import type { z } from 'zod';
import { IikoError, type IikoErrorDetails } from './iiko-error';

/**
 * The server answered an HTML page where XML or a token was expected: a proxy, a DNS parking page, a
 * load balancer or an empty Tomcat answered instead of iikoServer. The page is never fed to the XML
 * parser; `responseText` keeps its start for diagnosis.
 */
export class IikoHtmlResponseError extends IikoError {
  constructor(message: string, details: IikoErrorDetails = {}) {
    super('HTML_RESPONSE', message, details);
  }
}

/** The body was not well-formed XML (for example cut off mid-document). Retried like a network failure. */
export class IikoParseError extends IikoError {
  constructor(message: string, details: IikoErrorDetails = {}) {
    super('PARSE_FAILED', message, details);
  }
}

/**
 * The XML was well-formed but an element did not have the expected shape (a missing `id`, a sum that is
 * not a number). `issues` are zod's, with paths from the element; `rawText` is the offending element's XML.
 */
export class IikoValidationError extends IikoError {
  /** What did not match, as zod reports it. */
  readonly issues: readonly z.core.$ZodIssue[];
  /** The XML of the element that failed, shortened to 4,000 characters. */
  readonly rawText: string;

  constructor(message: string, details: IikoErrorDetails & { issues: readonly z.core.$ZodIssue[]; rawText: string }) {
    super('VALIDATION_FAILED', message, details);
    this.issues = details.issues;
    this.rawText = details.rawText.length > 4_000 ? `${details.rawText.slice(0, 4_000)}…` : details.rawText;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), issues: this.issues, rawText: this.rawText };
  }
}
