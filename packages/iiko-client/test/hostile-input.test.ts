/**
 * Hostile answers: element names that collide with Object.prototype, endless nesting, huge texts and
 * bodies, DOCTYPEs, impossible numbers. Every test goes through the public read API (msw or the loopback
 * fake), so whatever reader the client uses inherits them.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import {
  DEFAULTS,
  IikoHtmlResponseError,
  IikoInputLimitError,
  IikoParseError,
  IikoUnsafeInputError,
  IikoValidationError,
  isIikoError,
  passwordSha1,
  type IikoClient,
} from '@getinn/iiko-client';
import { FAST_RETRY, PATHS, useSuite } from './support/suite';
import { startRawServer } from './support/raw-http-server';
import { chunkedXml, documents, employees, html, scriptedIiko, xml, type Reply } from './support/scripted-iiko';

const suite = useSuite();

function serving(path: string, ...replies: Reply[]): { client: IikoClient; count: () => number; token: string } {
  const iiko = scriptedIiko(suite.msw).on(path, ...replies);
  const client = suite.client({ baseUrl: iiko.baseUrl, login: 'api', password: 'p4ss', retry: FAST_RETRY });
  return { client, count: () => iiko.count(path), token: iiko.token };
}

async function failure(read: Promise<unknown>): Promise<unknown> {
  return read.then(
    () => {
      throw new Error('the read succeeded');
    },
    (error: unknown) => error,
  );
}

const INVOICES = { from: '2026-01-01', to: '2026-01-01' } as const;
const corporate = (inner: string): string =>
  `<corporateItemDtoes><corporateItemDto><id>c1</id><type>DEPARTMENT</type>${inner}</corporateItemDto></corporateItemDtoes>`;
const nested = (levels: number, inner: string): string => '<a>'.repeat(levels) + inner + '</a>'.repeat(levels);

/** Every member name of Object.prototype, as the engine has them. */
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype);

