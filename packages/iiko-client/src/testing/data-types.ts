/**
 * The raw records the fake iikoServer serves. They mirror iiko's XML elements one to one (same names, same
 * string forms), so a test that edits them edits exactly what the client will read — money stays a decimal
 * string with 9 decimals as iikoServer sends it (`'37.840000000'`), never a JS number.
 *
 * Rendering rule shared by every record: an optional field that is `undefined` is left out of the XML, an
 * empty string becomes an empty element (`<invoice/>`), any other text is written escaped. Real servers do
 * all three, so the generated data mixes them.
 */

/**
 * The `type` of a corporate tree node (vendor docs, "XSD Corporation hierarchy"). Restaurants are the
 * `DEPARTMENT` nodes; `/resto/api/corporation/stores` returns only `STORE` nodes.
 */
export type FakeCorporateItemType =
  | 'CORPORATION'
  | 'JURPERSON'
  | 'ORGDEVELOPMENT'
  | 'DEPARTMENT'
  | 'MANUFACTURE'
  | 'CENTRALSTORE'
  | 'CENTRALOFFICE'
  | 'SALEPOINT'
  | 'STORE';

/**
 * One `corporateItemDto` of `/resto/api/corporation/departments` (and, for `STORE` items, of `/stores`).
 *
 * @example
 * ```ts
 * const store: FakeCorporateItem = { id: '1239d270-…', parentId: departmentId, code: '', name: 'Бар', type: 'STORE' };
 * ```
 */
export interface FakeCorporateItem {
  /** iiko's GUID of the node. */
  id: string;
  /** The owning node; absent (or `''`) for the tree's root. A `STORE` usually hangs under a `DEPARTMENT`. */
  parentId?: string;
  /** Short code; often empty for stores. */
  code?: string;
  /** Display name, frequently Cyrillic and with quotes. */
  name: string;
  /** Node kind, see {@link FakeCorporateItemType}. Kept a plain string in the XML. */
  type: FakeCorporateItemType | (string & {});
  /** ИНН (10 digits for organisations, 12 for individual entrepreneurs); usually only on `JURPERSON`. */
  taxpayerIdNumber?: string;
  /** Deleted in iiko: servers that keep deleted nodes write `<deleted>true</deleted>`; absent otherwise. */
  deleted?: boolean;
}

/**
 * One `employee` element of `/resto/api/suppliers`: iiko keeps suppliers as employees with `supplier=true`.
 * Fields are written in the order of the vendor XSD (`server_employee-supplier_official.xsd`).
 *
 * @example
 * ```ts
 * server.data.suppliers.push({ id: randomUUID(), code: '901', name: 'ООО «Новый»', deleted: false,
 *   supplier: true, employee: false, client: false });
 * ```
 */
export interface FakeSupplier {
  /** iiko's GUID; invoices point at it through `supplier`. */
  id: string;
  /** Табельный номер / supplier code. */
  code?: string;
  /** Display name: `ООО «Молочная ферма»`, `ИП Иванов А. П.`, … */
  name: string;
  /** Landline, free-form as typed by staff (`+7 (495) 123-45-67`). */
  phone?: string;
  /** Mobile, free-form. */
  cellPhone?: string;
  /** First name (individuals). */
  firstName?: string;
  /** Patronymic (individuals). */
  middleName?: string;
  /** Last name (individuals). */
  lastName?: string;
  /** E-mail. */
  email?: string;
  /** Postal address, free text. */
  address?: string;
  /** Staff note, free text. */
  note?: string;
  /** Card slip number. */
  cardNumber?: string;
  /** ИНН (10 or 12 digits). */
  taxpayerIdNumber?: string;
  /** Deleted in iiko; still returned by the server. */
  deleted: boolean;
  /** Acts as a supplier. */
  supplier: boolean;
  /** Is a staff member. */
  employee: boolean;
  /** Is a customer. */
  client: boolean;
  /** Stands for one of the chain's own stores (an internal supplier); written after the XSD's fields when set. */
  representsStore?: boolean;
}

/** The three document states iikoServer returns from the invoice export (all three come back). */
export type FakeInvoiceStatus = 'NEW' | 'PROCESSED' | 'DELETED';

/**
 * One line (`items/item`) of an incoming invoice. Money and quantities are 9-decimal strings.
 * With a `containerId`, `price` is per pack, so `sum` is NOT `amount × price` (vendor sample: amount 152,
 * price 180, sum 1440).
 */
export interface FakeInvoiceItem {
  /** Line number; documents do not list lines in `num` order. */
  num: number;
  /** Product GUID. */
  product: string;
  /** Product article (nomenclature code). */
  productArticle?: string;
  /** Quantity in the product's base unit. */
  amount: string;
  /** Quantity actually received. */
  actualAmount?: string;
  /** GUID of the base measurement unit. */
  amountUnit?: string;
  /** GUID of the pack; when set, `price` is per pack. */
  containerId?: string;
  /** Price per base unit, or per pack with a `containerId`. */
  price: string;
  /** Price without VAT. */
  priceWithoutVat?: string;
  /** The line's money, VAT included; the authority (never recompute it). */
  sum: string;
  /** Discount on the line. */
  discountSum?: string;
  /** VAT rate in percent (`'20.000000000'`). */
  vatPercent?: string;
  /** VAT included in `sum`. */
  vatSum?: string;
  /** Store GUID the line was received into. */
  store: string;
  /** Product code (usually equal to the article). */
  code?: string;
  /** The supplier's own product GUID. */
  supplierProduct?: string;
}

