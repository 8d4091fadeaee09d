import { DEFAULT_INPUT_LIMITS, InputLimitExceeded, UnsafeInput, type InputLimits } from './input-limits';
import { createInertObject, isReservedName } from './safe-object';
import { XmlScanner } from './xml-scanner';

/** A parsed XML element: its text, or an object of its children (a list where the element repeats). */
export type XmlValue = string | XmlObject;
/** Children of an element by name, in an object that inherits nothing (see `createInertObject` in `safe-object.ts`). */
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
  /** The scanner's id of the name (-1 for a name it does not keep). */
  id: number;
  text: string;
  children: XmlObject | undefined;
  /** Child elements opened so far, empty ones included. */
  childCount: number;
  /**
   * Whether the element is part of a record and so built into its value. Everything else under a list's
   * root (stray elements between records) is checked against the limits and then forgotten.
   */
  kept: boolean;
  /**
   * The ids below {@link IDS_TRACKED} of the children added so far, as bits (ids 0–30 in `seenLow`, 31–61
   * in `seenHigh`): a child whose bit is clear is the first of its name, so it is stored without first
   * reading the object for an earlier one.
   */
  seenLow: number;
  seenHigh: number;
}

/** How many name ids a frame's `seenLow` and `seenHigh` track: 31 bits of each, kept clear of the sign bit. */
const IDS_TRACKED = 62;

/** What {@link XmlListReader} knows of a name id, as bits: worked out, an array element, a reserved name. */
const KIND_KNOWN = 1;
const KIND_ARRAY = 2;
const KIND_RESERVED = 4;

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
 * attributes) longer than `maxTextLength`, since the scanner must hold an unfinished one whole (see
 * `xml-scanner.ts`); a `<!DOCTYPE` (iiko never sends one; `<!DOCTYPE html>` is reported as HTML); an element
 * inside a record named like an `Object.prototype` member. Every object it builds inherits nothing (its
 * prototype is an empty frozen object without one, see `createInertObject`); a reader hands records to
 * its caller through `withoutPrototypes`.
 */
export class XmlListReader {
  readonly #scanner: XmlScanner;
  /** Frames of the open elements, reused from record to record: `#frames[0]` is the root's. */
  readonly #frames: Frame[] = [];
  #depth = 0;
  readonly #shape: XmlListShape;
  readonly #onRecord: XmlRecordHandler;
  readonly #limits: InputLimits;
  /** Stack depth of the record element: 0 when the root is the record, else 1. */
  readonly #recordDepth: number;
  #rootName: string | undefined;
  /** Pieces of the body kept while a record is open, to cut its raw XML out if it fails validation. */
  #recordChunks: string[] = [];
  #recordStart = -1;
  #recordChunkStart = 0;
  /** The piece being scanned, and what the scanner carried over from earlier pieces, with its offset. */
  #currentChunk = '';
  #carried = '';
  #carriedStart = 0;
  /** {@link XmlListReader.#kind} of each name id, once worked out. */
  readonly #kinds: Array<number | undefined> = [];
  /** The body's first characters, kept until the root opens, to recognise an HTML page the parser rejects. */
  #head = '';

  constructor(shape: XmlListShape, onRecord: XmlRecordHandler, limits: InputLimits = DEFAULT_INPUT_LIMITS) {
    this.#shape = shape;
    this.#onRecord = onRecord;
    this.#limits = limits;
    this.#recordDepth = shape.itemElement === undefined ? 0 : 1;
    this.#scanner = new XmlScanner(
      {
        open: (name, start, id) => this.#open(name, start, id),
        text: (text) => this.#text(text),
        close: (end) => this.#close(end),
        leaf: (name, start, text, end, id) => this.#leaf(name, start, text, end, id),
        doctype: (declaration) => this.#doctype(declaration),
      },
      limits.maxTextLength,
    );
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
    this.#carried = this.#scanner.pending;
    this.#carriedStart = this.#scanner.position;
    this.#currentChunk = chunk;
    if (this.#recordStart >= 0) this.#recordChunks.push(chunk);
    this.#scanner.write(chunk);
  }

