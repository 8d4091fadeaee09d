/**
 * One parse of an export's bytes by one XML parser, with handlers that take every element name and every
 * piece of text and do nothing else — the cost of the parser itself, before any tree or record is built.
 * Run by `bench/xml-parsers.bench.mjs` in a fresh process per parse, under tsx (the client's scanner is
 * internal, so it is imported from its source). argv: parser file. Prints one JSON line:
 * { ms, elements, nameChars, textChars }.
 *
 * Parsers: the client's scanner (`packages/iiko-client/src/internal/xml-scanner.ts`), saxes, htmlparser2
 * in XML mode — each fed the body decoded in 64 KiB pieces, as the client reads it — and sax-wasm, fed the
 * bytes themselves, as its documentation advises (it decodes the names and texts a handler reads, and
 * leaves entities as written: they are decoded here, so that every parser hands over the same text).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { SaxesParser } from 'saxes';
import { Parser as Htmlparser2 } from 'htmlparser2';
import { SAXParser, SaxEventType } from 'sax-wasm';
import { XmlScanner } from '../../packages/iiko-client/src/internal/xml-scanner.ts';
import { decodeEntities } from './xml-entities.mjs';

const [parser, file] = process.argv.slice(2);
const bytes = readFileSync(file);
const PIECE = 64 * 1024;
let elements = 0;
let textChars = 0;
let nameChars = 0;
const onName = (name) => {
  elements += 1;
  nameChars += name.length;
};
const onText = (text) => {
  textChars += text.length;
};

function* decodedPieces() {
  const decoder = new TextDecoder();
  for (let offset = 0; offset < bytes.length; offset += PIECE) yield decoder.decode(bytes.subarray(offset, offset + PIECE), { stream: true });
  const rest = decoder.decode();
  if (rest) yield rest;
}

const parsers = {
  scanner() {
    // An element of text only comes as one leaf event: its name and its text.
    const leaf = (name, _start, text) => {
      onName(name);
      onText(text);
    };
    const scanner = new XmlScanner({ open: onName, text: onText, close() {}, leaf, doctype() {} }, 1024 * 1024);
    for (const piece of decodedPieces()) scanner.write(piece);
    scanner.close();
  },
  saxes() {
    const saxes = new SaxesParser();
    saxes.on('opentag', (tag) => onName(tag.name));
    saxes.on('text', onText);
    saxes.on('closetag', () => {});
    for (const piece of decodedPieces()) saxes.write(piece);
    saxes.close();
  },
  htmlparser2() {
    const html = new Htmlparser2({ onopentagname: onName, ontext: onText, onclosetag() {} }, { xmlMode: true, decodeEntities: true });
    for (const piece of decodedPieces()) html.write(piece);
    html.end();
  },
  async 'sax-wasm'() {
    // Compiling the WebAssembly module is timed, as compiling the other parsers' JavaScript is (V8
    // compiles a function on its first call); tens of milliseconds against seconds for a large export.
    const sax = new SAXParser(SaxEventType.Text | SaxEventType.OpenTag | SaxEventType.CloseTag);
    await sax.prepareWasm(readFileSync(createRequire(import.meta.url).resolve('sax-wasm/lib/sax-wasm.wasm')));
    // Event data lives in WebAssembly memory until the next write: it is read inside the handler.
    sax.eventHandler = (event, detail) => {
      if (event === SaxEventType.OpenTag) onName(detail.name);
      else if (event === SaxEventType.Text) onText(decodeEntities(detail.value));
    };
    for (let offset = 0; offset < bytes.length; offset += PIECE) sax.write(bytes.subarray(offset, offset + PIECE));
    sax.end();
  },
};

const run = parsers[parser];
if (!run) throw new Error(`unknown parser ${parser} (known: ${Object.keys(parsers).join(', ')})`);
const started = performance.now();
await run();
console.log(JSON.stringify({ ms: performance.now() - started, elements, nameChars, textChars }));
