import type { FakeSupplier } from '../data-types';
import type { Rng } from '../prng';
import { generateInn } from './inn';
import {
  AREA_CODES,
  CITIES,
  COMPANY_ADJECTIVES,
  COMPANY_NOUNS,
  FIRST_NAMES,
  FIXED_SUPPLIERS,
  LAST_NAMES,
  MIDDLE_NAMES,
  NOTES,
  STREETS,
  slug,
} from './pools';

/** Who a generated supplier is. */
export interface Identity {
  readonly name: string;
  readonly kind: 'org' | 'ip';
  readonly lastName?: string;
  readonly firstName?: string;
  readonly middleName?: string;
}

/** Present, empty (`<x/>`) or absent, as real employee lists mix all three. */
function sometimes(rng: Rng, presence: number, value: () => string): string | undefined {
  if (rng.chance(presence)) return value();
  return rng.chance(0.5) ? '' : undefined;
}

function landline(rng: Rng): string {
  return `+7 (${rng.pick(AREA_CODES)}) ${rng.digits(3)}-${rng.digits(2)}-${rng.digits(2)}`;
}

function mobile(rng: Rng): string {
  const operator = `9${rng.digits(2)}`;
  const [a, b, c] = [rng.digits(3), rng.digits(2), rng.digits(2)];
  return rng.pick([`+7${operator}${a}${b}${c}`, `8 (${operator}) ${a}-${b}-${c}`, `+7 ${operator} ${a} ${b} ${c}`]);
}

function address(rng: Rng): string {
  return `${rng.pick(CITIES)}, ${rng.pick(STREETS)}, д. ${rng.int(1, 120)}${rng.chance(0.3) ? `, стр. ${rng.int(1, 5)}` : ''}`;
}

function identity(rng: Rng, index: number): Identity {
  const fixed = FIXED_SUPPLIERS[index];
  if (fixed !== undefined) return fixed;
  if (rng.chance(0.35)) {
    const lastName = rng.pick(LAST_NAMES);
    const firstName = rng.pick(FIRST_NAMES);
    const middleName = rng.pick(MIDDLE_NAMES);
    return { name: `ИП ${lastName} ${firstName[0]}. ${middleName[0]}.`, kind: 'ip', lastName, firstName, middleName };
  }
  const form = rng.pick(['ООО', 'ООО', 'АО', 'ТД']);
  return { name: `${form} «${rng.pick(COMPANY_ADJECTIVES)} ${rng.pick(COMPANY_NOUNS)}»`, kind: 'org' };
}

/** One supplier record with the optional fields varying as real lists do. */
export function supplierRecord(rng: Rng, index: number, who: Identity): FakeSupplier {
  const domain = slug(who.name.replace(/^(ООО|АО|ТД|ИП)\s+/, '')) || `supplier${index}`;
  const record: FakeSupplier = {
    id: rng.uuid(),
    code: String(100 + index),
    name: who.name,
    deleted: false,
    supplier: true,
    employee: false,
    client: false,
  };
  const phone = sometimes(rng, 0.75, () => landline(rng));
  if (phone !== undefined) record.phone = phone;
  if (rng.chance(0.5)) record.cellPhone = mobile(rng);
  if (who.firstName !== undefined && rng.chance(0.7)) {
    record.firstName = who.firstName;
    if (who.middleName !== undefined) record.middleName = who.middleName;
    if (who.lastName !== undefined) record.lastName = who.lastName;
  }
  const email = sometimes(rng, 0.7, () => `${rng.pick(['zakaz', 'info', 'sales', 'opt'])}@${domain}.ru`);
  if (email !== undefined) record.email = email;
  const where = sometimes(rng, 0.6, () => address(rng));
  if (where !== undefined) record.address = where;
  const note = sometimes(rng, 0.2, () => rng.pick(NOTES));
  if (note !== undefined) record.note = note;
  record.taxpayerIdNumber = rng.chance(0.9) ? generateInn(rng, who.kind) : '';
  return record;
}

/**
 * `count` active suppliers (the fixed escaping-heavy ones first), then the extras a real list carries:
 * a deleted supplier, a supplier that is also a client, and two staff members who are not suppliers.
 */
export function generateSuppliers(rng: Rng, count: number): FakeSupplier[] {
  const list: FakeSupplier[] = [];
  for (let i = 0; i < count; i++) list.push(supplierRecord(rng, i, identity(rng, i)));
  const clientSupplier = list[Math.min(count - 1, 7)];
  if (clientSupplier !== undefined) clientSupplier.client = true;
  const gone = supplierRecord(rng, count, { name: 'ООО «Закрытая лавка»', kind: 'org' });
  gone.deleted = true;
  gone.note = 'Не работаем с 2023 г.';
  list.push(gone);
  for (let i = 0; i < 2; i++) {
    const lastName = rng.pick(LAST_NAMES);
    const firstName = rng.pick(FIRST_NAMES);
    const middleName = rng.pick(MIDDLE_NAMES);
    list.push({
      id: rng.uuid(),
      code: String(900 + i),
      name: `${lastName} ${firstName} ${middleName}`,
      cellPhone: mobile(rng),
      firstName,
      middleName,
      lastName,
      cardNumber: rng.digits(8),
      deleted: false,
      supplier: false,
      employee: true,
      client: false,
    });
  }
  return list;
}
