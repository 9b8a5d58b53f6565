import { askBackground } from '../lib/background-client';
import { mightBePayment, readCreatedTweetMessage } from '../lib/created-tweet';
import { defineFeature } from '../lib/feature-manager';
import type { AskBackground } from '../lib/messages';
import { selectors } from '../lib/selectors';
import { firstTaken, parseStatusPath } from '../lib/tweet';
import { announceTweetReported } from '../lib/tweet-reports';

/**
 * Notices the tweets the user posts and has the background report them to the worker, which
 * opens the confirmation when one is a payment. The id comes from x.com's own CreateTweet answer,
 * read by the page-world script and posted to this window; the "Your post was sent. View" toast's
 * link is the fallback. Both are untrusted hints: the worker checks the tweet and its author
 * through the X API before anything happens.
 */

export interface CreatedTweetReporter {
  /**
   * Reports a posted tweet once per page (the page-world script and the toast both see it). With
   * its text known, a tweet that cannot be a payment is not reported; without (the toast), it is.
   * The worker's answer is announced to the other features (an offer claim shows its toast).
   */
  saw(tweetId: string, text: string | null): void;
}

/** Tweet ids remembered per page; a page sees a handful of posts. */
export const SEEN_TWEET_IDS_MAX = 100;

export function createCreatedTweetReporter(ask: AskBackground): CreatedTweetReporter {
  const seen = new Set<string>();
  return {
    saw(tweetId, text) {
      if (seen.has(tweetId)) return;
      seen.add(tweetId);
      if (seen.size > SEEN_TWEET_IDS_MAX) seen.delete(seen.values().next().value!);
      if (text !== null && !mightBePayment(text)) return;
      void ask('report-tweet', { tweetId }).then((result) => {
        if (result.ok) announceTweetReported({ ...result.value, tweetId });
      });
    },
  };
}

/** The tweet id of a toast's status link, or null. */
export function readToastLink(link: Element): string | null {
  const status = parseStatusPath(link.getAttribute('href') ?? '');
  return status === null || status.suffix !== '' ? null : status.tweetId;
}

/** The tweet id of the first status link of a toast, or null. */
export function readToastTweetId(toast: Element): string | null {
  return firstTaken(toast, selectors.statusLink, readToastLink);
}

/** One reporter per content script: it outlives page runs, so a tweet is never reported twice. */
let reporter: CreatedTweetReporter | undefined;

export default defineFeature({
  id: 'created-tweet-detector',
  init({ observe, signal }) {
    reporter ??= createCreatedTweetReporter(askBackground);
    const current = reporter;
    window.addEventListener(
      'message',
      (event: MessageEvent) => {
        if (event.source !== window) return;
        const created = readCreatedTweetMessage(event.data);
        if (created !== null) current.saw(created.tweetId, created.text);
      },
      { signal },
    );
    observe(selectors.toast, (toast) => {
      const tweetId = readToastTweetId(toast);
      if (tweetId !== null) current.saw(tweetId, null);
    });
  },
});
