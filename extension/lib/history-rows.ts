import type { PaymentFailureReason } from '../../shared/contract/payments';
import type { Language } from '../../shared/language';
import type { AnswerMessageKey } from './answer-strings-en';
import type { HistoryMessageKey } from './history-strings-en';
import { translate } from './i18n';
import type { ReadableIntent, ReadableRefusal } from './readable-answers';
import { isKnown } from './tolerant-enum';

/**
 * What a history row says beyond who and how much: whether its amount moved (a debit, a credit,
 * money still held) or never left (failed, cancelled, expired, refunded, released: shown struck,
 * unsigned) and why it ended that way (its detail view's timeline: `history-timeline.ts`). Refused
 * tweets (which moved nothing) are rows too, between the payments in the order they happened.
 */

/**
 * `out`/`in`: money left or arrived; `held`: reserved, not gone yet; `none`: nothing moved (or it
 * came back); `other`: a status or purpose this version does not know, shown neutrally.
 */
export type AmountEffect = 'out' | 'in' | 'held' | 'none' | 'other';

export function amountEffect(intent: ReadableIntent, sent: boolean): AmountEffect {
  if (!isKnown(intent.status) || !isKnown(intent.purpose)) return 'other';
  switch (intent.status) {
    case 'settled':
    case 'escrowed':
      return sent ? 'out' : 'in';
    case 'awaiting_confirmation':
    case 'pledged':
      return 'held';
    default:
      // Drafted, failed, cancelled, expired, refunded, released.
      return 'none';
  }
}

/** The sign written before an amount: only money that moved is signed. */
export function amountSign(effect: AmountEffect): string {
  return effect === 'out' ? '−' : effect === 'in' ? '+' : '';
}

const FAILURE_KEYS: Readonly<Record<PaymentFailureReason, HistoryMessageKey>> = {
  'insufficient-funds': 'history.reason.insufficient-funds',
  'limit-per-payment': 'history.reason.limit-per-payment',
  'limit-per-day': 'history.reason.limit-per-day',
  'payer-is-payee': 'history.reason.payer-is-payee',
  'tweet-deleted': 'history.reason.tweet-deleted',
  'tweet-edited': 'history.reason.tweet-edited',
  'tweet-not-by-payer': 'history.reason.tweet-not-by-payer',
  'pot-closed': 'history.reason.pot-closed',
  'wallet-in-debt': 'history.reason.wallet-in-debt',
};

/**
 * Why a row ended without its money moving, in the reader's words; null for rows that moved
 * money or are still under way. A reason this version does not know reads as "Not paid."
 */
export function describeEndReason(intent: ReadableIntent, sent: boolean, language: Language): string | null {
  const other = sent ? intent.payee.username : intent.payer.username;
  switch (intent.status) {
    case 'failed': {
      if (!sent) return translate(language, 'history.reason.failed.received');
      const reason = intent.failureReason;
      if (reason === null || !isKnown(reason)) return translate(language, 'history.reason.other');
      return translate(language, FAILURE_KEYS[reason]);
    }
    case 'expired':
      if (!sent) return translate(language, 'history.reason.expired.received');
      // Nothing was matched: the draft was never posted (or never found) before it expired.
      return translate(
        language,
        intent.tweet === null && !intent.matchedAt
          ? 'history.reason.expired.draft'
          : 'history.reason.expired.unconfirmed',
      );
    case 'cancelled':
      if (!sent) return translate(language, 'history.reason.cancelled.received', { handle: other });
      return translate(
        language,
        intent.purpose === 'pledge' ? 'history.reason.cancelled.pledge' : 'history.reason.cancelled.sent',
      );
    case 'refunded':
      return sent
        ? translate(language, 'history.reason.refunded.sent')
        : translate(language, 'history.reason.refunded.received', { handle: other });
    case 'released':
      return translate(language, 'history.reason.released');
    default:
      return null;
  }
}

/**
 * The search box's words as the start of a handle for `person=`: an optional leading @ and
 * surrounding spaces dropped; null when empty; `invalid` when it cannot start a handle.
 */
export function personQuery(text: string): string | null | 'invalid' {
  const handle = text.trim().replace(/^@/, '');
  if (handle === '') return null;
  return /^[A-Za-z0-9_]{1,15}$/.test(handle) ? handle : 'invalid';
}

/** One row of the history: a payment, or a tweet Hashpay refused (which moved nothing). */
export type HistoryEntry =
  | { kind: 'intent'; intent: ReadableIntent; atMs: number }
  | { kind: 'refusal'; refusal: ReadableRefusal; atMs: number };

/**
 * The payments and the refused tweets in one list, newest first: a payment by when it was
 * created, a refusal by when it was decided. A refusal listed twice (two pages overlapping at
 * their edge) is shown once.
 */
export function historyEntries(
  intents: readonly ReadableIntent[],
  refusals: readonly ReadableRefusal[],
): HistoryEntry[] {
  const seen = new Set<string>();
  const entries: HistoryEntry[] = intents.map((intent) => ({
    kind: 'intent',
    intent,
    atMs: Date.parse(intent.createdAt),
  }));
  for (const refusal of refusals) {
    if (seen.has(refusal.tweetId)) continue;
    seen.add(refusal.tweetId);
    entries.push({ kind: 'refusal', refusal, atMs: Date.parse(refusal.decidedAt) });
  }
  // A stable sort keeps the worker's order between rows of the same instant.
  return entries.sort((a, b) => b.atMs - a.atMs);
}

/**
 * The refusals a search by person keeps: those whose draft was to that person. A hand-typed
 * command with no draft names nobody Hashpay knows, so a search never shows it.
 */
export function refusalsWithPerson(refusals: readonly ReadableRefusal[], person: string | null): ReadableRefusal[] {
  if (person === null) return [...refusals];
  const start = person.toLowerCase();
  return refusals.filter((refusal) => refusal.intent?.payee.username.toLowerCase().startsWith(start) ?? false);
}

/** Why a tweet was refused, in the answer window's words (a reason added since reads as "could not use"). */
export function describeRefusal(refusal: ReadableRefusal, language: Language): string {
  return translate(language, `answer.reason.${refusal.reason}` satisfies AnswerMessageKey);
}

/** What to do about a refused tweet, in the answer window's words. */
export function refusalNextStep(refusal: ReadableRefusal, language: Language): string {
  return translate(language, `answer.next.${refusal.reason}` satisfies AnswerMessageKey);
}

/** Only X's web links to the tweet become links. */
export function safeRefusalUrl(refusal: ReadableRefusal): string | null {
  return /^https:\/\/(x|twitter)\.com\//.test(refusal.tweetUrl) ? refusal.tweetUrl : null;
}
