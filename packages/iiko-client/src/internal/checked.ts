/**
 * Record-level tolerance: a schema wrapper that never fails, so one malformed record no longer fails its
 * whole list, and the split of the outcome into valid records and {@link InvalidRecord}s. The reader under
 * it (XML or JSON) is the strict one, unchanged: limits, unsafe input, HTML pages and truncated bodies
 * still fail the read.
 */
import { z } from 'zod';
import type { InvalidRecord, TolerantList } from '../tolerant';
import { compiled } from './compiled-schema';

/** The outcome of validating one record. */
export type Checked<T> = { ok: true; value: T } | { ok: false; issues: z.core.$ZodIssue[]; raw: unknown };

const CHECKED = new WeakMap<z.ZodType, z.ZodType>();

/**
 * `schema`, made to report a mismatch as a value instead of failing the read — one wrapper per schema,
 * checking with the schema's compiled clone (the tolerant reads are the sync's, and validation is a
 * large part of a read).
 */
export function checkedSchema<T>(schema: z.ZodType<T>): z.ZodType<Checked<T>> {
  let wrapper = CHECKED.get(schema);
  if (wrapper === undefined) {
    const fast = compiled(schema);
    wrapper = z.unknown().transform((raw): Checked<T> => {
      const result = fast.safeParse(raw);
      return result.success ? { ok: true, value: result.data } : { ok: false, issues: result.error.issues, raw };
    });
    CHECKED.set(schema, wrapper);
  }
  return wrapper as z.ZodType<Checked<T>>;
}

const MAX_RAW_TEXT = 4_000;

/**
 * Splits checked records into the valid ones and the invalid ones, each invalid one with its position,
 * its id when readable, zod's issues and its redacted raw text.
 */
export function splitChecked<T>(
  records: readonly Checked<T>[],
  rawTextOf: (raw: unknown) => string,
  redact: (text: string) => string,
): TolerantList<T> {
  const list: TolerantList<T> = { items: [], invalid: [] };
  records.forEach((record, index) => {
    if (record.ok) list.items.push(record.value);
    else list.invalid.push(invalidRecord(record, index, rawTextOf, redact));
  });
  return list;
}

/**
 * A record zod refused, as an {@link InvalidRecord}: its position, its id when readable, zod's issues and
 * its redacted raw text, shortened to {@link MAX_RAW_TEXT} characters.
 */
export function invalidRecord(
  record: { issues: z.core.$ZodIssue[]; raw: unknown },
  index: number,
  rawTextOf: (raw: unknown) => string,
  redact: (text: string) => string,
): InvalidRecord {
  const first = record.issues[0];
  const text = redact(rawTextOf(record.raw));
  const invalid: InvalidRecord = {
    index,
    message: redact(first ? `${first.path.join('.') || '(record)'}: ${first.message}` : 'unexpected shape'),
    issues: record.issues,
    rawText: text.length > MAX_RAW_TEXT ? `${text.slice(0, MAX_RAW_TEXT)}…` : text,
  };
  // Redacted like the text: a server that echoes a secret into an id must not have it stored in clear.
  const id = idOf(record.raw);
  if (id !== undefined) invalid.id = redact(id);
  return invalid;
}

/** The record's `id`, when it is non-empty text. */
export function idOf(raw: unknown): string | undefined {
  if (typeof raw !== 'object' || raw === null || !Object.hasOwn(raw, 'id')) return undefined;
  const id = (raw as { id?: unknown }).id;
  return typeof id === 'string' && id.trim() !== '' ? id.trim() : undefined;
}

/** A parsed XML record written back as XML, for an invalid record's raw text. */
export function xmlText(name: string, value: unknown): string {
  if (Array.isArray(value)) return value.map((item) => xmlText(name, item)).join('');
  if (typeof value === 'object' && value !== null) {
    const children = Object.keys(value).map((child) => xmlText(child, (value as Record<string, unknown>)[child]));
    return `<${name}>${children.join('')}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

function escapeXml(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}
