import type { z } from 'zod';
import { redactedCause, type IikoRequestInfo } from '../errors/iiko-error';
import { IikoHtmlResponseError, IikoParseError, IikoValidationError } from '../errors/response-errors';
import { boundedText, DEFAULT_INPUT_LIMITS, refusalToIikoError, type InputLimits } from './input-limits';
import { HtmlDocumentError, XmlListReader, type XmlListShape } from './xml-tree';

/**
 * Reads an XML list answer as it streams in and validates each record as soon as it closes, so a 50 MB
 * invoice export never exists as one string and a bad record is reported with its own XML. An empty root
 * (`<employees/>`) gives `[]`. The first record that does not match its schema stops the read with an
 * {@link IikoValidationError}; XML that is not well-formed (a truncated body) is an {@link IikoParseError}.
 * A body beyond one of the `limits` is an `IikoInputLimitError`, one with a DOCTYPE or an element named
 * like an `Object.prototype` member an `IikoUnsafeInputError`; neither is retried.
 */
export async function readXmlList<T>(
  response: Response,
  request: IikoRequestInfo,
  shape: XmlListShape,
  schema: z.ZodType<T>,
  redact: (text: string) => string,
  limits: InputLimits = DEFAULT_INPUT_LIMITS,
): Promise<T[]> {
  const records: T[] = [];
  const reader = new XmlListReader(shape, (value, rawText) => {
    const result = schema.safeParse(value);
    if (result.success) {
      records.push(result.data);
      return;
    }
    const index = records.length;
    const issues = result.error.issues.map((issue) => ({ ...issue, path: [index, ...issue.path] }));
    const where = issues[0] ? `${issues[0].path.join('.')}: ${issues[0].message}` : 'unexpected shape';
    throw new IikoValidationError(`record ${index} of ${request.path} does not have the expected shape (${where})`, {
      status: response.status,
      request,
      issues,
      rawText: redact(rawText()),
    });
  }, limits);
  await feed(response, reader, request, redact, limits);
  return records;
}

/** Reads a single-record XML answer (the root element is the record). */
export async function readXmlRecord<T>(
  response: Response,
  request: IikoRequestInfo,
  schema: z.ZodType<T>,
  redact: (text: string) => string,
  limits: InputLimits = DEFAULT_INPUT_LIMITS,
): Promise<T> {
  const [record] = await readXmlList(response, request, { itemElement: undefined, arrayElements: new Set() }, schema, redact, limits);
  if (record === undefined) throw new IikoParseError(`${request.path} answered without a document`, { request });
  return record;
}

async function feed(
  response: Response,
  reader: XmlListReader,
  request: IikoRequestInfo,
  redact: (text: string) => string,
  limits: InputLimits,
): Promise<void> {
  try {
    // Leaving the loop by a throw cancels the body (boundedText's own clean-up).
    for await (const piece of boundedText(response, limits.maxBodyBytes)) reader.write(piece);
    reader.close();
  } catch (error) {
    if (error instanceof IikoValidationError) throw error;
    const refusal = refusalToIikoError(error, request, response.status, redact);
    if (refusal) throw refusal;
    if (error instanceof HtmlDocumentError || (isXmlSyntaxError(error) && reader.startsLikeHtml)) {
      throw new IikoHtmlResponseError(
        `iikoServer did not answer ${request.path}: an HTML page came back labelled as XML — a proxy or an empty Tomcat answered instead of iiko`,
        { status: response.status, request },
      );
    }
    if (isXmlSyntaxError(error)) {
      throw new IikoParseError(`the XML from ${request.path} is not well-formed (${redact((error as Error).message)})`, {
        status: response.status,
        request,
        cause: redactedCause(error, redact),
      });
    }
    throw error;
  }
}

/** saxes reports syntax errors as plain `Error`s whose message starts with `line:column:`. */
function isXmlSyntaxError(error: unknown): boolean {
  return error instanceof Error && /^(?:[^:]*:)?\d+:\d+: /.test(error.message);
}
