/**
 * One approach to reading an incoming-invoice export, run in its own process so its peak RSS is its own.
 * argv: approach baseUrl login password from to rounds
 * Prints one JSON line: { documents, lines, msPerRound: number[], peakMiB }.
 */
import { createHash } from 'node:crypto';
import { XMLParser } from 'fast-xml-parser';
import { SaxesParser } from 'saxes';
import { IikoClient } from '@getinn/iiko-client';
import { peakRssMiB } from './measure.mjs';

const [approach, baseUrl, login, password, from, to, rounds = '3'] = process.argv.slice(2);

/**
 * fetch, repeated once when a kept-alive socket turns out to be closed: the fake server drops idle
 * connections after Node's 5 s keep-alive timeout, and a long parse outlasts it. (The SDK retries such
 * network errors by itself.)
 */
async function rawFetch(url) {
  try {
    return await fetch(url);
  } catch (error) {
    if (error?.cause?.code !== 'UND_ERR_SOCKET') throw error;
    return fetch(url);
  }
}

async function rawToken() {
  const pass = createHash('sha1').update(password, 'utf8').digest('hex');
  const response = await rawFetch(`${baseUrl}/resto/api/auth?login=${encodeURIComponent(login)}&pass=${pass}`);
  return (await response.text()).trim();
}

function exportUrl(key) {
  return `${baseUrl}/resto/api/documents/export/incomingInvoice?from=${from}&to=${to}&key=${key}`;
}

/** Baseline 1: the whole body as a string, then fast-xml-parser (a DOM-style parse into objects). */
async function fetchPlusFastXmlParser(key) {
  const response = await rawFetch(exportUrl(key)); const text = await response.text();
  const parser = new XMLParser({ parseTagValue: false, isArray: (name) => name === 'document' || name === 'item' });
  const documents = parser.parse(text).incomingInvoiceDtoes?.document ?? [];
  return documents;
}

/** Baseline 2: the body as a stream into saxes, building plain objects per document (no validation). */
async function fetchPlusSaxes(key) {
  const response = await rawFetch(exportUrl(key));
  const documents = [];
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
    if (stack.length === 1 && frame.name === 'document') return void documents.push(value);
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
  return documents;
}

/** The SDK: queue, session, retries, streaming parse, zod validation into typed objects. */
async function sdkClient(client) {
  return client.incomingInvoices({ from, to });
}

const client = approach === 'sdk' ? new IikoClient({ baseUrl, login, password }) : undefined;
const key = approach === 'sdk' ? undefined : await rawToken();
const read = { sdk: () => sdkClient(client), 'fetch+fast-xml-parser': () => fetchPlusFastXmlParser(key), 'fetch+saxes': () => fetchPlusSaxes(key) }[approach];
if (!read) throw new Error(`unknown approach ${approach}`);

const msPerRound = [];
let documents = [];
for (let round = 0; round < Number(rounds); round += 1) {
  const started = performance.now();
  documents = await read();
  msPerRound.push(performance.now() - started);
}
const lines = documents.reduce((sum, document) => sum + (Array.isArray(document.items) ? document.items.length : (document.items?.item?.length ?? 0)), 0);
if (client) await client.close();
else await rawFetch(`${baseUrl}/resto/api/logout?key=${key}`);
console.log(JSON.stringify({ documents: documents.length, lines, msPerRound, peakMiB: peakRssMiB() }));
