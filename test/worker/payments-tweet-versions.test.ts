import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { PaymentIntent, SignedReceipt, TweetStatusResponse } from '../../shared/contract/payments';
import { insertTweetVersions, markRootDeleted, recordLaterVersion } from '../../worker/db/payments';
import { jobs } from '../../worker/jobs';
import { currencyTotals } from '../../worker/ledger';
import { matchTweetIds, matchTweets, TWEET_EDIT_WINDOW_MS, type TweetSource } from '../../worker/payments/match';
import { xClientFor } from '../../worker/payments/x';
import { REPORT_RETRY_AFTER_MAX_S } from '../../worker/routes/tweets';
import { postJson, sandboxControl, workerFetch } from './support/link-user';
import {
  confirm,
  createIntent,
  deleteTweet,
  editTweet,
  fund,
  intentAs,
  linkedPerson,
  type Person,
  postTweet,
  problemTypeOf,
  reportTweet,
  sessionOf,
  transfersOfIntent,
  walletOf,
} from './support/payments';
import { openPot, reservedPotIntent } from './support/pots';

// The public tweet and the money agree: edits and deletions of a matched tweet, before and after
// the payer confirms, from every source and in every order, through the real worker, D1 and the
// sandbox X.

const SOURCES: TweetSource[] = ['report', 'search', 'webhook'];

async function arrive(source: TweetSource, reporter: Person, tweetId: string) {
  if (source === 'report') return reportTweet(reporter, tweetId);
  if (source === 'webhook') return matchTweetIds(env, [tweetId], 'webhook', Date.now());
  return jobs.matchSearch!(env, Date.now());
}

/** Every permutation of the three sources. */
const ORDERS: TweetSource[][] = [
  ['report', 'search', 'webhook'],
  ['report', 'webhook', 'search'],
  ['search', 'report', 'webhook'],
  ['search', 'webhook', 'report'],
  ['webhook', 'report', 'search'],
  ['webhook', 'search', 'report'],
];

const SECRET = 'sandbox-webhook-secret';

async function signedDelivery(payload: unknown): Promise<Response> {
  const body = JSON.stringify(payload);
  const key = await crypto.subtle.importKey(
    'raw',
    new TextEncoder().encode(SECRET),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(body)));
  return exports.default.fetch('http://worker/webhooks/x', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-twitter-webhooks-signature': `sha256=${btoa(String.fromCharCode(...mac))}`,
    },
    body,
  });
}

/** Σ over all accounts is zero per currency, and pending debits equal pending credits. */
async function expectLedgerBalanced(): Promise<void> {
  for (const totals of await currencyTotals(env.DB)) {
    expect(totals.postedSumMinor, `Σ posted ${totals.currency}`).toBe(0);
    expect(totals.debitsPendingSumMinor, `Σ pending ${totals.currency}`).toBe(totals.creditsPendingSumMinor);
  }
}

/** One decision per edit chain, and at most one intent tied to it. */
async function expectOneEffect(rootId: string): Promise<void> {
  const row = await env.DB.prepare(
    `SELECT (SELECT count(*) FROM payment_tweets WHERE root_id = ?1) AS decisions,
            (SELECT count(*) FROM payment_intents WHERE tweet_root_id = ?1) AS intents`,
  )
    .bind(rootId)
    .first<{ decisions: number; intents: number }>();
  expect(row).toEqual({ decisions: 1, intents: 1 });
}

async function tweetStatus(ids: string[]): Promise<TweetStatusResponse> {
  const res = await workerFetch(`/v1/tweets/status?ids=${ids.join(',')}`);
  expect(res.status).toBe(200);
  return (await res.json()) as TweetStatusResponse;
}

async function matchedPayment(amountMinor = 1_250) {
  const payer = await linkedPerson('pay');
  const payee = await linkedPerson('bob');
  await fund(payer, 50_000);
  const intent = await createIntent(payer, payee, amountMinor, { memo: 'pizza' });
  const tweet = await postTweet(payer, intent.tweetText);
  await reportTweet(payer, tweet.id);
  expect((await intentAs(payer, intent.id)).status).toBe('awaiting_confirmation');
  return { payer, payee, intent, tweet };
}

