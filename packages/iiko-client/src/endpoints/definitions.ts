import type { z } from 'zod';
import { PATHS } from '../constants';
import type { IikoRequestInfo } from '../errors/iiko-error';
import { xmlText } from '../internal/checked';
import { jsonText, readJsonList } from '../internal/read-json';
import type { InputLimits } from '../internal/input-limits';
import { readXmlList, streamXmlList, type RecordSink } from '../internal/read-xml';
import type { XmlListShape } from '../internal/xml-tree';
import { corporateItemSchema, type CorporateItem } from '../schemas/corporate-item';
import { incomingInvoiceSchema, type IncomingInvoice } from '../schemas/incoming-invoice';
import { licenceInfoSchema, type IikoLicenceInfo } from '../schemas/licence';
import { measureUnitSchema, type IikoMeasureUnit } from '../schemas/measure-unit';
import { productSchema, type IikoProduct } from '../schemas/product';
import { productGroupSchema, type IikoProductGroup } from '../schemas/product-group';
import { supplierSchema, type IikoSupplier } from '../schemas/supplier';
import { supplierPriceListItemSchema, type IikoSupplierPriceListItem } from '../schemas/price-list';
import { stockBalanceSchema, type IikoStockBalance } from '../schemas/stock-balance';

/**
 * A list endpoint: where it lives, what each record must look like, and how its answer is read — streamed
 * XML records (the v1 lists) or a JSON array (the v2 entities). Both readers give the same guarantees
 * (input limits, no prototype pollution, typed errors); the client sends both through the same transport,
 * session and retries.
 */
export interface ReadEndpoint<T> {
  /** Path under the base URL, without a leading slash. */
  path: string;
  /** What each record must look like. */
  schema: z.ZodType<T>;
  /**
   * Reads a 2xx answer into records checked by `schema` — the endpoint's own, or a wrapper of it (the
   * tolerant reads wrap it so that a mismatch is reported, not thrown).
   */
  read<U>(response: Response, request: IikoRequestInfo, schema: z.ZodType<U>, redact: (text: string) => string, limits: InputLimits): Promise<U[]>;
  /**
   * Reads a 2xx answer like `read`, handing the records to `sink` as they are parsed: XML records as
   * their closing tags arrive (the body is read no further until `sink` has taken them); a JSON array,
   * which iiko answers small (the nomenclature), once it is whole.
   */
  stream<U>(
    response: Response,
    request: IikoRequestInfo,
    schema: z.ZodType<U>,
    redact: (text: string) => string,
    sink: RecordSink<U>,
    limits: InputLimits,
  ): Promise<void>;
  /** A record as received, for an invalid record's raw text. */
  rawText(record: unknown): string;
}

/** A v1 XML list endpoint. */
export interface ListEndpoint<T> extends ReadEndpoint<T> {
  /** How the XML is shaped. */
  shape: XmlListShape;
}

/**
 * Paths of the v2 JSON entities (`/resto/api/v2/…`, vendor docs and clients that run against real servers)
 * and of `licence/info` (British spelling, vendor docs).
 */
export const JSON_PATHS = {
  products: 'resto/api/v2/entities/products/list',
  productGroups: 'resto/api/v2/entities/products/group/list',
  entities: 'resto/api/v2/entities/list',
  licenceInfo: 'resto/api/licence/info',
} as const;

function xmlList<T>(path: string, shape: XmlListShape, schema: z.ZodType<T>): ListEndpoint<T> {
  const name = shape.itemElement ?? 'record';
  return {
    path,
    shape,
    schema,
    read: (response, request, recordSchema, redact, limits) => readXmlList(response, request, shape, recordSchema, redact, limits),
    stream: (response, request, recordSchema, redact, sink, limits) => streamXmlList(response, request, shape, recordSchema, redact, sink, limits),
    rawText: (record) => xmlText(name, record),
  };
}

function jsonList<T>(path: string, schema: z.ZodType<T>): ReadEndpoint<T> {
  return {
    path,
    schema,
    read: (response, request, recordSchema, redact, limits) => readJsonList(response, request, recordSchema, redact, limits),
    stream: async (response, request, recordSchema, redact, sink, limits) => {
      const records = await readJsonList(response, request, recordSchema, redact, limits);
      if (records.length > 0) await sink(records);
    },
    rawText: jsonText,
  };
}

const none = new Set<string>();

