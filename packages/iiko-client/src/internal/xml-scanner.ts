/**
 * A streaming scanner for the XML iikoServer writes: elements and text, nothing that needs a DTD. It
 * checks well-formedness the way the XML 1.0 (fifth edition) rules do for such documents — the ones a
 * general parser such as saxes enforces without namespaces — and reports elements and text to a handler,
 * at a fraction of a general parser's cost:
 * - the XML declaration (only at the very start), comments, processing instructions and CDATA sections;
 * - the five predefined entities and decimal and hex character references (a reference to a code point
 *   that is not an XML `Char`, `&#0;`, is an error), decoded in text; entity declarations are never read;
 * - attributes are checked (names, quotes, their entities, no duplicates, no `<` in a value) and ignored,
 *   as iiko's list answers carry none that matter;
 * - line ends are normalised (`\r\n` and a lone `\r` become `\n`) before references are decoded, as the
 *   XML spec asks;
 * - characters that are not XML `Char`s (`\0`, most C0 controls, U+FFFE, a lone low surrogate) are errors;
 * - text outside the root, a second root, a mismatched or missing closing tag and a body that ends inside
 *   anything are errors ({@link XmlSyntaxError});
 * - a `<!DOCTYPE` before the root is handed to {@link XmlScanHandler.doctype} once it is complete (the
 *   caller refuses it); anywhere else it is an error.
 *
 * A body may be cut into pieces anywhere — inside a tag, a name, a reference or a surrogate pair. What
 * the scanner holds between two pieces is one unfinished construct, and that is bounded by `maxMarkup`:
 * a tag, comment, CDATA section or other markup longer than that, or a text of more than that many
 * characters between two pieces of markup, is refused with `InputLimitExceeded('maxTextLength')`.
 */
import { InputLimitExceeded } from './input-limits';

/** What the scanner reports, in document order. */
export interface XmlScanHandler {
  /**
   * An element opened; `start` is the stream offset (in UTF-16 units) of its `<`. `id` is the scanner's
   * number for the name: equal names get equal ids, from 0 up in the order they first appear, and a name
   * the scanner does not keep (see `#nameId`) gets -1.
   */
  open(name: string, start: number, id: number): void;
  /** Text (entities decoded, line ends normalised), possibly in several pieces for one run of text. */
  text(text: string): void;
  /** The innermost open element closed; `end` is the stream offset just past its `>`. */
  close(end: number): void;
  /**
   * An element inside the root that holds nothing but text, `<name>text</name>` or `<name/>`, in one call:
   * what `open(name, start, id)`, `text(text)` (unless `text` is empty) and `close(end)` would report. Nearly
   * every element of an export is such a leaf, and one call instead of three is a good part of the scan.
   */
  leaf(name: string, start: number, text: string, end: number, id: number): void;
  /** A complete `<!DOCTYPE …>` before the root; `declaration` is what follows the keyword. */
  doctype(declaration: string): void;
}

/** The body is not well-formed XML. The message gives the stream offset (in characters) where it was found. */
export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`character ${offset}: ${message}`);
    this.name = 'XmlSyntaxError';
  }
}

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const AMP = 0x26;
const EQUALS = 0x3d;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const CR = 0x0d;

/** ASCII name characters: 1 may start a name, 2 may only continue one (XML 1.0 `NameStartChar`/`NameChar`). */
const ASCII_NAME = new Uint8Array(128);
for (let c = 0; c < 128; c += 1) {
  if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x3a) ASCII_NAME[c] = 1;
  else if ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e) ASCII_NAME[c] = 2;
}

/** XML 1.0 `NameStartChar` beyond ASCII, by UTF-16 unit; a surrogate stands for a supplementary-plane character. */
function isWideNameStart(c: number): boolean {
  return (
    (c >= 0xc0 && c <= 0xd6) ||
    (c >= 0xd8 && c <= 0xf6) ||
    (c >= 0xf8 && c <= 0x2ff) ||
    (c >= 0x370 && c <= 0x37d) ||
    (c >= 0x37f && c <= 0x1fff) ||
    c === 0x200c ||
    c === 0x200d ||
    (c >= 0x2070 && c <= 0x218f) ||
    (c >= 0x2c00 && c <= 0x2fef) ||
    (c >= 0x3001 && c <= 0xdb7f) ||
    (c >= 0xdc00 && c <= 0xdfff) ||
    (c >= 0xf900 && c <= 0xfdcf) ||
    (c >= 0xfdf0 && c <= 0xfffd)
  );
}