/** The drafted tweet with another amount: same code, same payee. */
function amountEdited(intent: PaymentIntent): string {
  expect(intent.tweetText).toContain('€12.50');
  return intent.tweetText.replace('€12.50', '€250.00');
}

describe('an edit before confirmation', () => {
  for (const source of SOURCES) {
    it(`that changes the amount, seen from the ${source}, voids the hold and tells the payer`, async () => {
      const { payer, intent, tweet } = await matchedPayment();
      const edited = await editTweet(tweet.id, amountEdited(intent));

      await arrive(source, payer, edited.id);

      const after = await intentAs(payer, intent.id);
      expect(after).toMatchObject({ status: 'failed', failureReason: 'tweet-edited', confirmBy: null });
      expect(await transfersOfIntent(intent.id)).toEqual([
        { id: `pay:${intent.id}:hold`, flags: 'pending' },
        { id: `pay:${intent.id}:void`, flags: 'void_pending' },
      ]);
      expect(await walletOf(payer)).toMatchObject({ postedMinor: 50_000, availableMinor: 50_000 });
      const res = await confirm(payer, intent.id);
      expect(res.status).toBe(409);
      expect(await problemTypeOf(res)).toBe('tweet-edited');
      // The awaiting list no longer offers it; the history shows why.
      const awaiting = await workerFetch('/v1/payment-intents?status=awaiting_confirmation', {
        headers: sessionOf(payer),
      });
      expect(JSON.stringify(await awaiting.json())).not.toContain(intent.id);
      await expectLedgerBalanced();
      await expectOneEffect(tweet.id);
    });
  }

  for (const order of ORDERS) {
    it(`that removes the code, arriving from ${order.join(', then ')}, releases the money once`, async () => {
      const { payer, intent, tweet } = await matchedPayment();
      const edited = await editTweet(tweet.id, 'never mind, paid in cash #Hashpay');
      for (const source of [...order, ...order]) await arrive(source, payer, edited.id);
      await Promise.all(order.map((source) => arrive(source, payer, edited.id)));

      expect(await intentAs(payer, intent.id)).toMatchObject({ status: 'failed', failureReason: 'tweet-edited' });
      expect((await transfersOfIntent(intent.id)).map((transfer) => transfer.flags)).toEqual([
        'pending',
        'void_pending',
      ]);
      expect(await walletOf(payer)).toMatchObject({ availableMinor: 50_000 });
      await expectLedgerBalanced();
      await expectOneEffect(tweet.id);
    });
  }

  for (const source of SOURCES) {
    it(`that only fixes the memo, seen from the ${source}, refreshes the text the payer confirms`, async () => {
      const { payer, intent, tweet } = await matchedPayment();
      const fixedText = intent.tweetText.replace('pizza', 'pizza & beer <3');
      const edited = await editTweet(tweet.id, fixedText);

      await arrive(source, payer, edited.id);

      const after = await intentAs(payer, intent.id);
      expect(after.status).toBe('awaiting_confirmation');
      // X sends `&amp;` and `&lt;`: the payer sees what was typed, decoded once.
      expect(after.tweet).toMatchObject({ rootId: tweet.id, id: edited.id, text: fixedText });
      const res = await confirm(payer, intent.id);
      expect(res.status).toBe(200);
      expect(await walletOf(payer)).toMatchObject({ postedMinor: 48_750, availableMinor: 48_750 });
      expect((await tweetStatus([tweet.id, edited.id])).settledTweetIds.sort()).toEqual([tweet.id, edited.id].sort());
      await expectLedgerBalanced();
      await expectOneEffect(tweet.id);
    });
  }

  it('that no source reported yet is read at confirmation, and nothing moves', async () => {
    const { payer, payee, intent, tweet } = await matchedPayment();
    await editTweet(tweet.id, amountEdited(intent));

    const res = await confirm(payer, intent.id);

    expect(res.status).toBe(409);
    expect(await problemTypeOf(res)).toBe('tweet-edited');
    expect(await walletOf(payer)).toMatchObject({ postedMinor: 50_000, availableMinor: 50_000 });
    expect(await walletOf(payee)).toMatchObject({ postedMinor: 0 });
    await expectLedgerBalanced();
  });

  it('a stale older version never replaces a newer text already read', async () => {
    const { payer, intent, tweet } = await matchedPayment();
    const first = await editTweet(tweet.id, intent.tweetText.replace('pizza', 'pizza!'));
    const second = await editTweet(first.id, intent.tweetText.replace('pizza', 'pizza!!'));
    await reportTweet(payer, second.id);
    // An older version, arriving after the newest (its history already names the newest).
    await reportTweet(payer, first.id);
    expect((await intentAs(payer, intent.id)).tweet).toMatchObject({ id: second.id });
  });
});

