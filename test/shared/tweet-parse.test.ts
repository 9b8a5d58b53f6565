import { describe, expect, it } from 'vitest';
import { generateReferenceCode } from '../../shared/reference-code';
import { formatOfferClaimTweet } from '../../shared/tweet-format';
import { type ParsedTweet, parseTweet, TWEET_TEXT_LENGTH_MAX, type TweetRejection } from '../../shared/tweet-parse';

const code = generateReferenceCode(Uint8Array.from([3, 1, 4, 1, 5, 9, 2]));
const otherCode = generateReferenceCode(Uint8Array.from([2, 7, 1, 8, 2, 8, 1]));
const typoCode = `${code.slice(0, 4)}${code[4] === '0' ? '1' : '0'}${code.slice(5)}`;

function expectRejected(text: string, reason: TweetRejection, options = {}): void {
  expect(parseTweet(text, options), text).toEqual({ kind: 'rejected', reason });
}

describe('hand-typed commands', () => {
  it.each([
    ['@hashpay pay @bob 10€ pizza', 'command-payment', 'bob', 1000, 'EUR', 'pizza'],
    ['@hashpay send €12.50 to @bob for lunch', 'command-payment', 'bob', 1250, 'EUR', 'lunch'],
    ['@hashpay envoie 10 € à @bob', 'command-payment', 'bob', 1000, 'EUR', null],
    ['@hashpay je paie 12,50 € à @bob pour la pizza', 'command-payment', 'bob', 1250, 'EUR', 'la pizza'],
    ['@hashpay donate 5$ to @charity', 'command-donation', 'charity', 500, 'USD', null],
    ['@HashPay Pay @Bob 10 euros', 'command-payment', 'Bob', 1000, 'EUR', null],
    ['@hashpay give @alice £3 for coffee ☕', 'command-payment', 'alice', 300, 'GBP', 'coffee ☕'],
    ['@hashpay tip @dev ¥500', 'command-payment', 'dev', 500, 'JPY', null],
    ['@hashpay verse 20 CHF à @marc', 'command-payment', 'marc', 2000, 'CHF', null],
    ['@hashpay donne 5 $ CA à @julie: merci', 'command-payment', 'julie', 500, 'CAD', 'merci'],
    ['@hashpay rembourse @lea 1 234,56 € loyer', 'command-payment', 'lea', 123456, 'EUR', 'loyer'],
    ['@hashpay je fais un don de 15 € à @restosducoeur', 'command-donation', 'restosducoeur', 1500, 'EUR', null],
    ['@hashpay pay @bob 10€ for 2 pizzas', 'command-payment', 'bob', 1000, 'EUR', '2 pizzas'],
    ['@hashpay pay @bob 10€, thanks @bob!', 'command-payment', 'bob', 1000, 'EUR', 'thanks @bob!'],
    [
      '@hashpay please send 7.5 EUR to @bob for the donation drive',
      'command-payment',
      'bob',
      750,
      'EUR',
      'the donation drive',
    ],
  ] as const)('%j', (text, kind, payeeHandle, amountMinor, currency, memo) => {
    expect(parseTweet(text)).toEqual({
      kind,
      payeeHandle,
      amountMinor,
      currency,
      amountText: expect.any(String),
      memo,
    });
  });

  it('takes the payee from a reply when no handle follows the verb', () => {
    expect(parseTweet('@bob @hashpay pay 10€ thanks')).toEqual({
      kind: 'command-payment',
      payeeHandle: 'bob',
      amountMinor: 1000,
      currency: 'EUR',
      amountText: expect.any(String),
      memo: 'thanks',
    });
  });

  it('prefers the handle after the verb over reply mentions', () => {
    expect(parseTweet('@alice @hashpay pay @bob 10€')).toMatchObject({ kind: 'command-payment', payeeHandle: 'bob' });
  });

  it('uses another Hashpay handle when told', () => {
    expect(parseTweet('@hashpay_test pay @bob 1€', { hashpayHandle: 'hashpay_test' })).toMatchObject({
      kind: 'command-payment',
    });
    expect(parseTweet('@hashpay pay @bob 1€', { hashpayHandle: 'hashpay_test' })).toEqual({ kind: 'none' });
  });

  it('never guesses: each doubtful command names its reason', () => {
    expectRejected('@hashpay pay @bob @alice 10€', 'several-payees');
    expectRejected('@hashpay pay 10€ to @bob or @alice', 'several-payees');
    expectRejected('@hashpay pay @bob 10€ 5€', 'several-amounts');
    expectRejected('@hashpay pay @bob 10€ or $12', 'several-amounts');
    expectRejected('@hashpay pay @bob', 'no-amount');
    expectRejected('@hashpay pay @bob 10', 'amount:no-currency');
    expectRejected('@hashpay pay 10€', 'no-payee');
    expectRejected('@hashpay pay @hashpay 10€', 'no-payee');
    // X does not read `@léa` as a mention (an accented letter ends it), so there is no payee.
    expectRejected('@hashpay rembourse @léa 10 €', 'no-payee');
    expectRejected('@hashpay hello @bob 10€', 'no-command');
    expectRejected('@hashpay pay @bob -5€', 'amount:negative');
    expectRejected('@hashpay pay @bob −5 €', 'amount:negative');
    expectRejected('@hashpay pay @bob １０€', 'amount:non-ascii-digits');
    expectRejected('@hashpay pay @bob ١٠ €', 'amount:non-ascii-digits');
    // Grouping is read by the language: here the English command word, else refused.
    expectRejected('@hashpay envoie 1,234 € à @bob', 'amount:too-many-decimals');
    expectRejected('@hashpay pay @bob 1,234 €', 'amount:ambiguous-separator', { language: 'fr' });
    expectRejected('@hashpay pay @bob 10.555 €', 'amount:too-many-decimals');
    expectRejected('@hashpay pay @bob 0 €', 'amount:zero');
    expectRejected('@hashpay pay @bob 2 000 000 €', 'amount:above-maximum');
    expectRejected('@hashpay pay @bob 5 francs', 'amount:ambiguous-currency');
    expectRejected('@hashpay pay @bob 10€ and -2€ back', 'amount:negative');
  });

  it('refuses hidden characters anywhere, but allows emoji joiners', () => {
    expectRejected('@hashpay pay @bob 10€ \u202Eazzip', 'hidden-character');
    expectRejected('@hashpay pay @bob 1\u200B0€', 'hidden-character');
    expectRejected('@hashpay pay\u2066 @bob 10€', 'hidden-character');
    expectRejected('@hashpay pay @bob\u3164 10€', 'hidden-character');
    expect(parseTweet('@hashpay pay @bob 10€ 👨‍👩‍👧')).toMatchObject({ kind: 'command-payment', memo: '👨‍👩‍👧' });
  });

  it('does not take a handle inside a link as a payee', () => {
    expect(parseTweet('@hashpay pay @bob 10€ https://x.com/@alice')).toMatchObject({ payeeHandle: 'bob' });
    expectRejected('@hashpay pay 10€ https://x.com/@alice', 'no-payee');
  });

  it('ignores URLs and hashtags when looking for amounts', () => {
    expect(parseTweet('@hashpay pay @bob 10€ https://x.com/5€ #2024€')).toMatchObject({
      kind: 'command-payment',
      amountMinor: 1000,
    });
  });
});

