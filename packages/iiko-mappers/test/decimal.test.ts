import Big from 'big.js';
import { describe, expect, it } from 'vitest';
import {
  InvalidDecimalError,
  MONEY_SCALE,
  NUMERIC_10_2,
  NumericOverflowError,
  QUANTITY_SCALE,
  UNIT_PRICE_SCALE,
  mapInvoices,
  toNumeric,
} from '@getinn/iiko-mappers';
import { twoDocumentExport } from './support/iiko-xml';

describe('toNumeric', () => {
  it.each([
    ['1440.000000000', '1440.00'],
    ['37.845000000', '37.85'],
    ['-37.845000000', '-37.85'],
    ['37.844999999', '37.84'],
    ['0.004999999', '0.00'],
    ['-0.001', '0.00'],
    ['5', '5.00'],
    ['99999999.994', '99999999.99'],
    ['-99999999.99', '-99999999.99'],
  ])('fits %s to Numeric(10,2) as %s, ties away from zero like PostgreSQL', (value, expected) => {
    expect(toNumeric(value, NUMERIC_10_2)).toBe(expected);
  });

  it('rounds ties to even when asked', () => {
    expect(toNumeric('37.845', { ...NUMERIC_10_2, rounding: 'half-even' })).toBe('37.84');
    expect(toNumeric('37.835', { ...NUMERIC_10_2, rounding: 'half-even' })).toBe('37.84');
  });

  it('fits other columns', () => {
    expect(toNumeric('9.473684211', { precision: 12, scale: 4 })).toBe('9.4737');
    expect(toNumeric('152.000000000', { precision: 5, scale: 0 })).toBe('152');
  });

  it.each(['123456789.00', '99999999.995', '-100000000', '1000000000'])(
    'refuses %s, which overflows Numeric(10,2), instead of truncating it',
    (value) => {
      expect(() => toNumeric(value, NUMERIC_10_2)).toThrow(NumericOverflowError);
    },
  );

  it('says what overflowed on the error', () => {
    try {
      toNumeric('123456789.00', NUMERIC_10_2);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(RangeError);
      expect(error).toMatchObject({ name: 'NumericOverflowError', value: '123456789.00', precision: 10, scale: 2 });
      expect((error as Error).message).toBe('123456789.00 does not fit Numeric(10,2): at most 8 integer digits');
    }
  });

  it.each([12.5, '1e3', 'abc', '', '.5', null])('refuses %j, which is not a decimal string', (value) => {
    expect(() => toNumeric(value as string, NUMERIC_10_2)).toThrow(InvalidDecimalError);
  });

  it.each([
    { precision: 0, scale: 0 },
    { precision: 10, scale: 11 },
    { precision: 10.5, scale: 2 },
    { precision: 10, scale: -1 },
    { precision: 10, scale: 2, rounding: 'up' },
  ])('refuses the column %j', (spec) => {
    expect(() => toNumeric('1', spec as never)).toThrow(RangeError);
  });

  it('recognises its errors by brand, so a second copy of the package still passes instanceof', () => {
    const foreign = Object.assign(new Error('from another copy'), {
      [Symbol.for('@getinn/iiko-mappers/NumericOverflowError')]: true,
    });
    expect(foreign).toBeInstanceOf(NumericOverflowError);
    expect(new Error('plain')).not.toBeInstanceOf(NumericOverflowError);
  });
});

describe('scales', () => {
  it('are the documented nine decimals', () => {
    expect([MONEY_SCALE, QUANTITY_SCALE, UNIT_PRICE_SCALE]).toEqual([9, 9, 9]);
  });
});

describe('big.js configuration', () => {
  it("neither reads nor changes the global Big settings another library may rely on", () => {
    const before = { DP: Big.DP, RM: Big.RM, NE: Big.NE, PE: Big.PE, strict: Big.strict };
    const clean = mapInvoices(twoDocumentExport(), { currency: 'RUB' });
    Big.DP = 0;
    Big.RM = Big.roundDown;
    Big.NE = -1;
    try {
      const meddled = mapInvoices(twoDocumentExport(), { currency: 'RUB' });
      expect(meddled).toEqual(clean);
      expect(meddled.items[1]?.items[0]?.unitPrice).toBe('9.473684211');
      expect(toNumeric('0.000000005', { precision: 12, scale: 9 })).toBe('0.000000005');
    } finally {
      Object.assign(Big, before);
    }
    expect({ DP: Big.DP, RM: Big.RM, NE: Big.NE, PE: Big.PE, strict: Big.strict }).toEqual(before);
  });
});
