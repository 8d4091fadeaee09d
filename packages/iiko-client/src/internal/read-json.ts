import type { z } from 'zod';
import { redactedCause, type IikoRequestInfo } from '../errors/iiko-error';
import { IikoHtmlResponseError, IikoParseError, IikoValidationError } from '../errors/response-errors';
import { boundedText, DEFAULT_INPUT_LIMITS, InputLimitExceeded, refusalToIikoError, UnsafeInput, type InputLimits } from './input-limits';
import { recordValidationError } from './record-validation';
import { createSafeObject, isReservedName } from './safe-object';

/**
 * Reads a v2 JSON list answer (`/resto/api/v2/entities/…`) with the same guarantees as the XML reader:
 * - the body is read within `limits.maxBodyBytes` (a larger `Content-Length` is refused unread);
 * - nesting deeper than `limits.maxDepth` inside a record, an object or array inside a record with more
 *   than `limits.maxChildren` entries, or a string longer than `limits.maxTextLength` is an
 *   `IikoInputLimitError`;
 * - every object is rebuilt without a prototype, and a key named like an `Object.prototype` member
 *   (`__proto__`, `constructor`, …) is an `IikoUnsafeInputError`: `JSON.parse` keeps `__proto__` as an
 *   own key, but a later copy (a spread, `Object.assign`, zod's passthrough of unknown keys) would turn
 *   it into a prototype change;
 * - `null` and empty strings mean "no value" and are left out, as empty XML elements are;
 * - an HTML page is an `IikoHtmlResponseError`, text that is not JSON (a truncated body) an
 *   `IikoParseError` (retried like truncated XML), a record that does not match `schema` an
 *   `IikoValidationError` with zod's issues and the record's JSON.
 *
 * The answer must be a JSON array of records, or an object whose `response` is one (the v2 envelope
 * `{"result":"SUCCESS","response":[…]}`).
 */
export async function readJsonList<T>(
  response: Response,
  request: IikoRequestInfo,
  schema: z.ZodType<T>,
  redact: (text: string) => string,
  limits: InputLimits = DEFAULT_INPUT_LIMITS,
): Promise<T[]> {
  const list = await readJsonRecords(response, request, redact, limits);
  const records: T[] = [];
  for (let index = 0; index < list.length; index += 1) {
    const value = list[index];
    const result = schema.safeParse(value);
    if (result.success) {
      records.push(result.data);
      continue;
    }
    throw recordValidationError(index, result.error, { status: response.status, request, rawText: redact(jsonText(value)) });
  }
  return records;
}

/** The record's JSON, for errors and invalid records (never throws). */
export function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The answer's records, parsed and checked against the limits, not yet validated. */
async function readJsonRecords(
  response: Response,
  request: IikoRequestInfo,
  redact: (text: string) => string,
  limits: InputLimits,
): Promise<unknown[]> {
  let text = '';
  let parsed: unknown;
  try {
    for await (const piece of boundedText(response, limits.maxBodyBytes)) text += piece;
    if (/^\uFEFF?\s*</.test(text)) {
      throw new IikoHtmlResponseError(
        `iikoServer did not answer ${request.path} with JSON: a page starting with "<" came back — a proxy or an empty Tomcat answered instead of iiko`,
        { status: response.status, request },
      );
    }
    checkNesting(text, limits);
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''), (key, value: unknown) => safeValue(key, value, limits));
  } catch (error) {
    const refusal = refusalToIikoError(error, request, response.status);
    if (refusal) throw refusal;
    if (error instanceof SyntaxError) {
      throw new IikoParseError(`the JSON from ${request.path} is not well-formed (${redact(error.message)})`, {
        status: response.status,
        request,
        cause: redactedCause(error, redact),
      });
    }
    throw error;
  }
  const list = Array.isArray(parsed) ? parsed : isObject(parsed) && Array.isArray(parsed.response) ? parsed.response : undefined;
  if (list === undefined) {
    throw new IikoValidationError(`${request.path} did not answer a JSON list`, {
      status: response.status,
      request,
      issues: [{ code: 'custom', path: [], message: 'expected a JSON array of records', input: undefined }],
      rawText: redact(text.slice(0, 4_000)),
    });
  }
  return list;
}

/**
 * The reviver of `JSON.parse`: every object rebuilt without a prototype, reserved keys refused, `null` and
 * `''` dropped, strings and objects bounded. Runs bottom-up, so every nested object is already safe when
 * its parent is rebuilt.
 */
function safeValue(key: string, value: unknown, limits: InputLimits): unknown {
  if (typeof value === 'string') {
    if (value.length > limits.maxTextLength) {
      throw new InputLimitExceeded('maxTextLength', limits.maxTextLength, `a JSON string is longer than ${limits.maxTextLength} characters`);
    }
    return value === '' ? undefined : value;
  }
  if (value === null) return undefined;
  if (Array.isArray(value)) {
    // The top-level list holds the records: its length is bounded by the body alone, as in the XML.
    if (key !== '' && value.length > limits.maxChildren) {
      throw new InputLimitExceeded('maxChildren', limits.maxChildren, `a JSON array has more than ${limits.maxChildren} entries`);
    }
    return value;
  }
  if (typeof value !== 'object') return value;
  const names = Object.keys(value);
  if (names.length > limits.maxChildren) {
    throw new InputLimitExceeded('maxChildren', limits.maxChildren, `a JSON object has more than ${limits.maxChildren} keys`);
  }
  const safe = createSafeObject();
  for (const name of names) {
    if (isReservedName(name)) {
      throw new UnsafeInput('reserved-name', `a record holds a key named ${JSON.stringify(name)}, a member of Object.prototype`);
    }
    const child = (value as Record<string, unknown>)[name];
    if (child !== undefined) safe[name] = child;
  }
  return safe;
}

/**
 * Refuses nesting deeper than the records' `maxDepth` (plus the list and an envelope around it) before
 * `JSON.parse` recurses into it: a body of a million `[` would otherwise reach the engine's stack limit.
 * One pass over the text, skipping strings.
 */
function checkNesting(text: string, limits: InputLimits): void {
  const max = limits.maxDepth + 2;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x7b || c === 0x5b) {
      depth += 1;
      if (depth > max) {
        throw new InputLimitExceeded('maxDepth', limits.maxDepth, `the JSON nests more than ${limits.maxDepth} levels deep in a record`);
      }
    } else if (c === 0x7d || c === 0x5d) {
      depth -= 1;
    }
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