describe('element names that collide with Object.prototype', () => {
  it('covers the names the fuzz found, and every other member of Object.prototype', () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf']) {
      expect(PROTOTYPE_NAMES).toContain(name);
    }
  });

  it.each(PROTOTYPE_NAMES)('<%s> inside a supplier is refused with IikoUnsafeInputError, and not retried', async (name) => {
    const { client, count } = serving(PATHS.suppliers, () => xml(employees(`<id>s1</id><${name}><x>1</x></${name}>`)));

    const error = await failure(client.suppliers());

    expect(error).toBeInstanceOf(IikoUnsafeInputError);
    expect(error).toBeInstanceOf(IikoParseError);
    expect((error as IikoUnsafeInputError).reason).toBe('reserved-name');
    expect((error as IikoUnsafeInputError).message).toContain(JSON.stringify(name));
    expect(count()).toBe(1);
  });

  it.each([
    ['a supplier, as text', PATHS.suppliers, employees('<id>s1</id><constructor>1</constructor>')],
    ['a supplier, under an unknown element', PATHS.suppliers, employees('<id>s1</id><extra><__proto__><x>1</x></__proto__></extra>')],
    ['a corporateItemDto', PATHS.departments, corporate('<__proto__><id>evil</id></__proto__>')],
    ['a corporateItemDto, nested', PATHS.departments, corporate('<jurPersonAdditionalPropertiesDto><toString>1</toString></jurPersonAdditionalPropertiesDto>')],
    ['an invoice items element', PATHS.invoices, documents('<id>d1</id><status>NEW</status><items><__proto__><sum>1</sum></__proto__></items>')],
    ['an invoice line', PATHS.invoices, documents('<id>d1</id><status>NEW</status><items><item><sum>1</sum><valueOf>2</valueOf></item></items>')],
    ['server info', PATHS.serverInfo, '<r><version>9.1</version><hasOwnProperty>1</hasOwnProperty></r>'],
  ])('in %s', async (_where, path, body) => {
    const { client, count } = serving(path, () => xml(body));
    const read =
      path === PATHS.suppliers
        ? client.suppliers()
        : path === PATHS.departments
          ? client.departments()
          : path === PATHS.invoices
            ? client.incomingInvoices(INVOICES)
            : client.serverInfo();

    const error = await failure(read);

    expect(error).toBeInstanceOf(IikoUnsafeInputError);
    expect(count()).toBe(1);
  });

  it('a name that only resembles one (toJSON, prototype, __proto) stays plain text data', async () => {
    const { client } = serving(PATHS.suppliers, () =>
      xml(employees('<id>s1</id><toJSON>1</toJSON><prototype><x>2</x></prototype><__proto>3</__proto>')),
    );

    const [supplier] = await client.suppliers();

    expect(supplier).toEqual({ id: 's1', toJSON: '1', prototype: { x: '2' }, __proto: '3' });
    expect(JSON.parse(JSON.stringify(supplier))).toEqual({ id: 's1', toJSON: '1', prototype: { x: '2' }, __proto: '3' });
  });

  it('objects built from unknown elements have no prototype, and records an ordinary one', async () => {
    const { client } = serving(PATHS.departments, () =>
      xml(corporate('<jurPersonAdditionalPropertiesDto><kpp>770101001</kpp><bank><bik>1</bik></bank></jurPersonAdditionalPropertiesDto>')),
    );

    const [item] = await client.departments();
    const extra = (item as unknown as Record<string, Record<string, unknown>>).jurPersonAdditionalPropertiesDto!;

    expect([Object.prototype, null]).toContain(Object.getPrototypeOf(item));
    expect(Object.getPrototypeOf(extra)).toBe(null);
    expect(Object.getPrototypeOf(extra.bank)).toBe(null);
    expect(extra).toEqual({ kpp: '770101001', bank: { bik: '1' } });
  });

  it('a field missing from the record is never read from a polluted Object.prototype', async () => {
    const { client } = serving(PATHS.invoices, () => xml(documents('<id>d1</id><status>NEW</status><extra><k>v</k></extra>')));
    Object.defineProperty(Object.prototype, 'items', { value: [{ sum: 'evil' }], configurable: true, writable: true });
    Object.defineProperty(Object.prototype, 'k2', { value: 'evil', configurable: true, writable: true });
    try {
      const [document] = await client.incomingInvoices(INVOICES);
      expect(document!.items).toEqual([]);
      expect(Object.hasOwn(document!, 'items')).toBe(true);
    } finally {
      delete (Object.prototype as Record<string, unknown>).items;
      delete (Object.prototype as Record<string, unknown>).k2;
    }
  });

  it('stray elements between records are not built, whatever their names', async () => {
    const { client } = serving(PATHS.suppliers, () =>
      xml('<employees><__proto__><x>1</x></__proto__><employee><id>s1</id></employee><constructor/></employees>'),
    );
    await expect(client.suppliers()).resolves.toEqual([{ id: 's1' }]);
  });
});

describe('nesting depth', () => {
  it(`a department name wrapped in 100,000 <a> elements is refused with IikoInputLimitError (maxDepth ${DEFAULTS.maxDepth}), not retried`, async () => {
    const { client, count } = serving(PATHS.departments, () => xml(corporate(`<name>${nested(100_000, 'x')}</name>`)));

    const error = await failure(client.departments());

    expect(error).toBeInstanceOf(IikoInputLimitError);
    expect(error).toBeInstanceOf(IikoParseError);
    expect((error as IikoInputLimitError).limit).toBe('maxDepth');
    expect((error as IikoInputLimitError).max).toBe(DEFAULTS.maxDepth);
    expect((error as IikoInputLimitError).toJSON()).toMatchObject({ code: 'PARSE_FAILED', limit: 'maxDepth', max: DEFAULTS.maxDepth });
    expect(count()).toBe(1);
  });

  it(`exactly ${DEFAULTS.maxDepth} levels inside a record are read, and the result serialises`, async () => {
    // `<name>` is level 1 under the record, so it holds maxDepth − 1 more levels.
    const { client } = serving(PATHS.departments, () => xml(corporate(`<extra>${nested(DEFAULTS.maxDepth - 1, 'x')}</extra>`)));

    const [item] = await client.departments();

    expect(JSON.stringify(item)).toContain('"x"');
    const deeper = serving(PATHS.departments, () => xml(corporate(`<extra>${nested(DEFAULTS.maxDepth, 'x')}</extra>`)));
    await expect(deeper.client.departments()).rejects.toBeInstanceOf(IikoInputLimitError);
  });

  it('endless nesting outside any record is refused too', async () => {
    const { client } = serving(PATHS.suppliers, () => xml(`<employees>${nested(100_000, '')}</employees>`));
    await expect(client.suppliers()).rejects.toMatchObject({ name: 'IikoInputLimitError', limit: 'maxDepth' });
  });

  it('server info nested past the limit is refused', async () => {
    const { client } = serving(PATHS.serverInfo, () => xml(`<r><version>1</version>${nested(DEFAULTS.maxDepth + 1, 'x')}</r>`));
    await expect(client.serverInfo()).rejects.toMatchObject({ name: 'IikoInputLimitError', limit: 'maxDepth' });
  });
});

