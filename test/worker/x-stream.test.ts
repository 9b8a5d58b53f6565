import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { HealthResponseSchema } from '../../shared/contract/health';
import { recordStreamCrc } from '../../worker/db/x-stream';
import type { Env } from '../../worker/env';
import { app } from '../../worker/index';
import { jobs } from '../../worker/jobs';
import { STREAM_SILENCE_MAX_MS, STREAM_UNDELIVERED_MAX_MS } from '../../worker/stream/config';
import { GAP_POSTS_INLINE_MAX } from '../../worker/stream/gap';
import {
  packRules,
  planRules,
  ruleValueOf,
  STREAM_RULE_LENGTH_MAX,
  STREAM_RULE_TAG,
  wantedStreamTerms,
} from '../../worker/stream/rules';
import { sandboxControl } from './support/link-user';
import {
  enrolmentsOf,
  newMerchant,
  offerBody,
  type TestMerchant,
  uniqueHashtag as uniqueOfferHashtag,
} from './support/offers';
import { createIntent, fund, intentAs, linkedPerson, newRequestId, type Person, sessionOf } from './support/payments';
import { uniqueHashtag as uniquePotHashtag } from './support/pots';
import { until, untilDecided } from './support/queue';

/**
 * X's filtered stream as the primary source, against the sandbox X over HTTP: the worker keeps
 * the stream's rules in step with offers and pots, X delivers matching posts to
 * /webhooks/x-stream signed like X (held in the sandbox's outbox, since the sandbox cannot reach
 * workerd, and sent from here in any order and number), each delivery is acknowledged once its
 * posts are queued, the posts queue's consumer matches them from the signed body without reading X
 * (the tests wait for its decision in D1), and search runs only over a stretch where deliveries
 * stopped.
 *
 * The worker runs here with `X_TWEET_SOURCE = "stream"` (the test environment polls search), and
 * through `app.fetch` with an execution context, so the rule changes it makes after answering
 * are awaited. The sandbox's stream (rules, webhook, link) is one per sandbox: only this file uses it.
 */

const OPERATOR_TOKEN = 'stream-operator-token-0123456789abcdef';
const streamEnv: Env = { ...(env as Env), X_TWEET_SOURCE: 'stream', OPERATOR_TOKEN };
const SIGNATURE_HEADER = 'x-twitter-webhooks-signature';

/** A request to the worker in stream mode; what it does after answering is awaited too. */
async function streamFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const ctx = createExecutionContext();
  const response = await app.fetch(new Request(new URL(path, 'http://127.0.0.1:8787'), init), streamEnv, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

function streamPost(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return streamFetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

interface OutgoingRequest {
  kind: 'delivery' | 'crc';
  webhookId: string;
  body?: string;
  signature?: string;
  crcToken?: string;
}

async function drainOutbox(order: 'sent' | 'reverse' = 'sent'): Promise<OutgoingRequest[]> {
  const res = await sandboxControl('/stream/outbox', { body: { order } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { requests: OutgoingRequest[] }).requests;
}

async function sandboxRules(): Promise<{ id: string; value: string; tag?: string }[]> {
  const res = await sandboxControl('/stream/rules', { method: 'GET' });
  return ((await res.json()) as { rules: { id: string; value: string; tag?: string }[] }).rules;
}

/** Every term of our rules at X, lowercased. */
async function coveredTerms(): Promise<Set<string>> {
  const rules = (await sandboxRules()).filter((rule) => rule.tag === STREAM_RULE_TAG);
  return new Set(rules.flatMap((rule) => rule.value.slice(1, rule.value.indexOf(')')).split(' OR ')));
}

async function postReads(ids: readonly string[]): Promise<Record<string, number>> {
  const res = await sandboxControl(`/reads?ids=${ids.join(',')}`, { method: 'GET' });
  return ((await res.json()) as { reads: Record<string, number> }).reads;
}

function postIdOf(delivery: OutgoingRequest): string {
  return (JSON.parse(delivery.body!) as { data: { id: string } }).data.id;
}

/** Sends X's held deliveries of these posts to the worker, as X would; the others are left (other files' posts). */
async function deliver(postIds: readonly string[], order: 'sent' | 'reverse' = 'sent', path = '/webhooks/x-stream') {
  const wanted = new Set(postIds);
  const deliveries = (await drainOutbox(order)).filter(
    (request) => request.kind === 'delivery' && wanted.has(postIdOf(request)),
  );
  const answers: { postId: string; status: number; body: Record<string, unknown> }[] = [];
  for (const delivery of deliveries) {
    const res = await streamFetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: delivery.signature! },
      body: delivery.body!,
    });
    answers.push({
      postId: postIdOf(delivery),
      status: res.status,
      body: (await res.json()) as Record<string, unknown>,
    });
  }
  return answers;
}

