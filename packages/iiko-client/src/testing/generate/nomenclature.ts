import type { FakeMeasureUnit, FakeProduct, FakeProductGroup } from '../data-types';
import type { Rng } from '../prng';
import type { Product } from './invoices';
import { PRODUCT_NAMES, UNITS } from './pools';

/** The nomenclature of a generated chain. */
export interface GeneratedNomenclature {
  readonly products: FakeProduct[];
  readonly productGroups: FakeProductGroup[];
  readonly measureUnits: FakeMeasureUnit[];
}

/** Every 40th product is deleted: old invoices still name it, so a client must ask for deleted ones too. */
const DELETED_EVERY = 40;

/**
 * The nomenclature consistent with the invoices: one product per catalogue entry (same id, article and
 * base unit as the lines that name it), named by its unit's kind, in a group, and the three units. Names
 * repeat with a number once the word list runs out. Group ids come from `extra`, so the catalogue's own
 * stream — and every invoice — stays as it was.
 */
export function generateNomenclature(extra: Rng, catalogue: readonly Product[]): GeneratedNomenclature {
  const groups = new Map<string, FakeProductGroup>();
  const groupOf = (name: string): FakeProductGroup => {
    let group = groups.get(name);
    if (group === undefined) {
      const num = String(groups.size + 1).padStart(3, '0');
      group = { id: extra.uuid(), deleted: false, name, num, code: num, parent: null };
      groups.set(name, group);
    }
    return group;
  };
  const used = new Map<string, number>();
  const products = catalogue.map((entry, index): FakeProduct => {
    const names = PRODUCT_NAMES[entry.unit.name] ?? [['Товар', 'Прочее'] as const];
    const count = used.get(entry.unit.name) ?? 0;
    used.set(entry.unit.name, count + 1);
    const [base, group] = names[count % names.length]!;
    const round = Math.floor(count / names.length);
    return {
      id: entry.id,
      deleted: index % DELETED_EVERY === DELETED_EVERY - 1,
      name: round === 0 ? base : `${base} №${round + 1}`,
      num: entry.article,
      code: String(Number(entry.article)),
      type: 'GOODS',
      mainUnit: entry.unit.id,
      parent: groupOf(group).id,
      unitWeight: entry.unit.name === 'шт' ? 0.25 : 1,
    };
  });
  const measureUnits = UNITS.map((unit): FakeMeasureUnit => ({ id: unit.id, rootType: 'MeasureUnit', deleted: false, name: unit.name, code: unit.name }));
  return { products, productGroups: [...groups.values()], measureUnits };
}
