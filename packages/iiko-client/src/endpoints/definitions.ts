import type { z } from 'zod';
import { PATHS } from '../constants';
import type { XmlListShape } from '../internal/xml-tree';
import { corporateItemSchema, type CorporateItem } from '../schemas/corporate-item';
import { incomingInvoiceSchema, type IncomingInvoice } from '../schemas/incoming-invoice';
import { supplierSchema, type IikoSupplier } from '../schemas/supplier';

/** A v1 XML list endpoint: where it lives, how its XML is shaped and what each record must look like. */
export interface ListEndpoint<T> {
  path: string;
  shape: XmlListShape;
  schema: z.ZodType<T>;
}

const none = new Set<string>();

/** `/resto/api/corporation/departments`: the whole corporate tree (root `corporateItemDtoes`). */
export const departmentsEndpoint: ListEndpoint<CorporateItem> = {
  path: PATHS.departments,
  shape: { itemElement: 'corporateItemDto', arrayElements: none },
  schema: corporateItemSchema,
};

/** `/resto/api/corporation/stores`: the `STORE` nodes, same shape as departments. */
export const storesEndpoint: ListEndpoint<CorporateItem> = { ...departmentsEndpoint, path: PATHS.stores };

/**
 * `/resto/api/suppliers`: root `employees` (or `employeeDtoes`), items `employee` — not
 * `suppliers/supplier`. The code lists repeat, so they are always lists.
 */
export const suppliersEndpoint: ListEndpoint<IikoSupplier> = {
  path: PATHS.suppliers,
  shape: { itemElement: 'employee', arrayElements: new Set(['roleCodes', 'departmentCodes', 'responsibilityDepartmentCodes']) },
  schema: supplierSchema,
};

/** `/resto/api/suppliers/search`: the same list, filtered by the server. */
export const supplierSearchEndpoint: ListEndpoint<IikoSupplier> = { ...suppliersEndpoint, path: PATHS.supplierSearch };

/** `/resto/api/documents/export/incomingInvoice`: root `incomingInvoiceDtoes`, items `document`, lines `items/item`. */
export const incomingInvoicesEndpoint: ListEndpoint<IncomingInvoice> = {
  path: PATHS.incomingInvoices,
  shape: { itemElement: 'document', arrayElements: new Set(['item']) },
  schema: incomingInvoiceSchema,
};