async function postAs(author: Person, text: string): Promise<{ id: string; text: string }> {
  const res = await sandboxControl('/tweets', { body: { authorUsername: author.username, text } });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { id: string; text: string };
}

async function editAs(postId: string, text: string): Promise<{ id: string }> {
  const res = await sandboxControl(`/tweets/${postId}/edit`, { body: { text } });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as { id: string };
}

async function setFaults(faults: { hold?: boolean; duplicate?: boolean; drop?: boolean }): Promise<void> {
  const res = await sandboxControl('/stream/faults', { body: { hold: true, ...faults } });
  expect(res.status).toBe(200);
}

let merchant: TestMerchant;

beforeAll(async () => {
  await setFaults({});
  // The operator sets the stream up: X checks the webhook's CRC (held: answered from here).
  const setup = await streamPost('/v1/operator/x-stream/setup', {}, { authorization: `Bearer ${OPERATOR_TOKEN}` });
  expect(setup.status, await setup.clone().text()).toBe(200);
  const made = (await setup.json()) as { webhookId: string; webhookUrl: string; linked: boolean };
  expect(made.webhookUrl).toBe('http://127.0.0.1:8787/webhooks/x-stream');
  expect(made.linked).toBe(true);
  for (const check of (await drainOutbox()).filter((request) => request.kind === 'crc')) {
    const crc = await streamFetch(`/webhooks/x-stream?crc_token=${encodeURIComponent(check.crcToken!)}`);
    expect(crc.status).toBe(200);
    const { response_token } = (await crc.json()) as { response_token: string };
    const answered = await sandboxControl('/stream/crc', {
      body: { webhookId: check.webhookId, responseToken: response_token },
    });
    expect(((await answered.json()) as { valid: boolean }).valid).toBe(true);
  }
  merchant = await newMerchant('stream');
});

describe('the filtered stream rules', () => {
  it('cover mentions of the Hashpay account and #Hashpay once set up', async () => {
    const terms = await coveredTerms();
    expect(terms.has('@hashpay')).toBe(true);
    expect(terms.has('#hashpay')).toBe(true);
  });

  it('follow an offer from creation through pause and resume, and a pot from opening to closing', async () => {
    const hashtag = uniqueOfferHashtag('Stream');
    const created = await streamPost('/v1/merchant/offers', offerBody(merchant, { hashtag }), merchant.headers);
    expect(created.status, await created.clone().text()).toBe(201);
    const offerId = ((await created.json()) as { offer: { id: string } }).offer.id;
    expect((await coveredTerms()).has(`#${hashtag.toLowerCase()}`)).toBe(true);

    const paused = await streamFetch(`/v1/merchant/offers/${offerId}/pause`, {
      method: 'POST',
      headers: merchant.headers,
    });
    expect(paused.status).toBe(200);
    expect((await coveredTerms()).has(`#${hashtag.toLowerCase()}`)).toBe(false);
    const resumed = await streamFetch(`/v1/merchant/offers/${offerId}/resume`, {
      method: 'POST',
      headers: merchant.headers,
    });
    expect(resumed.status).toBe(200);
    expect((await coveredTerms()).has(`#${hashtag.toLowerCase()}`)).toBe(true);

    const organiser = await linkedPerson('organ');
    const potHashtag = uniquePotHashtag('StreamPot');
    const opened = await streamPost(
      '/v1/pots',
      { requestId: newRequestId(), kind: 'pot', hashtag: potHashtag, title: 'A pot', currency: 'EUR' },
      sessionOf(organiser),
    );
    expect(opened.status, await opened.clone().text()).toBe(201);
    const potId = ((await opened.json()) as { pot: { id: string } }).pot.id;
    expect((await coveredTerms()).has(`#${potHashtag.toLowerCase()}`)).toBe(true);
    const closed = await streamFetch(`/v1/pots/${potId}/close`, { method: 'POST', headers: sessionOf(organiser) });
    expect(closed.status, await closed.clone().text()).toBe(200);
    expect((await coveredTerms()).has(`#${potHashtag.toLowerCase()}`)).toBe(false);
    // The offer's hashtag stayed through the pot's changes.
    expect((await coveredTerms()).has(`#${hashtag.toLowerCase()}`)).toBe(true);
  });

  it('are packed into as few rules as the length limit allows, reconciled by the job, and leave others alone', async () => {
    for (let index = 0; index < 40; index++) {
      const res = await streamPost('/v1/merchant/offers', offerBody(merchant), merchant.headers);
      expect(res.status).toBe(201);
    }
    // A rule deleted at X behind the worker's back, and one of another tool on the same app.
    const ours = (await sandboxRules()).filter((rule) => rule.tag === STREAM_RULE_TAG);
    const bearer = { authorization: 'Bearer sandbox-bearer', 'content-type': 'application/json' };
    const removed = await fetch('https://api.x.com/2/tweets/search/stream/rules', {
      method: 'POST',
      headers: bearer,
      body: JSON.stringify({ delete: { ids: [ours[0]!.id] } }),
    });
    expect(removed.status).toBe(200);
    const foreign = await fetch('https://api.x.com/2/tweets/search/stream/rules', {
      method: 'POST',
      headers: bearer,
      body: JSON.stringify({ add: [{ value: 'coffee -is:retweet', tag: 'someone-else' }] }),
    });
    expect(foreign.status).toBe(200);

    const report = await jobs.streamRules!(streamEnv, Date.now());
    expect(report.added).toBeGreaterThan(0);
    const wanted = await wantedStreamTerms(streamEnv, Date.now());
    const rules = await sandboxRules();
    const oursNow = rules.filter((rule) => rule.tag === STREAM_RULE_TAG);
    expect(oursNow.every((rule) => rule.value.length <= STREAM_RULE_LENGTH_MAX)).toBe(true);
    expect(oursNow.length).toBe(packRules(wanted).length);
    expect([...(await coveredTerms())].sort()).toEqual([...wanted].sort());
    expect(rules.some((rule) => rule.tag === 'someone-else')).toBe(true);

    // Nothing changed since: the next run only reads.
    const again = await jobs.streamRules!(streamEnv, Date.now());
    expect(again).toMatchObject({ added: 0, deleted: 0 });
  });
});

