import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { CatalogueResponseSchema } from '../../shared/contract/offers';
import {
  findEnrolmentsForPurchase,
  isBudgetExhausted,
  releaseCreditBudgetStatement,
  reserveCreditBudget,
  reserveCreditBudgetStatement,
} from '../../worker/offers/enrolments';
import { offerSearchStreams, packHashtagQueries, SEARCH_QUERY_LENGTH_MAX } from '../../worker/offers/search-streams';
import { matchTweetIds } from '../../worker/payments/match';
import { workerFetch } from './support/link-user';
import {
  createOffer,
  creditsUsedOf,
  DAY_MS,
  enrolmentsOf,
  newMerchant,
  offerDetail,
  uniqueHashtag,
} from './support/offers';
import { linkedPerson, postTweet, reportTweet } from './support/payments';

/**
 * The budget of an offer (its maximum number of credits) held by the database under concurrency,
 * the enrolments a purchase can earn on, and the search queries that find claims.
 */

describe('the budget', () => {
  it('concurrent credits never go over budget: exactly the budget is booked', async () => {
    const merchant = await newMerchant();
    const offer = await createOffer(merchant, { budgetCredits: 3 });
    const results = await Promise.all(Array.from({ length: 10 }, () => reserveCreditBudget(env.DB, offer.id)));
    expect(results.filter(Boolean)).toHaveLength(3);
    expect(await creditsUsedOf(offer.id)).toBe(3);
    expect((await offerDetail(merchant, offer.id)).stats.budgetLeftCredits).toBe(0);
  });

  it('a reservation in a batch makes the whole batch fail once the budget is used up', async () => {
    const merchant = await newMerchant();
    const offer = await createOffer(merchant, { budgetCredits: 1 });
    expect(await reserveCreditBudget(env.DB, offer.id)).toBe(true);
    const marker = `budget-test-${crypto.randomUUID()}`;
    let failure: unknown = null;
    try {
      await env.DB.batch([
        env.DB.prepare("INSERT INTO x_cursors (stream, since_id, updated_at_ms) VALUES (?, '1', 0)").bind(marker),
        reserveCreditBudgetStatement(env.DB, offer.id),
      ]);
    } catch (error) {
      failure = error;
    }
    expect(isBudgetExhausted(failure)).toBe(true);
    expect(await env.DB.prepare('SELECT 1 FROM x_cursors WHERE stream = ?').bind(marker).first()).toBeNull();

    // A credit voided while pending gives its place back; releasing below zero is refused.
    await releaseCreditBudgetStatement(env.DB, offer.id).run();
    expect(await creditsUsedOf(offer.id)).toBe(0);
    await expect(releaseCreditBudgetStatement(env.DB, offer.id).run()).rejects.toThrow(/credits_within_budget/);
  });

  it('claims racing the last credits: never over budget, and claims after it are refused as fully redeemed', async () => {
    const merchant = await newMerchant();
    const offer = await createOffer(merchant, { hashtag: uniqueHashtag('Race'), budgetCredits: 2 });
    expect(await reserveCreditBudget(env.DB, offer.id)).toBe(true);
    const people = await Promise.all(Array.from({ length: 5 }, (_, i) => linkedPerson(`race${i}`)));
    const tweets = await Promise.all(people.map((person) => postTweet(person, `#${offer.hashtag}`)));

    const nowMs = Date.now();
    const [claims, reservations] = await Promise.all([
      Promise.all(tweets.map((tweet) => matchTweetIds(env, [tweet.id], 'report', nowMs))),
      Promise.all(Array.from({ length: 4 }, () => reserveCreditBudget(env.DB, offer.id))),
    ]);
    expect(reservations.filter(Boolean)).toHaveLength(1);
    expect(await creditsUsedOf(offer.id)).toBe(2);
    const outcomes = claims.map((report, i) => report.outcomes[tweets[i]!.id]);
    for (const outcome of outcomes) {
      expect(outcome?.kind).toBe('claim');
      if (outcome?.kind === 'claim') expect(['enrolled', 'fully-redeemed']).toContain(outcome.outcome);
    }
    const enrolledCount = outcomes.filter((o) => o?.kind === 'claim' && o.outcome === 'enrolled').length;
    expect(await enrolmentsOf(offer.id)).toHaveLength(enrolledCount);

    const late = await linkedPerson('late');
    const refused = await reportTweet(late, (await postTweet(late, `#${offer.hashtag}`)).id);
    expect(refused).toMatchObject({ outcome: 'offer-refused', claim: { refusalReason: 'fully-redeemed' } });
    const catalogue = CatalogueResponseSchema.parse(await (await workerFetch('/v1/offers')).json());
    expect(catalogue.offers.find((o) => o.id === offer.id)?.status).toBe('fully_redeemed');
    const streams = await offerSearchStreams(env.DB, Date.now());
    expect(streams.some((stream) => stream.query.includes(`#${offer.hashtag}`))).toBe(false);
  });
});

