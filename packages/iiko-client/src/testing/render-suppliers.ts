import { XML_DECLARATION } from './constants';
import type { FakeSupplier } from './data-types';
import { pushElement } from './xml';

/**
 * Writes `<employees>` as `/resto/api/suppliers` (and `/suppliers/search`) answer it: `employee` items with
 * the fields in the vendor XSD's order, booleans as `true`/`false`, and `<employees/>` for no match.
 */
export function renderSuppliers(suppliers: readonly FakeSupplier[]): string {
  if (suppliers.length === 0) return `${XML_DECLARATION}<employees/>`;
  const out: string[] = [XML_DECLARATION, '<employees>'];
  for (const s of suppliers) {
    out.push('<employee>');
    pushElement(out, 'id', s.id);
    pushElement(out, 'code', s.code);
    pushElement(out, 'name', s.name);
    pushElement(out, 'phone', s.phone);
    pushElement(out, 'cellPhone', s.cellPhone);
    pushElement(out, 'firstName', s.firstName);
    pushElement(out, 'middleName', s.middleName);
    pushElement(out, 'lastName', s.lastName);
    pushElement(out, 'email', s.email);
    pushElement(out, 'address', s.address);
    pushElement(out, 'note', s.note);
    pushElement(out, 'cardNumber', s.cardNumber);
    pushElement(out, 'taxpayerIdNumber', s.taxpayerIdNumber);
    pushElement(out, 'deleted', s.deleted);
    pushElement(out, 'supplier', s.supplier);
    pushElement(out, 'employee', s.employee);
    pushElement(out, 'client', s.client);
    pushElement(out, 'representsStore', s.representsStore);
    out.push('</employee>');
  }
  out.push('</employees>');
  return out.join('');
}