function isNameStart(c: number): boolean {
  return c < 128 ? ASCII_NAME[c] === 1 : isWideNameStart(c);
}

function isNameChar(c: number): boolean {
  return c < 128 ? ASCII_NAME[c] !== 0 : c === 0xb7 || (c >= 0x300 && c <= 0x36f) || c === 0x203f || c === 0x2040 || isWideNameStart(c);
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === CR;
}

/** An XML `Char` code point: what a character reference may name. */
function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/**
 * UTF-16 units that are not part of an XML `Char` — and low surrogates, which are only when they follow a
 * high one (checked apart: a look-behind in the pattern would make the scan of every piece several times slower).
 */
const DISALLOWED = /[\0-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\udc00-\udfff]/g;

const PREDEFINED: Readonly<Record<string, string>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, string>, { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }),
);

const XML_DECLARATION =
  /^<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(?:"1\.[0-9]+"|'1\.[0-9]+')(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(?:"[A-Za-z][A-Za-z0-9._-]*"|'[A-Za-z][A-Za-z0-9._-]*'))?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(?:"(?:yes|no)"|'(?:yes|no)'))?[ \t\r\n]*\?>$/;

/** How many distinct element names of one first character and length the scanner remembers. */
const NAMES_PER_SLOT = 8;

/** Result of scanning a construct: the index just past it, or NEED_MORE when the buffer ends inside it. */
const NEED_MORE = -1;

/**
 * Scans XML pieces as they arrive; see the module comment. One instance reads one document.
 *
 * @example
 * ```ts
 * const scanner = new XmlScanner({ open: …, text: …, close: …, doctype: … }, 1_048_576);
 * for (const piece of pieces) scanner.write(piece);
 * scanner.close();
 * ```
 */
export class XmlScanner {
  readonly #handler: XmlScanHandler;
  readonly #maxMarkup: number;
  /** Names of the open elements, outermost first, and the ids of those names (-1 for one not kept). */
  readonly #open: string[] = [];
  readonly #openIds: number[] = [];
  /** The unfinished construct (or held-back text) carried to the next piece, and its stream offset. */
  #pending = '';
  #pendingStart = 0;
  /** Where the previous piece ended, for a surrogate pair cut in two. */
  #lastUnit = 0;
  #started = false;
  #sawRoot = false;
  #closedRoot = false;
  #sawDoctype = false;
  #closed = false;
  /** Characters of text since the last markup. */
  #textRun = 0;
  /** Cached positions of the next `&`, `\r` and `]]>` in the buffer being scanned (its length when none). */
  #nextAmp = 0;
  #nextCr = 0;
  #nextCdataEnd = 0;
  /** Ids of the element names kept so far, by first character (ASCII) and length; see {@link XmlScanner.#nameId}. */
  readonly #names = new Map<number, number[]>();
  /** The element names kept, by id. */
  readonly #known: string[] = [];
  /**
   * The name that followed each kept name last time, by id: after its opening tag and after its closing
   * tag (-1 for none yet). See {@link XmlScanner.#predicted}.
   */
  readonly #nextAfterOpen: number[] = [];
  readonly #nextAfterClose: number[] = [];
  /** The id of the last element that opened or closed (-1 for none or one not kept), and which it did. */
  #lastId = -1;
  #lastOpened = false;

  constructor(handler: XmlScanHandler, maxMarkup: number) {
    this.#handler = handler;
    this.#maxMarkup = maxMarkup;
  }

  /** Stream offset (in UTF-16 units) of the first character not yet scanned to the end. */
  get position(): number {
    return this.#pendingStart;
  }

  /** The characters from {@link position} that wait for the next piece (an unfinished tag, say). */
  get pending(): string {
    return this.#pending;
  }

