import { type AmountRejection, parseAmount } from '../../shared/amount-parse';
import { isHandle } from '../../shared/handle';
import { type Currency, isCurrency } from '../../shared/money';
import { MEMO_LENGTH_MAX, memoProblem, normalizeMemo } from '../../shared/tweet-format';

/**
 * The pay sheet's checks, run as the user types: the amount through the shared `parseAmount`
 * (the same reading as the worker's), the memo through the shared memo rules. A currency typed
 * with the amount (`12,50 €`) wins over the selected one, so what the user sees is what is paid.
 */

export interface PayFormInput {
  payeeHandle: string;
  amountText: string;
  currency: Currency;
  memo: string;
}

export type PayFormCheck =
  | { ok: true; amountMinor: number; currency: Currency; memo: string | undefined }
  | { ok: false; amountError: string | null; memoError: string | null; payeeError: string | null };

const AMOUNT_MESSAGES: Record<AmountRejection, string> = {
  empty: 'Enter an amount.',
  'too-long': 'That is too long to be an amount.',
  'hidden-character': 'The amount contains a hidden character.',
  'unusual-space': 'Use a plain space inside the amount.',
  'non-ascii-digits': 'Use the digits 0 to 9.',
  'not-a-number': 'Enter an amount such as 12.50 or 12,50 €.',
  negative: 'The amount must be above zero.',
  'bad-grouping': 'Group thousands by three digits (1 234,50).',
  'leading-zero': 'Remove the leading zero.',
  'ambiguous-separator': 'Is that a decimal mark? Write 1234 or 1.23 (or 1,23).',
  'too-many-decimals': 'Too many decimals for this currency.',
  zero: 'The amount must be above zero.',
  'above-maximum': 'That is above the largest payment.',
  'no-currency': 'Pick a currency.',
  'unknown-currency': 'Hashpay does not move that currency.',
  'ambiguous-currency': 'Which franc? Write CHF for Swiss francs.',
  'conflicting-currencies': 'The amount names two currencies.',
};

const MEMO_MESSAGES = {
  'too-long': `The memo is longer than ${MEMO_LENGTH_MAX} characters.`,
  'hidden-character': 'The memo contains a hidden character.',
  'contains-reference-code': 'The memo must not contain a Hashpay reference code.',
} as const;

export function checkPayForm(input: PayFormInput): PayFormCheck {
  const payeeError = isHandle(input.payeeHandle) ? null : 'This tweet’s author cannot be read.';
  const currencyKnown = isCurrency(input.currency);
  const parsed = parseAmount(input.amountText, currencyKnown ? { defaultCurrency: input.currency } : {});
  const amountError = parsed.ok ? null : AMOUNT_MESSAGES[parsed.reason];
  const memo = normalizeMemo(input.memo);
  const problem = memo === '' ? undefined : memoProblem(memo);
  const memoError = problem === undefined ? null : MEMO_MESSAGES[problem];
  if (!parsed.ok || memoError !== null || payeeError !== null) {
    return { ok: false, amountError, memoError, payeeError };
  }
  return { ok: true, amountMinor: parsed.amountMinor, currency: parsed.currency, memo: memo === '' ? undefined : memo };
}

/** The currency the amount text states, if any: the sheet moves its currency select to it. */
export function statedCurrency(amountText: string): Currency | null {
  const parsed = parseAmount(amountText);
  return parsed.ok && parsed.currencyStated ? parsed.currency : null;
}

/** The compose intent for the drafted tweet, on the site the user is on (x.com or the sandbox). */
export function composeIntentUrl(origin: string, tweetText: string, inReplyToTweetId: string | undefined): string {
  let url = `${origin}/intent/post?text=${encodeURIComponent(tweetText)}`;
  if (inReplyToTweetId !== undefined) url += `&in_reply_to=${encodeURIComponent(inReplyToTweetId)}`;
  return url;
}

/** 16 random bytes as base64url: an idempotency key the worker accepts (16–64 of A–Z a–z 0–9 _ -). */
export function newRequestId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}
