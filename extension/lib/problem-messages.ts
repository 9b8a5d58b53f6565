import type { Language } from '../../shared/language';
import { type ProblemWords, wordProblem } from './problem-text';
import { GENERIC_PROBLEM_EN, PROBLEM_EN, type ProblemCode } from './problem-words-en';
import { GENERIC_PROBLEM_FR, PROBLEM_FR } from './problem-words-fr';

/**
 * The words people read when something fails, in English and French, for every error that can
 * reach the extension's pages: the worker's problem types (the last segment of problem+json
 * `type`, e.g. `link-expired`) and the background's own codes (`network`, `not-linked`…). The
 * worker's `detail` is English and written for any client, so the pages never show it: an error
 * with a code not listed here reads "Something went wrong (code)", which still names it for
 * support. The page language can change while the extension runs, so these live in code rather
 * than in `_locales`, which follows the browser's language only. Each language is a module of
 * its own (`problem-words-en.ts`, `problem-words-fr.ts`), so a page loads only its reader's.
 */

export const PROBLEM_MESSAGES: Readonly<Record<Language, Readonly<Record<ProblemCode, string>>>> = {
  en: PROBLEM_EN,
  fr: PROBLEM_FR,
};

export type { ProblemCode } from './problem-words-en';

export const GENERIC_PROBLEM_MESSAGE: Readonly<Record<Language, string>> = {
  en: GENERIC_PROBLEM_EN,
  fr: GENERIC_PROBLEM_FR,
};

const PROBLEM_WORDS: Readonly<Record<Language, ProblemWords>> = {
  en: { known: PROBLEM_EN, generic: GENERIC_PROBLEM_EN },
  fr: { known: PROBLEM_FR, generic: GENERIC_PROBLEM_FR },
};

export function isKnownProblemCode(code: string): code is ProblemCode {
  return Object.hasOwn(PROBLEM_EN, code);
}

/** What people read for an error with this code, in the page language. */
export function problemMessage(language: Language, error: { code: string }): string {
  return wordProblem(PROBLEM_WORDS[language], error);
}