describe('packing the rules', () => {
  const rule = (id: string, terms: string[]) => ({ id, value: ruleValueOf(terms), tag: STREAM_RULE_TAG });
  const limits = { lengthMax: 60, rulesMax: 10 };

  it("keeps full rules, and packs a removed term's rule again with the new terms", () => {
    const existing = [rule('1', ['#aaaaaaaa', '#bbbbbbbb', '#cccccccc']), rule('2', ['#dddddddd', '#eeeeeeee'])];
    const plan = planRules(existing, ['#aaaaaaaa', '#bbbbbbbb', '#cccccccc', '#dddddddd', '#ffffffff'], limits);
    expect(plan.keep.map((kept) => kept.id)).toEqual(['1']);
    expect(plan.deleteIds).toEqual(['2']);
    expect(plan.add).toEqual([ruleValueOf(['#dddddddd', '#ffffffff'])]);
    expect(plan.uncovered).toEqual([]);
  });

  it("changes nothing when the rules already cover exactly what is wanted, and ignores others' rules", () => {
    const existing = [rule('1', ['#aaaaaaaa', '#bbbbbbbb']), { id: '9', value: 'coffee', tag: 'other' }];
    const plan = planRules(existing, ['#AAAAAAAA', '#bbbbbbbb'], limits);
    expect(plan).toEqual({ keep: [existing[0]], add: [], deleteIds: [], uncovered: [] });
  });

  it('merges short rules into fewer, and says which terms no rule can hold past the cap', () => {
    const existing = [rule('1', ['#aaaaaaaa']), rule('2', ['#bbbbbbbb']), rule('3', ['#cccccccc'])];
    const merged = planRules(existing, ['#aaaaaaaa', '#bbbbbbbb', '#cccccccc'], limits);
    expect(merged.keep.length + merged.add.length).toBe(1);
    const capped = planRules([], ['#aaaaaaaa', '#bbbbbbbb', '#cccccccc', '#dddddddd', '#eeeeeeee'], {
      lengthMax: 40,
      rulesMax: 1,
    });
    expect(capped.add).toHaveLength(1);
    expect(capped.uncovered.length).toBeGreaterThan(0);
    for (const value of capped.add) expect(value.length).toBeLessThanOrEqual(40);
  });
});

