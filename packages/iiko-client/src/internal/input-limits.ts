/**
 * Limits on what the client accepts from a server, shared by every reader of an answer (XML today, the
 * JSON endpoints too). A reader throws {@link InputLimitExceeded} or {@link UnsafeInput} where it meets
 * the problem — it does not know the request — and {@link refusalToIikoError} turns either into the
 * client's typed error once the request is known.
 */
import { DEFAULTS } from '../constants';
import type { IikoError, IikoRequestInfo } from '../errors/iiko-error';
import { IikoInputLimitError, type IikoInputLimit } from '../errors/input-limit-error';
import { IikoUnsafeInputError, type IikoUnsafeInputReason } from '../errors/unsafe-input-error';

/** The limits one read applies; see {@link DEFAULTS} for what each means and why it is set where it is. */
export interface InputLimits {
  /** Largest body, in bytes as received. */
  readonly maxBodyBytes: number;
  /** Deepest nesting inside one record. */
  readonly maxDepth: number;
  /** Most children of one element (or entries of one object or array) inside a record. */
  readonly maxChildren: number;
  /** Longest text value (or stretch of markup between two parser events), in characters. */
  readonly maxTextLength: number;
}

/** The limits every client applies, from {@link DEFAULTS}. */
export const DEFAULT_INPUT_LIMITS: InputLimits = Object.freeze({
  maxBodyBytes: DEFAULTS.maxBodyBytes,
  maxDepth: DEFAULTS.maxDepth,
  maxChildren: DEFAULTS.maxChildren,
  maxTextLength: DEFAULTS.maxTextLength,
});

/** A body broke one of the {@link InputLimits}. Internal: readers throw it, the read turns it into an `IikoInputLimitError`. */
export class InputLimitExceeded extends Error {
  /**
   * @param limit - which limit
   * @param max - its value
   * @param what - what broke it, for the message (`an element nested 33 levels deep`)
   */
  constructor(
    readonly limit: IikoInputLimit,
    readonly max: number,
    what: string,
  ) {
    super(what);
    this.name = 'InputLimitExceeded';
  }
}

/** A body held something no iiko answer holds (a DOCTYPE, a reserved name). Internal, like {@link InputLimitExceeded}. */
export class UnsafeInput extends Error {
  constructor(
    readonly reason: IikoUnsafeInputReason,
    what: string,
  ) {
    super(what);
    this.name = 'UnsafeInput';
  }
}

/**
 * The client's error for a refusal thrown by a reader, or `undefined` when `error` is something else.
 * `status` is the answer's HTTP status (a refused body still came with one); `redact` removes secrets
 * from what the reader's message quotes of the answer (an element's name may echo a token).
 */
export function refusalToIikoError(
  error: unknown,
  request: IikoRequestInfo,
  status: number,
  redact: (text: string) => string = (text) => text,
): IikoError | undefined {
  if (error instanceof InputLimitExceeded) {
    return new IikoInputLimitError(`the answer to ${request.path} was refused: ${redact(error.message)} (${error.limit} is ${error.max})`, {
      limit: error.limit,
      max: error.max,
      status,
      request,
    });
  }
  if (error instanceof UnsafeInput) {
    return new IikoUnsafeInputError(`the answer to ${request.path} was refused: ${redact(error.message)}`, {
      reason: error.reason,
      status,
      request,
    });
  }
  return undefined;
}

/**
 * The body of `response` as text, piece by piece as it arrives, within `maxBodyBytes`: a declared
 * `Content-Length` above it is refused before a byte is read, and the bytes are counted as they stream
 * (a chunked answer declares nothing; a compressed one is counted after decompression, so a small
 * compressed bomb is caught too). The body is cancelled when the limit is hit or the consumer stops.
 * Bytes that are not UTF-8 become U+FFFD, as `TextDecoderStream` does.
 *
 * @example
 * ```ts
 * let text = '';
 * for await (const piece of boundedText(response, limits.maxBodyBytes)) text += piece;
 * ```
 */
export async function* boundedText(response: Response, maxBodyBytes: number): AsyncGenerator<string, void, undefined> {
  const declared = response.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > maxBodyBytes) {
    void response.body?.cancel().catch(() => undefined);
    throw new InputLimitExceeded('maxBodyBytes', maxBodyBytes, `its Content-Length is ${declared.trim()} bytes`);
  }
  const body = response.body;
  if (!body) return;
  const bytes = body.getReader();
  const decoder = new TextDecoder('utf-8');
  let received = 0;
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await bytes.read();
      if (done) break;
      received += value.byteLength;
      if (received > maxBodyBytes) {
        throw new InputLimitExceeded('maxBodyBytes', maxBodyBytes, `its body is longer than ${maxBodyBytes} bytes`);
      }
      const text = decoder.decode(value, { stream: true });
      if (text !== '') yield text;
    }
    finished = true;
    const rest = decoder.decode();
    if (rest !== '') yield rest;
  } finally {
    if (!finished) void bytes.cancel().catch(() => undefined);
  }
}
