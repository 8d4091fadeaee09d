/**
 * The client's own XML scanner (`src/internal/xml-scanner.ts`), which replaced saxes on the read path:
 * - every split point of the vendor samples, in bytes (inside tags, references and multi-byte UTF-8
 *   characters), gives the records the whole body gives;
 * - on generated element-only XML (references, CDATA, comments, processing instructions, attributes,
 *   Cyrillic, line ends) it reports the elements and text saxes reports, and accepts and refuses the same
 *   damaged documents;
 * - hostile bodies (truncation at every offset, bit flips, DOCTYPE and entity declarations, 100,000 levels
 *   of nesting, invalid UTF-8, names of Object.prototype members) end in the client's typed errors.
 *
 * Generated cases per property: 100 in CI; a long fuzz on demand:
 *   FUZZ_RUNS=20000 pnpm vitest run packages/iiko-client/test/xml-scanner.test.ts
 */
import fc from 'fast-check';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { IikoInputLimitError, IikoParseError, IikoUnsafeInputError, isIikoError } from '@getinn/iiko-client';
import { DEFAULT_INPUT_LIMITS, InputLimitExceeded, UnsafeInput } from '../src/internal/input-limits';
import { readXmlList } from '../src/internal/read-xml';
import { XmlScanner, XmlSyntaxError } from '../src/internal/xml-scanner';
import { XmlListReader, type XmlListShape, type XmlObject } from '../src/internal/xml-tree';
import { SAMPLES, fixture } from './support/fixtures';

const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
/** `FUZZ_SEED` replays a run whose seed a failure printed. */
const SEED = process.env.FUZZ_SEED === undefined ? {} : { seed: Number(process.env.FUZZ_SEED) };
const TIMEOUT_MS = Math.max(30_000, RUNS * 20);

const REQUEST = { method: 'GET', url: 'https://iiko.example/resto/api/test', path: '/resto/api/test' };
const SHAPE: XmlListShape = { itemElement: undefined, arrayElements: new Set(['item', 'document', 'corporateItemDto', 'employee']) };

// ---------------------------------------------------------------------------------------------------
// Helpers

/** What the reader gives for `pieces` of text: the records as JSON, or the error's class name. */
function readPieces(pieces: readonly string[], shape: XmlListShape = SHAPE): string {
  const records: XmlObject[] = [];
  try {
    const reader = new XmlListReader(shape, (record) => void records.push(record));
    for (const piece of pieces) reader.write(piece);
    reader.close();
  } catch (error) {
    return `error: ${(error as Error).constructor.name}`;
  }
  return JSON.stringify(records);
}

/** `bytes` cut at `cuts`, decoded as the client decodes a body (a streaming TextDecoder). */
function decodedPieces(bytes: Uint8Array, cuts: readonly number[]): string[] {
  const decoder = new TextDecoder('utf-8');
  const pieces: string[] = [];
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    pieces.push(decoder.decode(bytes.subarray(from, cut), { stream: true }));
    from = cut;
  }
  pieces.push(decoder.decode());
  return pieces;
}

type XmlEvent = ['open', string] | ['text', string] | ['close', string];

/** The scanner's events for `pieces`, adjacent text merged; or `error` when it refuses the document. */
function scannerEvents(pieces: readonly string[]): XmlEvent[] | 'error' {
  const events: XmlEvent[] = [];
  const open: string[] = [];
  const scanner = new XmlScanner(
    {
      open: (name) => {
        open.push(name);
        events.push(['open', name]);
      },
      text: (text) => pushText(events, text),
      close: () => events.push(['close', open.pop()!]),
      leaf: (name, _start, text) => {
        events.push(['open', name]);
        pushText(events, text);
        events.push(['close', name]);
      },
      doctype: () => {
        throw new Error('a DOCTYPE');
      },
    },
    1_048_576,
  );
  try {
    for (const piece of pieces) scanner.write(piece);
    scanner.close();
  } catch (error) {
    if (error instanceof XmlSyntaxError) return 'error';
    throw error;
  }
  return events;
}

