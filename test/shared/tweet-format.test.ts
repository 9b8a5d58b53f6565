import { describe, expect, it } from 'vitest';
import { AssertionError } from '../../shared/assert';
import { generateReferenceCode } from '../../shared/reference-code';
import {
  formatDonationTweet,
  formatOfferClaimTweet,
  formatPaymentTweet,
  formatPotContributionTweet,
  MEMO_ELLIPSIS,
  MEMO_LENGTH_MAX,
  memoProblem,
  normalizeMemo,
} from '../../shared/tweet-format';
import { TWEET_WEIGHTED_LENGTH_MAX, weightedLength } from '../../shared/tweet-length';

const NBSP = '\u00A0';
const code = generateReferenceCode(Uint8Array.from([7, 20, 2, 23, 9, 29, 10]));

describe('drafted tweets', () => {
  it('writes a payment in English and French', () => {
    const input = { payeeHandle: 'bob', amountMinor: 1250, currency: 'EUR', memo: 'pizza', code } as const;
    expect(formatPaymentTweet({ ...input, language: 'en' })).toBe(`Paying @bob €12.50 for pizza via #Hashpay ${code}`);
    expect(formatPaymentTweet({ ...input, memo: 'la pizza', language: 'fr' })).toBe(
      `Je paie 12,50${NBSP}€ à @bob pour la pizza via #Hashpay ${code}`,
    );
    expect(formatPaymentTweet({ ...input, memo: null, language: 'en' })).toBe(
      `Paying @bob €12.50 via #Hashpay ${code}`,
    );
    expect(formatPaymentTweet({ ...input, memo: '  ', language: 'en' })).toBe(
      `Paying @bob €12.50 via #Hashpay ${code}`,
    );
  });

  it('writes a donation', () => {
    const input = { payeeHandle: 'charity', amountMinor: 500, currency: 'USD', code } as const;
    expect(formatDonationTweet({ ...input, language: 'en' })).toBe(`Donating $5.00 to @charity via #Hashpay ${code}`);
    expect(formatDonationTweet({ ...input, memo: 'les repas', language: 'fr' })).toBe(
      `Je fais un don de 5,00${NBSP}$${NBSP}US à @charity pour les repas via #Hashpay ${code}`,
    );
  });

  it('writes a pot contribution', () => {
    const input = { potHashtag: 'AnnivMarie', amountMinor: 1000, currency: 'EUR', code } as const;
    expect(formatPotContributionTweet({ ...input, memo: 'the cake', language: 'en' })).toBe(
      `Chipping in €10.00 to #AnnivMarie for the cake via #Hashpay ${code}`,
    );
    expect(formatPotContributionTweet({ ...input, language: 'fr' })).toBe(
      `Je participe à la cagnotte #AnnivMarie avec 10,00${NBSP}€ via #Hashpay ${code}`,
    );
  });

  it('writes an offer claim, with or without merchant and code', () => {
    expect(formatOfferClaimTweet({ hashtag: 'AmexWholeFoods', merchantHandle: 'WholeFoods', language: 'en' })).toBe(
      'Claiming the #AmexWholeFoods offer from @WholeFoods via #Hashpay',
    );
    expect(formatOfferClaimTweet({ hashtag: 'AmexWholeFoods', code, language: 'fr' })).toBe(
      `J'active l'offre #AmexWholeFoods via #Hashpay ${code}`,
    );
  });

  it('joins the memo onto one line', () => {
    expect(normalizeMemo(' pizza\n\nand\tbeer ')).toBe('pizza and beer');
    expect(
      formatPaymentTweet({ payeeHandle: 'bob', amountMinor: 1, currency: 'GBP', memo: 'a\nb', code, language: 'en' }),
    ).toBe(`Paying @bob £0.01 for a b via #Hashpay ${code}`);
  });
});

