import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { advanceXCursor, getXCursor } from '../../worker/db/x-cursors';
import { TWEET_IDS_PER_LOOKUP_MAX, XClient } from '../../worker/x/client';
import { SANDBOX_X_APP_BEARER } from '../../worker/x/config';
import { XError } from '../../worker/x/errors';
import { pollSearchStream } from '../../worker/x/search-stream';
import { createSandboxUser, type SandboxUser, sandboxControl, uniqueHandle } from './support/link-user';

// The X client is the production module on twitter-api-v2; its requests to api.x.com reach the
// sandbox X through the worker project's outbound service.

const client = new XClient({ appBearer: SANDBOX_X_APP_BEARER, timeoutMs: 2_000 });

async function postTweet(author: string, text: string): Promise<string> {
  const res = await sandboxControl('/tweets', { body: { authorUsername: author, text } });
  const body = (await res.json()) as { id?: string; data?: { id: string }; tweet?: { id: string } };
  if (!res.ok) throw new Error(`sandbox: posting failed (${res.status}): ${JSON.stringify(body)}`);
  const id = body.id ?? body.data?.id ?? body.tweet?.id;
  if (!id) throw new Error(`sandbox: no tweet id in ${JSON.stringify(body)}`);
  return id;
}

async function injectFault(kind: string, path: string, times = 1): Promise<void> {
  const res = await sandboxControl('/faults', { body: { kind, path, times } });
  if (!res.ok) throw new Error(`sandbox: fault not set (${res.status}): ${await res.text()}`);
}

async function xErrorOf(call: Promise<unknown>): Promise<XError> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(XError);
  return error as XError;
}

let author: SandboxUser;

beforeAll(async () => {
  author = await createSandboxUser(uniqueHandle('author'), 'Tweet Author');
});

describe('lookupTweets', () => {
  it('reads more than 100 ids in batches and reports the missing ones', async () => {
    const ids: string[] = [];
    for (let i = 0; i < TWEET_IDS_PER_LOOKUP_MAX + 5; i += 1) ids.push(await postTweet(author.username, `post ${i}`));
    const deleted = ids[7]!;
    expect((await sandboxControl(`/tweets/${deleted}`, { method: 'DELETE' })).ok).toBe(true);
    const neverExisted = '1234567890';

    const result = await client.lookupTweets([...ids, neverExisted, ids[0]!]);

    expect(result.tweets.map((t) => t.id).sort()).toEqual(ids.filter((id) => id !== deleted).sort());
    expect(result.missingIds.sort()).toEqual([deleted, neverExisted].sort());
    for (const tweet of result.tweets) expect(tweet.authorId).toBe(author.id);
  });

  it('is needed: X itself refuses more than 100 ids in one request', async () => {
    const ids = Array.from({ length: TWEET_IDS_PER_LOOKUP_MAX + 1 }, (_, i) => String(1_000_000 + i));
    const res = await fetch(`https://api.x.com/2/tweets?ids=${ids.join(',')}`, {
      headers: { authorization: `Bearer ${SANDBOX_X_APP_BEARER}` },
    });
    expect(res.status).toBe(400);
  });

  it('returns the fields matching needs: author, time, entities, edit history', async () => {
    const mentioned = await createSandboxUser(uniqueHandle('payee'));
    const id = await postTweet(author.username, `Paying @${mentioned.username} €12.50 via #Hashpay HP-7K2Q9XA`);
    const { tweets, missingIds } = await client.lookupTweets([id]);
    expect(missingIds).toEqual([]);
    const tweet = tweets[0]!;
    expect(tweet.id).toBe(id);
    expect(tweet.authorId).toBe(author.id);
    expect(Number.isNaN(Date.parse(tweet.createdAt))).toBe(false);
    expect(tweet.editHistoryTweetIds).toEqual([id]);
    expect(tweet.hashtags.map((h) => h.tag)).toEqual(['Hashpay']);
    expect(tweet.mentions.map((m) => m.username.toLowerCase())).toEqual([mentioned.username.toLowerCase()]);
  });

  it('shows the edit chain of an edited tweet, root first', async () => {
    const root = await postTweet(author.username, 'Paying @bob €5 via #Hashpay');
    const res = await sandboxControl(`/tweets/${root}/edit`, {
      body: { text: 'Paying @bob €5 for lunch via #Hashpay' },
    });
    expect(res.ok).toBe(true);
    const edited = (await res.json()) as { id?: string; data?: { id: string }; tweet?: { id: string } };
    const editedId = edited.id ?? edited.data?.id ?? edited.tweet?.id;
    const { tweets } = await client.lookupTweets([editedId!]);
    expect(tweets[0]?.editHistoryTweetIds).toEqual([root, editedId]);
    expect(tweets[0]?.text).toMatch(/for lunch/);
  });

  it('refuses ids that are not tweet ids before calling X', async () => {
    for (const bad of ['', '12a', '-1', '0123', '1'.repeat(21)]) {
      const error = await xErrorOf(client.lookupTweets([bad]));
      expect(error.kind).toBe('rejected');
      expect(error.retryable).toBe(false);
    }
  });

  it('asks nothing for an empty list', async () => {
    expect(await client.lookupTweets([])).toEqual({ tweets: [], missingIds: [], unavailable: {} });
  });
});

