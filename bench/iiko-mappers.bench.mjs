/**
 * `mapInvoices` on a large incoming-invoice export (5,000 documents × 20 lines, as the client returns
 * them), against two baselines measured in the same run on the same data:
 *   - structuredClone of the export (a deep copy: the least any mapping to new objects costs),
 *   - a hand-written field copy (spread of every document and line).
 * The export is generated here, deterministically, in the shape `IikoClient.incomingInvoices()` returns
 * (9-decimal strings, pack-priced lines, offsets on some dates, DELETED documents). Records are documents
 * plus lines. Measured so that nothing flatters the mapper:
 *   - every approach runs in a fresh process per round (its time and peak RSS are its own), which maps
 *     the export once to warm up and then `runs` times; the round's figure is the median of those runs;
 *   - the order of approaches rotates from round to round;
 *   - figures are medians over the rounds with min–max, and ratios are against the baselines' medians of
 *     the same run.
 *
 * Run: pnpm --filter @getinn/iiko-client --filter @getinn/iiko-mappers build
 *      node bench/iiko-mappers.bench.mjs [documents=5000] [linesPerDocument=20] [rounds=5] [runs=3]
 */
import { mapInvoices } from '@getinn/iiko-mappers';
import { median, peakRssMiB, runChild } from './lib/measure.mjs';

const APPROACHES = {
  'structuredClone (baseline)': (documents) => structuredClone(documents),
  'field copy (baseline)': (documents) =>
    documents.map((document) => ({ ...document, items: document.items.map((line) => ({ ...line })) })),
  'mapInvoices': (documents) => {
    const { items, issues } = mapInvoices(documents, { currency: 'RUB' });
    if (issues.length > 0 || items.length !== documents.length) throw new Error(`unexpected issues: ${issues.length}`);
    return items;
  },
};

/** mulberry32: a small seeded PRNG, so every process maps the same export. */
function prng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `units / 10^scale` with 9 decimals, as iikoServer writes money and quantities. */
const nine = (units, scale) => {
  const digits = String(units).padStart(scale + 1, '0');
  return `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale).padEnd(9, '0')}`.replace(/\.$/, '.000000000');
};

function generateExport(documentCount, linesPerDocument) {
  const random = prng(20260701);
  const int = (min, max) => min + Math.floor(random() * (max - min + 1));
  const hex = (length) => Array.from({ length }, () => int(0, 15).toString(16)).join('');
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
  const pick = (list) => list[int(0, list.length - 1)];
  const two = (n) => String(n).padStart(2, '0');
  const stores = Array.from({ length: 6 }, uuid);
  const suppliers = Array.from({ length: 40 }, uuid);
  const units = Array.from({ length: 4 }, uuid);
  const products = Array.from({ length: 300 }, (_, i) => ({
    id: uuid(),
    article: String(100 + i * 3).padStart(5, '0'),
    unit: pick(units),
    priceCents: int(1_500, 250_000),
    pack: random() < 0.15 ? { containerId: uuid(), size: pick([6, 10, 12, 19, 24]) } : undefined,
  }));
  const documents = [];
  for (let d = 0; d < documentCount; d += 1) {
    const day = `2026-${two(7 + Math.floor((d * 3) / documentCount))}-${two(1 + (d % 28))}`;
    const store = pick(stores);
    const items = [];
    for (let n = 1; n <= linesPerDocument; n += 1) {
      const product = pick(products);
      const packed = product.pack !== undefined && random() < 0.7;
      let amountMilli;
      let priceCents;
      let sumCents;
      if (packed) {
        const packs = int(1, 10);
        amountMilli = packs * product.pack.size * 1000;
        priceCents = product.priceCents * product.pack.size;
        sumCents = packs * priceCents;
      } else {
        amountMilli = int(50, 30_000);
        priceCents = product.priceCents;
        sumCents = Math.round((amountMilli * priceCents) / 1000);
      }
      const line = {
        num: n,
        product: product.id,
        productArticle: product.article,
        amount: nine(amountMilli, 3),
        actualAmount: nine(amountMilli, 3),
        amountUnit: product.unit,
        price: nine(priceCents, 2),
        sum: nine(sumCents, 2),
        discountSum: '0.000000000',
        vatPercent: '20.000000000',
        vatSum: nine(Math.round(sumCents / 6), 2),
        store,
        code: product.article,
      };
      if (packed) line.containerId = product.pack.containerId;
      items.push(line);
    }
    const document = {
      id: uuid(),
      documentNumber: String(1_000 + d),
      dateIncoming: `${day}T${two(int(7, 21))}:${two(int(0, 59))}:00${random() < 0.25 ? '+03:00' : ''}`,
      useDefaultDocumentTime: false,
      supplier: pick(suppliers),
      defaultStore: store,
      status: random() < 0.07 ? 'DELETED' : random() < 0.15 ? 'NEW' : 'PROCESSED',
      items,
    };
    if (random() < 0.85) document.incomingDocumentNumber = `УТ-${hex(6)}`;
    if (random() < 0.85) document.incomingDate = `${day}T08:00:00`;
    if (random() < 0.5) document.dueDate = `${day}T00:00:00`;
    if (random() < 0.4) document.comment = 'Доставка до 10:00';
    documents.push(document);
  }
  return documents;
}

