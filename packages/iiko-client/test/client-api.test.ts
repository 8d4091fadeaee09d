import { http } from 'msw';
import { describe, expect, it } from 'vitest';
import { IikoArgumentError, IikoClient, IikoClientClosedError } from '@getinn/iiko-client';
import { FAST_RETRY, PATHS, uniqueBaseUrl, useSuite } from './support/suite';
import { employees, scriptedIiko, text, xml } from './support/scripted-iiko';

const suite = useSuite();

describe('end to end against the loopback fake', () => {
  it('reads the corporate tree, the stores and the suppliers as the fake holds them', async () => {
    const fake = await suite.loopback({ dataset: { restaurants: 2, storesPerRestaurant: 2, suppliers: 5 } });
    const client = fake.client();

    const [departments, stores, suppliers] = await Promise.all([client.departments(), client.stores(), client.suppliers()]);

    const data = fake.server.data;
    expect(departments.map((item) => [item.id, item.type, item.name])).toEqual(data.corporateItems.map((item) => [item.id, item.type, item.name]));
    expect(departments.filter((item) => item.type === 'DEPARTMENT')).toHaveLength(2);
    expect(stores.every((store) => store.type === 'STORE')).toBe(true);
    expect(stores.map((store) => store.id)).toEqual(data.corporateItems.filter((item) => item.type === 'STORE').map((item) => item.id));
    expect(suppliers.map((s) => [s.id, s.name, s.deleted, s.supplier])).toEqual(data.suppliers.map((s) => [s.id, s.name, s.deleted, s.supplier]));
    for (const item of departments) if (item.parentId !== undefined) expect(item.parentId).not.toBe('');
  });

  it('sees a change made in iiko between two reads', async () => {
    const fake = await suite.loopback();
    const client = fake.client();
    const before = await client.suppliers();

    fake.server.data.suppliers[0]!.name = 'ООО «Переименованная ферма» & Ко';

    const after = await client.suppliers();
    expect(after[0]!.name).toBe('ООО «Переименованная ферма» & Ко');
    expect(after[0]!.id).toBe(before[0]!.id);
  });
});

describe('serverInfo()', () => {
  it('needs no login and answers the version (a health check)', async () => {
    const fake = suite.fake({ serverVersion: '7.5.6012.0' });

    await expect(fake.client().serverInfo()).resolves.toMatchObject({ version: '7.5.6012.0', serverState: 'STARTED', isPresent: true });
    expect(fake.server.requests.map((request) => [request.path, request.query])).toEqual([[PATHS.serverInfo, { encoding: 'UTF-8' }]]);
    expect(fake.server.activeSessions()).toBe(0);
  });

  it('is retried like any read when the server fails', async () => {
    const fake = suite.fake();
    fake.server.injectFault({ kind: 'status', status: 503, path: PATHS.serverInfo });
    await expect(fake.client().serverInfo()).resolves.toMatchObject({ version: fake.server.serverVersion });
    expect(fake.requestsTo(PATHS.serverInfo)).toHaveLength(2);
  });
});

describe('searchSuppliers()', () => {
  it('passes every given field as a query parameter and leaves out empty ones', async () => {
    const iiko = scriptedIiko(suite.msw).on(PATHS.supplierSearch, () => xml(employees('<id>s1</id>')));
    const client = suite.client({ baseUrl: iiko.baseUrl, login: 'api', password: 'p4ss', retry: FAST_RETRY });
    const query = {
      name: 'Ферма & Ко',
      code: '195',
      phone: '+7 (495) 123-45-67',
      cellPhone: '+79161234567',
      firstName: 'Иван',
      middleName: 'Петрович',
      lastName: 'Сидоров',
      email: 'milk@example.ru',
      cardNumber: '0042',
      taxpayerIdNumber: '7701234567',
    };

    await client.searchSuppliers({ ...query });
    await client.searchSuppliers({ name: '', taxpayerIdNumber: '7701234567' });

    const [all, one] = iiko.seen.filter((request) => request.path === PATHS.supplierSearch);
    const { key, ...sent } = Object.fromEntries(all!.url.searchParams);
    expect(key).toBe(iiko.token);
    expect(sent).toEqual(query);
    expect([...one!.url.searchParams.keys()].sort()).toEqual(['key', 'taxpayerIdNumber']);
  });

  it('finds suppliers on the fake by name and by taxpayer number', async () => {
    const fake = suite.fake();
    const target = fake.server.data.suppliers.find((s) => s.taxpayerIdNumber !== undefined && s.taxpayerIdNumber !== '')!;
    const client = fake.client();

    await expect(client.searchSuppliers({ taxpayerIdNumber: target.taxpayerIdNumber! })).resolves.toEqual([
      expect.objectContaining({ id: target.id, taxpayerIdNumber: target.taxpayerIdNumber }),
    ]);
    await expect(client.searchSuppliers({ name: 'no such supplier anywhere' })).resolves.toEqual([]);
  });

  it.each([{}, { name: '' }, { name: '', code: '' }])('refuses a search without any non-empty field (%j), sending nothing', async (query) => {
    const fake = suite.fake();
    await expect(fake.client().searchSuppliers(query)).rejects.toBeInstanceOf(IikoArgumentError);
    expect(fake.server.requests).toHaveLength(0);
  });
});

