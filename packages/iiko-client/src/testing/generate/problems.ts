import type { FakeDataProblems, FakeIikoData, FakeIncomingInvoice } from '../data-types';
import type { Rng } from '../prng';
import { supplierRecord } from './suppliers';

/**
 * Plants the data problems of `dataProblems: true` into generated invoices, one of each (see
 * {@link FakeDataProblems}): an invoice received into the orphan store, a line whose `sum` is written the
 * way a spreadsheet would (`1 440,00`, which iiko's own export never does but a broken one can), and an
 * invoice from a supplier the supplier list does not have yet. Needs at least three invoices; with fewer,
 * no problem is planted and `undefined` is returned.
 */
export function plantDataProblems(
  extra: Rng,
  invoices: FakeIncomingInvoice[],
  orphanStoreId: string,
  supplierCount: number,
): FakeDataProblems | undefined {
  if (invoices.length < 3) return undefined;
  const [orphaned, malformed, late] = [invoices[0]!, invoices[Math.floor(invoices.length / 2)]!, invoices.at(-1)!];
  moveTo(orphaned, orphanStoreId);

  const line = malformed.items[0]!;
  const sum = line.sum;
  line.sum = sum.replace(/\.(\d{2})\d*$/, ',$1').replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  if (line.sum === sum) line.sum = `${sum},`;

  const supplier = supplierRecord(extra, supplierCount + 10, { name: 'ООО «Новый поставщик»', kind: 'org' });
  late.supplier = supplier.id;
  return {
    orphanStoreId,
    malformedInvoice: { invoiceId: malformed.id, num: line.num, sum },
    lateSupplier: { invoiceId: late.id, supplier },
  };
}

/** Points a document and its lines at another store. */
export function moveTo(document: FakeIncomingInvoice, storeId: string): void {
  document.defaultStore = storeId;
  for (const item of document.items) item.store = storeId;
}

/**
 * Fixes the data problems of a chain generated with `dataProblems: true`, as the back office would: the
 * malformed line gets its decimal sum back and the late supplier joins the supplier list. The orphan store
 * stays (its owner is a matter for iiko's corporate settings, not for the data). Does nothing on a clean
 * chain; safe to call twice.
 *
 * @example
 * ```ts
 * const first = await sync.run(accountId);   // the malformed invoice and the late supplier's invoice wait
 * resolveFakeDataProblems(fake.server.data);
 * const second = await sync.run(accountId);  // both land
 * ```
 */
export function resolveFakeDataProblems(data: FakeIikoData): void {
  const problems = data.dataProblems;
  if (problems === undefined) return;
  const { invoiceId, num, sum } = problems.malformedInvoice;
  const line = data.incomingInvoices.find((document) => document.id === invoiceId)?.items.find((item) => item.num === num);
  if (line !== undefined) line.sum = sum;
  const { supplier } = problems.lateSupplier;
  if (!data.suppliers.some((known) => known.id === supplier.id)) data.suppliers.push({ ...supplier });
}
