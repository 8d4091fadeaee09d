import { describe, expect, it } from 'vitest';
import {
  IikoHtmlResponseError,
  IikoParseError,
  IikoValidationError,
  type IikoClient,
} from '@getinn/iiko-client';
import { FAST_RETRY, PATHS, useSuite } from './support/suite';
import { chunkedXml, documents, employees, html, scriptedIiko, xml, type Reply } from './support/scripted-iiko';

const suite = useSuite();

/** A client of a scripted server answering `path` with `replies`. */
function serving(path: string, ...replies: Reply[]): { client: IikoClient; count: () => number } {
  const iiko = scriptedIiko(suite.msw).on(path, ...replies);
  const client = suite.client({ baseUrl: iiko.baseUrl, login: 'api', password: 'p4ss', retry: FAST_RETRY });
  return { client, count: () => iiko.count(path) };
}

const LINE = (num: number, extra = ''): string =>
  `<item><num>${num}</num><product>p${num}</product><amount>1.000000000</amount><price>2.000000000</price><sum>2.000000000</sum>${extra}</item>`;
const DOC = (id: string, items: string): string => `<id>${id}</id><status>NEW</status><items>${items}</items>`;

describe('repeatable elements are always lists', () => {
  it('one employee gives a one-element list', async () => {
    const { client } = serving(PATHS.suppliers, () => xml(employees('<id>s1</id><name>Один</name>')));
    await expect(client.suppliers()).resolves.toEqual([{ id: 's1', name: 'Один' }]);
  });

  it('one document with one item gives one document with a one-line items list', async () => {
    const { client } = serving(PATHS.invoices, () => xml(documents(DOC('d1', LINE(1)))));

    const [document, ...rest] = await client.incomingInvoices({ from: '2026-01-01', to: '2026-01-02' });

    expect(rest).toHaveLength(0);
    expect(document!.items).toEqual([{ num: 1, product: 'p1', amount: '1.000000000', price: '2.000000000', sum: '2.000000000' }]);
  });

  it('one corporateItemDto gives a one-element list', async () => {
    const { client } = serving(PATHS.departments, () =>
      xml('<corporateItemDtoes><corporateItemDto><id>c1</id><type>CORPORATION</type></corporateItemDto></corporateItemDtoes>'),
    );
    await expect(client.departments()).resolves.toEqual([{ id: 'c1', type: 'CORPORATION' }]);
  });

  it('a single roleCodes element gives a list, several give all of them', async () => {
    const { client } = serving(PATHS.suppliers, () =>
      xml(employees('<id>s1</id><roleCodes>BUH</roleCodes>', '<id>s2</id><roleCodes>A</roleCodes><roleCodes>B</roleCodes>')),
    );
    const [one, two] = await client.suppliers();
    expect(one!.roleCodes).toEqual(['BUH']);
    expect(two!.roleCodes).toEqual(['A', 'B']);
  });

  it('a document without lines, or with an empty items element, has an empty items list', async () => {
    const { client } = serving(PATHS.invoices, () => xml(documents('<id>d1</id>', '<id>d2</id><items/>', '<id>d3</id><items>\n  </items>')));
    const result = await client.incomingInvoices({ from: '2026-01-01', to: '2026-01-02' });
    expect(result.map((document) => document.items)).toEqual([[], [], []]);
  });
});

describe('list roots', () => {
  it.each([
    [PATHS.suppliers, '<employees/>'],
    [PATHS.suppliers, '<?xml version="1.0" encoding="UTF-8"?>\n<employees>\n</employees>'],
    [PATHS.invoices, '<incomingInvoiceDtoes/>'],
    [PATHS.departments, '<corporateItemDtoes/>'],
  ])('an empty root gives [] (%s: %s)', async (path, body) => {
    const { client } = serving(path, () => xml(body));
    const read = path === PATHS.invoices ? client.incomingInvoices({ from: '2026-01-01', to: '2026-01-01' }) : path === PATHS.suppliers ? client.suppliers() : client.departments();
    await expect(read).resolves.toEqual([]);
  });

  it('any root name is accepted (employeeDtoes as well as employees)', async () => {
    const { client } = serving(PATHS.suppliers, () => xml('<employeeDtoes><employee><id>s1</id></employee><employee><id>s2</id></employee></employeeDtoes>'));
    await expect(client.suppliers()).resolves.toEqual([{ id: 's1' }, { id: 's2' }]);
  });
});