describe('drafted tweets', () => {
  it('reads a drafted payment even after its memo was edited', () => {
    const expected: ParsedTweet = {
      kind: 'drafted-payment',
      code,
      payeeHandle: 'bob',
      amountMinor: 1250,
      currency: 'EUR',
      amountText: '€12.50',
      memo: 'pizza AND beers, 5€ each @alice',
      language: 'en',
    };
    expect(parseTweet(`Paying @bob €12.50 for pizza AND beers, 5€ each @alice via #Hashpay ${code}`)).toEqual(expected);
  });

  it('reads a drafted tweet with its memo removed, lowercased words, a reply prefix and a media link', () => {
    expect(parseTweet(`@carol paying @bob €12.50 via #hashpay ${code.toLowerCase()} https://t.co/xyz`)).toEqual({
      kind: 'drafted-payment',
      code,
      payeeHandle: 'bob',
      amountMinor: 1250,
      currency: 'EUR',
      amountText: '€12.50',
      memo: null,
      language: 'en',
    });
  });

  it('reads French drafts, donations and pot contributions', () => {
    expect(parseTweet(`Je paie 12,50 € à @bob pour la pizza via #Hashpay ${code}`)).toMatchObject({
      kind: 'drafted-payment',
      language: 'fr',
      amountMinor: 1250,
      memo: 'la pizza',
    });
    expect(parseTweet(`Donating $5.00 to @charity via #Hashpay ${code}`)).toMatchObject({
      kind: 'drafted-donation',
      payeeHandle: 'charity',
      currency: 'USD',
      amountText: expect.any(String),
    });
    expect(parseTweet(`Je participe à la cagnotte #AnnivMarie avec 10 € via #Hashpay ${code}`)).toMatchObject({
      kind: 'drafted-pot-contribution',
      potHashtag: 'AnnivMarie',
      amountMinor: 1000,
    });
  });

  it('refuses a draft with a changed amount it cannot read, a typo in its code, or two codes', () => {
    expectRejected(`Paying @bob €12.505 via #Hashpay ${code}`, 'amount:too-many-decimals');
    expectRejected(`Paying @bob €12.50 via #Hashpay ${typoCode}`, 'code:bad-check');
    expectRejected(`Paying @bob €12.50 for ${otherCode} via #Hashpay ${code}`, 'several-codes');
    expectRejected(`Sending bob €12.50 via #Hashpay ${code}`, 'draft-altered');
    expectRejected(`Paying @bobé €12.50 via #Hashpay ${code}`, 'draft-altered');
  });

  it('does not treat a code without #Hashpay as a draft', () => {
    expect(parseTweet(`my printer is an ${code}`)).toEqual({ kind: 'none' });
  });
});

