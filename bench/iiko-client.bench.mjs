/**
 * The client's read path on a large incoming-invoice export, against the parsers people would use
 * instead — measured so that nothing flatters the SDK:
 *   - the export is captured once from the fake iikoServer and served as static bytes by a server in its
 *     own process (no XML is built while a reader runs);
 *   - every approach reads once per round in a fresh process (its time and peak RSS are its own, and no
 *     earlier round's objects are alive);
 *   - the order of approaches rotates from round to round; figures are medians with min–max;
 *   - baselines: fetch + saxes building plain objects, htmlparser2, sax-wasm, txml, fetch + fast-xml-parser, and Python 3's
 *     `xml.etree.ElementTree.iterparse` (standard library) — collecting and streaming variants of each.
 *
 * Run: pnpm build && node bench/iiko-client.bench.mjs [documents=5000] [linesPerDocument=20] [rounds=3]
 * (50,000 documents make a ~500 MiB export, for the memory figures of a streaming read; the sdk readers
 * set the client's `maxBodyBytes` to 4 GiB, above its 256 MiB default, to read it in one answer.)
 * BENCH_APPROACHES=sdk-stream,python-iterparse-stream (a comma-separated list) runs only those approaches,
 * e.g. for the memory figures of a large export, where every other approach would take minutes; the
 * ratio columns need fetch+saxes and python-iterparse in the list. Below the table, sdk-stream's and
 * sdk-array's ratios are also given round by round (median, min–max), to show how far noise moves them.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { captureExport } from './lib/capture-export.mjs';
import { median, runChild } from './lib/measure.mjs';

const [documents = '5000', linesPerInvoice = '20', rounds = '3'] = process.argv.slice(2);
const from = '2026-10-01';
const to = '2026-10-31';
const directory = mkdtempSync(join(tmpdir(), 'iiko-client-bench-'));
const file = join(directory, 'export.xml');

// 1. Capture the export once.
const generation = performance.now();
await captureExport(file, { documents: Number(documents), linesPerInvoice: Number(linesPerInvoice), from, to });
console.log(`export of ${documents} documents × ${linesPerInvoice} lines captured in ${Math.round(performance.now() - generation)} ms`);

// 2. Serve it as static bytes from a process of its own.
const server = spawn(process.execPath, [fileURLToPath(new URL('./lib/static-iiko.mjs', import.meta.url)), file], { stdio: ['ignore', 'pipe', 'inherit'] });
const { url, bytes } = await new Promise((resolve, reject) => {
  server.stdout.once('data', (chunk) => resolve(JSON.parse(String(chunk).trim().split('\n')[0])));
  server.once('error', reject);
});
console.log(`static server at ${url}: ${(bytes / 1024 / 1024).toFixed(1)} MiB per read`);

const python = spawnSync('python3', ['--version'], { encoding: 'utf8' });
const approaches = [
  'sdk-array',
  'sdk-stream',
  'fetch+saxes',
  'fetch+saxes-stream',
  'fetch+fast-xml-parser',
  'fetch+htmlparser2',
  'fetch+htmlparser2-stream',
  'fetch+txml',
  'fetch+sax-wasm',
  'fetch+sax-wasm-stream',
];
if (python.status === 0) approaches.push('python-iterparse', 'python-iterparse-stream');
const selected = process.env.BENCH_APPROACHES?.split(',').map((name) => name.trim()).filter(Boolean);
if (selected) {
  const unknown = selected.filter((name) => !approaches.includes(name));
  if (unknown.length > 0) throw new Error(`BENCH_APPROACHES names unknown approaches: ${unknown.join(', ')} (known: ${approaches.join(', ')})`);
  approaches.splice(0, approaches.length, ...selected);
}

function readOnce(approach) {
  if (approach.startsWith('python-')) {
    const mode = approach.endsWith('-stream') ? 'stream' : 'collect';
    const exportUrl = `${url}/resto/api/documents/export/incomingInvoice?from=${from}&to=${to}&key=bench`;
    const result = spawnSync('python3', [fileURLToPath(new URL('./lib/iterparse.py', import.meta.url)), exportUrl, mode], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`iterparse failed: ${result.stderr}`);
    return JSON.parse(result.stdout.trim().split('\n').at(-1));
  }
  return runChild(new URL('./lib/read-once.mjs', import.meta.url), [approach, url, from, to]);
}

// 3. Rounds, with the order rotated each time.
const samples = Object.fromEntries(approaches.map((approach) => [approach, []]));
/** Approaches whose reader refused the export (the client's input limits), with the limit. */
const refusals = {};
try {
  for (let round = 0; round < Number(rounds); round += 1) {
    const order = approaches.map((_, index) => approaches[(index + round) % approaches.length]);
    for (const approach of order) {
      const result = await readOnce(approach);
      if (result.refused) refusals[approach] = result.refused;
      if (!result.unavailable) samples[approach].push({ ...result, round });
    }
  }
} finally {
  server.kill('SIGTERM');
  rmSync(directory, { recursive: true, force: true });
}

