import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AmountParseOptions, findAmounts, parseAmount } from '../../shared/amount-parse';
import type { Language } from '../../shared/language';
import type { Currency } from '../../shared/money';
import { parseTweet, type TweetRejection } from '../../shared/tweet-parse';

const NBSP = '\u00A0';

/** The forms people write, each read in the sheet (`parseAmount`) and in a hand-typed command. */
const FORMS: ReadonlyArray<[text: string, language: Language, amountMinor: number, currency: Currency]> = [
  ['$1,000', 'en', 100_000, 'USD'],
  ['£60,000', 'en', 6_000_000, 'GBP'],
  ['1.000 €', 'fr', 100_000, 'EUR'],
  ['2€50', 'fr', 250, 'EUR'],
  ['2€50', 'en', 250, 'EUR'],
  ['10 euros 50', 'fr', 1050, 'EUR'],
  ['10 € 50', 'fr', 1050, 'EUR'],
  ['15 dollars 50', 'en', 1550, 'USD'],
  ['15 dollars 50 cents', 'en', 1550, 'USD'],
  ['20 dollars 43 cents', 'en', 2043, 'USD'],
  ['3 GBP 1 pence', 'en', 301, 'GBP'],
  ['10 € 5 centimes', 'fr', 1005, 'EUR'],
  ['$.50', 'en', 50, 'USD'],
  [',50 €', 'fr', 50, 'EUR'],
  ['.75 €', 'en', 75, 'EUR'],
  ['10,-€', 'fr', 1000, 'EUR'],
  ['10,- €', 'fr', 1000, 'EUR'],
  ['CHF 10.–', 'fr', 1000, 'CHF'],
  ['CHF 10.–', 'en', 1000, 'CHF'],
  ['10 US dollars', 'en', 1000, 'USD'],
  ['10 dollars US', 'fr', 1000, 'USD'],
  ['10 dollars américains', 'fr', 1000, 'USD'],
  ['US$10', 'en', 1000, 'USD'],
  ['US$10', 'fr', 1000, 'USD'],
  ['CAD$10', 'en', 1000, 'CAD'],
  ['10 $ CAN', 'fr', 1000, 'CAD'],
  ['10 $ CAD', 'fr', 1000, 'CAD'],
  ['$10 CAD', 'en', 1000, 'CAD'],
  ['10 dollars canadiens', 'fr', 1000, 'CAD'],
  ['5 livres', 'fr', 500, 'GBP'],
  ['5 livres sterling', 'fr', 500, 'GBP'],
  ['5 francs suisses', 'fr', 500, 'CHF'],
  ['ten dollars', 'en', 1000, 'USD'],
  ['twenty-five dollars', 'en', 2500, 'USD'],
  ['twenty five dollars', 'en', 2500, 'USD'],
  ['ninety-nine pounds', 'en', 9900, 'GBP'],
  ['twenty dollars 43 cents', 'en', 2043, 'USD'],
  ['dix euros', 'fr', 1000, 'EUR'],
  ['vingt euros', 'fr', 2000, 'EUR'],
  ['vingt et un euros', 'fr', 2100, 'EUR'],
  ['soixante-dix euros', 'fr', 7000, 'EUR'],
  ['soixante et onze euros', 'fr', 7100, 'EUR'],
  ['quatre-vingts euros', 'fr', 8000, 'EUR'],
  ['quatre-vingt-dix-neuf euros', 'fr', 9900, 'EUR'],
  ['septante euros', 'fr', 7000, 'EUR'],
  ['nonante-neuf francs suisses', 'fr', 9900, 'CHF'],
  ['une livre', 'fr', 100, 'GBP'],
  ['$99.', 'en', 9900, 'USD'],
  [`12,50${NBSP}€`, 'fr', 1250, 'EUR'],
];

function command(text: string, language: Language): string {
  return language === 'en' ? `@hashpay pay ${text} to @bob thanks` : `@hashpay envoie ${text} à @bob merci`;
}

describe('the forms people write are read right, in both languages', () => {
  it.each(FORMS)('%j (%s) in the sheet', (text, language, amountMinor, currency) => {
    expect(parseAmount(text, { language })).toEqual({ ok: true, amountMinor, currency, currencyStated: true });
  });

  it.each(FORMS)(
    '%j (%s) in a hand-typed command, with the words it was read from',
    (text, language, amountMinor, currency) => {
      const written = text.replace(/\.$/, '');
      expect(parseTweet(command(text, language))).toMatchObject({
        kind: 'command-payment',
        payeeHandle: 'bob',
        amountMinor,
        currency,
        amountText: written,
      });
    },
  );

  it('reads a pot contribution by command the same way', () => {
    expect(parseTweet('@hashpay je participe vingt euros #potJulie', { potHashtags: ['potJulie'] })).toMatchObject({
      kind: 'command-pot-contribution',
      amountMinor: 2000,
      currency: 'EUR',
      amountText: 'vingt euros',
    });
  });
});

