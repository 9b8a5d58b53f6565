/**
 * Reference codes tie a posted tweet to the payment intent that drafted it: `HP-` followed by 7
 * random Crockford base32 characters and 1 check character, e.g. `HP-7K2Q9XAM`.
 *
 * The check character makes a typo fail loudly (`bad-check`) instead of matching someone else's
 * intent. Each of the 8 characters is a value in GF(32); position i (0-based, data first) has the
 * weight α^(7−i), so the check character has weight 1, and a code is valid when the weighted sum
 * is 0. All 8 weights are distinct and non-zero in a field, so every single-character change
 * and every swap of two different characters (adjacent or not) changes the sum: both are always
 * detected. The check character is an ordinary base32 character, so codes stay plain in tweets.
 *
 * Reading is tolerant the way Crockford's alphabet intends: lowercase is accepted, `O` reads as
 * `0` and `I`/`L` as `1`. `U` is not in the alphabet.
 */
import { assert } from './assert';

export const REFERENCE_CODE_PREFIX = 'HP-';
/** Random characters per code: 32^7 ≈ 3.4 × 10^10 codes. */
export const REFERENCE_CODE_RANDOM_LENGTH = 7;
/** Bytes a caller passes to `generateReferenceCode` (one per character; 256 is a multiple of 32). */
export const REFERENCE_CODE_RANDOM_BYTES = REFERENCE_CODE_RANDOM_LENGTH;
/** `HP-` + 7 random + 1 check. */
export const REFERENCE_CODE_LENGTH = REFERENCE_CODE_PREFIX.length + REFERENCE_CODE_RANDOM_LENGTH + 1;

export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export type ReferenceCodeRejection = 'bad-format' | 'bad-check';

export type ReferenceCodeParse = { ok: true; code: string } | { ok: false; reason: ReferenceCodeRejection };

/** x^5 + x^2 + 1, a primitive polynomial: α = x generates all 31 non-zero elements. */
const FIELD_POLYNOMIAL = 0b100101;

function fieldMultiply(a: number, b: number): number {
  let product = 0;
  let left = a;
  for (let right = b; right !== 0; right >>= 1) {
    if (right & 1) product ^= left;
    left <<= 1;
    if (left & 0b100000) left ^= FIELD_POLYNOMIAL;
  }
  return product;
}

// Marked pure: a bundle that never uses it (the x.com page's) leaves it out.
/** α^(7−i) for the 7 data positions, then α^0 = 1 for the check position. */
const POSITION_WEIGHTS: readonly number[] = /* @__PURE__ */ (() => {
  const weights = [1];
  while (weights.length < REFERENCE_CODE_RANDOM_LENGTH + 1) weights.unshift(fieldMultiply(weights[0]!, 2));
  return weights;
})();

function weightedSum(values: readonly number[]): number {
  return values.reduce((sum, value, index) => sum ^ fieldMultiply(value, POSITION_WEIGHTS[index]!), 0);
}

/** The check character for 7 data characters (in canonical form). */
export function referenceCheckCharacter(dataCharacters: string): string {
  assert(dataCharacters.length === REFERENCE_CODE_RANDOM_LENGTH, 'reference code data has 7 characters');
  const values = [...dataCharacters].map((character) => CROCKFORD_ALPHABET.indexOf(character));
  assert(
    values.every((value) => value >= 0),
    'reference code data is Crockford base32',
  );
  // Adding the sum with weight 1 makes the total zero: in characteristic 2, x + x = 0.
  return CROCKFORD_ALPHABET[weightedSum([...values, 0])]!;
}

/**
 * Makes a code from at least 7 random bytes; the caller supplies them (from
 * `crypto.getRandomValues`) so this module stays free of platform APIs.
 */
export function generateReferenceCode(randomBytes: Uint8Array): string {
  assert(randomBytes.length >= REFERENCE_CODE_RANDOM_BYTES, 'generateReferenceCode needs 7 random bytes');
  let data = '';
  for (let index = 0; index < REFERENCE_CODE_RANDOM_LENGTH; index += 1) {
    data += CROCKFORD_ALPHABET[randomBytes[index]! & 31];
  }
  return `${REFERENCE_CODE_PREFIX}${data}${referenceCheckCharacter(data)}`;
}

const CROCKFORD_ALIASES: Readonly<Record<string, string>> = { O: '0', I: '1', L: '1' };
const CODE_SHAPE = /^HP-?([0-9A-Za-z]{8})$/i;

/** Reads a code as typed; returns its canonical form (`HP-` + 8 uppercase characters). */
export function parseReferenceCode(text: string): ReferenceCodeParse {
  const shape = CODE_SHAPE.exec(text.trim());
  if (shape === null) return { ok: false, reason: 'bad-format' };
  const body = [...shape[1]!.toUpperCase()].map((character) => CROCKFORD_ALIASES[character] ?? character).join('');
  const values = [...body].map((character) => CROCKFORD_ALPHABET.indexOf(character));
  if (values.some((value) => value < 0)) return { ok: false, reason: 'bad-format' };
  if (weightedSum(values) !== 0) return { ok: false, reason: 'bad-check' };
  return { ok: true, code: `${REFERENCE_CODE_PREFIX}${body}` };
}

/** True only for a code in canonical form, as `generateReferenceCode` writes it. */
export function isReferenceCode(value: unknown): value is string {
  if (typeof value !== 'string' || value.length !== REFERENCE_CODE_LENGTH) return false;
  const parsed = parseReferenceCode(value);
  return parsed.ok && parsed.code === value;
}

export interface ReferenceCodeMatch {
  start: number;
  end: number;
  text: string;
  result: ReferenceCodeParse;
}

const CODE_IN_TEXT = /(?<![\p{L}\p{N}_])HP-[\p{L}\p{N}]{8}(?![\p{L}\p{N}_])/giu;

/** Every `HP-xxxxxxxx` in a text, each with its reading (a typo shows as `bad-check`). */
export function findReferenceCodes(text: string): ReferenceCodeMatch[] {
  return [...text.matchAll(CODE_IN_TEXT)].map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
    text: match[0],
    result: parseReferenceCode(match[0]),
  }));
}
