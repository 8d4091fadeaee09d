import { z } from 'zod';
import { jsonBoolean, jsonText } from './json-values';

/**
 * A product group of iiko's nomenclature (a folder of products, nested by `parent`), as
 * `GET /resto/api/v2/entities/products/group/list` returns it. Fields this version does not know are kept
 * on the object as parsed.
 */
export interface IikoProductGroup {
  /** iiko's id of the group (a UUID); products reference it as `parent`. */
  id: string;
  deleted?: boolean;
  /** The group's name, e.g. `Молочная продукция`. */
  name?: string;
  /** The group's article. */
  num?: string;
  code?: string;
  /** The enclosing group, absent at the top. */
  parent?: string;
  description?: string;
}

/** Validates one product group; see {@link IikoProductGroup}. */
export const productGroupSchema: z.ZodType<IikoProductGroup> = z.looseObject({
  id: jsonText.min(1),
  deleted: jsonBoolean.exactOptional(),
  name: jsonText.exactOptional(),
  num: jsonText.exactOptional(),
  code: jsonText.exactOptional(),
  parent: jsonText.exactOptional(),
  description: jsonText.exactOptional(),
});