/**
 * The state a match writes when a later version no longer states the payment, without the void
 * that follows it: what a run that stopped between the two leaves behind.
 */
async function recordEditWithoutVoid(rootId: string, editedId: string): Promise<void> {
  await env.DB.batch([
    ...insertTweetVersions(env.DB, rootId, [rootId, editedId]),
    recordLaterVersion(env.DB, rootId, editedId, false),
  ]);
}

/** X answers nothing about this tweet for a while (its lookups fail as server errors). */
async function xDownFor(tweetId: string): Promise<void> {
  const res = await sandboxControl('/faults', {
    body: { kind: 'server-error', path: '/2/tweets', queryContains: tweetId, times: 50 },
  });
  expect(res.status).toBe(201);
}

describe('a void lost after the state was recorded', () => {
  it('an edit recorded as no longer stating the payment: Confirm refuses on the record alone', async () => {
    const { payer, payee, intent, tweet } = await matchedPayment();
    const edited = await editTweet(tweet.id, amountEdited(intent));
    await recordEditWithoutVoid(tweet.id, edited.id);
    expect((await intentAs(payer, intent.id)).status).toBe('awaiting_confirmation');
    await xDownFor(tweet.id);

    const res = await confirm(payer, intent.id);

    expect(res.status).toBe(409);
    expect(await problemTypeOf(res)).toBe('tweet-edited');
    expect(await transfersOfIntent(intent.id)).toEqual([
      { id: `pay:${intent.id}:hold`, flags: 'pending' },
      { id: `pay:${intent.id}:void`, flags: 'void_pending' },
    ]);
    expect(await walletOf(payer)).toMatchObject({ postedMinor: 50_000, availableMinor: 50_000 });
    expect(await walletOf(payee)).toMatchObject({ postedMinor: 0 });
    await expectLedgerBalanced();
  });

  it('a deletion recorded: Confirm refuses on the record alone', async () => {
    const { payer, payee, intent, tweet } = await matchedPayment();
    await markRootDeleted(env.DB, tweet.id, Date.now()).run();
    await xDownFor(tweet.id);

    const res = await confirm(payer, intent.id);

    expect(res.status).toBe(409);
    expect(await problemTypeOf(res)).toBe('tweet-deleted');
    expect(await intentAs(payer, intent.id)).toMatchObject({ status: 'failed', failureReason: 'tweet-deleted' });
    expect(await walletOf(payer)).toMatchObject({ availableMinor: 50_000 });
    expect(await walletOf(payee)).toMatchObject({ postedMinor: 0 });
    await expectLedgerBalanced();
  });

  it('a contribution to a pot is not posted into the pot', async () => {
    const organiser = await linkedPerson('carol');
    const pot = await openPot(organiser);
    const payer = await linkedPerson('pay');
    await fund(payer, 10_000);
    const { intent, tweet } = await reservedPotIntent(payer, pot.hashtag, 2_000);
    const edited = await editTweet(tweet.id, intent.tweetText.replace('€20.00', '€200.00'));
    await recordEditWithoutVoid(tweet.id, edited.id);

    const res = await confirm(payer, intent.id);

    expect(await problemTypeOf(res)).toBe('tweet-edited');
    expect((await transfersOfIntent(intent.id)).map((transfer) => transfer.flags)).toEqual(['pending', 'void_pending']);
    expect(await walletOf(payer)).toMatchObject({ postedMinor: 10_000, availableMinor: 10_000 });
    await expectLedgerBalanced();
  });

  it('is carried out by the minute job when nothing else comes', async () => {
    const { payer, intent, tweet } = await matchedPayment();
    const edited = await editTweet(tweet.id, amountEdited(intent));
    await recordEditWithoutVoid(tweet.id, edited.id);

    const report = await jobs.expirePayments!(env, Date.now());

    expect(report.tweetsWithdrawn).toBeGreaterThanOrEqual(1);
    expect(report.failed).toBe(0);
    expect(await intentAs(payer, intent.id)).toMatchObject({ status: 'failed', failureReason: 'tweet-edited' });
    expect((await transfersOfIntent(intent.id)).map((transfer) => transfer.flags)).toEqual(['pending', 'void_pending']);
    expect(await walletOf(payer)).toMatchObject({ availableMinor: 50_000 });
    // Run again: nothing more happens.
    await jobs.expirePayments!(env, Date.now());
    expect(await transfersOfIntent(intent.id)).toHaveLength(2);
    await expectLedgerBalanced();
  });

  for (const source of SOURCES) {
    for (const version of ['original', 'edited'] as const) {
      it(`is carried out by a later arrival of the ${version} version from the ${source}`, async () => {
        const { payer, intent, tweet } = await matchedPayment();
        const edited = await editTweet(tweet.id, amountEdited(intent));
        await recordEditWithoutVoid(tweet.id, edited.id);

        await arrive(source, payer, version === 'original' ? tweet.id : edited.id);

        expect(await intentAs(payer, intent.id)).toMatchObject({ status: 'failed', failureReason: 'tweet-edited' });
        expect((await transfersOfIntent(intent.id)).map((transfer) => transfer.flags)).toEqual([
          'pending',
          'void_pending',
        ]);
        expect(await walletOf(payer)).toMatchObject({ availableMinor: 50_000 });
        expect(await problemTypeOf(await confirm(payer, intent.id))).toBe('tweet-edited');
        await expectLedgerBalanced();
        await expectOneEffect(tweet.id);
      });
    }
  }
});

