import { z } from 'zod';
import { jsonDecimal, jsonText } from './json-values';

/**
 * One store's balance of one product at a moment, as `/resto/api/v2/reports/balance/stores` returns it
 * (a JSON array). `amount` and `sum` arrive as JSON numbers and are kept as exact decimal strings (see
 * `jsonDecimal`). Fields this version does not know are kept on the object as parsed.
 */
export interface IikoStockBalance {
  /** Store id. */
  store: string;
  /** Product id. */
  product: string;
  /** Quantity in the product's base unit, as a decimal string. */
  amount: string;
  /** Its value in money, as a decimal string. */
  sum: string;
}

/** Schema of {@link IikoStockBalance}. */
export const stockBalanceSchema: z.ZodType<IikoStockBalance> = z.looseObject({
  store: jsonText,
  product: jsonText,
  amount: jsonDecimal,
  sum: jsonDecimal,
});
