/** The vendor's own published payloads (testdata/iiko-samples at the repository root), served through msw, read by the client. */
import { describe, expect, it } from 'vitest';
import {
  IikoBadRequestError,
  IikoConflictError,
  IikoLicenseError,
  IikoPermissionError,
  IikoServerError,
  type IikoClient,
  type IikoError,
} from '@getinn/iiko-client';
import { FAST_RETRY, PATHS, useSuite } from './support/suite';
import { scriptedIiko, text, xml, type ScriptedIiko } from './support/scripted-iiko';
import { SAMPLES, errorBodySamples, fixture } from './support/fixtures';

const suite = useSuite();

function serving(path: string, body: string, options: { auth?: string } = {}): { client: IikoClient; iiko: ScriptedIiko } {
  const iiko = scriptedIiko(suite.msw, options.auth === undefined ? {} : { auth: [() => text(options.auth!)] }).on(path, () => xml(body));
  const client = suite.client({ baseUrl: iiko.baseUrl, login: 'api', password: 'p4ss', retry: FAST_RETRY });
  return { client, iiko };
}

describe('the incoming invoice export sample (2 documents)', () => {
  it('gives 2 documents of 17 and 1 lines with iiko’s field names and exact values', async () => {
    const { client, iiko } = serving(PATHS.invoices, fixture(SAMPLES.invoices2Docs));

    const invoices = await client.incomingInvoices({ from: '2012-07-01', to: '2012-07-02', supplierIds: ['c5c6f00d-e1e5-4e3c-a4b8-bb677f470572', '22a2a9d7-9d9c-48ad-bf99-83bf8cde1938'] });

    expect(invoices.map((invoice) => invoice.items.length)).toEqual([17, 1]);
    const [first, second] = invoices;
    expect(first).toMatchObject({
      id: '575a43c7-85e0-4210-9c57-7a90efe37336',
      incomingDocumentNumber: '16594',
      incomingDate: '2012-07-01T08:00:00',
      useDefaultDocumentTime: false,
      dueDate: '2012-07-02T00:00:00',
      supplier: 'c5c6f00d-e1e5-4e3c-a4b8-bb677f470572',
      defaultStore: '1239d270-1bbe-f64f-b7ea-5f00518ef508',
      documentNumber: '1568',
      comment: 'Н',
      status: 'PROCESSED',
    });
    expect(first).not.toHaveProperty('invoice'); // <invoice/>
    expect(first!.items[0]).toEqual({
      actualAmount: '0.090000000',
      store: '1239d270-1bbe-f64f-b7ea-5f00518ef508',
      code: '00628',
      price: '420.440000000',
      sum: '37.840000000',
      vatPercent: '0.000000000',
      vatSum: '0.000000000',
      discountSum: '0.000000000',
      amountUnit: '7ba81c3a-8de5-8f9d-fb9f-e39efcbc57cc',
      num: 9,
      product: 'ddc8bb89-0892-45e5-b5d0-ce9cb3b25ff4',
      productArticle: '00628',
      amount: '0.090000000',
    });
    expect(first!.items.map((item) => item.num).sort((a, b) => a! - b!)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    expect(second!.id).toBe('df700f01-410b-4713-9b52-875f6c17faf5');
    const request = iiko.seen.find((r) => r.path === PATHS.invoices)!;
    expect(request.url.searchParams.getAll('supplierId')).toHaveLength(2);
  });

  it('keeps the pack-priced line as written: containerId, 152 base units, 180 per pack, sum 1440', async () => {
    const { client } = serving(PATHS.invoices, fixture(SAMPLES.invoices2Docs));

    const [, packed] = await client.incomingInvoices({ from: '2012-07-01', to: '2012-07-02' });
    const [line] = packed!.items;

    expect(line).toMatchObject({
      containerId: '49882ad2-5db3-4a03-a096-96bc47238c5a',
      amount: '152.000000000',
      actualAmount: '152.000000000',
      price: '180.000000000',
      sum: '1440.000000000',
      amountUnit: '69859c74-db72-b006-cba5-326cf6f4fc6e',
    });
    // The client never recomputes money: 152 × 180 would be 27 360.
    expect(Number(line!.amount) * Number(line!.price)).not.toBe(Number(line!.sum));
  });

  it('reads the by-number sample, mojibake comment kept as published', async () => {
    const { client } = serving(PATHS.invoices, fixture(SAMPLES.invoiceByNumber));

    const [invoice] = await client.incomingInvoices({ from: '2012-01-01', to: '2012-01-31' });

    expect(invoice).toMatchObject({ id: 'f12649c3-d340-4e61-9bbd-5ca2ac644636', documentNumber: '1711', comment: 'РЅ', status: 'PROCESSED' });
    expect(invoice!.items.length).toBeGreaterThan(0);
    for (const item of invoice!.items) expect(item.sum).toMatch(/^\d+\.\d{9}$/);
  });
});

describe('the departments sample', () => {
  it('gives the three nodes, Cyrillic and quotes intact, empty elements absent', async () => {
    const { client } = serving(PATHS.departments, fixture(SAMPLES.departments));

    const items = await client.departments();

    expect(items).toEqual([
      {
        id: 'a1b2c3d4-e5f6-7890-abcd-ef1234567890',
        parentId: '00000000-0000-0000-0000-000000000000',
        code: '001',
        name: 'Ресторан "Центральный"',
        type: 'DEPARTMENT',
        taxpayerIdNumber: '123456789012',
      },
      { id: 'b2c3d4e5-f6a7-8901-bcde-f12345678901', parentId: 'a1b2c3d4-e5f6-7890-abcd-ef1234567890', code: '002', name: 'Кофейня "На углу"', type: 'DEPARTMENT' },
      { id: 'c3d4e5f6-a7b8-9012-cdef-123456789012', name: 'ТОО "Компания"', type: 'JURPERSON', taxpayerIdNumber: '987654321098' },
    ]);
  });
});

describe('the supplier (employee) fragment', () => {
  it('gives one supplier whose employee flag — named like the list element — is a boolean field', async () => {
    const { client } = serving(PATHS.suppliers, `<employees>${fixture(SAMPLES.employeeFragment)}</employees>`);

    await expect(client.suppliers()).resolves.toEqual([
      { id: 'c56d4fb2-5a59-4683-8080-468de0bdebbf', code: '195', name: '11 мкр', deleted: false, supplier: true, employee: false, client: false },
    ]);
  });
});

describe('the auth token sample', () => {
  it('is used, trimmed, as the key of the next request', async () => {
    const token = fixture(SAMPLES.authToken);
    const { client, iiko } = serving(PATHS.suppliers, '<employees/>', { auth: token });

    await client.suppliers();

    expect(iiko.seen.find((request) => request.path === PATHS.suppliers)!.url.searchParams.get('key')).toBe(token.trim());
  });
});

describe('the documented error bodies', () => {
  const expected: Record<number, (body: string) => abstract new (...args: never[]) => IikoError> = {
    400: () => IikoBadRequestError,
    403: (body) => (body === 'Permission denied' ? IikoPermissionError : IikoLicenseError),
    409: () => IikoConflictError,
    500: () => IikoServerError,
  };

  it.each(errorBodySamples().map(({ status, body }) => [status, body.replace(/%s/g, 'RMS (API)').replace(/%d/g, '2')] as const))(
    '%i %s: the right error class, iiko’s text kept, retried only if 5xx',
    async (status, body) => {
      const iiko = scriptedIiko(suite.msw).on(PATHS.suppliers, () => text(body, status));
      const client = suite.client({ baseUrl: iiko.baseUrl, login: 'api', password: 'p4ss', retry: FAST_RETRY });

      const error = (await client.suppliers().catch((e: unknown) => e)) as IikoError;

      expect(error).toBeInstanceOf(expected[status]!(body));
      expect(error.responseText).toBe(body);
      expect(error.message).toContain(body.length > 200 ? body.slice(0, 200) : body);
      expect(iiko.count(PATHS.suppliers)).toBe(status >= 500 ? 3 : 1);
    },
  );

  it('the sample has bodies for every documented status', () => {
    expect(new Set(errorBodySamples().map((sample) => sample.status))).toEqual(new Set([400, 403, 409, 500]));
  });
});