describe('offer claims', () => {
  const offerHashtags = ['AmexWholeFoods', 'CaféDuCoin'];

  it('finds offer hashtags anywhere, in any case, and answers with the offer spelling', () => {
    expect(parseTweet('Loving #amexwholefoods today', { offerHashtags })).toEqual({
      kind: 'offer-claim',
      hashtags: ['AmexWholeFoods'],
      code: null,
    });
    expect(parseTweet('#CAFÉDUCOIN and #AmexWholeFoods!', { offerHashtags })).toMatchObject({
      hashtags: ['AmexWholeFoods', 'CaféDuCoin'],
    });
  });

  it('reads the drafted claim, with its code', () => {
    const text = formatOfferClaimTweet({ hashtag: 'AmexWholeFoods', code, language: 'fr' });
    expect(parseTweet(text, { offerHashtags })).toEqual({ kind: 'offer-claim', hashtags: ['AmexWholeFoods'], code });
  });

  it('needs the whole hashtag', () => {
    expect(parseTweet('#AmexWholeFoodsMarket', { offerHashtags })).toEqual({ kind: 'none' });
    expect(parseTweet('AmexWholeFoods', { offerHashtags })).toEqual({ kind: 'none' });
  });

  it('is claimed by a tweet to @hashpay with no command word', () => {
    expect(parseTweet('@hashpay #AmexWholeFoods please', { offerHashtags })).toMatchObject({ kind: 'offer-claim' });
  });

  it('is not claimed by a payment tweet carrying the hashtag', () => {
    expect(parseTweet('@hashpay pay @bob 5€ #AmexWholeFoods', { offerHashtags }).kind).toBe('command-payment');
  });
});

describe('other tweets', () => {
  it('answers none for tweets that are not for Hashpay', () => {
    expect(parseTweet('')).toEqual({ kind: 'none' });
    expect(parseTweet('pay @bob 10€')).toEqual({ kind: 'none' });
  });

  it('refuses absurdly long text before reading it', () => {
    expectRejected(`@hashpay pay @bob 1€ ${'a'.repeat(TWEET_TEXT_LENGTH_MAX)}`, 'too-long');
  });
});
