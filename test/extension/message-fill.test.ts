import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fillMessage, placeholdersOf } from '../../extension/lib/message-fill';

/** The plain reading of `{name}` placeholders, by one regular expression over the whole message. */
function fillByReplace(message: string, params: Readonly<Record<string, string | number>>): string {
  return message.replace(/\{([a-zA-Z]+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/** Runs of the property; each is a few microseconds. */
const PROPERTY_RUNS = 500;

describe('fillMessage', () => {
  it('fills each placeholder as text, and leaves a missing one as written', () => {
    expect(fillMessage('Pay @{handle}', { handle: 'bob' })).toBe('Pay @bob');
    expect(fillMessage('{amount} to @{handle}', { amount: '€5.00', handle: '<b>x</b>' })).toBe('€5.00 to @<b>x</b>');
    expect(fillMessage('{count} credits', { count: 3 })).toBe('3 credits');
    expect(fillMessage('Hello {name}', {})).toBe('Hello {name}');
    expect(fillMessage('{a}{a}', { a: '{a}' })).toBe('{a}{a}');
    expect(fillMessage('no placeholder')).toBe('no placeholder');
    expect(fillMessage('{not one} {1} {}', { 1: 'x' })).toBe('{not one} {1} {}');
  });

  it('reads every message as the plain regular expression does, filled again and again', () => {
    const names = fc.constantFrom('a', 'handle', 'amount', 'Name', 'x');
    const piece = fc.oneof(
      fc.string({ maxLength: 6 }),
      names.map((name) => `{${name}}`),
      fc.constantFrom('{', '}', '{}', '{1}', '{a b}', '$&', '$1'),
    );
    const message = fc.array(piece, { maxLength: 8 }).map((pieces) => pieces.join(''));
    const params = fc.dictionary(names, fc.oneof(fc.string({ maxLength: 6 }), fc.integer()), { maxKeys: 4 });
    fc.assert(
      fc.property(message, params, params, (text, first, second) => {
        // The second fill of the same message comes from the pieces kept by the first.
        expect(fillMessage(text, first)).toBe(fillByReplace(text, first));
        expect(fillMessage(text, second)).toBe(fillByReplace(text, second));
        expect(placeholdersOf(text)).toEqual([...text.matchAll(/\{([a-zA-Z]+)\}/g)].map((match) => match[1]));
      }),
      { numRuns: PROPERTY_RUNS },
    );
  });
});
