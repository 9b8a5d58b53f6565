import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from './index.js';
import { apiRequest, body, keysOf, xFixture } from './support.js';

// What X answers about posts after the fact: escaped text, edits outside the window, deletions
// delivered to webhooks, protected and suspended accounts, and a version X has not caught up with.

let sandbox: Sandbox;
beforeEach(() => {
  sandbox = createSandbox();
  sandbox.seedDemo();
});

async function lookup(ids: string[]) {
  return body(await sandbox.fetch(apiRequest(`/2/tweets?ids=${ids.join(',')}&tweet.fields=author_id`)));
}

describe('post text', () => {
  it('escapes &, < and > as X does, in lookups and search', async () => {
    const tweet = sandbox.postTweet({ authorUsername: 'alice', text: 'pizza & beer <3 > soda #Hashpay' });
    const found = (await lookup([tweet.id])).data as { text: string }[];
    expect(found[0]!.text).toBe('pizza &amp; beer &lt;3 &gt; soda #Hashpay');
    const search = await body(
      await sandbox.fetch(apiRequest(`/2/tweets/search/recent?query=${encodeURIComponent('#Hashpay')}&max_results=10`)),
    );
    expect((search.data as { id: string; text: string }[]).find((hit) => hit.id === tweet.id)?.text).toBe(
      'pizza &amp; beer &lt;3 &gt; soda #Hashpay',
    );
  });
});

describe('edits', () => {
  it('refuses an edit once the post is older than 30 minutes', () => {
    const tweet = sandbox.postTweet({ authorUsername: 'alice', text: 'typo' });
    sandbox.backdateTweet(tweet.id, 29 * 60 * 1000);
    const edited = sandbox.editTweet(tweet.id, 'fixed');
    sandbox.backdateTweet(edited.id, 2 * 60 * 1000);
    expect(() => sandbox.editTweet(edited.id, 'again')).toThrow(/30 minute edit window/);
  });

  it('answers a lagging version as not found, and the older version still names it', async () => {
    const tweet = sandbox.postTweet({ authorUsername: 'alice', text: 'first' });
    const edited = sandbox.editTweet(tweet.id, 'second');
    sandbox.setTweetLagging(edited.id, true);
    const answer = await lookup([tweet.id, edited.id]);
    expect((answer.data as { id: string; edit_history_tweet_ids: string[] }[])[0]!.edit_history_tweet_ids).toEqual([
      tweet.id,
      edited.id,
    ]);
    expect((answer.errors as { value: string; title: string }[]).map((error) => [error.value, error.title])).toEqual([
      [edited.id, 'Not Found Error'],
    ]);
    sandbox.setTweetLagging(edited.id, false);
    expect(((await lookup([edited.id])).data as unknown[]).length).toBe(1);
  });
});

describe('accounts', () => {
  it('a protected author: lookups answer X’s Authorization Error, search skips the post', async () => {
    const tweet = sandbox.postTweet({ authorUsername: 'alice', text: 'private #Hashpay' });
    sandbox.setUserState('alice', { protected: true });
    const answer = await lookup([tweet.id]);
    expect(answer.data).toBeUndefined();
    const [error] = answer.errors as Record<string, string>[];
    expect(error).toMatchObject({
      title: 'Authorization Error',
      type: 'https://api.twitter.com/2/problems/not-authorized-for-resource',
      resource_id: tweet.id,
    });
    // Same item shape as X's not-found items in the captured multi-lookup.
    const captured = (xFixture('tweets-lookup-multi-with-errors.json').errors as object[])[0]!;
    expect(keysOf(error).filter((key) => key !== 'resource_id')).toEqual(keysOf(captured));
  });

  it('a suspended account looked up by handle: 200 with X’s Forbidden item', async () => {
    sandbox.setUserState('bob', { suspended: true });
    const response = await sandbox.fetch(apiRequest('/2/users/by/username/bob'));
    expect(response.status).toBe(200);
    const answer = await body(response);
    expect(answer.data).toBeUndefined();
    expect((answer.errors as Record<string, string>[])[0]).toMatchObject({
      title: 'Forbidden',
      detail: 'User has been suspended: [bob].',
      parameter: 'username',
    });
  });
});

describe('deletions delivered to webhooks', () => {
  let server: Server;
  let received: unknown[];
  beforeEach(async () => {
    received = [];
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        response.writeHead(200).end('{}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends tweet_delete_events for every version of a deleted post', async () => {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/x`;
    sandbox.subscribeWebhook({ url, forUsername: 'hashpay', hashtags: ['Hashpay'] });
    const tweet = sandbox.postTweet({ authorUsername: 'alice', text: 'Paying @bob €1 #Hashpay' });
    const edited = sandbox.editTweet(tweet.id, 'Paying @bob €2 #Hashpay');
    sandbox.deleteTweet(edited.id);
    await sandbox.flushWebhooks();
    const deletion = received.at(-1) as {
      for_user_id: string;
      tweet_delete_events: { status: { id: string; user_id: string }; timestamp_ms: string }[];
    };
    expect(deletion.tweet_delete_events.map((event) => event.status.id)).toEqual([tweet.id, edited.id]);
    expect(new Set(deletion.tweet_delete_events.map((event) => event.status.user_id)).size).toBe(1);
    expect(deletion.tweet_delete_events[0]!.timestamp_ms).toMatch(/^[0-9]+$/);
    expect(((await lookup([tweet.id, edited.id])).errors as unknown[]).length).toBe(2);
  });
});
