// The currencies a restaurant can choose, for a picker: the ones most
// restaurants use first, then every other code it may price in
// (isSupportedCurrency: ISO 4217 List One without the fund codes), A–Z.
import { ISO_4217_MINOR_UNITS, type CurrencyCode } from '@/server/shared/iso-4217';
import { isSupportedCurrency } from '@/server/shared/money';

const COMMON = ['EUR', 'USD', 'GBP', 'CHF', 'JPY', 'CAD', 'AUD', 'SEK', 'NOK', 'DKK', 'PLN', 'CZK'] as const;

export type CurrencyOption = { code: CurrencyCode; label: string };

const displayNames = (() => {
  try {
    return new Intl.DisplayNames(['en'], { type: 'currency' });
  } catch {
    return null;
  }
})();

function optionOf(code: CurrencyCode): CurrencyOption {
  const name = displayNames?.of(code);
  return { code, label: name && name !== code ? `${code} — ${name}` : code };
}

export const COMMON_CURRENCIES: readonly CurrencyOption[] = COMMON.filter(isSupportedCurrency).map(optionOf);

export const OTHER_CURRENCIES: readonly CurrencyOption[] = (Object.keys(ISO_4217_MINOR_UNITS) as CurrencyCode[])
  .filter((code) => isSupportedCurrency(code) && !(COMMON as readonly string[]).includes(code))
  .sort()
  .map(optionOf);
