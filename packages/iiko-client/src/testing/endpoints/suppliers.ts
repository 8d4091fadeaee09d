import type { FakeSupplier } from '../data-types';
import { type FakeReply, xmlReply } from '../reply';
import { renderSuppliers } from '../render-suppliers';
import type { EndpointContext } from './context';
import { checkRevisionFrom } from './validate';

/**
 * `GET /resto/api/suppliers`: every employee record of the data as is — suppliers, the odd non-supplier and
 * deleted ones — since telling them apart is the client's and mappers' job.
 */
export function suppliers({ url, state }: EndpointContext): FakeReply {
  return checkRevisionFrom(url) ?? xmlReply(renderSuppliers(state.data.suppliers));
}

type Matcher = (supplier: FakeSupplier, wanted: string) => boolean;

const contains =
  (field: keyof FakeSupplier): Matcher =>
  (supplier, wanted) =>
    String(supplier[field] ?? '').toLowerCase().includes(wanted.toLowerCase());
const equals =
  (field: keyof FakeSupplier): Matcher =>
  (supplier, wanted) =>
    String(supplier[field] ?? '').toLowerCase() === wanted.toLowerCase();
const digitsOnly = (text: string): string => text.replace(/\D/g, '');
const phoneContains =
  (field: 'phone' | 'cellPhone'): Matcher =>
  (supplier, wanted) => {
    const digits = digitsOnly(wanted);
    return digits !== '' && digitsOnly(supplier[field] ?? '').includes(digits);
  };

/**
 * The search filters: free text matches as a case-insensitive substring, phones by their digits, codes
 * and numbers exactly. Several filters all have to match.
 */
const FILTERS: Readonly<Record<string, Matcher>> = {
  name: contains('name'),
  firstName: contains('firstName'),
  middleName: contains('middleName'),
  lastName: contains('lastName'),
  email: contains('email'),
  phone: phoneContains('phone'),
  cellPhone: phoneContains('cellPhone'),
  code: equals('code'),
  cardNumber: equals('cardNumber'),
  taxpayerIdNumber: equals('taxpayerIdNumber'),
};

/** `GET /resto/api/suppliers/search?name=…`: the same `employees` root, filtered; `<employees/>` for none. */
export function searchSuppliers({ url, state }: EndpointContext): FakeReply {
  const active: Array<[Matcher, string]> = [];
  for (const [name, matcher] of Object.entries(FILTERS)) {
    const wanted = url.searchParams.get(name);
    if (wanted !== null && wanted !== '') active.push([matcher, wanted]);
  }
  const found = state.data.suppliers.filter((s) => active.every(([matcher, wanted]) => matcher(s, wanted)));
  return xmlReply(renderSuppliers(found));
}
