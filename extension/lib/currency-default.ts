import type { Currency } from '../../shared/money';

/**
 * The currency the pay sheet starts with before it knows the wallet, from the browser's language tag (`navigator.language`).
 * A region decides when it names a country with its own currency (`de-CH` → CHF, `en-GB` → GBP);
 * otherwise the language does (French, German, Spanish, Italian… → EUR; Japanese → JPY). Anything
 * else starts with USD. The user can always pick another currency in the sheet.
 */

const CURRENCY_BY_REGION: Readonly<Record<string, Currency>> = {
  US: 'USD',
  GB: 'GBP',
  CA: 'CAD',
  CH: 'CHF',
  LI: 'CHF',
  JP: 'JPY',
  FR: 'EUR',
  DE: 'EUR',
  AT: 'EUR',
  BE: 'EUR',
  ES: 'EUR',
  IT: 'EUR',
  IE: 'EUR',
  NL: 'EUR',
  PT: 'EUR',
  LU: 'EUR',
  FI: 'EUR',
  GR: 'EUR',
  MC: 'EUR',
};

const CURRENCY_BY_LANGUAGE: Readonly<Record<string, Currency>> = {
  fr: 'EUR',
  de: 'EUR',
  es: 'EUR',
  it: 'EUR',
  nl: 'EUR',
  pt: 'EUR',
  fi: 'EUR',
  el: 'EUR',
  ga: 'EUR',
  lb: 'EUR',
  sk: 'EUR',
  sl: 'EUR',
  et: 'EUR',
  lv: 'EUR',
  lt: 'EUR',
  mt: 'EUR',
  hr: 'EUR',
  ja: 'JPY',
};

export const FALLBACK_CURRENCY: Currency = 'USD';

export function defaultCurrencyForLocale(locale: string | undefined): Currency {
  const [language = '', ...subtags] = (locale ?? '').split(/[-_]/);
  // The region is the 2-letter subtag (a script subtag such as `Hant` has 4 letters).
  const region = subtags.find((subtag) => /^[A-Za-z]{2}$/.test(subtag))?.toUpperCase();
  if (region !== undefined && Object.hasOwn(CURRENCY_BY_REGION, region)) return CURRENCY_BY_REGION[region]!;
  const key = language.toLowerCase();
  if (Object.hasOwn(CURRENCY_BY_LANGUAGE, key)) return CURRENCY_BY_LANGUAGE[key]!;
  return FALLBACK_CURRENCY;
}

/**
 * The currency the sheet starts with once it knows the wallet: the one the wallet holds money
 * in (when it holds several, the one last used with this payee among them, else the first);
 * with an empty wallet, the one last used with this payee; else the locale's. A pot offers only
 * its own, which the sheet fixes before asking this.
 */
export function defaultSheetCurrency(input: {
  wallet: readonly { currency: Currency; availableMinor: number }[];
  lastCurrency: Currency | null;
  localeCurrency: Currency;
}): Currency {
  const held = input.wallet.filter((line) => line.availableMinor > 0).map((line) => line.currency);
  if (input.lastCurrency !== null && (held.length === 0 || held.includes(input.lastCurrency)))
    return input.lastCurrency;
  return held[0] ?? input.localeCurrency;
}
