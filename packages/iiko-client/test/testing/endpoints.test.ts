import { afterEach, describe, expect, it } from 'vitest';
import { generateFakeDataset, type FakeIikoData, type FakeIncomingInvoice, type FakeSupplier } from '@getinn/iiko-client/testing';
import { type Harness, adapters, childNames, parseXml } from './harness';

const XML_TYPE = 'application/xml; charset=UTF-8';

function supplier(overrides: Partial<FakeSupplier> & { id: string; name: string }): FakeSupplier {
  return { deleted: false, supplier: true, employee: false, client: false, ...overrides };
}

function invoice(overrides: Partial<FakeIncomingInvoice> & { id: string; dateIncoming: string }): FakeIncomingInvoice {
  return {
    documentNumber: overrides.id,
    supplier: 'sup-a',
    defaultStore: 'store-1',
    status: 'PROCESSED',
    items: [{ num: 1, product: 'p-1', amount: '152.000000000', price: '180.000000000', sum: '1440.000000000', store: 'store-1' }],
    ...overrides,
  };
}

/** A tiny explicit dataset, so the assertions can name every record. */
function smallData(): FakeIikoData {
  return {
    corporateItems: [
      { id: 'corp', name: 'Корпорация', type: 'CORPORATION' },
      { id: 'jur', parentId: 'corp', name: 'ООО "Рога & Копыта"', type: 'JURPERSON', taxpayerIdNumber: '7707083893' },
      { id: 'dep', parentId: 'jur', code: '001', name: 'Кафе <Уют>', type: 'DEPARTMENT' },
      { id: 'store-1', parentId: 'dep', code: '', name: "Склад 'Бар'", type: 'STORE' },
      { id: 'central', parentId: 'jur', name: 'Центральный склад', type: 'STORE' },
    ],
    suppliers: [
      supplier({ id: 'sup-a', code: '100', name: 'ООО «Молочная ферма»', phone: '+7 (495) 123-45-67', email: 'zakaz@moloko.ru', taxpayerIdNumber: '7707083893' }),
      supplier({ id: 'sup-b', code: '101', name: 'ИП Иванов А. П.', cellPhone: '8 (916) 555-12-34', firstName: 'Алексей', lastName: 'Иванов', note: '', taxpayerIdNumber: '500100732259' }),
      supplier({ id: 'sup-c', code: '102', name: 'АО "Хлеб & Соль"', deleted: true }),
    ],
    incomingInvoices: [
      invoice({ id: 'd-before', dateIncoming: '2024-02-29T23:59:59' }),
      invoice({ id: 'd-first', dateIncoming: '2024-03-01T00:00:00', supplier: 'sup-a' }),
      invoice({ id: 'd-offset', dateIncoming: '2024-03-15T10:00:00+03:00', supplier: 'sup-b', status: 'DELETED' }),
      invoice({ id: 'd-last', dateIncoming: '2024-03-31T23:30:00', supplier: 'sup-c', status: 'NEW' }),
      invoice({ id: 'd-after', dateIncoming: '2024-04-01T00:00:00' }),
    ],
  };
}

