import type { IikoSupplier } from '@getinn/iiko-client';
import { mapBatch, missingId, nameOrFallback } from './batch';
import type { MappingResult } from './issues';
import { EXTERNAL_SYSTEM_TYPE, type Supplier, type SupplierContactInfo, type SupplierMetadata } from './records';
import { copyTexts, flag, otherFields } from './text';

const CONTACT_TEXTS = ['phone', 'cellPhone', 'email', 'address', 'taxpayerIdNumber', 'code', 'note'] as const;
const METADATA_TEXTS = [
  'firstName',
  'middleName',
  'lastName',
  'gln',
  'activationDate',
  'deactivationDate',
] as const;
const ROLE_FLAGS = ['supplier', 'employee', 'client'] as const;

/** Fields read into the record itself. */
const SUPPLIER_FIELDS = new Set<string>([...CONTACT_TEXTS, ...METADATA_TEXTS, ...ROLE_FLAGS, 'id', 'name', 'deleted', 'representsStore']);

/**
 * Staff-only personal data and secrets of iiko's `employee` entity (vendor XSD): never copied, not even to
 * `other` — a supplier record has no business holding a member of staff's login, PIN or SNILS.
 */
const STAFF_ONLY = new Set([
  'login', 'password', 'pinCode', 'mainRoleCode', 'roleCodes', 'birthday', 'hireDate', 'hireDocumentNumber', 'fireDate',
  'cardNumber', 'snils', 'preferredDepartmentCode', 'departmentCodes', 'responsibilityDepartmentCodes',
]);

/**
 * Maps iiko's suppliers (`employee` records) to GET INN suppliers, in input order.
 *
 * - Contact data — phone, cell phone, email, address, taxpayer id (`taxpayerIdNumber`), code, note — goes to
 *   `contactInfo`, only what iiko sent.
 * - Deleted suppliers stay, with `isActive: false`: old invoices point at them, and reconciling last
 *   year's statement must still find its supplier.
 * - iiko keeps suppliers, staff and clients in one `employee` entity. A record flagged `supplier: false`
 *   is not a supplier and is left out without an issue (a member of staff's phone has no place in the
 *   suppliers table); a record without the flag is kept.
 * - A supplier without a name is named by its code or id, with a `MISSING_NAME` warning; one without an id
 *   is an error.
 * - `representsStore` (iiko's flag for a supplier that is one of the chain's own stores, so an internal
 *   transfer rather than a purchase) is a boolean, `false` when iiko sends none.
 * - Staff-only personal data (login, birthday, SNILS, card and hire details) is not copied.
 *
 * @param suppliers - `client.suppliers()` or `client.searchSuppliers(…)`
 * @returns the suppliers, and an issue for each record that could not be mapped cleanly
 *
 * @example
 * ```ts
 * const { items: suppliers } = mapSuppliers(await iiko.suppliers());
 * const active = suppliers.filter((s) => s.isActive);
 * ```
 */
export function mapSuppliers(suppliers: readonly IikoSupplier[]): MappingResult<Supplier> {
  return mapBatch(suppliers, 'suppliers', 'supplier', (record, id, issues) => {
    if (flag(record.supplier) === false) return undefined;
    if (id === undefined) return missingId(issues, 'supplier');
    const deleted = flag(record.deleted) === true;
    const externalMetadata: SupplierMetadata = { deleted, ...copyTexts(record, METADATA_TEXTS) };
    for (const role of ROLE_FLAGS) {
      const value = flag(record[role]);
      if (value !== undefined) externalMetadata[role] = value;
    }
    const other = otherFields(record, SUPPLIER_FIELDS, STAFF_ONLY);
    if (other !== undefined) externalMetadata.other = other;
    const contactInfo: SupplierContactInfo = copyTexts(record, CONTACT_TEXTS);
    return {
      name: nameOrFallback(record, id, issues, 'supplier'),
      contactInfo,
      isActive: !deleted,
      representsStore: flag(record.representsStore) === true,
      externalId: id,
      externalSystemType: EXTERNAL_SYSTEM_TYPE,
      externalMetadata,
    };
  });
}
