import { defineFeature } from '../lib/feature-manager';
import { findTweetArticles } from '../lib/tweet';
import { type ArticleOrRecord, recordOf } from '../lib/tweet-record';

/**
 * Marks each recognised tweet article with its status id and author handle
 * (`data-hashpay-tweet-id`, `data-hashpay-author`), the contract the buttons and the tests
 * outside the extension rely on; promoted tweets also get `data-hashpay-promoted`.
 * x.com recycles article nodes, so each article a mutation touches is read again and a mark is
 * rewritten only when it changed (removing marks an article no longer earns).
 */

export const TWEET_ID_ATTRIBUTE = 'data-hashpay-tweet-id';
export const AUTHOR_ATTRIBUTE = 'data-hashpay-author';
export const PROMOTED_ATTRIBUTE = 'data-hashpay-promoted';

function setAttributeIfChanged(element: Element, name: string, value: string | null): void {
  if (element.getAttribute(name) === value) return;
  if (value === null) element.removeAttribute(name);
  else element.setAttribute(name, value);
}

/** Marks one article (or clears its marks when it is not a readable tweet). */
export function markTweet(target: ArticleOrRecord): void {
  const { article, tweet } = recordOf(target);
  setAttributeIfChanged(article, TWEET_ID_ATTRIBUTE, tweet?.tweetId ?? null);
  setAttributeIfChanged(article, AUTHOR_ATTRIBUTE, tweet?.authorHandle ?? null);
  setAttributeIfChanged(article, PROMOTED_ATTRIBUTE, tweet?.promoted ? '' : null);
}

/** One marking pass over `root`; returns how many articles carry marks afterwards. */
export function markTweetsIn(root: ParentNode): number {
  let marked = 0;
  for (const article of findTweetArticles(root)) {
    markTweet(article);
    if (article.hasAttribute(TWEET_ID_ATTRIBUTE)) marked += 1;
  }
  return marked;
}

export default defineFeature({
  id: 'tweet-marks',
  init({ observeTweets }) {
    observeTweets(markTweet);
  },
});
