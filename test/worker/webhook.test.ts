import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { Env } from '../../worker/env';
import { app } from '../../worker/index';
import { tweetIdsOfDelivery } from '../../worker/routes/x-webhook';
import { signatureOf } from '../../worker/x/webhook-signature';
import { createSandboxUser, sandboxControl, uniqueHandle } from './support/link-user';
import {
  createIntent,
  fund,
  intentAs,
  linkedPerson,
  type Person,
  postTweet,
  transfersOfIntent,
  unlinkedPerson,
} from './support/payments';
import { until, untilDecided } from './support/queue';

/**
 * The X Activity API event of test/sandbox/fixtures/x-api/xaa-post-mention-create-event.json (X's
 * documented payload), cut down to the fields that matter here; the worker must skip the rest.
 */
const XAA_MENTION_EVENT = {
  data: {
    event_uuid: '2080765813578191303',
    filter: { user_id: '1111111111111111111' },
    event_type: 'post.mention.create',
    tag: 'mentions',
    payload: {
      created_at: '2026-07-24T21:23:23.000Z',
      edit_history_tweet_ids: ['2080765813578191303'],
      conversation_id: '2080765813578191303',
      edit_controls: { edits_remaining: 5, edits_remaining_str: '5', is_edit_eligible: true },
      text: 'hey @ExampleUser',
      author_id: '2222222222222222222',
      id: '2080765813578191303',
      lang: 'und',
    },
    includes: { users: [{ id: '2222222222222222222', username: 'OtherUser' }] },
  },
};

/** The sandbox X's consumer secret, written out here rather than imported from the code under test. */
const SECRET = 'sandbox-webhook-secret';
const SIGNATURE_HEADER = 'x-twitter-webhooks-signature';

/** HMAC-SHA256, base64, computed here with WebCrypto directly: the reference the worker is held to. */
async function expectedSignature(secret: string, message: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(message)));
  return `sha256=${btoa(String.fromCharCode(...mac))}`;
}

function deliver(body: string, signature: string | null, headers: Record<string, string> = {}): Promise<Response> {
  return exports.default.fetch('http://worker/webhooks/x', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(signature ? { [SIGNATURE_HEADER]: signature } : {}),
      ...headers,
    },
    body,
  });
}

async function deliverSigned(body: string): Promise<Response> {
  return deliver(body, await expectedSignature(SECRET, body));
}

/** An Account Activity delivery of one v1.1 tweet, with X's bare numeric id (past 2^53) kept as X writes it. */
function accountActivityBody(tweet: { id: string; text: string; authorId: string; rootId?: string }): string {
  return JSON.stringify({
    for_user_id: '1500000000000000000',
    tweet_create_events: [
      {
        id: '__ID__',
        id_str: tweet.id,
        text: tweet.text,
        user: { id_str: tweet.authorId, screen_name: 'someone' },
        edit_history: { initial_tweet_id: tweet.rootId ?? tweet.id, edit_tweet_ids: [tweet.rootId ?? tweet.id] },
      },
    ],
  }).replace('"__ID__"', tweet.id);
}

async function postSandboxTweet(authorUsername: string, text: string): Promise<{ id: string; authorId: string }> {
  const res = await sandboxControl('/tweets', { body: { authorUsername, text } });
  expect(res.status).toBeLessThan(300);
  const body = (await res.json()) as { id: string; authorId: string } | { tweet: { id: string; authorId: string } };
  return 'tweet' in body ? body.tweet : body;
}

/** How many times X's API returned each of these posts (lookups and search): what X bills. */
async function postReads(ids: readonly string[]): Promise<Record<string, number>> {
  const res = await sandboxControl(`/reads?ids=${ids.join(',')}`, { method: 'GET' });
  return ((await res.json()) as { reads: Record<string, number> }).reads;
}

/** An X Activity API `post.mention.create` event carrying the post as X sends it (v2 fields). */
function activityEventBody(post: { id: string; text: string; authorId: string; createdAt: string }): string {
  return JSON.stringify({
    data: {
      event_uuid: post.id,
      filter: { user_id: '1500000000000000000' },
      event_type: 'post.mention.create',
      tag: 'mentions',
      payload: {
        created_at: post.createdAt,
        edit_history_tweet_ids: [post.id],
        conversation_id: post.id,
        text: post.text,
        author_id: post.authorId,
        id: post.id,
        lang: 'en',
      },
    },
  });
}

