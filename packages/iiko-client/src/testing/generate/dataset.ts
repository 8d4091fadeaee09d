import { DEFAULT_SEED } from '../constants';
import type { FakeIikoData } from '../data-types';
import { isIsoDate } from '../endpoints/validate';
import type { FakeDatasetOptions } from '../options';
import { createRng } from '../prng';
import { generateCorporation } from './corporate';
import { catalogue, generateInvoices } from './invoices';
import { generateNomenclature } from './nomenclature';
import { moveTo, plantDataProblems } from './problems';
import { generateSuppliers } from './suppliers';

/** Defaults of {@link FakeDatasetOptions}, in one place. */
export const DATASET_DEFAULTS = {
  restaurants: 3,
  storesPerRestaurant: 2,
  suppliers: 12,
  invoices: 40,
  linesPerInvoice: 5,
  from: '2026-07-01',
  to: '2026-09-30',
} as const;

function count(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${name} must be an integer >= ${min}, got ${value}`);
  return value;
}

function dayMs(name: string, value: string): number {
  if (!isIsoDate(value)) throw new RangeError(`${name} must be a YYYY-MM-DD date, got ${value}`);
  return Date.parse(`${value}T00:00:00Z`);
}

/**
 * Generates a realistic, deterministic iiko back office: a corporate tree with Cyrillic names, suppliers
 * with Russian phones, e-mails, addresses and valid ИНН, and incoming invoices with exact 9-decimal money,
 * pack-priced lines and every optional-field variant real exports show. The same options and seed always
 * give the same data, so tests can assert on it and benchmarks compare like with like.
 *
 * Fast enough for benchmarks: 5,000 invoices × 20 lines take well under a second or two.
 *
 * @example
 * ```ts
 * const data = generateFakeDataset({ seed: 7, invoices: 5_000, linesPerInvoice: 20 });
 * const server = new FakeIikoServer({ dataset: data });
 * ```
 */
export function generateFakeDataset(options: FakeDatasetOptions & { seed?: number } = {}): FakeIikoData {
  const restaurants = count('restaurants', options.restaurants ?? DATASET_DEFAULTS.restaurants, 1);
  const storesPerRestaurant = count('storesPerRestaurant', options.storesPerRestaurant ?? DATASET_DEFAULTS.storesPerRestaurant, 1);
  const supplierCount = count('suppliers', options.suppliers ?? DATASET_DEFAULTS.suppliers, 1);
  const invoiceCount = count('invoices', options.invoices ?? DATASET_DEFAULTS.invoices, 0);
  const lines = options.linesPerInvoice ?? DATASET_DEFAULTS.linesPerInvoice;
  const [minLines, maxLines] = typeof lines === 'number' ? [lines, lines] : lines;
  count('linesPerInvoice', minLines, 1);
  if (count('linesPerInvoice', maxLines, 1) < minLines) throw new RangeError('linesPerInvoice range must be [min, max] with min <= max');
  const fromDay = dayMs('from', options.from ?? DATASET_DEFAULTS.from);
  const toDay = dayMs('to', options.to ?? DATASET_DEFAULTS.to);
  if (fromDay > toDay) throw new RangeError('from must not be after to');

  const seed = options.seed ?? DEFAULT_SEED;
  const rng = createRng(seed);
  // Everything added to the chain after the generator's first version draws from its own stream, so a
  // seed's suppliers, invoices and amounts stay what they were.
  const extra = createRng(seed ^ 0x5eed_f00d);
  const dataProblems = options.dataProblems ?? false;
  const corporation = generateCorporation(rng, restaurants, storesPerRestaurant, extra, dataProblems);
  const suppliers = generateSuppliers(rng, supplierCount);
  const products = catalogue(rng);
  const incomingInvoices = generateInvoices(rng, {
    products,
    count: invoiceCount,
    lines: [minLines, maxLines],
    fromDay,
    toDay,
    restaurantStores: corporation.restaurantStores,
    centralStore: corporation.centralStore,
    activeSuppliers: suppliers.filter((s) => s.supplier && !s.deleted).map((s) => s.id),
    deletedSuppliers: suppliers.filter((s) => s.supplier && s.deleted).map((s) => s.id),
  });
  // The central store's deliveries are shared with the production unit: every second one goes there.
  incomingInvoices
    .filter((document) => document.defaultStore === corporation.centralStore)
    .forEach((document, index) => {
      if (index % 2 === 1) moveTo(document, corporation.productionStore);
    });
  // Small datasets still give each of them a delivery, so every test chain exercises both.
  for (const [position, store] of [[1, corporation.centralStore], [2, corporation.productionStore]] as const) {
    const document = incomingInvoices[position];
    if (document !== undefined && !incomingInvoices.some((d) => d.defaultStore === store)) moveTo(document, store);
  }
  const data: FakeIikoData = { corporateItems: corporation.items, suppliers, incomingInvoices, ...generateNomenclature(extra, products) };
  if (dataProblems && corporation.orphanStore !== undefined) {
    const problems = plantDataProblems(extra, incomingInvoices, corporation.orphanStore, supplierCount);
    if (problems !== undefined) data.dataProblems = problems;
  }
  return data;
}