describe('stream deliveries', () => {
  it('match a payment from the signed post, once, without reading X, whatever the copies and order', async () => {
    const payer = await linkedPerson('spayer');
    const payee = await linkedPerson('spayee');
    await fund(payer, 50_00);
    const intent = await createIntent(payer, payee, 12_50, { memo: 'pizza' });
    await setFaults({ duplicate: true });
    const posted = await postAs(payer, intent.tweetText);
    // An edit that only changes the memo, delivered before the first version (out of order).
    const edited = await editAs(posted.id, intent.tweetText.replace('pizza', 'pizza night'));
    await setFaults({});
    const answers = await deliver([posted.id, edited.id], 'reverse');
    expect(answers).toHaveLength(4);
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    // Every copy is queued as it comes, unread: the consumer decides each version once.
    expect(answers.map((answer) => answer.body)).toEqual(Array(4).fill({ outcome: 'queued', queued: 1 }));
    expect(answers.map((answer) => answer.postId)).toEqual([edited.id, edited.id, posted.id, posted.id]);

    const matched = await until('the match on the newest version', async () => {
      const state = await intentAs(payer, intent.id);
      return state.tweet?.id === edited.id && state;
    });
    expect(matched.status).toBe('awaiting_confirmation');
    expect(matched.tweet?.text).toContain('pizza night');
    expect(await postReads([posted.id, edited.id])).toEqual({ [posted.id]: 0, [edited.id]: 0 });
  });

  it('enrol an offer claim from the signed post once, without reading X', async () => {
    const hashtag = uniqueOfferHashtag('Claim');
    const created = await streamPost('/v1/merchant/offers', offerBody(merchant, { hashtag }), merchant.headers);
    expect(created.status).toBe(201);
    const offerId = ((await created.json()) as { offer: { id: string } }).offer.id;
    const claimer = await linkedPerson('sclaim');
    const posted = await postAs(claimer, `Loving this #${hashtag}`);
    const answers = await deliver([posted.id]);
    expect(answers).toHaveLength(1);
    expect(answers[0]!.body).toEqual({ outcome: 'queued', queued: 1 });
    await untilDecided([posted.id]);
    const enrolments = await until('the enrolment', async () => {
      const rows = await enrolmentsOf(offerId);
      return rows.length > 0 && rows;
    });
    expect(enrolments.map((row) => row.tweet_root_id)).toEqual([posted.id]);
    expect(await postReads([posted.id])).toEqual({ [posted.id]: 0 });
  });

  it('release a reservation when an edit changes the amount, still without reading X', async () => {
    const payer = await linkedPerson('epayer');
    const payee = await linkedPerson('epayee');
    await fund(payer, 50_00);
    const intent = await createIntent(payer, payee, 7_00, { memo: 'cake' });
    const posted = await postAs(payer, intent.tweetText);
    expect((await deliver([posted.id]))[0]!.body).toEqual({ outcome: 'queued', queued: 1 });
    await until('the match', async () => (await intentAs(payer, intent.id)).status === 'awaiting_confirmation');
    const edited = await editAs(posted.id, intent.tweetText.replace('€7.00', '€70.00'));
    expect((await deliver([edited.id]))[0]!.status).toBe(200);
    const after = await until('the release', async () => {
      const state = await intentAs(payer, intent.id);
      return state.status !== 'awaiting_confirmation' && state;
    });
    expect(after.status).toBe('failed');
    expect(after.failureReason).toBe('tweet-edited');
    expect(await postReads([posted.id, edited.id])).toEqual({ [posted.id]: 0, [edited.id]: 0 });
  });

  it('are read the same when the stream is linked to the Account Activity webhook', async () => {
    const claimer = await linkedPerson('saaa');
    const hashtag = uniqueOfferHashtag('Both');
    const created = await streamPost('/v1/merchant/offers', offerBody(merchant, { hashtag }), merchant.headers);
    expect(created.status).toBe(201);
    const offerId = ((await created.json()) as { offer: { id: string } }).offer.id;
    const posted = await postAs(claimer, `#${hashtag} please`);
    const answers = await deliver([posted.id], 'sent', '/webhooks/x');
    expect(answers[0]!.body).toEqual({ outcome: 'queued', queued: 1 });
    const enrolments = await until('the enrolment', async () => {
      const rows = await enrolmentsOf(offerId);
      return rows.length > 0 && rows;
    });
    expect(enrolments.map((row) => row.tweet_root_id)).toEqual([posted.id]);
    expect(await postReads([posted.id])).toEqual({ [posted.id]: 0 });
  });

  it('refuse a delivery whose signature is not the body', async () => {
    const res = await streamFetch('/webhooks/x-stream', {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: 'sha256=AAAA' },
      body: JSON.stringify({ data: { id: '1', text: 'x' } }),
    });
    expect(res.status).toBe(401);
  });
});

