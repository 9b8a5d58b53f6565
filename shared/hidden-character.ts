import { EMOJI_SEQUENCE_SOURCE } from './tweet-length';

/**
 * Characters that change how a text reads without being seen: bidi overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069), zero-width spaces and joiners, the BOM, soft hyphens, any other
 * format or control character, private-use, unassigned and lone surrogate code points, and line or
 * paragraph separators, and the blank letters used to fake empty names (Hangul fillers U+115F,
 * U+1160, U+3164, U+FFA0, the combining grapheme joiner U+034F, the blank braille pattern
 * U+2800). A zero-width joiner inside an emoji sequence (a family, a profession) is
 * part of the emoji and is allowed; ordinary line breaks and tabs are allowed too.
 */
const HIDDEN_CHARACTER = /[\p{Cf}\p{Co}\p{Cs}\p{Cn}\p{Zl}\p{Zp}\u115F\u1160\u2800\u3164\uFFA0]|\u034F|[^\P{Cc}\t\n\r]/u;
// Marked pure: a bundle that never uses it (the x.com page's) leaves it out.
const EMOJI_SEQUENCES = /* @__PURE__ */ new RegExp(EMOJI_SEQUENCE_SOURCE, 'gu');

export function hasHiddenCharacter(text: string): boolean {
  return HIDDEN_CHARACTER.test(text.replace(EMOJI_SEQUENCES, ''));
}
