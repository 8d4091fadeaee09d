/**
 * Test-only: turns iiko's vendor XML samples into exactly the typed objects `@getinn/iiko-client` returns —
 * repeatable elements forced to lists, every value kept as text, empty elements and the literal `null`
 * dropped (both mean "no value" on iikoServer), then the client's own zod schemas.
 */
import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import {
  corporateItemSchema,
  incomingInvoiceSchema,
  supplierSchema,
  type CorporateItem,
  type IikoSupplier,
  type IncomingInvoice,
} from '@getinn/iiko-client';

/** The vendor samples kept with the repository (`testdata/iiko-samples/`). */
export const SAMPLES_DIR = new URL('../../../../testdata/iiko-samples/', import.meta.url);

/** Elements that repeat directly under the root: one must still give a one-element list. */
const LIST_ELEMENTS = new Set(['corporateItemDto', 'employee', 'document']);

const parser = new XMLParser({
  ignoreAttributes: true,
  ignoreDeclaration: true,
  parseTagValue: false,
  trimValues: true,
  // `employee` is both the supplier element and a boolean inside it: only the root's children are lists.
  isArray: (name, jpath) => {
    const depth = String(jpath).split('.').length;
    return (depth === 2 && LIST_ELEMENTS.has(name)) || (name === 'item' && String(jpath).endsWith('items.item'));
  },
});

/** Drops `''` and `'null'` values, recursively, as the client does before validation. */
function dropEmpty(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropEmpty);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      if (typeof child === 'string' && (child.trim() === '' || child.trim() === 'null')) continue;
      out[key] = dropEmpty(child);
    }
    return out;
  }
  return value;
}

/** The list of repeated elements under the root (`<root/>` gives an empty list). */
function rootList(xml: string, element: string): unknown[] {
  const parsed = dropEmpty(parser.parse(xml)) as Record<string, unknown>;
  const [root] = Object.values(parsed);
  if (typeof root !== 'object' || root === null) return [];
  const list = (root as Record<string, unknown>)[element];
  return Array.isArray(list) ? list : [];
}

export function readSample(name: string): string {
  return readFileSync(new URL(name, SAMPLES_DIR), 'utf8');
}

export function parseInvoicesXml(xml: string): IncomingInvoice[] {
  return rootList(xml, 'document').map((document) => incomingInvoiceSchema.parse(document));
}

export function parseCorporateItemsXml(xml: string): CorporateItem[] {
  return rootList(xml, 'corporateItemDto').map((item) => corporateItemSchema.parse(item));
}

/** Accepts a whole `<employees>` answer or a bare `<employee>` fragment. */
export function parseSuppliersXml(xml: string): IikoSupplier[] {
  const wrapped = /^\s*(<\?xml[^>]*>\s*)?<employee>/.test(xml) ? `<employees>${xml}</employees>` : xml;
  return rootList(wrapped, 'employee').map((employee) => supplierSchema.parse(employee));
}

/** The 2-document vendor export: 17 lines and 1 pack-priced line (152 base units, 180 per pack, sum 1440). */
export function twoDocumentExport(): IncomingInvoice[] {
  return parseInvoicesXml(readSample('server_incomingInvoice-export_2docs_official-doc.xml'));
}

/** The vendor `byNumber` export: one document, 3 lines. */
export function byNumberExport(): IncomingInvoice[] {
  return parseInvoicesXml(readSample('server_incomingInvoice-export-byNumber_official-doc.xml'));
}

/** Recursively freezes a value, so any write by the code under test throws in strict mode. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
