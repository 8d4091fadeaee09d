/**
 * Reading iiko's text values. Internal: not exported from the package.
 *
 * iikoServer writes "no value" three ways — a missing element, an empty one (`<invoice/>`) and the literal
 * text `null` (seen in `dueDate`, vendor export samples). The client already drops all three; the mappers
 * treat them alike again so records built by hand (fixtures, other sources) follow the same rule.
 */

/**
 * The trimmed text of `value`, or `undefined` when it holds no value (not a string, empty, whitespace,
 * or the literal `null`).
 */
export function presentText(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' || trimmed === 'null' ? undefined : trimmed;
}

/** True for a non-null, non-array object: the only thing a record can be. */
export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Copies the present text fields named by `keys` from `source` into a new object, leaving absent ones out
 * (the records' JSON columns carry no `null` noise and `exactOptionalPropertyTypes` holds).
 */
export function copyTexts<K extends string>(
  source: Readonly<Record<string, unknown>>,
  keys: readonly K[],
): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const key of keys) {
    const value = presentText(source[key]);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/**
 * iiko's boolean: `true`/`false`, or the strings `'true'`/`'false'` iiko writes (for records that did not
 * come through the client); `undefined` otherwise.
 */
export function flag(value: unknown): boolean | undefined {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return undefined;
}

/** A whole number, given as a number or as iiko's text (`num`); `undefined` otherwise. */
export function wholeNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  const text = presentText(value);
  if (text === undefined || !/^-?\d{1,15}$/.test(text)) return undefined;
  return Number(text);
}

/** A JSON-safe copy of a value as parsed (text, flags, nested elements), or `undefined` for none. */
function plainCopy(value: unknown): unknown {
  if (typeof value === 'string') return presentText(value);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(plainCopy).filter((item) => item !== undefined);
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const child = plainCopy(value[key]);
      if (child !== undefined) out[key] = child;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return undefined;
}

const NOTHING_EXCLUDED: ReadonlySet<string> = new Set();

/**
 * The fields of `source` a mapper does not know (`known`) and is not told to leave out (`excluded`, such
 * as staff-only personal data), copied as plain JSON — so that an element a newer server sends, or one
 * this version has no column for, still reaches the record's `externalMetadata.other` instead of being
 * dropped. `undefined` when there is none.
 */
export function otherFields(
  source: Readonly<Record<string, unknown>>,
  known: ReadonlySet<string>,
  excluded: ReadonlySet<string> = NOTHING_EXCLUDED,
): Record<string, unknown> | undefined {
  // Runs for every line of every export, where there is usually nothing to copy: nothing is allocated
  // until there is.
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(source)) {
    if (known.has(key) || excluded.has(key)) continue;
    const value = plainCopy(source[key]);
    if (value !== undefined) (out ??= {})[key] = value;
  }
  return out;
}