describe('values', () => {
  it('decodes entities, character references and CDATA', async () => {
    const { client } = serving(PATHS.suppliers, () =>
      xml(
        employees(
          '<id>s1</id><name>ООО &quot;Смит &amp; Вессон&quot; &lt;опт&gt; &apos;1&apos; &#1046;&#x416;</name>' +
            '<note><![CDATA[<b>не разметка</b> & всё]]></note>',
        ),
      ),
    );
    const [supplier] = await client.suppliers();
    expect(supplier!.name).toBe('ООО "Смит & Вессон" <опт> \'1\' ЖЖ');
    expect(supplier!.note).toBe('<b>не разметка</b> & всё');
  });

  it('turns true/false into booleans and refuses anything else', async () => {
    const { client } = serving(PATHS.suppliers, () =>
      xml(employees('<id>s1</id><deleted>false</deleted><supplier>true</supplier><employee>false</employee><client>true</client>')),
    );
    await expect(client.suppliers()).resolves.toEqual([{ id: 's1', deleted: false, supplier: true, employee: false, client: true }]);

    const bad = serving(PATHS.suppliers, () => xml(employees('<id>s1</id><deleted>yes</deleted>')));
    const error = (await bad.client.suppliers().catch((e: unknown) => e)) as IikoValidationError;
    expect(error).toBeInstanceOf(IikoValidationError);
    expect(error.issues[0]!.path).toEqual([0, 'deleted']);
  });

  it('keeps money and quantities as the exact decimal strings written, and num as a number', async () => {
    const { client } = serving(PATHS.invoices, () =>
      xml(
        documents(
          DOC(
            'd1',
            '<item><num>12</num><amount>0.090000000</amount><price>420.440000000</price><sum>123456789012345678.123456789</sum>' +
              '<discountSum>-0.000000001</discountSum><vatPercent>20.000000000</vatPercent></item>',
          ),
        ),
      ),
    );
    const [document] = await client.incomingInvoices({ from: '2026-01-01', to: '2026-01-01' });
    expect(document!.items[0]).toEqual({
      num: 12,
      amount: '0.090000000',
      price: '420.440000000',
      sum: '123456789012345678.123456789',
      discountSum: '-0.000000001',
      vatPercent: '20.000000000',
    });
  });

  it('leaves out empty elements and the literal null (dueDate), and trims pretty-printing', async () => {
    const { client } = serving(PATHS.invoices, () =>
      xml(
        documents(
          '<id>d1</id><invoice/><comment></comment><conception>   </conception><dueDate>null</dueDate>' +
            '<documentNumber>\n      1568\n    </documentNumber><dateIncoming>2026-01-01T10:00:00+03:00</dateIncoming>',
        ),
      ),
    );
    const [document] = await client.incomingInvoices({ from: '2026-01-01', to: '2026-01-01' });
    expect(document).toEqual({ id: 'd1', documentNumber: '1568', dateIncoming: '2026-01-01T10:00:00+03:00', items: [] });
    for (const absent of ['invoice', 'comment', 'conception', 'dueDate']) expect(document).not.toHaveProperty(absent);
  });

  it('keeps elements it does not know, as parsed', async () => {
    const { client } = serving(PATHS.departments, () =>
      xml(
        '<corporateItemDtoes><corporateItemDto><id>j1</id><type>JURPERSON</type><name>ООО «Ромашка»</name>' +
          '<jurPersonAdditionalPropertiesDto><taxpayerId>7701234567</taxpayerId><kpp>770101001</kpp></jurPersonAdditionalPropertiesDto>' +
          '<visibilityStatus>VISIBLE</visibilityStatus></corporateItemDto></corporateItemDtoes>',
      ),
    );
    await expect(client.departments()).resolves.toEqual([
      {
        id: 'j1',
        type: 'JURPERSON',
        name: 'ООО «Ромашка»',
        jurPersonAdditionalPropertiesDto: { taxpayerId: '7701234567', kpp: '770101001' },
        visibilityStatus: 'VISIBLE',
      },
    ]);
  });

  it('reads Cyrillic split across network chunks (a few bytes at a time) exactly as in one piece', async () => {
    const body = employees('<id>s1</id><name>ООО «Молочная ферма» — Ёлкино</name><address>г. Москва, ул. Льва Толстого, 16</address>');
    const whole = serving(PATHS.suppliers, () => xml(body));
    const pieces = serving(PATHS.suppliers, () => chunkedXml(body, 3));

    const expected = await whole.client.suppliers();
    expect(expected[0]!.name).toBe('ООО «Молочная ферма» — Ёлкино');
    await expect(pieces.client.suppliers()).resolves.toEqual(expected);
  });

  it('reads server info into typed fields', async () => {
    const { client } = serving(PATHS.serverInfo, () =>
      xml('<?xml version="1.0" encoding="UTF-8"?><r><serverName>Шоколадница</serverName><version>9.1.8024.0</version><serverPort>443</serverPort><isPresent>true</isPresent><edition/></r>'),
    );
    await expect(client.serverInfo()).resolves.toEqual({ serverName: 'Шоколадница', version: '9.1.8024.0', serverPort: 443, isPresent: true });
  });
});

