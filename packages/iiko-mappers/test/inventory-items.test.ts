import { describe, expect, it } from 'vitest';
import type { IikoProduct } from '@getinn/iiko-client';
import { invoiceNomenclature, mapInventoryItems, MappingConfigurationError } from '@getinn/iiko-mappers';

const KG = { id: 'kg', name: 'кг' };
const DAIRY = { id: 'dairy', name: 'Молочная продукция' };

describe('mapInventoryItems', () => {
  it('maps a product with its unit and group names, keeping every id', () => {
    const { items, issues } = mapInventoryItems(
      [{ id: 'p1', name: 'Творог 9%', num: '00136', code: '136', type: 'GOODS', mainUnit: 'kg', parent: 'dairy', unitWeight: '1', category: 'cat' }],
      { groups: [DAIRY], units: [KG] },
    );
    expect(issues).toEqual([]);
    expect(items).toEqual([
      {
        name: 'Творог 9%',
        article: '00136',
        code: '136',
        type: 'GOODS',
        unitName: 'кг',
        unitExternalId: 'kg',
        groupName: 'Молочная продукция',
        groupExternalId: 'dairy',
        isActive: true,
        externalId: 'p1',
        externalSystemType: 'iiko',
        externalMetadata: { deleted: false, category: 'cat', unitWeight: '1' },
      },
    ]);
  });

  it('keeps deleted products inactive: old invoices still name them', () => {
    const { items } = mapInventoryItems([{ id: 'old', name: 'Снято с продажи', deleted: true }]);
    expect(items[0]).toMatchObject({ isActive: false, externalMetadata: { deleted: true }, unitName: null, groupName: null, article: null });
  });

  it('names a product without a name by its article, code or id, and reports units it cannot name', () => {
    const { items, issues } = mapInventoryItems(
      [
        { id: 'a', num: '00999', mainUnit: 'ghost' },
        { id: 'b', code: '77' },
        { id: 'c' },
      ],
      { units: [KG] },
    );
    expect(items.map((item) => item.name)).toEqual(['00999', '77', 'c']);
    expect(issues.map((issue) => [issue.externalId, issue.code, issue.severity])).toEqual([
      ['a', 'MISSING_NAME', 'warning'],
      ['a', 'UNKNOWN_UNIT', 'warning'],
      ['b', 'MISSING_NAME', 'warning'],
      ['c', 'MISSING_NAME', 'warning'],
    ]);
    expect(issues[0]).toMatchObject({ entity: 'inventoryItem' });
  });

  it('leaves out a product without an id, with an error, and maps the rest', () => {
    const { items, issues } = mapInventoryItems([{ name: 'x' } as IikoProduct, { id: 'ok', name: 'ok' }]);
    expect(items.map((item) => item.externalId)).toEqual(['ok']);
    expect(issues).toMatchObject([{ code: 'MISSING_ID', severity: 'error', index: 0 }]);
  });

  it('throws for a list that is not an array', () => {
    expect(() => mapInventoryItems(undefined as unknown as IikoProduct[])).toThrow(MappingConfigurationError);
  });
});

describe('invoiceNomenclature', () => {
  it('names products by id and units by id, from the items and from every unit given', () => {
    const { items } = mapInventoryItems([{ id: 'p1', name: 'Творог', mainUnit: 'kg' }], { units: [KG] });
    const nomenclature = invoiceNomenclature(items, [{ id: 'l', name: 'л' }]);
    expect(nomenclature.products.get('p1')).toBe('Творог');
    expect([...nomenclature.units]).toEqual([
      ['l', 'л'],
      ['kg', 'кг'],
    ]);
  });
});