describe('enrolments a purchase can earn on', () => {
  it('match on the user, an acceptor id of the offer, its currency and the window [enrolled, spend-by]', async () => {
    const merchant = await newMerchant();
    const offer = await createOffer(merchant, {
      hashtag: uniqueHashtag('Buy'),
      terms: { minimumSpendMinor: 75_00, creditMinor: 20_00, currency: 'USD' },
    });
    const buyer = await linkedPerson('buyer');
    const other = await linkedPerson('other');
    const tweet = await postTweet(buyer, `#${offer.hashtag}`);
    expect((await reportTweet(buyer, tweet.id)).outcome).toBe('offer-claimed');
    const [enrolment] = await enrolmentsOf(offer.id);
    expect(enrolment).toBeDefined();
    const enrolled = await env.DB.prepare('SELECT id, enrolled_at_ms FROM offer_enrolments WHERE offer_id = ?')
      .bind(offer.id)
      .first<{ id: string; enrolled_at_ms: number }>();
    const spendByMs = Date.parse(offer.spendBy);
    const query = {
      userId: buyer.linked.user.id,
      merchantId: merchant.cardMerchantIds[0]!,
      currency: 'USD',
      purchasedAtMs: enrolled!.enrolled_at_ms + DAY_MS,
    };

    expect(await findEnrolmentsForPurchase(env.DB, query)).toEqual([
      {
        enrolmentId: enrolled!.id,
        offerId: offer.id,
        userId: buyer.linked.user.id,
        minimumSpendMinor: 75_00,
        creditMinor: 20_00,
        currency: 'USD',
        spendByMs,
        enrolledAtMs: enrolled!.enrolled_at_ms,
      },
    ]);
    expect(await findEnrolmentsForPurchase(env.DB, { ...query, purchasedAtMs: spendByMs })).toHaveLength(1);
    for (const miss of [
      { merchantId: merchant.cardMerchantIds[1]! },
      { currency: 'EUR' },
      { userId: other.linked.user.id },
      { purchasedAtMs: enrolled!.enrolled_at_ms - 1 },
      { purchasedAtMs: spendByMs + 1 },
    ]) {
      expect(await findEnrolmentsForPurchase(env.DB, { ...query, ...miss }), JSON.stringify(miss)).toEqual([]);
    }
  });
});

describe('search queries for claims', () => {
  it('pack every hashtag, in order, into queries X accepts', () => {
    const hashtags = Array.from({ length: 60 }, (_, i) => `Offer${i}${'x'.repeat(i % 30)}`);
    const queries = packHashtagQueries(hashtags, 100);
    expect(queries.length).toBeGreaterThan(1);
    for (const query of queries) expect(query.length).toBeLessThanOrEqual(SEARCH_QUERY_LENGTH_MAX);
    expect(queries.join(' OR ')).toBe(hashtags.map((tag) => `#${tag}`).join(' OR '));
    expect(packHashtagQueries(hashtags, 2)).toEqual(queries.slice(0, 2));
    expect(packHashtagQueries([], 5)).toEqual([]);
  });
});