describe('HTML instead of XML', () => {
  it('text/html with 200: IikoHtmlResponseError that says HTML came back, not retried, page kept for diagnosis', async () => {
    const { client, count } = serving(PATHS.suppliers, () => html('<html><head><title>Apache Tomcat</title></head><body>It works</body></html>'));

    const error = (await client.suppliers().catch((e: unknown) => e)) as IikoHtmlResponseError;

    expect(error).toBeInstanceOf(IikoHtmlResponseError);
    expect(error.message).toMatch(/HTML page came back/);
    expect(error.status).toBe(200);
    expect(error.responseText).toContain('Apache Tomcat');
    expect(count()).toBe(1);
  });

  it('text/html with 502 from a proxy: retried like any 5xx, then IikoHtmlResponseError', async () => {
    const { client, count } = serving(PATHS.suppliers, () => html('<html><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>', 502));

    const error = (await client.suppliers().catch((e: unknown) => e)) as IikoHtmlResponseError;

    expect(error).toBeInstanceOf(IikoHtmlResponseError);
    expect(error.status).toBe(502);
    expect(error.message).toMatch(/HTML/);
    expect(count()).toBe(3);
  });

  it('the fake html fault (200 and 503) is recognised the same way', async () => {
    const fake = suite.fake();
    fake.server.injectFault({ kind: 'html', path: PATHS.departments });
    await expect(fake.client().departments()).rejects.toBeInstanceOf(IikoHtmlResponseError);

    fake.server.injectFault({ kind: 'html', status: 503, path: PATHS.stores, times: 1 });
    await expect(fake.client().stores()).resolves.not.toHaveLength(0);
    expect(fake.requestsTo(PATHS.stores).map((request) => request.status)).toEqual([503, 200]);
  });

  it.each([
    ['<html><head><title>Error</title></head><body><p>Service unavailable</p></body></html>', 'application/xml'],
    ['<!DOCTYPE html>\n<html><head><title>Error</title></head><body></body></html>', 'application/xml; charset=UTF-8'],
    ['<!doctype html><html lang="en"><head><title>HTTP Status 404 – Not Found</title><meta charset="utf-8"></head><body><br></body></html>', 'application/xml'],
    ['\n  <!doctype html>\n<html><body>parked domain</body></html>', 'text/xml'],
    ['<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body/></html>', 'application/xhtml+xml'],
  ])('an HTML page labelled as XML is an IikoHtmlResponseError too, never a parse error (%s)', async (page, type) => {
    const { client, count } = serving(PATHS.suppliers, () => html(page, 200, type));

    const error = await client.suppliers().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(IikoHtmlResponseError);
    expect((error as IikoHtmlResponseError).message).toMatch(/HTML/);
    expect(count()).toBe(1);
  });

  it.each([5, 9, 10, 11, 12, 13, 14])('a lower-case doctype page is recognised even when it arrives in %i-byte pieces', async (size) => {
    const page = '<!doctype html><html><head><title>502</title></head><body><br></body></html>';
    const { client, count } = serving(PATHS.suppliers, () => chunkedXml(page, size));

    await expect(client.suppliers()).rejects.toBeInstanceOf(IikoHtmlResponseError);
    expect(count()).toBe(1);
  });
});