/** saxes' events for `text`, in the same form; or `error`. */
function saxesEvents(text: string): XmlEvent[] | 'error' {
  const events: XmlEvent[] = [];
  const parser = new SaxesParser();
  let depth = 0;
  parser.on('opentag', (tag) => {
    depth += 1;
    events.push(['open', tag.name]);
  });
  parser.on('text', (value) => {
    if (depth > 0) pushText(events, value);
  });
  parser.on('cdata', (value) => {
    if (depth > 0) pushText(events, value);
  });
  parser.on('closetag', (tag) => {
    depth -= 1;
    events.push(['close', tag.name]);
  });
  try {
    parser.write(text);
    parser.close();
  } catch {
    return 'error';
  }
  return events;
}

function pushText(events: XmlEvent[], text: string): void {
  if (text === '') return;
  const last = events[events.length - 1];
  if (last?.[0] === 'text') last[1] += text;
  else events.push(['text', text]);
}

/** Cut points for `length` characters, sorted, from fast-check's numbers. */
function cutsOf(points: readonly number[], length: number): number[] {
  return [...new Set(points.map((point) => point % (length + 1)))].sort((a, b) => a - b);
}

function piecesAt(text: string, cuts: readonly number[]): string[] {
  const pieces: string[] = [];
  let from = 0;
  for (const cut of [...cuts, text.length]) {
    pieces.push(text.slice(from, cut));
    from = cut;
  }
  return pieces;
}

/** Reads `body` through the client's read path (limits, typed errors, validation by a schema that accepts anything). */
async function readBody(body: string | Uint8Array, shape: XmlListShape = SHAPE): Promise<unknown[]> {
  return readXmlList(new Response(body), REQUEST, shape, z.unknown(), (text) => text);
}

async function failure(read: Promise<unknown>): Promise<unknown> {
  return read.then(
    () => {
      throw new Error('the read succeeded');
    },
    (error: unknown) => error,
  );
}

// ---------------------------------------------------------------------------------------------------
// Vendor samples cut everywhere

const XML_SAMPLES = [SAMPLES.invoices2Docs, SAMPLES.invoiceByNumber, SAMPLES.departments, SAMPLES.employeeFragment];

describe('the vendor samples cut into pieces', () => {
  it.each(XML_SAMPLES)('%s: every byte offset as a cut gives the records of the whole body', (name) => {
    const bytes = new TextEncoder().encode(fixture(name));
    const whole = readPieces([new TextDecoder().decode(bytes)]);
    expect(whole.startsWith('error')).toBe(false);
    for (let cut = 0; cut <= bytes.length; cut += 1) {
      const cutRead = readPieces(decodedPieces(bytes, [cut]));
      if (cutRead !== whole) expect({ cut, read: cutRead }).toEqual({ cut, read: whole });
    }
  });

  it.each(XML_SAMPLES)('%s: one character per piece gives the records of the whole body', (name) => {
    const text = fixture(name);
    expect(readPieces([...text])).toBe(readPieces([text]));
  });

  it('random cuts into many pieces give the records of the whole body', () => {
    const bytes = new TextEncoder().encode(fixture(SAMPLES.invoices2Docs));
    const whole = readPieces([new TextDecoder().decode(bytes)]);
    fc.assert(
      fc.property(fc.array(fc.nat(), { minLength: 1, maxLength: 40 }), (points) => {
        expect(readPieces(decodedPieces(bytes, cutsOf(points, bytes.length)))).toBe(whole);
      }),
      { numRuns: RUNS, ...SEED },
    );
  });

  it('the invoice sample read through the client path gives its 2 documents', async () => {
    const records = await readBody(fixture(SAMPLES.invoices2Docs), { itemElement: 'document', arrayElements: new Set(['item']) });
    expect(records).toHaveLength(2);
    expect((records[0] as { items: { item: unknown[] } }).items.item).toHaveLength(17);
  });
});

// ---------------------------------------------------------------------------------------------------
// Generated element-only XML, against saxes