describe('staying within 280', () => {
  const longest = {
    payeeHandle: 'a'.repeat(15),
    amountMinor: 100_000_000,
    currency: 'CAD',
    code,
    language: 'fr',
  } as const;

  it('cuts only the memo, with an ellipsis, and keeps amount, payee and code', () => {
    const tweet = formatPaymentTweet({ ...longest, memo: 'word '.repeat(56) });
    expect(weightedLength(tweet)).toBeLessThanOrEqual(TWEET_WEIGHTED_LENGTH_MAX);
    expect(weightedLength(tweet)).toBeGreaterThan(TWEET_WEIGHTED_LENGTH_MAX - 6);
    const prefix = `Je paie 1\u202F000\u202F000,00\u00A0$\u00A0CA à @${'a'.repeat(15)} pour `;
    const suffix = `${MEMO_ELLIPSIS} via #Hashpay ${code}`;
    expect(tweet.startsWith(prefix) && tweet.endsWith(suffix)).toBe(true);
    const keptMemo = tweet.slice(prefix.length, -suffix.length);
    expect(keptMemo.length).toBeGreaterThan(100);
    expect('word '.repeat(56).startsWith(keptMemo)).toBe(true);
  });

  it('never cuts inside an emoji sequence', () => {
    const tweet = formatPaymentTweet({ ...longest, memo: `👨‍👩‍👧${'🇫🇷'.repeat(137)}` });
    expect(weightedLength(tweet)).toBeLessThanOrEqual(TWEET_WEIGHTED_LENGTH_MAX);
    expect(tweet).toMatch(/pour 👨‍👩‍👧(🇫🇷)+… via/u);
  });

  it('drops the memo when not even one character fits', () => {
    const potHashtag = 'P'.repeat(40);
    const tweet = formatPotContributionTweet({ ...longest, potHashtag, memo: 'x'.repeat(280) });
    expect(weightedLength(tweet)).toBeLessThanOrEqual(TWEET_WEIGHTED_LENGTH_MAX);
    expect(tweet).toContain(`#${potHashtag} avec`);
  });

  it('measures URLs in the memo as X does', () => {
    const memo = `https://example.com/${'x'.repeat(250)}`;
    const tweet = formatPaymentTweet({ ...longest, language: 'en', memo });
    expect(tweet).toContain(memo);
    expect(weightedLength(tweet)).toBeLessThanOrEqual(TWEET_WEIGHTED_LENGTH_MAX);
  });
});

describe('memoProblem', () => {
  it('accepts ordinary text, emoji and line breaks', () => {
    for (const memo of ['pizza', 'les 🍕 de ce soir', 'a\nb', '👨‍👩‍👧 family', ''])
      expect(memoProblem(memo)).toBeUndefined();
  });

  it('names what is wrong', () => {
    expect(memoProblem('x'.repeat(MEMO_LENGTH_MAX + 1))).toBe('too-long');
    expect(memoProblem('pizza\u202Eazzip')).toBe('hidden-character');
    expect(memoProblem('piz\u200Bza')).toBe('hidden-character');
    expect(memoProblem(`see ${code}`)).toBe('contains-reference-code');
  });

  it('is asserted by the formatters, which also check every other field', () => {
    const valid = { payeeHandle: 'bob', amountMinor: 100, currency: 'EUR', code, language: 'en' } as const;
    expect(() => formatPaymentTweet({ ...valid, memo: 'a\u202Eb' })).toThrow(AssertionError);
    expect(() => formatPaymentTweet({ ...valid, payeeHandle: '@bob' })).toThrow(AssertionError);
    expect(() => formatPaymentTweet({ ...valid, amountMinor: 0 })).toThrow(AssertionError);
    expect(() => formatPaymentTweet({ ...valid, amountMinor: 1.5 })).toThrow(AssertionError);
    expect(() => formatPaymentTweet({ ...valid, code: code.toLowerCase() })).toThrow(AssertionError);
    expect(() => formatDonationTweet({ ...valid, currency: 'BTC' as 'EUR' })).toThrow(AssertionError);
    expect(() => formatPotContributionTweet({ ...valid, potHashtag: '#pot' })).toThrow(AssertionError);
    expect(() => formatOfferClaimTweet({ hashtag: 'x'.repeat(41), language: 'en' })).toThrow(AssertionError);
  });
});
