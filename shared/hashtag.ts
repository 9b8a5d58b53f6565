/**
 * Hashtags as X recognises them in tweet text, and as offers and pots name themselves.
 * Compared without regard to case, like X does.
 */

/** The longest offer or pot hashtag Hashpay accepts, without `#`; keeps every drafted tweet short. */
export const HASHTAG_LENGTH_MAX = 40;

/** A letter or underscore first, then letters, digits and underscores (X ignores all-digit tags). */
export const HASHTAG_PATTERN = /^[\p{L}\p{M}_][\p{L}\p{M}\p{Nd}_]{0,39}$/u;

/** The hashtag every drafted Hashpay tweet carries. */
export const HASHPAY_HASHTAG = 'Hashpay';

export function isHashtag(value: unknown): value is string {
  return typeof value === 'string' && HASHTAG_PATTERN.test(value);
}

export function sameHashtag(a: string, b: string): boolean {
  return a.normalize('NFC').toLowerCase() === b.normalize('NFC').toLowerCase();
}

export interface HashtagMatch {
  hashtag: string;
  start: number;
  end: number;
}

const HASHTAG = /(?<![\p{L}\p{M}\p{Nd}_&/])[#\uFF03]([\p{L}\p{M}\p{Nd}_]*[\p{L}\p{M}_][\p{L}\p{M}\p{Nd}_]*)/gu;

/** Every hashtag in the text, as written (without `#`). */
export function findHashtags(text: string): HashtagMatch[] {
  return [...text.matchAll(HASHTAG)].map((match) => ({
    hashtag: match[1]!,
    start: match.index,
    end: match.index + match[0].length,
  }));
}