describe('number of children', () => {
  it(`one supplier with ${DEFAULTS.maxChildren + 1} child elements is refused (maxChildren)`, async () => {
    const { client, count } = serving(PATHS.suppliers, () => xml(employees(`<id>s1</id>${'<c>1</c>'.repeat(DEFAULTS.maxChildren)}`)));

    const error = await failure(client.suppliers());

    expect(error).toMatchObject({ name: 'IikoInputLimitError', limit: 'maxChildren', max: DEFAULTS.maxChildren });
    expect(count()).toBe(1);
  });

  it(`exactly ${DEFAULTS.maxChildren} children are read`, async () => {
    const { client } = serving(PATHS.suppliers, () => xml(employees(`<id>s1</id>${'<c>1</c>'.repeat(DEFAULTS.maxChildren - 1)}`)));
    const [supplier] = await client.suppliers();
    expect((supplier as unknown as { c: string[] }).c).toHaveLength(DEFAULTS.maxChildren - 1);
  });

  it('the records of a list are not children in this sense: more of them than maxChildren are read', async () => {
    const many = DEFAULTS.maxChildren + 1;
    const { client } = serving(PATHS.suppliers, () => xml(`<employees>${'<employee><id>s</id></employee>'.repeat(many)}</employees>`));
    await expect(client.suppliers()).resolves.toHaveLength(many);
  });
});

describe('length of one text', () => {
  const max = DEFAULTS.maxTextLength;

  it(`a supplier name of ${max + 1} characters is refused (maxTextLength), not retried`, async () => {
    const { client, count } = serving(PATHS.suppliers, () => xml(employees(`<id>s1</id><name>${'я'.repeat(max + 1)}</name>`)));

    const error = await failure(client.suppliers());

    expect(error).toMatchObject({ name: 'IikoInputLimitError', limit: 'maxTextLength', max });
    expect(count()).toBe(1);
  });

  it(`a name of exactly ${max} characters is read`, async () => {
    const { client } = serving(PATHS.suppliers, () => xml(employees(`<id>s1</id><name>${'я'.repeat(max)}</name>`)));
    const [supplier] = await client.suppliers();
    expect(supplier!.name).toHaveLength(max);
  });

  it('a text split by comments into pieces each under the limit is still one text, and refused', async () => {
    const half = 'a'.repeat(max / 2 + 1);
    const { client } = serving(PATHS.suppliers, () => xml(employees(`<id>s1</id><note>${half}<!-- -->${half}</note>`)));
    await expect(client.suppliers()).rejects.toMatchObject({ name: 'IikoInputLimitError', limit: 'maxTextLength' });
  });

  it.each([
    ['a comment', `<!--${'c'.repeat(max + 1)}-->`],
    ['a CDATA section', `<note><![CDATA[${'c'.repeat(max + 1)}]]></note>`],
    ['an attribute', `<note a="${'c'.repeat(max + 1)}">1</note>`],
    ['an element name', `<n${'c'.repeat(max + 1)}>1</n${'c'.repeat(max + 1)}>`],
    ['a text that never ends', `<note>${'c'.repeat(max + 1)}`],
  ])('%s longer than the limit is refused while it streams', async (_what, inner) => {
    const body = `<?xml version="1.0"?><employees><employee><id>s1</id>${inner}</employee></employees>`;
    const { client } = serving(PATHS.suppliers, () => chunkedXml(body, 65_536));
    await expect(client.suppliers()).rejects.toMatchObject({ name: 'IikoInputLimitError', limit: 'maxTextLength' });
  });
});