// 4. Medians, min–max and ratios against the baselines of this run.
const docsPerSecond = (sample) => (sample.documents / sample.ms) * 1000;
const rows = approaches
  .filter((approach) => samples[approach].length > 0)
  .map((approach) => {
    const rates = samples[approach].map(docsPerSecond);
    const rss = samples[approach].map((sample) => sample.peakMiB);
    return { approach, rate: median(rates), min: Math.min(...rates), max: Math.max(...rates), rss: median(rss), documents: samples[approach][0].documents, lines: samples[approach][0].lines };
  });
const rateOf = (approach) => rows.find((row) => row.approach === approach)?.rate;
const saxesRate = rateOf('fetch+saxes');
const pythonRate = rateOf('python-iterparse');
const ratio = (value, base) => (base ? `${(value / base).toFixed(2)}×` : '—');
console.log(`\nIncoming-invoice export, ${(bytes / 1024 / 1024).toFixed(1)} MiB, median of ${rounds} rounds (min–max), each read in its own process, order rotated`);
console.log(['approach'.padEnd(26), 'docs/s'.padStart(8), 'min–max'.padStart(15), '÷ saxes'.padStart(8), '÷ python'.padStart(9), 'peak RSS'.padStart(10), 'docs/lines'.padStart(16)].join(' '));
for (const row of rows) {
  console.log(
    [
      row.approach.padEnd(26),
      String(Math.round(row.rate)).padStart(8),
      `${Math.round(row.min)}–${Math.round(row.max)}`.padStart(15),
      ratio(row.rate, saxesRate).padStart(8),
      ratio(row.rate, pythonRate).padStart(9),
      `${row.rss.toFixed(0)} MiB`.padStart(10),
      `${row.documents}/${row.lines}`.padStart(16),
    ].join(' '),
  );
}
// The same ratios taken round by round: each round's readers ran minutes apart at most, so the spread
// shows how far the machine's own noise moves a ratio (two shared cores move it by a third and more).
const roundRates = (approach) => new Map(samples[approach]?.map((sample) => [sample.round, docsPerSecond(sample)]) ?? []);
const perRound = (approach, base) => {
  const mine = roundRates(approach);
  const theirs = roundRates(base);
  return [...mine].filter(([round]) => theirs.has(round)).map(([round, rate]) => rate / theirs.get(round));
};
for (const approach of ['sdk-stream', 'sdk-array'].filter((name) => approaches.includes(name))) {
  const spreads = [['fetch+saxes', '÷ saxes'], ['python-iterparse', '÷ python']]
    .map(([base, label]) => [label, perRound(approach, base)])
    .filter(([, ratios]) => ratios.length > 0)
    .map(([label, ratios]) => `${label} ${median(ratios).toFixed(2)}× (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`);
  if (spreads.length > 0) console.log(`${approach} round by round, median (min–max): ${spreads.join(', ')}`);
}
for (const [approach, limit] of Object.entries(refusals)) console.log(`${approach.padEnd(26)} refused the export: ${limit}`);
const counts = new Set(rows.map((row) => `${row.documents}/${row.lines}`));
if (counts.size !== 1) {
  console.error(`approaches disagree on what the export holds: ${[...counts].join(', ')}`);
  process.exit(1);
}
