import { corpusFigures, readAsCommand, readAsSheet } from '../shared/amount-corpus';

/**
 * How the corpus of real-world money strings (test/shared/amount-corpus.ts) reads, per language:
 * read right, refused, read wrong (the last must stay 0), typed in the pay sheet and as a
 * hand-typed command.
 */
export async function benchAmounts(): Promise<void> {
  for (const language of ['en', 'fr'] as const) {
    for (const [where, read] of [
      ['sheet', readAsSheet],
      ['command', readAsCommand],
    ] as const) {
      const { right, refused, wrong } = corpusFigures(read, language);
      console.log(`${language} ${where.padEnd(7)} right ${right}  refused ${refused}  wrong ${wrong}`);
    }
  }
}