// Names that start other names ('a' and 'ab', 'item' and 'items') try the scanner's name prediction.
const NAMES = ['a', 'ab', 'b', 'item', 'items', 'document', 'id', 'sum', 'имя', 'Товар', 'x-y', '_z', 'n.1', 'ns:el', 'ä'];
const name = fc.constantFrom(...NAMES);
const textPart = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[a-zA-Z0-9 .,:;\-+=(){}/'"%#@!?*>[]{0,12}$/) },
  { weight: 3, arbitrary: fc.constantFrom('Молоко 3,2%', 'ООО «Ромашка»', 'ёЁ', '😀', '\t', ' ', '\n', '\r\n', '\r', '  \n  ') },
  {
    weight: 3,
    arbitrary: fc.constantFrom('&amp;', '&lt;', '&gt;', '&quot;', '&apos;', '&#1046;', '&#x416;', '&#x1F600;', '&#10;', '&#13;', '&#x9;', '&#65;'),
  },
  { weight: 1, arbitrary: fc.constantFrom('<![CDATA[<x> & ]] ]>]]>', '<![CDATA[]]>', '<![CDATA[\r\nСтрока]]>', '<!-- a - b -->', '<!---->', '<?pi body ?>', '<?pi?>') },
);
const text = fc.array(textPart, { maxLength: 5 }).map((parts) => parts.join(''));
const attributes = fc
  .uniqueArray(fc.constantFrom('k', 'v', 'xml:lang', 'data-x', 'атр'), { maxLength: 3 })
  .chain((names) =>
    fc.tuple(...names.map((key) => fc.tuple(fc.constant(key), fc.constantFrom('"1"', "'2'", '"a &amp; b"', '"&#1046;"', "'\"'", '""'), fc.constantFrom(' ', '\n', '\t')))),
  )
  .map((pairs) => pairs.map(([key, value, space]) => `${space}${key}=${value}`).join(''));

const element: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.tuple(name, attributes, text).map(([tag, attrs, value]) => `<${tag}${attrs}>${value}</${tag}>`),
    fc.tuple(name, attributes, fc.constantFrom('', ' ')).map(([tag, attrs, space]) => `<${tag}${attrs}${space}/>`),
    fc
      .tuple(name, attributes, fc.array(fc.tuple(text, tie('node')), { maxLength: 4 }), text, fc.constantFrom('', ' ', '\n'))
      .map(([tag, attrs, kids, tail, space]) => `<${tag}${attrs}>${kids.map(([t, k]) => t + k).join('')}${tail}</${tag}${space}>`),
  ),
})).node;