describe('a deletion before confirmation', () => {
  it('delivered as tweet_delete_events releases the hold', async () => {
    const { payer, intent, tweet } = await matchedPayment();
    await deleteTweet(tweet.id);
    const res = await signedDelivery({
      for_user_id: payer.xUserId,
      tweet_delete_events: [{ status: { id: tweet.id, user_id: payer.xUserId }, timestamp_ms: String(Date.now()) }],
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ outcome: 'processed', deleted: 1 });
    expect(await intentAs(payer, intent.id)).toMatchObject({ status: 'failed', failureReason: 'tweet-deleted' });
    expect(await walletOf(payer)).toMatchObject({ availableMinor: 50_000 });
    const confirmed = await confirm(payer, intent.id);
    expect(await problemTypeOf(confirmed)).toBe('tweet-deleted');
    await expectLedgerBalanced();
  });

  it('delivered as an X Activity post.delete releases the hold, once however often delivered', async () => {
    const { payer, intent, tweet } = await matchedPayment();
    await deleteTweet(tweet.id);
    const event = {
      data: {
        event_uuid: '2080765813578191399',
        filter: { user_id: payer.xUserId },
        event_type: 'post.delete',
        tag: 'posts',
        payload: { id: tweet.id, author_id: payer.xUserId, edit_history_tweet_ids: [tweet.id] },
      },
    };
    for (let copy = 0; copy < 2; copy++) expect((await signedDelivery(event)).status).toBe(200);
    expect(await intentAs(payer, intent.id)).toMatchObject({ status: 'failed', failureReason: 'tweet-deleted' });
    expect((await transfersOfIntent(intent.id)).map((transfer) => transfer.flags)).toEqual(['pending', 'void_pending']);
    await expectLedgerBalanced();
  });

  it('that no webhook told is found at confirmation (X answers 200 with only errors)', async () => {
    const { payer, payee, intent, tweet } = await matchedPayment();
    await deleteTweet(tweet.id);
    const res = await confirm(payer, intent.id);
    expect(res.status).toBe(409);
    expect(await problemTypeOf(res)).toBe('tweet-deleted');
    expect(await walletOf(payee)).toMatchObject({ postedMinor: 0 });
    await expectLedgerBalanced();
  });

  it('of a tweet nobody matched changes nothing', async () => {
    const res = await signedDelivery({
      for_user_id: '1',
      tweet_delete_events: [{ status: { id: '1999999999999999999', user_id: '1' }, timestamp_ms: '1' }],
    });
    expect(await res.json()).toMatchObject({ outcome: 'processed', deleted: 0 });
  });
});

