/**
 * One read of an incoming-invoice export by one approach, in a fresh process so its time and peak RSS are
 * its own. argv: approach baseUrl from to. Prints one JSON line: { documents, lines, ms, peakMiB }.
 *
 * Approaches ("collect" keeps every document, like an array-returning call; "stream" drops each one once
 * it is counted, like a consumer that writes records as they arrive):
 *   sdk-array               IikoClient.incomingInvoices: queue, session, retries, parse, zod validation
 *   sdk-stream              IikoClient.streamIncomingInvoices, when the client has it
 *   fetch+saxes             fetch + a streaming saxes parse building plain objects (collect; no validation)
 *   fetch+saxes-stream      the same, documents dropped as they close
 *   fetch+fast-xml-parser   the whole body as a string, then fast-xml-parser (collect)
 */
import { createHash } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { SaxesParser } from 'saxes';
import { IikoClient } from '@getinn/iiko-client';
import { peakRssMiB } from './measure.mjs';

const [approach, baseUrl, from, to] = process.argv.slice(2);
const login = 'bench';
const password = 'bench';

async function rawToken() {
  const pass = createHash('sha1').update(password, 'utf8').digest('hex');
  const response = await fetch(`${baseUrl}/resto/api/auth?login=${login}&pass=${pass}`);
  return (await response.text()).trim();
}

const exportUrl = (key) => `${baseUrl}/resto/api/documents/export/incomingInvoice?from=${from}&to=${to}&key=${key}`;

async function fastXmlParser(key) {
  const text = await (await fetch(exportUrl(key))).text();
  const parser = new XMLParser({ parseTagValue: false, isArray: (name) => name === 'document' || name === 'item' });
  const documents = parser.parse(text).incomingInvoiceDtoes?.document ?? [];
  return { documents: documents.length, lines: documents.reduce((n, d) => n + (d.items?.item?.length ?? 0), 0), kept: documents };
}

async function saxes(key, keep) {
  const response = await fetch(exportUrl(key));
  const kept = [];
  let documents = 0;
  let lines = 0;
  const stack = [];
  const parser = new SaxesParser();
  parser.on('opentag', (tag) => stack.push({ name: tag.name, text: '', children: undefined }));
  parser.on('text', (text) => {
    const top = stack.at(-1);
    if (top && !top.children) top.text += text;
  });
  parser.on('closetag', () => {
    const frame = stack.pop();
    const value = frame.children ?? frame.text;
    if (stack.length === 1 && frame.name === 'document') {
      documents += 1;
      lines += value.items?.item?.length ?? 0;
      if (keep) kept.push(value);
      return;
    }
    const parent = stack.at(-1);
    if (!parent) return;
    parent.children ??= {};
    if (frame.name === 'item') (parent.children.item ??= []).push(value);
    else parent.children[frame.name] = value;
  });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.write(value);
  }
  parser.close();
  return { documents, lines, kept };
}

async function sdk(stream) {
  // One chunk for the whole range: the bench measures the read path, not the month split.
  const client = new IikoClient({ baseUrl, login, password, maxInvoiceRangeDays: 366 });
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
};
const read = reads[approach];
if (!read) throw new Error(`unknown approach ${approach}`);
const started = performance.now();
const result = await read();
const ms = performance.now() - started;
console.log(JSON.stringify(result ? { documents: result.documents, lines: result.lines, ms, peakMiB: peakRssMiB() } : { unavailable: true }));
