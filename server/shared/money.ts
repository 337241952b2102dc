// Money is an integer of minor units plus an ISO 4217 currency. The exponent
// comes from ISO's own table (JPY 0, EUR 2, BHD 3, CLF 4), never from a
// hard-coded 2 nor from a locale's display digits: Stripe and every total
// count in ISO minor units. Formatting uses Intl with exactly that many
// fraction digits, from a decimal string, so what is shown is the stored
// amount to the last minor unit. Pure and browser-safe: prices on the menu
// and in the cart are formatted with it.
import { ISO_4217_FUNDS, ISO_4217_MINOR_UNITS, type CurrencyCode } from './iso-4217';

export type Money = { amountMinor: number; currency: string };
export type { CurrencyCode };

function isIsoCode(code: string): code is CurrencyCode {
  return Object.hasOwn(ISO_4217_MINOR_UNITS, code);
}

/** ISO 4217's minor unit of `currency` (case-insensitive); a RangeError for a code ISO does not list. */
export function currencyExponent(currency: string): number {
  const code = currency.toUpperCase();
  if (!isIsoCode(code)) throw new RangeError(`${currency} is not an active ISO 4217 currency code`);
  return ISO_4217_MINOR_UNITS[code];
}

/** A currency a restaurant may price in: an active ISO 4217 code, in capitals, that is not a fund code. */
export function isSupportedCurrency(currency: string): currency is CurrencyCode {
  return isIsoCode(currency) && !ISO_4217_FUNDS.has(currency);
}

/** The amount as an exact decimal string in major units: 1250 EUR → "12.50", 1250 JPY → "1250". */
export function toMajorDecimal(amountMinor: number, currency: string): `${number}` {
  if (!Number.isSafeInteger(amountMinor)) throw new RangeError(`amountMinor must be an integer, got ${amountMinor}`);
  const exponent = currencyExponent(currency);
  const digits = Math.abs(amountMinor)
    .toString()
    .padStart(exponent + 1, '0');
  const sign = amountMinor < 0 ? '-' : '';
  if (exponent === 0) return `${sign}${digits}` as `${number}`;
  return `${sign}${digits.slice(0, -exponent)}.${digits.slice(-exponent)}` as `${number}`;
}

export function formatMoney(amountMinor: number, currency: string, locale = 'en'): string {
  const exponent = currencyExponent(currency);
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: exponent,
    maximumFractionDigits: exponent,
  }).format(toMajorDecimal(amountMinor, currency));
}

/** Parses a decimal string typed by staff ("12.50") into minor units, exactly. */
export function parseMajorAmount(input: string, currency: string): number {
  const exponent = currencyExponent(currency);
  const match = /^(\d{1,9})(?:[.,](\d+))?$/.exec(input.trim());
  if (!match) throw new RangeError(`"${input}" is not an amount`);
  const fraction = match[2] ?? '';
  if (fraction.length > exponent) {
    throw new RangeError(`${currency} has ${exponent} decimal places; "${input}" has ${fraction.length}`);
  }
  return Number(match[1]) * 10 ** exponent + Number(fraction.padEnd(exponent, '0') || '0');
}

export type PricedQuantity = { unitPriceMinor: number; quantity: number };

export function lineTotalMinor(line: PricedQuantity): number {
  return line.unitPriceMinor * line.quantity;
}

export function sumLines(lines: readonly PricedQuantity[]): number {
  return lines.reduce((total, line) => total + lineTotalMinor(line), 0);
}
