import { SaxesParser } from 'saxes';

/** A parsed XML element: its text, or an object of its children (a list where the element repeats). */
export type XmlValue = string | XmlObject;
/** Children of an element by name. */
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
 */
export class XmlListReader {
  readonly #parser = new SaxesParser({ position: true });
  readonly #stack: Frame[] = [];
  readonly #shape: XmlListShape;
  readonly #onRecord: XmlRecordHandler;
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

  constructor(shape: XmlListShape, onRecord: XmlRecordHandler) {
    this.#shape = shape;
    this.#onRecord = onRecord;
    const parser = this.#parser;
    parser.on('opentagstart', (tag) => this.#open(tag.name));
    parser.on('text', (text) => this.#text(text));
    parser.on('cdata', (text) => this.#text(text));
    parser.on('closetag', () => this.#close());
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
    this.#parser.write(chunk);
  }

  /** Ends the body; throws if the document is incomplete or has no root element. */
  close(): void {
    this.#parser.close();
  }

  #open(name: string): void {
    const depth = this.#stack.length;
    if (depth === 0) {
      this.#rootName = name;
      if (name.toLowerCase() === 'html') throw new HtmlDocumentError('the document is an HTML page');
    }
    if (this.#isRecordDepth(depth, name)) {
      // `opentagstart` fires just after `<name`; the `<` is searched back from there when the text is needed.
      this.#recordStart = this.#parser.position;
      this.#recordChunks = [this.#recent, this.#currentChunk];
      this.#recordChunkStart = this.#chunkStart - this.#recent.length;
    }
    this.#stack.push({ name, text: '', children: undefined });
  }

  #text(text: string): void {
    const frame = this.#stack[this.#stack.length - 1];
    if (frame && frame.children === undefined) frame.text += text;
  }

  #close(): void {
    const frame = this.#stack.pop()!;
    const depth = this.#stack.length;
    const value = frame.children ?? normalizedText(frame.text);
    if (this.#isRecordDepth(depth, frame.name)) {
      const record = typeof value === 'object' ? value : {};
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
    if (!parent || value === undefined) return;
    const children = (parent.children ??= {});
    const existing = children[frame.name];
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

/** Text without surrounding whitespace; empty text and the literal `null` mean "no value" in iiko's XML. */
function normalizedText(text: string): string | undefined {
  const trimmed = text.trim();
  return trimmed === '' || trimmed === 'null' ? undefined : trimmed;
}
