import { describe, expect, it } from 'vitest';
import { generateReferenceCode } from '../../shared/reference-code';
import { formatPotContributionTweet } from '../../shared/tweet-format';
import { parseTweet, type TweetRejection } from '../../shared/tweet-parse';

// Contributions to pots and projects, drafted and hand-typed.

const code = generateReferenceCode(Uint8Array.from([3, 1, 4, 1, 5, 9, 2]));
const potHashtags = ['potJulie', 'VeloCargo'];

function expectRejected(text: string, reason: TweetRejection): void {
  expect(parseTweet(text, { potHashtags }), text).toEqual({ kind: 'rejected', reason });
}

describe('hand-typed pot contributions', () => {
  it.each([
    ['@hashpay 20€ #potJulie', 'potJulie', 2000, 'EUR', null],
    ['@hashpay chip in 20€ #potJulie', 'potJulie', 2000, 'EUR', null],
    ['@hashpay je participe 20 € #potJulie', 'potJulie', 2000, 'EUR', null],
    ['@hashpay #POTJULIE 12,50 € pour le cadeau', 'potJulie', 1250, 'EUR', 'le cadeau'],
    ['@hashpay contribute $15 to #velocargo for the wheels', 'VeloCargo', 1500, 'USD', 'the wheels'],
    ['@hashpay 20€ #potJulie #potJulie', 'potJulie', 2000, 'EUR', null],
  ] as const)('%j', (text, potHashtag, amountMinor, currency, memo) => {
    expect(parseTweet(text, { potHashtags })).toEqual({
      kind: 'command-pot-contribution',
      potHashtag,
      amountMinor,
      currency,
      amountText: expect.any(String),
      memo,
    });
  });

  it('refuses two pots rather than pick one', () => {
    expectRejected('@hashpay 20€ #potJulie #VeloCargo', 'several-pots');
  });

  it('refuses a payee mention next to a pot hashtag rather than guess who is paid', () => {
    expectRejected('@hashpay pay @bob 20€ #potJulie', 'payee-and-pot');
    expectRejected('@bob @hashpay 20€ #potJulie', 'payee-and-pot');
  });

  it('refuses a missing, ambiguous or unreadable amount', () => {
    expectRejected('@hashpay #potJulie', 'no-amount');
    expectRejected('@hashpay 20 #potJulie', 'amount:no-currency');
    expectRejected('@hashpay 20€ or 30€ #potJulie', 'several-amounts');
  });

  it('is a hashtag of an open pot only: other hashtags are read as before', () => {
    expect(parseTweet('@hashpay 20€ #potJulie')).toEqual({ kind: 'rejected', reason: 'no-command' });
    expect(parseTweet('@hashpay 20€ #somethingElse', { potHashtags })).toEqual({
      kind: 'rejected',
      reason: 'no-command',
    });
    expect(parseTweet('@hashpay pay @bob 10€ #friday', { potHashtags })).toMatchObject({
      kind: 'command-payment',
      payeeHandle: 'bob',
    });
  });

  it('needs the Hashpay mention: a tweet that only carries the pot hashtag pays nothing', () => {
    expect(parseTweet('20€ #potJulie', { potHashtags })).toEqual({ kind: 'none' });
  });

  it('ignores a hashtag inside a link', () => {
    expect(parseTweet('@hashpay 20€ https://example.com/#potJulie', { potHashtags })).toEqual({
      kind: 'rejected',
      reason: 'no-command',
    });
  });
});

describe('drafted pot contributions', () => {
  it.each(['en', 'fr'] as const)('reads back what the worker drafts (%s)', (language) => {
    const text = formatPotContributionTweet({
      potHashtag: 'potJulie',
      amountMinor: 2_050,
      currency: 'EUR',
      memo: 'pour Julie',
      code,
      language,
    });
    expect(parseTweet(text, { potHashtags })).toEqual({
      kind: 'drafted-pot-contribution',
      code,
      potHashtag: 'potJulie',
      language,
      amountMinor: 2_050,
      currency: 'EUR',
      amountText: language === 'en' ? '€20.50' : '20,50\u00A0€',
      memo: 'pour Julie',
    });
  });
});
