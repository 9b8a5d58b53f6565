import { describe, expect, it } from 'vitest';
import {
  AmountMinorSchema,
  CurrencySchema,
  HandleSchema,
  HashtagSchema,
  LanguageSchema,
  MemoSchema,
  ReferenceCodeSchema,
} from '../../shared/contract/money';
import { AMOUNT_MAX_MINOR } from '../../shared/money';
import { generateReferenceCode } from '../../shared/reference-code';

describe('money contract schemas', () => {
  it('accepts valid values', () => {
    const code = generateReferenceCode(new Uint8Array([1, 2, 3, 4, 5, 6, 7]));
    expect(CurrencySchema.parse('JPY')).toBe('JPY');
    expect(AmountMinorSchema.parse(1)).toBe(1);
    expect(AmountMinorSchema.parse(AMOUNT_MAX_MINOR)).toBe(AMOUNT_MAX_MINOR);
    expect(HandleSchema.parse('Bob_42')).toBe('Bob_42');
    expect(ReferenceCodeSchema.parse(code)).toBe(code);
    expect(LanguageSchema.parse('fr')).toBe('fr');
    expect(HashtagSchema.parse('AmexWholeFoods')).toBe('AmexWholeFoods');
    expect(MemoSchema.parse('pizza 🍕')).toBe('pizza 🍕');
  });

  it.each([
    ['currency', CurrencySchema, ['eur', 'BTC', '', 1]],
    ['amount', AmountMinorSchema, [0, -1, 1.5, AMOUNT_MAX_MINOR + 1, '100', Number.NaN, 2 ** 53]],
    ['handle', HandleSchema, ['@bob', '', 'a'.repeat(16), 'bo b']],
    ['code', ReferenceCodeSchema, ['HP-0000000', 'hp-00000000', 'HP-00000001', '']],
    ['language', LanguageSchema, ['de', 'FR']],
    ['hashtag', HashtagSchema, ['#pot', '2024', 'a'.repeat(41), 'a b']],
    ['memo', MemoSchema, ['a\u202Eb', 'x'.repeat(281), 'HP-00000000']],
  ] as const)('refuses bad %s values with a message', (_name, schema, values) => {
    for (const value of values) {
      const result = schema.safeParse(value);
      expect(result.success, String(value)).toBe(false);
      expect(result.error?.issues[0]?.message).toBeTruthy();
    }
  });
});
