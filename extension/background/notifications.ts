import type { Language } from '../../shared/language';
import { formatAmount, isCurrency } from '../../shared/money';
import { resolveLanguage } from '../lib/language-preference';
import { fillMessage, type MessageParams } from '../lib/message-fill';
import { NOTIFY_EN, NOTIFY_FR, type NotifyMessageKey } from '../lib/notification-strings';
import { loadOptions, type OptionsArea } from '../lib/options';
import type { ReadableCredit, ReadableIntent, ReadableRefusal } from '../lib/readable-answers';
import type { WorkerApi } from './api';
import type { SessionStore } from './session';

/**
 * Browser notifications of news the user did nothing to cause: money received, an offer credit
 * posted, a pledge collected or released. An alarm reads the first page of the history and the
 * credits, compares them with what the last reading saw (kept in `storage.local`), and tells each
 * change once. The first reading for a linked account only remembers: nothing from before is
 * news. The option switches the notifications off; the readings go on, so switching them on
 * again does not bring back everything that happened meanwhile.
 *
 * The same reading answers refused tweets no report of this browser answered (found by X's
 * stream, the search job or the webhook, or posted from another device): a refusal of the linked
 * person that the last reading did not see opens Hashpay's answer window, once (the refusals seen
 * are kept with the rest), whatever the notifications' switch says: it is the answer to the
 * person's own tweet, not news.
 */

export const NEWS_ALARM_NAME = 'hashpay-news';
export const NEWS_PERIOD_MINUTES = 1;
export const NEWS_STORAGE_KEY = 'hashpay.news';
/** Payments read per check: the newest page of the history. */
export const NEWS_HISTORY_PAGE_SIZE = 50;
/** Notifications shown per check at most; more news in one minute is summed up by the popup. */
export const NEWS_PER_CHECK_MAX = 5;
/** Answer windows opened per check at most (the newest refusal's); the others are in the popup's history. */
export const ANSWER_WINDOWS_PER_CHECK_MAX = 1;

export interface News {
  /** Unique per change, so a notification is never shown twice for it. */
  id: string;
  title: NotifyMessageKey;
  body: NotifyMessageKey;
  params: Record<string, string>;
}

interface Seen {
  xUserId: string;
  intents: Record<string, string>;
  credits: Record<string, string>;
  /** The refused tweets' ids the reading saw; absent from readings kept before refusals were read. */
  refusals?: string[];
}

export interface NewsDeps {
  api: Pick<WorkerApi, 'history' | 'listCredits'>;
  session: Pick<SessionStore, 'get'>;
  storage: OptionsArea;
  notify(id: string, title: string, message: string): Promise<void>;
  languages(): readonly string[];
  /** Opens the answer window for a refused tweet, unless this browser already answered it. */
  answerRefusal?(refusal: ReadableRefusal): Promise<void>;
}

function isSeen(value: unknown): value is Seen {
  if (typeof value !== 'object' || value === null) return false;
  const seen = value as Record<string, unknown>;
  return (
    typeof seen.xUserId === 'string' &&
    typeof seen.intents === 'object' &&
    seen.intents !== null &&
    typeof seen.credits === 'object' &&
    seen.credits !== null &&
    (seen.refusals === undefined ||
      (Array.isArray(seen.refusals) && seen.refusals.every((tweetId) => typeof tweetId === 'string')))
  );
}

/** The refusals the last reading did not see, newest first; none on a first reading of them. */
export function unseenRefusals(seen: Seen | null, refusals: readonly ReadableRefusal[]): ReadableRefusal[] {
  if (seen?.refusals === undefined) return [];
  const known = new Set(seen.refusals);
  return refusals
    .filter((refusal) => !known.has(refusal.tweetId))
    .sort((a, b) => Date.parse(b.decidedAt) - Date.parse(a.decidedAt));
}

