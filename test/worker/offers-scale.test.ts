import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { hashtagKeyOf } from '../../worker/db/offers';
import { matchTweets } from '../../worker/payments/match';
import type { XTweet } from '../../worker/x/schemas';
import { DAY_MS, newMerchant } from './support/offers';

/**
 * Claims among many live offers: the matcher looks offers up by the tweet's own hashtags, so with
 * 10,000 live offers each claim still finds its one offer. Prints the matching rate (D1 writes
 * included, X not involved: the tweets are given as search results).
 */

const OFFERS = 10_000;
const USERS = 200;
const TWEETS = 300;
/** Seeding 10,000 offers and matching takes tens of seconds in local workerd. */
const SCALE_TEST_TIMEOUT_MS = 180_000;
const STATEMENTS_PER_BATCH = 100;
const TWEETS_PER_CALL = 100;

async function insertInBatches(statements: D1PreparedStatement[]): Promise<void> {
  for (let start = 0; start < statements.length; start += STATEMENTS_PER_BATCH) {
    await env.DB.batch(statements.slice(start, start + STATEMENTS_PER_BATCH));
  }
}

function tweet(id: number, authorId: string, text: string): XTweet {
  const tweetId = String(9_000_000_000_000_000 + id);
  return {
    id: tweetId,
    text,
    authorId,
    createdAt: new Date().toISOString(),
    conversationId: tweetId,
    editHistoryTweetIds: [tweetId],
    referencedTweets: [],
    hashtags: [],
    mentions: [],
    urls: [],
  };
}

describe('claims among 10,000 live offers', () => {
  it(
    'each claim enrols its author in the one offer it names',
    async () => {
      const merchant = await newMerchant('scale');
      const nowMs = Date.now();
      const offerStatements: D1PreparedStatement[] = [];
      for (let i = 0; i < OFFERS; i += 1) {
        const id = `of_scale${String(i).padStart(17, '0')}`;
        const hashtag = `Scale${i}`;
        offerStatements.push(
          env.DB.prepare(
            `INSERT INTO offers (id, merchant_id, request_id, hashtag, title, minimum_spend_minor, credit_minor, currency,
             enrol_by_ms, spend_by_ms, budget_credits, funded_at_ms, created_at_ms, updated_at_ms)
           VALUES (?1, ?2, ?3, ?4, 'Scale offer', 5000, 1000, 'EUR', ?5, ?6, 1000, ?7, ?7, ?7)`,
          ).bind(
            id,
            merchant.id,
            `scale-request-${String(i).padStart(6, '0')}`,
            hashtag,
            nowMs + DAY_MS,
            nowMs + 2 * DAY_MS,
            nowMs,
          ),
          env.DB.prepare('INSERT INTO offer_hashtags (hashtag_key, offer_id, enrol_by_ms) VALUES (?, ?, ?)').bind(
            hashtagKeyOf(hashtag),
            id,
            nowMs + DAY_MS,
          ),
        );
      }
      const userStatements = Array.from({ length: USERS }, (_, i) =>
        env.DB.prepare(
          `INSERT INTO users (id, x_user_id, username, name, created_at_ms, updated_at_ms) VALUES (?1, ?2, ?3, ?3, ?4, ?4)`,
        ).bind(`usr_scale${i}`, String(8_000_000_000 + i), `scale${i}`, nowMs),
      );
      await insertInBatches([...offerStatements, ...userStatements]);

      // A third claims an offer, a third is a payment-looking tweet with an unknown code, a third is chatter.
      const tweets = Array.from({ length: TWEETS }, (_, i) => {
        const authorId = String(8_000_000_000 + (i % USERS));
        if (i % 3 === 0) return tweet(i, authorId, `Claiming the #scale${(i * 7919) % OFFERS} offer via #Hashpay`);
        if (i % 3 === 1) return tweet(i, authorId, `Paying @bob €5.00 for lunch via #Hashpay HP-7K2Q9XA0`);
        return tweet(i, authorId, `Nice weather today #sunny #weekend ${i}`);
      });

      const startedMs = Date.now();
      let enrolled = 0;
      for (let start = 0; start < tweets.length; start += TWEETS_PER_CALL) {
        const report = await matchTweets(env, tweets.slice(start, start + TWEETS_PER_CALL), 'search', nowMs);
        enrolled += report.enrolled;
      }
      const elapsedMs = Math.max(1, Date.now() - startedMs);
      expect(enrolled).toBe(TWEETS / 3);
      const { results } = await env.DB.prepare(
        `SELECT offers.hashtag AS hashtag, offer_enrolments.tweet_root_id AS root FROM offer_enrolments
       JOIN offers ON offers.id = offer_enrolments.offer_id WHERE offers.merchant_id = ?`,
      )
        .bind(merchant.id)
        .all<{ hashtag: string; root: string }>();
      expect(results).toHaveLength(TWEETS / 3);
      for (const row of results) {
        const i = Number(BigInt(row.root) - 9_000_000_000_000_000n);
        expect(row.hashtag).toBe(`Scale${(i * 7919) % OFFERS}`);
      }
      console.log(
        `matcher: ${TWEETS} tweets against ${OFFERS} live offers in ${elapsedMs} ms = ${Math.round((TWEETS * 1000) / elapsedMs)} tweets/s (workerd, local D1, X not involved)`,
      );
    },
    SCALE_TEST_TIMEOUT_MS,
  );
});
