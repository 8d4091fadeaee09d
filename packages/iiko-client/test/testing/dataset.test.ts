import { describe, expect, it } from 'vitest';
import { FakeIikoServer, type FakeInvoiceItem, generateFakeDataset, resolveFakeDataProblems, sha1Hex } from '@getinn/iiko-client/testing';

const NINE_DECIMALS = /^\d+\.\d{9}$/;

/** Exact decimal string → scaled BigInt (9 decimals), so the checks below use no floats either. */
const units = (decimal: string): bigint => BigInt(decimal.replace('.', ''));
const roundDiv = (n: bigint, d: bigint): bigint => (n * 2n + d) / (d * 2n);

function innIsValid(inn: string): boolean {
  const digits = [...inn].map(Number);
  const check = (weights: number[]): number => (weights.reduce((sum, w, i) => sum + w * (digits[i] ?? 0), 0) % 11) % 10;
  if (inn.length === 10) return check([2, 4, 10, 3, 5, 9, 4, 6, 8]) === digits[9];
  if (inn.length === 12) {
    return check([7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === digits[10] && check([3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) === digits[11];
  }
  return false;
}

describe('generateFakeDataset', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateFakeDataset({ seed: 42 })).toEqual(generateFakeDataset({ seed: 42 }));
    expect(generateFakeDataset({ seed: 42 })).not.toEqual(generateFakeDataset({ seed: 43 }));
    expect(new FakeIikoServer().data).toEqual(generateFakeDataset({ seed: 1 }));
  });

  it('sizes the data by its options and defaults', () => {
    const data = generateFakeDataset();
    expect(data.corporateItems.filter((i) => i.type === 'DEPARTMENT')).toHaveLength(3);
    expect(data.corporateItems.filter((i) => i.type === 'STORE')).toHaveLength(3 * 2 + 2); // plus the central store's and the production unit's
    expect(data.suppliers.filter((s) => s.supplier && !s.deleted)).toHaveLength(12);
    expect(data.incomingInvoices).toHaveLength(40);
    expect(data.incomingInvoices.every((d) => d.items.length === 5)).toBe(true);

    const ranged = generateFakeDataset({ restaurants: 1, storesPerRestaurant: 1, suppliers: 2, invoices: 30, linesPerInvoice: [1, 3] });
    expect(ranged.corporateItems.filter((i) => i.type === 'DEPARTMENT')).toHaveLength(1);
    expect(new Set(ranged.incomingInvoices.map((d) => d.items.length))).toEqual(new Set([1, 2, 3]));
  });

  it('builds CORPORATION → JURPERSON → DEPARTMENT → STORE plus a central store and a production unit with their stores', () => {
    const data = generateFakeDataset();
    const items = data.corporateItems;
    const byId = new Map(items.map((i) => [i.id, i]));
    const parentType = (id: string | undefined): string | undefined => byId.get(id ?? '')?.type;
    expect(items.filter((i) => i.type === 'DEPARTMENT').every((d) => parentType(d.parentId) === 'JURPERSON')).toBe(true);
    const storeParents = items.filter((i) => i.type === 'STORE').map((s) => parentType(s.parentId));
    expect(storeParents.filter((t) => t === 'JURPERSON')).toHaveLength(0);
    expect(storeParents.filter((t) => t === 'CENTRALSTORE')).toHaveLength(1);
    expect(storeParents.filter((t) => t === 'MANUFACTURE')).toHaveLength(1);
    // Both receive deliveries of their own.
    for (const owner of ['CENTRALSTORE', 'MANUFACTURE']) {
      const store = items.find((i) => i.type === 'STORE' && parentType(i.parentId) === owner)!;
      expect(data.incomingInvoices.some((d) => d.defaultStore === store.id)).toBe(true);
    }
    expect(data.dataProblems).toBeUndefined();
    expect(items.filter((i) => i.type === 'JURPERSON').every((j) => innIsValid(j.taxpayerIdNumber ?? ''))).toBe(true);
  });

  it('has a nomenclature consistent with the invoices: every line names a product and a unit it lists', () => {
    const data = generateFakeDataset({ invoices: 200 });
    const products = new Map(data.products!.map((p) => [p.id, p]));
    const units = new Set(data.measureUnits!.map((u) => u.id));
    const groups = new Set(data.productGroups!.map((g) => g.id));
    for (const line of data.incomingInvoices.flatMap((d) => d.items)) {
      const product = products.get(line.product)!;
      expect(product).toBeDefined();
      expect(product.num).toBe(line.productArticle);
      expect(product.mainUnit).toBe(line.amountUnit);
      expect(units.has(line.amountUnit!)).toBe(true);
      expect(groups.has(product.parent!)).toBe(true);
    }
    expect(data.products!.some((p) => p.deleted)).toBe(true);
    expect(new Set(data.measureUnits!.map((u) => u.name))).toEqual(new Set(['кг', 'л', 'шт']));
  });

  it('serves the nomenclature as JSON, deleted products only when asked for', async () => {
    const server = new FakeIikoServer();
    const token = await (await server.handle(new Request(`http://x/resto/api/auth?login=demo&pass=${sha1Hex('demo-password')}`))).text();
    const get = async (path: string): Promise<Response> => server.handle(new Request(`http://x${path}${path.includes('?') ? '&' : '?'}key=${token}`));
    const all = server.data.products!;
    const listed = (await (await get('/resto/api/v2/entities/products/list')).json()) as { id: string; parent: unknown }[];
    expect(listed).toHaveLength(all.filter((p) => !p.deleted).length);
    const withDeleted = await get('/resto/api/v2/entities/products/list?includeDeleted=true');
    expect(withDeleted.headers.get('content-type')).toMatch(/application\/json/);
    expect(((await withDeleted.json()) as unknown[]).length).toBe(all.length);
    const units = (await (await get('/resto/api/v2/entities/list?rootType=MeasureUnit')).json()) as { name: string }[];
    expect(units.map((u) => u.name).sort()).toEqual(['кг', 'л', 'шт']);
    expect(((await (await get('/resto/api/v2/entities/products/group/list')).json()) as unknown[]).length).toBe(server.data.productGroups!.length);
    expect((await get('/resto/api/v2/entities/list')).status).toBe(400);
  });

  it('plants one of each data problem on request, and resolveFakeDataProblems fixes what a back office would', () => {
    const data = generateFakeDataset({ dataProblems: true });
    const problems = data.dataProblems!;
    const byId = new Map(data.corporateItems.map((i) => [i.id, i]));
    expect(byId.get(byId.get(problems.orphanStoreId)!.parentId!)!.type).toBe('JURPERSON');
    expect(data.incomingInvoices.some((d) => d.defaultStore === problems.orphanStoreId)).toBe(true);
    const malformed = data.incomingInvoices.find((d) => d.id === problems.malformedInvoice.invoiceId)!;
    const line = malformed.items.find((item) => item.num === problems.malformedInvoice.num)!;
    expect(line.sum).toMatch(/,\d{2}$/);
    expect(data.suppliers.some((s) => s.id === problems.lateSupplier.supplier.id)).toBe(false);
    expect(data.incomingInvoices.find((d) => d.id === problems.lateSupplier.invoiceId)!.supplier).toBe(problems.lateSupplier.supplier.id);
    // The rest of the chain is the clean chain of the same seed.
    expect(data.suppliers).toEqual(generateFakeDataset().suppliers);

    resolveFakeDataProblems(data);
    resolveFakeDataProblems(data);
    expect(line.sum).toBe(problems.malformedInvoice.sum);
    expect(data.suppliers.filter((s) => s.id === problems.lateSupplier.supplier.id)).toHaveLength(1);
  });

  it('gives suppliers Cyrillic names with characters XML must escape, valid ИНН and mixed optional fields', () => {
    const suppliers = generateFakeDataset().suppliers;
    const names = suppliers.map((s) => s.name);
    expect(names).toContain('ООО «Молочная ферма»');
    expect(names).toContain('ИП Иванов А. П.');
    for (const ch of ['&', '"', "'", '<', '>']) expect(names.some((n) => n.includes(ch))).toBe(true);
    const inns = suppliers.map((s) => s.taxpayerIdNumber).filter((inn): inn is string => inn !== undefined && inn !== '');
    expect(inns.length).toBeGreaterThan(6);
    expect(inns.every(innIsValid)).toBe(true);
    expect(inns.some((inn) => inn.length === 12)).toBe(true);
    expect(suppliers.some((s) => s.phone === '')).toBe(true);
    expect(suppliers.some((s) => s.phone === undefined)).toBe(true);
    expect(suppliers.some((s) => s.phone?.startsWith('+7 ('))).toBe(true);
    expect(suppliers.some((s) => s.email?.endsWith('.ru'))).toBe(true);
    expect(suppliers.some((s) => s.deleted)).toBe(true);
    expect(suppliers.some((s) => !s.supplier && s.employee)).toBe(true);
  });

  it('writes every money and quantity field with 9 decimals and exact sums', () => {
    const lines = generateFakeDataset({ invoices: 200 }).incomingInvoices.flatMap((d) => d.items);
    const money: Array<keyof FakeInvoiceItem> = ['amount', 'actualAmount', 'price', 'priceWithoutVat', 'sum', 'discountSum', 'vatPercent', 'vatSum'];
    for (const line of lines) {
      for (const field of money) {
        const value = line[field];
        if (value !== undefined) expect(value).toMatch(NINE_DECIMALS);
      }
      const amount = units(line.amount);
      const price = units(line.price);
      const sum = units(line.sum);
      if (line.containerId === undefined) {
        // sum = amount × price rounded to kopecks
        expect(sum).toBe(roundDiv(amount * price, 10n ** 16n) * 10n ** 7n);
      } else {
        // price is per pack: sum is a whole number of packs times the price, not amount × price
        expect(sum % price).toBe(0n);
        const packs = sum / price;
        expect(amount % packs).toBe(0n);
        expect(sum).not.toBe(amount * price / 10n ** 9n);
      }
    }
    expect(lines.some((l) => l.containerId !== undefined)).toBe(true);
  });

  it('varies the optional invoice fields the way real exports do', () => {
    const invoices = generateFakeDataset().incomingInvoices;
    const statuses = new Set(invoices.map((d) => d.status));
    expect(statuses).toEqual(new Set(['NEW', 'PROCESSED', 'DELETED']));
    expect(invoices.some((d) => d.incomingDocumentNumber === undefined)).toBe(true);
    expect(invoices.some((d) => d.incomingDate === undefined)).toBe(true);
    expect(invoices.some((d) => d.dueDate === 'null')).toBe(true);
    expect(invoices.some((d) => d.dueDate === undefined)).toBe(true);
    expect(invoices.some((d) => d.invoice === '')).toBe(true);
    expect(invoices.some((d) => d.dateIncoming.endsWith('+03:00'))).toBe(true);
    expect(invoices.every((d) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\+03:00)?$/.test(d.dateIncoming))).toBe(true);
    const days = invoices.map((d) => d.dateIncoming.slice(0, 10));
    expect(days).toEqual([...days].sort());
    expect(days[0]).toBe('2026-07-01');
    expect(days.every((day) => day >= '2026-07-01' && day <= '2026-09-30')).toBe(true);
  });

  it('points invoices at existing suppliers and stores', () => {
    const data = generateFakeDataset();
    const suppliers = new Set(data.suppliers.map((s) => s.id));
    const stores = new Set(data.corporateItems.filter((i) => i.type === 'STORE').map((i) => i.id));
    for (const d of data.incomingInvoices) {
      expect(suppliers.has(d.supplier)).toBe(true);
      expect(stores.has(d.defaultStore)).toBe(true);
      expect(d.items.every((i) => stores.has(i.store))).toBe(true);
    }
  });

  it('rejects impossible options', () => {
    expect(() => generateFakeDataset({ invoices: -1 })).toThrow(RangeError);
    expect(() => generateFakeDataset({ linesPerInvoice: [3, 1] })).toThrow(RangeError);
    expect(() => generateFakeDataset({ from: '2026-13-01' })).toThrow(RangeError);
    expect(() => generateFakeDataset({ from: '2026-09-01', to: '2026-08-01' })).toThrow(RangeError);
  });
});
