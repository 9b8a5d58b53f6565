import { describe, expect, it } from 'vitest';
import { defaultCurrencyForLocale, FALLBACK_CURRENCY } from '../../extension/lib/currency-default';

describe('the pay sheet’s default currency', () => {
  it.each([
    ['fr', 'EUR'],
    ['fr-FR', 'EUR'],
    ['de', 'EUR'],
    ['de-DE', 'EUR'],
    ['de-AT', 'EUR'],
    ['es-ES', 'EUR'],
    ['it', 'EUR'],
    ['en-US', 'USD'],
    ['en-GB', 'GBP'],
    ['en-CA', 'CAD'],
    ['fr-CA', 'CAD'],
    ['ja', 'JPY'],
    ['ja-JP', 'JPY'],
    ['de-CH', 'CHF'],
    ['fr-CH', 'CHF'],
    ['it-CH', 'CHF'],
    ['fr_FR', 'EUR'],
    ['zh-Hant-TW', 'USD'],
    ['en', 'USD'],
  ])('%s starts with %s', (locale, currency) => {
    expect(defaultCurrencyForLocale(locale)).toBe(currency);
  });

  it('falls back for an empty, unknown or missing language', () => {
    for (const locale of ['', 'xx', 'klingon', undefined])
      expect(defaultCurrencyForLocale(locale)).toBe(FALLBACK_CURRENCY);
  });

  it('never reads inherited object keys as a language', () => {
    expect(defaultCurrencyForLocale('constructor')).toBe(FALLBACK_CURRENCY);
    expect(defaultCurrencyForLocale('en-__proto__')).toBe(FALLBACK_CURRENCY);
  });
});