const prolog = fc.constantFrom('', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>', "<?xml version='1.0'?>\n", '\uFEFF', '<!-- head -->\n', '<?pi x?>');
const epilog = fc.constantFrom('', '\n', '  <!-- tail -->\n', '<?pi y?>');
const xmlDocument = fc.tuple(prolog, element, epilog).map(([head, body, tail]) => head + body + tail);

describe('generated XML, against saxes', () => {
  it(
    'reports the elements and text saxes reports, however the body is cut',
    () => {
      fc.assert(
        fc.property(xmlDocument, fc.array(fc.nat(), { maxLength: 6 }), (doc, points) => {
          const expected = saxesEvents(doc);
          expect(expected).not.toBe('error');
          expect(scannerEvents(piecesAt(doc, cutsOf(points, doc.length)))).toEqual(expected);
        }),
        { numRuns: RUNS, ...SEED },
      );
    },
    TIMEOUT_MS,
  );

  const damage = fc.oneof(
    fc.tuple(fc.nat(), fc.constantFrom('<', '>', '&', '/', '!', '?', '"', "'", '=', ']]>', '--', '&#0;', '&#xD800;', '&nope;', '\u0001', '\uFFFE', '<a>', '</a>', ' ')),
    fc.tuple(fc.nat(), fc.string({ unit: 'binary', minLength: 1, maxLength: 2 })),
    fc.tuple(fc.nat(), fc.constant('')),
  );

  it(
    'accepts and refuses the same damaged documents as saxes',
    () => {
      fc.assert(
        fc.property(xmlDocument, damage, fc.nat(), (doc, [at, insert], cut) => {
          const index = at % (doc.length + 1);
          const damaged = insert === '' ? doc.slice(0, index) : doc.slice(0, index) + insert + doc.slice(index);
          const expected = saxesEvents(damaged);
          const actual = scannerEvents(piecesAt(damaged, cutsOf([cut], damaged.length)));
          if (expected === 'error' || actual === 'error') expect({ damaged, actual: actual === 'error' }).toEqual({ damaged, actual: expected === 'error' });
          else expect(actual).toEqual(expected);
        }),
        { numRuns: RUNS * 3, ...SEED },
      );
    },
    TIMEOUT_MS,
  );

  it.each([
    ['the five predefined entities', '<a>&amp;&lt;&gt;&quot;&apos;</a>', '&<>"\''],
    ['decimal and hex references, Cyrillic and beyond the BMP', '<a>&#1046;&#x416;&#X416;&#128512;</a>', null],
    ['line ends normalised, a referenced CR kept', '<a>1\r\n2\r3&#13;</a>', '1\n2\n3\r'],
    ['CDATA kept verbatim', '<a><![CDATA[<b>&amp;</b>]]></a>', '<b>&amp;</b>'],
  ])('%s', (_what, doc, value) => {
    const events = scannerEvents([doc]);
    expect(events).toEqual(saxesEvents(doc));
    if (value !== null) expect(events).toContainEqual(['text', value]);
  });

  it.each([
    ['&#0;', '<a>&#0;</a>'],
    ['a surrogate by reference', '<a>&#xD800;</a>'],
    ['a code point beyond U+10FFFF', '<a>&#x110000;</a>'],
    ['an undefined entity', '<a>&nbsp;</a>'],
    ['a reference without ";"', '<a>&amp</a>'],
    ['a raw NUL', '<a>\u0000</a>'],
    ['mismatched tags', '<a><b></a></b>'],
    ['an unclosed root', '<a><b></b>'],
    ['two roots', '<a/><b/>'],
    ['text outside the root', 'x<a/>'],
    ['"]]>" in text', '<a>]]></a>'],
    ['a duplicate attribute', '<a k="1" k="2"/>'],
    ['"<" in an attribute value', '<a k="<"/>'],
    ['an unquoted attribute', '<a k=1/>'],
    ['"--" in a comment', '<a><!-- a -- b --></a>'],
    ['an XML declaration after the start', ' <?xml version="1.0"?><a/>'],
    ['an XML declaration without a version', '<?xml encoding="UTF-8"?><a/>'],
    ['a name starting with a digit', '<1a/>'],
    ['an empty document', ''],
    ['an <!ENTITY> outside a DOCTYPE', '<a><!ENTITY e "x"></a>'],
  ])('refuses %s, as saxes does', (_what, doc) => {
    expect(saxesEvents(doc)).toBe('error');
    expect(scannerEvents([doc])).toBe('error');
  });
});

// ---------------------------------------------------------------------------------------------------
// Hostile bodies through the client's read path

describe('hostile bodies', () => {
  it('a body truncated at any offset is an IikoParseError (or, cut only in trailing space, the full read)', async () => {
    const body = fixture(SAMPLES.invoiceByNumber);
    const whole = JSON.stringify(await readBody(body));
    const complete = body.trimEnd().length;
    for (let at = 0; at < body.length; at += 1) {
      const outcome = await readBody(body.slice(0, at)).then(
        (records) => JSON.stringify(records),
        (error: unknown) => error,
      );
      if (at >= complete) expect(outcome).toBe(whole);
      else expect(outcome, `cut at ${at}`).toBeInstanceOf(IikoParseError);
    }
  });

  it(
    'bit flips and junk bytes end in an IikoError or in records of plain data',
    async () => {
      const bytes = new TextEncoder().encode(fixture(SAMPLES.invoices2Docs));
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 3 }), async (flips) => {
          const damaged = bytes.slice();
          for (const [at, bit] of flips) damaged[at % damaged.length]! ^= 1 << bit;
          const outcome = await readBody(damaged).then(
            (records) => ({ records }),
            (error: unknown) => ({ error }),
          );
          if ('error' in outcome) expect(isIikoError(outcome.error), String(outcome.error)).toBe(true);
          else expect(JSON.parse(JSON.stringify(outcome.records))).toEqual(outcome.records);
        }),
        { numRuns: RUNS, ...SEED },
      );
    },
    TIMEOUT_MS,
  );

  it.each([
    ['an internal entity', '<!DOCTYPE r [<!ENTITY e "lol">]><r><a>&e;</a></r>'],
    ['an external entity', '<!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]><r><a>&e;</a></r>'],
    ['a billion laughs', `<!DOCTYPE r [<!ENTITY a "ha">${Array.from({ length: 9 }, (_, i) => `<!ENTITY a${i + 1} "${`&a${i === 0 ? '' : i};`.repeat(10)}">`).join('')}]><r>&a9;</r>`],
    ['a plain DOCTYPE', '<?xml version="1.0"?><!DOCTYPE r SYSTEM "r.dtd"><r/>'],
  ])('a DOCTYPE with %s is refused with IikoUnsafeInputError', async (_what, doc) => {
    const error = await failure(readBody(doc));
    expect(error).toBeInstanceOf(IikoUnsafeInputError);
    expect(error).toMatchObject({ reason: 'doctype' });
  });

  it('a DOCTYPE cut into single characters is still refused as one', async () => {
    const pieces = [...'<!DOCTYPE r [<!ENTITY e "x">]><r/>'];
    expect(readPieces(pieces)).toBe('error: UnsafeInput');
  });

  it('100,000 levels of nesting are an IikoInputLimitError (maxDepth), not a stack overflow', async () => {
    const levels = 100_000;
    const error = await failure(readBody(`<r>${'<a>'.repeat(levels)}x${'</a>'.repeat(levels)}</r>`));
    expect(error).toBeInstanceOf(IikoInputLimitError);
    expect(error).toMatchObject({ limit: 'maxDepth' });
  });

  it('invalid UTF-8 becomes U+FFFD, as the body is decoded today, and the read goes on', async () => {
    const head = new TextEncoder().encode('<r><name>a');
    const tail = new TextEncoder().encode('b</name></r>');
    const body = new Uint8Array([...head, 0xff, 0xc3, ...tail]);
    expect(await readBody(body)).toEqual([{ name: 'a\uFFFD\uFFFDb' }]);
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])('an element named %s in a record is IikoUnsafeInputError', async (reserved) => {
    const error = await failure(readBody(`<r><${reserved}><x>1</x></${reserved}></r>`));
    expect(error).toBeInstanceOf(IikoUnsafeInputError);
    expect(error).toMatchObject({ reason: 'reserved-name' });
  });

  it('records reach the caller without a prototype, and nothing is inherited on the way', async () => {
    const [record] = (await readBody('<r><a><b>1</b></a><c>2</c></r>')) as Array<Record<string, Record<string, unknown>>>;
    expect(Object.getPrototypeOf(record)).toBe(null);
    expect(Object.getPrototypeOf(record!.a)).toBe(null);
    expect(record).toEqual({ a: { b: '1' }, c: '2' });
  });
});

