import { type FakeReply, textReply } from '../reply';
import type { EndpointContext } from './context';
import { checkRevisionFrom } from './validate';

/** Content type of the v2 JSON answers. */
const JSON_CONTENT_TYPE = 'application/json; charset=UTF-8';

/** A 200 JSON answer. */
function jsonReply(value: unknown): FakeReply {
  return { status: 200, headers: { 'content-type': JSON_CONTENT_TYPE }, body: JSON.stringify(value) };
}

/** `includeDeleted=true` lists deleted entities too; without it the server leaves them out. */
function visible<T extends { deleted: boolean }>(url: URL, list: readonly T[] | undefined): T[] {
  const includeDeleted = url.searchParams.get('includeDeleted') === 'true';
  return (list ?? []).filter((entity) => includeDeleted || !entity.deleted);
}

/**
 * `GET /resto/api/v2/entities/products/list[?includeDeleted=true]`: the nomenclature as a JSON array, with
 * `null` for absent fields as the real server writes them. `ids` (repeatable) filters by id.
 */
export function products({ url, state }: EndpointContext): FakeReply {
  const problem = checkRevisionFrom(url);
  if (problem !== undefined) return problem;
  const ids = new Set(url.searchParams.getAll('ids'));
  const list = visible(url, state.data.products).filter((product) => ids.size === 0 || ids.has(product.id));
  return jsonReply(
    list.map((product) => ({
      ...product,
      description: null,
      category: null,
      accountingCategory: null,
      modifiers: [],
      defaultSalePrice: 0,
      unitCapacity: 0,
    })),
  );
}

/** `GET /resto/api/v2/entities/products/group/list[?includeDeleted=true]`: the product groups, JSON. */
export function productGroups({ url, state }: EndpointContext): FakeReply {
  return checkRevisionFrom(url) ?? jsonReply(visible(url, state.data.productGroups).map((group) => ({ ...group, description: null })));
}

/**
 * `GET /resto/api/v2/entities/list?rootType=…`: reference entities of one type. `MeasureUnit` answers the
 * units; other known types (`Account`, `Conception`, …) an empty list; no `rootType` is a 400.
 */
export function entities({ url, state }: EndpointContext): FakeReply {
  const rootType = url.searchParams.get('rootType');
  if (rootType === null || rootType === '') return textReply(400, 'Required parameter rootType is missing');
  return jsonReply(rootType === 'MeasureUnit' ? visible(url, state.data.measureUnits) : []);
}
