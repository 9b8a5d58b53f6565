import type { ProblemCode } from './problem-words-en';

/** One language's words of errors: per known code, and the generic sentence with `{code}`. */
export interface ProblemWords {
  known: Readonly<Record<ProblemCode, string>>;
  generic: string;
}

/** Codes are short slugs; anything else is not shown as is. */
const CODE_PATTERN = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;
const SHOWN_CODE_LENGTH_MAX = 40;

/** What people read for an error with this code, in the language of these words. */
export function wordProblem(words: ProblemWords, error: { code: string }): string {
  const { code } = error;
  if (Object.hasOwn(words.known, code)) return words.known[code as ProblemCode];
  const shown = CODE_PATTERN.test(code) && code.length <= SHOWN_CODE_LENGTH_MAX ? code : 'error';
  return words.generic.replace('{code}', shown);
}