// ---------------------------------------------------------------------------------------------------
// Elements of text only: one `leaf` event instead of open, text and close

/** The scanner's raw events for `pieces`, a leaf as its own event, with the offsets it reports. */
function rawEvents(pieces: readonly string[]): string[] {
  const events: string[] = [];
  const scanner = new XmlScanner(
    {
      open: (name, start) => events.push(`open ${name}@${start}`),
      text: (text) => events.push(`text ${JSON.stringify(text)}`),
      close: (end) => events.push(`close @${end}`),
      leaf: (name, start, text, end) => events.push(`leaf ${name}@${start} ${JSON.stringify(text)} @${end}`),
      doctype: () => {
        throw new Error('a DOCTYPE');
      },
    },
    1_048_576,
  );
  for (const piece of pieces) scanner.write(piece);
  scanner.close();
  return events;
}

/** What the reader makes of `body` under `limits`: the records as JSON, or the error's class and limit. */
function readWithLimits(body: string, limits: Partial<typeof DEFAULT_INPUT_LIMITS>): string {
  const records: XmlObject[] = [];
  try {
    const reader = new XmlListReader(SHAPE, (record) => void records.push(record), { ...DEFAULT_INPUT_LIMITS, ...limits });
    reader.write(body);
    reader.close();
  } catch (error) {
    if (error instanceof InputLimitExceeded) return `${error.constructor.name} ${error.limit}`;
    return `${(error as Error).constructor.name}`;
  }
  return JSON.stringify(records);
}

