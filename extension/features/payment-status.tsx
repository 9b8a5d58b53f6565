import type { EditedAfterPayment } from '../../shared/contract/payments';
import { askBackground } from '../lib/background-client';
import { defineFeature } from '../lib/feature-manager';
import { pageLanguage } from '../lib/language-preference';
import type { AskBackground } from '../lib/messages';
import { translatePage as translate } from '../lib/page-strings';
import { loadPaymentMarks, type PaymentMarks } from '../lib/payment-marks';
import { adoptStyle, childHost, createShadowHost } from '../lib/shadow-host';
import { SETTLED_COLOUR } from '../lib/theme';
import { type ArticleOrRecord, recordOf, type TweetRecord } from '../lib/tweet-record';
import { onTweetReported, type TweetReport } from '../lib/tweet-reports';
import { PAY_KIND } from './pay-button';

/**
 * A small ✓ next to the Pay button of tweets whose payment settled. The ✓ vouches only for a
 * tweet that still states what was paid: a tweet edited after its payment shows "Edited after
 * payment" with what was actually paid instead. The tweets seen in a pass are asked about
 * together (the background batches and caches them); each tweet is asked about once per page run.
 *
 * The user's own tweets that moved none of their money (the worker refused them, or their payment
 * failed at once) show a distinct "Not paid" mark, from the answer to their report or from what the
 * background kept of earlier answers. Nobody else's tweet is ever marked paid without the worker's
 * public status: a tweet carrying a Hashpay code shows ✓ only once its payment settled.
 * "Edited after payment" and "Not paid" are drawn by a chunk loaded the first time an answer calls
 * for one of them (`lib/payment-marks.ts`).
 */

export const SETTLED_KIND = 'settled';
export const EDITED_AFTER_PAYMENT_KIND = 'edited-after-payment';
export const NOT_PAID_KIND = 'not-paid';
/** Tweets seen within this delay are asked about in one message. */
export const STATUS_BATCH_DELAY_MS = 150;
/** Tweet ids per message to the background (which asks the worker 100 at a time). */
export const TWEET_IDS_PER_MESSAGE_MAX = 500;
/**
 * Articles kept before the first look for those gone from the page; later looks come each time
 * the count doubles, so keeping track costs a constant per article however long the page.
 */
export const ARTICLES_KEPT_BEFORE_SWEEP_MIN = 200;

export interface PaymentStatusOptions {
  ask: AskBackground;
  schedule?: (flush: () => void) => void;
  /** Tweets known to be settled; kept across page runs so a navigation does not blink the ✓ away. */
  settled?: Set<string>;
  /** Tweets known to be edited after their payment, with what was paid; kept like `settled`. */
  edited?: Map<string, EditedAfterPayment>;
  /** The user's tweets known to have moved none of their money; kept like `settled`. */
  notPaid?: Set<string>;
  /** The edited-after-payment and not-paid marks; loaded from their chunk when first called for when absent. */
  marks?: PaymentMarks;
}

export interface PaymentStatus {
  /** Looks at one article: marks it if known settled, else queues its tweet id. */
  visit(target: ArticleOrRecord): void;
  /** Asks the background about the queued ids now and marks the settled ones. */
  flush(): Promise<void>;
  /** The worker's answer to a tweet the user posted: a refusal or a failure marks it "Not paid". */
  heard(report: TweetReport): void;
  /** Articles kept to be marked when an answer comes (a diagnostic figure, not a behaviour). */
  readonly keptArticleCount: number;
}

function addSettledMark({ article, actionBar }: TweetRecord): void {
  if (actionBar == null) return;
  const payHost = childHost(actionBar, PAY_KIND);
  if (childHost(actionBar, SETTLED_KIND) !== null) return;
  const language = pageLanguage(article.ownerDocument);
  const { host, root } = createShadowHost(article.ownerDocument, SETTLED_KIND, 'span');
  adoptStyle(root, `:host{display:flex;align-items:center}span{color:${SETTLED_COLOUR};font-weight:700;padding:0 4px}`);
  const mark = article.ownerDocument.createElement('span');
  mark.textContent = '✓';
  mark.setAttribute('role', 'img');
  mark.setAttribute('aria-label', translate(language, 'mark.settled.label'));
  mark.title = translate(language, 'mark.settled.title');
  root.append(mark);
  // Beside Pay; the payer's own tweets, where the marks matter most, have no Pay.
  if (payHost == null) actionBar.append(host);
  else payHost.after(host);
}

