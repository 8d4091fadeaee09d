/** Test-only exact arithmetic, independent of the code under test's constructors. */
import Big from 'big.js';

const Exact = Big();
Exact.NE = -1e6;
Exact.PE = 1e6;

/** Exact sum of decimal strings. */
export function exactSum(values: readonly string[]): Big.Big {
  return values.reduce((total, value) => total.plus(value), Exact('0'));
}

/** `|quantity × unitPrice − lineTotal|`, exactly. */
export function unitPriceError(quantity: string, unitPrice: string, lineTotal: string): Big.Big {
  return Exact(quantity).times(unitPrice).minus(lineTotal).abs();
}

export { Exact };
