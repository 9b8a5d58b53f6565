import { describe, expect, it } from 'vitest';
import { compileQuery, type SearchableTweet, SearchQueryError } from './search.js';
import { extractEntities, TWEET_URL_WEIGHTED_LENGTH, weightedLength } from './text.js';

describe('weightedLength (X counting)', () => {
  it('counts Latin characters 1 and CJK characters 2', () => {
    expect(weightedLength('a'.repeat(280))).toBe(280);
    expect(weightedLength('é€')).toBe(3); // é is Latin-1 (1), € (U+20AC) is outside the light ranges (2)
    expect(weightedLength('漢'.repeat(140))).toBe(280);
    expect(weightedLength('漢'.repeat(141))).toBe(282);
  });

  it('counts any URL as 23 and any emoji sequence as 2', () => {
    expect(weightedLength('https://example.com/a/very/long/path/that/is/longer/than/twenty-three')).toBe(
      TWEET_URL_WEIGHTED_LENGTH,
    );
    expect(weightedLength('see https://x.com.')).toBe(4 + TWEET_URL_WEIGHTED_LENGTH + 1);
    expect(weightedLength('🍕')).toBe(2);
    expect(weightedLength('👨‍👩‍👧')).toBe(2);
    expect(weightedLength('🇫🇷')).toBe(2);
  });
});

describe('extractEntities', () => {
  it('gives hashtags, mentions and URLs with code point offsets, like API v2', () => {
    const text = '🍕 Paying @bob €12.50 via #Hashpay HP-7K2Q9XA https://hashpay.example/r.';
    const { hashtags, mentions, urls } = extractEntities(text);
    const codePoints = Array.from(text);
    const slice = (entity: { start: number; end: number }) => codePoints.slice(entity.start, entity.end).join('');
    expect(hashtags).toEqual([{ start: 25, end: 33, tag: 'Hashpay' }]);
    expect(slice(hashtags[0]!)).toBe('#Hashpay');
    expect(mentions.map(slice)).toEqual(['@bob']);
    expect(urls.map((url) => url.url)).toEqual(['https://hashpay.example/r']);
    expect(slice(urls[0]!)).toBe('https://hashpay.example/r');
  });

  it('ignores e-mail addresses, numeric tags and over-long handles', () => {
    const { hashtags, mentions } = extractEntities('mail bob@example.com #1 #ok @abcdefghijklmnop');
    expect(hashtags.map((tag) => tag.tag)).toEqual(['ok']);
    expect(mentions).toEqual([]);
  });
});

describe('compileQuery', () => {
  const tweet = (text: string, authorUsername = 'alice'): SearchableTweet => {
    const { hashtags, mentions } = extractEntities(text);
    return {
      text,
      authorUsername,
      hashtags: hashtags.map((item) => item.tag),
      mentions: mentions.map((item) => item.username),
      isReply: false,
      isQuote: false,
    };
  };

  it('matches hashtags and mentions as entities, case-insensitively', () => {
    const matches = compileQuery('#hashpay @Bob');
    expect(matches(tweet('Paying @bob 5€ #Hashpay'))).toBe(true);
    expect(matches(tweet('Paying bob 5€ #Hashpay'))).toBe(false);
    expect(matches(tweet('Paying @bob 5€ hashpay'))).toBe(false);
  });

  it('binds AND tighter than OR, and honours parentheses and negation', () => {
    const plain = compileQuery('pizza tonight OR coffee');
    expect(plain(tweet('coffee please'))).toBe(true);
    expect(plain(tweet('pizza please'))).toBe(false);
    const grouped = compileQuery('pizza (tonight OR coffee) -is:retweet -from:bob');
    expect(grouped(tweet('pizza and coffee'))).toBe(true);
    expect(grouped(tweet('pizza and coffee', 'bob'))).toBe(false);
    expect(grouped(tweet('pizza alone'))).toBe(false);
  });

  it('refuses what it cannot read, naming the problem', () => {
    expect(() => compileQuery('')).toThrow(SearchQueryError);
    expect(() => compileQuery('(pizza')).toThrow(/parenthesis/);
    expect(() => compileQuery('has:media pizza')).toThrow(/has:media/);
  });
});
