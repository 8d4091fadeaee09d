import type { CorporateItem } from '@getinn/iiko-client';
import { mapBatch, missingId, nameOrFallback } from './batch';
import type { MappingResult } from './issues';
import { EXTERNAL_SYSTEM_TYPE, type LegalEntity, type Restaurant, type RestaurantKind, type RestaurantMetadata } from './records';
import { copyTexts, flag, isRecord, otherFields, presentText } from './text';

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

/** Node fields read into the record itself. */
const NODE_FIELDS = new Set<string>([...RESTAURANT_METADATA_TEXTS, 'id', 'name', 'type', 'deleted']);

/** The corporate-tree node type of a legal entity. */
const JURPERSON_TYPE = 'JURPERSON';

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
  const tree = new Map<string, Readonly<Record<string, unknown>>>();
  for (const node of Array.isArray(departments) ? (departments as unknown[]) : []) {
    const nodeId = isRecord(node) ? presentText(node.id) : undefined;
    if (nodeId !== undefined && isRecord(node) && !tree.has(nodeId)) tree.set(nodeId, node);
  }
  return mapBatch(departments, 'departments', 'restaurant', (node, id, issues) => {
    const type = presentText(node.type);
    const kind = type === undefined ? undefined : STORE_OWNER_KINDS.get(type);
    if (type === undefined || kind === undefined) return undefined;
    if (id === undefined) return missingId(issues, 'department');
    const externalMetadata: RestaurantMetadata = { type, ...copyTexts(node, RESTAURANT_METADATA_TEXTS) };
    const legalEntity = legalEntityAbove(node, tree);
    if (legalEntity !== undefined) externalMetadata.legalEntity = legalEntity;
    const other = otherFields(node, NODE_FIELDS);
    if (other !== undefined) externalMetadata.other = other;
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

/** The nearest `JURPERSON` above `node`, visiting each node once (a loop ends the walk). */
function legalEntityAbove(node: Readonly<Record<string, unknown>>, tree: ReadonlyMap<string, Readonly<Record<string, unknown>>>): LegalEntity | undefined {
  const visited = new Set<string>();
  for (let parentId = presentText(node.parentId); parentId !== undefined && !visited.has(parentId); ) {
    visited.add(parentId);
    const parent = tree.get(parentId);
    if (parent === undefined) return undefined;
    if (presentText(parent.type) === JURPERSON_TYPE) {
      const entity: LegalEntity = { id: parentId, ...copyTexts(parent, ['name', 'code', 'taxpayerIdNumber'] as const) };
      const more = otherFields(parent, new Set(['id', 'parentId', 'name', 'code', 'type', 'taxpayerIdNumber', 'deleted']));
      const properties = more?.jurPersonAdditionalPropertiesDto;
      if (isRecord(properties)) entity.jurPersonAdditionalPropertiesDto = { ...properties };
      return entity;
    }
    parentId = presentText(parent.parentId);
  }
  return undefined;
}