describe('elements of text only, reported as one leaf', () => {
  it('a text element and an empty one inside the root are leaves, with the offsets open and close would give', () => {
    expect(rawEvents(['<r><a>x</a><b/><c></c></r>'])).toEqual([
      'open r@0',
      'leaf a@3 "x" @11',
      'leaf b@11 "" @15',
      'leaf c@15 "" @22',
      'close @26',
    ]);
  });

  it('the root, an element with attributes or children, and an element cut between pieces take the long way', () => {
    expect(rawEvents(['<r>t</r>'])).toEqual(['open r@0', 'text "t"', 'close @8']);
    expect(rawEvents(['<r><a k="1">x</a><d>p<e/>q</d></r>'])).toEqual([
      'open r@0',
      'open a@3',
      'text "x"',
      'close @17',
      'open d@17',
      'text "p"',
      'leaf e@21 "" @25',
      'text "q"',
      'close @30',
      'close @34',
    ]);
    expect(rawEvents(['<r><a>x</', 'a></r>'])).toEqual(['open r@0', 'open a@3', 'text "x"', 'close @11', 'close @15']);
  });

  it('the text of a leaf is checked and decoded like any text', () => {
    expect(rawEvents(['<r><a>x&amp;y&#x416;\r\nz</a></r>'])[1]).toBe('leaf a@3 "x&yЖ\\nz" @27');
    expect(readPieces(['<r><a>x]]>y</a></r>'])).toBe('error: XmlSyntaxError');
    expect(readPieces(['<r><a>x&nope;</a></r>'])).toBe('error: XmlSyntaxError');
    expect(readPieces(['<r><a>x</b></r>'])).toBe('error: XmlSyntaxError');
    expect(readPieces(['<r><a>x</ab></r>'])).toBe('error: XmlSyntaxError');
    expect(readPieces(['<r><a>x</a ></r>'])).toBe('[{"a":"x"}]');
  });

  it('leaves are refused by the same limits as elements read the long way', () => {
    // 10 characters of text are allowed; the element as a whole is longer than maxTextLength, so it is
    // not a leaf, and the long way checks its text.
    expect(readWithLimits('<r><a>0123456789</a></r>', { maxTextLength: 10 })).toBe('[{"a":"0123456789"}]');
    expect(readWithLimits('<r><a>01234567890</a></r>', { maxTextLength: 10 })).toBe('InputLimitExceeded maxTextLength');
    expect(readWithLimits('<r><a>1</a><b>2</b><c/></r>', { maxChildren: 3 })).toBe('[{"a":"1","b":"2"}]');
    expect(readWithLimits('<r><a>1</a><b>2</b><c/><d/></r>', { maxChildren: 3 })).toBe('InputLimitExceeded maxChildren');
    expect(readWithLimits('<r><a><b>1</b></a></r>', { maxDepth: 2 })).toBe('[{"a":{"b":"1"}}]');
    expect(readWithLimits('<r><a><b>1</b></a></r>', { maxDepth: 1 })).toBe('InputLimitExceeded maxDepth');
    expect(readWithLimits('<r><a><b/></a></r>', { maxDepth: 1 })).toBe('InputLimitExceeded maxDepth');
    expect(readWithLimits('<r><__proto__>x</__proto__></r>', {})).toBe(UnsafeInput.name);
    expect(readWithLimits('<r><toString/></r>', {})).toBe(UnsafeInput.name);
  });

  it('a leaf between the records of a list is dropped like any stray element, and a leaf record is still a record', () => {
    const shape: XmlListShape = { itemElement: 'document', arrayElements: new Set() };
    expect(readPieces(['<list><document><id>1</id></document><stray>x</stray><document>t</document><document/></list>'], shape)).toBe(
      '[{"id":"1"},{},{}]',
    );
  });
});

