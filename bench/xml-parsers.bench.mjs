/**
 * The XML parsers a client could read iikoServer's exports with, on the same bytes, with handlers that do
 * nothing but take each element name and piece of text: the evidence for the client's own scanner
 * (`packages/iiko-client/src/internal/xml-scanner.ts`) over the libraries. The whole read path — trees,
 * records, validation — is measured by `iiko-client.bench.mjs`; this one isolates the parser.
 *   - the export is captured once from the fake iikoServer into a file; every parse reads that file;
 *   - every parser runs once per round in a fresh process (`lib/parse-once.mjs`, under tsx, since the
 *     scanner is internal), the order rotated from round to round; figures are medians with min–max;
 *   - the parsers must agree on the count of elements and on the characters of names and text.
 *
 * Run: node bench/xml-parsers.bench.mjs [documents=5000] [linesPerDocument=20] [rounds=5]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureExport } from './lib/capture-export.mjs';
import { median, runChild } from './lib/measure.mjs';

const [documents = '5000', linesPerDocument = '20', rounds = '5'] = process.argv.slice(2);
const from = '2026-10-01';
const to = '2026-10-31';
const directory = mkdtempSync(join(tmpdir(), 'xml-parsers-bench-'));
const file = join(directory, 'export.xml');
const PARSERS = ['scanner', 'saxes', 'htmlparser2', 'sax-wasm'];
const PARSE_ONCE = new URL('./lib/parse-once.mjs', import.meta.url);

try {
  const size = await captureExport(file, { documents: Number(documents), linesPerInvoice: Number(linesPerDocument), from, to });

  const samples = Object.fromEntries(PARSERS.map((parser) => [parser, []]));
  for (let round = 0; round < Number(rounds); round += 1) {
    for (const parser of PARSERS.map((_, i) => PARSERS[(i + round) % PARSERS.length])) samples[parser].push(await runChild(PARSE_ONCE, [parser, file], {}, ['--import', import.meta.resolve('tsx')]));
  }

  const mib = size / 1024 / 1024;
  const rows = PARSERS.map((parser) => {
    const ms = samples[parser].map((sample) => sample.ms);
    return { parser, ms: median(ms), min: Math.min(...ms), max: Math.max(...ms), counts: `${samples[parser][0].elements}/${samples[parser][0].nameChars}/${samples[parser][0].textChars}` };
  });
  const scanner = rows[0].ms;
  const bestLibrary = Math.min(...rows.slice(1).map((row) => row.ms));
  console.log(`\nParsing a ${mib.toFixed(1)} MiB incoming-invoice export (${documents} documents × ${linesPerDocument} lines), handlers that only take names and text; median of ${rounds} rounds (min–max), each parse in its own process, order rotated`);
  console.log(['parser'.padEnd(14), 'ms'.padStart(7), 'min–max'.padStart(13), 'MiB/s'.padStart(7), '÷ scanner'.padStart(10)].join(' '));
  for (const row of rows) {
    console.log(
      [
        row.parser.padEnd(14),
        String(Math.round(row.ms)).padStart(7),
        `${Math.round(row.min)}–${Math.round(row.max)}`.padStart(13),
        (mib / (row.ms / 1000)).toFixed(0).padStart(7),
        `${(row.ms / scanner).toFixed(2)}×`.padStart(10),
      ].join(' '),
    );
  }
  console.log(`the scanner takes ${(scanner / bestLibrary).toFixed(2)}× the time of the fastest library (time ÷ scanner above: how much longer each takes)`);
  const counts = new Set(rows.map((row) => row.counts));
  if (counts.size !== 1) {
    console.error(`parsers disagree on what the export holds (elements/name chars/text chars): ${rows.map((row) => `${row.parser} ${row.counts}`).join(', ')}`);
    process.exitCode = 1;
  }
} finally {
  rmSync(directory, { recursive: true, force: true });
}
