/**
 * Nothing the vendor's payloads carry is dropped on the way to the record: for each vendor sample, every
 * element of every record arrives — in a field of the record (under GET INN's name) or in its
 * `externalMetadata` (under iiko's) — with its value.
 */
import { describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import { mapInvoices, mapRestaurants, mapSuppliers } from '@getinn/iiko-mappers';
import { parseCorporateItemsXml, parseInvoicesXml, parseSuppliersXml, readSample } from './support/iiko-xml';

const raw = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true, isArray: (name) => ['document', 'item', 'corporateItemDto', 'employee'].includes(name) });

/** Element name → value of one record of the XML, empty and `null` ones left out (they mean "no value"). */
function elements(record: Record<string, unknown>, skip: readonly string[] = []): [string, unknown][] {
  return Object.entries(record).filter(([name, value]) => !skip.includes(name) && value !== '' && value !== 'null');
}

/** Where a field of iiko's lands when it is not under its own name in `externalMetadata`. */
const RENAMED: Record<string, (record: Record<string, unknown>) => unknown> = {
  id: (r) => r.externalId,
  name: (r) => r.name,
  supplier: (r) => r.supplierExternalId,
  amount: (r) => r.quantity,
  sum: (r) => r.lineTotal,
  store: (r) => r.storeExternalId,
  code: (r) => (r.contactInfo as Record<string, unknown> | undefined)?.code ?? (r.externalMetadata as Record<string, unknown>).code,
};

/** The value an element arrived as: its metadata entry, else the record field it became. */
function arrived(name: string, record: Record<string, unknown>): unknown {
  const metadata = record.externalMetadata as Record<string, unknown>;
  if (name in metadata) return metadata[name];
  if (metadata.other !== undefined && name in (metadata.other as Record<string, unknown>)) return (metadata.other as Record<string, unknown>)[name];
  return RENAMED[name]?.(record);
}

/** Decimal text compared by value (`0.000000000` and the record's `0.000000000`), booleans by meaning. */
function same(xmlText: unknown, value: unknown): boolean {
  if (typeof value === 'boolean') return String(value) === xmlText;
  if (typeof value === 'number') return String(value) === xmlText;
  if (typeof value === 'string' && typeof xmlText === 'string' && /^-?\d+(\.\d+)?$/.test(xmlText) && /^-?\d+(\.\d+)?$/.test(value)) {
    return Number(xmlText) === Number(value);
  }
  return value === xmlText || (typeof value === 'string' && typeof xmlText === 'string' && xmlText.startsWith(value));
}

function expectAllArrive(record: Record<string, unknown>, mapped: Record<string, unknown>, skip: readonly string[] = []): void {
  for (const [name, value] of elements(record, skip)) {
    const landed = arrived(name, mapped);
    expect(landed, `<${name}> of ${String(record.id)} arrives`).toBeDefined();
    if (typeof value === 'string') expect(same(value, landed), `<${name}>${value}</${name}> arrives as ${JSON.stringify(landed)}`).toBe(true);
  }
}

describe.each([
  'server_incomingInvoice-export_2docs_official-doc.xml',
  'server_incomingInvoice-export-byNumber_official-doc.xml',
])('every element of %s arrives', (sample) => {
  it('on the invoice and on each of its lines', () => {
    const xml = readSample(sample);
    const documents = (raw.parse(xml).incomingInvoiceDtoes as { document: Record<string, unknown>[] }).document;
    const { items, issues } = mapInvoices(parseInvoicesXml(xml), { currency: 'RUB' });
    expect(issues.filter((issue) => issue.severity === 'error')).toEqual([]);
    documents.forEach((document, index) => {
      const invoice = items[index] as unknown as Record<string, unknown>;
      expectAllArrive(document, invoice, ['items']);
      const lines = ((document.items as { item?: Record<string, unknown>[] }).item ?? []);
      lines.forEach((line, position) => expectAllArrive(line, (invoice.items as Record<string, unknown>[])[position]!));
    });
  });
});

