import type { Language } from '../../shared/language';
import type { HistoryDetailMessageKey } from './history-detail-strings-en';
import { translate } from './i18n';
import { describeIntentState } from './pot-format';
import type { ReadableIntent } from './readable-answers';

/**
 * What a history row's detail view lists (`PopupHistoryDetail.tsx`): the states the payment went
 * through and its signed receipt. Apart from the rows' words (`history-rows.ts`), so the list the
 * popup draws first carries none of it.
 */

export interface TimelineStep {
  /** Stable name of the step (tests and styles read it). */
  step: 'created' | 'matched' | 'escrowed' | 'pledged' | 'settled' | 'ended' | 'expiresAt' | 'confirmBy';
  label: string;
  /** ISO time; null when the worker does not say when. */
  at: string | null;
}

/** The states the intent went through, oldest first, then the deadline it is waiting on. */
export function intentTimeline(intent: ReadableIntent, language: Language): TimelineStep[] {
  const say = (key: HistoryDetailMessageKey, params = {}) => translate(language, key, params);
  const steps: TimelineStep[] = [
    {
      step: 'created',
      label: say(intent.source === 'command' ? 'history.step.command' : 'history.step.drafted'),
      at: intent.createdAt,
    },
  ];
  if (intent.tweet !== null || intent.matchedAt) {
    // A match that could not reserve fails at once: its "matched" is its end, told below.
    if (
      intent.status !== 'failed' ||
      intent.failureReason === 'tweet-deleted' ||
      intent.failureReason === 'tweet-edited'
    ) {
      steps.push({ step: 'matched', label: say('history.step.matched'), at: intent.matchedAt ?? null });
    }
  }
  if (intent.escrowedAt) steps.push({ step: 'escrowed', label: say('history.step.escrowed'), at: intent.escrowedAt });
  if (intent.pledgedAt !== null)
    steps.push({ step: 'pledged', label: say('history.step.pledged'), at: intent.pledgedAt });
  if (intent.status === 'settled') {
    steps.push({ step: 'settled', label: describeIntentState(intent, language), at: intent.settledAt });
  } else if (['failed', 'cancelled', 'expired', 'refunded', 'released'].includes(intent.status)) {
    steps.push({
      step: 'ended',
      label: say('history.step.ended', { state: describeIntentState(intent, language) }),
      at: intent.closedAt ?? null,
    });
  } else if (intent.status === 'awaiting_tweet') {
    steps.push({ step: 'expiresAt', label: say('history.step.expiresAt'), at: intent.expiresAt });
  } else if (intent.status === 'awaiting_confirmation' && intent.confirmBy !== null) {
    steps.push({ step: 'confirmBy', label: say('history.step.confirmBy'), at: intent.confirmBy });
  }
  return steps;
}

/** Only the worker's receipt ids make a receipt link. */
export function receiptUrl(workerOrigin: string, receiptId: string | null): string | null {
  if (receiptId === null || !/^rcp_[A-Za-z0-9_-]{22}$/.test(receiptId)) return null;
  return `${workerOrigin}/v1/receipts/${receiptId}`;
}
