import type { ActionResponse } from './messages';

/**
 * What the worker said about the tweets the user posted, told to the content-script features that
 * care (the Claim offer button shows "Offer added to your card"). The announcements stay inside
 * the content script's own world: the page cannot send or see them, so a page script cannot fake
 * a claim confirmation.
 */

export type TweetReport = ActionResponse<'report-tweet'> & { tweetId: string };
export type TweetReportListener = (report: TweetReport) => void;

const listeners = new Set<TweetReportListener>();

/** Calls `listener` with every report answered until `signal` aborts. */
export function onTweetReported(listener: TweetReportListener, options: { signal: AbortSignal }): void {
  if (options.signal.aborted) return;
  listeners.add(listener);
  options.signal.addEventListener('abort', () => listeners.delete(listener), { once: true });
}

export function announceTweetReported(report: TweetReport): void {
  for (const listener of [...listeners]) {
    try {
      listener(report);
    } catch (error) {
      // One failing listener must not keep the others from hearing about the tweet.
      console.error('hashpay: tweet report listener failed', error);
    }
  }
}
