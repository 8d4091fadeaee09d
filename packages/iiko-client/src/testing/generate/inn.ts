import type { Rng } from '../prng';

const W10 = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const W11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const W12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

function checkDigit(digits: string, weights: readonly number[]): string {
  let sum = 0;
  weights.forEach((weight, i) => {
    sum += weight * Number(digits[i]);
  });
  return String((sum % 11) % 10);
}

/**
 * A Russian ИНН with valid check digits: 10 digits for an organisation, 12 for an individual
 * entrepreneur. Valid numbers keep a validating mapper from flagging generated data as broken.
 */
export function generateInn(rng: Rng, kind: 'org' | 'ip'): string {
  const region = String(rng.int(10, 99));
  if (kind === 'org') {
    const base = region + rng.digits(7);
    return base + checkDigit(base, W10);
  }
  const base = region + rng.digits(8);
  const eleven = base + checkDigit(base, W11);
  return eleven + checkDigit(eleven, W12);
}
