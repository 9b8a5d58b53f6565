/**
 * Tweet text as X reads it: the entities it extracts (hashtags, mentions, URLs, with indices in
 * Unicode code points like API v2) and the weighted length that decides whether a post fits.
 */

/** X counts text in weighted units: most characters weigh 2, Latin and common punctuation 1. */
export const TWEET_WEIGHTED_LENGTH_MAX = 280;
/** Every URL counts as a t.co link of this many characters, whatever its real length. */
export const TWEET_URL_WEIGHTED_LENGTH = 23;
/** X's handles: 1 to 15 of A–Z a–z 0–9 _. */
export const HANDLE_LENGTH_MAX = 15;

export interface HashtagEntity {
  start: number;
  end: number;
  tag: string;
}
export interface MentionEntity {
  start: number;
  end: number;
  username: string;
}
export interface UrlEntity {
  start: number;
  end: number;
  url: string;
  expanded_url: string;
  display_url: string;
}
export interface TextEntities {
  hashtags: HashtagEntity[];
  mentions: MentionEntity[];
  urls: UrlEntity[];
}

const HASHTAG_PATTERN = /(^|[^\p{L}\p{N}_&/])[#＃]([\p{L}\p{M}\p{N}_]+)/gu;
const MENTION_PATTERN = /(^|[^\p{L}\p{N}_@!#$%&*/])[@＠]([A-Za-z0-9_]{1,15})(?![A-Za-z0-9_@])/gu;
const URL_PATTERN = /https?:\/\/[^\s<>"]+/gu;
/** Punctuation that ends a sentence rather than a URL. */
const URL_TRAILING_PUNCTUATION = /[.,;:!?)\]'"]+$/u;
const HANDLE_PATTERN = /^[A-Za-z0-9_]{1,15}$/;

export function isHandle(value: string): boolean {
  return HANDLE_PATTERN.test(value);
}

/** Code point index of a UTF-16 index: API v2 entity offsets count code points. */
function codePointIndex(text: string, utf16Index: number): number {
  return Array.from(text.slice(0, utf16Index)).length;
}

export function extractEntities(text: string): TextEntities {
  const hashtags: HashtagEntity[] = [];
  for (const match of text.matchAll(HASHTAG_PATTERN)) {
    const tag = match[2]!;
    if (/^\p{N}+$/u.test(tag)) continue; // "#1" is not a hashtag on X
    const at = match.index + match[1]!.length;
    const start = codePointIndex(text, at);
    hashtags.push({ start, end: start + 1 + Array.from(tag).length, tag });
  }
  const mentions: MentionEntity[] = [];
  for (const match of text.matchAll(MENTION_PATTERN)) {
    const username = match[2]!;
    const start = codePointIndex(text, match.index + match[1]!.length);
    mentions.push({ start, end: start + 1 + username.length, username });
  }
  const urls: UrlEntity[] = [];
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = match[0].replace(URL_TRAILING_PUNCTUATION, '');
    const start = codePointIndex(text, match.index);
    urls.push({
      start,
      end: start + Array.from(url).length,
      url,
      expanded_url: url,
      display_url: url.replace(/^https?:\/\//, ''),
    });
  }
  return { hashtags, mentions, urls };
}

/** twitter-text v3: code points in these ranges weigh 1, all others 2. */
const LIGHT_CODE_POINT_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x0000, 0x10ff],
  [0x2000, 0x200d],
  [0x2010, 0x201f],
  [0x2032, 0x2037],
];
const EMOJI_PATTERN = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

function codePointWeight(codePoint: number): number {
  return LIGHT_CODE_POINT_RANGES.some(([low, high]) => codePoint >= low && codePoint <= high) ? 1 : 2;
}

/** The length X checks against TWEET_WEIGHTED_LENGTH_MAX. */
export function weightedLength(rawText: string): number {
  const text = rawText.normalize('NFC');
  let length = 0;
  let rest = text;
  for (const match of text.matchAll(URL_PATTERN)) {
    const url = match[0].replace(URL_TRAILING_PUNCTUATION, '');
    length += TWEET_URL_WEIGHTED_LENGTH;
    rest = rest.replace(url, '');
  }
  for (const { segment } of graphemes.segment(rest)) {
    if (EMOJI_PATTERN.test(segment)) {
      length += 2; // an emoji sequence, even one joined from several code points, weighs 2
      continue;
    }
    for (const char of segment) length += codePointWeight(char.codePointAt(0)!);
  }
  return length;
}
