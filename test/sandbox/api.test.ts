import { beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from './index.js';
import { apiRequest, body, keysOf, xFixture } from './support.js';

let sandbox: Sandbox;
beforeEach(() => {
  sandbox = createSandbox();
  sandbox.seedDemo();
});

describe('auth', () => {
  it('answers a missing or unknown bearer with X’s exact 401 body', async () => {
    for (const bearer of ['', 'not-a-token']) {
      const response = await sandbox.fetch(apiRequest('/2/users/by/username/alice', { bearer }));
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual(xFixture('error-401.json'));
    }
  });

  it('refuses the app bearer on user-context endpoints', async () => {
    const response = await sandbox.fetch(apiRequest('/2/users/me'));
    expect(response.status).toBe(403);
    expect((await body(response)).title).toBe('Unsupported Authentication');
  });
});

describe('user lookup', () => {
  it('finds a user by username case-insensitively, shaped like X’s payload', async () => {
    const response = await sandbox.fetch(apiRequest('/2/users/by/username/ALICE'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('x-rate-limit-limit')).toBe('300');
    expect(response.headers.get('x-rate-limit-remaining')).toBe('299');
    expect(Number(response.headers.get('x-rate-limit-reset'))).toBeGreaterThan(Date.now() / 1000);
    const payload = await body(response);
    expect(keysOf(payload)).toEqual(keysOf(xFixture('users-by-username.json')));
    expect(keysOf(payload.data)).toEqual(keysOf(xFixture('users-by-username.json').data));
    expect(payload.data).toMatchObject({ username: 'alice', name: 'Alice Martin' });
    expect((payload.data as { id: string }).id).toMatch(/^\d+$/);
  });

  it('answers an unknown username with 200 and X’s not-found error', async () => {
    const response = await sandbox.fetch(apiRequest('/2/users/by/username/nobody_here'));
    expect(response.status).toBe(200);
    const payload = await body(response);
    const [error] = payload.errors as Record<string, unknown>[];
    const [expected] = xFixture('users-by-username-not-found.json').errors as Record<string, unknown>[];
    expect(keysOf(error)).toEqual([...keysOf(expected), 'resource_id'].sort());
    expect(error).toMatchObject({
      detail: 'Could not find user with username: [nobody_here].',
      title: expected!.title,
      type: expected!.type,
      parameter: 'username',
      value: 'nobody_here',
    });
    expect(payload.data).toBeUndefined();
  });

  it('looks up by id, by several usernames and the token’s own user', async () => {
    const alice = sandbox.createUser({ username: 'alice' });
    const byId = await body(await sandbox.fetch(apiRequest(`/2/users/${alice.id}?user.fields=created_at`)));
    expect(byId.data).toMatchObject({ id: alice.id, username: 'alice', created_at: alice.createdAt });
    const many = await body(await sandbox.fetch(apiRequest('/2/users/by?usernames=bob,ghost_user,carol')));
    expect((many.data as { username: string }[]).map((user) => user.username)).toEqual(['bob', 'carol']);
    expect((many.errors as { value: string }[]).map((error) => error.value)).toEqual(['ghost_user']);
  });
});

describe('tweet lookup', () => {
  it('returns data for found ids and X’s not-found errors for missing and deleted ones', async () => {
    const kept = sandbox.postTweet({ authorUsername: 'bob', text: 'kept' });
    const gone = sandbox.postTweet({ authorUsername: 'bob', text: 'gone' });
    sandbox.deleteTweet(gone.id);
    const response = await sandbox.fetch(apiRequest(`/2/tweets?ids=${kept.id},${gone.id},20`));
    expect(response.status).toBe(200);
    const payload = await body(response);
    const fixture = xFixture('tweets-lookup-multi-with-errors.json');
    expect(payload.data).toEqual([{ edit_history_tweet_ids: [kept.id], id: kept.id, text: 'kept' }]);
    const errors = payload.errors as Record<string, unknown>[];
    expect(errors).toHaveLength(2);
    const [fixtureError] = fixture.errors as Record<string, unknown>[];
    expect(keysOf(errors[0])).toEqual([...keysOf(fixtureError), 'resource_id'].sort());
    expect(errors[0]).toEqual({
      value: gone.id,
      detail: `Could not find tweet with ids: [${gone.id}].`,
      title: 'Not Found Error',
      resource_type: 'tweet',
      parameter: 'ids',
      resource_id: gone.id,
      type: 'https://api.twitter.com/2/problems/resource-not-found',
    });
  });

  it('gives the requested fields, entities with ids of known users, and includes.users', async () => {
    const root = sandbox.postTweet({ authorUsername: 'alice', text: 'Dinner with @carol?' });
    const reply = sandbox.postTweet({
      authorUsername: 'bob',
      text: '@alice Paying @carol €12.50 via #Hashpay https://hashpay.example/r @ghost',
      inReplyToId: root.id,
    });
    const fields = 'author_id,created_at,entities,conversation_id,in_reply_to_user_id,referenced_tweets,edit_controls';
    const payload = await body(
      await sandbox.fetch(apiRequest(`/2/tweets?ids=${reply.id}&tweet.fields=${fields}&expansions=author_id`)),
    );
    const [tweet] = payload.data as Record<string, unknown>[];
    const alice = sandbox.createUser({ username: 'alice' });
    const bob = sandbox.createUser({ username: 'bob' });
    const carol = sandbox.createUser({ username: 'carol' });
    expect(tweet).toMatchObject({
      id: reply.id,
      author_id: bob.id,
      conversation_id: root.id,
      in_reply_to_user_id: alice.id,
      referenced_tweets: [{ type: 'replied_to', id: root.id }],
      edit_history_tweet_ids: [reply.id],
      edit_controls: { edits_remaining: 5, is_edit_eligible: true },
    });
    expect(tweet!.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    const entities = tweet!.entities as Record<string, Record<string, unknown>[]>;
    expect(entities.hashtags).toEqual([{ start: 32, end: 40, tag: 'Hashpay' }]);
    expect(entities.mentions).toEqual([
      { start: 0, end: 6, username: 'alice', id: alice.id },
      { start: 14, end: 20, username: 'carol', id: carol.id },
      { start: 67, end: 73, username: 'ghost' },
    ]);
    const [fixtureTweet] = xFixture('tweet-with-hashtags-mentions-entities.json').data as Array<{
      entities: { urls: object[] };
    }>;
    expect(keysOf(entities.urls![0])).toEqual(keysOf(fixtureTweet!.entities.urls[0]));
    expect(payload.includes).toEqual({ users: [{ id: bob.id, name: 'Bob Dupont', username: 'bob' }] });
  });

  it('refuses more than 100 ids and malformed ids with X’s invalid-request shape', async () => {
    const ids = Array.from({ length: 101 }, (_, index) => String(1860000000000000000n + BigInt(index))).join(',');
    for (const path of [`/2/tweets?ids=${ids}`, '/2/tweets?ids=12,abc', '/2/tweets?ids=1&tweet.fields=bogus']) {
      const response = await sandbox.fetch(apiRequest(path));
      expect(response.status).toBe(400);
      const payload = await body(response);
      expect(keysOf(payload)).toEqual(keysOf(xFixture('error-400-invalid-request.json')));
      expect(keysOf((payload.errors as object[])[0])).toEqual(['message', 'parameters']);
    }
  });

  it('follows an edit: a new id, the grown history, the old id still readable', async () => {
    const original = sandbox.postTweet({ authorUsername: 'alice', text: 'Paying @bob 10€ pizza #Hashpay' });
    const edited = sandbox.editTweet(original.id, 'Paying @bob 12€ pizza #Hashpay');
    expect(BigInt(edited.id) > BigInt(original.id)).toBe(true);
    const payload = await body(
      await sandbox.fetch(apiRequest(`/2/tweets/${original.id}?expansions=edit_history_tweet_ids`)),
    );
    expect(payload.data).toEqual({
      edit_history_tweet_ids: [original.id, edited.id],
      id: original.id,
      text: 'Paying @bob 10€ pizza #Hashpay',
    });
    expect((payload.includes as { tweets: { id: string; text: string }[] }).tweets).toEqual([
      { edit_history_tweet_ids: [original.id, edited.id], id: edited.id, text: 'Paying @bob 12€ pizza #Hashpay' },
    ]);
    expect(() => sandbox.editTweet(original.id, 'again')).toThrow(/already edited/);
  });

  it('answers a single missing tweet with 200 and an errors array only', async () => {
    const response = await sandbox.fetch(apiRequest('/2/tweets/1859999999999999999'));
    expect(response.status).toBe(200);
    const payload = await body(response);
    expect(payload.data).toBeUndefined();
    expect((payload.errors as { parameter: string }[])[0]!.parameter).toBe('id');
  });
});

describe('recent search', () => {
  it('returns matches newest first with meta, and honours since_id', async () => {
    const first = sandbox.postTweet({ authorUsername: 'alice', text: '@hashpay pay @bob 5€ coffee' });
    const second = sandbox.postTweet({ authorUsername: 'carol', text: '@hashpay envoie 10 € à @bob' });
    sandbox.postTweet({ authorUsername: 'bob', text: 'no mention of the account' });
    const payload = await body(
      await sandbox.fetch(
        apiRequest(
          `/2/tweets/search/recent?query=${encodeURIComponent('@hashpay (from:alice OR from:carol) -is:retweet')}`,
        ),
      ),
    );
    expect((payload.data as { id: string }[]).map((tweet) => tweet.id)).toEqual([second.id, first.id]);
    expect(payload.meta).toEqual({ newest_id: second.id, oldest_id: first.id, result_count: 2 });
    expect(keysOf(payload)).toEqual(['data', 'meta']);
    const newer = await body(
      await sandbox.fetch(apiRequest(`/2/tweets/search/recent?query=%40hashpay&since_id=${second.id}`)),
    );
    expect(newer).toEqual({ meta: { result_count: 0 } });
  });

  it('pages with next_token without repeating a tweet', async () => {
    const posted = Array.from({ length: 25 }, (_, index) =>
      sandbox.postTweet({ authorUsername: 'alice', text: `#Hashpay round ${index}` }),
    );
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const query = `/2/tweets/search/recent?query=%23hashpay%20round&max_results=10${token ? `&next_token=${token}` : ''}`;
      const payload = await body(await sandbox.fetch(apiRequest(query)));
      seen.push(...(payload.data as { id: string }[]).map((tweet) => tweet.id));
      token = (payload.meta as { next_token?: string }).next_token;
      if (token) expect(keysOf(payload.meta)).toEqual(keysOf(xFixture('search-recent-with-meta.json').meta));
    } while (token);
    expect(seen).toEqual(posted.map((tweet) => tweet.id).reverse());
  });

  it('refuses max_results outside 10..100 and unreadable queries', async () => {
    for (const query of ['query=pizza&max_results=5', 'query=pizza&max_results=101', 'query=', 'query=(pizza']) {
      const response = await sandbox.fetch(apiRequest(`/2/tweets/search/recent?${query}`));
      expect(response.status).toBe(400);
      expect((await body(response)).title).toBe('Invalid Request');
    }
  });
});

describe('create tweet (user context)', () => {
  async function userToken(username: string, scope = 'tweet.read tweet.write users.read'): Promise<string> {
    const { accessToken } = await import('./oauth-flow.js').then((flow) => flow.linkUser(sandbox, username, scope));
    return accessToken;
  }

  it('posts as the token’s user and answers 201 with id, text and edit history', async () => {
    const token = await userToken('alice');
    const response = await sandbox.fetch(
      apiRequest('/2/tweets', {
        bearer: token,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'Paying @bob €12.50 for pizza via #Hashpay' }),
      }),
    );
    expect(response.status).toBe(201);
    const payload = await body(response);
    const data = payload.data as { id: string; text: string; edit_history_tweet_ids: string[] };
    expect(keysOf(data)).toEqual(['edit_history_tweet_ids', ...keysOf(xFixture('create-tweet-response.json').data)]);
    expect(data.edit_history_tweet_ids).toEqual([data.id]);
    const me = await body(await sandbox.fetch(apiRequest('/2/users/me', { bearer: token })));
    const lookup = await body(await sandbox.fetch(apiRequest(`/2/tweets/${data.id}?tweet.fields=author_id`)));
    expect((lookup.data as { author_id: string }).author_id).toBe((me.data as { id: string }).id);
  });

  it('refuses text over 280 weighted characters, duplicates and unsummoned replies, creating nothing', async () => {
    const token = await userToken('bob');
    const post = (payload: unknown) =>
      sandbox.fetch(
        apiRequest('/2/tweets', {
          bearer: token,
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(payload),
        }),
      );
    const before = (await body(await sandbox.fetch(apiRequest('/2/tweets/search/recent?query=from%3Abob')))).meta;
    const tooLong = await post({ text: '漢'.repeat(141) });
    expect(tooLong.status).toBe(400);
    expect(JSON.stringify(await tooLong.json())).toContain('Your Tweet text is too long');
    expect((await post({ text: 'same words' })).status).toBe(201);
    const duplicate = await post({ text: 'same words' });
    expect(duplicate.status).toBe(403);
    expect((await body(duplicate)).detail).toMatch(/duplicate content/);
    const stranger = sandbox.postTweet({ authorUsername: 'carol', text: 'nothing to do with anyone' });
    const unsummoned = await post({ text: 'receipt', reply: { in_reply_to_tweet_id: stranger.id } });
    expect(unsummoned.status).toBe(403);
    const summoning = sandbox.postTweet({ authorUsername: 'carol', text: 'hey @bob' });
    expect((await post({ text: 'receipt', reply: { in_reply_to_tweet_id: summoning.id } })).status).toBe(201);
    const after = (await body(await sandbox.fetch(apiRequest('/2/tweets/search/recent?query=from%3Abob')))).meta;
    expect((after as { result_count: number }).result_count).toBe(
      ((before as { result_count: number }).result_count ?? 0) + 2,
    );
  });

  it('requires the tweet.write scope', async () => {
    const token = await userToken('carol', 'tweet.read users.read');
    const response = await sandbox.fetch(
      apiRequest('/2/tweets', { bearer: token, method: 'POST', body: JSON.stringify({ text: 'hello' }) }),
    );
    expect(response.status).toBe(403);
  });
});

describe('request counters', () => {
  it('count each request by method and path template', async () => {
    await sandbox.fetch(apiRequest('/2/users/by/username/alice'));
    await sandbox.fetch(apiRequest('/2/users/by/username/bob'));
    await sandbox.fetch(apiRequest('/2/tweets?ids=1'));
    expect(sandbox.stats().requests).toEqual({ 'GET /2/users/by/username/:username': 2, 'GET /2/tweets': 1 });
    const viaControl = await body(await sandbox.fetch(new Request('https://api.x.com/__sandbox/stats')));
    expect(viaControl.requests).toEqual(sandbox.stats().requests);
  });
});