describe('XML that is not well-formed', () => {
  it('mismatched tags: IikoParseError after the retries', async () => {
    const { client, count } = serving(PATHS.suppliers, () => xml('<employees><employee><id>s1</id></employe></employees>'));

    const error = (await client.suppliers().catch((e: unknown) => e)) as IikoParseError;

    expect(error).toBeInstanceOf(IikoParseError);
    expect(error.message).toMatch(/not well-formed/);
    expect(error.attempts).toBe(3);
    expect(count()).toBe(3);
  });

  it('a body cut off mid-document: IikoParseError after the retries', async () => {
    const full = documents(DOC('d1', LINE(1)), DOC('d2', LINE(1)));
    const { client, count } = serving(PATHS.invoices, () => xml(full.slice(0, Math.floor(full.length * 0.6))));

    await expect(client.incomingInvoices({ from: '2026-01-01', to: '2026-01-01' })).rejects.toBeInstanceOf(IikoParseError);
    expect(count()).toBe(3);
  });

  it('a cut-off body followed by a complete one: the retry succeeds', async () => {
    const full = documents(DOC('d1', LINE(1)), DOC('d2', LINE(1)));
    const { client, count } = serving(PATHS.invoices, () => xml(full.slice(0, 100)), () => xml(full));

    await expect(client.incomingInvoices({ from: '2026-01-01', to: '2026-01-01' })).resolves.toHaveLength(2);
    expect(count()).toBe(2);
  });

  it('a connection cut mid-body (fake truncate fault): retried and then read in full', async () => {
    const fake = await suite.loopback();
    fake.server.injectFault({ kind: 'truncate', path: PATHS.suppliers });

    await expect(fake.client().suppliers()).resolves.toHaveLength(fake.server.data.suppliers.length);
    expect(fake.requestsTo(PATHS.suppliers).map((request) => request.fault ?? 'clean')).toEqual(['truncate', 'clean']);
  });

  it('an empty 200 body: IikoParseError', async () => {
    const { client } = serving(PATHS.suppliers, () => xml(''));
    await expect(client.suppliers()).rejects.toBeInstanceOf(IikoParseError);
  });
});

describe('records that do not match their schema', () => {
  const SECOND = `<document>${DOC('d2', LINE(1) + '<item><num>2</num><sum>abc</sum></item>')}</document>`;

  it('a sum that is not a number: IikoValidationError with the record index in the path and the raw element, not retried', async () => {
    const body = `<incomingInvoiceDtoes><document>${DOC('d1', LINE(1))}</document>${SECOND}<document>${DOC('d3', '')}</document></incomingInvoiceDtoes>`;
    const { client, count } = serving(PATHS.invoices, () => xml(body));

    const error = (await client.incomingInvoices({ from: '2026-01-01', to: '2026-01-01' }).catch((e: unknown) => e)) as IikoValidationError;

    expect(error).toBeInstanceOf(IikoValidationError);
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]!.path).toEqual([1, 'items', 'item', 1, 'sum']);
    expect(error.issues[0]!.message).toMatch(/decimal/);
    expect(error.message).toMatch(/record 1 of \/resto\/api\/documents\/export\/incomingInvoice/);
    expect(error.rawText).toBe(SECOND);
    expect(count()).toBe(1);
  });

  it('a document without an id: the issue points at the id of that record', async () => {
    const broken = '<document><documentNumber>77</documentNumber><status>NEW</status></document>';
    const { client } = serving(PATHS.invoices, () => xml(`<incomingInvoiceDtoes>${broken}</incomingInvoiceDtoes>`));

    const error = (await client.incomingInvoices({ from: '2026-01-01', to: '2026-01-01' }).catch((e: unknown) => e)) as IikoValidationError;

    expect(error).toBeInstanceOf(IikoValidationError);
    expect(error.issues.map((issue) => issue.path)).toEqual([[0, 'id']]);
    expect(error.rawText).toBe(broken);
  });

  it('keeps the exact raw element when the body arrives in small chunks after astral characters', async () => {
    const first = `<document>${DOC('d1', LINE(1))}<comment>🍕🥟 пицца и пельмени 🍕</comment></document>`;
    const body = `<?xml version="1.0"?>\n<incomingInvoiceDtoes>\n  ${first}\n  ${SECOND}\n</incomingInvoiceDtoes>`;
    const { client } = serving(PATHS.invoices, () => chunkedXml(body, 7));

    const error = (await client.incomingInvoices({ from: '2026-01-01', to: '2026-01-01' }).catch((e: unknown) => e)) as IikoValidationError;

    expect(error).toBeInstanceOf(IikoValidationError);
    expect(error.rawText).toBe(SECOND);
  });

  it('a supplier with an impossible birthday is reported against that supplier', async () => {
    const { client } = serving(PATHS.suppliers, () => xml(employees('<id>s1</id>', '<id>s2</id><birthday>вчера</birthday>')));
    const error = (await client.suppliers().catch((e: unknown) => e)) as IikoValidationError;
    expect(error.issues[0]!.path).toEqual([1, 'birthday']);
    expect(error.rawText).toBe('<employee><id>s2</id><birthday>вчера</birthday></employee>');
  });
});
