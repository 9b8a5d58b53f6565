import { describe, expect, it } from 'vitest';
import { CREATED_TWEET_MESSAGE_TYPE } from '../../extension/lib/created-tweet';
import { watchCreatedTweets } from '../../extension/lib/watch-created-tweets';

/**
 * The page-world watcher on a stand-in window: its `fetch` and `XMLHttpRequest` answer like
 * x.com's GraphQL endpoint, and `postMessage` records what the content script would receive.
 */

const CREATE_TWEET_URL = 'https://x.com/i/api/graphql/oB-5XsHNAbjvARJEc8CZFw/CreateTweet';
const ANSWER = {
  data: {
    create_tweet: {
      tweet_results: { result: { rest_id: '1861234567890123456', legacy: { full_text: '@hashpay pay @bob 10€' } } },
    },
  },
};

class FakeXhr {
  responseType = '';
  responseText = '';
  response: unknown = null;
  opened: unknown[] = [];
  private listeners: Array<() => void> = [];
  open(...args: unknown[]): void {
    this.opened = args;
  }
  addEventListener(type: string, listener: () => void): void {
    if (type === 'load') this.listeners.push(listener);
  }
  /** Plays the server's answer. */
  answer(text: string): void {
    this.responseText = text;
    for (const listener of this.listeners) listener();
  }
}

function standInWindow(answerBody: string) {
  const posted: Array<{ message: unknown; targetOrigin: string }> = [];
  const fetched: string[] = [];
  const window = {
    location: { origin: 'https://x.com' },
    Request,
    XMLHttpRequest: FakeXhr,
    fetch: async (input: string) => {
      fetched.push(input);
      return new Response(answerBody, { headers: { 'content-type': 'application/json' } });
    },
    postMessage: (message: unknown, targetOrigin: string) => posted.push({ message, targetOrigin }),
  };
  watchCreatedTweets(window as unknown as Window & typeof globalThis);
  return { window, posted, fetched };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the page-world watcher', () => {
  it('posts the id and text of a tweet created through fetch, and leaves the answer readable', async () => {
    const { window, posted, fetched } = standInWindow(JSON.stringify(ANSWER));
    const response = await window.fetch(CREATE_TWEET_URL);
    expect(await response.json()).toEqual(ANSWER);
    await flush();
    expect(fetched).toEqual([CREATE_TWEET_URL]);
    expect(posted).toEqual([
      {
        message: { type: CREATED_TWEET_MESSAGE_TYPE, tweetId: '1861234567890123456', text: '@hashpay pay @bob 10€' },
        targetOrigin: 'https://x.com',
      },
    ]);
  });

  it('posts nothing for other operations or an answer that is not JSON', async () => {
    const other = standInWindow(JSON.stringify(ANSWER));
    await other.window.fetch('https://x.com/i/api/graphql/abc/FavoriteTweet');
    const broken = standInWindow('<html>');
    const response = await broken.window.fetch(CREATE_TWEET_URL);
    expect(await response.text()).toBe('<html>');
    await flush();
    expect([...other.posted, ...broken.posted]).toEqual([]);
  });

  it('posts the id of a tweet created through XMLHttpRequest', () => {
    const { window, posted } = standInWindow('');
    const request = new window.XMLHttpRequest();
    request.open('POST', CREATE_TWEET_URL, true);
    expect(request.opened).toEqual(['POST', CREATE_TWEET_URL, true]);
    request.answer(JSON.stringify(ANSWER));
    const unrelated = new window.XMLHttpRequest();
    unrelated.open('POST', 'https://x.com/i/api/graphql/abc/HomeTimeline');
    unrelated.answer(JSON.stringify(ANSWER));
    expect(posted.map((entry) => (entry.message as { tweetId: string }).tweetId)).toEqual(['1861234567890123456']);
  });

  it('wraps a page once: run again there (the extension installed or updated), it changes nothing', async () => {
    const { window, posted } = standInWindow(JSON.stringify(ANSWER));
    const wrappedFetch = window.fetch;
    const wrappedOpen = window.XMLHttpRequest.prototype.open;
    watchCreatedTweets(window as unknown as Window & typeof globalThis);
    expect(window.fetch).toBe(wrappedFetch);
    expect(window.XMLHttpRequest.prototype.open).toBe(wrappedOpen);
    await window.fetch(CREATE_TWEET_URL);
    await flush();
    expect(posted).toHaveLength(1);
  });
});
