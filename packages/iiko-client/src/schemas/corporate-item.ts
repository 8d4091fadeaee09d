import { z } from 'zod';
import { booleanString, text } from './values';

/**
 * The node types of iiko's corporate tree (`corporateItemDto.type`). Restaurants are `DEPARTMENT` nodes;
 * stores are `STORE` nodes hanging under a department (or, for central stores, under a legal entity).
 */
export const CORPORATE_ITEM_TYPES = [
  'CORPORATION',
  'JURPERSON',
  'ORGDEVELOPMENT',
  'DEPARTMENT',
  'MANUFACTURE',
  'CENTRALSTORE',
  'CENTRALOFFICE',
  'SALEPOINT',
  'STORE',
] as const;

/** One of {@link CORPORATE_ITEM_TYPES}, or a type a newer server introduced (kept, not rejected). */
export type CorporateItemType = (typeof CORPORATE_ITEM_TYPES)[number] | (string & {});

/**
 * A node of the corporate tree, from `/resto/api/corporation/departments` (every node) or
 * `/resto/api/corporation/stores` (the `STORE` nodes), element `corporateItemDto`.
 * Field names are iiko's own so the vendor documentation reads next to them. Elements this version does
 * not know (such as `jurPersonAdditionalPropertiesDto`) are kept on the object as parsed.
 */
export interface CorporateItem {
  /** iiko's id of the node (a UUID). */
  id: string;
  /** The owning node; absent for the root of the tree. */
  parentId?: string;
  /** The node's code; often absent for stores. */
  code?: string;
  /** Display name, often Cyrillic. */
  name?: string;
  /** Node type, see {@link CORPORATE_ITEM_TYPES}. */
  type: CorporateItemType;
  /** The legal entity's taxpayer number (ИНН), when the server sends one. */
  taxpayerIdNumber?: string;
  /** `true` for a node deleted in iiko, on servers that list deleted nodes (not in the XSD). */
  deleted?: boolean;
  /**
   * A legal entity's (`JURPERSON`) further properties as the server nests them (registration numbers,
   * addresses, …), kept as parsed: element names mapped to their text or nested elements.
   */
  jurPersonAdditionalPropertiesDto?: Readonly<Record<string, unknown>>;
}

/** Validates one `corporateItemDto` element; see {@link CorporateItem}. */
export const corporateItemSchema: z.ZodType<CorporateItem> = z.looseObject({
  id: text.min(1),
  parentId: text.exactOptional(),
  code: text.exactOptional(),
  name: text.exactOptional(),
  type: text.min(1),
  taxpayerIdNumber: text.exactOptional(),
  deleted: booleanString.exactOptional(),
  // Passed through as the XML reader built it (an object without a prototype): a record schema would copy
  // it into an ordinary object.
  jurPersonAdditionalPropertiesDto: z
    .custom<Readonly<Record<string, unknown>>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), 'expected nested elements')
    .exactOptional(),
});