describe.each(adapters)('read endpoints ($name)', (adapter) => {
  let h: Harness;
  let key: string;
  const start = async (data?: FakeIikoData): Promise<void> => {
    h = await adapter.start(data === undefined ? {} : { dataset: data });
    key = await h.login();
  };
  const xml = async (pathAndQuery: string): Promise<string> => {
    const res = await h.get(`${pathAndQuery}${pathAndQuery.includes('?') ? '&' : '?'}key=${key}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XML_TYPE);
    return res.text();
  };
  const status = async (pathAndQuery: string): Promise<[number, string]> => {
    const res = await h.get(`${pathAndQuery}&key=${key}`);
    return [res.status, await res.text()];
  };
  afterEach(() => h.close());

  describe('corporation', () => {
    it('departments returns the whole tree with every node type, escaped and in XSD order', async () => {
      await start(smallData());
      const body = await xml('/resto/api/corporation/departments');
      expect(body.startsWith('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><corporateItemDtoes>')).toBe(true);
      const items = (parseXml(body).corporateItemDtoes as { corporateItemDto: Array<Record<string, string>> }).corporateItemDto;
      expect(items.map((item) => item.type)).toEqual(['CORPORATION', 'JURPERSON', 'DEPARTMENT', 'STORE', 'STORE']);
      expect(items[1]?.name).toBe('ООО "Рога & Копыта"');
      expect(body).toContain('<name>ООО &quot;Рога &amp; Копыта&quot;</name>');
      expect(body).toContain('<name>Кафе &lt;Уют&gt;</name>');
      expect(body).toContain('<name>Склад &apos;Бар&apos;</name>');
      expect(body).toContain('<code/>');
      expect(childNames(body.slice(body.indexOf('<corporateItemDto><id>jur')), 'corporateItemDto')).toEqual([
        'id', 'parentId', 'name', 'type', 'taxpayerIdNumber',
      ]);
    });

    it('stores returns only STORE items, including the one hanging directly under a JURPERSON', async () => {
      await start(generateFakeDataset({ dataProblems: true }));
      const tree = (parseXml(await xml('/resto/api/corporation/departments')).corporateItemDtoes as {
        corporateItemDto: Array<Record<string, string>>;
      }).corporateItemDto;
      const stores = (parseXml(await xml('/resto/api/corporation/stores')).corporateItemDtoes as {
        corporateItemDto: Array<Record<string, string>>;
      }).corporateItemDto;
      expect(stores.length).toBeGreaterThan(0);
      expect(stores.every((s) => s.type === 'STORE')).toBe(true);
      const typeOf = new Map(tree.map((node) => [node.id, node.type]));
      const parents = new Set(stores.map((s) => typeOf.get(s.parentId ?? '')));
      expect(parents).toEqual(new Set(['DEPARTMENT', 'JURPERSON', 'CENTRALSTORE', 'MANUFACTURE']));
      expect(new Set(tree.map((node) => node.type))).toEqual(
        new Set(['CORPORATION', 'JURPERSON', 'CENTRALOFFICE', 'DEPARTMENT', 'STORE', 'CENTRALSTORE', 'MANUFACTURE']),
      );
    });

    it('gives one-element and empty lists their real shapes', async () => {
      const data = smallData();
      data.corporateItems = data.corporateItems.filter((item) => item.id !== 'central');
      await start(data);
      expect(await xml('/resto/api/corporation/stores')).toMatch(/<corporateItemDtoes><corporateItemDto>.*<\/corporateItemDto><\/corporateItemDtoes>$/);
      data.corporateItems.length = 0;
      expect(await xml('/resto/api/corporation/stores')).toMatch(/\?><corporateItemDtoes\/>$/);
    });

    it('accepts an integer revisionFrom and rejects anything else with 400', async () => {
      await start();
      expect((await status('/resto/api/corporation/departments?revisionFrom=-1'))[0]).toBe(200);
      const [code, text] = await status('/resto/api/corporation/stores?revisionFrom=abc');
      expect(code).toBe(400);
      expect(text).toContain('abc');
    });
  });

  describe('suppliers', () => {
    it('uses the employees/employee shape with XSD field order and true/false booleans', async () => {
      await start(smallData());
      const body = await xml('/resto/api/suppliers');
      expect(body).toContain('<employees><employee><id>sup-a</id>');
      expect(childNames(body, 'employee')).toEqual([
        'id', 'code', 'name', 'phone', 'email', 'taxpayerIdNumber', 'deleted', 'supplier', 'employee', 'client',
      ]);
      const second = body.slice(body.indexOf('<employee><id>sup-b'));
      expect(childNames(second, 'employee')).toEqual([
        'id', 'code', 'name', 'cellPhone', 'firstName', 'lastName', 'note', 'taxpayerIdNumber', 'deleted', 'supplier', 'employee', 'client',
      ]);
      expect(second).toContain('<note/>');
      expect(body).toContain('<name>АО &quot;Хлеб &amp; Соль&quot;</name><deleted>true</deleted><supplier>true</supplier>');
      const parsed = (parseXml(body).employees as { employee: Array<Record<string, string>> }).employee;
      expect(parsed.map((e) => e.name)).toEqual(['ООО «Молочная ферма»', 'ИП Иванов А. П.', 'АО "Хлеб & Соль"']);
    });

    it('returns deleted and non-supplier employees of the generated data too', async () => {
      await start();
      const parsed = (parseXml(await xml('/resto/api/suppliers')).employees as { employee: Array<Record<string, string>> }).employee;
      expect(parsed.length).toBe(h.server.data.suppliers.length);
      expect(parsed.some((e) => e.deleted === 'true')).toBe(true);
      expect(parsed.some((e) => e.supplier === 'false' && e.employee === 'true')).toBe(true);
    });

    it('filters search by name (case-insensitive substring), codes, ИНН, phone digits and e-mail', async () => {
      await start(smallData());
      const ids = async (query: string): Promise<string[]> => {
        const parsed = parseXml(await xml(`/resto/api/suppliers/search?${query}`));
        const root = parsed.employees as { employee?: Array<{ id: string }> } | '';
        return root === '' ? [] : (root.employee ?? []).map((e) => e.id);
      };
      expect(await ids(`name=${encodeURIComponent('молочная')}`)).toEqual(['sup-a']);
      expect(await ids(`name=${encodeURIComponent('&')}`)).toEqual(['sup-c']);
      expect(await ids('code=101')).toEqual(['sup-b']);
      expect(await ids('code=10')).toEqual([]);
      expect(await ids('taxpayerIdNumber=7707083893')).toEqual(['sup-a']);
      expect(await ids(`cellPhone=${encodeURIComponent('(916) 555')}`)).toEqual(['sup-b']);
      expect(await ids('phone=4951234567')).toEqual(['sup-a']);
      expect(await ids('email=MOLOKO')).toEqual(['sup-a']);
      expect(await ids(`lastName=${encodeURIComponent('иванов')}&firstName=${encodeURIComponent('Алексей')}`)).toEqual(['sup-b']);
      expect(await ids(`name=${encodeURIComponent('ООО')}&code=101`)).toEqual([]);
      expect(await ids('')).toEqual(['sup-a', 'sup-b', 'sup-c']);
    });

    it('answers <employees/> when nothing matches', async () => {
      await start(smallData());
      expect(await xml('/resto/api/suppliers/search?name=nothing')).toBe(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><employees/>',
      );
    });
  });

  describe('incoming invoice export', () => {
    const documentIds = async (query: string): Promise<string[]> => {
      const parsed = parseXml(await xml(`/resto/api/documents/export/incomingInvoice?${query}`));
      const root = parsed.incomingInvoiceDtoes as { document?: Array<{ id: string }> } | '';
      return root === '' ? [] : (root.document ?? []).map((d) => d.id);
    };

    it('includes both dates by calendar date, ignoring time and offset, and returns every status', async () => {
      await start(smallData());
      expect(await documentIds('from=2024-03-01&to=2024-03-31')).toEqual(['d-first', 'd-offset', 'd-last']);
      expect(await documentIds('from=2024-03-15&to=2024-03-15')).toEqual(['d-offset']);
      expect(await documentIds('from=2024-02-29&to=2024-02-29')).toEqual(['d-before']);
    });

    it('filters by repeated supplierId', async () => {
      await start(smallData());
      expect(await documentIds('from=2024-03-01&to=2024-03-31&supplierId=sup-b&supplierId=sup-c')).toEqual(['d-offset', 'd-last']);
      expect(await documentIds('from=2024-03-01&to=2024-03-31&supplierId=nobody')).toEqual([]);
    });

    it('answers <incomingInvoiceDtoes/> for an empty range', async () => {
      await start(smallData());
      expect(await xml('/resto/api/documents/export/incomingInvoice?from=2030-01-01&to=2030-01-31')).toBe(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><incomingInvoiceDtoes/>',
      );
    });

    it.each([
      ['from=2024-0301&to=2024-03-31', 'Wrong date format: 2024-0301'],
      ['from=2024-03-01T00:00:00&to=2024-03-31', 'Wrong date format: 2024-03-01T00:00:00'],
      ['from=01.03.2024&to=2024-03-31', 'Wrong date format: 01.03.2024'],
      ['from=2024-02-30&to=2024-03-31', 'Wrong date format: 2024-02-30'],
      ['to=2024-03-31', 'Wrong date format: null'],
      ['from=2024-03-01', 'Wrong date format: null'],
    ])('answers 400 text/plain for bad dates (%s)', async (query, text) => {
      await start(smallData());
      const res = await h.get(`/resto/api/documents/export/incomingInvoice?${query}&key=${key}`);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('text/plain; charset=UTF-8');
      expect(await res.text()).toBe(text);
    });

    it('answers 400 when from is after to', async () => {
      await start(smallData());
      expect((await status('/resto/api/documents/export/incomingInvoice?from=2024-04-01&to=2024-03-01'))[0]).toBe(400);
    });

    it('writes documents and lines in the vendor element order and keeps decimal strings as they are', async () => {
      const data = smallData();
      data.incomingInvoices = [
        invoice({
          id: 'full',
          dateIncoming: '2024-03-02T08:00:00',
          incomingDocumentNumber: '16594',
          incomingDate: '2024-03-01T08:00:00',
          useDefaultDocumentTime: false,
          dueDate: 'null',
          invoice: '',
          comment: 'Недовоз & бой',
          conception: 'conc',
          items: [
            {
              num: 1, product: 'p', productArticle: '00136', amount: '152.000000000', actualAmount: '152.000000000',
              amountUnit: 'u', containerId: 'c', price: '180.000000000', priceWithoutVat: '163.640000000', sum: '1440.000000000',
              discountSum: '0.000000000', vatPercent: '10.000000000', vatSum: '130.910000000', store: 's', code: '00136', supplierProduct: 'sp',
            },
          ],
        }),
      ];
      await start(data);
      const body = await xml('/resto/api/documents/export/incomingInvoice?from=2024-03-02&to=2024-03-02');
      expect(childNames(body, 'document')).toEqual([
        'id', 'incomingDocumentNumber', 'incomingDate', 'useDefaultDocumentTime', 'dueDate', 'supplier', 'defaultStore',
        'invoice', 'documentNumber', 'dateIncoming', 'comment', 'conception', 'status', 'items',
      ]);
      expect(childNames(body, 'item')).toEqual([
        'actualAmount', 'store', 'code', 'price', 'priceWithoutVat', 'sum', 'vatPercent', 'vatSum', 'discountSum',
        'amountUnit', 'containerId', 'num', 'supplierProduct', 'product', 'productArticle', 'amount',
      ]);
      expect(body).toContain('<invoice/>');
      expect(body).toContain('<dueDate>null</dueDate>');
      expect(body).toContain('<useDefaultDocumentTime>false</useDefaultDocumentTime>');
      expect(body).toContain('<comment>Недовоз &amp; бой</comment>');
      expect(body).toContain('<price>180.000000000</price><priceWithoutVat>163.640000000</priceWithoutVat><sum>1440.000000000</sum>');
    });

    it('serves the generated data with 9-decimal money, Cyrillic and a single-document list', async () => {
      await start();
      const first = h.server.data.incomingInvoices[0];
      expect(first).toBeDefined();
      const day = first?.dateIncoming.slice(0, 10) ?? '';
      h.server.data.incomingInvoices.splice(1, Infinity);
      const body = await xml(`/resto/api/documents/export/incomingInvoice?from=${day}&to=${day}`);
      const docs = (parseXml(body).incomingInvoiceDtoes as { document: Array<{ items: { item: Array<Record<string, string>> } }> }).document;
      expect(docs).toHaveLength(1);
      for (const item of docs[0]?.items.item ?? []) {
        for (const field of ['amount', 'price', 'sum', 'vatSum']) expect(item[field]).toMatch(/^\d+\.\d{9}$/);
      }
    });

    it('sees changes made to server.data between calls', async () => {
      await start(smallData());
      expect(await documentIds('from=2024-05-01&to=2024-05-01')).toEqual([]);
      h.server.data.incomingInvoices.push(invoice({ id: 'late', dateIncoming: '2024-05-01T12:00:00' }));
      expect(await documentIds('from=2024-05-01&to=2024-05-01')).toEqual(['late']);
    });
  });
});