/** An Account Activity v1.1 tweet as X delivers one past 140 characters: `extended_tweet` holds it whole. */
function fullAccountActivityBody(post: { id: string; text: string; authorId: string; createdAt: string }): string {
  return JSON.stringify({
    for_user_id: '1500000000000000000',
    tweet_create_events: [
      {
        created_at: new Date(post.createdAt).toUTCString().replace(/GMT$/, '+0000'),
        id: '__ID__',
        id_str: post.id,
        text: `${post.text.slice(0, 139)}…`,
        truncated: true,
        extended_tweet: {
          full_text: post.text.replaceAll('&', '&amp;'),
          entities: { hashtags: [], user_mentions: [] },
        },
        user: { id_str: post.authorId, screen_name: 'someone' },
        edit_history: { initial_tweet_id: post.id, edit_tweet_ids: [post.id] },
      },
    ],
  }).replace('"__ID__"', post.id);
}

/** A drafted payment of 1.00 € whose tweet the payer posted on the sandbox X. */
async function postedPayment(prefix: string): Promise<{
  payer: Person;
  intentId: string;
  post: { id: string; text: string; authorId: string; createdAt: string };
}> {
  const payer = await linkedPerson(`${prefix}p`);
  const payee = await unlinkedPerson(`${prefix}e`);
  await fund(payer, 10_00);
  const intent = await createIntent(payer, payee, 1_00, { memo: 'fish & chips' });
  const posted = (await postTweet(payer, intent.tweetText)) as { id: string; text: string; createdAt?: string };
  return {
    payer,
    intentId: intent.id,
    post: {
      id: posted.id,
      text: posted.text,
      authorId: payer.xUserId,
      createdAt: posted.createdAt ?? new Date().toISOString(),
    },
  };
}

async function decisionsOfRoot(rootId: string) {
  const { results } = await env.DB.prepare('SELECT root_id, outcome, source FROM payment_tweets WHERE root_id = ?')
    .bind(rootId)
    .all<{ root_id: string; outcome: string; source: string }>();
  return results;
}

async function deliveryCount(): Promise<number> {
  const row = await env.DB.prepare('SELECT count(*) AS n FROM webhook_deliveries').first<{ n: number }>();
  return row!.n;
}

async function expectUnauthorized(res: Response): Promise<void> {
  expect(res.status).toBe(401);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  const problem = (await res.json()) as { type: string; detail: string };
  expect(problem.type).toMatch(/invalid-signature$/);
  expect(problem.detail).toMatch(/x-twitter-webhooks-signature/);
}

describe('GET /webhooks/x (CRC check)', () => {
  it('answers sha256= + base64 HMAC-SHA256(consumer secret, crc_token)', async () => {
    const res = await exports.default.fetch('http://worker/webhooks/x?crc_token=foo');
    expect(res.status).toBe(200);
    // The same value from Python's hmac module: a vector fixed independently of WebCrypto.
    expect(await res.json()).toEqual({ response_token: 'sha256=eg8T0z67CnwpJ4WU/yCG4Js2OApg7V7aBLU8bN5LqH8=' });

    const token = 'Zx9_ünïcode-token';
    const other = await exports.default.fetch(`http://worker/webhooks/x?crc_token=${encodeURIComponent(token)}`);
    expect(await other.json()).toEqual({ response_token: await expectedSignature(SECRET, token) });
  });

  it('refuses a check without a token', async () => {
    const res = await exports.default.fetch('http://worker/webhooks/x');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });

  it('uses X_WEBHOOK_SECRET when set, and refuses to answer in live mode without it', async () => {
    const withSecret: Env = { ...(env as unknown as Env), X_WEBHOOK_SECRET: 'live-consumer-secret' };
    const res = await app.request('/webhooks/x?crc_token=abc', {}, withSecret);
    expect(await res.json()).toEqual({ response_token: await expectedSignature('live-consumer-secret', 'abc') });

    const unconfigured: Env = { ...(env as unknown as Env), X_MODE: 'live', X_WEBHOOK_SECRET: undefined };
    expect((await app.request('/webhooks/x?crc_token=abc', {}, unconfigured)).status).toBe(503);
  });
});

