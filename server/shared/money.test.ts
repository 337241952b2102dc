import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ISO_4217_MINOR_UNITS } from './iso-4217';
import {
  currencyExponent,
  formatMoney,
  isSupportedCurrency,
  parseMajorAmount,
  sumLines,
  toMajorDecimal,
} from './money';

/** Intl separates a currency code from the amount with a no-break space. */
const readable = (formatted: string) => formatted.replaceAll('\u00a0', ' ');

describe('currency exponents come from ISO 4217, not from display conventions', () => {
  it.each([
    ['JPY', 0],
    ['EUR', 2],
    ['USD', 2],
    ['BHD', 3],
    // Intl (CLDR) displays these with fewer digits than ISO defines: amounts would be off by 100× or 1000×.
    ['HUF', 2],
    ['IDR', 2],
    ['ALL', 2],
    ['IQD', 3],
    ['CLF', 4],
    ['UYW', 4],
  ])('%s has %i decimal places', (code, exponent) => {
    expect(currencyExponent(code)).toBe(exponent);
  });

  it('reads a lower-case code as the same currency (Stripe spells them that way)', () => {
    expect(currencyExponent('jpy')).toBe(0);
  });

  it('refuses to guess the exponent of a code ISO does not list', () => {
    expect(() => currencyExponent('XYZ')).toThrow(RangeError);
    expect(() => currencyExponent('XAU')).toThrow(/not an active ISO 4217/); // gold: minor unit "N.A."
    expect(() => currencyExponent('HRK')).toThrow(RangeError); // withdrawn 2023
    expect(() => currencyExponent('')).toThrow(RangeError);
    expect(() => currencyExponent('constructor')).toThrow(RangeError);
  });

  it('holds only three-letter codes with a minor unit of 0, 2, 3 or 4', () => {
    for (const [code, units] of Object.entries(ISO_4217_MINOR_UNITS)) {
      expect(code).toMatch(/^[A-Z]{3}$/);
      expect([0, 2, 3, 4]).toContain(units);
    }
  });
});

describe('formatting shows the stored amount exactly', () => {
  it.each([
    [1250, 'EUR', '€12.50'],
    [1250, 'JPY', '¥1,250'],
    [0, 'USD', '$0.00'],
    [1234, 'BHD', 'BHD 1.234'],
    [123456, 'HUF', 'HUF 1,234.56'],
    [150000, 'IDR', 'IDR 1,500.00'],
    [5000, 'ALL', 'ALL 50.00'],
    [12345, 'IQD', 'IQD 12.345'],
    [12345, 'CLF', 'CLF 1.2345'],
    [-5, 'EUR', '-€0.05'],
  ])('%i minor units of %s read %s', (minor, code, shown) => {
    expect(readable(formatMoney(minor, code, 'en'))).toBe(shown);
  });

  it('is exact for the largest safe amounts, where dividing a float would round', () => {
    expect(readable(formatMoney(Number.MAX_SAFE_INTEGER, 'IQD', 'en'))).toBe('IQD 9,007,199,254,740.991');
    expect(readable(formatMoney(Number.MAX_SAFE_INTEGER, 'CLF', 'en'))).toBe('CLF 900,719,925,474.0991');
  });

  it('refuses fractional minor units and unknown currencies', () => {
    expect(() => formatMoney(12.5, 'EUR')).toThrow(RangeError);
    expect(() => formatMoney(100, 'XYZ')).toThrow(RangeError);
  });

  it('writes minor units as a decimal string in major units', () => {
    expect(toMajorDecimal(7, 'EUR')).toBe('0.07');
    expect(toMajorDecimal(-7, 'BHD')).toBe('-0.007');
    expect(toMajorDecimal(980, 'JPY')).toBe('980');
    expect(toMajorDecimal(1, 'CLF')).toBe('0.0001');
  });
});

describe('parsing staff-typed amounts', () => {
  it('parses exactly in the currency’s minor units', () => {
    expect(parseMajorAmount('12.5', 'EUR')).toBe(1250);
    expect(parseMajorAmount('0,07', 'EUR')).toBe(7);
    expect(parseMajorAmount('980', 'JPY')).toBe(980);
    expect(parseMajorAmount('1500', 'HUF')).toBe(150000);
    expect(parseMajorAmount('1.5', 'IQD')).toBe(1500);
    expect(parseMajorAmount('1.2345', 'CLF')).toBe(12345);
  });

  it('refuses more decimals than the currency has, naming how many it has', () => {
    expect(() => parseMajorAmount('9.5', 'JPY')).toThrow(/0 decimal places/);
    expect(() => parseMajorAmount('1.234', 'EUR')).toThrow(RangeError);
    expect(() => parseMajorAmount('1.23456', 'CLF')).toThrow(/4 decimal places/);
    expect(() => parseMajorAmount('twelve', 'EUR')).toThrow(/not an amount/);
  });

  it('round-trips: what is parsed back from a formatted decimal is the amount it came from', () => {
    const codes = Object.keys(ISO_4217_MINOR_UNITS);
    fc.assert(
      fc.property(fc.constantFrom(...codes), fc.integer({ min: 0, max: 999_999_999 }), (code, minor) => {
        expect(parseMajorAmount(toMajorDecimal(minor, code), code)).toBe(minor);
        // Formatting keeps every digit: strip grouping and symbols, and the decimal is what was stored.
        const shown = /\d[\d,]*(?:\.\d+)?/.exec(formatMoney(minor, code, 'en'))![0].replaceAll(',', '');
        expect(shown).toBe(toMajorDecimal(minor, code));
      }),
      { numRuns: 500 },
    );
  });
});

describe('currencies a restaurant may price in', () => {
  it('accepts active ISO currencies in capitals', () => {
    expect(isSupportedCurrency('EUR')).toBe(true);
    expect(isSupportedCurrency('HUF')).toBe(true);
    expect(isSupportedCurrency('VED')).toBe(true); // in ISO, though Intl does not list it
  });

  it('refuses lower case, unknown, withdrawn and fund codes', () => {
    expect(isSupportedCurrency('eur')).toBe(false);
    expect(isSupportedCurrency('XYZ')).toBe(false);
    expect(isSupportedCurrency('HRK')).toBe(false);
    expect(isSupportedCurrency('CLF')).toBe(false); // a unit of account: nobody pays a bill in it
    expect(isSupportedCurrency('toString')).toBe(false);
  });
});

describe('totals', () => {
  it('sums lines in minor units', () => {
    expect(
      sumLines([
        { unitPriceMinor: 450, quantity: 2 },
        { unitPriceMinor: 1290, quantity: 1 },
      ]),
    ).toBe(2190);
  });
});