describe('search as the gap filler', () => {
  it('runs once over a gap in deliveries only, from the newest post delivered, and not while X delivers', async () => {
    const payer = await linkedPerson('gpayer');
    const payee = await linkedPerson('gpayee');
    await fund(payer, 50_00);
    const before = await createIntent(payer, payee, 3_00, { memo: 'before' });
    const delivered = await postAs(payer, before.tweetText);
    expect((await deliver([delivered.id]))[0]!.body).toEqual({ outcome: 'queued', queued: 1 });
    await until('the match', async () => (await intentAs(payer, before.id)).status === 'awaiting_confirmation');
    const nowMs = Date.now();
    // Deliveries flow: the scheduled run searches nothing.
    expect(await jobs.matchSearch!(streamEnv, nowMs)).toMatchObject({ searched: 0 });

    // Deliveries stop: a payment posted meanwhile never reaches the webhook.
    await setFaults({ drop: true });
    const lost = await createIntent(payer, payee, 4_00, { memo: 'lost' });
    const missed = await postAs(payer, lost.tweetText);
    await setFaults({});
    expect((await intentAs(payer, lost.id)).status).toBe('awaiting_tweet');

    const later = nowMs + STREAM_SILENCE_MAX_MS + 1;
    const filled = await jobs.matchSearch!(streamEnv, later);
    const rules = packRules(await wantedStreamTerms(streamEnv, later));
    expect(filled.searched).toBe(rules.length);
    expect(filled.matched).toBeGreaterThanOrEqual(1);
    expect((await intentAs(payer, lost.id)).status).toBe('awaiting_confirmation');
    // Over the gap only: the post delivered before it is not returned by the search (since_id).
    expect(await postReads([delivered.id, missed.id])).toEqual({ [delivered.id]: 0, [missed.id]: 1 });

    // Once: the next run waits for another silence as long.
    expect(await jobs.matchSearch!(streamEnv, later + 60_000)).toMatchObject({ searched: 0 });

    // A CRC check (unsigned) holds the search off, but not past an hour without a signed delivery.
    const halfHour = later + 30 * 60_000;
    await recordStreamCrc(env.DB, halfHour - 1_000);
    expect(await jobs.matchSearch!(streamEnv, halfHour)).toMatchObject({ searched: 0 });
    const pastHour = later + STREAM_UNDELIVERED_MAX_MS + 1;
    await recordStreamCrc(env.DB, pastHour - 1_000);
    expect((await jobs.matchSearch!(streamEnv, pastHour)).searched).toBe(rules.length);

    // /health shows the heartbeat the decision rests on.
    const health = HealthResponseSchema.parse(await (await streamFetch('/health')).json());
    expect(health.tweets.source).toBe('stream');
    expect(health.tweets.lastDeliveryAt).not.toBeNull();
    expect(health.tweets.lastCrcAt).not.toBeNull();
    expect(health.tweets.lastGapSearchAt).toBe(new Date(pastHour).toISOString());
  });

  it('queues a gap of more than a handful of posts for the consumer, which matches each once without reading it again', async () => {
    const payer = await linkedPerson('qpayer');
    const payee = await linkedPerson('qpayee');
    await fund(payer, 50_00);
    await setFaults({ drop: true });
    const intents = [];
    const missed: string[] = [];
    for (let index = 0; index <= GAP_POSTS_INLINE_MAX; index++) {
      const intent = await createIntent(payer, payee, 1_00 + index, { memo: `gap ${index}` });
      intents.push(intent);
      missed.push((await postAs(payer, intent.tweetText)).id);
    }
    await setFaults({});

    // Well after every silence of the test above: the gap is searched, and its posts queued.
    const muchLater = Date.now() + 3 * STREAM_UNDELIVERED_MAX_MS;
    const filled = await jobs.matchSearch!(streamEnv, muchLater);
    expect(filled.queued).toBeGreaterThanOrEqual(missed.length);
    expect(filled.matched).toBe(0);
    await untilDecided(missed);
    for (const intent of intents) expect((await intentAs(payer, intent.id)).status).toBe('awaiting_confirmation');
    // Read once, by the search: the consumer matched them from the posts it found.
    expect(Object.values(await postReads(missed))).toEqual(missed.map(() => 1));
  });
});