  /** Scans the next piece of the body. */
  write(piece: string): void {
    if (this.#closed) throw new XmlSyntaxError('a piece came after the end of the document', this.#pendingStart + this.#pending.length);
    if (piece.length === 0) return;
    this.#checkCharacters(piece);
    // Joined into one flat string, not concatenated: `a + b` makes a rope whose every character read and
    // `startsWith` the engine then resolves through the rope (a third of the scan's time in a profile).
    let buffer = this.#pending.length === 0 ? piece : [this.#pending, piece].join('');
    if (!this.#started) {
      // A byte-order mark is not part of the document (what TextDecoder leaves in, a caller may pass on).
      if (buffer.charCodeAt(0) === 0xfeff) {
        buffer = buffer.slice(1);
        this.#pendingStart += 1;
      }
      if (buffer.length === 0) {
        this.#pending = '';
        return;
      }
    }
    this.#scan(buffer, false);
  }

  /** Ends the document: throws unless it was complete and had a root element. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#pending.length > 0) this.#scan(this.#pending, true);
    const at = this.#pendingStart + this.#pending.length;
    if (this.#pending.length > 0) throw new XmlSyntaxError('the document ends inside markup', at);
    if (!this.#sawRoot) throw new XmlSyntaxError('the document has no root element', at);
    const unclosed = this.#open[this.#open.length - 1];
    if (unclosed !== undefined) throw new XmlSyntaxError(`<${shortName(unclosed)}> is not closed`, at);
  }

  #checkCharacters(piece: string): void {
    const disallowed = DISALLOWED;
    disallowed.lastIndex = 0;
    for (let match = disallowed.exec(piece); match !== null; match = disallowed.exec(piece)) {
      const at = match.index;
      const c = piece.charCodeAt(at);
      // A low surrogate is allowed as the second half of a pair, which may have been cut between two pieces.
      if (c < 0xdc00 || c > 0xdfff) this.#disallowed(at);
      const before = at === 0 ? this.#lastUnit : piece.charCodeAt(at - 1);
      if (before < 0xd800 || before > 0xdbff) this.#disallowed(at);
    }
    this.#lastUnit = piece.charCodeAt(piece.length - 1);
  }

  #disallowed(indexInPiece: number): never {
    throw new XmlSyntaxError('a character XML does not allow', this.#pendingStart + this.#pending.length + indexInPiece);
  }

  /** Scans `s` (the pending construct and the new piece); keeps what it cannot finish yet. */
  #scan(s: string, final: boolean): void {
    this.#nextAmp = -1;
    this.#nextCr = -1;
    this.#nextCdataEnd = -1;
    const n = s.length;
    let i = 0;
    if (!this.#started) {
      // The XML declaration may only open the document, so the first characters wait for it.
      if (n <= 5 && !final && '<?xml'.startsWith(s)) return this.#keep(s, 0);
      if (s.startsWith('<?xml') && isSpace(s.charCodeAt(5))) {
        const end = this.#declarationEnd(s, final);
        if (end === NEED_MORE) return this.#keep(s, 0);
        i = end;
      }
      this.#started = true;
    }
    while (i < n) {
      if (s.charCodeAt(i) !== LT) {
        const lt = s.indexOf('<', i);
        if (lt === -1) {
          const end = final ? n : this.#textCut(s, i, n);
          if (end > i) this.#text(s, i, end);
          i = end;
          break;
        }
        this.#text(s, i, lt);
        i = lt;
        continue;
      }
      if (i + 1 >= n) break;
      const next = s.charCodeAt(i + 1);
      let end: number;
      if (next === SLASH) end = this.#closeTag(s, i);
      else if (next === BANG) end = this.#bang(s, i, final);
      else if (next === QUESTION) end = this.#instruction(s, i);
      else end = this.#openTag(s, i);
      if (end === NEED_MORE) break;
      if (end - i > this.#maxMarkup) this.#tooLong();
      this.#textRun = 0;
      i = end;
    }
    this.#keep(s, i);
  }

  #keep(s: string, from: number): void {
    this.#pending = from === 0 ? s : s.slice(from);
    this.#pendingStart += from;
    if (this.#pending.length > this.#maxMarkup) this.#tooLong();
  }

  #tooLong(): never {
    throw new InputLimitExceeded('maxTextLength', this.#maxMarkup, `more than ${this.#maxMarkup} characters of text or markup came in one piece`);
  }

  #fail(message: string, index: number): never {
    throw new XmlSyntaxError(message, this.#pendingStart + index);
  }

  /**
   * Where text at the end of a piece may be handed over: not inside a reference (`&am` + `p;`), and not
   * just before a `\r` (its `\n` may come next) or a `]` (a `]]>` may be cut).
   */
  #textCut(s: string, from: number, n: number): number {
    let end = n;
    const amp = s.lastIndexOf('&', n - 1);
    if (amp >= from && s.indexOf(';', amp) === -1) end = amp;
    while (end > from) {
      const c = s.charCodeAt(end - 1);
      if (c === CR || c === 0x5d) end -= 1;
      else break;
    }
    return end;
  }

