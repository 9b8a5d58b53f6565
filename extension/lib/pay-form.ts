import {
  type AmountParseOptions,
  type AmountRejection,
  isDollarCurrency,
  parseAmount,
} from '../../shared/amount-parse';
import { isHandle } from '../../shared/handle';
import type { Language } from '../../shared/language';
import { type Currency, isCurrency } from '../../shared/money';
import { MEMO_LENGTH_MAX, type MemoRejection, memoProblem, normalizeMemo } from '../../shared/tweet-format';
import { type MessageKey, translate } from './i18n';

/**
 * The pay sheet's checks, run as the user types: the amount through the shared `parseAmount`
 * (the same reading as the worker's), the memo through the shared memo rules. A currency typed
 * with the amount (`12,50 €`) wins over the selected one, so what the user sees is what is paid.
 * The sheet's language reads grouping (`$1,000` in English, `1.000 €` in French), a selected
 * dollar currency is what a bare `$` means, and a price label pasted after the amount (`TTC`,
 * `incl. VAT`) or a final full stop is left out. Every message comes from the extension's English and French words (`i18n.ts`).
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

/** The words for each reason the shared parser refuses an amount; zero and negative read the same to a payer. */
export const AMOUNT_MESSAGE_KEYS: Readonly<Record<AmountRejection, MessageKey>> = {
  empty: 'sheet.amount.empty',
  'too-long': 'sheet.amount.too-long',
  'hidden-character': 'sheet.amount.hidden-character',
  'unusual-space': 'sheet.amount.unusual-space',
  'non-ascii-digits': 'sheet.amount.non-ascii-digits',
  'not-a-number': 'sheet.amount.not-a-number',
  negative: 'sheet.amount.not-positive',
  'bad-grouping': 'sheet.amount.bad-grouping',
  'leading-zero': 'sheet.amount.leading-zero',
  'ambiguous-separator': 'sheet.amount.ambiguous-separator',
  'too-many-decimals': 'sheet.amount.too-many-decimals',
  zero: 'sheet.amount.not-positive',
  'above-maximum': 'sheet.amount.above-maximum',
  'no-currency': 'sheet.amount.no-currency',
  'unknown-currency': 'sheet.amount.unknown-currency',
  'ambiguous-currency': 'sheet.amount.ambiguous-currency',
  'conflicting-currencies': 'sheet.amount.conflicting-currencies',
};

/** The words for each memo rule the shared tweet format enforces. */
export const MEMO_MESSAGE_KEYS: Readonly<Record<MemoRejection, MessageKey>> = {
  'too-long': 'sheet.memo.too-long',
  'hidden-character': 'sheet.memo.hidden-character',
  'contains-reference-code': 'sheet.memo.contains-reference-code',
};

export const PAYEE_MESSAGE_KEY: MessageKey = 'sheet.payee.unreadable';

/** Checks the form and words what is wrong in the sheet's language. */
export function checkPayForm(input: PayFormInput, language: Language): PayFormCheck {
  const payeeError = isHandle(input.payeeHandle) ? null : translate(language, PAYEE_MESSAGE_KEY);
  const parsed = parseAmount(withoutPriceLabel(input.amountText), sheetAmountOptions(input.currency, language));
  const amountError = parsed.ok ? null : translate(language, AMOUNT_MESSAGE_KEYS[parsed.reason]);
  const memo = normalizeMemo(input.memo);
  const problem = memo === '' ? undefined : memoProblem(memo);
  const memoError =
    problem === undefined ? null : translate(language, MEMO_MESSAGE_KEYS[problem], { max: MEMO_LENGTH_MAX });
  if (!parsed.ok || memoError !== null || payeeError !== null) {
    return { ok: false, amountError, memoError, payeeError };
  }
  return { ok: true, amountMinor: parsed.amountMinor, currency: parsed.currency, memo: memo === '' ? undefined : memo };
}

/** Labels shops print after a price that do not change the amount paid. */
const PRICE_LABEL =
  /[ \u00A0\u202F]+(?:TTC|T\.T\.C\.|TVAC|TVA\s+(?:comprise|incluse)|taxes\s+comprises|incl\.?\s+(?:VAT|tax)|VAT\s+incl\.?|tax\s+incl\.?|total)$/iu;

function withoutPriceLabel(amountText: string): string {
  return amountText.trim().replace(PRICE_LABEL, '');
}

/** The sheet's context for reading an amount: its language, and the selected currency. */
function sheetAmountOptions(currency: Currency, language: Language): AmountParseOptions {
  if (!isCurrency(currency)) return { language };
  return { language, defaultCurrency: currency, ...(isDollarCurrency(currency) ? { dollarCurrency: currency } : {}) };
}

/** The currency the amount text states, if any: the sheet moves its currency select to it. */
export function statedCurrency(amountText: string, currency: Currency, language: Language): Currency | null {
  const parsed = parseAmount(withoutPriceLabel(amountText), sheetAmountOptions(currency, language));
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