function addEditedMark({ article, actionBar }: TweetRecord, paid: EditedAfterPayment, marks: PaymentMarks): void {
  if (actionBar == null) return;
  const payHost = childHost(actionBar, PAY_KIND);
  if (childHost(actionBar, EDITED_AFTER_PAYMENT_KIND) !== null) return;
  const { host, root } = createShadowHost(article.ownerDocument, EDITED_AFTER_PAYMENT_KIND, 'span');
  marks.drawEditedMark(root, paid, pageLanguage(article.ownerDocument));
  // Beside Pay; the payer's own tweets, where the marks matter most, have no Pay.
  if (payHost == null) actionBar.append(host);
  else payHost.after(host);
}

function addNotPaidMark({ article, actionBar }: TweetRecord, marks: PaymentMarks): void {
  if (actionBar == null) return;
  if (childHost(actionBar, NOT_PAID_KIND) !== null) return;
  const { host, root } = createShadowHost(article.ownerDocument, NOT_PAID_KIND, 'span');
  marks.drawNotPaidMark(root, pageLanguage(article.ownerDocument));
  // Beside Pay when the tweet has one; the user's own tweets may have none.
  const payHost = childHost(actionBar, PAY_KIND);
  if (payHost != null) payHost.after(host);
  else actionBar.append(host);
}

/** Any of the marks, among the action bar's children. */
const ANY_MARK: ReadonlySet<string> = new Set([SETTLED_KIND, EDITED_AFTER_PAYMENT_KIND, NOT_PAID_KIND]);

function removeMark({ actionBar }: TweetRecord, kind: string): void {
  if (actionBar != null) childHost(actionBar, kind)?.remove();
}

