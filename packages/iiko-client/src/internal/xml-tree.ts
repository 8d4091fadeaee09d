import { SaxesParser } from 'saxes';
import { DEFAULT_INPUT_LIMITS, InputLimitExceeded, UnsafeInput, type InputLimits } from './input-limits';
import { createSafeObject, isReservedName } from './safe-object';

/** A parsed XML element: its text, or an object of its children (a list where the element repeats). */
export type XmlValue = string | XmlObject;
/** Children of an element by name, in an object without a prototype (see `safe-object.ts`). */
export interface XmlObject {
  [name: string]: XmlValue | XmlValue[];
}

/** How {@link XmlListReader} turns the body into values. */
export interface XmlListShape {
  /**
   * The element under the root that is one record (`employee`, `document`, `corporateItemDto`). The root's
   * name itself is not checked: iiko uses both `employees` and `employeeDtoes` for the same list.
   * `undefined` reads the root element as the one record (server info).
   */
  itemElement: string | undefined;
  /** Nested elements that may repeat, always given as lists so one element still gives a one-element list. */
  arrayElements: ReadonlySet<string>;
}

/** Called for every record as soon as its closing tag is read. `rawText` gives the record's XML, for errors. */
export type XmlRecordHandler = (value: XmlObject, rawText: () => string) => void;

interface Frame {
  name: string;
  text: string;
  children: XmlObject | undefined;
  /** Child elements opened so far, empty ones included. */
  childCount: number;
  /**
   * Whether the element is part of a record and so built into its value. Everything else under a list's
   * root (stray elements between records) is checked against the limits and then forgotten.
   */
  kept: boolean;
}

/** The first element was `<html>`: not iikoServer's XML (see `IikoHtmlResponseError`). */
export class HtmlDocumentError extends Error {}

/**
 * A streaming XML reader for iiko's list answers. It builds plain objects as the body arrives (no DOM, no
 * full-body string), hands each record over as soon as it closes, and follows iiko's parsing rules:
 * - empty elements (`<invoice/>`) and the literal text `null` (seen in `dueDate`) mean "no value", so
 *   they are left out of the object;
 * - entities are decoded; text keeps its characters (Cyrillic included);
 * - unknown elements are kept;
 * - the root may have any name.
 * Malformed or truncated XML makes {@link XmlListReader.write} or {@link XmlListReader.close} throw.
 *
 * The body is untrusted, so the reader also refuses, by throwing `InputLimitExceeded` or `UnsafeInput`:
 * nesting, children or text beyond its {@link InputLimits}; a stretch of markup (a name, a comment, a DTD,
 * attributes) longer than `maxTextLength` before the parser reports anything, since the parser buffers
 * it whole; a `<!DOCTYPE` (iiko never sends one; `<!DOCTYPE html>` is reported as HTML); an element
 * inside a record named like an `Object.prototype` member. Every object it builds has no prototype.
 */
export class XmlListReader {
  readonly #parser = new SaxesParser({ position: true });
  readonly #stack: Frame[] = [];
  readonly #shape: XmlListShape;
  readonly #onRecord: XmlRecordHandler;
  readonly #limits: InputLimits;
  /** Stack depth of the record element: 0 when the root is the record, else 1. */
  readonly #recordDepth: number;
  /** Stream offset of the last parser event, to bound what the parser buffers between two events. */
  #lastEvent = 0;
  #rootName: string | undefined;
  /** Chunks kept while a record is open, to cut its raw XML out if it fails validation. */
  #recordChunks: string[] = [];
  #recordStart = -1;
  #recordChunkStart = 0;
  /** Stream offset of the current chunk, the chunk, and up to 512 characters read before it. */
  #chunkStart = 0;
  #currentChunk = '';
  #recent = '';
  /** The body's first characters, kept until the root opens, to recognise an HTML page the parser rejects. */
  #head = '';

