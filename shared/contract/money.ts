import { HANDLE_PATTERN } from '../handle';
import { HASHTAG_PATTERN } from '../hashtag';
import { LANGUAGES } from '../language';
import { AMOUNT_MAX_MINOR, CURRENCY_CODES } from '../money';
import { isReferenceCode } from '../reference-code';
import { MEMO_LENGTH_MAX, memoProblem } from '../tweet-format';
import { TextSchema } from './text';
import * as z from './zod';

/** An ISO 4217 code Hashpay moves (`EUR`, `USD`, `GBP`, `CHF`, `CAD`, `JPY`). */
export const CurrencySchema = z.enum(CURRENCY_CODES);

/** An amount in minor units (cents, or yen): a safe positive integer, at most `AMOUNT_MAX_MINOR`. */
export const AmountMinorSchema = z
  .number()
  .check(
    z.int('amount must be an integer number of minor units'),
    z.positive('amount must be above zero'),
    z.lte(AMOUNT_MAX_MINOR, `amount must be at most ${AMOUNT_MAX_MINOR} minor units`),
  );

/** An X handle without `@`: 1–15 of `A–Z a–z 0–9 _`. */
export const HandleSchema = z
  .string()
  .check(z.regex(HANDLE_PATTERN, 'handle must be 1 to 15 letters, digits or _, without @'));

/** A reference code in canonical form (`HP-` + 8 uppercase Crockford characters, check included). */
export const ReferenceCodeSchema = z
  .string()
  .check(z.refine(isReferenceCode, 'reference code must be HP- followed by 8 characters with a valid check character'));

export const LanguageSchema = z.enum(LANGUAGES);

/** An offer or pot hashtag without `#`. */
export const HashtagSchema = z
  .string()
  .check(
    z.regex(
      HASHTAG_PATTERN,
      'hashtag must start with a letter or _ and have at most 40 letters, digits or _, without #',
    ),
  );

/** A memo for a drafted tweet: at most `MEMO_LENGTH_MAX` characters, no hidden characters, no code. */
export const MemoSchema = TextSchema({
  lengthMax: MEMO_LENGTH_MAX * 2,
  lengthMin: 0,
  keepWhitespace: true,
}).check(
  z.superRefine((memo, context) => {
    const problem = memoProblem(memo);
    // Hidden and control characters are reported by TextSchema itself.
    if (problem === undefined || problem === 'hidden-character') return;
    const messages = {
      'too-long': `memo must be at most ${MEMO_LENGTH_MAX} characters`,
      'hidden-character': 'memo must not contain hidden characters (bidi controls, zero-width or control characters)',
      'contains-reference-code': 'memo must not contain a reference code',
    } as const;
    context.addIssue({ code: 'custom', message: messages[problem] });
  }),
);
