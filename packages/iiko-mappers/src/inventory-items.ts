import type { IikoMeasureUnit, IikoProduct, IikoProductGroup } from '@getinn/iiko-client';
import { mapBatch, missingId } from './batch';
import type { MappingResult } from './issues';
import { EXTERNAL_SYSTEM_TYPE, type InventoryItem, type InventoryItemMetadata } from './records';
import { copyTexts, flag, isRecord, presentText } from './text';

/** What {@link mapInventoryItems} resolves names from. */
export interface MapInventoryItemsOptions {
  /** `client.productGroups()`: the groups' names. */
  groups?: readonly IikoProductGroup[];
  /** `client.measureUnits()`: the units' names (`кг`, `л`, `шт`). */
  units?: readonly IikoMeasureUnit[];
}

const METADATA_TEXTS = ['category', 'accountingCategory', 'description', 'unitWeight', 'unitCapacity'] as const;

/**
 * Maps iiko's nomenclature (`client.products()`) to GET INN inventory items, in input order, with the
 * base unit's name and the group's name resolved from `units` and `groups`. Deleted products stay, with
 * `isActive: false`: old invoices still name them.
 *
 * A product without an id is an error; one without a name is named by its article, code or id (a
 * `MISSING_NAME` warning); a unit id that `units` does not know leaves `unitName` `null` (an `UNKNOWN_UNIT`
 * warning, when units were given).
 *
 * @param products - `client.products()` (deleted ones included)
 * @param options - groups and units, for their names
 * @returns the items, and an issue for each product that could not be mapped cleanly
 *
 * @example
 * ```ts
 * const { items } = mapInventoryItems(await iiko.products(), {
 *   groups: await iiko.productGroups(),
 *   units: await iiko.measureUnits(),
 * });
 * ```
 */
export function mapInventoryItems(
  products: readonly IikoProduct[],
  options: MapInventoryItemsOptions = {},
): MappingResult<InventoryItem> {
  const groups = namesById(options.groups);
  const units = namesById(options.units);
  return mapBatch(products, 'products', 'inventoryItem', (product, id, issues) => {
    if (id === undefined) return missingId(issues, 'product');
    const article = presentText(product.num) ?? null;
    const code = presentText(product.code) ?? null;
    let name = presentText(product.name);
    if (name === undefined) {
      name = article ?? code ?? id;
      issues.warning('MISSING_NAME', ['name'], `product has no name; named by its ${article ? `article "${article}"` : code ? `code "${code}"` : 'id'} instead`);
    }
    const unitExternalId = presentText(product.mainUnit) ?? null;
    const unitName = unitExternalId === null ? null : (units.get(unitExternalId) ?? null);
    if (unitExternalId !== null && unitName === null && options.units !== undefined) {
      issues.warning('UNKNOWN_UNIT', ['mainUnit'], `unit ${unitExternalId} is not among the measure units given; unitName is null`);
    }
    const groupExternalId = presentText(product.parent) ?? null;
    const deleted = flag(product.deleted) === true;
    const externalMetadata: InventoryItemMetadata = { deleted, ...copyTexts(product, METADATA_TEXTS) };
    return {
      name,
      article,
      code,
      type: presentText(product.type) ?? null,
      unitName,
      unitExternalId,
      groupName: groupExternalId === null ? null : (groups.get(groupExternalId) ?? null),
      groupExternalId,
      isActive: !deleted,
      externalId: id,
      externalSystemType: EXTERNAL_SYSTEM_TYPE,
      externalMetadata,
    };
  });
}

/**
 * What `mapInvoices` names lines with: product names and unit names by iiko id. Build it with
 * {@link invoiceNomenclature} from inventory items (mapped now, or read back from a store).
 */
export interface InvoiceNomenclature {
  /** Product name by iiko product id. */
  readonly products: ReadonlyMap<string, string>;
  /** Unit name by iiko measure unit id. */
  readonly units: ReadonlyMap<string, string>;
}

/**
 * The lookup `mapInvoices` uses to name lines: each item's name by its id, each item's unit name by the
 * unit's id, plus every unit of `units` (a unit no item uses as its base unit can still name a line).
 *
 * @example
 * ```ts
 * const nomenclature = invoiceNomenclature(items, await iiko.measureUnits());
 * const { items: invoices } = mapInvoices(documents, { currency: 'RUB', nomenclature });
 * ```
 */
export function invoiceNomenclature(items: readonly InventoryItem[], units: readonly IikoMeasureUnit[] = []): InvoiceNomenclature {
  const products = new Map<string, string>();
  const unitNames = namesById(units);
  for (const item of items) {
    if (!isRecord(item)) continue;
    products.set(item.externalId, item.name);
    if (item.unitExternalId !== null && item.unitName !== null && !unitNames.has(item.unitExternalId)) {
      unitNames.set(item.unitExternalId, item.unitName);
    }
  }
  return { products, units: unitNames };
}

/** Names by id of a list of iiko entities (entries without both are skipped). */
function namesById(list: readonly unknown[] | undefined): Map<string, string> {
  const names = new Map<string, string>();
  for (const entry of list ?? []) {
    if (!isRecord(entry)) continue;
    const id = presentText(entry.id);
    const name = presentText(entry.name);
    if (id !== undefined && name !== undefined) names.set(id, name);
  }
  return names;
}
