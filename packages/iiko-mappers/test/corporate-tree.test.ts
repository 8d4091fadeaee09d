import { describe, expect, it } from 'vitest';
import type { CorporateItem } from '@getinn/iiko-client';
import { MappingConfigurationError, mapRestaurants, mapStores } from '@getinn/iiko-mappers';
import { parseCorporateItemsXml, readSample } from './support/iiko-xml';

const CENTRAL = 'a1b2c3d4-e5f6-7890-abcd-ef1234567890';
const CORNER = 'b2c3d4e5-f6a7-8901-bcde-f12345678901';
const COMPANY = 'c3d4e5f6-a7b8-9012-cdef-123456789012';

/** The illustrative vendor-shaped departments answer: two restaurants and a legal entity. */
function sampleTree(): CorporateItem[] {
  return parseCorporateItemsXml(readSample('server_corporation-departments_illustrative_sales_forecast-guide.xml'));
}

const store = (id: string, parentId: string | undefined, name = `Склад ${id}`): CorporateItem =>
  parentId === undefined ? { id, name, type: 'STORE' } : { id, parentId, name, type: 'STORE' };

describe('mapRestaurants', () => {
  it('maps the DEPARTMENT nodes of the sample tree and leaves the legal entity out', () => {
    const { items, issues } = mapRestaurants(sampleTree());
    expect(issues).toEqual([]);
    expect(items).toEqual([
      {
        name: 'Ресторан "Центральный"',
        kind: 'restaurant',
        isActive: true,
        externalId: CENTRAL,
        externalSystemType: 'iiko',
        externalMetadata: {
          type: 'DEPARTMENT',
          code: '001',
          parentId: '00000000-0000-0000-0000-000000000000',
          taxpayerIdNumber: '123456789012',
        },
      },
      {
        name: 'Кофейня "На углу"',
        kind: 'restaurant',
        isActive: true,
        externalId: CORNER,
        externalSystemType: 'iiko',
        // The sample's empty <taxpayerIdNumber></taxpayerIdNumber> is no value, not an empty string.
        externalMetadata: { type: 'DEPARTMENT', code: '002', parentId: CENTRAL },
      },
    ]);
  });

  it('maps central stores and production units as owners of their own kind, and no other node type', () => {
    const { items, issues } = mapRestaurants([
      { id: 'r', name: 'Ресторан', type: 'DEPARTMENT' },
      { id: 'c', name: 'Распределительный центр', type: 'CENTRALSTORE' },
      { id: 'm', name: 'Фабрика-кухня', type: 'MANUFACTURE' },
      ...['CORPORATION', 'JURPERSON', 'ORGDEVELOPMENT', 'CENTRALOFFICE', 'SALEPOINT', 'STORE'].map((type) => ({ id: type, name: type, type })),
    ]);
    expect(issues).toEqual([]);
    expect(items.map((owner) => [owner.externalId, owner.kind, owner.externalMetadata.type])).toEqual([
      ['r', 'restaurant', 'DEPARTMENT'],
      ['c', 'central_store', 'CENTRALSTORE'],
      ['m', 'production', 'MANUFACTURE'],
    ]);
  });

  it('marks a node or store iiko sends as deleted inactive, and keeps it', () => {
    const tree = [{ id: 'd', name: 'Закрытый ресторан', type: 'DEPARTMENT', deleted: 'true' } as unknown as CorporateItem];
    expect(mapRestaurants(tree).items.map((r) => r.isActive)).toEqual([false]);
    const stores = [{ ...store('s', 'd'), deleted: true } as unknown as CorporateItem, store('t', 'd')];
    expect(mapStores(stores, tree).items.map((s) => [s.externalId, s.isActive])).toEqual([
      ['s', false],
      ['t', true],
    ]);
  });

  it('maps an empty tree to nothing and a one-node tree to one restaurant', () => {
    expect(mapRestaurants([])).toEqual({ items: [], issues: [] });
    expect(mapRestaurants([{ id: 'd', name: 'Бар', type: 'DEPARTMENT' }]).items.map((r) => r.name)).toEqual(['Бар']);
  });

  it('names a department without a name by its code, else its id, with a warning', () => {
    const { items, issues } = mapRestaurants([
      { id: 'd1', code: '007', type: 'DEPARTMENT' },
      { id: 'd2', type: 'DEPARTMENT' },
    ]);
    expect(items.map((restaurant) => restaurant.name)).toEqual(['007', 'd2']);
    expect(issues.map((issue) => [issue.externalId, issue.code, issue.severity])).toEqual([
      ['d1', 'MISSING_NAME', 'warning'],
      ['d2', 'MISSING_NAME', 'warning'],
    ]);
  });

  it('reports a department without id and maps the others', () => {
    const { items, issues } = mapRestaurants([{ type: 'DEPARTMENT', name: 'x' } as CorporateItem, ...sampleTree()]);
    expect(items).toHaveLength(2);
    expect(issues).toMatchObject([{ entity: 'restaurant', index: 0, code: 'MISSING_ID', externalId: null }]);
  });

  it('throws when the tree is not a list', () => {
    expect(() => mapRestaurants(undefined as unknown as CorporateItem[])).toThrow(MappingConfigurationError);
  });
});

