import { describe, expect, it } from 'vitest';
import { findMentions, HANDLE_LENGTH_MAX, isHandle, normalizeHandle, sameHandle } from '../../shared/handle';

describe('handles', () => {
  it('accepts 1 to 15 letters, digits and underscores', () => {
    expect(HANDLE_LENGTH_MAX).toBe(15);
    for (const handle of ['a', 'bob', 'Bob_42', '_', '123', 'a'.repeat(15)]) expect(isHandle(handle)).toBe(true);
  });

  it('refuses anything else', () => {
    for (const handle of [
      '',
      '@bob',
      'a'.repeat(16),
      'bob smith',
      'bob-smith',
      'bób',
      'bob.',
      'ｂｏｂ',
      'bob\u200B',
      7,
    ]) {
      expect(isHandle(handle)).toBe(false);
    }
  });

  it('normalizes to lowercase without @, and refuses non-handles', () => {
    expect(normalizeHandle('@Bob_42')).toBe('bob_42');
    expect(normalizeHandle('BOB')).toBe('bob');
    expect(normalizeHandle('\uFF20Bob')).toBe('bob');
    expect(normalizeHandle('@@bob')).toBeUndefined();
    expect(normalizeHandle('bob smith')).toBeUndefined();
  });

  it('compares without regard to case', () => {
    expect(sameHandle('Bob', '@bob')).toBe(true);
    expect(sameHandle('bob', 'bobby')).toBe(false);
    expect(sameHandle('not a handle', 'not a handle')).toBe(false);
  });
});

describe('findMentions', () => {
  it('finds mentions with their positions', () => {
    expect(findMentions('@hashpay pay @Bob 10€')).toEqual([
      { handle: 'hashpay', start: 0, end: 8 },
      { handle: 'Bob', start: 13, end: 17 },
    ]);
  });

  it('follows X: no e-mail addresses, no 16-character names, punctuation ends a mention', () => {
    expect(findMentions('mail bob@example.com')).toEqual([]);
    expect(findMentions(`@${'a'.repeat(16)}`)).toEqual([]);
    expect(findMentions('thanks @bob! and (@alice), @carol.')).toMatchObject([
      { handle: 'bob' },
      { handle: 'alice' },
      { handle: 'carol' },
    ]);
    expect(findMentions('#@bob @@bob')).toEqual([]);
    expect(findMentions('＠bob')).toMatchObject([{ handle: 'bob' }]);
  });
});
