/**
 * Counts a tweet the way X does (twitter-text v3 configuration): text is NFC-normalized, then
 * each code point weighs 1 when it lies in U+0000–U+10FF, U+2000–U+200D, U+2010–U+201F or
 * U+2032–U+2037, and 2 otherwise; a URL weighs 23 whatever its length; an emoji sequence
 * (flags, keycaps, skin tones, ZWJ families) weighs 2. A tweet may weigh at most 280.
 *
 * Two points count conservatively, so a text this module accepts is never refused by X: any
 * Extended_Pictographic character is an emoji (X counts a few of them, such as ©, as 1), and a bare
 * domain such as `pizza.shop` is a URL (X counts it as one only for TLDs it knows).
 */

export const TWEET_WEIGHTED_LENGTH_MAX = 280;
/** X's `transformedURLLength`: every URL is shortened to a t.co link of this length. */
export const URL_WEIGHTED_LENGTH = 23;
export const EMOJI_WEIGHTED_LENGTH = 2;

const LIGHT_RANGES: readonly (readonly [number, number])[] = [
  [0, 4351],
  [8192, 8205],
  [8208, 8223],
  [8242, 8247],
];

/** Emoji presentation selector, skin tones and tag characters that extend an emoji. */
const EMOJI_MODIFIERS = '(?:\\uFE0F|[\\u{1F3FB}-\\u{1F3FF}]|[\\u{E0020}-\\u{E007F}])*';
const PICTOGRAPH = `\\p{Extended_Pictographic}${EMOJI_MODIFIERS}`;

/** One emoji as people see it: a flag, a keycap, or pictographs joined by ZWJ (U+200D). */
export const EMOJI_SEQUENCE_SOURCE = `[\\u{1F1E6}-\\u{1F1FF}]{2}|[0-9#*]\\uFE0F?\\u20E3|${PICTOGRAPH}(?:\\u200D${PICTOGRAPH})*`;

const URL_SOURCE =
  'https?:\\/\\/[^\\s]+' +
  '|(?<![\\p{L}\\p{N}@._\\-])(?:[a-z0-9](?:[a-z0-9\\-]*[a-z0-9])?\\.)+[a-z]{2,}(?::[0-9]+)?(?:\\/[^\\s]*)?(?![\\p{L}\\p{N}_\\-])';

/**
 * A pattern made from sources only when it is built: marked pure and given nothing a bundler must
 * evaluate, a bundle that never uses it (the x.com page's) leaves it out with its sources (a
 * template string handed to `new RegExp` would stay behind).
 */
function patternOf(source: () => string, flags: string): RegExp {
  return new RegExp(source(), flags);
}

const TWEET_TOKEN = /* @__PURE__ */ patternOf(() => `(${URL_SOURCE})|(${EMOJI_SEQUENCE_SOURCE})|[\\s\\S]`, 'giu');

function codePointWeight(character: string): number {
  const codePoint = character.codePointAt(0)!;
  return LIGHT_RANGES.some(([low, high]) => codePoint >= low && codePoint <= high) ? 1 : 2;
}

/** The length X counts for this text; compare with `TWEET_WEIGHTED_LENGTH_MAX`. */
export function weightedLength(text: string): number {
  let length = 0;
  for (const match of text.normalize('NFC').matchAll(TWEET_TOKEN)) {
    if (match[1] !== undefined) length += URL_WEIGHTED_LENGTH;
    else if (match[2] !== undefined) length += EMOJI_WEIGHTED_LENGTH;
    else length += codePointWeight(match[0]);
  }
  return length;
}

export function fitsInTweet(text: string): boolean {
  return weightedLength(text) <= TWEET_WEIGHTED_LENGTH_MAX;
}

// Marked pure: a bundle that never uses it (the x.com page's) leaves it out.
const MEMO_UNIT = /* @__PURE__ */ patternOf(() => `${EMOJI_SEQUENCE_SOURCE}|[\\s\\S]`, 'gu');

/**
 * Splits text into the pieces it may be cut between: whole emoji sequences and single code
 * points, so a cut never leaves half a flag or half a surrogate pair.
 */
export function splitIntoCuttableUnits(text: string): string[] {
  return text.match(MEMO_UNIT) ?? [];
}
