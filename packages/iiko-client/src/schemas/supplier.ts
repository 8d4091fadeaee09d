import { z } from 'zod';
import { booleanString, dateTimeString, text, textList } from './values';

/**
 * A supplier, as `/resto/api/suppliers` and `/resto/api/suppliers/search` return it: element `employee`
 * under the root `employees` (iiko keeps suppliers, staff and clients in one "employee" entity; the
 * `supplier` flag tells them apart). Deleted suppliers are returned too and stay relevant: old invoices
 * point at them. Elements this version does not know are kept on the object as parsed.
 */
export interface IikoSupplier {
  /** iiko's id (a UUID); invoices reference it as `supplier`. */
  id: string;
  /** The supplier's code in iiko. */
  code?: string;
  /** Display name, often a legal name such as `ООО «Молочная ферма»`. */
  name?: string;
  /** Back-office login, for staff records. */
  login?: string;
  mainRoleCode?: string;
  roleCodes?: string[];
  phone?: string;
  cellPhone?: string;
  firstName?: string;
  middleName?: string;
  lastName?: string;
  /** As written by the server (`yyyy-MM-dd[THH:mm:ss]`). */
  birthday?: string;
  email?: string;
  address?: string;
  hireDate?: string;
  hireDocumentNumber?: string;
  fireDate?: string;
  note?: string;
  cardNumber?: string;
  /** Taxpayer number (ИНН); iiko calls it `taxpayerIdNumber`, never `inn`. */
  taxpayerIdNumber?: string;
  snils?: string;
  /** Global Location Number (since iiko 6.0). */
  gln?: string;
  activationDate?: string;
  deactivationDate?: string;
  preferredDepartmentCode?: string;
  departmentCodes?: string[];
  responsibilityDepartmentCodes?: string[];
  /** `true` for a supplier deleted in iiko. */
  deleted?: boolean;
  /** `true` when the record is a supplier. */
  supplier?: boolean;
  /** `true` when the record is a member of staff. */
  employee?: boolean;
  /** `true` when the record is a client. */
  client?: boolean;
  /**
   * `true` when the supplier stands for one of the chain's own stores: documents from it are internal
   * transfers. Real servers send it besides the XSD's fields, as the string `true`/`false`.
   */
  representsStore?: boolean;
}

/** Validates one `employee` element; see {@link IikoSupplier}. */
export const supplierSchema: z.ZodType<IikoSupplier> = z.looseObject({
  id: text.min(1),
  code: text.exactOptional(),
  name: text.exactOptional(),
  login: text.exactOptional(),
  mainRoleCode: text.exactOptional(),
  roleCodes: textList.exactOptional(),
  phone: text.exactOptional(),
  cellPhone: text.exactOptional(),
  firstName: text.exactOptional(),
  middleName: text.exactOptional(),
  lastName: text.exactOptional(),
  birthday: dateTimeString.exactOptional(),
  email: text.exactOptional(),
  address: text.exactOptional(),
  hireDate: text.exactOptional(),
  hireDocumentNumber: text.exactOptional(),
  fireDate: text.exactOptional(),
  note: text.exactOptional(),
  cardNumber: text.exactOptional(),
  taxpayerIdNumber: text.exactOptional(),
  snils: text.exactOptional(),
  gln: text.exactOptional(),
  activationDate: text.exactOptional(),
  deactivationDate: text.exactOptional(),
  preferredDepartmentCode: text.exactOptional(),
  departmentCodes: textList.exactOptional(),
  responsibilityDepartmentCodes: textList.exactOptional(),
  deleted: booleanString.exactOptional(),
  supplier: booleanString.exactOptional(),
  employee: booleanString.exactOptional(),
  client: booleanString.exactOptional(),
  representsStore: booleanString.exactOptional(),
});
