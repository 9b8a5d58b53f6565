import { describe, expect, it } from 'vitest';
import { AMOUNT_TEXT_LENGTH_MAX, type AmountRejection, findAmounts, parseAmount } from '../../shared/amount-parse';
import { AMOUNT_MAX_MINOR, type Currency } from '../../shared/money';

const NBSP = '\u00A0';
const NNBSP = '\u202F';

function expectAmount(text: string, amountMinor: number, currency: Currency): void {
  expect(parseAmount(text), text).toEqual({ ok: true, amountMinor, currency, currencyStated: true });
}

function expectRejection(text: string, reason: AmountRejection): void {
  expect(parseAmount(text), JSON.stringify(text)).toEqual({ ok: false, reason });
}

describe('parseAmount accepts amounts as people type them', () => {
  it.each([
    ['10€', 1000, 'EUR'],
    ['€10', 1000, 'EUR'],
    ['10 €', 1000, 'EUR'],
    ['10,50€', 1050, 'EUR'],
    ['10.50 EUR', 1050, 'EUR'],
    ['€10.50', 1050, 'EUR'],
    ['€ 10.50', 1050, 'EUR'],
    ['EUR 10', 1000, 'EUR'],
    ['10 eur', 1000, 'EUR'],
    ['10 euros', 1000, 'EUR'],
    ['1 euro', 100, 'EUR'],
    ['10 Euros', 1000, 'EUR'],
    ['$5', 500, 'USD'],
    ['5$', 500, 'USD'],
    ['5 USD', 500, 'USD'],
    ['5 dollars', 500, 'USD'],
    ['US$5', 500, 'USD'],
    [`5,00${NBSP}$${NBSP}US`, 500, 'USD'],
    ['5 $US', 500, 'USD'],
    ['$5 USD', 500, 'USD'],
    ['£5', 500, 'GBP'],
    ['5 pounds', 500, 'GBP'],
    ['5 GBP', 500, 'GBP'],
    ['5 livres sterling', 500, 'GBP'],
    ['¥500', 500, 'JPY'],
    ['500 yen', 500, 'JPY'],
    ['500 JPY', 500, 'JPY'],
    ['500円', 500, 'JPY'],
    ['CHF 5', 500, 'CHF'],
    ['5 CHF', 500, 'CHF'],
    ['5 francs suisses', 500, 'CHF'],
    ["CHF 1'234.50", 123450, 'CHF'],
    ['5 CAD', 500, 'CAD'],
    ['CA$5', 500, 'CAD'],
    ['C$5', 500, 'CAD'],
    ['5 $CA', 500, 'CAD'],
    ['5,00 $ CA', 500, 'CAD'],
    ['5 dollars canadiens', 500, 'CAD'],
    ['ten euros', 1000, 'EUR'],
    ['.5 €', 50, 'EUR'],
    ['5 € 10', 510, 'EUR'],
    ['$5 CAD', 500, 'CAD'],
  ] as const)('%j is %i %s', (text, amountMinor, currency) => {
    expectAmount(text, amountMinor, currency);
  });

  it('reads space, no-break space and narrow no-break space as group separators', () => {
    for (const space of [' ', NBSP, NNBSP]) {
      expectAmount(`1${space}234,56${space}€`, 123456, 'EUR');
      expectAmount(`1${space}234${space}567 ¥`, 1234567, 'JPY');
    }
  });

  it('reads both separators: the last one is the decimal mark', () => {
    expectAmount('1,234.56 $', 123456, 'USD');
    expectAmount('1.234,56 €', 123456, 'EUR');
    expectAmount('€1.000.000,00', AMOUNT_MAX_MINOR, 'EUR');
    expectRejection('$1,234,56.7', 'bad-grouping');
  });
});

describe('parseAmount, written rules for ambiguous forms', () => {
  it('refuses a single separator followed by exactly 3 digits in two-decimal currencies', () => {
    expectRejection('1,234 €', 'ambiguous-separator');
    expectRejection('1.234 €', 'ambiguous-separator');
    expectRejection('10.505 €', 'ambiguous-separator');
    expectRejection('$999,999', 'ambiguous-separator');
  });

  it('reads it as a group separator in a currency without decimals', () => {
    expectAmount('¥1,234', 1234, 'JPY');
    expectAmount('1.234 yen', 1234, 'JPY');
  });

  it('reads it as a decimal mark when the digits before cannot form a group, and then refuses 3 decimals', () => {
    expectRejection('0,505 €', 'too-many-decimals');
    expectRejection('1234,567 €', 'too-many-decimals');
  });

  it('reads a single decimal digit as tenths: 1.5 is 1.50', () => {
    expectAmount('1.5 €', 150, 'EUR');
    expectAmount('1,5 €', 150, 'EUR');
    expectAmount('$0.5', 50, 'USD');
  });

  it('accepts several identical group separators as grouping', () => {
    expectAmount('1.234.567 ¥', 1234567, 'JPY');
    expectAmount('€1,000,000', AMOUNT_MAX_MINOR, 'EUR');
  });

  it('reads "$" as US dollar and "¥" as yen; refuses "francs" as ambiguous', () => {
    expectAmount('$5', 500, 'USD');
    expectAmount('¥5', 5, 'JPY');
    expectRejection('5 francs', 'ambiguous-currency');
    expectRejection('5 fr', 'ambiguous-currency');
    expectRejection('5 franc', 'ambiguous-currency');
  });

  it('uses a default currency only when one is given and none is written', () => {
    expect(parseAmount('12.50', { defaultCurrency: 'CHF' })).toEqual({
      ok: true,
      amountMinor: 1250,
      currency: 'CHF',
      currencyStated: false,
    });
    expect(parseAmount('12.50 €', { defaultCurrency: 'CHF' })).toMatchObject({ ok: true, currency: 'EUR' });
    expectRejection('12.50', 'no-currency');
  });
});