export function createPaymentStatus(options: PaymentStatusOptions): PaymentStatus {
  const schedule = options.schedule ?? ((flush) => setTimeout(flush, STATUS_BATCH_DELAY_MS));
  const asked = new Set<string>();
  const settled = options.settled ?? new Set<string>();
  const edited = options.edited ?? new Map<string, EditedAfterPayment>();
  const notPaid = options.notPaid ?? new Set<string>();
  const queued = new Set<string>();
  /** Queued ids whose article shows an edited post (the background then asks the worker again). */
  const queuedEdited = new Set<string>();
  /** The last record of each article visited, so answers mark them without reading them again. */
  const articles = new Map<Element, TweetRecord>();
  /**
   * The articles whose last record shows each tweet: an answer marks those it names, not every
   * article of a long timeline.
   */
  const articlesByTweet = new Map<string, Element[]>();
  let sweepAtCount = ARTICLES_KEPT_BEFORE_SWEEP_MIN;
  let flushScheduled = false;
  let marks: PaymentMarks | null = options.marks ?? null;
  let marksLoading = false;

  /** The marks' chunk if here; else asks for it once, and marks every article again when it comes. */
  function loadedMarks(): PaymentMarks | null {
    if (marks === null && !marksLoading) {
      marksLoading = true;
      loadPaymentMarks().then(
        (loaded) => {
          marks = loaded;
          marksLoading = false;
          markArticles();
        },
        // A chunk that cannot load (an update under way) is asked for again by the next mark.
        () => {
          marksLoading = false;
        },
      );
    }
    return marks;
  }

  function markKnown(record: TweetRecord): void {
    const { tweet } = record;
    const paid = tweet === null ? undefined : edited.get(tweet.tweetId);
    const marked = tweet !== null && (settled.has(tweet.tweetId) || notPaid.has(tweet.tweetId) || paid !== undefined);
    // Most tweets earn no mark: one look for a mark left from the tweet the article showed before.
    if (!marked && (record.actionBar == null || childHost(record.actionBar, ANY_MARK) === null)) return;
    // A recycled article that now shows another tweet loses a mark it no longer earns.
    if (tweet !== null && settled.has(tweet.tweetId)) addSettledMark(record);
    else removeMark(record, SETTLED_KIND);
    if (paid === undefined) removeMark(record, EDITED_AFTER_PAYMENT_KIND);
    else {
      const loaded = loadedMarks();
      if (loaded !== null) addEditedMark(record, paid, loaded);
    }
    // Never beside a ✓: a settled payment wins over any earlier answer about the tweet.
    if (tweet === null || !notPaid.has(tweet.tweetId) || settled.has(tweet.tweetId)) removeMark(record, NOT_PAID_KIND);
    else {
      const loaded = loadedMarks();
      if (loaded !== null) addNotPaidMark(record, loaded);
    }
  }

  function forget(article: Element): void {
    const tweetId = articles.get(article)?.tweet?.tweetId;
    articles.delete(article);
    if (tweetId === undefined) return;
    // Nearly always the one article showing the tweet.
    const showing = articlesByTweet.get(tweetId)?.filter((other) => other !== article) ?? [];
    if (showing.length === 0) articlesByTweet.delete(tweetId);
    else articlesByTweet.set(tweetId, showing);
  }

  /** Keeps an article's latest record, found by the tweet it shows now. */
  function keep(record: TweetRecord): void {
    const { article, tweet } = record;
    const before = articles.get(article);
    if (before !== undefined && before.tweet?.tweetId !== tweet?.tweetId) forget(article);
    articles.set(article, record);
    if (tweet !== null) {
      const showing = articlesByTweet.get(tweet.tweetId);
      if (showing === undefined) articlesByTweet.set(tweet.tweetId, [article]);
      else if (!showing.includes(article)) showing.push(article);
    }
    // Articles x.com took off the page would otherwise be kept until an answer names their tweet,
    // and no answer comes for a tweet the background could not ask about.
    if (articles.size < sweepAtCount) return;
    for (const kept of [...articles.keys()]) if (!kept.isConnected) forget(kept);
    sweepAtCount = Math.max(ARTICLES_KEPT_BEFORE_SWEEP_MIN, articles.size * 2);
  }

  /**
   * Marks every article again, or only those showing one of `tweetIds`: an answer changes what is
   * known of the tweets it answers, and a long timeline holds many more whose marks stay as drawn.
   */
  function markArticles(tweetIds?: ReadonlySet<string>): void {
    const marking =
      tweetIds === undefined
        ? [...articles.keys()]
        : [...tweetIds].flatMap((tweetId) => articlesByTweet.get(tweetId) ?? []);
    for (const article of marking) {
      const record = articles.get(article);
      if (record === undefined) continue;
      if (article.isConnected) markKnown(record);
      else forget(article);
    }
  }

  async function flush(): Promise<void> {
    flushScheduled = false;
    const ids = [...queued].slice(0, TWEET_IDS_PER_MESSAGE_MAX);
    const editedIds = ids.filter((id) => queuedEdited.has(id));
    for (const id of ids) {
      queued.delete(id);
      queuedEdited.delete(id);
    }
    if (queued.size > 0) scheduleFlush();
    if (ids.length === 0) return;
    const result = await options.ask('tweet-status', {
      tweetIds: ids,
      ...(editedIds.length === 0 ? {} : { editedTweetIds: editedIds }),
    });
    if (!result.ok) {
      // Asked again on the next page run; a missing ✓ is harmless.
      return;
    }
    // The answer is the truth about the ids asked: a mark learnt earlier goes if it no longer holds.
    const settledNow = new Set(result.value.settledTweetIds);
    const editedNow = new Map(result.value.editedAfterPayment.map((paid) => [paid.tweetId, paid]));
    for (const id of ids) {
      if (settledNow.has(id)) settled.add(id);
      else settled.delete(id);
      const paid = editedNow.get(id);
      if (paid !== undefined) edited.set(id, paid);
      else edited.delete(id);
    }
    const answered = new Set(ids);
    for (const id of result.value.notPaidTweetIds ?? []) {
      notPaid.add(id);
      answered.add(id);
    }
    markArticles(answered);
  }

  function scheduleFlush(): void {
    if (flushScheduled) return;
    flushScheduled = true;
    schedule(() => void flush());
  }

  return {
    visit(target) {
      const record = recordOf(target);
      const { tweet } = record;
      keep(record);
      markKnown(record);
      if (tweet === null || tweet.promoted || asked.has(tweet.tweetId)) return;
      asked.add(tweet.tweetId);
      queued.add(tweet.tweetId);
      if (record.editHistory) queuedEdited.add(tweet.tweetId);
      scheduleFlush();
    },
    flush,
    heard(report) {
      if (report.refusal === undefined && report.failedIntent === undefined) return;
      notPaid.add(report.tweetId);
      markArticles(new Set([report.tweetId]));
    },
    get keptArticleCount() {
      return articles.size;
    },
  };
}

/** A settled payment stays settled: what this page learnt holds for every later run on it. */
const settledOnThisPage = new Set<string>();
const editedOnThisPage = new Map<string, EditedAfterPayment>();
const notPaidOnThisPage = new Set<string>();

export default defineFeature({
  id: 'payment-status',
  init({ observeTweets, signal }) {
    const status = createPaymentStatus({
      ask: askBackground,
      settled: settledOnThisPage,
      edited: editedOnThisPage,
      notPaid: notPaidOnThisPage,
    });
    onTweetReported((report) => status.heard(report), { signal });
    observeTweets((record) => status.visit(record));
  },
});