describe('context settles what the text alone cannot', () => {
  it('reads grouping by the language, and refuses it with none', () => {
    expect(parseAmount('$1,000', { language: 'en' })).toMatchObject({ ok: true, amountMinor: 100_000 });
    expect(parseAmount('$1,000', { language: 'fr' })).toEqual({ ok: false, reason: 'ambiguous-currency' });
    expect(parseAmount('1,000 €', { language: 'fr' })).toEqual({ ok: false, reason: 'too-many-decimals' });
    expect(parseAmount('1.000 €', { language: 'en' })).toEqual({ ok: false, reason: 'too-many-decimals' });
    expect(parseAmount('1.000 €')).toEqual({ ok: false, reason: 'ambiguous-separator' });
    expect(parseAmount('1,000 €')).toEqual({ ok: false, reason: 'ambiguous-separator' });
  });

  it('reads a bare $ as the wallet’s one dollar currency, else US dollars only in English', () => {
    expect(parseAmount('10 $', { dollarCurrency: 'CAD', language: 'fr' })).toMatchObject({ currency: 'CAD' });
    expect(parseAmount('$10', { dollarCurrency: 'CAD', language: 'en' })).toMatchObject({ currency: 'CAD' });
    expect(parseAmount('10 dollars', { language: 'en' })).toMatchObject({ currency: 'USD' });
    expect(parseAmount('10 $', { language: 'fr' })).toEqual({ ok: false, reason: 'ambiguous-currency' });
    expect(parseAmount('10 $ US', { language: 'fr' })).toMatchObject({ currency: 'USD' });
    expect(parseTweet('@hashpay envoie 10 $ à @bob', { dollarCurrency: 'CAD' })).toMatchObject({ currency: 'CAD' });
    expect(parseTweet('@hashpay envoie 10 $ à @bob')).toEqual({
      kind: 'rejected',
      reason: 'amount:ambiguous-currency',
    });
  });

  it('takes the language from outside the text (X’s lang), unless the command words say otherwise', () => {
    expect(parseTweet('@hashpay 1.000 € #potJulie', { potHashtags: ['potJulie'], language: 'fr' })).toMatchObject({
      amountMinor: 100_000,
    });
    expect(parseTweet('@hashpay 1.000 € #potJulie', { potHashtags: ['potJulie'] })).toEqual({
      kind: 'rejected',
      reason: 'amount:ambiguous-separator',
    });
    expect(parseTweet('@hashpay pay @bob 1,000 €', { language: 'fr' })).toEqual({
      kind: 'rejected',
      reason: 'amount:ambiguous-separator',
    });
  });

  it('reads codes as written where case carries meaning', () => {
    expect(parseAmount('1 GBp')).toEqual({ ok: false, reason: 'unknown-currency' });
    expect(parseAmount('1 Gbp')).toMatchObject({ ok: true, currency: 'GBP' });
    expect(parseTweet('@hashpay pay @bob 1 GBp')).toEqual({ kind: 'rejected', reason: 'amount:unknown-currency' });
  });
});

/** Each kind of wrong reading found before, refused with its typed reason. */
const REFUSALS: ReadonlyArray<[text: string, language: Language, reason: TweetRejection]> = [
  ['2x12,50 €', 'fr', 'amount:touching'],
  ['$119. 95', 'en', 'amount:number-nearby'],
  ['€1.5k', 'en', 'amount:scale-word'],
  ['$5 million', 'en', 'amount:scale-word'],
  ['5 mille €', 'fr', 'amount:currency-nearby'],
  ['trois cent vingt euros', 'fr', 'amount:scale-word'],
  ['two hundred twenty dollars', 'en', 'amount:scale-word'],
  ['10€ 20 pizzas', 'fr', 'amount:number-nearby'],
  ['$5 and 50 cents', 'en', 'amount:number-nearby'],
  ['50 cents', 'en', 'amount:cents-word'],
  ['AU $10', 'en', 'amount:currency-nearby'],
  ['$10 NZD', 'en', 'amount:currency-nearby'],
  ['10 $ AU', 'en', 'amount:currency-nearby'],
  ['10 $ AU', 'fr', 'amount:ambiguous-currency'],
  ['c $ 1.34', 'en', 'amount:currency-nearby'],
  ['SGD4.90 $', 'en', 'amount:touching'],
  ['entre 10 et 20 €', 'fr', 'amount:range-or-bound'],
  ['between 10 and 20 dollars', 'en', 'amount:range-or-bound'],
  ['10 à 20 €', 'fr', 'amount:number-nearby'],
  ['10-20 dollars', 'en', 'amount:number-nearby'],
  ['CAD5–0', 'en', 'amount:number-nearby'],
  ['at most 7€', 'en', 'amount:range-or-bound'],
  ['au moins 10 €', 'fr', 'amount:range-or-bound'],
  ['10 € maximum', 'fr', 'amount:range-or-bound'],
  ['$10 or more', 'en', 'amount:range-or-bound'],
  ['~10€', 'en', 'amount:range-or-bound'],
  ['1 GBp', 'en', 'amount:unknown-currency'],
  // Cents and multipliers in words or glued after the amount.
  ['ten euros fifty cents', 'en', 'amount:number-nearby'],
  ['ninety nine dollars and ninety nine cents', 'en', 'amount:number-nearby'],
  ['10 euros fifty', 'en', 'amount:number-nearby'],
  ['dix euros cinquante', 'fr', 'amount:number-nearby'],
  ['quatre-vingt-dix-neuf euros quatre-vingt-dix-neuf centimes', 'fr', 'amount:number-nearby'],
  ['10 € et cinquante', 'fr', 'amount:number-nearby'],
  ['$10 x2', 'en', 'amount:number-nearby'],
  ['1,000€,x0', 'en', 'amount:number-nearby'],
  ['10 €, x 3', 'fr', 'amount:number-nearby'],
  // A line break is white space like any other: it hides nothing around the amount.
  ['€10\nthousand', 'en', 'amount:scale-word'],
  ['thousand\n€10', 'en', 'amount:scale-word'],
  ['AU\n$10', 'en', 'amount:currency-nearby'],
  ['$10\nAUD', 'en', 'amount:currency-nearby'],
  ['$10\tCAD', 'en', 'amount:currency-nearby'],
  ['10 €\ncentimes', 'fr', 'amount:cents-word'],
];