describe('parseAmount names the reason for every refusal', () => {
  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['x'.repeat(AMOUNT_TEXT_LENGTH_MAX + 1), 'too-long'],
    ['10\u202E€', 'hidden-character'],
    ['1\u200B0€', 'hidden-character'],
    ['\u200E10€', 'hidden-character'],
    ['10€\uFEFF', 'hidden-character'],
    ['10\u00AD€', 'hidden-character'],
    ['10\u0000€', 'hidden-character'],
    ['10\u3164€', 'hidden-character'],
    ['1\u034F0€', 'hidden-character'],
    ['1\u2009000 €', 'unusual-space'],
    ['10\u3000€', 'unusual-space'],
    ['１０€', 'non-ascii-digits'],
    ['١٠ €', 'non-ascii-digits'],
    ['۱۰ €', 'non-ascii-digits'],
    ['१० €', 'non-ascii-digits'],
    ['½ €', 'non-ascii-digits'],
    ['€', 'not-a-number'],
    ['1e3 €', 'not-a-number'],
    ['10..5 €', 'not-a-number'],
    ['10. €', 'not-a-number'],
    ['1,234.567,8 €', 'not-a-number'],
    ["1 234'567 €", 'not-a-number'],
    ['+5 €', 'not-a-number'],
    ['-5€', 'negative'],
    ['−5 €', 'negative'],
    ['€-5', 'negative'],
    ['- 5 €', 'negative'],
    ['-€5', 'negative'],
    ['1,23,456 €', 'bad-grouping'],
    ['12 34 €', 'bad-grouping'],
    ['0 100 €', 'bad-grouping'],
    ['010 €', 'leading-zero'],
    ['1,234 €', 'ambiguous-separator'],
    ['10,5055 €', 'too-many-decimals'],
    ['1 234,567 €', 'too-many-decimals'],
    ['¥5.5', 'too-many-decimals'],
    ['¥5.00', 'too-many-decimals'],
    ['0 €', 'zero'],
    ['0,00 €', 'zero'],
    ['€0.001', 'too-many-decimals'],
    ['1 000 000,01 €', 'above-maximum'],
    ['100 000 001 ¥', 'above-maximum'],
    ['99999999999999999999999 €', 'above-maximum'],
    ['10', 'no-currency'],
    ['10 BTC', 'unknown-currency'],
    ['₹10', 'unknown-currency'],
    ['10 euros please', 'unknown-currency'],
    ['5 francs', 'ambiguous-currency'],
    ['€5 USD', 'conflicting-currencies'],
    ['$5 EUR', 'conflicting-currencies'],
    ['5 € 1', 'not-a-number'],
    ['ten', 'not-a-number'],
    ['1 GBp', 'unknown-currency'],
  ] as const)('%j → %s', (text, reason) => {
    expectRejection(text, reason);
  });

  it('accepts exactly the maximum', () => {
    expectAmount('1 000 000,00 €', AMOUNT_MAX_MINOR, 'EUR');
    expectAmount('¥100,000,000', AMOUNT_MAX_MINOR, 'JPY');
  });
});

describe('findAmounts', () => {
  it('finds amounts in running text with their spans', () => {
    const text = '@hashpay pay @bob 10€ for 2 pizzas';
    const found = findAmounts(text);
    expect(found.map((match) => [match.text, match.result])).toEqual([
      ['10€', { ok: true, amountMinor: 1000, currency: 'EUR', currencyStated: true }],
      ['2', { ok: false, reason: 'no-currency' }],
    ]);
    expect(text.slice(found[0]!.start, found[0]!.end)).toBe('10€');
  });

  it('keeps refusals: a negative, a fullwidth or an ambiguous amount is found, not skipped', () => {
    expect(findAmounts('pay -5€ now').map((match) => match.result)).toEqual([{ ok: false, reason: 'negative' }]);
    expect(findAmounts('pay １０€').map((match) => match.result)).toEqual([{ ok: false, reason: 'non-ascii-digits' }]);
    expect(findAmounts('pay 1,234 €').map((match) => match.result)).toEqual([
      { ok: false, reason: 'ambiguous-separator' },
    ]);
  });

  it('finds an amount grouped with thin spaces, and refuses it by name', () => {
    expect(findAmounts('pay 1\u2009000 €').map((match) => match.result)).toEqual([
      { ok: false, reason: 'unusual-space' },
    ]);
  });

  it('does not read a dash used as punctuation as a minus sign', () => {
    expect(findAmounts('Lunch — 10 €').map((match) => match.result)).toMatchObject([{ ok: true, amountMinor: 1000 }]);
    expect(findAmounts('Lunch - 10 €').map((match) => match.result)).toMatchObject([{ ok: true, amountMinor: 1000 }]);
  });

  it('prefers the longest currency word: "$ CA" is Canadian, "$ cars" is US dollars then a word', () => {
    expect(findAmounts('5 $ CA')).toMatchObject([{ result: { ok: true, currency: 'CAD' } }]);
    expect(findAmounts('5 $ cars')).toMatchObject([{ text: '5 $', result: { ok: true, currency: 'USD' } }]);
  });
});
