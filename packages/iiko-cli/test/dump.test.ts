/**
 * `getinn-iiko dump`, run as a child process against the fake iikoServer over loopback: every format,
 * mapped and raw records, invoices read window by window, mapping issues, and usage errors.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeIikoServer, type RunningFakeIikoServer } from '@getinn/iiko-client/testing';
import { buildCli, cleanEnv, root, run, type BuiltCli } from './support/cli';

let cli: BuiltCli;
let fake: RunningFakeIikoServer;
let env: Record<string, string>;
beforeAll(async () => {
  cli = await buildCli();
  fake = await startFakeIikoServer({
    dataset: { restaurants: 2, storesPerRestaurant: 2, suppliers: 5, invoices: 30, linesPerInvoice: [1, 3], from: '2026-09-01', to: '2026-10-31' },
  });
  env = { IIKO_BASE_URL: fake.url, IIKO_LOGIN: fake.server.login, IIKO_PASSWORD: fake.server.password, IIKO_CURRENCY: 'RUB' };
});
afterAll(async () => {
  cli?.dispose();
  await fake?.close();
});

const suppliers = (): number => fake.server.data.suppliers.filter((supplier) => supplier.supplier).length;

describe('getinn-iiko dump', () => {
  it('--format ndjson writes one GET INN record per line (the default when not on a terminal)', async () => {
    const result = await run(cli, ['dump', 'suppliers'], { env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const records = result.stdout.trimEnd().split('\n').map((text) => JSON.parse(text) as { name: string; externalSystemType: string });
    expect(records).toHaveLength(suppliers());
    expect(records.every((record) => record.externalSystemType === 'iiko')).toBe(true);
  });

  it('--format json writes one JSON array', async () => {
    const result = await run(cli, ['dump', 'stores', '--format', 'json'], { env });
    expect(result.code).toBe(0);
    const stores = JSON.parse(result.stdout) as { restaurantExternalId: string | null }[];
    expect(stores).toHaveLength(fake.server.data.corporateItems.filter((item) => item.type === 'STORE').length);
    expect(stores.every((store) => typeof store.restaurantExternalId === 'string')).toBe(true);
  });

  it('--format csv writes a header and one RFC 4180 row per record, nested values as JSON', async () => {
    const result = await run(cli, ['dump', 'suppliers', '--format', 'csv'], { env });
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\r\n').filter((text) => text !== '');
    expect(lines[0]).toMatch(/^name,contactInfo,isActive,.*externalId,externalSystemType,externalMetadata$/);
    expect(lines).toHaveLength(suppliers() + 1);
    // The fixed suppliers of the fake carry quotes and commas: quoted, quotes doubled.
    expect(result.stdout).toMatch(/"\{""[a-zA-Z]+"":/);
  });

  it('--format table prints aligned columns and a record count', async () => {
    const result = await run(cli, ['dump', 'departments', '--format', 'table'], { env });
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^name\s+kind\s+/);
    expect(lines[1]).toMatch(/^─+  ─+/);
    expect(lines.at(-1)).toMatch(/^\d+ records$/);
  });

  it('--raw prints iiko objects as the client returns them, with iiko field names', async () => {
    const result = await run(cli, ['dump', 'departments', '--raw', '--format', 'json'], { env });
    expect(result.code).toBe(0);
    const tree = JSON.parse(result.stdout) as { id: string; type: string }[];
    expect(tree).toHaveLength(fake.server.data.corporateItems.length);
    expect(tree.map((item) => item.type)).toContain('CORPORATION');
  });

  it('dumps products as GET INN inventory items with their unit and group names', async () => {
    const result = await run(cli, ['dump', 'products', '--format', 'json'], { env });
    expect(result.code).toBe(0);
    const items = JSON.parse(result.stdout) as { name: string; unitName: string | null; groupName: string | null }[];
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((item) => item.name !== '' && item.unitName !== null)).toBe(true);
  });

  it('reads invoices window by window (7 days each) and writes each window as it arrives', async () => {
    const result = await run(cli, ['dump', 'invoices', '--from', '2026-09-01', '--to', '2026-10-31', '--raw'], { env: { ...env, IIKO_CURRENCY: '' } });
    expect(result.code).toBe(0);
    const ids = result.stdout.trimEnd().split('\n').map((text) => (JSON.parse(text) as { id: string }).id);
    expect(new Set(ids).size).toBe(fake.server.data.incomingInvoices.length);
    const exports = fake.server.requests.filter((request) => request.path === '/resto/api/documents/export/incomingInvoice');
    expect(exports.slice(-9).map((request) => [request.query['from'], request.query['to']])).toEqual([
      ['2026-09-01', '2026-09-07'],
      ['2026-09-08', '2026-09-14'],
      ['2026-09-15', '2026-09-21'],
      ['2026-09-22', '2026-09-28'],
      ['2026-09-29', '2026-10-05'],
      ['2026-10-06', '2026-10-12'],
      ['2026-10-13', '2026-10-19'],
      ['2026-10-20', '2026-10-26'],
      ['2026-10-27', '2026-10-31'],
    ]);
  });

  it('maps invoices in the given currency; a record the mappers leave out is reported on stderr and exits 6', async () => {
    const invoice = fake.server.data.incomingInvoices[0]!;
    const saved = invoice.supplier;
    invoice.supplier = '';
    try {
      const result = await run(cli, ['dump', 'invoices', '--from', '2026-09-01', '--to', '2026-10-31', '--currency', 'KZT'], { env });
      expect(result.code).toBe(6);
      const records = result.stdout.trimEnd().split('\n').filter(Boolean).map((text) => JSON.parse(text) as { currency: string; externalId: string });
      expect(records.every((record) => record.currency === 'KZT')).toBe(true);
      // Lines are named from the nomenclature, as a sync stores them.
      const lines = records.flatMap((record) => (record as unknown as { items: { description: string; unit: string | null }[] }).items);
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.every((line) => !/^[0-9a-f-]{36}$/.test(line.description) && line.unit !== null && !/^[0-9a-f-]{36}$/.test(line.unit))).toBe(true);
      expect(records.map((record) => record.externalId)).not.toContain(invoice.id);
      expect(result.stderr).toMatch(/issues by code/);
      expect(result.stderr).toMatch(/1 × error MISSING_SUPPLIER — e\.g\. invoice [0-9a-f-]+: invoice has no supplier/);
    } finally {
      invoice.supplier = saved;
    }
  });

  it('stops cleanly when the reader goes away (`| head`): exit 0, no stack, the session logged out', async () => {
    const exports = (): number => fake.server.requests.filter((request) => request.path === '/resto/api/documents/export/incomingInvoice').length;
    const before = exports();
    const child = spawn(process.execPath, ['--import', 'tsx', cli.bin, 'dump', 'invoices', '--from', '2026-09-01', '--to', '2026-10-31', '--raw'], {
      cwd: root,
      env: cleanEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', () => {
      // The next window comes late, after the reader has gone.
      fake.server.injectFault({ kind: 'delay', ms: 500, path: '/resto/api/documents' });
      child.stdout.destroy();
    });
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(stderr).toBe('');
    expect(code).toBe(0);
    // It stopped reading: fewer than the nine weekly windows of the range were asked for.
    expect(exports() - before).toBeLessThan(9);
    expect(fake.server.activeSessions()).toBe(0);
  });

  it.concurrent.each([
    [['dump', 'invoices'], /dump invoices: give the booking days with --from and --to/],
    [['dump', 'suppliers', '--from', '2026-01-01', '--to', '2026-01-02'], /--from and --to are for invoices/],
    [['dump', 'invoices', '--from', '2026-02-30', '--to', '2026-03-01'], /--from: "2026-02-30" is not a YYYY-MM-DD date/],
    [['dump', 'invoices', '--from', '2026-03-02', '--to', '2026-03-01'], /--from 2026-03-02 is after --to 2026-03-01/],
    [['dump', 'orders'], /'orders' is invalid for argument 'entity'\. Allowed choices are departments, stores, suppliers, products, invoices/],
    [['dump', 'suppliers', '--format', 'xml'], /option '--format <format>' argument 'xml' is invalid/],
  ])('exits 2 on %j and says why', async (args, message) => {
    const result = await run(cli, args, { env });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
  });

  it('exits 2 when mapped invoices have no currency (iiko sends none, and there is no default)', async () => {
    const { IIKO_CURRENCY: _currency, ...withoutCurrency } = env;
    const result = await run(cli, ['dump', 'invoices', '--from', '2026-09-01', '--to', '2026-09-02'], { env: withoutCurrency });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/give the invoices' currency with --currency/);
  });

  it('dumps every active supplier’s price list as GET INN lines, exact, for the day asked', async () => {
    const result = await run(cli, ['dump', 'price-lists', '--date', '2026-10-31'], { env });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n').map((text) => JSON.parse(text) as { supplierExternalId: string; price: string; validFrom: string; isActive: boolean });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((line) => line.validFrom === '2026-10-31' && line.isActive && /^\d+\.\d{9}$/.test(line.price))).toBe(true);
    const requests = fake.server.requests.filter((request) => request.path.endsWith('/pricelist') && request.query['date'] === '31.10.2026');
    const active = fake.server.data.suppliers.filter((s) => s.supplier && !s.deleted && !s.representsStore && s.code);
    expect(requests.length).toBeGreaterThanOrEqual(active.length);
  });

  it('--supplier narrows price lists to those codes; --raw lines carry the code they were read for', async () => {
    const supplier = fake.server.data.suppliers.find((s) => s.code && fake.server.data.incomingInvoices.some((d) => d.supplier === s.id))!;
    const result = await run(cli, ['dump', 'price-lists', '--supplier', supplier.code!, '--date', '2026-10-31', '--raw'], { env });
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n').map((text) => JSON.parse(text) as { supplierCode: string; nativeProduct: string; costPrice: string });
    expect(lines.length).toBeGreaterThan(0);
    expect(new Set(lines.map((line) => line.supplierCode))).toEqual(new Set([supplier.code]));

    const unknown = await run(cli, ['dump', 'price-lists', '--supplier', 'no-such-code'], { env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no supplier has the code "no-such-code"/);
  });

  it('dumps stock balances at the moment asked, narrowed to stores, as csv', async () => {
    const store = fake.server.data.corporateItems.find((item) => item.type === 'STORE')!;
    const result = await run(cli, ['dump', 'stock-balances', '--at', '2026-10-31T23:59:59', '--store', store.id, '--format', 'csv'], { env });
    expect(result.code).toBe(0);
    const rows = result.stdout.split('\r\n').filter((text) => text !== '');
    expect(rows[0]).toMatch(/storeExternalId/);
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.slice(1).every((row) => row.includes(store.id) && row.includes('2026-10-31T23:59:59'))).toBe(true);
    const request = fake.server.requests.filter((r) => r.path === '/resto/api/v2/reports/balance/stores').at(-1)!;
    expect(request.query).toMatchObject({ timestamp: '2026-10-31T23:59:59', store: store.id });
  });

  it.each([
    [['dump', 'stock-balances', '--at', '2026-10-31'], /--at: "2026-10-31" is not a YYYY-MM-DDTHH:mm:ss time/],
    [['dump', 'price-lists', '--date', '31.10.2026'], /--date: "31.10.2026" is not a YYYY-MM-DD date/],
    [['dump', 'suppliers', '--supplier', '1'], /dump suppliers: --supplier is for price-lists/],
    [['dump', 'price-lists', '--at', '2026-10-31T00:00:00'], /dump price-lists: --at is for stock-balances/],
  ])('exits 2 on %j and says why', async (args, message) => {
    const result = await run(cli, args, { env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