/** Child process: generate the export, warm up once, then time `runs` runs of one approach. */
async function child(approach, documentCount, linesPerDocument, runs) {
  const documents = generateExport(documentCount, linesPerDocument);
  const run = APPROACHES[approach];
  run(documents);
  const msPerRun = [];
  for (let index = 0; index < runs; index += 1) {
    const started = performance.now();
    run(documents);
    msPerRun.push(performance.now() - started);
  }
  const lines = documents.reduce((count, document) => count + document.items.length, 0);
  console.log(JSON.stringify({ records: documents.length + lines, lines, ms: median(msPerRun), peakMiB: peakRssMiB() }));
}

if (process.argv[2] === '--child') {
  const [, , , approach, documentCount, linesPerDocument, runs] = process.argv;
  await child(approach, Number(documentCount), Number(linesPerDocument), Number(runs));
} else {
  const [documents = '5000', linesPerDocument = '20', rounds = '5', runs = '3'] = process.argv.slice(2);
  const approaches = Object.keys(APPROACHES);
  const samples = Object.fromEntries(approaches.map((approach) => [approach, []]));
  for (let round = 0; round < Number(rounds); round += 1) {
    const order = approaches.map((_, index) => approaches[(index + round) % approaches.length]);
    for (const approach of order) {
      samples[approach].push(await runChild(new URL(import.meta.url), ['--child', approach, documents, linesPerDocument, runs]));
    }
  }
  const rows = approaches.map((approach) => {
    const rates = samples[approach].map((sample) => (sample.records / sample.ms) * 1000);
    return {
      approach,
      rate: median(rates),
      min: Math.min(...rates),
      max: Math.max(...rates),
      ms: median(samples[approach].map((sample) => sample.ms)),
      peakMiB: median(samples[approach].map((sample) => sample.peakMiB)),
      records: samples[approach][0].records,
    };
  });
  const [clone, copy, mapper] = rows;
  const ratio = (value, base) => `${(value / base).toFixed(2)}×`;
  console.log(`export: ${documents} documents × ${linesPerDocument} lines = ${mapper.records} records per run`);
  console.log(
    `\nMapping an incoming-invoice export: median of ${rounds} rounds (min–max), each a fresh process per approach ` +
      `timing ${runs} runs after a warm-up, order rotated`,
  );
  console.log(
    ['approach'.padEnd(28), 'records/s'.padStart(11), 'min–max'.padStart(21), '÷ clone'.padStart(8), '÷ copy'.padStart(7), 'peak RSS'.padStart(10), '÷ clone'.padStart(8)].join(' '),
  );
  for (const row of rows) {
    console.log(
      [
        row.approach.padEnd(28),
        Math.round(row.rate).toLocaleString('en-US').padStart(11),
        `${Math.round(row.min).toLocaleString('en-US')}–${Math.round(row.max).toLocaleString('en-US')}`.padStart(21),
        ratio(row.rate, clone.rate).padStart(8),
        ratio(row.rate, copy.rate).padStart(7),
        `${row.peakMiB.toFixed(0)} MiB`.padStart(10),
        ratio(row.peakMiB, clone.peakMiB).padStart(8),
      ].join(' '),
    );
  }
  console.log(
    `\nmapInvoices: ${mapper.ms.toFixed(0)} ms per export, ${(clone.rate / mapper.rate).toFixed(2)}× the time of structuredClone ` +
      `(mapInvoices ÷ structuredClone ${(mapper.rate / clone.rate).toFixed(2)}×).`,
  );
}
