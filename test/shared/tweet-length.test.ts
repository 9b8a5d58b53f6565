import { describe, expect, it } from 'vitest';
import {
  fitsInTweet,
  splitIntoCuttableUnits,
  TWEET_WEIGHTED_LENGTH_MAX,
  URL_WEIGHTED_LENGTH,
  weightedLength,
} from '../../shared/tweet-length';

describe('weightedLength follows X (twitter-text v3)', () => {
  it('counts Latin, Greek, Cyrillic, Hebrew, Arabic… as 1', () => {
    expect(weightedLength('hello')).toBe(5);
    expect(weightedLength('Je paie 12,50 € à @bob')).toBe(23);
    expect(weightedLength('Привет שלום مرحبا')).toBe(17);
    expect(weightedLength('\u00A0')).toBe(1);
  });

  it('counts CJK and most symbols as 2', () => {
    expect(weightedLength('日本語')).toBe(6);
    expect(weightedLength('한국어')).toBe(6);
    expect(weightedLength('€')).toBe(2);
    expect(weightedLength('…')).toBe(2);
    expect(weightedLength('\u202F')).toBe(2);
  });

  it('counts the general punctuation ranges X lists as 1', () => {
    expect(weightedLength('\u2000\u200D\u2010\u201F\u2032\u2037')).toBe(6);
    expect(weightedLength('\u200E\u2020\u2038')).toBe(6);
  });

  it('counts every URL as 23, however long', () => {
    expect(URL_WEIGHTED_LENGTH).toBe(23);
    expect(weightedLength('https://x.co')).toBe(23);
    expect(weightedLength(`https://example.com/${'a'.repeat(200)}`)).toBe(23);
    expect(weightedLength('see http://a.io and example.com/path!')).toBe(4 + 23 + 5 + 23);
  });

  it('counts each emoji sequence as 2: single, skin tone, ZWJ family, flag, keycap', () => {
    for (const emoji of ['🍕', '👍🏽', '👨‍👩‍👧‍👦', '🇫🇷', '1️⃣', '❤️', '🏳️‍🌈', '🏴󠁧󠁢󠁳󠁣󠁴󠁿']) {
      expect(weightedLength(emoji), emoji).toBe(2);
    }
    expect(weightedLength('🍕🍕 pizza')).toBe(10);
  });

  it('normalizes to NFC first: a decomposed é counts once', () => {
    expect(weightedLength('e\u0301')).toBe(1);
  });

  it('counts an astral character that is not an emoji as 2', () => {
    expect(weightedLength('𝕏')).toBe(2);
  });

  it('places the limit at 280', () => {
    expect(TWEET_WEIGHTED_LENGTH_MAX).toBe(280);
    expect(fitsInTweet('a'.repeat(280))).toBe(true);
    expect(fitsInTweet('a'.repeat(281))).toBe(false);
    expect(fitsInTweet('日'.repeat(140))).toBe(true);
    expect(fitsInTweet('日'.repeat(141))).toBe(false);
  });
});

describe('splitIntoCuttableUnits', () => {
  it('keeps emoji sequences and surrogate pairs whole', () => {
    expect(splitIntoCuttableUnits('a👨‍👩‍👧b🇫🇷𝕏')).toEqual(['a', '👨‍👩‍👧', 'b', '🇫🇷', '𝕏']);
    expect(splitIntoCuttableUnits('')).toEqual([]);
  });
});