  /** Ends the body; throws if the document is incomplete or has no root element. */
  close(): void {
    this.#scanner.close();
  }

  #open(name: string, start: number, id: number): void {
    const depth = this.#depth;
    if (depth === 0) {
      this.#rootName = name;
      if (name.toLowerCase() === 'html') throw new HtmlDocumentError('the document is an HTML page');
    }
    this.#checkDepth(depth);
    const parent = depth === 0 ? undefined : this.#frames[depth - 1]!;
    const isRecord = this.#isRecordDepth(depth, name);
    const kept = isRecord || (parent === undefined ? this.#recordDepth === 0 : parent.kept);
    if (parent?.kept) this.#countChild(parent);
    if (kept) this.#checkName(name, id);
    if (isRecord) {
      this.#recordStart = start;
      this.#recordChunks = [this.#carried, this.#currentChunk];
      this.#recordChunkStart = this.#carriedStart;
    }
    let frame = this.#frames[depth];
    if (frame === undefined) {
      frame = { name, id, text: '', children: undefined, childCount: 0, kept, seenLow: 0, seenHigh: 0 };
      this.#frames.push(frame);
    } else {
      frame.name = name;
      frame.text = '';
      frame.children = undefined;
      frame.id = id;
      frame.childCount = 0;
      frame.seenLow = 0;
      frame.seenHigh = 0;
      frame.kept = kept;
    }
    this.#depth = depth + 1;
  }

