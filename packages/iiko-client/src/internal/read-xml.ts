import type { z } from 'zod';
import { compiled } from './compiled-schema';
import { redactedCause, type IikoRequestInfo } from '../errors/iiko-error';
import { IikoHtmlResponseError, IikoParseError, IikoValidationError } from '../errors/response-errors';
import { boundedText, DEFAULT_INPUT_LIMITS, refusalToIikoError, type InputLimits } from './input-limits';
import { recordValidationError } from './record-validation';
import { withoutPrototypes } from './safe-object';
import { XmlSyntaxError } from './xml-scanner';
import { HtmlDocumentError, XmlListReader, type XmlListShape } from './xml-tree';

/**
 * Receives the records of one answer, a batch at a time (the records that closed in one piece of the
 * body, in order). The read waits for the returned promise before it reads further, so a consumer that
 * does not take the batch pauses the body — and, through the socket's flow control, the server.
 */
export type RecordSink<T> = (batch: T[]) => void | Promise<void>;

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
  await streamXmlList(response, request, shape, schema, redact, (batch) => void records.push(...batch), limits);
  return records;
}

/**
 * {@link readXmlList} record by record: every piece of the body is parsed, the records that closed in it
 * are validated and handed to `sink`, and the next piece is read only once `sink` has taken them. Memory
 * stays at one piece of the body and its records however long the answer is. Errors are those of
 * {@link readXmlList}; an error thrown by `sink` ends the read (the body is cancelled) and is rethrown.
 */
export async function streamXmlList<T>(
  response: Response,
  request: IikoRequestInfo,
  shape: XmlListShape,
  schema: z.ZodType<T>,
  redact: (text: string) => string,
  sink: RecordSink<T>,
  limits: InputLimits = DEFAULT_INPUT_LIMITS,
): Promise<void> {
  let batch: T[] = [];
  let index = 0;
  const check = compiled(schema);
  const reader = new XmlListReader(shape, (value, rawText) => {
    const result = check.safeParse(value);
    if (result.success) {
      // Unknown elements reach the caller as the reader built them: give them no prototype at all.
      batch.push(withoutPrototypes(result.data));
      index += 1;
      return;
    }
    throw recordValidationError(index, result.error, { status: response.status, request, rawText: redact(rawText()) });
  }, limits);
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const full = batch;
    batch = [];
    await sink(full);
  };
  await feed(response, reader, request, redact, limits, flush);
  await flush();
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
  flush: () => Promise<void>,
): Promise<void> {
  let sinkFailed = false;
  try {
    // Leaving the loop by a throw cancels the body (boundedText's own clean-up).
    for await (const piece of boundedText(response, limits.maxBodyBytes)) {
      reader.write(piece);
      try {
        await flush();
      } catch (error) {
        sinkFailed = true;
        throw error;
      }
    }
    reader.close();
  } catch (error) {
    if (sinkFailed || error instanceof IikoValidationError) throw error;
    const refusal = refusalToIikoError(error, request, response.status, redact);
    if (refusal) throw refusal;
    if (error instanceof HtmlDocumentError || (isXmlSyntaxError(error) && reader.startsLikeHtml)) {
      throw new IikoHtmlResponseError(
        `iikoServer did not answer ${request.path}: an HTML page came back labelled as XML — a proxy or an empty Tomcat answered instead of iiko`,
        { status: response.status, request },
      );
    }
    if (isXmlSyntaxError(error)) {
      throw new IikoParseError(`the XML from ${request.path} is not well-formed (${redact(error.message)})`, {
        status: response.status,
        request,
        cause: redactedCause(error, redact),
      });
    }
    throw error;
  }
}

/** A body that is not well-formed XML, as the scanner reports it. */
function isXmlSyntaxError(error: unknown): error is XmlSyntaxError {
  return error instanceof XmlSyntaxError;
}
