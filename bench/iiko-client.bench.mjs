/**
 * The client's read path on a large incoming-invoice export (5,000 documents × 20 lines, ~50 MB of XML)
 * served by the fake iikoServer over loopback, against two baselines measured in the same run:
 *   - raw fetch + fast-xml-parser (the whole body as a string, then a DOM-style parse),
 *   - raw fetch + a streaming saxes parse that builds plain objects (no validation).
 * Each approach runs in its own process so its peak RSS is its own.
 *
 * Run: pnpm build && node bench/iiko-client.bench.mjs [documents] [linesPerDocument] [rounds]
 */
import { startFakeIikoServer } from '@getinn/iiko-client/testing';
import { median, printTable, runChild } from './lib/measure.mjs';

const [documents = '5000', linesPerInvoice = '20', rounds = '3'] = process.argv.slice(2);
const from = '2026-10-01';
const to = '2026-10-31';

const generationStarted = performance.now();
const fake = await startFakeIikoServer({
  licenceSlots: 10,
  dataset: { invoices: Number(documents), linesPerInvoice: Number(linesPerInvoice), from, to },
});
console.log(`fake iikoServer with ${documents} documents × ${linesPerInvoice} lines ready in ${Math.round(performance.now() - generationStarted)} ms`);

const probe = await fetch(`${fake.url}/resto/get_server_info.jsp?encoding=UTF-8`);
await probe.arrayBuffer();

const approaches = ['fetch+fast-xml-parser', 'fetch+saxes', 'sdk'];
const rows = [];
let bytes = 0;
for (const approach of approaches) {
  const result = await runChild(new URL('./lib/read-export.mjs', import.meta.url), [
    approach,
    fake.url,
    fake.server.login,
    fake.server.password,
    from,
    to,
    rounds,
  ]);
  const ms = median(result.msPerRound);
  rows.push({ name: approach === 'sdk' ? 'IikoClient.incomingInvoices (SDK)' : `raw ${approach}`, rate: (result.documents / ms) * 1000, unit: 'docs/s', peakMiB: result.peakMiB, documents: result.documents, lines: result.lines });
}
const last = fake.server.requests.at(-2);
bytes = last?.bytes;
await fake.close();

console.log(`documents per read: ${rows.map((row) => `${row.name}: ${row.documents} docs / ${row.lines} lines`).join('; ')}`);
if (bytes) console.log(`export size: ${(bytes / 1024 / 1024).toFixed(1)} MiB`);
printTable('Incoming-invoice export read path (median of rounds; ratio vs raw fetch + saxes)', rows, 'raw fetch+saxes');