describe('size of the body', () => {
  it('a declared Content-Length above maxBodyBytes is refused before the body is read, and not retried', async () => {
    let pulled = 0;
    const { client, count } = serving(PATHS.invoices, () => {
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled += 1;
          controller.enqueue(new TextEncoder().encode('<incomingInvoiceDtoes>'));
        },
      });
      return new Response(stream, {
        headers: { 'content-type': 'application/xml', 'content-length': String(DEFAULTS.maxBodyBytes + 1) },
      });
    });

    const error = await failure(client.incomingInvoices(INVOICES));

    expect(error).toMatchObject({ name: 'IikoInputLimitError', limit: 'maxBodyBytes', max: DEFAULTS.maxBodyBytes });
    expect((error as Error).message).toContain(String(DEFAULTS.maxBodyBytes + 1));
    expect(count()).toBe(1);
    // The body never ends: had the client started reading it, only the counted limit would have stopped it.
    expect(pulled).toBeLessThan(10);
  });

  it('an undeclared body is counted as it streams and refused past the limit (a small limit, same public read)', async () => {
    const limit = 64 * 1024;
    await withBodyLimit(limit, async (fresh) => {
      const iiko = scriptedIiko(suite.msw);
      let sent = 0;
      iiko.on(PATHS.suppliers, () => {
        const piece = new TextEncoder().encode(`<employee><id>s${'0'.repeat(1000)}</id></employee>`);
        const stream = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('<employees>'));
          },
          pull(controller) {
            sent += piece.byteLength;
            controller.enqueue(piece); // endless: only the limit ends it
          },
        });
        return new Response(stream, { headers: { 'content-type': 'application/xml' } });
      });
      const client = suite.track(new fresh.IikoClient({ baseUrl: iiko.baseUrl, login: 'api', password: 'p4ss', retry: FAST_RETRY }));

      const error = await failure(client.suppliers());

      expect(isIikoError(error)).toBe(true);
      expect(error).toBeInstanceOf(IikoInputLimitError);
      expect(error).toMatchObject({ limit: 'maxBodyBytes', max: limit });
      expect(iiko.count(PATHS.suppliers)).toBe(1);
      expect(sent).toBeLessThan(limit * 4);
    });
  });

  it('a compressed body is counted after decompression, so a small gzip bomb over real HTTP is refused', async () => {
    const limit = 64 * 1024;
    const inflated = `<employees>${'<employee><id>s</id></employee>'.repeat(100_000)}</employees>`;
    const bomb = gzipSync(inflated);
    expect(bomb.byteLength).toBeLessThan(limit);
    const raw = await startRawServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === PATHS.auth) return void res.writeHead(200, { 'content-type': 'text/plain' }).end('7d8c4a41-6f5e-4c1b-9a8e-2f3b4c5d6e7f');
      if (path === PATHS.suppliers) {
        res.writeHead(200, { 'content-type': 'application/xml', 'content-encoding': 'gzip', 'content-length': String(bomb.byteLength) });
        return void res.end(bomb);
      }
      res.writeHead(200, { 'content-type': 'text/plain' }).end('');
    });
    suite.onCleanup(() => raw.close());
    await withBodyLimit(limit, async (fresh) => {
      const client = suite.track(new fresh.IikoClient({ baseUrl: raw.url, login: 'api', password: 'p4ss', retry: FAST_RETRY }));
      await expect(client.suppliers()).rejects.toMatchObject({ name: 'IikoInputLimitError', limit: 'maxBodyBytes', max: limit });
      expect(raw.requests.filter((url) => url.startsWith(PATHS.suppliers))).toHaveLength(1);
    });
  });
});

/**
 * Runs `test` with a fresh copy of the client whose `DEFAULTS.maxBodyBytes` is `limit`. The counted path
 * needs a body longer than the limit, which with the 256 MiB default would make a slow test; the read is
 * still the public one.
 */
