/** Reading and validating what a request carries. Internal. */
import type { z } from 'zod';
import { HttpProblem } from './problems';
import type { IikoHttpProblemField } from './types';

/**
 * The request's JSON body, or `undefined` when it has none. At most `maxBytes` are read (a declared or
 * actual excess is a `413`); a body must say `application/json` (or `…+json`), which also keeps a
 * cross-site HTML form — it can only send form types — from posting one without a CORS preflight.
 * Neither the body nor the parser's message is ever repeated: either may hold the password.
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const bytes = await readLimited(request, maxBytes);
  if (bytes.length === 0) return undefined;
  if (!isJsonMediaType(request.headers.get('content-type'))) {
    throw new HttpProblem('unsupported-media-type', { detail: 'Send the body with Content-Type: application/json.' });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new HttpProblem('invalid-json', { detail: 'The body is not valid UTF-8.' });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpProblem('invalid-json', { detail: 'The body could not be parsed as JSON.' });
  }
}

/** Parses `value` with `schema`; a failure is an `invalid-request` naming each field, never its value. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, location: IikoHttpProblemField['location']): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new HttpProblem('invalid-request', {
    detail: `The request's ${location} is not valid: ${result.error.issues.map((issue) => describeIssue(issue, location)).join('; ')}.`,
    errors: result.error.issues.map((issue) => ({ location, pointer: pointerOf(issue.path), message: messageOf(issue) })),
  });
}

function describeIssue(issue: z.core.$ZodIssue, location: IikoHttpProblemField['location']): string {
  const pointer = pointerOf(issue.path);
  return pointer === '' ? messageOf(issue) : `${location === 'body' ? '' : `${location} `}${pointer.slice(1).replaceAll('/', '.')}: ${messageOf(issue)}`;
}

/**
 * The issue's message. Unknown field names are not repeated: in a login form a mistyped name can be the
 * password pasted into the wrong place (`{ "hunter2": … }`), and the fields it does take are documented.
 */
function messageOf(issue: z.core.$ZodIssue): string {
  return issue.code === 'unrecognized_keys' ? 'has a field this request does not take' : issue.message;
}

/** A JSON Pointer (RFC 6901) for a zod issue path. */
function pointerOf(path: readonly PropertyKey[]): string {
  return path.map((segment) => `/${String(segment).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

function isJsonMediaType(header: string | null): boolean {
  const type = header?.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'));
}

function tooLarge(maxBytes: number): HttpProblem {
  return new HttpProblem('payload-too-large', { detail: `The body may be at most ${maxBytes} bytes.` });
}

async function readLimited(request: Request, maxBytes: number): Promise<Uint8Array> {
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
