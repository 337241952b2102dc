// Money is an integer of minor units plus an ISO-4217 currency. The exponent
// comes from Intl (JPY 0, EUR 2, BHD 3), never from a hard-coded 2.

export type Money = { amountMinor: number; currency: string };

const exponentCache = new Map<string, number>();

export function currencyExponent(currency: string): number {
  const code = currency.toUpperCase();
  let exponent = exponentCache.get(code);
  if (exponent === undefined) {
    exponent =
      new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions().maximumFractionDigits ?? 2;
    exponentCache.set(code, exponent);
  }
  return exponent;
}

export function isSupportedCurrency(currency: string): boolean {
  if (!/^[A-Z]{3}$/.test(currency)) return false;
  return Intl.supportedValuesOf('currency').includes(currency);
}

export function formatMoney(amountMinor: number, currency: string, locale = 'en'): string {
  if (!Number.isSafeInteger(amountMinor)) throw new RangeError(`amountMinor must be an integer, got ${amountMinor}`);
  const exponent = currencyExponent(currency);
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(amountMinor / 10 ** exponent);
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