describe('revisionFrom', () => {
  it('is passed to departments, stores and suppliers, and left out when not given', async () => {
    const fake = suite.fake();
    const client = fake.client();

    await client.departments({ revisionFrom: 17 });
    await client.stores({ revisionFrom: -1 });
    await client.suppliers({ revisionFrom: 0 });
    await client.suppliers();

    const revisions = fake.server.requests.filter((request) => request.path !== PATHS.auth).map((request) => request.query['revisionFrom']);
    expect(revisions).toEqual(['17', '-1', '0', undefined]);
  });

  it('that is not a whole number is refused with a rejected promise, sending nothing', async () => {
    const fake = suite.fake();
    const client = fake.client();

    const calls = [client.departments({ revisionFrom: 1.5 }), client.stores({ revisionFrom: Number.NaN }), client.suppliers({ revisionFrom: 2.25 })];

    for (const call of calls) await expect(call).rejects.toBeInstanceOf(IikoArgumentError);
    expect(fake.server.requests).toHaveLength(0);
  });
});

describe('baseUrl', () => {
  it.each(['', '/', '/resto', '/resto/', '/resto/api', '/RESTO/api/'])('with the suffix %j reaches the same /resto/api paths', async (suffix) => {
    const fake = suite.fake();
    const client = fake.client({ baseUrl: `${fake.baseUrl}${suffix}` });

    await client.departments();

    expect(fake.server.requests.map((request) => request.path)).toEqual([PATHS.auth, PATHS.departments]);
  });

  it('may be a URL object, and may sit under a reverse-proxy path', async () => {
    const base = `${uniqueBaseUrl()}/iiko`;
    const paths: string[] = [];
    suite.msw.use(
      http.get(`${base}/*`, ({ request }) => {
        const path = new URL(request.url).pathname;
        paths.push(path);
        if (path.endsWith('/resto/api/auth')) return text('0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9');
        if (path.endsWith('/resto/api/logout')) return text('');
        return xml('<corporateItemDtoes/>');
      }),
    );
    const client = suite.client({ baseUrl: new URL(`${base}/resto/`), login: 'api', password: 'p4ss', retry: FAST_RETRY });

    await expect(client.departments()).resolves.toEqual([]);
    await client.close();

    expect(paths).toEqual(['/iiko/resto/api/auth', '/iiko/resto/api/corporation/departments', '/iiko/resto/api/logout']);
  });

  it('drops credentials, query and fragment written into it', async () => {
    const fake = suite.fake();
    const client = fake.client({ baseUrl: `${fake.baseUrl.replace('https://', 'https://user:secret@')}/resto?key=abc#top` });

    await client.serverInfo();

    expect(fake.server.requests.map((request) => [request.path, request.query])).toEqual([[PATHS.serverInfo, { encoding: 'UTF-8' }]]);
  });
});

describe('close()', () => {
  it('logs out once however often it is called', async () => {
    const fake = suite.fake();
    const client = fake.client();
    await client.departments();

    await Promise.all([client.close(), client.close()]);
    await client.close();

    expect(fake.requestsTo(PATHS.logout)).toHaveLength(1);
    expect(fake.server.activeSessions()).toBe(0);
  });

  it('of a client that never logged in sends nothing', async () => {
    const fake = suite.fake();
    await fake.client().close();
    expect(fake.server.requests).toHaveLength(0);
  });

  it('makes every later call reject with IikoClientClosedError, sending nothing', async () => {
    const fake = suite.fake();
    const client = fake.client();
    await client.close();

    const calls = [
      client.departments(),
      client.stores(),
      client.suppliers(),
      client.searchSuppliers({ name: 'x' }),
      client.incomingInvoices({ from: '2026-07-01', to: '2026-07-02' }),
      client.serverInfo(),
    ];

    for (const call of calls) await expect(call).rejects.toBeInstanceOf(IikoClientClosedError);
    expect(fake.server.requests).toHaveLength(0);
  });

  it('runs at the end of an `await using` scope', async () => {
    const fake = suite.fake({ licenceSlots: 1 });
    {
      await using client = new IikoClient(fake.options());
      await client.departments();
      expect(fake.server.activeSessions()).toBe(1);
    }
    expect(fake.server.activeSessions()).toBe(0);
    expect(fake.requestsTo(PATHS.logout)).toHaveLength(1);
  });

  it('waits for calls in flight, then logs out after them', async () => {
    const fake = suite.fake();
    const client = fake.client();
    fake.server.injectFault({ kind: 'delay', ms: 200, path: PATHS.suppliers });

    const reading = client.suppliers();
    const closing = client.close();
    const late = expect(client.departments()).rejects.toBeInstanceOf(IikoClientClosedError);

    await expect(reading).resolves.not.toHaveLength(0);
    await closing;
    await late;
    expect(fake.server.requests.map((request) => request.path)).toEqual([PATHS.auth, PATHS.suppliers, PATHS.logout]);
    expect(fake.server.activeSessions()).toBe(0);
  });

  it('leaves no licence slot held when a call in flight had to log in again', async () => {
    const fake = suite.fake();
    const client = fake.client();
    await client.departments();
    fake.server.restart();
    fake.server.injectFault({ kind: 'delay', ms: 100, path: PATHS.suppliers });

    const reading = client.suppliers();
    await client.close();

    await expect(reading).resolves.not.toHaveLength(0);
    expect(fake.requestsTo(PATHS.auth)).toHaveLength(2);
    expect(fake.server.activeSessions()).toBe(0);
  });

  it('of one client leaves the others of the same server and login working', async () => {
    const fake = suite.fake({ licenceSlots: 1 });
    const kept = fake.client();
    const closed = fake.client();
    // A client holds the shared session from its first call on (it joins the session store then).
    await kept.stores();
    await closed.departments();
    await closed.close();

    await expect(kept.departments()).resolves.not.toHaveLength(0);
    await expect(closed.departments()).rejects.toBeInstanceOf(IikoClientClosedError);
    expect(fake.requestsTo(PATHS.auth)).toHaveLength(1);
  });
});