describe('after settlement', () => {
  for (const source of SOURCES) {
    it(`an edit seen from the ${source} shows "edited after payment" with what was paid, and moves nothing`, async () => {
      const { payer, payee, intent, tweet } = await matchedPayment();
      expect((await confirm(payer, intent.id)).status).toBe(200);
      const settled = await intentAs(payer, intent.id);
      const other = await linkedPerson('other');
      const edited = await editTweet(
        tweet.id,
        intent.tweetText.replace('€12.50', '€250.00').replace(`@${payee.username}`, `@${other.username}`),
      );

      await arrive(source, payer, edited.id);

      const status = await tweetStatus([tweet.id, edited.id]);
      expect(status.settledTweetIds).toEqual([]);
      expect(status.editedAfterPayment.map((entry) => entry.tweetId).sort()).toEqual([tweet.id, edited.id].sort());
      expect(status.editedAfterPayment[0]).toMatchObject({
        amountMinor: 1_250,
        currency: 'EUR',
        payeeUsername: payee.username,
        potHashtag: null,
      });
      // The money and the receipt stay as confirmed.
      expect(await intentAs(payer, intent.id)).toMatchObject({ status: 'settled', tweet: settled.tweet });
      expect(await walletOf(payee)).toMatchObject({ postedMinor: 1_250 });
      const receipt = (await (await workerFetch(`/v1/receipts/${settled.receiptId}`)).json()) as SignedReceipt;
      expect(receipt.receipt).toMatchObject({ tweetId: tweet.id, amountMinor: 1_250 });
      await expectLedgerBalanced();
      await expectOneEffect(tweet.id);
    });
  }

  it('an edit that keeps the payment keeps the ✓', async () => {
    const { payer, intent, tweet } = await matchedPayment();
    expect((await confirm(payer, intent.id)).status).toBe(200);
    const edited = await editTweet(tweet.id, intent.tweetText.replace('pizza', 'pizza, thanks!'));
    await reportTweet(payer, edited.id);
    expect((await tweetStatus([edited.id])).settledTweetIds).toEqual([edited.id]);
  });

  it('a deletion changes no money and keeps the receipt', async () => {
    const { payer, payee, intent, tweet } = await matchedPayment();
    expect((await confirm(payer, intent.id)).status).toBe(200);
    await deleteTweet(tweet.id);
    const res = await signedDelivery({
      for_user_id: payer.xUserId,
      tweet_delete_events: [{ status: { id: tweet.id, user_id: payer.xUserId }, timestamp_ms: String(Date.now()) }],
    });
    expect(res.status).toBe(200);
    const after = await intentAs(payer, intent.id);
    expect(after.status).toBe('settled');
    expect(await walletOf(payee)).toMatchObject({ postedMinor: 1_250 });
    expect((await workerFetch(`/v1/receipts/${after.receiptId}`)).status).toBe(200);
    await expectLedgerBalanced();
  });
});

