import type { FakeCorporateItem } from '../data-types';
import type { Rng } from '../prng';
import { generateInn } from './inn';
import { RESTAURANT_NAMES, STORE_NAMES } from './pools';

/** The generated tree and the stores invoices may point at. */
export interface GeneratedCorporation {
  readonly items: FakeCorporateItem[];
  /** Stores under restaurants. */
  readonly restaurantStores: readonly string[];
  /** The warehouse of the `CENTRALSTORE` node (the chain's central store). */
  readonly centralStore: string;
  /** The store of the `MANUFACTURE` node (the production unit). */
  readonly productionStore: string;
  /** With data problems on: a `STORE` hanging straight under a legal entity, which no node owns. */
  readonly orphanStore: string | undefined;
}

/**
 * CORPORATION → JURPERSON (one or two legal entities) → DEPARTMENT (restaurants) → STORE, plus a
 * CENTRALOFFICE, a CENTRALSTORE "Распределительный центр" with its warehouse "Центральный склад", and a
 * MANUFACTURE "Фабрика-кухня" with its own store — the nodes besides restaurants that receive deliveries.
 * With `dataProblems`, a `STORE` hangs straight under the first JURPERSON: the realistic orphan that
 * `/stores` returns and whose owner the mappers must report rather than guess.
 *
 * `extra` draws the ids of the nodes added after the first version of the generator, so the ids and
 * values drawn from `rng` — and every test built on a seed — stay as they were.
 */
export function generateCorporation(
  rng: Rng,
  restaurants: number,
  storesPerRestaurant: number,
  extra: Rng = rng,
  dataProblems = false,
): GeneratedCorporation {
  const corporation: FakeCorporateItem = { id: rng.uuid(), parentId: '', code: '', name: 'ГК «Вкусные истории»', type: 'CORPORATION' };
  const jurPersons: FakeCorporateItem[] = [
    { id: rng.uuid(), parentId: corporation.id, code: '', name: 'ООО "Ресторанный дом"', type: 'JURPERSON', taxpayerIdNumber: generateInn(rng, 'org') },
  ];
  if (restaurants > 1) {
    jurPersons.push({ id: rng.uuid(), parentId: corporation.id, code: '', name: 'ИП Кузнецов Д. А.', type: 'JURPERSON', taxpayerIdNumber: generateInn(rng, 'ip') });
  }
  const office: FakeCorporateItem = { id: rng.uuid(), parentId: corporation.id, code: 'УК', name: 'Управляющая компания', type: 'CENTRALOFFICE' };
  const departments: FakeCorporateItem[] = [];
  const stores: FakeCorporateItem[] = [];
  for (let r = 0; r < restaurants; r++) {
    const base = RESTAURANT_NAMES[r % RESTAURANT_NAMES.length] ?? 'Ресторан';
    const round = Math.floor(r / RESTAURANT_NAMES.length);
    const department: FakeCorporateItem = {
      id: rng.uuid(),
      parentId: jurPersons[r % jurPersons.length]?.id ?? corporation.id,
      code: String(r + 1).padStart(3, '0'),
      name: round === 0 ? base : `${base} ${round + 1}`,
      type: 'DEPARTMENT',
    };
    if (rng.chance(0.5)) department.taxpayerIdNumber = '';
    departments.push(department);
    for (let s = 0; s < storesPerRestaurant; s++) {
      const storeBase = STORE_NAMES[s % STORE_NAMES.length] ?? 'Склад';
      stores.push({
        id: rng.uuid(),
        parentId: department.id,
        code: rng.chance(0.5) ? '' : `${r + 1}.${s + 1}`,
        name: `${storeBase}${s >= STORE_NAMES.length ? ` ${s + 1}` : ''} (${department.name})`,
        type: 'STORE',
      });
    }
  }
  const firstJurPerson = jurPersons[0] ?? corporation;
  const distribution: FakeCorporateItem = { id: rng.uuid(), parentId: firstJurPerson.id, code: 'РЦ', name: 'Распределительный центр', type: 'CENTRALSTORE' };
  const centralStore: FakeCorporateItem = { id: rng.uuid(), parentId: distribution.id, code: '', name: 'Центральный склад', type: 'STORE' };
  const kitchen: FakeCorporateItem = { id: extra.uuid(), parentId: firstJurPerson.id, code: 'ФК', name: 'Фабрика-кухня', type: 'MANUFACTURE' };
  const productionStore: FakeCorporateItem = { id: extra.uuid(), parentId: kitchen.id, code: 'ФК.1', name: 'Склад фабрики-кухни', type: 'STORE' };
  const orphan: FakeCorporateItem | undefined = dataProblems
    ? { id: extra.uuid(), parentId: firstJurPerson.id, code: '', name: 'Склад без подразделения', type: 'STORE' }
    : undefined;
  return {
    items: [corporation, ...jurPersons, office, ...departments, ...stores, distribution, centralStore, kitchen, productionStore, ...(orphan ? [orphan] : [])],
    restaurantStores: stores.map((store) => store.id),
    centralStore: centralStore.id,
    productionStore: productionStore.id,
    orphanStore: orphan?.id,
  };
}
