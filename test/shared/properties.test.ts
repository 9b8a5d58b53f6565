/**
 * Property-based tests of the money and tweet grammar: what Hashpay writes it reads back
 * exactly, nothing makes a parser throw, and no text yields an amount it does not say.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findAmounts, parseAmount } from '../../shared/amount-parse';
import { isHandle, sameHandle } from '../../shared/handle';
import { LANGUAGES } from '../../shared/language';
import {
  AMOUNT_MAX_MINOR,
  CURRENCY_CODES,
  type Currency,
  formatAmount,
  isAmountMinor,
  minorUnits,
} from '../../shared/money';
import { generateReferenceCode } from '../../shared/reference-code';
import {
  formatDonationTweet,
  formatPaymentTweet,
  formatPotContributionTweet,
  MEMO_ELLIPSIS,
  MEMO_LENGTH_MAX,
  memoProblem,
  normalizeMemo,
} from '../../shared/tweet-format';
import { TWEET_WEIGHTED_LENGTH_MAX, weightedLength } from '../../shared/tweet-length';
import { parseTweet } from '../../shared/tweet-parse';

const RUNS = 400;

const currency = fc.constantFrom(...CURRENCY_CODES);
const language = fc.constantFrom(...LANGUAGES);
const amountMinor = fc.oneof(
  fc.integer({ min: 1, max: 10_000 }),
  fc.integer({ min: AMOUNT_MAX_MINOR - 10_000, max: AMOUNT_MAX_MINOR }),
  fc.integer({ min: 1, max: AMOUNT_MAX_MINOR }),
);
const handle = fc.stringMatching(/^[A-Za-z0-9_]{1,15}$/);
const potHashtag = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,39}$/);
const code = fc.uint8Array({ minLength: 7, maxLength: 7 }).map(generateReferenceCode);
const memoPieces = fc.constantFrom(
  '🍕',
  '👨‍👩‍👧',
  '🇫🇷',
  '1️⃣',
  ' ',
  '  ',
  'a',
  'é',
  '日',
  'for',
  ' pour ',
  ' via ',
  '#Hashpay',
  'https://x.co/a ',
  'shop.fr',
  '€',
  '5 €',
  '$3',
  '@bob ',
  '#tag ',
  '\n',
  '…',
  'ü',
  'Ω',
);
const memo = fc
  .oneof(
    fc.string({ unit: 'grapheme', maxLength: 80 }),
    fc.string({ unit: memoPieces, maxLength: 140 }),
    fc.string({ unit: fc.constantFrom('🍕', 'a', ' ', '日'), minLength: 150, maxLength: MEMO_LENGTH_MAX }),
  )
  .filter((text) => memoProblem(text) === undefined);

/** The memo a reader sees: whole, cut with an ellipsis, or dropped when nothing of it fits. */
function expectMemoRoundTrip(parsedMemo: string | null, writtenMemo: string | null): void {
  const whole = normalizeMemo(writtenMemo ?? '');
  if (parsedMemo === null || parsedMemo === whole) return;
  expect(parsedMemo.endsWith(MEMO_ELLIPSIS)).toBe(true);
  expect(whole.startsWith(parsedMemo.slice(0, -MEMO_ELLIPSIS.length).trimEnd())).toBe(true);
}