async function withBodyLimit(limit: number, test: (fresh: typeof import('@getinn/iiko-client')) => Promise<void>): Promise<void> {
  vi.resetModules();
  vi.doMock('../src/constants', async (importOriginal) => {
    const original = await importOriginal<typeof import('../src/constants')>();
    return { ...original, DEFAULTS: { ...original.DEFAULTS, maxBodyBytes: limit } };
  });
  try {
    const fresh = await import('@getinn/iiko-client');
    expect(fresh.DEFAULTS.maxBodyBytes).toBe(limit);
    await test(fresh);
  } finally {
    vi.doUnmock('../src/constants');
    vi.resetModules();
  }
}

describe('DOCTYPE and entity declarations', () => {
  it.each([
    ['an internal entity', '<!DOCTYPE employees [<!ENTITY n "Молоко">]><employees><employee><id>s1</id><name>&n;</name></employee></employees>'],
    [
      'a billion laughs',
      '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' +
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><employees><employee><id>&lol3;</id></employee></employees>',
    ],
    ['an external entity', '<?xml version="1.0"?><!DOCTYPE employees SYSTEM "file:///etc/passwd"><employees/>'],
    ['a bare DOCTYPE', '<!DOCTYPE employees><employees/>'],
  ])('%s is refused with IikoUnsafeInputError (doctype), not retried', async (_what, body) => {
    const { client, count } = serving(PATHS.suppliers, () => xml(body));

    const error = await failure(client.suppliers());

    expect(error).toBeInstanceOf(IikoUnsafeInputError);
    expect((error as IikoUnsafeInputError).reason).toBe('doctype');
    expect(count()).toBe(1);
  });

  it('an HTML page with <!DOCTYPE html> labelled as XML is still reported as HTML', async () => {
    const { client } = serving(PATHS.suppliers, () => html('<!DOCTYPE html>\n<html><body>proxy</body></html>', 200, 'application/xml'));
    await expect(client.suppliers()).rejects.toBeInstanceOf(IikoHtmlResponseError);
  });
});

describe('impossible numbers', () => {
  const line = (num: string): string =>
    documents(`<id>d1</id><status>NEW</status><items><item><num>${num}</num><amount>1</amount><sum>1</sum></item></items>`);

  it.each([
    ['1e30 written out', '1' + '0'.repeat(30)],
    ['2^64', '18446744073709551616'],
    ['2^53', '9007199254740992'],
    ['400 digits (Infinity as a number)', '9'.repeat(400)],
    ['a negative one', '-9007199254740993'],
  ])('num of %s is an IikoValidationError', async (_what, num) => {
    const { client, count } = serving(PATHS.invoices, () => xml(line(num)));

    const error = await failure(client.incomingInvoices(INVOICES));

    expect(error).toBeInstanceOf(IikoValidationError);
    expect((error as IikoValidationError).issues[0]!.path).toEqual([0, 'items', 'item', 0, 'num']);
    expect(count()).toBe(1);
  });

  it.each([
    ['9007199254740991', 9007199254740991],
    ['-9007199254740991', -9007199254740991],
    ['000000000000000000000012', 12],
    ['-0', 0],
  ])('num %s is read as %d', async (num, expected) => {
    const { client } = serving(PATHS.invoices, () => xml(line(num)));
    const [document] = await client.incomingInvoices(INVOICES);
    expect(Object.is(document!.items[0]!.num, expected)).toBe(true);
  });

  it('a serverPort beyond a safe integer is an IikoValidationError', async () => {
    const { client } = serving(PATHS.serverInfo, () => xml(`<r><version>1</version><serverPort>${'9'.repeat(30)}</serverPort></r>`));
    await expect(client.serverInfo()).rejects.toBeInstanceOf(IikoValidationError);
  });

  it(`an amount of 40,000 digits and a sum of 60,000 are IikoValidationErrors (maxDecimalLength ${DEFAULTS.maxDecimalLength})`, async () => {
    for (const [field, digits] of [['amount', 40_000], ['sum', 60_000]] as const) {
      const other = field === 'amount' ? 'sum' : 'amount';
      const body = documents(`<id>d1</id><status>NEW</status><items><item><${field}>${'9'.repeat(digits)}.5</${field}><${other}>1</${other}></item></items>`);
      const { client } = serving(PATHS.invoices, () => xml(body));

      const error = await failure(client.incomingInvoices(INVOICES));

      expect(error).toBeInstanceOf(IikoValidationError);
      expect((error as IikoValidationError).issues[0]!.path).toEqual([0, 'items', 'item', 0, field]);
      expect((error as IikoValidationError).issues[0]!.message).toMatch(/at most 64 characters/);
    }
  });

  it(`a decimal of exactly ${DEFAULTS.maxDecimalLength} characters keeps every digit; one more is refused`, async () => {
    const longest = `-${'9'.repeat(DEFAULTS.maxDecimalLength - 11)}.${'1'.repeat(9)}`;
    expect(longest).toHaveLength(DEFAULTS.maxDecimalLength);
    const { client } = serving(PATHS.invoices, () => xml(line('1').replace('<sum>1</sum>', `<sum>${longest}</sum>`)));
    const [document] = await client.incomingInvoices(INVOICES);
    expect(document!.items[0]!.sum).toBe(longest);

    const longer = serving(PATHS.invoices, () => xml(line('1').replace('<sum>1</sum>', `<sum>${longest}1</sum>`)));
    await expect(longer.client.incomingInvoices(INVOICES)).rejects.toBeInstanceOf(IikoValidationError);
  });
});

