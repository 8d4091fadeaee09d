/**
 * Minimal XML writing: escaping and elements. Kept to string building with arrays and `join`, which is
 * what lets the fake serve a 50 MB invoice export quickly.
 */

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
const NEEDS_ESCAPE = /[&<>"']/;
const ESCAPE_ALL = /[&<>"']/g;

/** Escapes `& < > " '` in text content. */
export function escapeXml(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPE_ALL, (c) => ESCAPES[c] ?? c) : text;
}

/**
 * Appends `<name>value</name>` to `out`: nothing when `value` is `undefined`, `<name/>` when it is empty,
 * `true`/`false` for booleans, numbers as written.
 */
export function pushElement(out: string[], name: string, value: string | number | boolean | undefined): void {
  if (value === undefined) return;
  const text = typeof value === 'string' ? escapeXml(value) : String(value);
  out.push(text === '' ? `<${name}/>` : `<${name}>${text}</${name}>`);
}