/**
 * One `document` of `/resto/api/documents/export/incomingInvoice`.
 *
 * @example
 * ```ts
 * // "A change in iiko": the accountant deletes an invoice between two syncs.
 * server.data.incomingInvoices[0]!.status = 'DELETED';
 * ```
 */
export interface FakeIncomingInvoice {
  /** Document GUID. */
  id: string;
  /** iiko's own document number. */
  documentNumber: string;
  /** The supplier's document number (what supplier statements show); sometimes missing. */
  incomingDocumentNumber?: string;
  /**
   * Booking time `YYYY-MM-DDTHH:mm:ss`, sometimes with an offset (`+03:00`), in the server's local time.
   * The export's `from`/`to` filter compares its calendar date (first 10 characters).
   */
  dateIncoming: string;
  /** The supplier's document date; sometimes missing. */
  incomingDate?: string;
  /** Payment due date; absent, a date, or literally `'null'` as some servers send. */
  dueDate?: string;
  /** Supplier (`employee`) GUID. */
  supplier: string;
  /** Default store GUID. */
  defaultStore: string;
  /** VAT invoice number; usually empty (`<invoice/>`). */
  invoice?: string;
  /** Document state; `DELETED` documents are exported too. */
  status: FakeInvoiceStatus;
  /** Free text. */
  comment?: string;
  /** Conception GUID. */
  conception?: string;
  /** Whether iiko used the default document time. */
  useDefaultDocumentTime?: boolean;
  /** The lines, in the order they are written. */
  items: FakeInvoiceItem[];
}

/**
 * Everything the fake serves. Raw and mutable on purpose: a test edits it between two calls to play
 * "something changed in iiko" (a new supplier, a deleted invoice, a renamed store).
 *
 * @example
 * ```ts
 * const server = new FakeIikoServer();
 * server.data.suppliers[0]!.name = 'ООО «Переименованная ферма»';
 * ```
 */
export interface FakeIikoData {
  /** The whole corporate tree: CORPORATION, JURPERSON, DEPARTMENT, STORE, CENTRALSTORE, … */
  corporateItems: FakeCorporateItem[];
  /** Employees as `/resto/api/suppliers` returns them, including non-suppliers and deleted ones. */
  suppliers: FakeSupplier[];
  /** Incoming invoices in every status. */
  incomingInvoices: FakeIncomingInvoice[];
  /**
   * The nomenclature (`/resto/api/v2/entities/products/list`): every product invoice lines name, deleted
   * ones included. Absent in hand-made data: the endpoint then answers `[]`.
   */
  products?: FakeProduct[];
  /** Product groups (`/resto/api/v2/entities/products/group/list`). */
  productGroups?: FakeProductGroup[];
  /** Measure units (`/resto/api/v2/entities/list?rootType=MeasureUnit`). */
  measureUnits?: FakeMeasureUnit[];
  /**
   * The problems generated with `dataProblems: true`, so a test can find them and, with
   * {@link resolveFakeDataProblems}, fix them the way a back office would. Absent on a clean chain.
   */
  dataProblems?: FakeDataProblems;
}

/**
 * The data problems of a generated chain (`dataProblems: true`), one of each.
 *
 * @example
 * ```ts
 * const server = new FakeIikoServer({ dataset: { dataProblems: true } });
 * const { malformedInvoice } = server.data.dataProblems!;
 * ```
 */
export interface FakeDataProblems {
  /** A `STORE` directly under a `JURPERSON`: no restaurant, central store or production unit owns it. */
  readonly orphanStoreId: string;
  /** The invoice whose line `num` has the `sum` written `1 440,00`-style, and the sum it should have. */
  readonly malformedInvoice: { readonly invoiceId: string; readonly num: number; readonly sum: string };
  /**
   * A supplier that invoice `invoiceId` points at but `suppliers` lacks, until
   * {@link resolveFakeDataProblems} adds it.
   */
  readonly lateSupplier: { readonly invoiceId: string; readonly supplier: FakeSupplier };
}

/**
 * One product of the nomenclature, as `/resto/api/v2/entities/products/list` answers it (JSON). Invoice
 * lines name it by `id` (`product`) and `num` (`productArticle`), and its base unit by `mainUnit`
 * (`amountUnit`).
 */
export interface FakeProduct {
  /** Product GUID. */
  id: string;
  /** Deleted in iiko; listed only with `includeDeleted=true`. */
  deleted: boolean;
  /** Name, Cyrillic, sometimes with quotes or a backslash. */
  name: string;
  /** Article (артикул), as invoice lines carry it in `productArticle`. */
  num: string;
  /** Quick-search code. */
  code: string;
  /** The product type; purchased goods are `GOODS`. */
  type: string;
  /** GUID of the base measure unit. */
  mainUnit: string;
  /** GUID of the product group, or `null` at the top. */
  parent: string | null;
  /** Weight of one base unit, in kilograms (a JSON number). */
  unitWeight: number;
}

/** One product group, as `/resto/api/v2/entities/products/group/list` answers it (JSON). */
export interface FakeProductGroup {
  /** Group GUID; products point at it through `parent`. */
  id: string;
  deleted: boolean;
  name: string;
  num: string;
  code: string;
  /** Enclosing group, or `null`. */
  parent: string | null;
}

/** One measure unit, as `/resto/api/v2/entities/list?rootType=MeasureUnit` answers it (JSON). */
export interface FakeMeasureUnit {
  id: string;
  /** Always `MeasureUnit`. */
  rootType: 'MeasureUnit';
  deleted: boolean;
  /** `кг`, `л`, `шт`. */
  name: string;
  code: string;
}