describe('format → parse round trips', () => {
  it('payments and donations, for every currency × language × amount range', () => {
    fc.assert(
      fc.property(
        fc.record({ payeeHandle: handle, amountMinor, currency, memo: fc.option(memo), code, language }),
        fc.boolean(),
        (input, donation) => {
          const tweet = donation ? formatDonationTweet(input) : formatPaymentTweet(input);
          expect(weightedLength(tweet)).toBeLessThanOrEqual(TWEET_WEIGHTED_LENGTH_MAX);
          const parsed = parseTweet(tweet);
          expect(parsed).toMatchObject({
            kind: donation ? 'drafted-donation' : 'drafted-payment',
            payeeHandle: input.payeeHandle,
            amountMinor: input.amountMinor,
            currency: input.currency,
            code: input.code,
            language: input.language,
          });
          if (parsed.kind !== 'drafted-payment' && parsed.kind !== 'drafted-donation') throw new Error(parsed.kind);
          expectMemoRoundTrip(parsed.memo, input.memo);
          if (normalizeMemo(input.memo ?? '') === '') expect(parsed.memo).toBeNull();
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('pot contributions', () => {
    fc.assert(
      fc.property(fc.record({ potHashtag, amountMinor, currency, memo: fc.option(memo), code, language }), (input) => {
        const tweet = formatPotContributionTweet(input);
        expect(weightedLength(tweet)).toBeLessThanOrEqual(TWEET_WEIGHTED_LENGTH_MAX);
        const parsed = parseTweet(tweet);
        expect(parsed).toMatchObject({
          kind: 'drafted-pot-contribution',
          potHashtag: input.potHashtag,
          amountMinor: input.amountMinor,
          currency: input.currency,
          code: input.code,
        });
        if (parsed.kind !== 'drafted-pot-contribution') throw new Error(parsed.kind);
        expectMemoRoundTrip(parsed.memo, input.memo);
      }),
      { numRuns: RUNS },
    );
  });

  it('formatAmount → parseAmount, every currency × language × amount range', () => {
    fc.assert(
      fc.property(amountMinor, currency, language, (amount, currencyCode, lang) => {
        expect(parseAmount(formatAmount(amount, currencyCode, lang))).toEqual({
          ok: true,
          amountMinor: amount,
          currency: currencyCode,
          currencyStated: true,
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('the longest handle and amount with a long memo stay within 280, cutting only the memo', () => {
    const longMemo = fc
      .string({
        unit: fc.constantFrom('🍕', '👨‍👩‍👧', '日本', 'word ', 'https://example.com/x '),
        minLength: 60,
        maxLength: 120,
      })
      .map((text) => [...text].slice(0, MEMO_LENGTH_MAX).join(''))
      .filter((text) => memoProblem(text) === undefined);
    fc.assert(
      fc.property(longMemo, currency, language, code, (text, currencyCode, lang, referenceCode) => {
        const input = {
          payeeHandle: 'a'.repeat(15),
          amountMinor: AMOUNT_MAX_MINOR,
          currency: currencyCode,
          memo: text,
          code: referenceCode,
          language: lang,
        };
        const tweet = formatDonationTweet(input);
        expect(weightedLength(tweet)).toBeLessThanOrEqual(TWEET_WEIGHTED_LENGTH_MAX);
        expect(tweet).toContain(formatAmount(AMOUNT_MAX_MINOR, currencyCode, lang));
        expect(tweet).toContain(`@${'a'.repeat(15)}`);
        expect(tweet.endsWith(referenceCode)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});

const tweetNoise = fc
  .array(
    fc.constantFrom(
      '@hashpay',
      '@HashPay',
      'pay',
      'send',
      'envoie',
      'donate',
      'un don',
      'à',
      'to',
      'for',
      '@bob',
      '@alice',
      '#Hashpay',
      '#Offer',
      'HP-',
      'HP-7K2Q9XAM',
      '10€',
      '€',
      '$',
      '5 $ CA',
      '1,234',
      '1.5',
      '-',
      '−',
      '١٠',
      '１',
      '\u202E',
      '\u200D',
      '\u00A0',
      '\u202F',
      ' ',
      '  ',
      '.',
      ',',
      '0',
      '9',
      'Paying',
      'Je paie',
      'via',
      '🍕',
      '👨‍👩‍👧',
      'https://t.co/x',
    ),
    { maxLength: 30 },
  )
  .map((pieces) => pieces.join(''));

const anyText = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  tweetNoise,
);

describe('parsers never throw and never invent', () => {
  it('parseAmount and findAmounts return a typed result for any text', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const parsed = parseAmount(text);
        if (parsed.ok) expect(isAmountMinor(parsed.amountMinor)).toBe(true);
        for (const match of findAmounts(text)) expect(text.slice(match.start, match.end)).toBe(match.text);
      }),
      { numRuns: RUNS },
    );
  });

  it('parseTweet returns a typed result for any text, and every payment it reads is written in the text', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const parsed = parseTweet(text, { offerHashtags: ['Offer'] });
        if (parsed.kind === 'rejected' || parsed.kind === 'none' || parsed.kind === 'offer-claim') return;
        expect(isAmountMinor(parsed.amountMinor)).toBe(true);
        if ('payeeHandle' in parsed) {
          expect(isHandle(parsed.payeeHandle)).toBe(true);
          expect(text.toLowerCase()).toContain(`@${parsed.payeeHandle.toLowerCase()}`);
        }
        const written = findAmounts(text).filter((match) => match.result.ok);
        expect(
          written.some(
            (match) =>
              match.result.ok &&
              match.result.amountMinor === parsed.amountMinor &&
              match.result.currency === parsed.currency,
          ),
        ).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});

/** Pieces of hand-typed commands, with what each one is, so the expected reading is known. */
const VALID_AMOUNT_PIECES: Record<string, { amountMinor: number; currency: Currency }> = {
  '10€': { amountMinor: 1000, currency: 'EUR' },
  '€12.50': { amountMinor: 1250, currency: 'EUR' },
  '5 $ CA': { amountMinor: 500, currency: 'CAD' },
  '1.5 EUR': { amountMinor: 150, currency: 'EUR' },
  '¥500': { amountMinor: 500, currency: 'JPY' },
};
const REFUSED_AMOUNT_PIECES = ['10,5055 €', '-5€', '１０€', '0 €', '5 francs'];
const PAYEE_PIECES = ['@bob', '@alice', '@Bob', '@hashpay'];
const NEUTRAL_PIECES = ['2', 'for', 'à', 'pizza', '🍕', '#Hashpay', 'https://t.co/5€', 'merci', '#10€'];
const command = fc.record({
  lead: fc.constantFrom('@hashpay', '@bob @hashpay', '@hashpay please'),
  verb: fc.constantFrom('pay', 'send', 'envoie', 'je paie', 'donate', 'un don de'),
  pieces: fc.array(
    fc.constantFrom(...Object.keys(VALID_AMOUNT_PIECES), ...REFUSED_AMOUNT_PIECES, ...PAYEE_PIECES, ...NEUTRAL_PIECES),
    { maxLength: 6 },
  ),
});

/** An oracle written from the pieces, independent of how the parser scans the text. */
function expectedCommand(lead: string, verb: string, pieces: readonly string[]): object {
  const handlesAfter = new Set(
    pieces.filter((piece) => PAYEE_PIECES.includes(piece) && piece !== '@hashpay').map((piece) => piece.toLowerCase()),
  );
  const payees = handlesAfter.size > 0 ? [...handlesAfter] : lead.startsWith('@bob') ? ['@bob'] : [];
  if (payees.length === 0) return { kind: 'rejected', reason: 'no-payee' };
  if (payees.length > 1) return { kind: 'rejected', reason: 'several-payees' };
  if (pieces.some((piece) => REFUSED_AMOUNT_PIECES.includes(piece))) return { kind: 'rejected' };
  const amounts = pieces.filter((piece) => Object.hasOwn(VALID_AMOUNT_PIECES, piece));
  if (amounts.length > 1) return { kind: 'rejected', reason: 'several-amounts' };
  if (amounts.length === 0) {
    return { kind: 'rejected', reason: pieces.includes('2') ? 'amount:no-currency' : 'no-amount' };
  }
  const kind = verb === 'donate' || verb === 'un don de' ? 'command-donation' : 'command-payment';
  return { kind, ...VALID_AMOUNT_PIECES[amounts[0]!] };
}

describe('hand-typed commands against an oracle', () => {
  it('reads the one payee and the one amount, or names why it will not', () => {
    fc.assert(
      fc.property(command, ({ lead, verb, pieces }) => {
        const text = [lead, verb, ...pieces].join(' ; ');
        const parsed = parseTweet(text);
        expect(parsed, text).toMatchObject(expectedCommand(lead, verb, pieces));
        if (parsed.kind === 'rejected' && !('reason' in expectedCommand(lead, verb, pieces))) {
          expect(parsed.reason.startsWith('amount:')).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

const CURRENCY_WORDS: Record<Currency, readonly string[]> = {
  EUR: ['€', 'EUR', 'eur', 'euros'],
  USD: ['$', 'USD', 'dollars', 'US$', '$ US'],
  GBP: ['£', 'GBP', 'pounds'],
  CHF: ['CHF', 'francs suisses'],
  CAD: ['CAD', 'CA$', 'C$', '$ CA'],
  JPY: ['¥', 'JPY', 'yen'],
};

const renderedAmount = fc
  .record({
    amount: amountMinor,
    currency,
    group: fc.constantFrom('', ' ', '\u00A0', '\u202F', "'", ',', '.'),
    decimalMark: fc.constantFrom('.', ','),
    trimFraction: fc.boolean(),
    wordIndex: fc.nat(),
    before: fc.boolean(),
    gap: fc.constantFrom('', ' ', '\u00A0'),
  })
  .filter(({ group, decimalMark }) => group !== decimalMark);

describe('no text yields an amount different from what it says', () => {
  it('an amount written in any accepted style reads back exactly, or is refused as ambiguous', () => {
    fc.assert(
      fc.property(renderedAmount, (style) => {
        const exponent = minorUnits(style.currency);
        const digits = String(style.amount).padStart(exponent + 1, '0');
        const integer = digits.slice(0, digits.length - exponent);
        let fraction = digits.slice(digits.length - exponent);
        if (style.trimFraction) fraction = fraction.replace(/0+$/, '');
        const groups: string[] = [];
        for (let end = integer.length; end > 0; end -= 3) groups.unshift(integer.slice(Math.max(0, end - 3), end));
        const number = groups.join(style.group) + (fraction === '' ? '' : `${style.decimalMark}${fraction}`);
        const words = CURRENCY_WORDS[style.currency];
        const word = words[style.wordIndex % words.length]!;
        const text = style.before ? `${word}${style.gap}${number}` : `${number}${style.gap}${word}`;

        const ambiguous = exponent > 0 && fraction === '' && [',', '.'].includes(style.group) && groups.length === 2;
        const expected = ambiguous
          ? { ok: false, reason: 'ambiguous-separator' }
          : { ok: true, amountMinor: style.amount, currency: style.currency, currencyStated: true };
        expect(parseAmount(text), JSON.stringify(text)).toEqual(expected);
      }),
      { numRuns: RUNS },
    );
  });

  it('random digits and separators read as the digits written, with the decimal mark at a written separator', () => {
    const noise = fc.string({
      unit: fc.constantFrom('0', '1', '2', '5', '9', '0', '3', '.', ',', ' ', '\u00A0', '\u202F', "'"),
      minLength: 1,
      maxLength: 14,
    });
    fc.assert(
      fc.property(noise, currency, fc.boolean(), (number, currencyCode, before) => {
        const word = CURRENCY_WORDS[currencyCode][0]!;
        const parsed = parseAmount(before ? `${word}${number}` : `${number} ${word}`);
        if (!parsed.ok) return;
        const exponent = BigInt(minorUnits(currencyCode));
        const written = BigInt(number.replace(/[^0-9]/g, ''));
        // The mark is one of the written `.` and `,` (a leading one: `.50`; a final full stop ends a sentence).
        const readings = [written * 10n ** exponent];
        for (const [index, character] of [...number].entries()) {
          if (character !== '.' && character !== ',') continue;
          const digitsAfterMark = BigInt(number.slice(index).replace(/[^0-9]/g, '').length);
          if (digitsAfterMark <= exponent) readings.push(written * 10n ** (exponent - digitsAfterMark));
        }
        expect(readings).toContain(BigInt(parsed.amountMinor));
        expect(parsed.currency).toBe(currencyCode);
      }),
      { numRuns: RUNS },
    );
  });

  it('a command reads exactly the amount and payee that a formatted amount says', () => {
    fc.assert(
      fc.property(handle, amountMinor, currency, language, (payee, amount, currencyCode, lang) => {
        fc.pre(!sameHandle(payee, 'hashpay'));
        const written = formatAmount(amount, currencyCode, lang);
        const text =
          lang === 'fr' ? `@hashpay envoie ${written} à @${payee} merci` : `@hashpay send @${payee} ${written} thanks`;
        expect(parseTweet(text)).toEqual({
          kind: 'command-payment',
          payeeHandle: payee,
          amountMinor: amount,
          currency: currencyCode,
          amountText: written,
          memo: lang === 'fr' ? 'merci' : 'thanks',
        });
      }),
      { numRuns: RUNS },
    );
  });
});