  /** Text `s[from, to)`: checked, decoded, handed on. */
  #text(s: string, from: number, to: number): void {
    if (this.#open.length === 0) {
      for (let k = from; k < to; k += 1) {
        if (!isSpace(s.charCodeAt(k))) this.#fail('text outside the root element', k);
      }
      return;
    }
    this.#emitText(this.#checkedText(s, from, to));
  }

  /** Text `s[from, to)` inside an element: checked (no `]]>`), line ends normalised, references decoded. */
  #checkedText(s: string, from: number, to: number): string {
    if (this.#nextCdataEnd < from) this.#nextCdataEnd = indexOrEnd(s, ']]>', from);
    if (this.#nextCdataEnd < to) this.#fail('"]]>" in text', this.#nextCdataEnd);
    let text = s.slice(from, to);
    if (this.#nextCr < from) this.#nextCr = indexOrEnd(s, '\r', from);
    if (this.#nextCr < to) text = normalizeLineEnds(text);
    if (this.#nextAmp < from) this.#nextAmp = indexOrEnd(s, '&', from);
    if (this.#nextAmp < to) text = this.#decode(text, from);
    return text;
  }

  #emitText(text: string): void {
    this.#handler.text(text);
    this.#textRun += text.length;
    if (this.#textRun > this.#maxMarkup) this.#tooLong();
  }

  /** Decodes the references of `text` (already line-normalised), whose first character is at `s[base]`. */
  #decode(text: string, base: number): string {
    let out = '';
    let last = 0;
    for (let amp = text.indexOf('&'); amp !== -1; amp = text.indexOf('&', last)) {
      const semi = text.indexOf(';', amp + 1);
      if (semi === -1) this.#fail('a reference without its ";"', base + amp);
      out += text.slice(last, amp) + this.#reference(text.slice(amp + 1, semi), base + amp);
      last = semi + 1;
    }
    return out + text.slice(last);
  }

  /** The text of `&name;` (`name` without `&` and `;`). */
  #reference(name: string, at: number): string {
    if (name.charCodeAt(0) !== 0x23) {
      const value = PREDEFINED[name];
      if (value === undefined) this.#fail(`the entity &${shortName(name)}; is not defined`, at);
      return value;
    }
    let code = NaN;
    if (/^#x[0-9a-fA-F]{1,8}$/.test(name)) code = parseInt(name.slice(2), 16);
    else if (/^#[0-9]{1,10}$/.test(name)) code = parseInt(name.slice(1), 10);
    if (!isXmlChar(code)) this.#fail(`&${shortName(name)}; is not a character XML allows`, at);
    return String.fromCodePoint(code);
  }

  /** `<name attr="…">` or `<name/>` at `s[i]`. */
  #openTag(s: string, i: number): number {
    const n = s.length;
    let id = this.#predicted();
    let j = -1;
    if (id !== -1) {
      // The predicted name is there when `s` holds it next and a character that ends a name follows: its
      // characters were checked when it was first read.
      const guess = this.#known[id]!;
      const after = i + 1 + guess.length;
      if (after < n && matchesAt(s, i + 1, guess) && !isNameChar(s.charCodeAt(after))) j = after;
    }
    const predicted = j !== -1;
    if (!predicted) {
      if (!isNameStart(s.charCodeAt(i + 1))) this.#fail('a "<" that starts no tag', i);
      j = i + 2;
      while (j < n && isNameChar(s.charCodeAt(j))) j += 1;
      if (j >= n) return NEED_MORE;
    }
    const c = s.charCodeAt(j);
    let selfClosing = false;
    let end: number;
    if (c === GT) {
      end = j + 1;
    } else if (c === SLASH) {
      if (j + 1 >= n) return NEED_MORE;
      if (s.charCodeAt(j + 1) !== GT) this.#fail('"/" in a tag not followed by ">"', j);
      selfClosing = true;
      end = j + 2;
    } else {
      const after = this.#attributes(s, j);
      if (after === NEED_MORE) return NEED_MORE;
      selfClosing = s.charCodeAt(after - 2) === SLASH;
      end = after;
    }
    if (!predicted) {
      id = this.#nameId(s, i + 1, j);
      this.#learn(id);
    }
    const name = id === -1 ? s.slice(i + 1, j) : this.#known[id]!;
    if (this.#open.length === 0) {
      if (this.#closedRoot) this.#fail('a second root element', i);
      this.#sawRoot = true;
    } else if (selfClosing) {
      this.#handler.leaf(name, this.#pendingStart + i, '', this.#pendingStart + end, id);
      this.#seen(id, false);
      return end;
    } else if (c === GT) {
      const leafEnd = this.#leaf(s, name, id, i, end);
      if (leafEnd !== NEED_MORE) {
        this.#seen(id, false);
        return leafEnd;
      }
    }
    this.#open.push(name);
    this.#openIds.push(id);
    this.#handler.open(name, this.#pendingStart + i, id);
    this.#seen(id, true);
    if (selfClosing) this.#closeInnermost(end);
    return end;
  }

  /**
   * The id of the name the next opening tag most likely has, or -1: the name that came after the last
   * element's opening or closing tag the time before. An export repeats the same sequence of elements
   * record after record, so one comparison with that name usually replaces reading the name character by
   * character and looking it up among the names kept.
   */
  #predicted(): number {
    const last = this.#lastId;
    if (last === -1) return -1;
    return (this.#lastOpened ? this.#nextAfterOpen : this.#nextAfterClose)[last]!;
  }

  /** Remembers that the element `id` (read the long way, not predicted) came after the last one. */
  #learn(id: number): void {
    const last = this.#lastId;
    if (last === -1 || id === -1) return;
    (this.#lastOpened ? this.#nextAfterOpen : this.#nextAfterClose)[last] = id;
  }

  #seen(id: number, opened: boolean): void {
    this.#lastId = id;
    this.#lastOpened = opened;
  }

  /**
   * `<name>text</name>` whose opening tag spans `s[start, textStart)`, reported as one leaf when its text
   * and closing tag are in `s` and the whole element is within `maxMarkup` (so no limit is checked
   * differently); the index past it, or NEED_MORE to scan it the long way (the element has children, or
   * the piece ends inside it).
   */
  #leaf(s: string, name: string, id: number, start: number, textStart: number): number {
    const lt = s.indexOf('<', textStart);
    const closeEnd = lt + name.length + 3;
    if (lt === -1 || closeEnd > s.length || closeEnd - start > this.#maxMarkup) return NEED_MORE;
    if (s.charCodeAt(lt + 1) !== SLASH || s.charCodeAt(closeEnd - 1) !== GT || !matchesAt(s, lt + 2, name)) return NEED_MORE;
    const text = lt === textStart ? '' : this.#checkedText(s, textStart, lt);
    this.#handler.leaf(name, this.#pendingStart + start, text, this.#pendingStart + closeEnd, id);
    return closeEnd;
  }

  /**
   * The id of the element name `s[from, to)` among the names kept (`#known`), or -1 for one not kept:
   * the name's string is the one already made for it when the name was seen before: an
   * export repeats a few dozen names millions of times, and one string per name spares the allocation
   * and lets the engine look it up as a property key once instead of once per element. At most
   * {@link NAMES_PER_SLOT} names are kept per first character and length, so a body of made-up names
   * cannot grow the table.
   */
  #nameId(s: string, from: number, to: number): number {
    const length = to - from;
    const first = s.charCodeAt(from);
    if (first >= 128 || length > 63) return -1;
    const slot = (first << 6) | length;
    let ids = this.#names.get(slot);
    if (ids === undefined) {
      ids = [];
      this.#names.set(slot, ids);
    }
    for (let k = 0; k < ids.length; k += 1) {
      const id = ids[k]!;
      if (matchesAt(s, from, this.#known[id]!)) return id;
    }
    if (ids.length === NAMES_PER_SLOT) return -1;
    const id = this.#known.length;
    this.#known.push(s.slice(from, to));
    this.#nextAfterOpen.push(-1);
    this.#nextAfterClose.push(-1);
    ids.push(id);
    return id;
  }

  /** The attributes of a tag whose name ends at `s[j]`; the index past its `>` or `/>`. */
  #attributes(s: string, j: number): number {
    const n = s.length;
    let names: string[] | undefined;
    for (;;) {
      const spaceAt = j;
      while (j < n && isSpace(s.charCodeAt(j))) j += 1;
      if (j >= n) return NEED_MORE;
      const c = s.charCodeAt(j);
      if (c === GT) return j + 1;
      if (c === SLASH) {
        if (j + 1 >= n) return NEED_MORE;
        if (s.charCodeAt(j + 1) !== GT) this.#fail('"/" in a tag not followed by ">"', j);
        return j + 2;
      }
      if (j === spaceAt) this.#fail('no whitespace between attributes', j);
      if (!isNameStart(c)) this.#fail('a character an attribute name cannot start with', j);
      const nameStart = j;
      j += 1;
      while (j < n && isNameChar(s.charCodeAt(j))) j += 1;
      const name = s.slice(nameStart, j);
      while (j < n && isSpace(s.charCodeAt(j))) j += 1;
      if (j >= n) return NEED_MORE;
      if (s.charCodeAt(j) !== EQUALS) this.#fail(`the attribute ${shortName(name)} has no value`, j);
      j += 1;
      while (j < n && isSpace(s.charCodeAt(j))) j += 1;
      if (j >= n) return NEED_MORE;
      const quote = s.charCodeAt(j);
      if (quote !== DQUOTE && quote !== SQUOTE) this.#fail(`the value of the attribute ${shortName(name)} is not quoted`, j);
      const close = s.indexOf(quote === DQUOTE ? '"' : "'", j + 1);
      if (close === -1) return NEED_MORE;
      const value = s.slice(j + 1, close);
      const lt = value.indexOf('<');
      if (lt !== -1) this.#fail('"<" in an attribute value', j + 1 + lt);
      if (value.indexOf('&') !== -1) this.#decode(value, j + 1);
      names ??= [];
      if (names.includes(name)) this.#fail(`the attribute ${shortName(name)} appears twice`, nameStart);
      names.push(name);
      j = close + 1;
    }
  }

  /** `</name>` at `s[i]`. */
  #closeTag(s: string, i: number): number {
    const n = s.length;
    const expected = this.#open[this.#open.length - 1];
    const from = i + 2;
    if (expected !== undefined && matchesAt(s, from, expected)) {
      let j = from + expected.length;
      if (j >= n) return NEED_MORE;
      let c = s.charCodeAt(j);
      if (c === GT) return this.#closeInnermost(j + 1);
      if (!isNameChar(c)) {
        while (isSpace(c)) {
          j += 1;
          if (j >= n) return NEED_MORE;
          c = s.charCodeAt(j);
        }
        if (c === GT) return this.#closeInnermost(j + 1);
        this.#fail('a character a closing tag cannot hold', j);
      }
    } else if (expected !== undefined && n - from < expected.length && expected.startsWith(s.slice(from))) {
      return NEED_MORE;
    }
    // Not the expected name: read the name that is there, for the message.
    let j = from;
    while (j < n && isNameChar(s.charCodeAt(j))) j += 1;
    if (j >= n) return NEED_MORE;
    const name = s.slice(from, j);
    if (expected === undefined) this.#fail(`</${shortName(name)}> closes no open element`, i);
    this.#fail(`</${shortName(name)}> where </${shortName(expected)}> was expected`, i);
  }

  #closeInnermost(end: number): number {
    this.#open.pop();
    this.#seen(this.#openIds.pop()!, false);
    if (this.#open.length === 0) this.#closedRoot = true;
    this.#handler.close(this.#pendingStart + end);
    return end;
  }

  /** `<!--…-->`, `<![CDATA[…]]>` or `<!DOCTYPE …>` at `s[i]`. */
  #bang(s: string, i: number, final: boolean): number {
    const n = s.length;
    if (i + 3 >= n && !final) return NEED_MORE;
    if (s.startsWith('<!--', i)) {
      const close = s.indexOf('--', i + 4);
      if (close === -1) return NEED_MORE;
      if (close + 2 >= n) return NEED_MORE;
      if (s.charCodeAt(close + 2) !== GT) this.#fail('"--" inside a comment', close);
      return close + 3;
    }
    if (s.startsWith('<![CDATA[', i)) {
      const close = s.indexOf(']]>', i + 9);
      if (close === -1) return NEED_MORE;
      if (this.#open.length === 0) this.#fail('a CDATA section outside the root element', i);
      let text = s.slice(i + 9, close);
      if (text.indexOf('\r') !== -1) text = normalizeLineEnds(text);
      // A CDATA section continues the text around it; only its markup length is bounded on its own.
      if (text.length > 0) this.#emitText(text);
      return close + 3;
    }
    // Nine characters tell every case apart (and a lower-case `<!doctype` from an HTML page reaches the
    // caller whole, so it can say the page is HTML).
    if (n - i < 9 && !final) return NEED_MORE;
    if (s.startsWith('<!DOCTYPE', i)) {
      if (this.#sawRoot || this.#sawDoctype) this.#fail('a DOCTYPE where none may be', i);
      const close = doctypeEnd(s, i + 9);
      if (close === NEED_MORE) return NEED_MORE;
      this.#sawDoctype = true;
      this.#handler.doctype(s.slice(i + 9, close - 1));
      return close;
    }
    this.#fail('"<!" that starts no comment, CDATA section or DOCTYPE', i);
  }

  /** `<?target …?>` at `s[i]`. */
  #instruction(s: string, i: number): number {
    const n = s.length;
    let j = i + 2;
    if (j >= n) return NEED_MORE;
    if (!isNameStart(s.charCodeAt(j))) this.#fail('a processing instruction without a target', i);
    while (j < n && isNameChar(s.charCodeAt(j))) j += 1;
    if (j >= n) return NEED_MORE;
    const target = s.slice(i + 2, j);
    if (target.toLowerCase() === 'xml') this.#fail('an XML declaration that is not at the start of the document', i);
    const c = s.charCodeAt(j);
    // A `?` right after the target starts the body when no `>` follows (saxes reads `<?p?x?>` that way).
    if (c !== QUESTION && !isSpace(c)) this.#fail('a character a processing instruction target cannot hold', j);
    const close = s.indexOf('?>', j);
    return close === -1 ? NEED_MORE : close + 2;
  }

  /** The XML declaration at the start of `s`: the index past it. */
  #declarationEnd(s: string, final: boolean): number {
    const close = s.indexOf('?>');
    if (close === -1) {
      if (final) this.#fail('the XML declaration is not closed', 0);
      if (s.length > this.#maxMarkup) this.#tooLong();
      return NEED_MORE;
    }
    if (!XML_DECLARATION.test(s.slice(0, close + 2))) this.#fail('a malformed XML declaration', 0);
    return close + 2;
  }
}

/** The index past the `>` that ends a DOCTYPE whose keyword ends at `s[from]`, skipping quotes and the internal subset. */
function doctypeEnd(s: string, from: number): number {
  let quote = 0;
  let depth = 0;
  for (let j = from; j < s.length; j += 1) {
    const c = s.charCodeAt(j);
    if (quote !== 0) {
      if (c === quote) quote = 0;
    } else if (c === DQUOTE || c === SQUOTE) quote = c;
    else if (c === 0x5b) depth += 1;
    else if (c === 0x5d) depth -= 1;
    else if (c === GT && depth <= 0) return j + 1;
  }
  return NEED_MORE;
}

/**
 * Whether `s` holds `name` at `from`: every element's name is compared twice (with the names seen
 * before, and with its closing tag's). `startsWith` read the 50 MiB export's elements about 6% faster
 * than a loop over `charCodeAt` (ten alternating runs each of parsing it into records).
 */
function matchesAt(s: string, from: number, name: string): boolean {
  return s.startsWith(name, from);
}

function indexOrEnd(s: string, what: string, from: number): number {
  const at = s.indexOf(what, from);
  return at === -1 ? s.length : at;
}

/** `\r\n` and a lone `\r` as `\n` (XML 1.0 §2.11). */
function normalizeLineEnds(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** A name for a message: the server chose it, so it is cut to 64 characters. */
function shortName(name: string): string {
  return name.length <= 64 ? name : `${name.slice(0, 64)}…`;
}
