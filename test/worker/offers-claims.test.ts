import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import {
  CatalogueResponseSchema,
  ClaimListResponseSchema,
  type CreateMerchantResponse,
} from '../../shared/contract/offers';
import { ReportTweetResponseSchema } from '../../shared/contract/payments';
import { jobs } from '../../worker/jobs';
import { releaseCreditBudgetStatement, reserveCreditBudget } from '../../worker/offers/enrolments';
import { matchTweetIds } from '../../worker/payments/match';
import { postJson, workerFetch } from './support/link-user';
import {
  createOffer,
  deliverTweet,
  enrolmentsOf,
  HOUR_MS,
  merchantPost,
  newMerchant,
  offerDetail,
  offerTablesSnapshot,
  type TestMerchant,
  uniqueHashtag,
} from './support/offers';
import { linkedPerson, postTweet, reportTweet, sessionOf, unlinkedPerson } from './support/payments';
import { untilDecided } from './support/queue';

/**
 * Claiming an offer by tweeting its hashtag, through each of the matcher's three sources: once per
 * user and offer, once per tweet, refused with a reason after enrol-by, when paused, or without a
 * linked account. The catalogue the extension polls answers 304 while unchanged.
 */

async function claimsOf(person: Awaited<ReturnType<typeof linkedPerson>>) {
  const res = await workerFetch('/v1/offers/claims', { headers: sessionOf(person) });
  expect(res.status).toBe(200);
  return ClaimListResponseSchema.parse(await res.json()).claims;
}

describe('claiming through each source', () => {
  it('the extension report enrols the author and answers the claim to them only', async () => {
    const merchant = await newMerchant();
    const offer = await createOffer(merchant, { hashtag: uniqueHashtag('Primeur') });
    const alice = await linkedPerson('alice');
    const bob = await linkedPerson('bob');
    const tweet = await postTweet(alice, `Claiming #${offer.hashtag.toLowerCase()} via #Hashpay`);

    const report = ReportTweetResponseSchema.parse(await reportTweet(alice, tweet.id));
    expect(report).toMatchObject({
      outcome: 'offer-claimed',
      intent: null,
      claim: { offerId: offer.id, hashtag: offer.hashtag, status: 'enrolled', refusalReason: null },
    });
    expect(report.claim?.claimedAt).not.toBeNull();
    expect(await enrolmentsOf(offer.id)).toEqual([{ user_id: alice.linked.user.id, tweet_root_id: tweet.id }]);

    // Someone else reporting the same tweet learns nothing of it and changes nothing.
    const byBob = ReportTweetResponseSchema.parse(await reportTweet(bob, tweet.id));
    expect(byBob).toEqual({ outcome: 'offer-claimed', intent: null });
    expect(await enrolmentsOf(offer.id)).toHaveLength(1);

    const claims = await claimsOf(alice);
    expect(claims).toEqual([
      {
        offerId: offer.id,
        hashtag: offer.hashtag,
        status: 'enrolled',
        claimedAt: report.claim!.claimedAt,
        tweetId: tweet.id,
      },
    ]);
    expect(await claimsOf(bob)).toEqual([]);
    expect((await offerDetail(merchant, offer.id)).stats.enrolments).toBe(1);
  });

  it('the search job finds claims nobody reported', async () => {
    const merchant = await newMerchant();
    const offer = await createOffer(merchant, { hashtag: uniqueHashtag('Searched') });
    const carol = await linkedPerson('carol');
    const dave = await linkedPerson('dave');
    const first = await postTweet(carol, `Yes please #${offer.hashtag}`);
    const second = await postTweet(dave, `#${offer.hashtag.toUpperCase()} for me too`);

    const totals = await jobs.matchSearch!(env, Date.now());
    expect(totals.enrolled).toBeGreaterThanOrEqual(2);
    const enrolled = await enrolmentsOf(offer.id);
    expect(enrolled.map((row) => row.tweet_root_id).sort()).toEqual([first.id, second.id].sort());

    // The next round finds nothing new, and a later report is answered from D1.
    const again = await jobs.matchSearch!(env, Date.now());
    expect(again.enrolled).toBe(0);
    const report = await reportTweet(carol, first.id);
    expect(report.claim).toMatchObject({ status: 'enrolled', offerId: offer.id });
    expect(await enrolmentsOf(offer.id)).toHaveLength(2);
  });

  it('the X webhook enrols once however many times it delivers the tweet', async () => {
    const merchant = await newMerchant();
    const offer = await createOffer(merchant, { hashtag: uniqueHashtag('Hooked') });
    const erin = await linkedPerson('erin');
    const tweet = await postTweet(erin, `#${offer.hashtag}`);
    const delivered = { id: tweet.id, text: tweet.text, authorId: erin.xUserId };

    const first = await deliverTweet(delivered);
    expect(first.status).toBe(200);
    // A redelivery with another body (X's retries are not byte-identical), queued too, decides
    // nothing new whether the consumer sees both in one batch or one after the other.
    const second = await deliverTweet({ ...delivered, text: `${tweet.text} ` });
    expect(second.status).toBe(200);
    expect(await second.json()).toMatchObject({ outcome: 'queued', queued: 1 });
    await untilDecided([tweet.id]);
    expect(await enrolmentsOf(offer.id)).toEqual([{ user_id: erin.linked.user.id, tweet_root_id: tweet.id }]);
  });
});

