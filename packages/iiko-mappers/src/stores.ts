import type { CorporateItem } from '@getinn/iiko-client';
import { mapBatch, missingId, nameOrFallback } from './batch';
import type { IssueCode, MappingResult } from './issues';
import { EXTERNAL_SYSTEM_TYPE, type Store, type StoreMetadata } from './records';
import { DEPARTMENT_TYPE } from './restaurants';
import { copyTexts, isRecord, presentText } from './text';

/** The corporate-tree node type of a store. */
export const STORE_TYPE = 'STORE';

/**
 * The `parentId` some servers write for the root of the tree (illustrative departments sample): the same
 * as no parent.
 */
const NIL_ID = '00000000-0000-0000-0000-000000000000';

const STORE_METADATA_TEXTS = ['code', 'parentId'] as const;

type TreeIndex = ReadonlyMap<string, Readonly<Record<string, unknown>>>;

/** Where a walk up the tree ended: at a restaurant, or at a problem to report. */
type WalkResult =
  | { restaurantId: string }
  | { code: Extract<IssueCode, 'STORE_WITHOUT_RESTAURANT' | 'MISSING_PARENT' | 'TREE_CYCLE'>; message: string };

/**
 * Maps iiko's stores to GET INN stores, each with the restaurant it belongs to.
 *
 * The restaurant is the first `DEPARTMENT` met walking `parentId` up the corporate tree — usually the
 * store's direct parent, sometimes a few nodes up. A store that reaches the root without one (a central
 * store hanging under a legal entity), whose chain names a node the tree lacks, or whose chain loops, is an
 * error and left out: the platform requires a restaurant, and guessing one would book another
 * restaurant's deliveries against a statement. The walk visits each node once, so a cycle ends it.
 *
 * Only `STORE` nodes are mapped; other nodes in `stores` are left out without an issue.
 *
 * @param stores - `client.stores()`
 * @param departments - the whole corporate tree, `client.departments()` (stores appear in it too)
 * @returns the stores, and an issue for each store that could not be placed under a restaurant
 *
 * @example
 * ```ts
 * const tree = await iiko.departments();
 * const { items: stores, issues } = mapStores(await iiko.stores(), tree);
 * ```
 */
export function mapStores(
  stores: readonly CorporateItem[],
  departments: readonly CorporateItem[],
): MappingResult<Store> {
  const tree = indexTree(departments, stores);
  return mapBatch(stores, 'stores', 'store', (node, id, issues) => {
    if (presentText(node.type) !== STORE_TYPE) return undefined;
    if (id === undefined) return missingId(issues, 'store');
    const walk = findRestaurant(id, node, tree);
    if ('code' in walk) {
      issues.error(walk.code, ['parentId'], walk.message);
      return undefined;
    }
    const externalMetadata: StoreMetadata = { type: STORE_TYPE, ...copyTexts(node, STORE_METADATA_TEXTS) };
    return {
      restaurantExternalId: walk.restaurantId,
      name: nameOrFallback(node, id, issues, 'store'),
      externalId: id,
      externalSystemType: EXTERNAL_SYSTEM_TYPE,
      externalMetadata,
    };
  });
}

/**
 * Nodes by id: the corporate tree first, then any store it lacks. Malformed entries are skipped here;
 * `mapRestaurants` reports them.
 */
function indexTree(departments: unknown, stores: unknown): TreeIndex {
  const tree = new Map<string, Readonly<Record<string, unknown>>>();
  for (const list of [departments, stores]) {
    if (!Array.isArray(list)) continue;
    for (const node of list as unknown[]) {
      if (!isRecord(node)) continue;
      const id = presentText(node.id);
      if (id !== undefined && !tree.has(id)) tree.set(id, node);
    }
  }
  return tree;
}

/** Walks `parentId` up from a store to the first `DEPARTMENT`, visiting each node at most once. */
function findRestaurant(storeId: string, store: Readonly<Record<string, unknown>>, tree: TreeIndex): WalkResult {
  const visited = new Set<string>([storeId]);
  const chain: string[] = [];
  let parentId = presentText(store.parentId);
  for (;;) {
    if (parentId === undefined || parentId === NIL_ID) {
      return {
        code: 'STORE_WITHOUT_RESTAURANT',
        message: `store hangs under no DEPARTMENT (${chain.length === 0 ? 'it has no parent' : `chain: ${chain.join(' → ')} → root`})`,
      };
    }
    if (visited.has(parentId)) {
      return { code: 'TREE_CYCLE', message: `the parentId chain loops back to ${parentId} (chain: ${chain.join(' → ')})` };
    }
    const parent = tree.get(parentId);
    if (parent === undefined) {
      return {
        code: 'MISSING_PARENT',
        message: `parent ${parentId} is not in the corporate tree given${chain.length === 0 ? '' : ` (chain: ${chain.join(' → ')})`}`,
      };
    }
    if (presentText(parent.type) === DEPARTMENT_TYPE) return { restaurantId: parentId };
    visited.add(parentId);
    chain.push(`${presentText(parent.name) ?? parentId} (${presentText(parent.type) ?? 'no type'})`);
    parentId = presentText(parent.parentId);
  }
}