describe('userByUsername', () => {
  it('finds a user by handle, with or without @, in any case', async () => {
    for (const handle of [author.username, `@${author.username}`, author.username.toUpperCase()]) {
      expect(await client.userByUsername(handle)).toEqual({
        id: author.id,
        username: author.username,
        name: 'Tweet Author',
      });
    }
  });

  it('answers null for a handle X does not know', async () => {
    expect(await client.userByUsername(uniqueHandle('nobody'))).toBeNull();
  });

  it('refuses what is not a handle', async () => {
    for (const bad of ['', '@', 'a'.repeat(16), 'bob smith', 'bob/../x', 'ｂｏｂ']) {
      expect((await xErrorOf(client.userByUsername(bad))).kind).toBe('rejected');
    }
  });
});

describe('searchRecent with a since_id cursor in D1', () => {
  it('returns only tweets newer than the stored cursor, and moves the cursor forward', async () => {
    const tag = `hp${crypto.getRandomValues(new Uint32Array(1))[0]!.toString(36)}`;
    const stream = { name: `test-${tag}`, query: `#${tag}` };
    const first = [await postTweet(author.username, `one #${tag}`), await postTweet(author.username, `two #${tag}`)];
    await postTweet(author.username, 'unrelated');
    const seen: string[][] = [];
    const handle = async (result: { tweets: { id: string }[] }) => {
      seen.push(result.tweets.map((t) => t.id).sort());
    };

    const round1 = await pollSearchStream(env.DB, client, stream, handle, Date.now());
    expect(seen[0]).toEqual([...first].sort());
    expect(await getXCursor(env.DB, stream.name)).toBe(round1.newestId);
    expect(round1.newestId).toBe(first[1]);

    const later = await postTweet(author.username, `three #${tag}`);
    await pollSearchStream(env.DB, client, stream, handle, Date.now());
    expect(seen[1]).toEqual([later]);
    expect(await getXCursor(env.DB, stream.name)).toBe(later);

    const round3 = await pollSearchStream(env.DB, client, stream, handle, Date.now());
    expect(seen[2]).toEqual([]);
    expect(round3.newestId).toBe(later);
    expect(await getXCursor(env.DB, stream.name)).toBe(later);
  });

  it('follows next_token pages up to the page limit', async () => {
    const tag = `hq${crypto.getRandomValues(new Uint32Array(1))[0]!.toString(36)}`;
    const posted: string[] = [];
    for (let i = 0; i < 105; i += 1) posted.push(await postTweet(author.username, `n${i} #${tag}`));
    const all = await client.searchRecent({ query: `#${tag}` });
    expect(all.truncated).toBe(false);
    expect(all.tweets.map((t) => t.id).sort()).toEqual([...posted].sort());

    const onePage = new XClient({ appBearer: SANDBOX_X_APP_BEARER, timeoutMs: 2_000, searchPagesMax: 1 });
    const partial = await onePage.searchRecent({ query: `#${tag}` });
    expect(partial.truncated).toBe(true);
    expect(partial.tweets.length).toBe(100);
  });
});