describe('an edit that repairs the code', () => {
  /** A drafted tweet whose code has a typo the check character catches. */
  function withTypo(intent: PaymentIntent): string {
    const last = intent.code.at(-1)!;
    return intent.tweetText.replace(intent.code, intent.code.slice(0, -1) + (last === 'A' ? 'B' : 'A'));
  }

  for (const order of ORDERS) {
    it(`is matched once, arriving from ${order.join(', then ')}`, async () => {
      const payer = await linkedPerson('pay');
      const payee = await linkedPerson('bob');
      await fund(payer, 10_000);
      const intent = await createIntent(payer, payee, 1_250, { memo: 'pizza' });
      const typo = await postTweet(payer, withTypo(intent));
      for (const source of order) await arrive(source, payer, typo.id);
      expect((await intentAs(payer, intent.id)).status).toBe('awaiting_tweet');

      const fixed = await editTweet(typo.id, intent.tweetText);
      for (const source of [...order, ...order]) await arrive(source, payer, fixed.id);
      await Promise.all(order.map((source) => arrive(source, payer, typo.id)));

      const matched = await intentAs(payer, intent.id);
      expect(matched.status).toBe('awaiting_confirmation');
      expect(matched.tweet).toMatchObject({ rootId: typo.id, id: fixed.id });
      expect(await transfersOfIntent(intent.id)).toEqual([{ id: `pay:${intent.id}:hold`, flags: 'pending' }]);
      expect(await walletOf(payer)).toMatchObject({ availableMinor: 8_750 });
      await expectLedgerBalanced();
      await expectOneEffect(typo.id);
    });
  }

  it('a missing code added by an edit matches', async () => {
    const payer = await linkedPerson('pay');
    const payee = await linkedPerson('bob');
    await fund(payer, 10_000);
    const intent = await createIntent(payer, payee, 1_250);
    const missing = await postTweet(payer, intent.tweetText.replace(` ${intent.code}`, ''));
    expect((await reportTweet(payer, missing.id)).outcome).toBe('not-a-payment');
    const fixed = await editTweet(missing.id, intent.tweetText);
    expect((await reportTweet(payer, fixed.id)).outcome).toBe('matched');
    expect((await intentAs(payer, intent.id)).status).toBe('awaiting_confirmation');
  });

  it('X refuses an edit after its 30 minute window', async () => {
    const payer = await linkedPerson('pay');
    const typo = await postTweet(payer, `late typo #Hashpay HP-0000000`);
    const res = await sandboxControl(`/tweets/${typo.id}/backdate`, { body: { ms: TWEET_EDIT_WINDOW_MS + 60_000 } });
    expect(res.status).toBe(200);
    const edit = await sandboxControl(`/tweets/${typo.id}/edit`, { body: { text: 'too late' } });
    expect(edit.status).toBe(403);
  });

  it('a version dated after the edit window is not decided again', async () => {
    const payer = await linkedPerson('pay');
    const payee = await linkedPerson('bob');
    await fund(payer, 10_000);
    const intent = await createIntent(payer, payee, 1_250);
    const typo = await postTweet(payer, withTypo(intent));
    await reportTweet(payer, typo.id);
    const client = xClientFor(env);
    const [read] = (await client.lookupTweets([typo.id])).tweets;
    // A later version as search would return it, dated past the window of the first version.
    const lateId = (BigInt(typo.id) + 1_000_000n).toString();
    const late = {
      ...read!,
      id: lateId,
      text: intent.tweetText,
      createdAt: new Date(Date.parse(read!.createdAt) + TWEET_EDIT_WINDOW_MS + 60_000).toISOString(),
      editHistoryTweetIds: [typo.id, lateId],
    };
    const report = await matchTweets(env, [late], 'search', Date.now(), client);
    expect(report.outcomes[lateId]).toMatchObject({ kind: 'ignored' });
    expect((await intentAs(payer, intent.id)).status).toBe('awaiting_tweet');
  });
});

describe('a latest version X does not return yet', () => {
  it('leaves the tweet undecided, and the edit is read when X returns it', async () => {
    const payer = await linkedPerson('pay');
    const payee = await linkedPerson('bob');
    await fund(payer, 10_000);
    const intent = await createIntent(payer, payee, 1_250, { memo: 'pizza' });
    const tweet = await postTweet(payer, intent.tweetText);
    const edited = await editTweet(tweet.id, intent.tweetText.replace('pizza', 'pizza!'));
    await sandboxControl(`/tweets/${edited.id}/lag`, { body: { lagging: true } });

    const first = await reportTweet(payer, tweet.id);
    expect(first).toMatchObject({ outcome: 'retry-later', reason: 'latest-version-not-returned' });
    const recorded = await env.DB.prepare('SELECT count(*) AS n FROM payment_tweet_versions WHERE root_id = ?')
      .bind(tweet.id)
      .first<{ n: number }>();
    expect(recorded?.n).toBe(0);
    expect((await intentAs(payer, intent.id)).status).toBe('awaiting_tweet');

    await sandboxControl(`/tweets/${edited.id}/lag`, { body: { lagging: false } });
    expect((await reportTweet(payer, tweet.id)).outcome).toBe('matched');
    expect((await intentAs(payer, intent.id)).tweet).toMatchObject({ rootId: tweet.id, id: edited.id });
  });
});