describe('signatureOf', () => {
  it('matches the RFC-style HMAC-SHA256 vector of "The quick brown fox…"', async () => {
    expect(await signatureOf('key', 'The quick brown fox jumps over the lazy dog')).toBe(
      'sha256=97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg=',
    );
  });
});

describe('POST /webhooks/x (deliveries)', () => {
  it('queues the delivered tweet and answers at once; the consumer decides it once', async () => {
    const author = uniqueHandle('wh');
    await createSandboxUser(author);
    const tweet = await postSandboxTweet(author, 'just a tweet, no payment here');
    const body = accountActivityBody({ id: tweet.id, text: 'just a tweet, no payment here', authorId: tweet.authorId });

    const res = await deliverSigned(body);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ outcome: 'queued', queued: 1 });
    await untilDecided([tweet.id]);
    expect(await decisionsOfRoot(tweet.id)).toEqual([
      { root_id: tweet.id, outcome: 'not-a-payment', source: 'webhook' },
    ]);
  });

  it('acknowledges a duplicate delivery without a second effect, the consumer remembering the delivery once', async () => {
    const author = uniqueHandle('wh');
    await createSandboxUser(author);
    const tweet = await postSandboxTweet(author, 'delivered twice');
    const body = accountActivityBody({ id: tweet.id, text: 'delivered twice', authorId: tweet.authorId });

    expect((await deliverSigned(body)).status).toBe(200);
    await untilDecided([tweet.id]);
    await until('the delivery remembered', async () => (await deliveryCount()) > 0);
    const before = await deliveryCount();
    const again = await deliverSigned(body);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ outcome: 'queued', queued: 1 });
    expect(await deliveryCount()).toBe(before);
    expect(await decisionsOfRoot(tweet.id)).toHaveLength(1);
  });

  it('refuses a forged signature, a missing one and a body changed after signing, changing nothing', async () => {
    const author = uniqueHandle('wh');
    await createSandboxUser(author);
    const tweet = await postSandboxTweet(author, 'signed by someone else');
    const body = accountActivityBody({ id: tweet.id, text: 'signed by someone else', authorId: tweet.authorId });
    const before = await deliveryCount();

    await expectUnauthorized(await deliver(body, await expectedSignature('not-the-secret', body)));
    await expectUnauthorized(await deliver(body, null));
    await expectUnauthorized(await deliver(body, 'sha256=not base64!'));
    await expectUnauthorized(await deliver(body, (await expectedSignature(SECRET, body)).replace('sha256=', 'sha1=')));
    const signed = await expectedSignature(SECRET, body);
    await expectUnauthorized(await deliver(body.replace('signed by', 'signeD by'), signed));
    await expectUnauthorized(await deliver(`${body} `, signed));

    expect(await deliveryCount()).toBe(before);
    expect(await decisionsOfRoot(tweet.id)).toEqual([]);
  });

  it('refuses malformed JSON after a valid signature with 400, changing nothing', async () => {
    const before = await deliveryCount();
    for (const body of ['{"tweet_create_events": [', '[1, 2]', '"text"', 'null']) {
      const res = await deliverSigned(body);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
    expect(await deliveryCount()).toBe(before);
  });

  it('refuses a body over the size limit with 413', async () => {
    const body = JSON.stringify({ tweet_create_events: [], padding: 'x'.repeat(70 * 1024) });
    const res = await deliverSigned(body);
    expect(res.status).toBe(413);
  });

  it('acknowledges events that carry no tweet', async () => {
    const body = JSON.stringify({ for_user_id: '1500000000000000000', favorite_events: [{ id: 'abc' }] });
    const res = await deliverSigned(body);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ outcome: 'processed', queued: 0, deleted: 0 });
  });
});

