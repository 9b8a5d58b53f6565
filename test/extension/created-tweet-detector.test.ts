import { afterEach, describe, expect, it } from 'vitest';
import {
  createCreatedTweetReporter,
  readToastLink,
  readToastTweetId,
} from '../../extension/features/created-tweet-detector';
import {
  CREATED_TWEET_MESSAGE_TYPE,
  extractCreatedTweet,
  isCreateTweetUrl,
  mightBePayment,
  readCreatedTweetMessage,
} from '../../extension/lib/created-tweet';
import type { AskBackground } from '../../extension/lib/messages';
import { createPageObserver } from '../../extension/lib/observer';
import { selectors } from '../../extension/lib/selectors';
import { loadFixture, readFixture } from './fixtures';

afterEach(() => {
  document.body.innerHTML = '';
});

/** The shape of x.com's CreateTweet answer (trimmed), as the web app receives it. */
const CREATE_TWEET_BODY = {
  data: {
    create_tweet: {
      tweet_results: {
        result: {
          rest_id: '1861234567890123456',
          core: { user_results: { result: { __typename: 'User', rest_id: '1001', legacy: { screen_name: 'alice' } } } },
          legacy: { full_text: 'Paying @bob €12.50 via #Hashpay HP-0000000X', id_str: '1861234567890123456' },
        },
      },
    },
  },
};

const CREATE_NOTE_TWEET_BODY = {
  data: {
    notetweet_create: {
      tweet_results: {
        result: {
          rest_id: '1861234567890123457',
          note_tweet: { note_tweet_results: { result: { text: 'A long post… #Hashpay' } } },
          legacy: { full_text: 'A long post…' },
        },
      },
    },
  },
};

describe('reading the created tweet from x.com’s answer', () => {
  it('reads the id and text of a CreateTweet answer and of a CreateNoteTweet answer', () => {
    expect(extractCreatedTweet(CREATE_TWEET_BODY)).toEqual({
      tweetId: '1861234567890123456',
      text: 'Paying @bob €12.50 via #Hashpay HP-0000000X',
    });
    expect(extractCreatedTweet(CREATE_NOTE_TWEET_BODY)).toEqual({
      tweetId: '1861234567890123457',
      text: 'A long post… #Hashpay',
    });
  });

  it('reads a tweet wrapped with visibility results', () => {
    const body = {
      data: {
        create_tweet: {
          tweet_results: {
            result: { __typename: 'TweetWithVisibilityResults', tweet: { rest_id: '1861234567890123458' } },
          },
        },
      },
    };
    expect(extractCreatedTweet(body)).toEqual({ tweetId: '1861234567890123458', text: null });
  });

  it.each([
    ['an error answer', { errors: [{ code: 187, message: 'Authorization: Status is a duplicate. (187)' }] }],
    ['another operation', { data: { favorite_tweet: 'Done' } }],
    ['an empty result', { data: { create_tweet: { tweet_results: {} } } }],
    ['a numeric id', { data: { create_tweet: { tweet_results: { result: { rest_id: 1861234567890123 } } } } }],
    ['an id that is not digits', { data: { create_tweet: { tweet_results: { result: { rest_id: '18a' } } } } }],
    ['a leading zero', { data: { create_tweet: { tweet_results: { result: { rest_id: '0186' } } } } }],
    ['null', null],
    ['a string', 'rest_id'],
  ])('ignores %s', (_name, body) => {
    expect(extractCreatedTweet(body)).toBeNull();
  });

  it('recognises the operations by name whatever their query id', () => {
    expect(isCreateTweetUrl('https://x.com/i/api/graphql/oB-5XsHNAbjvARJEc8CZFw/CreateTweet')).toBe(true);
    expect(isCreateTweetUrl('/i/api/graphql/sbxCreateTweet01/CreateTweet')).toBe(true);
    expect(isCreateTweetUrl('https://x.com/i/api/graphql/abc/CreateNoteTweet?x=1')).toBe(true);
    expect(isCreateTweetUrl('https://x.com/i/api/graphql/abc/CreateTweetDownvote')).toBe(false);
    expect(isCreateTweetUrl('https://x.com/i/api/graphql/abc/DeleteTweet')).toBe(false);
    expect(isCreateTweetUrl('https://x.com/search?q=/i/api/graphql/abc/CreateTweet')).toBe(false);
    expect(isCreateTweetUrl('http://[bad')).toBe(false);
  });
});

