import { askBackground } from '../lib/background-client';
import { defineFeature } from '../lib/feature-manager';
import type { AskBackground } from '../lib/messages';
import { adoptStyle, createShadowHost, HOST_ATTRIBUTE } from '../lib/shadow-host';
import { SETTLED_COLOUR } from '../lib/theme';
import { type ArticleOrRecord, recordOf, type TweetRecord } from '../lib/tweet-record';
import { PAY_KIND } from './pay-button';

/**
 * A small ✓ next to the Pay button of tweets whose payment settled. The tweets seen in a pass are
 * asked about together (the background batches and caches them); each tweet is asked about once
 * per page run.
 */

export const SETTLED_KIND = 'settled';
/** Tweets seen within this delay are asked about in one message. */
export const STATUS_BATCH_DELAY_MS = 150;
/** Tweet ids per message to the background (which asks the worker 100 at a time). */
export const TWEET_IDS_PER_MESSAGE_MAX = 500;

export interface PaymentStatusOptions {
  ask: AskBackground;
  schedule?: (flush: () => void) => void;
  /** Tweets known to be settled; kept across page runs so a navigation does not blink the ✓ away. */
  settled?: Set<string>;
}

export interface PaymentStatus {
  /** Looks at one article: marks it if known settled, else queues its tweet id. */
  visit(target: ArticleOrRecord): void;
  /** Asks the background about the queued ids now and marks the settled ones. */
  flush(): Promise<void>;
}

function addSettledMark({ article, actionBar }: TweetRecord): void {
  const payHost = actionBar?.querySelector(`:scope > [${HOST_ATTRIBUTE}="${PAY_KIND}"]`);
  if (actionBar == null || payHost == null) return;
  if (actionBar.querySelector(`:scope > [${HOST_ATTRIBUTE}="${SETTLED_KIND}"]`) !== null) return;
  const { host, root } = createShadowHost(article.ownerDocument, SETTLED_KIND, 'span');
  adoptStyle(root, `:host{display:flex;align-items:center}span{color:${SETTLED_COLOUR};font-weight:700;padding:0 4px}`);
  const mark = article.ownerDocument.createElement('span');
  mark.textContent = '✓';
  mark.setAttribute('role', 'img');
  mark.setAttribute('aria-label', 'Payment settled');
  mark.title = 'Payment settled with Hashpay';
  root.append(mark);
  payHost.after(host);
}

function removeSettledMark({ actionBar }: TweetRecord): void {
  actionBar?.querySelector(`:scope > [${HOST_ATTRIBUTE}="${SETTLED_KIND}"]`)?.remove();
}

export function createPaymentStatus(options: PaymentStatusOptions): PaymentStatus {
  const schedule = options.schedule ?? ((flush) => setTimeout(flush, STATUS_BATCH_DELAY_MS));
  const asked = new Set<string>();
  const settled = options.settled ?? new Set<string>();
  const queued = new Set<string>();
  /** The last record of each article visited, so answers mark them without reading them again. */
  const articles = new Map<Element, TweetRecord>();
  let flushScheduled = false;

  function markKnown(record: TweetRecord): void {
    if (record.tweet !== null && settled.has(record.tweet.tweetId)) addSettledMark(record);
    // A recycled article that now shows another tweet loses a mark it no longer earns.
    else removeSettledMark(record);
  }

  async function flush(): Promise<void> {
    flushScheduled = false;
    const ids = [...queued].slice(0, TWEET_IDS_PER_MESSAGE_MAX);
    for (const id of ids) queued.delete(id);
    if (queued.size > 0) scheduleFlush();
    if (ids.length === 0) return;
    const result = await options.ask('tweet-status', { tweetIds: ids });
    if (!result.ok) {
      // Asked again on the next page run; a missing ✓ is harmless.
      return;
    }
    for (const id of result.value.settledTweetIds) settled.add(id);
    for (const [article, record] of articles) {
      if (article.isConnected) markKnown(record);
      else articles.delete(article);
    }
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
      articles.set(record.article, record);
      markKnown(record);
      if (tweet === null || tweet.promoted || asked.has(tweet.tweetId)) return;
      asked.add(tweet.tweetId);
      queued.add(tweet.tweetId);
      scheduleFlush();
    },
    flush,
  };
}

/** A settled payment stays settled: what this page learnt holds for every later run on it. */
const settledOnThisPage = new Set<string>();

export default defineFeature({
  id: 'payment-status',
  init({ observeTweets }) {
    const status = createPaymentStatus({ ask: askBackground, settled: settledOnThisPage });
    observeTweets((record) => status.visit(record));
  },
});