describe('the other vendor samples', () => {
  it('every element of each department arrives on its restaurant', () => {
    const xml = readSample('server_corporation-departments_illustrative_sales_forecast-guide.xml');
    const nodes = (raw.parse(xml).corporateItemDtoes as { corporateItemDto: Record<string, unknown>[] }).corporateItemDto;
    const { items } = mapRestaurants(parseCorporateItemsXml(xml));
    const departments = nodes.filter((node) => node.type === 'DEPARTMENT');
    expect(items).toHaveLength(departments.length);
    departments.forEach((node, index) => expectAllArrive(node, items[index] as unknown as Record<string, unknown>));
  });

  it('every element of the supplier fragment arrives on its supplier', () => {
    const xml = readSample('server_suppliers_employee-fragment_iiko-data-sync.xml');
    const [employee] = (raw.parse(`<employees>${xml}</employees>`).employees as { employee: Record<string, unknown>[] }).employee;
    const [supplier] = mapSuppliers(parseSuppliersXml(xml)).items;
    expectAllArrive(employee!, supplier as unknown as Record<string, unknown>);
  });
});

describe('fields real servers send beyond the samples', () => {
  it('keeps supplierProductArticle, producer, customs number, priceUnit, conceptionCode, the linked invoice and unknown elements', () => {
    const xml = `<incomingInvoiceDtoes><document><id>d1</id><documentNumber>7</documentNumber><dateIncoming>2026-10-01T10:00:00</dateIncoming>
      <supplier>s1</supplier><defaultStore>st</defaultStore><status>PROCESSED</status><conceptionCode>К-1</conceptionCode>
      <linkedOutgoingInvoiceId>out-9</linkedOutgoingInvoiceId><newElement>новое</newElement>
      <items><item><num>1</num><product>p1</product><amount>2.000000000</amount><sum>10.000000000</sum><store>st</store>
      <supplierProductArticle>SUP-0042</supplierProductArticle><producer>ООО «Завод»</producer>
      <customsDeclarationNumber>10702070/011026/0001</customsDeclarationNumber><priceUnit>u-box</priceUnit>
      <lineExtra><a>1</a></lineExtra></item></items></document></incomingInvoiceDtoes>`;
    const [document] = (raw.parse(xml).incomingInvoiceDtoes as { document: Record<string, unknown>[] }).document;
    const [invoice] = mapInvoices(parseInvoicesXml(xml), { currency: 'RUB' }).items;
    expectAllArrive(document!, invoice as unknown as Record<string, unknown>, ['items']);
    const line = invoice!.items[0]!;
    expect(line.externalMetadata).toMatchObject({
      supplierProductArticle: 'SUP-0042',
      producer: 'ООО «Завод»',
      customsDeclarationNumber: '10702070/011026/0001',
      priceUnit: 'u-box',
      other: { lineExtra: { a: '1' } },
    });
    expect(invoice!.externalMetadata).toMatchObject({ conceptionCode: 'К-1', linkedOutgoingInvoiceId: 'out-9', other: { newElement: 'новое' } });
  });

  it("keeps a restaurant's legal entity with its taxpayer number and additional properties", () => {
    const xml = `<corporateItemDtoes>
      <corporateItemDto><id>jur</id><name>ООО "Ресторанный дом"</name><type>JURPERSON</type><taxpayerIdNumber>7707083893</taxpayerIdNumber>
        <jurPersonAdditionalPropertiesDto><taxpayerId>7707083893</taxpayerId><registrationReasonCode>770701001</registrationReasonCode></jurPersonAdditionalPropertiesDto></corporateItemDto>
      <corporateItemDto><id>dep</id><parentId>jur</parentId><name>Ресторан</name><type>DEPARTMENT</type></corporateItemDto>
    </corporateItemDtoes>`;
    const [restaurant] = mapRestaurants(parseCorporateItemsXml(xml)).items;
    expect(restaurant!.externalMetadata.legalEntity).toEqual({
      id: 'jur',
      name: 'ООО "Ресторанный дом"',
      taxpayerIdNumber: '7707083893',
      jurPersonAdditionalPropertiesDto: { taxpayerId: '7707083893', registrationReasonCode: '770701001' },
    });
  });

  it('never copies staff-only personal data of an employee record, not even to other', () => {
    const [supplier] = mapSuppliers([
      { id: 's', name: 'ООО', login: 'ivanov', password: 'secret', pinCode: '1234', snils: '112-233-445 95', note: 'ok', extraField: 'kept' } as never,
    ]).items;
    expect(JSON.stringify(supplier)).not.toMatch(/ivanov|secret|1234|112-233/);
    expect(supplier!.externalMetadata.other).toEqual({ extraField: 'kept' });
  });
});
