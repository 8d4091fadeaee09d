/**
 * An incoming-invoice export as iikoServer sent it, and its parse as a function of the bytes alone — so
 * the export can be parsed off the thread that read it (a worker thread), or kept as it came.
 */
import { PATHS } from './constants';
import { incomingInvoicesEndpoint } from './endpoints/definitions';
import type { IikoRequestInfo } from './errors/iiko-error';
import { checkedSchema, splitChecked } from './internal/checked';
import { DEFAULT_INPUT_LIMITS } from './internal/input-limits';
import type { IncomingInvoice } from './schemas/incoming-invoice';
import type { TolerantList } from './tolerant';

/**
 * One answer of {@link IikoClient.incomingInvoiceExports}: the body of one export request, whole and
 * unparsed, with what it takes to parse it here or elsewhere.
 */
export interface IncomingInvoiceExport {
  /** The body as received: the XML of `documents/export/incomingInvoice`, UTF-8. */
  readonly body: Uint8Array;
  /** The HTTP status it came with (2xx). */
  readonly status: number;
  /** The request it answers, secrets redacted. */
  readonly request: IikoRequestInfo;
  /**
   * Parses `body` on this thread exactly as `iiko.tolerant.incomingInvoices` does: the same input limits,
   * the same typed errors, raw text of invalid records redacted.
   */
  parse(): Promise<TolerantList<IncomingInvoice>>;
  /** Replaces this client's secrets (password, its hash, session tokens) in `text` by `***`. */
  redact(text: string): string;
}

/** What {@link parseIncomingInvoiceExport} reports its errors and invalid records with. */
export interface ParseIncomingInvoiceExportOptions {
  /**
   * The HTTP status of the answer, for its errors.
   *
   * @default 200
   */
  status?: number | undefined;
  /**
   * The request the body answered, for its errors.
   *
   * @default a `GET` of `/resto/api/documents/export/incomingInvoice`
   */
  request?: IikoRequestInfo | undefined;
  /**
   * Hides secrets in text quoted from the body (error messages, raw text of invalid records). A parse in
   * a worker thread knows no secrets: leave it out there, and redact what comes back with
   * {@link IncomingInvoiceExport.redact}.
   *
   * @default no change
   */
  redact?: ((text: string) => string) | undefined;
}

/** The size of the pieces a whole body is parsed in, as a socket would deliver it. */
const PIECE_BYTES = 64 * 1024;

/**
 * Parses an incoming-invoice export from its bytes, as `iiko.tolerant.incomingInvoices` parses one answer:
 * records that match their schema in `items`, the others in `invalid`; a body that is not well-formed is an
 * `IikoParseError`, an HTML page an `IikoHtmlResponseError`, a DOCTYPE or a hostile element name an
 * `IikoUnsafeInputError`, deep or wide nesting an `IikoInputLimitError`. It needs no client, no session
 * and nothing but the bytes — a worker thread can run it on a body the client read
 * ({@link IikoClient.incomingInvoiceExports}). The body's size is not checked again: its reader did.
 *
 * @example
 * ```ts
 * const [{ items, invalid }] = await iiko.incomingInvoiceExports(range, (answer) => parseIncomingInvoiceExport(answer.body));
 * ```
 */
export async function parseIncomingInvoiceExport(
  body: Uint8Array,
  options: ParseIncomingInvoiceExportOptions = {},
): Promise<TolerantList<IncomingInvoice>> {
  const path = `/${PATHS.incomingInvoices}`;
  const request = options.request ?? { method: 'GET', url: path, path };
  const redact = options.redact ?? ((text: string) => text);
  // Fed in socket-sized pieces: the reader decodes and scans piece by piece, as it does a live answer.
  let offset = 0;
  const pieces = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= body.byteLength) return controller.close();
      controller.enqueue(body.subarray(offset, offset + PIECE_BYTES));
      offset += PIECE_BYTES;
    },
  });
  const response = new Response(pieces, { status: options.status ?? 200, headers: { 'content-type': 'application/xml' } });
  const limits = { ...DEFAULT_INPUT_LIMITS, maxBodyBytes: Number.POSITIVE_INFINITY };
  const records = await incomingInvoicesEndpoint.read(response, request, checkedSchema(incomingInvoicesEndpoint.schema), redact, limits);
  return splitChecked(records, incomingInvoicesEndpoint.rawText, redact);
}
