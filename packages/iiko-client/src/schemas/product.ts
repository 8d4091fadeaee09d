import { z } from 'zod';
import { jsonBoolean, jsonDecimal, jsonText } from './json-values';

/**
 * Product types of iiko's nomenclature (`type`): goods bought from suppliers (`GOODS`), dishes, semi-finished
 * products (`PREPARED`), services, modifiers, outer goods. Invoices carry mostly `GOODS`.
 */
export const PRODUCT_TYPES = ['GOODS', 'DISH', 'PREPARED', 'SERVICE', 'MODIFIER', 'OUTER', 'RATE'] as const;

/** One of {@link PRODUCT_TYPES}, or a type a newer server introduced (kept, not rejected). */
export type IikoProductType = (typeof PRODUCT_TYPES)[number] | (string & {});

/**
 * A product of iiko's nomenclature, as `GET /resto/api/v2/entities/products/list` returns it (a JSON
 * array). Invoice lines name products by `id` (`product`) and their article (`productArticle` is the
 * product's `num`); the name a person knows lives here. Field names are iiko's own; fields this version
 * does not know are kept on the object as parsed. `null` and empty strings arrive as absent.
 */
export interface IikoProduct {
  /** iiko's id of the product (a UUID); invoice lines reference it as `product`. */
  id: string;
  /** Deleted in iiko; old invoices still name it, so deleted products are read too. */
  deleted?: boolean;
  /** The product's name, e.g. `Молоко 3,2% 1 л`. */
  name?: string;
  /** The article (артикул), e.g. `00136`: what invoice lines carry as `productArticle`. */
  num?: string;
  /** The quick-search code. */
  code?: string;
  /** The product type; see {@link PRODUCT_TYPES}. */
  type?: IikoProductType;
  /** Id of the product's base measure unit (a `MeasureUnit`, see `measureUnits()`). */
  mainUnit?: string;
  /** Id of the product group it is filed under (see `productGroups()`). */
  parent?: string;
  /** Id of the product category. */
  category?: string;
  /** Id of the accounting category. */
  accountingCategory?: string;
  description?: string;
  /** Weight of one base unit, in kilograms, as an exact decimal string. */
  unitWeight?: string;
  /** Volume of one base unit, in litres, as an exact decimal string. */
  unitCapacity?: string;
  /** The default sale price, as an exact decimal string. */
  defaultSalePrice?: string;
}

/** Validates one product of the v2 products list; see {@link IikoProduct}. */
export const productSchema: z.ZodType<IikoProduct> = z.looseObject({
  id: jsonText.min(1),
  deleted: jsonBoolean.exactOptional(),
  name: jsonText.exactOptional(),
  num: jsonText.exactOptional(),
  code: jsonText.exactOptional(),
  type: jsonText.exactOptional(),
  mainUnit: jsonText.exactOptional(),
  parent: jsonText.exactOptional(),
  category: jsonText.exactOptional(),
  accountingCategory: jsonText.exactOptional(),
  description: jsonText.exactOptional(),
  unitWeight: jsonDecimal.exactOptional(),
  unitCapacity: jsonDecimal.exactOptional(),
  defaultSalePrice: jsonDecimal.exactOptional(),
});
