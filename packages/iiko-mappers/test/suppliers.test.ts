import { describe, expect, it } from 'vitest';
import type { IikoSupplier } from '@getinn/iiko-client';
import { mapSuppliers } from '@getinn/iiko-mappers';
import { parseSuppliersXml, readSample } from './support/iiko-xml';

/** A `/resto/api/suppliers` answer in iiko's element order, with entities, Cyrillic and the literal null. */
const EMPLOYEES_XML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<employees>
  <employee>
    <id>7f0c3b3e-1111-4e8f-9d2b-0a1b2c3d4e5f</id>
    <code>201</code>
    <name>ООО «Молочная ферма» &amp; К°</name>
    <login>ferma</login>
    <phone>+7 (495) 123-45-67</phone>
    <cellPhone>+7 916 000-00-01</cellPhone>
    <birthday>1980-01-01T00:00:00</birthday>
    <email>orders@ferma.example</email>
    <address>г. Москва, ул. Полевая, д. 1</address>
    <note>Доставка &lt;до 10:00&gt;</note>
    <taxpayerIdNumber>7701234567</taxpayerIdNumber>
    <snils>112-233-445 95</snils>
    <gln>null</gln>
    <deleted>false</deleted>
    <supplier>true</supplier>
    <employee>false</employee>
    <client>false</client>
  </employee>
  <employee>
    <id>7f0c3b3e-2222-4e8f-9d2b-0a1b2c3d4e5f</id>
    <code>202</code>
    <name>ИП Иванов А. П.</name>
    <firstName>Алексей</firstName>
    <lastName>Иванов</lastName>
    <deleted>true</deleted>
    <supplier>true</supplier>
    <employee>false</employee>
    <client>true</client>
  </employee>
  <employee>
    <id>7f0c3b3e-3333-4e8f-9d2b-0a1b2c3d4e5f</id>
    <code>3</code>
    <name>Петрова Мария (бухгалтер)</name>
    <phone>+7 900 111-22-33</phone>
    <deleted>false</deleted>
    <supplier>false</supplier>
    <employee>true</employee>
    <client>false</client>
  </employee>
</employees>`;

describe('mapSuppliers', () => {
  it('reads representsStore as a boolean, false when iiko sends none', () => {
    const [own, bought, plain] = mapSuppliers([
      { id: 'own', name: 'Склад кухни', representsStore: 'true' } as unknown as IikoSupplier,
      { id: 'bought', name: 'ООО «Ферма»', representsStore: false },
      { id: 'plain', name: 'ИП Иванов' },
    ]).items;
    expect([own?.representsStore, bought?.representsStore, plain?.representsStore]).toEqual([true, false, false]);
  });

  it('maps the vendor employee fragment', () => {
    const { items, issues } = mapSuppliers(parseSuppliersXml(readSample('server_suppliers_employee-fragment_iiko-data-sync.xml')));
    expect(issues).toEqual([]);
    expect(items).toEqual([
      {
        name: '11 мкр',
        contactInfo: { code: '195' },
        isActive: true,
        representsStore: false,
        externalId: 'c56d4fb2-5a59-4683-8080-468de0bdebbf',
        externalSystemType: 'iiko',
        externalMetadata: { deleted: false, supplier: true, employee: false, client: false },
      },
    ]);
  });

  it('keeps contact data in contactInfo and no staff-only personal data', () => {
    const [ferma] = mapSuppliers(parseSuppliersXml(EMPLOYEES_XML)).items;
    expect(ferma).toEqual({
      name: 'ООО «Молочная ферма» & К°',
      contactInfo: {
        phone: '+7 (495) 123-45-67',
        cellPhone: '+7 916 000-00-01',
        email: 'orders@ferma.example',
        address: 'г. Москва, ул. Полевая, д. 1',
        taxpayerIdNumber: '7701234567',
        code: '201',
        note: 'Доставка <до 10:00>',
      },
      isActive: true,
      representsStore: false,
      externalId: '7f0c3b3e-1111-4e8f-9d2b-0a1b2c3d4e5f',
      externalSystemType: 'iiko',
      externalMetadata: { deleted: false, supplier: true, employee: false, client: false },
    });
    expect(JSON.stringify(ferma)).not.toMatch(/ferma"|1980|112-233/);
  });

  it('keeps a deleted supplier, inactive, because old invoices point at it', () => {
    const ivanov = mapSuppliers(parseSuppliersXml(EMPLOYEES_XML)).items[1];
    expect(ivanov).toMatchObject({
      name: 'ИП Иванов А. П.',
      isActive: false,
      externalMetadata: { deleted: true, client: true, firstName: 'Алексей', lastName: 'Иванов' },
    });
  });

  it('leaves out staff who are not suppliers, without an issue', () => {
    const { items, issues } = mapSuppliers(parseSuppliersXml(EMPLOYEES_XML));
    expect(items.map((supplier) => supplier.contactInfo.code)).toEqual(['201', '202']);
    expect(issues).toEqual([]);
  });

  it('keeps a record that does not say whether it is a supplier', () => {
    expect(mapSuppliers([{ id: 's', name: 'ООО «Без флагов»' }]).items).toMatchObject([
      { name: 'ООО «Без флагов»', isActive: true, contactInfo: {}, externalMetadata: { deleted: false } },
    ]);
  });

  it('names a supplier without a name by its code, else its id, with a warning', () => {
    const { items, issues } = mapSuppliers([
      { id: 's1', code: '195' },
      { id: 's2', name: '   ' },
    ]);
    expect(items.map((supplier) => supplier.name)).toEqual(['195', 's2']);
    expect(issues.map((issue) => [issue.entity, issue.code, issue.severity, issue.path])).toEqual([
      ['supplier', 'MISSING_NAME', 'warning', ['name']],
      ['supplier', 'MISSING_NAME', 'warning', ['name']],
    ]);
  });

  it('reports a supplier without id and maps the rest', () => {
    const { items, issues } = mapSuppliers([{ name: 'без id' } as IikoSupplier, { id: 'ok', name: 'ok' }]);
    expect(items.map((supplier) => supplier.externalId)).toEqual(['ok']);
    expect(issues).toMatchObject([{ code: 'MISSING_ID', index: 0, severity: 'error' }]);
  });

  it("reads iiko's string booleans on records that did not come through the client", () => {
    const raw = { id: 'x', name: 'x', deleted: 'true', supplier: 'true' } as unknown as IikoSupplier;
    expect(mapSuppliers([raw]).items[0]?.isActive).toBe(false);
  });

  it('maps an empty list to nothing', () => {
    expect(mapSuppliers([])).toEqual({ items: [], issues: [] });
    expect(parseSuppliersXml('<employees/>')).toEqual([]);
  });
});
