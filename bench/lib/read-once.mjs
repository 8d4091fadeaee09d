/**
 * One read of an incoming-invoice export by one approach, in a fresh process so its time and peak RSS are
 * its own. argv: approach baseUrl from to. Prints one JSON line: { documents, lines, ms, peakMiB }, or
 * { unavailable, refused } when the client refuses the answer (an input limit such as maxBodyBytes).
 *
 * Approaches ("collect" keeps every document, like an array-returning call; "stream" drops each one once
 * it is counted, like a consumer that writes records as they arrive):
 *   sdk-array               IikoClient.incomingInvoices: queue, session, retries, parse, zod validation
 *   sdk-stream              IikoClient.streamIncomingInvoices, when the client has it
 *   fetch+saxes             fetch + a streaming saxes parse building plain objects (collect; no validation)
 *   fetch+saxes-stream      the same, documents dropped as they close
 *   fetch+fast-xml-parser   the whole body as a string, then fast-xml-parser (collect)
 *   fetch+htmlparser2       fetch + htmlparser2's streaming Parser in xmlMode building plain objects (collect)
 *   fetch+htmlparser2-stream the same, documents dropped as they close
 *   fetch+txml              the whole body as a string, then txml's DOM parse (collect)
 *   fetch+sax-wasm          fetch + sax-wasm (Rust compiled to WebAssembly) fed the body's bytes, building
 *                           plain objects (collect); it leaves entities as written, so the text is decoded here
 *   fetch+sax-wasm-stream   the same, documents dropped as they close
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { XMLParser } from 'fast-xml-parser';
import { SaxesParser } from 'saxes';
import { Parser as Htmlparser2 } from 'htmlparser2';
import { parse as txmlParse } from 'txml';
import { SAXParser, SaxEventType } from 'sax-wasm';
import { IikoClient } from '@getinn/iiko-client';
import { peakRssMiB } from './measure.mjs';
import { decodeEntities } from './xml-entities.mjs';

const [approach, baseUrl, from, to] = process.argv.slice(2);
const login = 'bench';
const password = 'bench';

async function rawToken() {
  const pass = createHash('sha1').update(password, 'utf8').digest('hex');
  const response = await fetch(`${baseUrl}/resto/api/auth?login=${login}&pass=${pass}`);
  return (await response.text()).trim();
}

const exportUrl = (key) => `${baseUrl}/resto/api/documents/export/incomingInvoice?from=${from}&to=${to}&key=${key}`;

/** Hands every chunk of a web stream to `write`, in order, as it arrives. */
async function feed(stream, write) {
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    write(value);
  }
}

async function fastXmlParser(key) {
  const text = await (await fetch(exportUrl(key))).text();
  const parser = new XMLParser({ parseTagValue: false, isArray: (name) => name === 'document' || name === 'item' });
  const documents = parser.parse(text).incomingInvoiceDtoes?.document ?? [];
  return { documents: documents.length, lines: documents.reduce((n, d) => n + (d.items?.item?.length ?? 0), 0), kept: documents };
}

async function saxes(key, keep) {
  const response = await fetch(exportUrl(key));
  const build = objectBuilder(keep);
  const parser = new SaxesParser();
  parser.on('opentag', (tag) => build.open(tag.name));
  parser.on('text', build.text);
  parser.on('closetag', build.close);
  await feed(response.body.pipeThrough(new TextDecoderStream()), (piece) => parser.write(piece));
  parser.close();
  return { ...build.counts, kept: build.kept };
}

/** The object builder every event parser's reader shares: plain objects, `item` always a list. */
function objectBuilder(keep) {
  const kept = [];
  const stack = [];
  const counts = { documents: 0, lines: 0 };
  return {
    kept,
    counts,
    open: (name) => stack.push({ name, text: '', children: undefined }),
    text: (text) => {
      const top = stack.at(-1);
      if (top && !top.children) top.text += text;
    },
    close: () => {
      const frame = stack.pop();
      const value = frame.children ?? frame.text;
      if (stack.length === 1 && frame.name === 'document') {
        counts.documents += 1;
        counts.lines += value.items?.item?.length ?? 0;
        if (keep) kept.push(value);
        return;
      }
      const parent = stack.at(-1);
      if (!parent) return;
      parent.children ??= {};
      if (frame.name === 'item') (parent.children.item ??= []).push(value);
      else parent.children[frame.name] = value;
    },
  };
}

