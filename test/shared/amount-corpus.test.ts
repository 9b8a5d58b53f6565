import { describe, expect, it } from 'vitest';
import { AMOUNT_CORPUS, commandOf, corpusFigures, outcomeOf, readAsCommand, readAsSheet } from './amount-corpus';

// The corpus and its sources are in ./amount-corpus.ts; `npm run bench` prints the figures.
describe('real-world money strings are never read wrong', () => {
  it.each(AMOUNT_CORPUS.map((entry) => [entry.language, entry.text, entry] as const))(
    '%s %j',
    (_language, _text, entry) => {
      expect(outcomeOf(entry, readAsSheet(entry)), `sheet: ${entry.text}`).not.toBe('wrong');
      expect(outcomeOf(entry, readAsCommand(entry)), commandOf(entry)).not.toBe('wrong');
    },
  );

  it('reads most of the plain ones in both languages', () => {
    for (const language of ['en', 'fr'] as const) {
      for (const read of [readAsSheet, readAsCommand]) {
        const figures = corpusFigures(read, language);
        expect(figures.wrong).toBe(0);
        expect(figures.right).toBeGreaterThanOrEqual(30);
      }
    }
  });
});
