import type { FakeIncomingInvoice, FakeInvoiceItem, FakeInvoiceStatus } from '../data-types';
import { divRound, formatScaled } from '../decimal';
import type { Rng } from '../prng';
import { COMMENTS, UNITS } from './pools';

/** A catalogue product; lines draw from a fixed catalogue so articles repeat across documents. */
export interface Product {
  readonly id: string;
  readonly article: string;
  readonly unit: (typeof UNITS)[number];
  /** Price per base unit in kopecks. */
  readonly priceCents: number;
  readonly vatPercent: 0 | 10 | 20;
  /** Sold in packs of `size` base units, priced per pack. */
  readonly pack?: { readonly containerId: string; readonly size: number };
}

/** What invoice generation needs from the rest of the dataset. */
export interface InvoicePlan {
  readonly count: number;
  readonly lines: readonly [min: number, max: number];
  /** First and last booking day, epoch milliseconds at UTC midnight. */
  readonly fromDay: number;
  readonly toDay: number;
  readonly restaurantStores: readonly string[];
  readonly centralStore: string;
  /** Suppliers invoices are mostly from. */
  readonly activeSuppliers: readonly string[];
  /** Deleted suppliers keep a few old invoices. */
  readonly deletedSuppliers: readonly string[];
  /** The catalogue, drawn from the same stream just before the invoices; drawn here when absent. */
  readonly products?: readonly Product[];
}

const DAY_MS = 86_400_000;
const PRODUCT_COUNT = 150;
const ZERO = '0.000000000';

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const two = (n: number): string => String(n).padStart(2, '0');

/** The product catalogue invoice lines draw from (and the nomenclature is made of). */
export function catalogue(rng: Rng): Product[] {
  const products: Product[] = [];
  for (let i = 0; i < PRODUCT_COUNT; i++) {
    const unit = rng.pick(UNITS);
    const product: Product = {
      id: rng.uuid(),
      article: String(100 + i * 3).padStart(5, '0'),
      unit,
      priceCents: unit.fractional ? rng.int(2_500, 250_000) : rng.int(1_500, 60_000),
      vatPercent: rng.pick([0, 10, 10, 20] as const),
      ...(rng.chance(0.15) ? { pack: { containerId: rng.uuid(), size: rng.pick([6, 10, 12, 19, 24]) } } : {}),
    };
    products.push(product);
  }
  return products;
}

/**
 * One line. Plain lines: `sum = round(amount × price, 2)`. Pack lines (with `containerId`): `amount` is
 * packs × pack size in base units, `price` is per pack and `sum = packs × price` — so `sum ≠ amount × price`,
 * as in the vendor sample (152 units, 180 per pack, 1440). All maths on scaled BigInts: exact strings.
 */
function line(rng: Rng, product: Product, num: number, store: string): FakeInvoiceItem {
  let amountMilli: bigint;
  let priceCents: bigint;
  let sumCents: bigint;
  const packed = product.pack !== undefined && rng.chance(0.7);
  if (packed && product.pack !== undefined) {
    const packs = BigInt(rng.int(1, 10));
    amountMilli = packs * BigInt(product.pack.size) * 1000n;
    priceCents = BigInt(Math.round((product.priceCents * product.pack.size * rng.int(85, 100)) / 100));
    sumCents = packs * priceCents;
  } else {
    amountMilli = BigInt(product.unit.fractional ? rng.int(50, 30_000) : rng.int(1, 60) * 1000);
    priceCents = BigInt(Math.round((product.priceCents * rng.int(90, 110)) / 100));
    sumCents = divRound(amountMilli * priceCents, 1000n);
  }
  const vat = BigInt(product.vatPercent);
  const amount = formatScaled(amountMilli, 3);
  const item: FakeInvoiceItem = {
    num,
    product: product.id,
    productArticle: product.article,
    amount,
    amountUnit: product.unit.id,
    price: formatScaled(priceCents, 2),
    sum: formatScaled(sumCents, 2),
    discountSum: ZERO,
    vatPercent: formatScaled(vat, 0),
    vatSum: formatScaled(divRound(sumCents * vat, 100n + vat), 2),
    store,
    code: product.article,
  };
  if (rng.chance(0.95)) item.actualAmount = amount;
  if (packed && product.pack !== undefined) item.containerId = product.pack.containerId;
  if (rng.chance(0.3)) item.priceWithoutVat = formatScaled(divRound(priceCents * 100n, 100n + vat), 2);
  if (rng.chance(0.1)) item.supplierProduct = rng.uuid();
  return item;
}

