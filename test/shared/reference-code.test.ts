import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AssertionError } from '../../shared/assert';
import {
  CROCKFORD_ALPHABET,
  findReferenceCodes,
  generateReferenceCode,
  isReferenceCode,
  parseReferenceCode,
  REFERENCE_CODE_LENGTH,
  REFERENCE_CODE_RANDOM_BYTES,
  referenceCheckCharacter,
} from '../../shared/reference-code';

const randomBytes = fc.uint8Array({ minLength: REFERENCE_CODE_RANDOM_BYTES, maxLength: REFERENCE_CODE_RANDOM_BYTES });

/** A fixed sample of codes: 64 seeds spread over the byte range. */
const SAMPLE_CODES = Array.from({ length: 64 }, (_, seed) =>
  generateReferenceCode(Uint8Array.from({ length: 7 }, (_, index) => (seed * 37 + index * 101 + seed * index) % 256)),
);

describe('generateReferenceCode', () => {
  it('writes HP- + 7 Crockford characters + 1 check character', () => {
    fc.assert(
      fc.property(randomBytes, (bytes) => {
        const code = generateReferenceCode(bytes);
        expect(code).toMatch(/^HP-[0-9A-HJKMNP-TV-Z]{8}$/);
        expect(code).toHaveLength(REFERENCE_CODE_LENGTH);
        expect(parseReferenceCode(code)).toEqual({ ok: true, code });
        expect(isReferenceCode(code)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('uses every byte value: the code changes with each random byte', () => {
    const base = generateReferenceCode(new Uint8Array(7));
    expect(base).toBe(`HP-0000000${referenceCheckCharacter('0000000')}`);
    for (let index = 0; index < 7; index += 1) {
      const bytes = new Uint8Array(7);
      bytes[index] = 1;
      expect(generateReferenceCode(bytes)).not.toBe(base);
    }
  });

  it('asserts it was given enough randomness', () => {
    expect(() => generateReferenceCode(new Uint8Array(6))).toThrow(AssertionError);
  });
});

describe('parseReferenceCode', () => {
  const code = SAMPLE_CODES[5]!;

  it('tolerates lowercase, a missing hyphen and surrounding spaces', () => {
    expect(parseReferenceCode(code.toLowerCase())).toEqual({ ok: true, code });
    expect(parseReferenceCode(`  ${code.replace('-', '')} `)).toEqual({ ok: true, code });
  });

  it('reads O as 0 and I or L as 1', () => {
    const withZeroAndOne = `HP-01${'0'.repeat(5)}`;
    const canonical = `${withZeroAndOne}${referenceCheckCharacter(withZeroAndOne.slice(3))}`;
    expect(parseReferenceCode(canonical.replace('0', 'O').replace('1', 'I'))).toEqual({ ok: true, code: canonical });
    expect(parseReferenceCode(canonical.replace('1', 'l'))).toEqual({ ok: true, code: canonical });
    expect(isReferenceCode(canonical.replace('0', 'O'))).toBe(false);
  });

  it('refuses other shapes as bad-format', () => {
    for (const text of [
      '',
      'HP-',
      code.slice(0, -1),
      `${code}0`,
      `XP-${code.slice(3)}`,
      `HP-U${code.slice(4)}`,
      'HP-１２３４５６７８',
    ]) {
      expect(parseReferenceCode(text)).toEqual({ ok: false, reason: 'bad-format' });
    }
  });

  it('detects every single-character substitution on a sample of codes', () => {
    let checked = 0;
    for (const sample of SAMPLE_CODES) {
      for (let position = 3; position < REFERENCE_CODE_LENGTH; position += 1) {
        for (const replacement of CROCKFORD_ALPHABET) {
          if (replacement === sample[position]) continue;
          const typo = sample.slice(0, position) + replacement + sample.slice(position + 1);
          expect(parseReferenceCode(typo)).toEqual({ ok: false, reason: 'bad-check' });
          checked += 1;
        }
      }
    }
    expect(checked).toBe(SAMPLE_CODES.length * 8 * 31);
  });

  it('detects every swap of two different characters, adjacent or not', () => {
    for (const sample of SAMPLE_CODES) {
      const body = [...sample.slice(3)];
      for (let left = 0; left < body.length; left += 1) {
        for (let right = left + 1; right < body.length; right += 1) {
          if (body[left] === body[right]) continue;
          const swapped = [...body];
          [swapped[left], swapped[right]] = [swapped[right]!, swapped[left]!];
          expect(parseReferenceCode(`HP-${swapped.join('')}`)).toEqual({ ok: false, reason: 'bad-check' });
        }
      }
    }
  });

  it('never throws and accepts only what generateReferenceCode could write', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 20 }), (text) => {
        const parsed = parseReferenceCode(text);
        if (parsed.ok) expect(isReferenceCode(parsed.code)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('findReferenceCodes', () => {
  it('finds codes in a tweet with their readings', () => {
    const [first, second] = SAMPLE_CODES as [string, string];
    const typo = `${second.slice(0, -1)}${second.endsWith('0') ? '1' : '0'}`;
    const found = findReferenceCodes(`Paying @bob via #Hashpay ${first.toLowerCase()}, not ${typo}`);
    expect(found.map((match) => match.result)).toEqual([
      { ok: true, code: first },
      { ok: false, reason: 'bad-check' },
    ]);
  });

  it('ignores codes glued to other words', () => {
    expect(findReferenceCodes(`x${SAMPLE_CODES[0]}`)).toEqual([]);
    expect(findReferenceCodes(`${SAMPLE_CODES[0]}x`)).toEqual([]);
  });
});