describe('anything around the amount that could change it refuses the command, by name', () => {
  it.each(REFUSALS)('%j (%s) → %s', (text, language, reason) => {
    expect(parseTweet(command(text, language))).toEqual({ kind: 'rejected', reason });
  });
});

/** Pieces of money-like text, so random strings are full of near-misses. */
const PIECES = [
  '0',
  '1',
  '5',
  '10',
  '12',
  '50',
  '1,000',
  '1.000',
  '.',
  ',',
  ' ',
  '  ',
  '-',
  '–',
  'x',
  '/',
  '+',
  '~',
  '(',
  '€',
  '$',
  '£',
  '¥',
  'EUR',
  'USD',
  'CAD',
  'CAN',
  'US',
  'AU',
  'NZD',
  'GBp',
  'c',
  'C',
  'euros',
  'dollars',
  'livres',
  'cents',
  'centimes',
  'pence',
  'k',
  'M',
  'million',
  'mille',
  'cent',
  'hundred',
  'vingt',
  'twenty',
  'et',
  'and',
  'à',
  'to',
  'entre',
  'at most',
  'max',
  'for',
  'pour',
  'pizza',
];
const moneyish = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 8 }).map((pieces) => pieces.join(''));
const context = fc.record(
  { language: fc.constantFrom<Language>('en', 'fr'), dollarCurrency: fc.constantFrom<'USD' | 'CAD'>('USD', 'CAD') },
  { requiredKeys: [] },
);

describe('one reading of money', () => {
  it('every amount a command accepts reads the same through parseAmount on its span, and nothing next to it is left out', () => {
    fc.assert(
      fc.property(moneyish, fc.boolean(), context, (money, french, options) => {
        const text = french ? `@hashpay envoie ${money} à @bob` : `@hashpay pay @bob ${money}`;
        const parsed = parseTweet(text, options);
        if (parsed.kind !== 'command-payment') return;
        const start = text.indexOf(parsed.amountText);
        expect(start).toBeGreaterThanOrEqual(0);
        const language: Language = options.language ?? (french ? 'fr' : 'en');
        const spanOptions: AmountParseOptions =
          options.language === undefined || options.language === (french ? 'fr' : 'en')
            ? { language, ...(options.dollarCurrency ? { dollarCurrency: options.dollarCurrency } : {}) }
            : { ...(options.dollarCurrency ? { dollarCurrency: options.dollarCurrency } : {}) };
        expect(parseAmount(parsed.amountText, spanOptions)).toEqual({
          ok: true,
          amountMinor: parsed.amountMinor,
          currency: parsed.currency,
          currencyStated: true,
        });
        // Memo text may hold numbers (`for 2 pizzas`), but none next to the amount, and no currency sign.
        const before = text.slice(0, start);
        const after = text.slice(start + parsed.amountText.length);
        expect(before, text).not.toMatch(/[0-9][\s.,\-–+x×/]*$/u);
        expect(after, text).not.toMatch(/^[\s.,\-–+x×/]*[0-9]/u);
        expect(`${before} ${after}`, text).not.toMatch(/\p{Sc}/u);
      }),
      { numRuns: 3000 },
    );
  }, 120_000);

  it('findAmounts reads every span exactly as parseAmount does', () => {
    fc.assert(
      fc.property(moneyish, context, (money, options) => {
        for (const match of findAmounts(`pay ${money}`, options)) {
          expect(match.result).toEqual(parseAmount(match.text, options));
        }
      }),
      { numRuns: 2000 },
    );
  }, 120_000);
});
