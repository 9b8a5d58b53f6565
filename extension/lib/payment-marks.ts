import type { EditedAfterPayment } from '../../shared/contract/payments';
import type { Language } from '../../shared/language';
import { formatAmount } from '../../shared/money';
import { fillMessage, type MessageParams } from './message-fill';
import { loadPageChunk, offersMethod, publishPageChunk } from './page-chunk';
import { PAYMENT_MARKS_EN, type PaymentMarksMessageKey } from './payment-marks-strings-en';
import { PAYMENT_MARKS_FR } from './payment-marks-strings-fr';
import { adoptStyle } from './shadow-host';

/**
 * The marks a tweet gets only from an answer about it, apart from the ✓: "Edited after payment"
 * with what was paid, and "Not paid" on the user's own tweet that moved none of their money, with
 * their words in both languages. x.com pages load them in a chunk of their own
 * (`/payment-marks.js`, `page-chunk.ts`) the first time an answer calls for one; the content
 * script carries the ✓ and where each mark goes. Hosts are made and placed by the content script,
 * so they are its own (`isOwnHost`).
 */

export const PAYMENT_MARKS_CHUNK = 'payment-marks';
/** The "Not paid" mark's colour: a red readable on X's light and dark backgrounds (4.5:1 on both). */
const NOT_PAID_COLOUR = 'rgb(224, 36, 36)';

const PAYMENT_MARKS_WORDS: Readonly<Record<Language, Readonly<Record<PaymentMarksMessageKey, string>>>> = {
  en: PAYMENT_MARKS_EN,
  fr: PAYMENT_MARKS_FR,
};

export function translatePaymentMark(language: Language, key: PaymentMarksMessageKey, params?: MessageParams): string {
  return fillMessage(PAYMENT_MARKS_WORDS[language][key], params);
}

/**
 * "paid €12.50 to @bob" (or "to #TripJulie" for a pot; "12,50 € payés à @bob" in French): what
 * moved, whatever the tweet says now.
 */
export function paidText(paid: EditedAfterPayment, language: Language): string {
  const amount = formatAmount(paid.amountMinor, paid.currency, language);
  return paid.potHashtag === null
    ? translatePaymentMark(language, 'mark.paid.toHandle', { amount, handle: paid.payeeUsername })
    : translatePaymentMark(language, 'mark.paid.toPot', { amount, hashtag: paid.potHashtag });
}

function drawEditedMark(root: ShadowRoot, paid: EditedAfterPayment, language: Language): void {
  adoptStyle(root, ':host{display:flex;align-items:center}span{color:#b45309;font-weight:700;padding:0 4px}');
  const mark = root.ownerDocument.createElement('span');
  // Text only: the payee's handle comes from the worker, never rendered as HTML.
  mark.textContent = translatePaymentMark(language, 'mark.edited', { paid: paidText(paid, language) });
  mark.title = translatePaymentMark(language, 'mark.edited.title', { paid: paidText(paid, language) });
  root.append(mark);
}

function drawNotPaidMark(root: ShadowRoot, language: Language): void {
  adoptStyle(
    root,
    `:host{display:flex;align-items:center}span{color:${NOT_PAID_COLOUR};font-weight:700;padding:0 4px;white-space:nowrap}`,
  );
  const mark = root.ownerDocument.createElement('span');
  mark.textContent = `⊘ ${translatePaymentMark(language, 'mark.notPaid')}`;
  mark.setAttribute('role', 'img');
  mark.setAttribute('aria-label', translatePaymentMark(language, 'mark.notPaid.label'));
  mark.title = translatePaymentMark(language, 'mark.notPaid.label');
  root.append(mark);
}

export const paymentMarks = { drawEditedMark, drawNotPaidMark };
export type PaymentMarks = typeof paymentMarks;

/** Called by the chunk when it is evaluated. */
export function publishPaymentMarks(): void {
  publishPageChunk(PAYMENT_MARKS_CHUNK, paymentMarks);
}

/** The chunk, imported once per page; a failed import is tried again by the next answer that calls for a mark. */
export function loadPaymentMarks(): Promise<PaymentMarks> {
  return loadPageChunk(PAYMENT_MARKS_CHUNK, offersMethod<PaymentMarks>('drawNotPaidMark'));
}