describe('over real HTTP (the loopback fake)', () => {
  it('a 200 answer holding __proto__ or a DOCTYPE is refused the same way, and the next clean read works', async () => {
    const fake = await suite.loopback();
    const client = fake.client();
    fake.server.injectFault({
      kind: 'status',
      status: 200,
      contentType: 'application/xml; charset=UTF-8',
      body: employees('<id>s1</id><__proto__><polluted>1</polluted></__proto__>'),
      path: PATHS.suppliers,
    });
    fake.server.injectFault({
      kind: 'status',
      status: 200,
      contentType: 'application/xml; charset=UTF-8',
      body: '<!DOCTYPE x [<!ENTITY e "1">]><corporateItemDtoes/>',
      path: PATHS.departments,
    });

    await expect(client.suppliers()).rejects.toMatchObject({ name: 'IikoUnsafeInputError', reason: 'reserved-name' });
    await expect(client.departments()).rejects.toMatchObject({ name: 'IikoUnsafeInputError', reason: 'doctype' });
    await expect(client.suppliers()).resolves.toHaveLength(fake.server.data.suppliers.length);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('refusals carry no secret', () => {
  it('the message, JSON and stack of a refusal name the path, never the token or the password hash', async () => {
    const { client, token } = serving(PATHS.suppliers, () => xml(employees(`<id>s1</id><__proto__/>`)));
    const error = (await failure(client.suppliers())) as IikoUnsafeInputError;
    const seen = `${error.message}\n${error.stack ?? ''}\n${JSON.stringify(error)}`;
    expect(seen).toContain('/resto/api/suppliers');
    expect(seen).not.toContain(token);
    expect(seen).not.toContain('p4ss');
    expect(seen).not.toContain(passwordSha1('p4ss'));
  });

  it('a limit refusal quoting an element name that echoes the token or the hash has them redacted', async () => {
    const iiko = scriptedIiko(suite.msw);
    const hash = passwordSha1('p4ss');
    const client = suite.client({ baseUrl: iiko.baseUrl, login: 'api', password: 'p4ss', retry: FAST_RETRY });
    for (const secret of [iiko.token, hash]) {
      const tag = `n${secret}`;
      iiko.on(PATHS.suppliers, () => xml(employees(`<id>s1</id><${tag}>${'<c/>'.repeat(DEFAULTS.maxChildren + 1)}</${tag}>`)));

      const error = (await failure(client.suppliers())) as IikoInputLimitError;

      expect(error).toMatchObject({ name: 'IikoInputLimitError', limit: 'maxChildren' });
      expect(error.message).toContain('<n***>');
      const seen = `${error.message}\n${error.stack ?? ''}\n${JSON.stringify(error)}`;
      expect(seen).not.toContain(iiko.token);
      expect(seen).not.toContain(hash);
    }
  });
});
