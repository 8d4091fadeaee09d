/**
 * Errors the package throws. Data problems never throw — they become `MappingIssue`s; these are for
 * a caller's mistake (a missing currency) or a value that cannot fit where the caller wants to put it.
 *
 * `instanceof` works across duplicated copies of this package (two versions in one `node_modules`): each
 * class recognises its instances by a brand registered with `Symbol.for`, not by prototype identity.
 */
const CONFIGURATION_BRAND = Symbol.for('@getinn/iiko-mappers/MappingConfigurationError');
const OVERFLOW_BRAND = Symbol.for('@getinn/iiko-mappers/NumericOverflowError');
const INVALID_DECIMAL_BRAND = Symbol.for('@getinn/iiko-mappers/InvalidDecimalError');

function hasBrand(value: unknown, brand: symbol): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[brand] === true;
}

/**
 * A mapper was called wrongly — for example `mapInvoices` without a valid ISO 4217 currency, or with
 * something other than an array. Thrown at once, before any record is read: this is configuration, not
 * data, and a default would be a silent guess (iiko's export carries no currency, so a default of `USD`
 * once put every rouble invoice in dollars).
 *
 * @example
 * ```ts
 * try {
 *   mapInvoices(invoices, { currency: 'rub' });
 * } catch (error) {
 *   if (error instanceof MappingConfigurationError) console.error(error.option, error.message);
 * }
 * ```
 */
export class MappingConfigurationError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, CONFIGURATION_BRAND);
  }

  override readonly name = 'MappingConfigurationError';
  /** The option or argument at fault, such as `'currency'` or `'invoices'`. */
  readonly option: string;

  constructor(option: string, message: string) {
    super(message);
    this.option = option;
    Object.defineProperty(this, CONFIGURATION_BRAND, { value: true });
  }
}

/**
 * {@link toNumeric} was given a value that does not fit the column: more integer digits than
 * `precision - scale` allow after rounding. Thrown instead of truncating, because PostgreSQL itself refuses
 * such a value (`numeric field overflow`) and a truncated total would reconcile against nothing.
 *
 * @example
 * ```ts
 * toNumeric('123456789.00', NUMERIC_10_2); // throws NumericOverflowError: 9 integer digits, 8 allowed
 * ```
 */
export class NumericOverflowError extends RangeError {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, OVERFLOW_BRAND);
  }

  override readonly name = 'NumericOverflowError';
  /** The value as given. */
  readonly value: string;
  /** Total digits the column holds. */
  readonly precision: number;
  /** Digits after the point the column holds. */
  readonly scale: number;

  constructor(value: string, precision: number, scale: number) {
    super(
      `${value} does not fit Numeric(${precision},${scale}): at most ${precision - scale} integer digits`,
    );
    this.value = value;
    this.precision = precision;
    this.scale = scale;
    Object.defineProperty(this, OVERFLOW_BRAND, { value: true });
  }
}

/**
 * {@link toNumeric} was given something that is not a plain decimal string (`'12.50'`, `'-3'`). JS numbers
 * are refused on purpose: `0.1 + 0.2` is how totals go off by a rounding error.
 *
 * @example
 * ```ts
 * toNumeric(12.5 as unknown as string, NUMERIC_10_2); // throws InvalidDecimalError
 * ```
 */
export class InvalidDecimalError extends TypeError {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasBrand(value, INVALID_DECIMAL_BRAND);
  }

  override readonly name = 'InvalidDecimalError';
  /** The value as given. */
  readonly value: unknown;

  constructor(value: unknown) {
    super(`${typeof value === 'string' ? JSON.stringify(value) : typeof value} is not a decimal string such as "12.50"`);
    this.value = value;
    Object.defineProperty(this, INVALID_DECIMAL_BRAND, { value: true });
  }
}
