import type { CorporateItem } from '@getinn/iiko-client';
import { mapBatch, missingId, nameOrFallback } from './batch';
import type { MappingResult } from './issues';
import { EXTERNAL_SYSTEM_TYPE, type Restaurant, type RestaurantMetadata } from './records';
import { copyTexts, presentText } from './text';

/** The corporate-tree node type of a restaurant (vendor docs, "XSD Corporation hierarchy"). */
export const DEPARTMENT_TYPE = 'DEPARTMENT';

const RESTAURANT_METADATA_TEXTS = ['code', 'parentId', 'taxpayerIdNumber'] as const;

/**
 * Maps iiko's corporate tree to GET INN restaurants: one per `DEPARTMENT` node, in input order.
 *
 * iiko's tree mixes legal entities (`JURPERSON`), the corporation, stores and more; only departments are
 * restaurants, the rest is left out without an issue. A department without an id is an error; one
 * without a name is named by its code or id, with a warning.
 *
 * @param departments - the whole corporate tree, as `client.departments()` returns it
 * @returns the restaurants, and an issue for each department that could not be mapped cleanly
 *
 * @example
 * ```ts
 * const { items: restaurants, issues } = mapRestaurants(await iiko.departments());
 * ```
 */
export function mapRestaurants(departments: readonly CorporateItem[]): MappingResult<Restaurant> {
  return mapBatch(departments, 'departments', 'restaurant', (node, id, issues) => {
    if (presentText(node.type) !== DEPARTMENT_TYPE) return undefined;
    if (id === undefined) return missingId(issues, 'department');
    const externalMetadata: RestaurantMetadata = {
      type: DEPARTMENT_TYPE,
      ...copyTexts(node, RESTAURANT_METADATA_TEXTS),
    };
    return {
      name: nameOrFallback(node, id, issues, 'department'),
      externalId: id,
      externalSystemType: EXTERNAL_SYSTEM_TYPE,
      externalMetadata,
    };
  });
}