describe('mapStores', () => {
  it('finds the restaurant of a store hanging directly under a department', () => {
    const tree = sampleTree();
    const { items, issues } = mapStores([store('s1', CORNER, 'Бар')], tree);
    expect(issues).toEqual([]);
    expect(items).toEqual([
      {
        restaurantExternalId: CORNER,
        name: 'Бар',
        isActive: true,
        externalId: 's1',
        externalSystemType: 'iiko',
        externalMetadata: { type: 'STORE', parentId: CORNER },
      },
    ]);
  });

  it('walks up through intermediate nodes to the first department', () => {
    const tree: CorporateItem[] = [
      ...sampleTree(),
      { id: 'hall', parentId: CORNER, name: 'Зал', type: 'ORGDEVELOPMENT' },
      { id: 'line', parentId: 'hall', name: 'Линия', type: 'SALEPOINT' },
    ];
    expect(mapStores([store('s1', 'line')], tree).items[0]?.restaurantExternalId).toBe(CORNER);
  });

  it('gives the store of a central store or a production unit that node as its owner, the nearest one winning', () => {
    const tree: CorporateItem[] = [
      ...sampleTree(),
      { id: 'dc', parentId: COMPANY, name: 'Распределительный центр', type: 'CENTRALSTORE' },
      { id: 'kitchen', parentId: CORNER, name: 'Фабрика-кухня', type: 'MANUFACTURE' },
      { id: 'line', parentId: 'kitchen', name: 'Линия', type: 'SALEPOINT' },
    ];
    const { items, issues } = mapStores([store('central', 'dc'), store('prod', 'line')], tree);
    expect(issues).toEqual([]);
    expect(items.map((mapped) => [mapped.externalId, mapped.restaurantExternalId])).toEqual([
      ['central', 'dc'],
      ['prod', 'kitchen'],
    ]);
  });

  it('keeps a store under a legal entity without an owner, with a warning, instead of guessing one', () => {
    const stores = [store('central', COMPANY, 'Центральный склад'), store('bar', CENTRAL, 'Бар')];
    const { items, issues } = mapStores(stores, [...sampleTree(), ...stores]);
    expect(items.map((mapped) => [mapped.externalId, mapped.restaurantExternalId])).toEqual([
      ['central', null],
      ['bar', CENTRAL],
    ]);
    expect(issues).toEqual([
      {
        entity: 'store',
        externalId: 'central',
        index: 0,
        code: 'STORE_WITHOUT_RESTAURANT',
        message: 'store hangs under no DEPARTMENT, CENTRALSTORE or MANUFACTURE (chain: ТОО "Компания" (JURPERSON) → root); kept without an owner',
        path: ['parentId'],
        severity: 'warning',
      },
    ]);
  });

  it.each([
    ['no parent', undefined],
    ['the nil id as parent', '00000000-0000-0000-0000-000000000000'],
  ])('keeps and reports a store with %s', (_, parentId) => {
    const { items, issues } = mapStores([store('s', parentId)], sampleTree());
    expect(items.map((mapped) => mapped.restaurantExternalId)).toEqual([null]);
    expect(issues[0]).toMatchObject({ code: 'STORE_WITHOUT_RESTAURANT', severity: 'warning', message: expect.stringContaining('no parent') });
  });

  it('reports a parent the tree does not have', () => {
    const { issues } = mapStores([store('s', 'ghost')], sampleTree());
    expect(issues).toMatchObject([{ code: 'MISSING_PARENT', externalId: 's', message: expect.stringContaining('ghost') }]);
  });

  it('stops at a cycle in the tree and reports it', () => {
    const tree: CorporateItem[] = [
      { id: 'a', parentId: 'b', name: 'A', type: 'ORGDEVELOPMENT' },
      { id: 'b', parentId: 'a', name: 'B', type: 'CENTRALOFFICE' },
    ];
    const { items, issues } = mapStores([store('s', 'a'), store('self', 'self'), store('ok', CENTRAL)], [...sampleTree(), ...tree]);
    expect(items.map((mapped) => [mapped.externalId, mapped.restaurantExternalId])).toEqual([
      ['s', null],
      ['self', null],
      ['ok', CENTRAL],
    ]);
    expect(issues.map((issue) => [issue.externalId, issue.code])).toEqual([
      ['s', 'TREE_CYCLE'],
      ['self', 'TREE_CYCLE'],
    ]);
  });

  it('finds the restaurant of a store missing from the tree given', () => {
    expect(mapStores([store('only-in-stores', CENTRAL)], sampleTree()).items).toHaveLength(1);
  });

  it('maps only STORE nodes, so the whole tree can be passed as stores', () => {
    const tree = [...sampleTree(), store('s1', CENTRAL)];
    expect(mapStores(tree, tree).items.map((mapped) => mapped.externalId)).toEqual(['s1']);
  });

  it('names a store without a name by its code, with a warning', () => {
    const { items, issues } = mapStores([{ id: 's', parentId: CENTRAL, code: '1.2', type: 'STORE' }], sampleTree());
    expect(items[0]?.name).toBe('1.2');
    expect(items[0]?.externalMetadata).toEqual({ type: 'STORE', code: '1.2', parentId: CENTRAL });
    expect(issues).toMatchObject([{ code: 'MISSING_NAME', severity: 'warning' }]);
  });

  it('maps empty lists to nothing', () => {
    expect(mapStores([], [])).toEqual({ items: [], issues: [] });
    expect(mapStores([], sampleTree())).toEqual({ items: [], issues: [] });
  });
});
