/**
 * The nomenclature reads (v2 JSON) and the tolerant list reads, against the fake iikoServer over real
 * HTTP: the JSON path takes the same session, gate, retries and typed errors as the XML one.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  IikoClient,
  IikoHtmlResponseError,
  IikoLicenseError,
  IikoServerError,
  IikoValidationError,
  type IikoClientOptions,
} from '@getinn/iiko-client';
import { resolveFakeDataProblems, startFakeIikoServer, type RunningFakeIikoServer } from '@getinn/iiko-client/testing';

let fake: RunningFakeIikoServer;
const clients: IikoClient[] = [];
const client = (options: Partial<IikoClientOptions> = {}): IikoClient => {
  const iiko = new IikoClient({
    baseUrl: fake.url,
    login: fake.server.login,
    password: fake.server.password,
    retry: { retries: 2, minDelayMs: 1, maxDelayMs: 2 },
    ...options,
  });
  clients.push(iiko);
  return iiko;
};

beforeAll(async () => {
  fake = await startFakeIikoServer({ dataset: { invoices: 30, dataProblems: true } });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((iiko) => iiko.close()));
  fake.server.clearFaults();
});
afterAll(async () => {
  await fake?.close();
});

describe('nomenclature reads', () => {
  it('reads products (deleted ones included), groups and units, typed and exact', async () => {
    const iiko = client();
    const [products, groups, units] = [await iiko.products(), await iiko.productGroups(), await iiko.measureUnits()];
    const data = fake.server.data;
    expect(products).toHaveLength(data.products!.length);
    expect(products.some((product) => product.deleted === true)).toBe(true);
    const [first] = products;
    const raw = data.products![0]!;
    expect(first).toMatchObject({ id: raw.id, name: raw.name, num: raw.num, mainUnit: raw.mainUnit, parent: raw.parent!, type: 'GOODS' });
    expect(first).not.toHaveProperty('description'); // null in the JSON: no value
    expect(typeof first!.unitWeight).toBe('string');
    expect(groups.map((group) => group.name).sort()).toEqual(data.productGroups!.map((group) => group.name).sort());
    expect(units.map((unit) => unit.name).sort()).toEqual(['кг', 'л', 'шт']);
    const products1 = fake.server.requests.filter((request) => request.path.endsWith('/products/list'));
    expect(products1.at(-1)!.query).toMatchObject({ includeDeleted: 'true', key: '***' });
    expect(fake.server.requests.find((request) => request.path.endsWith('/entities/list'))!.query).toMatchObject({ rootType: 'MeasureUnit' });
  });

  it('logs in again once on a 401 and retries a 500, a reset and a cut-off body, as the XML reads do', async () => {
    const iiko = client();
    await iiko.measureUnits();
    fake.server.restart();
    fake.server.injectFault({ kind: 'status', status: 500, path: '/resto/api/v2/entities/products/list' });
    fake.server.injectFault({ kind: 'truncate', path: '/resto/api/v2/entities/products/list' });
    await expect(iiko.products()).resolves.toHaveLength(fake.server.data.products!.length);
    fake.server.injectFault({ kind: 'status', status: 500, path: '/resto/api/v2/entities/products/group/list', times: 3 });
    await expect(iiko.productGroups()).rejects.toBeInstanceOf(IikoServerError);
  });

  it('says so when an HTML page answers, and never overlaps requests on the wire', async () => {
    const iiko = client();
    fake.server.injectFault({ kind: 'html', path: '/resto/api/v2/entities/products/list' });
    await expect(iiko.products()).rejects.toBeInstanceOf(IikoHtmlResponseError);
    fake.server.resetStats();
    fake.server.injectFault({ kind: 'delay', ms: 20, times: 3 });
    await Promise.all([iiko.products(), iiko.measureUnits(), iiko.suppliers()]);
    expect(fake.server.maxInFlight).toBe(1);
  });
});

describe('licenceInfo', () => {
  it('tells how many connections the API module has free, with this client holding one', async () => {
    const iiko = client();
    const info = await iiko.licenceInfo();
    expect(info).toMatchObject({ moduleId: '28008806', connectionsLimit: 2, connectionsUsed: 1, freeConnections: 1 });
    expect(fake.server.requests.at(-1)!.query).toMatchObject({ moduleId: '28008806', key: '***' });
  });

  it('fails with the licence error, like every read, when no slot is free for its login', async () => {
    const full = await startFakeIikoServer({ licenceSlots: 0, dataset: { invoices: 0 } });
    try {
      const iiko = new IikoClient({ baseUrl: full.url, login: full.server.login, password: full.server.password, retry: { retries: 0 } });
      await expect(iiko.licenceInfo()).rejects.toBeInstanceOf(IikoLicenseError);
      await iiko.close();
    } finally {
      await full.close();
    }
  });
});

describe('tolerant reads', () => {
  it('keep the good invoices and report the malformed one with its id, issues and XML, where the strict read fails', async () => {
    const iiko = client();
    const days = fake.server.data.incomingInvoices.map((document) => document.dateIncoming.slice(0, 10)).sort();
    const query = { from: days[0]!, to: days.at(-1)! };
    await expect(iiko.incomingInvoices(query)).rejects.toBeInstanceOf(IikoValidationError);

    const { items, invalid } = await iiko.tolerant.incomingInvoices(query);
    const malformed = fake.server.data.dataProblems!.malformedInvoice;
    expect(items).toHaveLength(fake.server.data.incomingInvoices.length - 1);
    expect(invalid).toHaveLength(1);
    expect(invalid[0]).toMatchObject({ id: malformed.invoiceId, message: expect.stringMatching(/^items\.item\.\d+\.sum: /) });
    expect(invalid[0]!.issues[0]!.path).toEqual(['items', 'item', expect.any(Number), 'sum']);
    expect(invalid[0]!.rawText).toMatch(/^<document><id>/);
    expect(invalid[0]!.rawText).toContain(`<sum>${fake.server.data.incomingInvoices.find((d) => d.id === malformed.invoiceId)!.items[0]!.sum}</sum>`);

    resolveFakeDataProblems(fake.server.data);
    await expect(iiko.tolerant.incomingInvoices(query)).resolves.toMatchObject({ invalid: [] });
    await expect(iiko.incomingInvoices(query)).resolves.toHaveLength(fake.server.data.incomingInvoices.length);
  });

  it('read suppliers and the nomenclature with nothing invalid on a clean list', async () => {
    const iiko = client();
    const [suppliers, products] = [await iiko.tolerant.suppliers(), await iiko.tolerant.products()];
    expect(suppliers.invalid).toEqual([]);
    expect(suppliers.items).toHaveLength(fake.server.data.suppliers.length);
    expect(products.items).toHaveLength(fake.server.data.products!.length);
  });

  it('are refused once the client is closed, like every read', async () => {
    const iiko = client();
    await iiko.close();
    await expect(iiko.tolerant.stores()).rejects.toThrow(/closed/);
  });
});
