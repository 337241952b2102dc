import { describe, expect, it } from 'vitest';
import { currencyExponent, formatMoney, isSupportedCurrency, parseMajorAmount, sumLines } from './money';

describe('money', () => {
  it('knows each currency exponent', () => {
    expect(currencyExponent('EUR')).toBe(2);
    expect(currencyExponent('USD')).toBe(2);
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('BHD')).toBe(3);
  });

  it('formats minor units in the currency', () => {
    expect(formatMoney(1250, 'EUR', 'en')).toBe('€12.50');
    expect(formatMoney(1250, 'JPY', 'en')).toBe('¥1,250');
    expect(formatMoney(0, 'USD', 'en')).toBe('$0.00');
  });

  it('refuses fractional minor units', () => {
    expect(() => formatMoney(12.5, 'EUR')).toThrow(RangeError);
  });

  it('parses staff-typed amounts exactly', () => {
    expect(parseMajorAmount('12.5', 'EUR')).toBe(1250);
    expect(parseMajorAmount('0,07', 'EUR')).toBe(7);
    expect(parseMajorAmount('980', 'JPY')).toBe(980);
    expect(() => parseMajorAmount('9.5', 'JPY')).toThrow(/0 decimal places/);
    expect(() => parseMajorAmount('1.234', 'EUR')).toThrow(RangeError);
  });

  it('checks currency codes', () => {
    expect(isSupportedCurrency('EUR')).toBe(true);
    expect(isSupportedCurrency('eur')).toBe(false);
    expect(isSupportedCurrency('XYZ')).toBe(false);
  });

  it('sums lines in minor units', () => {
    expect(
      sumLines([
        { unitPriceMinor: 450, quantity: 2 },
        { unitPriceMinor: 1290, quantity: 1 },
      ]),
    ).toBe(2190);
  });
});