function status(rng: Rng): FakeInvoiceStatus {
  const roll = rng.next();
  return roll < 0.07 ? 'DELETED' : roll < 0.2 ? 'NEW' : 'PROCESSED';
}

function supplierNumber(rng: Rng, day: string): string {
  return rng.pick([String(rng.int(1_000, 99_999)), `УТ-${rng.digits(6)}`, `${rng.int(1, 999)}/${day.slice(2, 4)}`]);
}

/**
 * Invoices spread evenly over the date range, sorted by booking time, with the optional fields varying the
 * way real exports do: missing supplier numbers and dates, `dueDate` absent or the literal `null`,
 * `<invoice/>`, offsets on some `dateIncoming`, and a few `DELETED` and `NEW` documents.
 */
export function generateInvoices(rng: Rng, plan: InvoicePlan): FakeIncomingInvoice[] {
  const products = plan.products ?? catalogue(rng);
  const conceptions = [rng.uuid(), rng.uuid()];
  const days = Math.round((plan.toDay - plan.fromDay) / DAY_MS) + 1;
  const invoices: FakeIncomingInvoice[] = [];
  for (let i = 0; i < plan.count; i++) {
    const dayMs = plan.fromDay + Math.floor((i * days) / plan.count) * DAY_MS;
    const day = isoDay(dayMs);
    const time = `${two(rng.int(7, 21))}:${two(rng.int(0, 59))}:${two(rng.int(0, 59))}`;
    const fromDeleted = plan.deletedSuppliers.length > 0 && rng.chance(0.03);
    const store = rng.chance(0.9) ? rng.pick(plan.restaurantStores) : plan.centralStore;
    const document: FakeIncomingInvoice = {
      id: rng.uuid(),
      documentNumber: String(1_000 + i + 1),
      dateIncoming: `${day}T${time}${rng.chance(0.25) ? '+03:00' : ''}`,
      useDefaultDocumentTime: rng.chance(0.1),
      supplier: rng.pick(fromDeleted ? plan.deletedSuppliers : plan.activeSuppliers),
      defaultStore: store,
      status: status(rng),
      items: [],
    };
    if (rng.chance(0.85)) document.incomingDocumentNumber = supplierNumber(rng, day);
    if (rng.chance(0.85)) document.incomingDate = `${isoDay(dayMs - rng.int(0, 2) * DAY_MS)}T${rng.pick(['00:00:00', '08:00:00'])}`;
    const due = rng.next();
    if (due < 0.5) document.dueDate = `${isoDay(dayMs + rng.int(7, 30) * DAY_MS)}T00:00:00`;
    else if (due < 0.65) document.dueDate = 'null';
    const invoice = rng.next();
    if (invoice < 0.8) document.invoice = '';
    else if (invoice < 0.9) document.invoice = `СФ-${rng.digits(5)}`;
    const comment = rng.next();
    if (comment < 0.2) document.comment = '';
    else if (comment < 0.6) document.comment = rng.pick(COMMENTS);
    if (rng.chance(0.3)) document.conception = rng.pick(conceptions);
    const count = rng.int(plan.lines[0], plan.lines[1]);
    const nums = Array.from({ length: count }, (_, n) => n + 1);
    if (rng.chance(0.3)) nums.reverse();
    for (const num of nums) document.items.push(line(rng, rng.pick(products), num, store));
    invoices.push(document);
  }
  guaranteeStatus(invoices, 'DELETED', 3);
  guaranteeStatus(invoices, 'NEW', 5);
  invoices.sort((a, b) => (a.dateIncoming.slice(0, 19) < b.dateIncoming.slice(0, 19) ? -1 : a.dateIncoming.slice(0, 19) > b.dateIncoming.slice(0, 19) ? 1 : 0));
  return invoices;
}

/** Small datasets still get one document in `status`, so every test dataset exercises it. */
function guaranteeStatus(invoices: FakeIncomingInvoice[], wanted: FakeInvoiceStatus, index: number): void {
  if (invoices.length > index && !invoices.some((document) => document.status === wanted)) {
    const document = invoices[index];
    if (document !== undefined) document.status = wanted;
  }
}