describe('names predicted from the element before', () => {
  // The scanner compares the next opening tag with the name that followed the same element last time.
  const body = '<r><a>1</a><ab>2</ab><a>3</a><abc/><a x="1">4</a><a>5</a><b><a>6</a></b><a>7</a><ab>8</ab></r>';

  it('a name that starts with the predicted one, or that the predicted one starts with, is read as itself', () => {
    // `<abc/>` is empty, so it gives no value.
    expect(readPieces([body])).toBe('[{"a":["1","3","4","5","7"],"ab":["2","8"],"b":{"a":"6"}}]');
    const events = scannerEvents([body]);
    expect(events).not.toBe('error');
    expect((events as XmlEvent[]).filter(([kind]) => kind === 'open').map(([, name]) => name)).toEqual([
      'r', 'a', 'ab', 'a', 'abc', 'a', 'a', 'b', 'a', 'a', 'ab',
    ]);
  });

  it('cut at every offset, the body gives the same events', () => {
    const whole = JSON.stringify(scannerEvents([body]));
    for (let cut = 1; cut < body.length; cut += 1) {
      expect(JSON.stringify(scannerEvents([body.slice(0, cut), body.slice(cut)])), `cut at ${cut}`).toBe(whole);
    }
  });

  it('a predicted name followed by a character that cannot end a name, or by the end of the piece, is not taken', () => {
    expect(readPieces(['<r><a>1</a><a', '>2</a></r>'])).toBe('[{"a":["1","2"]}]');
    expect(readPieces(['<r><a>1</a><a\u00b7>2</a\u00b7></r>'])).toBe('[{"a":"1","a\u00b7":"2"}]');
    expect(readPieces(['<r><a>1</a><a-b>2</a-b><a>3</a><a-b>4</a></r>'])).toBe('error: XmlSyntaxError');
  });
});

describe('children stored by the name ids', () => {
  it('a name that repeats anywhere among its siblings gives a list, past the 62 ids a frame tracks too', () => {
    const names = Array.from({ length: 70 }, (_, k) => `n${k}`);
    const body = `<r>${names.map((name) => `<${name}>1</${name}>`).join('')}${names.map((name) => `<${name}>2</${name}>`).join('')}</r>`;
    const [record] = JSON.parse(readPieces([body])) as Array<Record<string, unknown>>;
    expect(Object.keys(record!)).toEqual(names);
    for (const name of names) expect(record![name], name).toEqual(['1', '2']);
  });

  it('what one element saw of its children does not carry over to the next element at its depth', () => {
    const shape: XmlListShape = { itemElement: 'document', arrayElements: new Set() };
    expect(readPieces(['<list><document><a>1</a></document><document><a>2</a><a>3</a></document></list>'], shape)).toBe(
      '[{"a":"1"},{"a":["2","3"]}]',
    );
    expect(readPieces(['<r><x><a>1</a></x><x><a>2</a></x><x><b><a>3</a></b><a>4</a></x></r>'])).toBe(
      '[{"x":[{"a":"1"},{"a":"2"},{"b":{"a":"3"},"a":"4"}]}]',
    );
  });

  it('an array element is a list from its first occurrence, whether read as a leaf or the long way', () => {
    expect(readPieces(['<r><item>1</item><x><item><a>2</a></item></x></r>'])).toBe('[{"item":["1"],"x":{"item":[{"a":"2"}]}}]');
    expect(readPieces(['<r><item>1</it', 'em><item>2</item></r>'])).toBe('[{"item":["1","2"]}]');
  });
});