async function htmlparser2(key, keep) {
  const response = await fetch(exportUrl(key));
  const build = objectBuilder(keep);
  const parser = new Htmlparser2(
    { onopentagname: build.open, ontext: build.text, onclosetag: build.close },
    { xmlMode: true, decodeEntities: true },
  );
  await feed(response.body.pipeThrough(new TextDecoderStream()), (piece) => parser.write(piece));
  parser.end();
  return { ...build.counts, kept: build.kept };
}

async function saxWasm(key, keep) {
  // Compiling the WebAssembly module is timed, as compiling the other readers' JavaScript is (V8 compiles
  // a function on its first call).
  const parser = new SAXParser(SaxEventType.Text | SaxEventType.OpenTag | SaxEventType.CloseTag);
  await parser.prepareWasm(await readFile(createRequire(import.meta.url).resolve('sax-wasm/lib/sax-wasm.wasm')));
  const response = await fetch(exportUrl(key));
  const build = objectBuilder(keep);
  // Events are read inside the handler: their data lives in WebAssembly memory until the next write.
  parser.eventHandler = (event, detail) => {
    if (event === SaxEventType.Text) build.text(decodeEntities(detail.value));
    else if (event === SaxEventType.OpenTag) build.open(detail.name);
    else build.close();
  };
  await feed(response.body, (bytes) => parser.write(bytes));
  parser.end();
  return { ...build.counts, kept: build.kept };
}

async function txml(key) {
  const text = await (await fetch(exportUrl(key))).text();
  const [root] = txmlParse(text, { simplify: false }).filter((node) => typeof node === 'object' && node.tagName !== '?xml');
  const toValue = (node) => {
    if (node.children.every((child) => typeof child === 'string')) return node.children.join('');
    const object = {};
    for (const child of node.children) {
      if (typeof child === 'string') continue;
      if (child.tagName === 'item') (object.item ??= []).push(toValue(child));
      else object[child.tagName] = toValue(child);
    }
    return object;
  };
  const documents = root.children.filter((node) => typeof node === 'object' && node.tagName === 'document').map(toValue);
  return { documents: documents.length, lines: documents.reduce((n, d) => n + (d.items?.item?.length ?? 0), 0), kept: documents };
}

async function sdk(stream) {
  // One chunk for the whole range: the bench measures the read path, not the month split. The body bound
  // is raised (where the client has the option) so that a 500 MiB export is read, not refused.
  const client = new IikoClient({ baseUrl, login, password, maxInvoiceRangeDays: 366, maxBodyBytes: 4 * 1024 ** 3 });
  try {
    if (!stream) {
      const kept = await client.incomingInvoices({ from, to });
      return { documents: kept.length, lines: kept.reduce((n, d) => n + d.items.length, 0), kept };
    }
    if (typeof client.streamIncomingInvoices !== 'function') return undefined;
    let documents = 0;
    let lines = 0;
    for await (const invoice of client.streamIncomingInvoices({ from, to })) {
      documents += 1;
      lines += invoice.items.length;
    }
    return { documents, lines, kept: [] };
  } finally {
    await client.close();
  }
}

const reads = {
  'sdk-array': () => sdk(false),
  'sdk-stream': () => sdk(true),
  'fetch+saxes': async () => saxes(await rawToken(), true),
  'fetch+saxes-stream': async () => saxes(await rawToken(), false),
  'fetch+fast-xml-parser': async () => fastXmlParser(await rawToken()),
  'fetch+htmlparser2': async () => htmlparser2(await rawToken(), true),
  'fetch+htmlparser2-stream': async () => htmlparser2(await rawToken(), false),
  'fetch+txml': async () => txml(await rawToken()),
  'fetch+sax-wasm': async () => saxWasm(await rawToken(), true),
  'fetch+sax-wasm-stream': async () => saxWasm(await rawToken(), false),
};
const read = reads[approach];
if (!read) throw new Error(`unknown approach ${approach}`);
const started = performance.now();
let result;
try {
  result = await read();
} catch (error) {
  // The client refuses an answer beyond one of its input limits (a 500 MiB export is above maxBodyBytes):
  // reported as such, not as a crash of the bench.
  if (error?.name !== 'IikoInputLimitError') throw error;
  console.log(JSON.stringify({ unavailable: true, refused: `${error.limit} is ${error.max}` }));
  process.exit(0);
}
const ms = performance.now() - started;
console.log(JSON.stringify(result ? { documents: result.documents, lines: result.lines, ms, peakMiB: peakRssMiB() } : { unavailable: true }));