describe('the message from the page world', () => {
  it('is read only with its type and a tweet id of digits', () => {
    expect(readCreatedTweetMessage({ type: CREATED_TWEET_MESSAGE_TYPE, tweetId: '1861234567890123456' })).toEqual({
      tweetId: '1861234567890123456',
      text: null,
    });
    expect(
      readCreatedTweetMessage({ type: CREATED_TWEET_MESSAGE_TYPE, tweetId: '1861234567890123456', text: 'hi' }),
    ).toEqual({ tweetId: '1861234567890123456', text: 'hi' });
    // A text that is not one is dropped, never the id: the tweet is still reported.
    expect(
      readCreatedTweetMessage({ type: CREATED_TWEET_MESSAGE_TYPE, tweetId: '1861234567890123456', text: 5 }),
    ).toEqual({ tweetId: '1861234567890123456', text: null });
    expect(readCreatedTweetMessage({ type: 'other', tweetId: '1861234567890123456' })).toBeNull();
    expect(readCreatedTweetMessage({ type: CREATED_TWEET_MESSAGE_TYPE, tweetId: '1;DROP' })).toBeNull();
    expect(readCreatedTweetMessage({ type: CREATED_TWEET_MESSAGE_TYPE, tweetId: 186 })).toBeNull();
    expect(readCreatedTweetMessage({ type: CREATED_TWEET_MESSAGE_TYPE, tweetId: '1'.repeat(21) })).toBeNull();
    expect(readCreatedTweetMessage('hashpay')).toBeNull();
  });
});

describe('the toast on the page', () => {
  it('is found in what x.com adds, with the id of its View link, and not in a tweet’s links', async () => {
    loadFixture('x-com/status-page-2024-11.html');
    const observer = createPageObserver();
    const controller = new AbortController();
    const seen: Array<string | null> = [];
    const added = new Promise<void>((resolve) => {
      observer.observe(
        selectors.toast,
        (toast) => {
          seen.push(readToastTweetId(toast));
          resolve();
        },
        { signal: controller.signal },
      );
    });
    observer.runPass();
    // The page's tweets link to their status: none of them is a toast.
    expect(seen).toEqual([]);
    const layer = document.createElement('div');
    layer.innerHTML = readFixture('post-sent-toast.html');
    document.body.append(layer);
    await added;
    expect(seen).toEqual(['1860000000000000077']);
    controller.abort();
    observer.disconnect();
  });
});

describe('reporting created tweets', () => {
  it('reports each tweet once, whether the page world or the toast saw it', async () => {
    const asked: unknown[] = [];
    const ask = (async (action: string, request: unknown) => {
      asked.push({ action, request });
      return { ok: true, value: { outcome: 'matched' } };
    }) as AskBackground;
    const reporter = createCreatedTweetReporter(ask);
    reporter.saw('1861234567890123456', 'Paying @bob €12.50 via #Hashpay HP-0000000X');
    reporter.saw('1861234567890123456', null);
    reporter.saw('1861234567890123457', null);
    // Seen with its text, a tweet that cannot be a payment is not sent to Hashpay, nor later by the toast.
    reporter.saw('1861234567890123458', 'Lovely weather today');
    reporter.saw('1861234567890123458', null);
    expect(asked).toEqual([
      { action: 'report-tweet', request: { tweetId: '1861234567890123456' } },
      { action: 'report-tweet', request: { tweetId: '1861234567890123457' } },
    ]);
  });

  it.each([
    ['Paying @bob €12.50 for pizza via #Hashpay HP-7K2Q9XAM', true],
    ['@hashpay pay @bob 10€ pizza', true],
    ['@Hashpay envoie 10 € à @bob', true],
    ['reference HP-7K2Q9XAM', true],
    ['#HashpayFan club', false],
    ['@hashpayments hello', false],
    ['Lunch was great', false],
  ])('reports %j: %s', (text, expected) => {
    expect(mightBePayment(text)).toBe(expected);
  });

  it('reads the tweet id of the toast’s View link', () => {
    loadFixture('post-sent-toast.html');
    const toast = document.querySelector(selectors.toast);
    expect(toast).not.toBeNull();
    expect(readToastTweetId(toast!)).toBe('1860000000000000077');
    const analytics = document.createElement('a');
    analytics.setAttribute('href', '/alice/status/1860000000000000077/analytics');
    expect(readToastLink(analytics)).toBeNull();
  });
});
