export { ANSWER_EN, type AnswerMessageKey } from './answer-strings-en';
export { ANSWER_FR } from './answer-strings-fr';

/**
 * The answer words in both languages, for the background's notifications, which may be worded in
 * either at any time. Pages load one language: `strings-en.ts` and `strings-fr.ts` take theirs
 * from `answer-strings-en.ts` and `answer-strings-fr.ts`.
 */
