/**
 * Reading the SQLite sync store back: what a host's admin page or a support engineer looks at to answer
 * "why is this invoice missing?" — the synced restaurants, stores, suppliers and invoices, and the latest
 * sync log entries with their issues.
 *
 * It opens the file `pnpm demo` wrote (run that first).
 *
 * Run: pnpm tsx examples/read-sqlite-store.ts [--db .demo/getinn-iiko.sqlite] [--account demo-account] [--logs 8]
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Invoice, Restaurant, Store, Supplier } from '@getinn/iiko-mappers';
import { createSqliteSyncStore } from '@getinn/iiko-sync/sqlite';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: '.demo/getinn-iiko.sqlite' },
    account: { type: 'string', default: 'demo-account' },
    logs: { type: 'string', default: '8' },
  },
});

if (!existsSync(args.db)) {
  console.error(`${args.db} does not exist yet: run \`pnpm demo\` first (or pass --db).`);
  process.exit(1);
}

// WAL mode lets this reader open the file while a sync is writing to it.
const store = createSqliteSyncStore({ filename: args.db });
try {
  const restaurants = await store.list<Restaurant>(args.account, 'restaurants');
  const stores = await store.list<Store>(args.account, 'stores');
  const suppliers = await store.list<Supplier>(args.account, 'suppliers');
  const invoices = await store.list<Invoice>(args.account, 'invoices');
  console.log(`account ${args.account} in ${args.db}`);
  console.log(`  ${restaurants.length} restaurants, ${stores.length} stores, ${suppliers.length} suppliers, ${invoices.length} invoices\n`);

  console.log('restaurants and their stores');
  for (const { data: restaurant } of restaurants) {
    const names = stores.filter((store) => store.data.restaurantExternalId === restaurant.externalId).map((store) => store.data.name);
    console.log(`  ${restaurant.name} — ${names.join(', ') || 'no stores'}`);
  }

  const active = suppliers.filter((supplier) => supplier.data.isActive).length;
  console.log(`\nsuppliers: ${active} active, ${suppliers.length - active} deleted in iiko (kept: old invoices point at them)`);
  for (const { data: supplier } of suppliers.slice(0, 5)) {
    console.log(`  ${supplier.name}${supplier.contactInfo.taxpayerIdNumber ? ` (ИНН ${supplier.contactInfo.taxpayerIdNumber})` : ''}`);
  }

  const supplierName = new Map(suppliers.map((supplier) => [supplier.externalId, supplier.data.name]));
  const latest = invoices.map((invoice) => invoice.data).sort((a, b) => b.invoiceDate.localeCompare(a.invoiceDate));
  console.log('\nlatest invoices');
  for (const invoice of latest.slice(0, 5)) {
    console.log(
      `  ${invoice.invoiceDate}  №${invoice.invoiceNumber.padEnd(12)} ${invoice.totalAmount.padStart(18)} ${invoice.currency}  ${invoice.status.padEnd(9)} ${supplierName.get(invoice.supplierExternalId) ?? invoice.supplierExternalId} (${invoice.items.length} lines)`,
    );
  }

  const logs = await store.listLogs(args.account, { limit: Number(args.logs) });
  console.log('\nlatest sync log entries');
  for (const entry of logs) {
    const counts = `fetched ${entry.fetched}, created ${entry.created}, updated ${entry.updated}, unchanged ${entry.unchanged}, failed ${entry.failed}`;
    console.log(`  ${entry.finishedAt}  ${entry.entityType.padEnd(11)} ${entry.status.padEnd(8)} ${counts}`);
    if (entry.error) console.log(`      error [${entry.errorCode}]: ${entry.error}`);
    for (const issue of entry.issues.slice(0, 2)) console.log(`      ${issue.severity} ${issue.code} ${issue.externalId ?? ''}: ${issue.message}`);
    if (entry.issueCount > 2) console.log(`      … ${entry.issueCount - 2} more issues`);
  }
} finally {
  store.close();
}