/** `/resto/api/corporation/departments`: the whole corporate tree (root `corporateItemDtoes`). */
export const departmentsEndpoint: ListEndpoint<CorporateItem> = xmlList(
  PATHS.departments,
  { itemElement: 'corporateItemDto', arrayElements: none },
  corporateItemSchema,
);

/** `/resto/api/corporation/stores`: the `STORE` nodes, same shape as departments. */
export const storesEndpoint: ListEndpoint<CorporateItem> = xmlList(PATHS.stores, departmentsEndpoint.shape, corporateItemSchema);

const supplierShape: XmlListShape = {
  itemElement: 'employee',
  arrayElements: new Set(['roleCodes', 'departmentCodes', 'responsibilityDepartmentCodes']),
};

/**
 * `/resto/api/suppliers`: root `employees` (or `employeeDtoes`), items `employee` — not
 * `suppliers/supplier`. The code lists repeat, so they are always lists.
 */
export const suppliersEndpoint: ListEndpoint<IikoSupplier> = xmlList(PATHS.suppliers, supplierShape, supplierSchema);

/** `/resto/api/suppliers/search`: the same list, filtered by the server. */
export const supplierSearchEndpoint: ListEndpoint<IikoSupplier> = xmlList(PATHS.supplierSearch, supplierShape, supplierSchema);

/** `/resto/api/documents/export/incomingInvoice`: root `incomingInvoiceDtoes`, items `document`, lines `items/item`. */
export const incomingInvoicesEndpoint: ListEndpoint<IncomingInvoice> = xmlList(
  PATHS.incomingInvoices,
  { itemElement: 'document', arrayElements: new Set(['item']) },
  incomingInvoiceSchema,
);

/**
 * `/resto/api/suppliers/{supplierCode}/pricelist`: one supplier's price list (`supplierPriceListItemDto`
 * records). The code is part of the path, so the endpoint is made per supplier; the code is
 * percent-encoded, so no code can reach another path.
 */
export function supplierPriceListEndpoint(supplierCode: string): ListEndpoint<IikoSupplierPriceListItem> {
  return xmlList(
    `resto/api/suppliers/${encodeURIComponent(supplierCode)}/pricelist`,
    { itemElement: 'supplierPriceListItemDto', arrayElements: new Set() },
    supplierPriceListItemSchema,
  );
}

/**
 * `/resto/api/documents/export/incomingInvoice/byNumber?number=…&currentYear=true`: the documents with one
 * number, the same `<incomingInvoiceDtoes>` as the export (`server_incomingInvoice-export-byNumber_official-doc.xml`).
 * The import looks here before and after a write.
 */
export const incomingInvoiceByNumberEndpoint: ListEndpoint<IncomingInvoice> = xmlList(
  'resto/api/documents/export/incomingInvoice/byNumber',
  { itemElement: 'document', arrayElements: new Set(['item']) },
  incomingInvoiceSchema,
);

/** `/resto/api/v2/reports/balance/stores`: stock balances per store and product at a timestamp, a JSON array. */
export const stockBalancesEndpoint: ReadEndpoint<IikoStockBalance> = jsonList('resto/api/v2/reports/balance/stores', stockBalanceSchema);

/** `/resto/api/v2/entities/products/list`: the nomenclature, a JSON array (`includeDeleted` adds deleted products). */
export const productsEndpoint: ReadEndpoint<IikoProduct> = jsonList(JSON_PATHS.products, productSchema);

/** `/resto/api/v2/entities/products/group/list`: the product groups, a JSON array. */
export const productGroupsEndpoint: ReadEndpoint<IikoProductGroup> = jsonList(JSON_PATHS.productGroups, productGroupSchema);

/**
 * `/resto/api/licence/info?moduleId=…`: one licence module's connections (XML; the root is the record).
 * Needs a session, like every `/resto/api/` path but auth and logout.
 */
export const licenceInfoEndpoint: ListEndpoint<IikoLicenceInfo> = xmlList(
  JSON_PATHS.licenceInfo,
  { itemElement: undefined, arrayElements: none },
  licenceInfoSchema,
);

/** `/resto/api/v2/entities/list?rootType=MeasureUnit`: the measure units, a JSON array. */
export const measureUnitsEndpoint: ReadEndpoint<IikoMeasureUnit> = jsonList(JSON_PATHS.entities, measureUnitSchema);
