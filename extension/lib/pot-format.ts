import type { Pot } from '../../shared/contract/pots';
import type { Language } from '../../shared/language';
import { formatAmount } from '../../shared/money';
import { translate } from './i18n';
import { fillMessage, type MessageParams } from './message-fill';
import { POT_BAR_EN, type PotBarMessageKey } from './pot-bar-strings-en';
import { POT_BAR_FR } from './pot-bar-strings-fr';
import type { ReadableIntent } from './readable-answers';

/**
 * How pots and projects are written for people: the progress (total of goal, how many gave, days
 * left, or the state once it ended), the deadline of a pledge, and what an intent is for. Amounts
 * go through the shared `formatAmount`, on integers in minor units only.
 */

const DAY_MS = 86_400_000;

/**
 * The progress bar's words, both languages: they come with the bar's chunk (`pot-bar.ts`), not
 * with the page's words, and a language switch redraws the bars in the other one.
 */
const POT_BAR_WORDS: Readonly<Record<Language, Readonly<Record<PotBarMessageKey, string>>>> = {
  en: POT_BAR_EN,
  fr: POT_BAR_FR,
};

export function translatePotBar(language: Language, key: PotBarMessageKey, params?: MessageParams): string {
  return fillMessage(POT_BAR_WORDS[language][key], params);
}

/** Whole days until the deadline, rounded up (an hour left is "1 day left"); 0 once it passed. */
export function daysLeft(deadlineAt: string, nowMs: number): number {
  const remainingMs = Date.parse(deadlineAt) - nowMs;
  if (!(remainingMs > 0)) return 0;
  return Math.ceil(remainingMs / DAY_MS);
}

/** A deadline as a day and time in the reader's zone (or the one tests fix). */
export function formatDeadline(iso: string, language: Language, timeZone?: string): string {
  const options: Intl.DateTimeFormatOptions = { dateStyle: 'long', timeStyle: 'short' };
  if (timeZone !== undefined) options.timeZone = timeZone;
  return new Intl.DateTimeFormat(language, options).format(new Date(iso));
}

/** Where the bar stands, in whole thousandths of the goal, capped at the goal; 0 without a goal. */
export function progressPermille(pot: Pick<Pot, 'totalMinor' | 'goalMinor'>): number {
  if (pot.goalMinor === null) return 0;
  // Integers only: the ratio of two safe integers, floored, never a float amount.
  return Math.min(1000, Math.floor((pot.totalMinor * 1000) / pot.goalMinor));
}

/** "€20.00 of €100.00", or "€20.00 collected" for a pot without a goal. */
export function describeTotal(pot: Pot, language: Language): string {
  const total = formatAmount(pot.totalMinor, pot.currency, language);
  if (pot.goalMinor === null) return translatePotBar(language, 'pot.progress.total', { total });
  return translatePotBar(language, 'pot.progress.ofGoal', {
    total,
    goal: formatAmount(pot.goalMinor, pot.currency, language),
  });
}

const ENDED_STATE_KEYS: Readonly<Record<Exclude<Pot['state'], 'open'>, PotBarMessageKey>> = {
  closed: 'pot.state.closed',
  deciding: 'pot.state.deciding',
  funded: 'pot.state.funded',
  failed: 'pot.state.failed',
};

/** The line beside the bar: how many gave, then days left while open, or the state once it ended. */
export function describeStanding(pot: Pot, language: Language, nowMs: number): string {
  const parts = [
    pot.contributionCount === 1
      ? translatePotBar(language, 'pot.progress.countOne')
      : translatePotBar(language, 'pot.progress.count', { count: pot.contributionCount }),
  ];
  if (pot.state !== 'open') {
    parts.push(translatePotBar(language, ENDED_STATE_KEYS[pot.state]));
  } else if (pot.deadlineAt !== null) {
    const days = daysLeft(pot.deadlineAt, nowMs);
    parts.push(
      days === 0
        ? translatePotBar(language, 'pot.progress.ended')
        : days === 1
          ? translatePotBar(language, 'pot.progress.dayLeft')
          : translatePotBar(language, 'pot.progress.daysLeft', { days }),
    );
  }
  return parts.join(' · ');
}

/** True when the pot or project still takes money: open, and its deadline not passed. */
export function takesMoney(pot: Pot, nowMs: number): boolean {
  return pot.state === 'open' && (pot.deadlineAt === null || Date.parse(pot.deadlineAt) > nowMs);
}

/** The history row's first words: who or what the money went to (or came from). */
export function describeCounterparty(intent: ReadableIntent, sent: boolean, language: Language): string {
  const handle = sent ? intent.payee.username : intent.payer.username;
  const hashtag = intent.pot?.hashtag;
  switch (intent.purpose) {
    case 'donation':
      return translate(language, sent ? 'popup.history.donation' : 'popup.history.donationFrom', { handle });
    case 'contribution':
      if (hashtag === undefined) break;
      return translate(language, sent ? 'popup.history.contribution' : 'popup.history.contributionFrom', {
        handle,
        hashtag,
      });
    case 'pledge':
      if (hashtag === undefined) break;
      return translate(language, sent ? 'popup.history.pledge' : 'popup.history.pledgeFrom', { handle, hashtag });
    case 'payment':
      break;
  }
  return translate(language, sent ? 'popup.history.to' : 'popup.history.from', { handle });
}

/** The history row's state: a pledge says held (until when), collected or released. */
export function describeIntentState(intent: ReadableIntent, language: Language, timeZone?: string): string {
  if (intent.purpose === 'pledge') {
    if (intent.status === 'pledged') {
      const deadlineAt = intent.pot?.deadlineAt;
      if (deadlineAt != null) {
        return translate(language, 'popup.history.pledge.pledged', {
          deadline: formatDeadline(deadlineAt, language, timeZone),
        });
      }
      return translate(language, 'status.pledged');
    }
    if (intent.status === 'settled') return translate(language, 'popup.history.pledge.settled');
    if (intent.status === 'released') return translate(language, 'popup.history.pledge.released');
  }
  return translate(language, `status.${intent.status}`);
}
