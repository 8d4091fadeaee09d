/**
 * A static iikoServer that replays captured answers, run in its own process: every answer a run needs
 * (dictionaries, the nomenclature, each invoice chunk) was captured once from the fake iikoServer and is
 * served from memory by path and query (the session `key` left out), so serving costs next to nothing
 * and no XML or JSON is built while a reader or a sync is measured. Login and logout answer constants.
 *
 * argv: directory (with `index.json`: `{ "<path>?<sorted query>": { file, contentType } }`). Prints
 * `{ url, bytes }` as one JSON line when listening; an unknown request is a 404 and a line on stderr.
 * Stops on SIGTERM.
 *
 * BENCH_EXPORT_DELAY_MS=N holds each invoice export's answer back N ms before its first byte, as
 * iikoServer builds an export whole before it sends it: a timer, so it costs the measured reader nothing.
 * @default 0 — answered at once
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { replayKey } from './replay-key.mjs';

const [directory] = process.argv.slice(2);
const index = JSON.parse(readFileSync(join(directory, 'index.json'), 'utf8'));
const answers = new Map(
  Object.entries(index).map(([key, entry]) => [key, { body: readFileSync(join(directory, entry.file)), contentType: entry.contentType }]),
);
const token = '3c5a7d35-7a1e-4f4b-b2a5-1d0f9c3e6a11';
const bytes = [...answers.values()].reduce((sum, answer) => sum + answer.body.length, 0);
const EXPORT_PATH = '/resto/api/documents/export/incomingInvoice';
const exportDelayMs = Number(process.env.BENCH_EXPORT_DELAY_MS ?? 0);

const server = createServer((request, response) => {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  if (path === '/resto/api/auth') return void response.writeHead(200, { 'content-type': 'text/plain' }).end(token);
  if (path === '/resto/api/logout') return void response.writeHead(200).end();
  const answer = answers.get(replayKey(request.url ?? '/'));
  if (answer === undefined) {
    process.stderr.write(`static-replay: no captured answer for ${replayKey(request.url ?? '/')}\n`);
    return void response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  }
  const send = () => response.writeHead(200, { 'content-type': answer.contentType, 'content-length': answer.body.length }).end(answer.body);
  if (exportDelayMs > 0 && path === EXPORT_PATH) setTimeout(send, exportDelayMs);
  else send();
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(JSON.stringify({ url: `http://127.0.0.1:${address.port}`, bytes }));
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
