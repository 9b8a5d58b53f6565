import { assert } from './assert';
import type { Language } from './language';

/**
 * The currencies Hashpay moves, with the ISO 4217 exponent of their minor unit: an amount of
 * `1250` EUR is 12.50 €, an amount of `500` JPY is ¥500 (the yen has no minor unit).
 */
export const CURRENCIES = {
  EUR: { exponent: 2 },
  USD: { exponent: 2 },
  GBP: { exponent: 2 },
  CHF: { exponent: 2 },
  CAD: { exponent: 2 },
  JPY: { exponent: 0 },
} as const satisfies Record<string, { exponent: number }>;

export type Currency = keyof typeof CURRENCIES;

/** Every currency code, in a stable order (for schemas and selects). */
export const CURRENCY_CODES = Object.keys(CURRENCIES) as [Currency, ...Currency[]];

/**
 * The largest amount of one payment, offer credit or contribution, in minor units, for every
 * currency: 1 000 000.00 in the two-decimal currencies and ¥100 000 000 for the yen. One value
 * serves all currencies because both limits are 10^8 minor units; it stays far below
 * `Number.MAX_SAFE_INTEGER`, so sums of a few thousand amounts are still exact integers.
 */
export const AMOUNT_MAX_MINOR = 100_000_000;

export function isCurrency(value: unknown): value is Currency {
  return typeof value === 'string' && Object.hasOwn(CURRENCIES, value);
}

/** How many decimal digits the currency's minor unit has (2 for EUR, 0 for JPY). */
export function minorUnits(currency: Currency): number {
  assert(isCurrency(currency), 'unknown currency');
  return CURRENCIES[currency].exponent;
}

/** True for an amount a payment may carry: a safe integer in 1 ..= AMOUNT_MAX_MINOR. */
export function isAmountMinor(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 && value <= AMOUNT_MAX_MINOR;
}

const NO_BREAK_SPACE = '\u00A0';
const NARROW_NO_BREAK_SPACE = '\u202F';

/**
 * How each currency is written, chosen so that `parseAmount` reads every string back:
 *
 * | currency | en          | fr           |
 * | -------- | ----------- | ------------ |
 * | EUR      | `€1,234.50` | `1 234,50 €` |
 * | USD      | `$5.00`     | `5,00 $ US`  |
 * | GBP      | `£5.00`     | `5,00 £`     |
 * | CHF      | `CHF 5.00`  | `5,00 CHF`   |
 * | CAD      | `CA$5.00`   | `5,00 $ CA`  |
 * | JPY      | `¥1,500`    | `1 500 ¥`    |
 *
 * French groups thousands with a narrow no-break space (U+202F) and puts a no-break space
 * (U+00A0) between the number and the currency, so a tweet never wraps inside an amount; the
 * English CHF form uses a no-break space for the same reason.
 */
const AMOUNT_FORMATS: Record<Currency, Record<Language, { before: string; after: string }>> = {
  EUR: { en: { before: '€', after: '' }, fr: { before: '', after: `${NO_BREAK_SPACE}€` } },
  USD: { en: { before: '$', after: '' }, fr: { before: '', after: `${NO_BREAK_SPACE}$${NO_BREAK_SPACE}US` } },
  GBP: { en: { before: '£', after: '' }, fr: { before: '', after: `${NO_BREAK_SPACE}£` } },
  CHF: { en: { before: `CHF${NO_BREAK_SPACE}`, after: '' }, fr: { before: '', after: `${NO_BREAK_SPACE}CHF` } },
  CAD: { en: { before: 'CA$', after: '' }, fr: { before: '', after: `${NO_BREAK_SPACE}$${NO_BREAK_SPACE}CA` } },
  JPY: { en: { before: '¥', after: '' }, fr: { before: '', after: `${NO_BREAK_SPACE}¥` } },
};

const NUMBER_SEPARATORS: Record<Language, { group: string; decimal: string }> = {
  en: { group: ',', decimal: '.' },
  fr: { group: NARROW_NO_BREAK_SPACE, decimal: ',' },
};

/**
 * Writes an amount for people, e.g. `formatAmount(1250, 'EUR', 'fr')` → `12,50 €`. Works on the
 * decimal digits of the integer, never on a float. Balances may exceed `AMOUNT_MAX_MINOR`, so
 * only non-negative safe integers are required.
 */
export function formatAmount(amountMinor: number, currency: Currency, language: Language): string {
  assert(Number.isSafeInteger(amountMinor) && amountMinor >= 0, 'amountMinor must be a non-negative safe integer');
  const exponent = minorUnits(currency);
  const separators = NUMBER_SEPARATORS[language];
  const format = AMOUNT_FORMATS[currency][language];
  assert(format !== undefined && separators !== undefined, 'unknown language');

  const digits = String(amountMinor).padStart(exponent + 1, '0');
  const integerDigits = digits.slice(0, digits.length - exponent);
  const fractionDigits = digits.slice(digits.length - exponent);
  const grouped = groupThousands(integerDigits, separators.group);
  const number = exponent === 0 ? grouped : `${grouped}${separators.decimal}${fractionDigits}`;
  return `${format.before}${number}${format.after}`;
}

function groupThousands(integerDigits: string, separator: string): string {
  const groups: string[] = [];
  for (let end = integerDigits.length; end > 0; end -= 3) {
    groups.unshift(integerDigits.slice(Math.max(0, end - 3), end));
  }
  return groups.join(separator);
}
