import { describe, expect, it } from 'vitest';
import { AssertionError } from '../../shared/assert';
import {
  AMOUNT_MAX_MINOR,
  CURRENCIES,
  CURRENCY_CODES,
  formatAmount,
  isAmountMinor,
  isCurrency,
  minorUnits,
} from '../../shared/money';

const NBSP = '\u00A0';
const NNBSP = '\u202F';

describe('currencies', () => {
  it('lists the six currencies with their ISO 4217 exponents', () => {
    expect(CURRENCY_CODES).toEqual(['EUR', 'USD', 'GBP', 'CHF', 'CAD', 'JPY']);
    expect(CURRENCY_CODES.map(minorUnits)).toEqual([2, 2, 2, 2, 2, 0]);
    expect(Object.keys(CURRENCIES)).toHaveLength(6);
  });

  it('recognises only those codes, in upper case', () => {
    expect(isCurrency('EUR')).toBe(true);
    expect(isCurrency('JPY')).toBe(true);
    for (const value of ['eur', 'BTC', '', 'toString', '__proto__', 3, null, undefined]) {
      expect(isCurrency(value)).toBe(false);
    }
  });

  it('refuses an unknown currency with an assertion, not a guess', () => {
    expect(() => minorUnits('XXX' as 'EUR')).toThrow(AssertionError);
  });
});

describe('AMOUNT_MAX_MINOR', () => {
  it('is one million in two-decimal currencies and a hundred million yen', () => {
    expect(AMOUNT_MAX_MINOR).toBe(1_000_000 * 10 ** minorUnits('EUR'));
    expect(AMOUNT_MAX_MINOR).toBe(100_000_000 * 10 ** minorUnits('JPY'));
  });

  it('bounds isAmountMinor', () => {
    expect(isAmountMinor(1)).toBe(true);
    expect(isAmountMinor(AMOUNT_MAX_MINOR)).toBe(true);
    for (const value of [0, -1, AMOUNT_MAX_MINOR + 1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '5', 2 ** 53]) {
      expect(isAmountMinor(value)).toBe(false);
    }
  });
});

describe('formatAmount', () => {
  it.each([
    [1250, 'EUR', 'fr', `12,50${NBSP}€`],
    [1250, 'EUR', 'en', '€12.50'],
    [500, 'USD', 'en', '$5.00'],
    [500, 'USD', 'fr', `5,00${NBSP}$${NBSP}US`],
    [500, 'JPY', 'en', '¥500'],
    [500, 'JPY', 'fr', `500${NBSP}¥`],
    [500, 'CHF', 'en', `CHF${NBSP}5.00`],
    [500, 'CHF', 'fr', `5,00${NBSP}CHF`],
    [500, 'CAD', 'en', 'CA$5.00'],
    [500, 'CAD', 'fr', `5,00${NBSP}$${NBSP}CA`],
    [500, 'GBP', 'en', '£5.00'],
    [500, 'GBP', 'fr', `5,00${NBSP}£`],
    [123456, 'EUR', 'fr', `1${NNBSP}234,56${NBSP}€`],
    [123456, 'EUR', 'en', '€1,234.56'],
    [100_000_000, 'USD', 'en', '$1,000,000.00'],
    [100_000_000, 'JPY', 'fr', `100${NNBSP}000${NNBSP}000${NBSP}¥`],
    [1, 'EUR', 'en', '€0.01'],
    [10, 'GBP', 'fr', `0,10${NBSP}£`],
    [0, 'EUR', 'en', '€0.00'],
  ] as const)('formats %i %s in %s as %j', (amountMinor, currency, language, expected) => {
    expect(formatAmount(amountMinor, currency, language)).toBe(expected);
  });

  it('refuses fractions, negatives and unsafe integers', () => {
    for (const amountMinor of [1.5, -1, 2 ** 53, Number.NaN]) {
      expect(() => formatAmount(amountMinor, 'EUR', 'en')).toThrow(AssertionError);
    }
  });
});