describe('POST /webhooks/x: posts carried in the signed body', () => {
  it('matches an X Activity post delivery as delivered, with no X read; copies at the same instant match once', async () => {
    const { payer, intentId, post } = await postedPayment('xaa');
    const body = activityEventBody(post);

    // X delivers at least once: two copies at the same instant, and one more later.
    const answers = await Promise.all([deliverSigned(body), deliverSigned(body)]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    await untilDecided([post.id]);
    const late = await deliverSigned(body);
    expect(await late.json()).toMatchObject({ outcome: 'queued', queued: 1 });

    const matched = await until('the match', async () => {
      const intent = await intentAs(payer, intentId);
      return intent.status === 'awaiting_confirmation' && intent;
    });
    expect(matched.tweet?.id).toBe(post.id);
    expect(matched.tweet?.text).toBe(post.text);
    const decisions = await decisionsOfRoot(post.id);
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({ root_id: post.id, source: 'webhook' });
    expect((await transfersOfIntent(intentId)).map((transfer) => transfer.id)).toEqual([`pay:${intentId}:hold`]);
    // Author id and text came from X's signed body: X's API never returned the post.
    expect(await postReads([post.id])).toEqual({ [post.id]: 0 });
  });

  it('matches an Account Activity tweet from its full text (extended_tweet), with no X read', async () => {
    const { payer, intentId, post } = await postedPayment('aaf');
    const res = await deliverSigned(fullAccountActivityBody(post));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ outcome: 'queued', queued: 1 });
    await untilDecided([post.id]);
    const intent = await intentAs(payer, intentId);
    expect(intent.status).toBe('awaiting_confirmation');
    // X escapes & in the text it delivers; the text confirmed is the one the payer typed.
    expect(intent.tweet?.text).toBe(post.text);
    expect(await postReads([post.id])).toEqual({ [post.id]: 0 });
  });

  it('reads a tweet whose delivery lacks its whole text by id, once', async () => {
    const { payer, intentId, post } = await postedPayment('aat');
    // X's bare numeric id becomes a rounded number here: the worker reads id_str.
    const truncated = JSON.parse(fullAccountActivityBody(post)) as {
      tweet_create_events: Record<string, unknown>[];
    };
    delete truncated.tweet_create_events[0]!.extended_tweet;
    const res = await deliverSigned(JSON.stringify(truncated));
    expect(await res.json()).toMatchObject({ outcome: 'queued', queued: 1 });
    await untilDecided([post.id]);
    expect((await intentAs(payer, intentId)).status).toBe('awaiting_confirmation');
    expect(await postReads([post.id])).toEqual({ [post.id]: 1 });
  });
});

describe('tweetIdsOfDelivery', () => {
  it('reads id_str, never the rounded numeric id, and skips retweets', () => {
    const body = JSON.parse(
      '{"tweet_create_events":[{"id":1860000000000000123,"id_str":"1860000000000000123"},' +
        '{"id_str":"1860000000000000124","retweeted_status":{"id_str":"1"}}]}',
    );
    expect(tweetIdsOfDelivery(body)).toEqual(['1860000000000000123']);
  });

  it('keeps one id per edit root: the version delivered last', () => {
    const body = {
      tweet_create_events: [
        { id_str: '1860000000000000200', edit_history: { initial_tweet_id: '1860000000000000200' } },
        { id_str: '1860000000000000201', edit_history: { initial_tweet_id: '1860000000000000200' } },
        { id_str: '1860000000000000300' },
      ],
    };
    expect(tweetIdsOfDelivery(body)).toEqual(['1860000000000000201', '1860000000000000300']);
  });

  it('reads X Activity API post events', () => {
    expect(tweetIdsOfDelivery(XAA_MENTION_EVENT)).toEqual(['2080765813578191303']);
    const edited = { data: { event_type: 'post.create', payload: { id: '12', edit_history_tweet_ids: ['10', '12'] } } };
    expect(tweetIdsOfDelivery(edited)).toEqual(['12']);
    const deleted = { data: { event_type: 'post.delete', payload: { id: '12' } } };
    expect(tweetIdsOfDelivery(deleted)).toEqual([]);
  });

  it('skips tweets whose ids are not X ids', () => {
    expect(tweetIdsOfDelivery({ tweet_create_events: [{ id_str: '12ab' }, { id_str: '' }, 42] })).toEqual([]);
  });
});