describe('refused claims', () => {
  it('a second claim by the same user is refused as already claimed; the first enrolment stays', async () => {
    const merchant = await newMerchant();
    const offer = await createOffer(merchant, { hashtag: uniqueHashtag('Twice') });
    const frank = await linkedPerson('frank');
    const first = await postTweet(frank, `#${offer.hashtag}`);
    const second = await postTweet(frank, `#${offer.hashtag} again`);
    const claimed = await reportTweet(frank, first.id);
    expect(claimed.outcome).toBe('offer-claimed');
    const refused = await reportTweet(frank, second.id);
    expect(refused).toMatchObject({
      outcome: 'offer-refused',
      claim: { status: 'refused', refusalReason: 'already-claimed', claimedAt: claimed.claim!.claimedAt },
    });
    expect(await enrolmentsOf(offer.id)).toEqual([{ user_id: frank.linked.user.id, tweet_root_id: first.id }]);
  });

  it('a claim matched after enrol-by is refused, and after spend-by the offer has ended', async () => {
    const merchant = await newMerchant();
    const nowMs = Date.now();
    const offer = await createOffer(merchant, {
      hashtag: uniqueHashtag('Late'),
      enrolBy: new Date(nowMs + HOUR_MS).toISOString(),
      spendBy: new Date(nowMs + 2 * HOUR_MS).toISOString(),
    });
    const gina = await linkedPerson('gina');
    const hugo = await linkedPerson('hugo');
    const late = await postTweet(gina, `#${offer.hashtag}`);
    const later = await postTweet(hugo, `#${offer.hashtag}`);

    const afterEnrolBy = await matchTweetIds(env, [late.id], 'webhook', nowMs + 1.5 * HOUR_MS);
    expect(afterEnrolBy.outcomes[late.id]).toMatchObject({ kind: 'claim', outcome: 'enrol-by-passed' });
    const afterSpendBy = await matchTweetIds(env, [later.id], 'webhook', nowMs + 3 * HOUR_MS);
    expect(afterSpendBy.outcomes[later.id]).toMatchObject({ kind: 'claim', outcome: 'offer-ended' });
    expect(await enrolmentsOf(offer.id)).toEqual([]);

    // The reason stays with the tweet: reporting it later answers the same refusal.
    const report = await reportTweet(gina, late.id);
    expect(report).toMatchObject({ outcome: 'offer-refused', claim: { refusalReason: 'enrol-by-passed' } });
  });

  it('a paused offer refuses claims and leaves the catalogue; resumed, it takes them again', async () => {
    const merchant = await newMerchant();
    const offer = await createOffer(merchant, { hashtag: uniqueHashtag('Paused') });
    const ivy = await linkedPerson('ivy');
    const jack = await linkedPerson('jack');
    expect((await merchantPost(merchant, `/v1/merchant/offers/${offer.id}/pause`)).status).toBe(200);
    const catalogue = CatalogueResponseSchema.parse(await (await workerFetch('/v1/offers')).json());
    expect(catalogue.offers.map((o) => o.id)).not.toContain(offer.id);

    const refused = await reportTweet(ivy, (await postTweet(ivy, `#${offer.hashtag}`)).id);
    expect(refused).toMatchObject({ outcome: 'offer-refused', claim: { refusalReason: 'offer-paused' } });

    expect((await merchantPost(merchant, `/v1/merchant/offers/${offer.id}/resume`)).status).toBe(200);
    const claimed = await reportTweet(jack, (await postTweet(jack, `#${offer.hashtag}`)).id);
    expect(claimed.outcome).toBe('offer-claimed');
    expect((await enrolmentsOf(offer.id)).map((row) => row.user_id)).toEqual([jack.linked.user.id]);
  });

  it('a tweet by someone without a linked account enrols no one', async () => {
    const merchant = await newMerchant();
    const offer = await createOffer(merchant, { hashtag: uniqueHashtag('Nobody') });
    const stranger = await unlinkedPerson('anon');
    const tweet = await postTweet(stranger, `#${offer.hashtag}`);
    const report = await matchTweetIds(env, [tweet.id], 'webhook', Date.now());
    expect(report.outcomes[tweet.id]).toMatchObject({ kind: 'claim', outcome: 'author-not-linked', userId: null });
    expect(report.claimsRefused).toBe(1);
    expect(await enrolmentsOf(offer.id)).toEqual([]);
  });

  it("a merchant's own tweet does not claim its own offer; another merchant's offer in it still enrols", async () => {
    const owner = await linkedPerson('grocer');
    // The merchant's handle as the operator typed it: X compares handles without case.
    const merchant = await merchantWithXAccount(owner.username.toUpperCase());
    const offer = await createOffer(merchant, { hashtag: uniqueHashtag('OwnShop') });
    const other = await createOffer(await newMerchant(), { hashtag: uniqueHashtag('Neighbour') });

    const own = await postTweet(owner, `New at our shop: spend and get money back with #${offer.hashtag}`);
    const report = ReportTweetResponseSchema.parse(await reportTweet(owner, own.id));
    expect(report).toMatchObject({
      outcome: 'offer-refused',
      claim: { offerId: offer.id, status: 'refused', refusalReason: 'merchant-own-offer', claimedAt: null },
    });
    expect(await enrolmentsOf(offer.id)).toEqual([]);
    // Decided once: the search job meeting the tweet again answers the same refusal, enrols no one.
    const again = await matchTweetIds(env, [own.id], 'webhook', Date.now());
    expect(again.outcomes[own.id]).toMatchObject({ kind: 'claim', outcome: 'merchant-own-offer', firstTime: false });
    expect(await enrolmentsOf(offer.id)).toEqual([]);
    expect((await offerDetail(merchant, offer.id)).stats.enrolments).toBe(0);

    // Naming its own offer first does not stop the merchant's account from claiming another's.
    const both = await postTweet(owner, `#${offer.hashtag} and #${other.hashtag}`);
    const claimed = await matchTweetIds(env, [both.id], 'webhook', Date.now());
    expect(claimed.outcomes[both.id]).toMatchObject({ kind: 'claim', outcome: 'enrolled', offerId: other.id });
    expect(await enrolmentsOf(other.id)).toEqual([{ user_id: owner.linked.user.id, tweet_root_id: both.id }]);

    // Anyone else's tweet with the hashtag claims the offer as usual.
    const kim = await linkedPerson('kim');
    const byKim = await reportTweet(kim, (await postTweet(kim, `#${offer.hashtag}`)).id);
    expect(byKim).toMatchObject({ outcome: 'offer-claimed', claim: { status: 'enrolled' } });
    expect(await enrolmentsOf(offer.id)).toEqual([{ user_id: kim.linked.user.id, tweet_root_id: expect.any(String) }]);
  });

  it('a claims request without a valid session is a 401 and changes nothing', async () => {
    const before = await offerTablesSnapshot();
    const attempts: Record<string, string>[] = [
      {},
      { authorization: `Bearer hps_${'b'.repeat(43)}` },
      { authorization: 'Bearer nope' },
    ];
    for (const headers of attempts) {
      const res = await workerFetch('/v1/offers/claims', { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
    expect(await offerTablesSnapshot()).toBe(before);
  });
});

describe('the public catalogue', () => {
  it('lists live offers with terms, and answers 304 to If-None-Match while nothing changed', async () => {
    const merchant = await newMerchant('grocer');
    const offer = await createOffer(merchant, { hashtag: uniqueHashtag('Cat') });
    const first = await workerFetch('/v1/offers');
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('public, max-age=60');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const catalogue = CatalogueResponseSchema.parse(await first.json());
    expect(catalogue.offers).toContainEqual({
      id: offer.id,
      hashtag: offer.hashtag,
      title: offer.title,
      merchantName: expect.stringContaining('grocer'),
      merchantUsername: null,
      terms: offer.terms,
      enrolBy: offer.enrolBy,
      spendBy: offer.spendBy,
      status: 'live',
      budgetLeftCredits: 100,
    });

    const unchanged = await workerFetch('/v1/offers', { headers: { 'if-none-match': etag! } });
    expect(unchanged.status).toBe(304);
    expect(unchanged.headers.get('etag')).toBe(etag);
    expect(await unchanged.text()).toBe('');
    const listed = await workerFetch('/v1/offers', { headers: { 'if-none-match': `"other", W/${etag}` } });
    expect(listed.status).toBe(304);

    // A new offer changes the catalogue, so the old tag no longer matches.
    await createOffer(merchant, { hashtag: uniqueHashtag('Cat') });
    const changed = await workerFetch('/v1/offers', { headers: { 'if-none-match': etag! } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('says how many credits each offer has left, and a credit booked changes the tag', async () => {
    const merchant = await newMerchant('baker');
    const offer = await createOffer(merchant, { hashtag: uniqueHashtag('Left'), budgetCredits: 3 });
    const listedOffer = async (headers: Record<string, string> = {}) => {
      const response = await workerFetch('/v1/offers', { headers });
      expect(response.status).toBe(200);
      const body = CatalogueResponseSchema.parse(await response.json());
      return { etag: response.headers.get('etag')!, offer: body.offers.find((listed) => listed.id === offer.id) };
    };
    const before = await listedOffer();
    expect(before.offer?.budgetLeftCredits).toBe(3);
    expect(Number.isSafeInteger(before.offer?.budgetLeftCredits)).toBe(true);

    // A credit booked (a qualifying purchase) takes one from the budget left.
    expect(await reserveCreditBudget(env.DB, offer.id)).toBe(true);
    const after = await listedOffer({ 'if-none-match': before.etag });
    expect(after.etag).not.toBe(before.etag);
    expect(after.offer).toMatchObject({ budgetLeftCredits: 2, status: 'live' });

    // The last credits: none left, fully redeemed, still listed.
    expect(await reserveCreditBudget(env.DB, offer.id)).toBe(true);
    expect(await reserveCreditBudget(env.DB, offer.id)).toBe(true);
    const spent = await listedOffer({ 'if-none-match': after.etag });
    expect(spent.offer).toMatchObject({ budgetLeftCredits: 0, status: 'fully_redeemed' });

    // A pending credit voided gives its place back.
    await releaseCreditBudgetStatement(env.DB, offer.id).run();
    expect((await listedOffer({ 'if-none-match': spent.etag })).offer).toMatchObject({
      budgetLeftCredits: 1,
      status: 'live',
    });
  });
});

/** A merchant whose X account is `xUsername`, made through the sandbox route like `newMerchant`. */
async function merchantWithXAccount(xUsername: string): Promise<TestMerchant> {
  const suffix = crypto.randomUUID().slice(0, 8);
  const cardMerchantIds = [`own-${suffix}-a`];
  const res = await postJson('/v1/sandbox/merchants', {
    name: `own shop ${suffix}`,
    merchantIds: cardMerchantIds,
    xUsername,
  });
  expect(res.status, await res.clone().text()).toBe(201);
  const body = (await res.json()) as CreateMerchantResponse;
  expect(body.merchant.xUsername).toBe(xUsername);
  return {
    id: body.merchant.id,
    apiKey: body.apiKey,
    cardMerchantIds,
    headers: { authorization: `Bearer ${body.apiKey}` },
  };
}