  #text(text: string): void {
    const depth = this.#depth;
    if (depth === 0) return;
    const frame = this.#frames[depth - 1]!;
    if (!frame.kept || frame.children !== undefined) return;
    this.#checkTextLength(frame.name, frame.text.length + text.length);
    frame.text = frame.text === '' ? text : frame.text + text;
  }

  /** Refuses an element `depth` levels down (the root is 0) when that is more than `maxDepth` into a record. */
  #checkDepth(depth: number): void {
    const max = this.#limits.maxDepth;
    if (depth - this.#recordDepth > max) {
      throw new InputLimitExceeded('maxDepth', max, `an element is nested more than ${max} levels deep in a record`);
    }
  }

  /** Counts one more child of the kept element `parent`, refusing one more than `maxChildren`. */
  #countChild(parent: Frame): void {
    parent.childCount += 1;
    const max = this.#limits.maxChildren;
    if (parent.childCount > max) {
      throw new InputLimitExceeded('maxChildren', max, `${label(parent.name)} has more than ${max} child elements`);
    }
  }

  /** Refuses an element of a record named like an `Object.prototype` member. */
  #checkName(name: string, id: number): void {
    if ((this.#kind(name, id) & KIND_RESERVED) !== 0) {
      throw new UnsafeInput('reserved-name', `a record holds an element named ${JSON.stringify(name)}, a member of Object.prototype`);
    }
  }

  /** Refuses `length` characters of text in the element `name` when that is more than `maxTextLength`. */
  #checkTextLength(name: string, length: number): void {
    const max = this.#limits.maxTextLength;
    if (length > max) throw new InputLimitExceeded('maxTextLength', max, `the text of ${label(name)} is longer than ${max} characters`);
  }

  /**
   * An element of text only: what `#open`, `#text` and `#close` do for it, without a frame. Under the
   * root of a list (a record, or a stray element between records) it takes that long way.
   */
  #leaf(name: string, start: number, text: string, end: number, id: number): void {
    const depth = this.#depth;
    if (depth <= this.#recordDepth) {
      this.#open(name, start, id);
      if (text !== '') this.#text(text);
      this.#close(end);
      return;
    }
    this.#checkDepth(depth);
    const parent = this.#frames[depth - 1]!;
    if (!parent.kept) return;
    this.#countChild(parent);
    this.#checkName(name, id);
    this.#checkTextLength(name, text.length);
    const value = normalizedText(text);
    if (value !== undefined) this.#addChild(parent, name, id, value);
  }

  #doctype(doctype: string): void {
    // `<!DOCTYPE html>` is an error page (Tomcat, proxies) and is reported as such; any other DOCTYPE is
    // refused, with the entity declarations it may carry, before an entity could be expanded.
    if (/^\s*html\b/i.test(doctype)) throw new HtmlDocumentError('the document is an HTML page');
    throw new UnsafeInput('doctype', 'it has a <!DOCTYPE> declaration, which iikoServer never sends');
  }

  #close(end: number): void {
    const depth = this.#depth - 1;
    this.#depth = depth;
    const frame = this.#frames[depth]!;
    if (!frame.kept) return;
    const value = frame.children ?? normalizedText(frame.text);
    // The frame is reused by the next element at this depth: nothing of it may outlive this call.
    frame.children = undefined;
    frame.text = '';
    const name = frame.name;
    if (this.#isRecordDepth(depth, name)) {
      const record = typeof value === 'object' ? value : createInertObject<XmlObject>();
      const start = this.#recordStart;
      const chunks = this.#recordChunks;
      const chunkStart = this.#recordChunkStart;
      this.#recordStart = -1;
      this.#recordChunks = [];
      this.#onRecord(record, () => chunks.join('').slice(start - chunkStart, end - chunkStart));
      return;
    }
    if (value === undefined) return;
    const parent = this.#frames[depth - 1]!;
    if (parent.kept) this.#addChild(parent, name, frame.id, value);
  }

  /** `value` as the child `name` of `parent`: a list where the name repeats or is one of the shape's array elements. */
  #addChild(parent: Frame, name: string, id: number, value: XmlValue): void {
    const children = (parent.children ??= createInertObject<XmlObject>());
    const isArray = (this.#kind(name, id) & KIND_ARRAY) !== 0;
    if (id >= 0 && id < IDS_TRACKED) {
      const high = id >= 31;
      const bit = 1 << (high ? id - 31 : id);
      const seen = high ? parent.seenHigh : parent.seenLow;
      if ((seen & bit) === 0) {
        if (high) parent.seenHigh = seen | bit;
        else parent.seenLow = seen | bit;
        children[name] = isArray ? [value] : value;
        return;
      }
    }
    // A plain read is an own read here: `children` inherits nothing (see `createInertObject`), and a name
    // that `Object.prototype` has was refused when its element opened.
    const existing = children[name];
    if (isArray) {
      if (Array.isArray(existing)) existing.push(value);
      else children[name] = [value];
    } else if (existing === undefined) {
      children[name] = value;
    } else if (Array.isArray(existing)) {
      existing.push(value);
    } else {
      children[name] = [existing, value];
    }
  }

  /** What the reader knows of the name `name` with the scanner's `id`: worked out once per id. */
  #kind(name: string, id: number): number {
    if (id >= 0) {
      const known = this.#kinds[id];
      if (known !== undefined) return known;
    }
    const kind = KIND_KNOWN | (this.#shape.arrayElements.has(name) ? KIND_ARRAY : 0) | (isReservedName(name) ? KIND_RESERVED : 0);
    if (id >= 0) {
      while (this.#kinds.length < id) this.#kinds.push(undefined);
      this.#kinds[id] = kind;
    }
    return kind;
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

/**
 * Text without surrounding whitespace; empty text and the literal `null` mean "no value" in iiko's XML.
 * The value is copied out of the piece of the body it was cut from: V8 keeps a substring of 13 or more
 * characters as a view of its whole source string, so a caller keeping one id per invoice (a streaming
 * read's de-duplication does) would otherwise keep every 64 KiB piece of a 500 MB body alive.
 */
function normalizedText(text: string): string | undefined {
  // `trim` scans both ends for any Unicode space; text that starts and ends with a visible ASCII
  // character (nearly every value) has none to remove.
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  const trimmed = first > 0x20 && first < 0x7f && last > 0x20 && last < 0x7f ? text : text.trim();
  if (trimmed === '' || trimmed === 'null') return undefined;
  // Concatenating makes a cons string; `trimEnd` flattens it into a fresh copy and cuts the space off
  // again (the text has no trailing whitespace of its own). Measured twice as fast as `slice(0, -1)`,
  // which detaches as well; `replace(/^/, '')` is faster still but keeps the view of the piece.
  return trimmed.length < 13 ? trimmed : (trimmed + ' ').trimEnd();
}
