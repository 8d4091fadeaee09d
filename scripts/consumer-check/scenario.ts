/**
 * What an integrator's first program does with the packed SDK: read the fake iikoServer, map the reads,
 * seal and open credentials, and sync an account into SQLite. Compiled unchanged as ESM (node16 and
 * bundler resolution), as CommonJS and inside a Jest test, with `strict`, `exactOptionalPropertyTypes`,
 * `noUncheckedIndexedAccess` and `skipLibCheck: false`.
 *
 * The `maybe*` values are typed `T | undefined` on purpose: an optional input must accept them.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createCredentialVault, createKeyring, createMemoryCredentialStore, decryptCredentials, encryptCredentials } from '@getinn/credential-crypto';
import { IikoClient, type IikoClientOptions } from '@getinn/iiko-client';
import { startFakeIikoServer, type FakeIikoServerOptions } from '@getinn/iiko-client/testing';
import { mapInvoices, mapRestaurants, mapStores, mapSuppliers } from '@getinn/iiko-mappers';
import { createIikoSync, type RunOptions } from '@getinn/iiko-sync';
import { createSqliteSyncStore } from '@getinn/iiko-sync/sqlite';

const FROM = '2026-09-01';
const TO = '2026-09-30';

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`consumer scenario: ${what}`);
}

/** Runs the scenario in `workDir` and returns one line per step. */
export async function runScenario(workDir: string): Promise<string[]> {
  const lines: string[] = [];
  const maybeString: string | undefined = process.env['GETINN_CONSUMER_UNSET'];
  const maybeNumber: number | undefined = undefined;
  const maybeSignal: AbortSignal | undefined = undefined;

  const fakeOptions: FakeIikoServerOptions = {
    seed: 7,
    password: maybeString,
    licenceSlots: maybeNumber,
    dataset: { restaurants: 2, storesPerRestaurant: 2, suppliers: 6, invoices: 8, linesPerInvoice: 2, from: FROM, to: TO, dataProblems: false },
  };
  const fake = await startFakeIikoServer(fakeOptions);
  try {
    const clientOptions: IikoClientOptions = {
      baseUrl: fake.url,
      login: fake.server.login,
      password: fake.server.password,
      passwordSha1: maybeString,
      logger: undefined,
      timeoutMs: maybeNumber,
      retry: { retries: maybeNumber, minDelayMs: 10 },
    };
    const client = new IikoClient(clientOptions);
    try {
      const tree = await client.departments({ signal: maybeSignal, revisionFrom: maybeNumber });
      const stores = await client.stores({ signal: maybeSignal });
      const suppliers = await client.suppliers();
      const invoices = await client.incomingInvoices({ from: FROM, to: TO, supplierIds: undefined }, { signal: maybeSignal });
      const restaurants = mapRestaurants(tree);
      const mappedStores = mapStores(stores, tree);
      const mappedSuppliers = mapSuppliers(suppliers);
      const mappedInvoices = mapInvoices(invoices, { currency: 'RUB' });
      const first = mappedInvoices.items[0];
      check(restaurants.items.length > 0 && mappedStores.items.length > 0, 'no restaurants or stores mapped');
      check(mappedSuppliers.items.length > 0 && first !== undefined, 'no suppliers or invoices mapped');
      lines.push(
        `read and mapped ${restaurants.items.length} restaurants, ${mappedStores.items.length} stores, ` +
          `${mappedSuppliers.items.length} suppliers, ${mappedInvoices.items.length} invoices (first total ${first?.totalAmount ?? '-'})`,
      );
    } finally {
      await client.close();
    }

    const keyring = createKeyring({ keys: { 'k2026-11': randomBytes(32) }, primaryKeyId: 'k2026-11' });
    const context = { accountId: 'account-1', integrationType: 'iiko' };
    const envelope = encryptCredentials(keyring, { login: fake.server.login, password: fake.server.password }, context);
    const opened = decryptCredentials<{ login: string; password: string }>(keyring, JSON.stringify(envelope), context);
    check(opened.password === fake.server.password, 'the envelope did not open to what was sealed');
    lines.push(`sealed and opened an envelope under key ${envelope.kid}`);

    const vault = createCredentialVault({ keyring, store: createMemoryCredentialStore(), audit: undefined });
    await vault.put('account-1', 'iiko', { login: fake.server.login, password: fake.server.password }, { baseUrl: fake.url, actor: maybeString });

    const store = createSqliteSyncStore({ filename: join(workDir, 'sync.sqlite'), busyTimeoutMs: maybeNumber });
    try {
      const sync = createIikoSync({ store, credentials: vault, currency: 'RUB', logger: undefined, clientOptions: { retry: { minDelayMs: 10 } } });
      const connection = await sync.testConnection('account-1', { signal: maybeSignal });
      check(connection.isConnected, `testConnection failed: ${JSON.stringify(connection)}`);
      const runOptions: RunOptions = { invoices: { from: FROM, to: TO }, signal: maybeSignal, onProgress: undefined };
      const report = await sync.run('account-1', runOptions);
      check(report.status === 'success' || report.status === 'partial', `sync ended ${report.status}: ${JSON.stringify(report.error)}`);
      const row = store.database.prepare('select count(*) as n from sync_records').get() as { n: number } | undefined;
      check((row?.n ?? 0) > 0, 'nothing landed in SQLite');
      lines.push(`synced into SQLite: ${report.status}, ${report.totals.created} created, ${row?.n ?? 0} rows`);
    } finally {
      store.close();
    }
  } finally {
    await fake.close();
  }
  return lines;
}
