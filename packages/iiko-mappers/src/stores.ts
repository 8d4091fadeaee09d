import type { CorporateItem } from '@getinn/iiko-client';
import { mapBatch, missingId, nameOrFallback } from './batch';
import type { IssueCode, MappingResult } from './issues';
import { EXTERNAL_SYSTEM_TYPE, type Store, type StoreMetadata } from './records';
import { STORE_OWNER_KINDS } from './restaurants';
import { copyTexts, flag, isRecord, otherFields, presentText } from './text';

/** The corporate-tree node type of a store. */
export const STORE_TYPE = 'STORE';

/**
 * The `parentId` some servers write for the root of the tree (illustrative departments sample): the same
 * as no parent.
 */
const NIL_ID = '00000000-0000-0000-0000-000000000000';

const STORE_METADATA_TEXTS = ['code', 'parentId'] as const;

/** Store fields read into the record itself. */
const STORE_FIELDS = new Set<string>([...STORE_METADATA_TEXTS, 'id', 'name', 'type', 'deleted']);

type TreeIndex = ReadonlyMap<string, Readonly<Record<string, unknown>>>;

/** Where a walk up the tree ended: at an owner, or at a problem to report. */
type WalkResult =
  | { ownerId: string }
  | { code: Extract<IssueCode, 'STORE_WITHOUT_RESTAURANT' | 'MISSING_PARENT' | 'TREE_CYCLE'>; message: string };

/**
 * Maps iiko's stores to GET INN stores, each with the node that owns it.
 *
 * The owner is the first node met walking `parentId` up the corporate tree that can own stores — a
 * `DEPARTMENT`, `CENTRALSTORE` or `MANUFACTURE` (see `STORE_OWNER_KINDS`) — usually the store's direct
 * parent, sometimes a few nodes up. A store whose walk reaches the root without one (a store hanging straight
 * under a legal entity), names a node the tree lacks, or loops, is **kept** with `restaurantExternalId:
 * null` and a warning (`STORE_WITHOUT_RESTAURANT`, `MISSING_PARENT`, `TREE_CYCLE`): every invoice received
 * into it must still land, and guessing an owner would book one restaurant's deliveries against another's
 * statement. The walk visits each node once, so a cycle ends it.
 *
 * Only `STORE` nodes are mapped; other nodes in `stores` are left out without an issue.
 *
 * @param stores - `client.stores()`
 * @param departments - the whole corporate tree, `client.departments()` (stores appear in it too)
 * @returns the stores, and a warning for each store whose owner could not be found
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
    const walk = findOwner(id, node, tree);
    if ('code' in walk) issues.warning(walk.code, ['parentId'], `${walk.message}; kept without an owner`);
    const externalMetadata: StoreMetadata = { type: STORE_TYPE, ...copyTexts(node, STORE_METADATA_TEXTS) };
    const other = otherFields(node, STORE_FIELDS);
    if (other !== undefined) externalMetadata.other = other;
    return {
      restaurantExternalId: 'ownerId' in walk ? walk.ownerId : null,
      name: nameOrFallback(node, id, issues, 'store'),
      isActive: flag(node.deleted) !== true,
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

/** Walks `parentId` up from a store to the first node that can own stores, visiting each node at most once. */
function findOwner(storeId: string, store: Readonly<Record<string, unknown>>, tree: TreeIndex): WalkResult {
  const visited = new Set<string>([storeId]);
  const chain: string[] = [];
  let parentId = presentText(store.parentId);
  for (;;) {
    if (parentId === undefined || parentId === NIL_ID) {
      return {
        code: 'STORE_WITHOUT_RESTAURANT',
        message: `store hangs under no DEPARTMENT, CENTRALSTORE or MANUFACTURE (${chain.length === 0 ? 'it has no parent' : `chain: ${chain.join(' → ')} → root`})`,
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
    if (STORE_OWNER_KINDS.has(presentText(parent.type) ?? '')) return { ownerId: parentId };
    visited.add(parentId);
    chain.push(`${presentText(parent.name) ?? parentId} (${presentText(parent.type) ?? 'no type'})`);
    parentId = presentText(parent.parentId);
  }
}
