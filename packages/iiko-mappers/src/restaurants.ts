import type { CorporateItem } from '@getinn/iiko-client';
import { mapBatch, missingId, nameOrFallback } from './batch';
import type { MappingResult } from './issues';
import { EXTERNAL_SYSTEM_TYPE, type Restaurant, type RestaurantKind, type RestaurantMetadata } from './records';
import { copyTexts, flag, presentText } from './text';

/** The corporate-tree node type of a restaurant (vendor docs, "XSD Corporation hierarchy"). */
export const DEPARTMENT_TYPE = 'DEPARTMENT';

/**
 * The corporate-tree node types that can own stores, and the {@link RestaurantKind} each becomes. iiko's
 * type list (`corporateItemDto.type`: CORPORATION, JURPERSON, ORGDEVELOPMENT, DEPARTMENT, MANUFACTURE,
 * CENTRALSTORE, CENTRALOFFICE, SALEPOINT, STORE) has three nodes that hold stores and receive deliveries:
 * a restaurant (`DEPARTMENT`), a central warehouse (`CENTRALSTORE`) and a production unit
 * (`MANUFACTURE`, a kitchen factory). The others are legal or organisational nodes, or points of sale.
 */
export const STORE_OWNER_KINDS: ReadonlyMap<string, RestaurantKind> = new Map<string, RestaurantKind>([
  [DEPARTMENT_TYPE, 'restaurant'],
  ['CENTRALSTORE', 'central_store'],
  ['MANUFACTURE', 'production'],
]);

const RESTAURANT_METADATA_TEXTS = ['code', 'parentId', 'taxpayerIdNumber'] as const;

/**
 * Maps iiko's corporate tree to GET INN restaurants: one per node that can own stores — `DEPARTMENT`
 * (`kind: 'restaurant'`), `CENTRALSTORE` (`'central_store'`) and `MANUFACTURE` (`'production'`), see
 * {@link STORE_OWNER_KINDS} — in input order. The platform tells them apart by `kind`; all three receive
 * supplier deliveries, so each must exist for its stores' invoices to land.
 *
 * iiko's tree mixes legal entities (`JURPERSON`), the corporation, offices, points of sale and stores; those
 * are left out without an issue. A node without an id is an error; one without a name is named by its code
 * or id, with a warning.
 *
 * @param departments - the whole corporate tree, as `client.departments()` returns it
 * @returns the restaurants, and an issue for each node that could not be mapped cleanly
 *
 * @example
 * ```ts
 * const { items: restaurants, issues } = mapRestaurants(await iiko.departments());
 * const warehouses = restaurants.filter((r) => r.kind === 'central_store');
 * ```
 */
export function mapRestaurants(departments: readonly CorporateItem[]): MappingResult<Restaurant> {
  return mapBatch(departments, 'departments', 'restaurant', (node, id, issues) => {
    const type = presentText(node.type);
    const kind = type === undefined ? undefined : STORE_OWNER_KINDS.get(type);
    if (type === undefined || kind === undefined) return undefined;
    if (id === undefined) return missingId(issues, 'department');
    const externalMetadata: RestaurantMetadata = { type, ...copyTexts(node, RESTAURANT_METADATA_TEXTS) };
    return {
      name: nameOrFallback(node, id, issues, 'department'),
      kind,
      // The XSD has no `deleted`, but servers that mark a node deleted write it like the other entities.
      isActive: flag(node.deleted) !== true,
      externalId: id,
      externalSystemType: EXTERNAL_SYSTEM_TYPE,
      externalMetadata,
    };
  });
}
