import { hasHiddenCharacter } from '../hidden-character';
import * as z from './zod';

/**
 * The one schema for free text people type into the contract (titles, names, memos, query
 * values): trimmed, bounded, and free of control characters (U+0000–U+001F, U+007F–U+009F) and of
 * the hidden characters that change how a text reads (bidi overrides, zero-width characters; see
 * `shared/hidden-character.ts`). A NUL would otherwise pass zod's length check and then fail
 * SQLite's, which counts characters only up to it.
 */
export interface TextFieldOptions {
  /** Characters at most, counted after trimming. */
  lengthMax: number;
  /** Characters at least, after trimming; 1 unless told (an empty title says nothing). */
  lengthMin?: number;
  /** Line breaks and tabs are allowed only in multi-line text (none of the contract's fields yet). */
  multiline?: boolean;
  /** Leading and trailing white space is kept as typed (a memo's exact text goes into a tweet). */
  keepWhitespace?: boolean;
}

const CONTROL_CHARACTER = /\p{Cc}/u;
const CONTROL_CHARACTER_BUT_LINE_BREAKS = /[^\P{Cc}\t\n\r]/u;

export function TextSchema(options: TextFieldOptions) {
  const lengthMin = options.lengthMin ?? 1;
  const base = options.keepWhitespace ? z.string() : z.string().check(z.trim());
  const control = options.multiline ? CONTROL_CHARACTER_BUT_LINE_BREAKS : CONTROL_CHARACTER;
  return base.check(
    z.minLength(lengthMin, lengthMin === 1 ? 'must not be empty' : `must have at least ${lengthMin} characters`),
    z.maxLength(options.lengthMax, `must have at most ${options.lengthMax} characters`),
    z.refine((text) => !control.test(text), 'must not contain control characters'),
    z.refine(
      (text) => !hasHiddenCharacter(text),
      'must not contain hidden characters (bidi controls, zero-width characters)',
    ),
  );
}