describe("X's other answers", () => {
  it('a protected payer is told why the tweet cannot be matched', async () => {
    const payer = await linkedPerson('pay');
    const payee = await linkedPerson('bob');
    await fund(payer, 10_000);
    const intent = await createIntent(payer, payee, 1_250);
    const tweet = await postTweet(payer, intent.tweetText);
    await sandboxControl(`/users/${payer.username}/state`, { body: { protected: true } });
    expect(await reportTweet(payer, tweet.id)).toEqual({
      outcome: 'not-a-payment',
      intent: null,
      reason: 'payer-protected',
    });
    expect((await intentAs(payer, intent.id)).status).toBe('awaiting_tweet');
  });

  it('a suspended payee is refused as suspended, not as unknown', async () => {
    const payer = await linkedPerson('pay');
    const payee = await linkedPerson('bob');
    await sandboxControl(`/users/${payee.username}/state`, { body: { suspended: true } });
    const res = await postJson(
      '/v1/payment-intents',
      {
        requestId: `req_${crypto.randomUUID().replaceAll('-', '')}`,
        payeeHandle: payee.username,
        amountMinor: 500,
        currency: 'EUR',
        language: 'en',
      },
      sessionOf(payer),
    );
    expect(res.status).toBe(422);
    expect(await problemTypeOf(res)).toBe('account-suspended');
  });

  it("a rate-limited report says retry-after from X's reset, bounded", async () => {
    const payer = await linkedPerson('pay');
    const payee = await linkedPerson('bob');
    const intent = await createIntent(payer, payee, 1_250);
    const tweet = await postTweet(payer, intent.tweetText);
    // Only this tweet's lookup is limited: other test files share the sandbox.
    const injected = await sandboxControl('/faults', {
      body: { kind: 'rate-limit', path: '/2/tweets', queryContains: tweet.id },
    });
    expect(injected.status).toBe(201);
    const res = await postJson('/v1/tweets/report', { tweetId: tweet.id }, sessionOf(payer));
    expect(res.status).toBe(200);
    const retryAfterS = Number(res.headers.get('retry-after'));
    // The sandbox announces a reset 15 minutes ahead.
    expect(retryAfterS).toBeGreaterThan(REPORT_RETRY_AFTER_MAX_S - 60);
    expect(retryAfterS).toBeLessThanOrEqual(REPORT_RETRY_AFTER_MAX_S);
  });
});

describe('a contribution to a pot, edited before confirmation', () => {
  async function reservedContribution() {
    const organiser = await linkedPerson('carol');
    const pot = await openPot(organiser);
    const other = await openPot(organiser);
    const payer = await linkedPerson('pay');
    await fund(payer, 10_000);
    const { intent, tweet } = await reservedPotIntent(payer, pot.hashtag, 2_000);
    return { payer, pot, other, intent, tweet };
  }

  it('naming another pot releases the hold', async () => {
    const { payer, pot, other, intent, tweet } = await reservedContribution();
    expect(intent.tweetText).toContain(`#${pot.hashtag}`);
    const edited = await editTweet(tweet.id, intent.tweetText.replace(`#${pot.hashtag}`, `#${other.hashtag}`));
    await reportTweet(payer, edited.id);
    expect(await intentAs(payer, intent.id)).toMatchObject({ status: 'failed', failureReason: 'tweet-edited' });
    expect(await walletOf(payer)).toMatchObject({ availableMinor: 10_000 });
    await expectLedgerBalanced();
  });

  it('still naming its pot and amount keeps the hold and the text is refreshed', async () => {
    const { payer, intent, tweet } = await reservedContribution();
    const edited = await editTweet(tweet.id, `${intent.tweetText} 🎉`);
    await reportTweet(payer, edited.id);
    const after = await intentAs(payer, intent.id);
    expect(after.status).toBe('awaiting_confirmation');
    expect(after.tweet?.id).toBe(edited.id);
    expect((await confirm(payer, intent.id)).status).toBe(200);
    await expectLedgerBalanced();
  });
});
