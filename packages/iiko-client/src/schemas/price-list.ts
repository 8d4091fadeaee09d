import { z } from 'zod';
import { decimalString, text } from './values';

/**
 * One line of a supplier's price list, as `/resto/api/suppliers/{code}/pricelist` returns it (element
 * `supplierPriceListItemDto`): our product, how the supplier names and numbers it, the pack it is sold
 * in, and its price. Elements this version does not know are kept on the object as parsed.
 *
 * The element names follow iiko's `SupplierPriceListItemDto`; the vendor publishes no sample of this
 * answer, so every field but the product is optional and unknown elements are kept.
 */
export interface IikoSupplierPriceListItem {
  /** Our product's id (the nomenclature's `id`). */
  nativeProduct: string;
  /** Our product's code. */
  nativeProductCode?: string | undefined;
  /** Our product's article (`num`). */
  nativeProductNum?: string | undefined;
  /** Our product's name. */
  nativeProductName?: string | undefined;
  /** The supplier's product id. */
  supplierProduct?: string | undefined;
  /** The supplier's code of the product. */
  supplierProductCode?: string | undefined;
  /** The supplier's article: what the supplier's statement lines show. */
  supplierProductNum?: string | undefined;
  /** The supplier's name of the product. */
  supplierProductName?: string | undefined;
  /** The pack (container) id the price is for; absent: per base unit. */
  container?: string | undefined;
  /** The price, exactly as written (per pack when `container` is set). */
  costPrice?: string | undefined;
}

/** Schema of {@link IikoSupplierPriceListItem}. */
export const supplierPriceListItemSchema: z.ZodType<IikoSupplierPriceListItem> = z.looseObject({
  nativeProduct: text,
  nativeProductCode: text.optional(),
  nativeProductNum: text.optional(),
  nativeProductName: text.optional(),
  supplierProduct: text.optional(),
  supplierProductCode: text.optional(),
  supplierProductNum: text.optional(),
  supplierProductName: text.optional(),
  container: text.optional(),
  costPrice: decimalString.optional(),
});