  constructor(shape: XmlListShape, onRecord: XmlRecordHandler, limits: InputLimits = DEFAULT_INPUT_LIMITS) {
    this.#shape = shape;
    this.#onRecord = onRecord;
    this.#limits = limits;
    this.#recordDepth = shape.itemElement === undefined ? 0 : 1;
    const parser = this.#parser;
    parser.on('opentagstart', (tag) => this.#open(tag.name));
    parser.on('text', (text) => this.#text(text));
    parser.on('cdata', (text) => this.#text(text));
    parser.on('closetag', () => this.#close());
    parser.on('doctype', (doctype) => this.#doctype(doctype));
  }

  /** The root element's name, once read. */
  get rootName(): string | undefined {
    return this.#rootName;
  }

  /**
   * Whether the body starts like an HTML page that the XML parser refuses before any element opens:
   * `<!doctype html>` in lower case (Tomcat's and many proxies' error pages) is not XML at all, so it fails
   * as a syntax error instead of reaching the `<html>` check. Also true when the body so far ends inside
   * that declaration.
   */
  get startsLikeHtml(): boolean {
    return this.#rootName === undefined && /^\uFEFF?\s*(?:<\?xml[^>]*>\s*)?<!doctype(?:\s+html\b|\s+(?:h|ht|htm)$|\s*$)/i.test(this.#head);
  }

  /** Feeds the next piece of the body. */
  write(chunk: string): void {
    if (this.#rootName === undefined && this.#head.length < 256) this.#head += chunk.slice(0, 256);
    const previous = this.#currentChunk;
    this.#recent = previous.length >= 512 ? previous.slice(-512) : (this.#recent + previous).slice(-512);
    this.#chunkStart += this.#currentChunk.length;
    this.#currentChunk = chunk;
    if (this.#recordStart >= 0) this.#recordChunks.push(chunk);
    // The parser keeps a text, a name, a comment or a DTD in memory until it ends, so a body that never
    // ends one would grow that buffer up to the whole body. It is fed no further than maxTextLength (+1,
    // the character that may end the piece) past its last event.
    const budget = this.#limits.maxTextLength + 1;
    for (let offset = 0; offset < chunk.length; ) {
      const room = this.#lastEvent + budget - (this.#chunkStart + offset);
      if (room <= 0) {
        throw new InputLimitExceeded(
          'maxTextLength',
          this.#limits.maxTextLength,
          `more than ${this.#limits.maxTextLength} characters of text or markup came in one piece`,
        );
      }
      const end = Math.min(chunk.length, offset + room);
      this.#parser.write(offset === 0 && end === chunk.length ? chunk : chunk.slice(offset, end));
      offset = end;
    }
  }

  /** Ends the body; throws if the document is incomplete or has no root element. */
  close(): void {
    this.#parser.close();
  }

  #open(name: string): void {
    this.#lastEvent = this.#parser.position;
    const depth = this.#stack.length;
    if (depth === 0) {
      this.#rootName = name;
      if (name.toLowerCase() === 'html') throw new HtmlDocumentError('the document is an HTML page');
    }
    const limits = this.#limits;
    if (depth - this.#recordDepth > limits.maxDepth) {
      throw new InputLimitExceeded('maxDepth', limits.maxDepth, `an element is nested more than ${limits.maxDepth} levels deep in a record`);
    }
    const parent = this.#stack[depth - 1];
    const isRecord = this.#isRecordDepth(depth, name);
    const kept = isRecord || (parent === undefined ? this.#recordDepth === 0 : parent.kept);
    if (parent?.kept) {
      parent.childCount += 1;
      if (parent.childCount > limits.maxChildren) {
        throw new InputLimitExceeded('maxChildren', limits.maxChildren, `${label(parent.name)} has more than ${limits.maxChildren} child elements`);
      }
    }
    if (kept && isReservedName(name)) {
      throw new UnsafeInput('reserved-name', `a record holds an element named ${JSON.stringify(name)}, a member of Object.prototype`);
    }
    if (isRecord) {
      // `opentagstart` fires just after `<name`; the `<` is searched back from there when the text is needed.
      this.#recordStart = this.#parser.position;
      this.#recordChunks = [this.#recent, this.#currentChunk];
      this.#recordChunkStart = this.#chunkStart - this.#recent.length;
    }
    this.#stack.push({ name, text: '', children: undefined, childCount: 0, kept });
  }

  #text(text: string): void {
    this.#lastEvent = this.#parser.position;
    const frame = this.#stack[this.#stack.length - 1];
    if (!frame?.kept || frame.children !== undefined) return;
    const max = this.#limits.maxTextLength;
    if (frame.text.length + text.length > max) {
      throw new InputLimitExceeded('maxTextLength', max, `the text of ${label(frame.name)} is longer than ${max} characters`);
    }
    frame.text += text;
  }

  #doctype(doctype: string): void {
    this.#lastEvent = this.#parser.position;
    // `<!DOCTYPE html>` is an error page (Tomcat, proxies) and is reported as such; any other DOCTYPE is
    // refused, with the entity declarations it may carry, before an entity could be expanded.
    if (/^\s*html\b/i.test(doctype)) throw new HtmlDocumentError('the document is an HTML page');
    throw new UnsafeInput('doctype', 'it has a <!DOCTYPE> declaration, which iikoServer never sends');
  }

  #close(): void {
    this.#lastEvent = this.#parser.position;
    const frame = this.#stack.pop()!;
    if (!frame.kept) return;
    const depth = this.#stack.length;
    const value = frame.children ?? normalizedText(frame.text);
    if (this.#isRecordDepth(depth, frame.name)) {
      const record = typeof value === 'object' ? value : createSafeObject<XmlObject>();
      const start = this.#recordStart;
      const end = this.#parser.position;
      const chunks = this.#recordChunks;
      const chunkStart = this.#recordChunkStart;
      this.#recordStart = -1;
      this.#recordChunks = [];
      const name = frame.name;
      this.#onRecord(record, () => {
        const text = chunks.join('');
        // `start` lies just past the character that ended the name (`<document>` → after `>`), where a
        // child sharing the name's prefix may begin (`<document><documentNumber>`); step back over the
        // name so the search can only find this element's own `<`.
        const from = text.lastIndexOf(`<${name}`, start - chunkStart - name.length - 1);
        return text.slice(Math.max(from, 0), end - chunkStart);
      });
      return;
    }
    const parent = this.#stack[this.#stack.length - 1];
    if (!parent?.kept || value === undefined) return;
    const children = (parent.children ??= createSafeObject<XmlObject>());
    // An own read, though `children` has no prototype to inherit from anyway: the name is the server's.
    const existing = Object.hasOwn(children, frame.name) ? children[frame.name] : undefined;
    if (this.#shape.arrayElements.has(frame.name)) {
      if (Array.isArray(existing)) existing.push(value);
      else children[frame.name] = [value];
    } else if (existing === undefined) {
      children[frame.name] = value;
    } else if (Array.isArray(existing)) {
      existing.push(value);
    } else {
      children[frame.name] = [existing, value];
    }
  }

  #isRecordDepth(depth: number, name: string): boolean {
    const item = this.#shape.itemElement;
    return item === undefined ? depth === 0 : depth === 1 && name === item;
  }
}

/**
 * An element's name for a message: the server chose it, so it is cut to 64 characters (a name may be up to
 * `maxTextLength` long); the reader's caller redacts secrets from the message.
 */
function label(name: string): string {
  return name.length <= 64 ? `<${name}>` : `<${name.slice(0, 64)}…>`;
}

/** Text without surrounding whitespace; empty text and the literal `null` mean "no value" in iiko's XML. */
function normalizedText(text: string): string | undefined {
  const trimmed = text.trim();
  return trimmed === '' || trimmed === 'null' ? undefined : trimmed;
}