/** What changed between the last reading and this one that the user should hear about. */
export function newsBetween(
  seen: Seen,
  intents: readonly ReadableIntent[],
  credits: readonly ReadableCredit[],
  language: Language,
): News[] {
  const news: News[] = [];
  for (const intent of intents) {
    const before = seen.intents[intent.id];
    if (before === intent.status) continue;
    const amount = formatAmount(intent.amountMinor, intent.currency, language);
    const toMe = intent.payee.xUserId === seen.xUserId && intent.payer.xUserId !== seen.xUserId;
    const fromMe = intent.payer.xUserId === seen.xUserId;
    if (toMe && intent.purpose !== 'pledge' && intent.status === 'settled') {
      news.push({
        id: `received:${intent.id}`,
        title: 'notify.received.title',
        body: 'notify.received.body',
        params: { handle: intent.payer.username, amount },
      });
    } else if (fromMe && intent.purpose === 'pledge' && (intent.status === 'settled' || intent.status === 'released')) {
      const collected = intent.status === 'settled';
      news.push({
        id: `pledge:${intent.id}:${intent.status}`,
        title: collected ? 'notify.pledgeCollected.title' : 'notify.pledgeReleased.title',
        body: collected ? 'notify.pledgeCollected.body' : 'notify.pledgeReleased.body',
        params: { hashtag: intent.pot?.hashtag ?? '', amount },
      });
    }
  }
  for (const credit of credits) {
    if (credit.status !== 'posted' || seen.credits[credit.id] === 'posted' || !isCurrency(credit.currency)) continue;
    news.push({
      id: `credit:${credit.id}`,
      title: 'notify.credit.title',
      body: 'notify.credit.body',
      params: { amount: formatAmount(credit.amountMinor, credit.currency, language) },
    });
  }
  return news;
}

// Only the notifications' words: the background carries no other surface's.
const NOTIFICATION_WORDS: Readonly<Record<Language, Readonly<Record<NotifyMessageKey, string>>>> = {
  en: NOTIFY_EN,
  fr: NOTIFY_FR,
};

function notificationText(language: Language, key: NotifyMessageKey, params?: MessageParams): string {
  return fillMessage(NOTIFICATION_WORDS[language][key], params);
}

/** Reads the history and credits, notifies what changed (when the option allows), remembers the reading. */
export async function checkForNews(deps: NewsDeps): Promise<News[]> {
  const session = await deps.session.get();
  if (session === null) return [];
  const [page, credits, options, stored] = await Promise.all([
    deps.api.history(session.token, { role: 'any', limit: NEWS_HISTORY_PAGE_SIZE, before: null }),
    deps.api.listCredits(session.token),
    loadOptions(deps.storage),
    deps.storage.get(NEWS_STORAGE_KEY),
  ]);
  const earlier = stored[NEWS_STORAGE_KEY];
  const language = resolveLanguage(options.language, deps.languages());
  const firstReading = !isSeen(earlier) || earlier.xUserId !== session.user.xUserId;
  const news = firstReading ? [] : newsBetween(earlier, page.intents, credits, language);
  const refusals = page.refusals ?? [];
  const toAnswer = unseenRefusals(firstReading ? null : earlier, refusals);
  // Only what this reading saw is kept: an entry that left the first page is never news again.
  const seen: Seen = {
    xUserId: session.user.xUserId,
    intents: Object.fromEntries(page.intents.map((intent) => [intent.id, intent.status])),
    credits: Object.fromEntries(credits.map((credit) => [credit.id, credit.status])),
    refusals: refusals.map((refusal) => refusal.tweetId),
  };
  // Kept before any window opens: a window is opened once even if the service worker stops now.
  await deps.storage.set({ [NEWS_STORAGE_KEY]: seen });
  for (const refusal of toAnswer.slice(0, ANSWER_WINDOWS_PER_CHECK_MAX)) {
    await deps.answerRefusal?.(refusal);
  }
  if (!options.notifications) return [];
  const shown = news.slice(0, NEWS_PER_CHECK_MAX);
  for (const item of shown) {
    await deps.notify(
      item.id,
      notificationText(language, item.title),
      notificationText(language, item.body, item.params),
    );
  }
  return shown;
}