// The sandbox's faults are shared by every test file: each is injected for one request, on the
// path the very next call uses, and never cleared wholesale (that would clear other files' faults).
describe('failures of X, sorted into retryable and final', () => {
  it('maps a 429 to rate-limited with the wait until x-rate-limit-reset', async () => {
    await injectFault('rate-limit', '/2/tweets');
    const error = await xErrorOf(client.lookupTweets(['20']));
    expect(error.kind).toBe('rate-limited');
    expect(error.retryable).toBe(true);
    expect(error.retryAfterMs).toBeGreaterThan(14 * 60 * 1000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(15 * 60 * 1000);
  });

  it('maps a 5xx to unavailable, retryable', async () => {
    await injectFault('server-error', '/2/users/by/username');
    const error = await xErrorOf(client.userByUsername(author.username));
    expect(error.kind).toBe('unavailable');
    expect(error.retryable).toBe(true);
    expect(await client.userByUsername(author.username)).not.toBeNull();
  });

  it('maps a malformed body to malformed, final', async () => {
    await injectFault('malformed', '/2/tweets/search/recent');
    const error = await xErrorOf(client.searchRecent({ query: '#anything' }));
    expect(error.kind).toBe('malformed');
    expect(error.retryable).toBe(false);
  });

  it('bounds a request X never answers by the client timeout', async () => {
    await injectFault('timeout', '/2/tweets');
    const quick = new XClient({ appBearer: SANDBOX_X_APP_BEARER, timeoutMs: 300 });
    const error = await xErrorOf(quick.lookupTweets(['20']));
    expect(error.kind).toBe('timeout');
    expect(error.retryable).toBe(true);
  });

  it('maps a refused bearer token to unauthorized, final', async () => {
    const wrong = new XClient({ appBearer: 'not-the-bearer', timeoutMs: 2_000 });
    const error = await xErrorOf(wrong.userByUsername(author.username));
    expect(error.kind).toBe('unauthorized');
    expect(error.retryable).toBe(false);
  });
});

describe('x cursors', () => {
  it('only move forward, compared as integers beyond 2^53', async () => {
    const stream = `cursor-${crypto.getRandomValues(new Uint32Array(1))[0]}`;
    expect(await getXCursor(env.DB, stream)).toBeNull();
    expect(await advanceXCursor(env.DB, stream, '999999999999999999', 1)).toBe(true);
    // Longer is larger although it sorts lower as text.
    expect(await advanceXCursor(env.DB, stream, '1000000000000000000', 2)).toBe(true);
    expect(await advanceXCursor(env.DB, stream, '999999999999999999', 3)).toBe(false);
    expect(await advanceXCursor(env.DB, stream, '1000000000000000000', 4)).toBe(false);
    expect(await advanceXCursor(env.DB, stream, '1000000000000000001', 5)).toBe(true);
    expect(await getXCursor(env.DB, stream)).toBe('1000000000000000001');
  });

  it('refuse what is not a tweet id', async () => {
    const stream = 'cursor-bad-input';
    for (const bad of ['', '01', '1e5', '12 ', '-5']) {
      await expect(advanceXCursor(env.DB, stream, bad, 1)).rejects.toThrow(/not a tweet id/);
    }
    expect(await getXCursor(env.DB, stream)).toBeNull();
  });
});
