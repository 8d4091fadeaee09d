import { describe, expect, it } from 'vitest';
import type { CorporateItem, IikoSupplier } from '@getinn/iiko-client';
import { mapInvoices, mapRestaurants, mapStores, mapSuppliers } from '@getinn/iiko-mappers';
import { deepFreeze, parseCorporateItemsXml, parseSuppliersXml, readSample, twoDocumentExport } from './support/iiko-xml';

const tree = (): CorporateItem[] => [
  ...parseCorporateItemsXml(readSample('server_corporation-departments_illustrative_sales_forecast-guide.xml')),
  { id: 'bar', parentId: 'b2c3d4e5-f6a7-8901-bcde-f12345678901', name: 'Бар', type: 'STORE' },
  { id: 'central', parentId: 'c3d4e5f6-a7b8-9012-cdef-123456789012', name: 'Центральный склад', type: 'STORE' },
  { id: 'loop', parentId: 'loop', name: 'Петля', type: 'STORE' },
];
const suppliers = (): IikoSupplier[] => [
  ...parseSuppliersXml(readSample('server_suppliers_employee-fragment_iiko-data-sync.xml')),
  { id: 'gone', name: 'ООО «Было»', deleted: true, supplier: true },
];

const mappers = {
  mapRestaurants: () => {
    const input = tree();
    return { input, run: () => mapRestaurants(input) };
  },
  mapStores: () => {
    const input = tree();
    return { input, run: () => mapStores(input, input) };
  },
  mapSuppliers: () => {
    const input = suppliers();
    return { input, run: () => mapSuppliers(input) };
  },
  mapInvoices: () => {
    const input = twoDocumentExport();
    return { input, run: () => mapInvoices(input, { currency: 'RUB' }) };
  },
};

describe.each(Object.entries(mappers))('%s', (_, setup) => {
  it('leaves its input untouched and maps frozen input the same way', () => {
    const { input, run } = setup();
    const before = structuredClone(input);
    const first = run();
    expect(input).toStrictEqual(before);
    deepFreeze(input);
    expect(run()).toStrictEqual(first);
  });

  it('shares no object with its input, so editing a record cannot reach back into iiko data', () => {
    const { input, run } = setup();
    const inputObjects = new Set<unknown>();
    const collect = (value: unknown): void => {
      if (typeof value !== 'object' || value === null || inputObjects.has(value)) return;
      inputObjects.add(value);
      Object.values(value).forEach(collect);
    };
    collect(input);
    const outputObjects: unknown[] = [];
    const walk = (value: unknown): void => {
      if (typeof value !== 'object' || value === null) return;
      outputObjects.push(value);
      Object.values(value).forEach(walk);
    };
    walk(run());
    expect(outputObjects.filter((value) => inputObjects.has(value))).toEqual([]);
  });
});
