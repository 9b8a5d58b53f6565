import { createHmac, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { PaymentIntentResponseSchema } from '../../shared/contract/payments';
import { createSandbox } from '../sandbox/index';
import { freePort } from '../support/free-port';
import { startWorker } from '../support/worker-runtime';
import { api } from './worker-api';
import { link } from './x-reads';

/**
 * The X webhook during a burst: 10,000 claim posts (an offer's hashtag catching on) and 1,000
 * payment posts delivered as fast as the harness sends them, each delivery signed like X's.
 * The deployable worker bundle runs in workerd with its posts queue and consumer (Miniflare), the
 * sandbox X behind it. Printed: the acknowledgement time of the deliveries (p50, p99, max), and
 * the time until the consumer has decided the last post, with X reads per post.
 */

/**
 * `BENCH_BURST_FRACTION=0.05 npm run bench -- webhook-burst` runs a smaller burst for a quick look;
 * the figures to compare are those of the whole burst.
 */
const BURST_FRACTION = Math.min(1, Math.max(0.001, Number(process.env.BENCH_BURST_FRACTION ?? '1') || 1));
const CLAIM_POSTS = Math.round(10_000 * BURST_FRACTION);
const PAYMENT_POSTS = Math.round(1_000 * BURST_FRACTION);
const PAYERS = 20;
/** Authors of the claim posts (not linked: each claim is decided and refused as such). */
const FANS = 500;
/** Deliveries in flight at once: as fast as the harness sends on a two-core machine. */
const DELIVERIES_IN_FLIGHT = 64;
/** Attempts per delivery when the connection drops (X redelivers too; a busy machine drops more). */
const DELIVERY_ATTEMPTS_MAX = 6;
const SANDBOX_WEBHOOK_SECRET = 'sandbox-webhook-secret';
const AMOUNT_MINOR = 1;
const TOP_UP_MINOR = 200_00;
const SETTLE_WITHIN_MS = 15 * 60 * 1000;
const POLL_MS = 250;
const DAY_MS = 86_400_000;
const OFFER_HASHTAG = 'BenchBurstOffer';

/** An Account Activity delivery of one created post, signed with the consumer secret. */
function signedDelivery(tweet: { id: string; text: string; authorId: string }) {
  const body = JSON.stringify({
    for_user_id: '1',
    tweet_create_events: [{ id_str: tweet.id, text: tweet.text, user: { id_str: tweet.authorId } }],
  });
  const signature = `sha256=${createHmac('sha256', SANDBOX_WEBHOOK_SECRET).update(body).digest('base64')}`;
  return { body, signature };
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? 0;
}

export async function benchWebhookBurst(): Promise<void> {
  const sandbox = createSandbox();
  let postsRead = 0;
  const port = await freePort();
  const worker = await startWorker({
    port,
    vars: { WORKER_ORIGIN: `http://127.0.0.1:${port}`, LOG_LEVEL: 'warn' },
    // A thousand drafts by twenty payers in a minute: above the sandbox's per-user limit.
    rateLimits: {
      RATE_LIMIT_USER_WRITES: { simple: { limit: 100_000, period: 60 } },
      RATE_LIMIT_IP_WRITES: { simple: { limit: 100_000, period: 60 } },
      RATE_LIMIT_AUTH: { simple: { limit: 100_000, period: 60 } },
    },
    outbound: async (request) => {
      const response = await sandbox.fetch(request);
      const url = new URL(request.url);
      if (request.method === 'GET' && url.pathname === '/2/tweets' && response.ok) {
        const body = (await response.clone().json()) as { data?: unknown[] };
        postsRead += body.data?.length ?? 0;
      }
      return response;
    },
  });
  try {
    const db = await worker.miniflare.getD1Database('DB');
    const nowMs = Date.now();
    // One live offer, written as its route would leave it (the merchant API is not under test here).
    await db.batch([
      db
        .prepare(
          "INSERT INTO merchants (id, name, x_username, api_key_hash, created_at_ms) VALUES ('mer_benchburst000000000001', 'Bench burst', 'bench_burst', ?1, ?2)",
        )
        .bind('b'.repeat(64), nowMs),
      db
        .prepare(
          `INSERT INTO offers (id, merchant_id, request_id, hashtag, title, minimum_spend_minor, credit_minor, currency,
             enrol_by_ms, spend_by_ms, budget_credits, funded_at_ms, created_at_ms, updated_at_ms)
           VALUES ('of_benchburst000000000001', 'mer_benchburst000000000001', 'bench-burst-offer', ?1, ?1, 7500, 2000, 'EUR', ?2, ?3, ?4, ?5, ?5, ?5)`,
        )
        .bind(OFFER_HASHTAG, nowMs + 30 * DAY_MS, nowMs + 60 * DAY_MS, CLAIM_POSTS, nowMs),
      db
        .prepare(
          "INSERT INTO offer_hashtags (hashtag_key, offer_id, enrol_by_ms) VALUES (?1, 'of_benchburst000000000001', ?2)",
        )
        .bind(OFFER_HASHTAG.toLowerCase(), nowMs + 30 * DAY_MS),
    ]);

    sandbox.createUser({ username: 'hashpay', name: 'Hashpay' });
    const payers: Array<{ username: string; token: string }> = [];
    for (let i = 0; i < PAYERS; i++) {
      const username = `burst_payer_${i}`;
      sandbox.createUser({ username });
      sandbox.createUser({ username: `burst_payee_${i}` });
      payers.push(await link(worker, sandbox, username));
      await api(worker.origin, '/v1/sandbox/demo-users', {
        body: { username, topUps: [{ currency: 'EUR', amountMinor: TOP_UP_MINOR }] },
      });
    }
    const tweets: Array<{ id: string; text: string; authorId: string }> = [];
    for (let i = 0; i < PAYMENT_POSTS; i++) {
      const payer = payers[i % PAYERS]!;
      const { intent } = PaymentIntentResponseSchema.parse(
        await api(worker.origin, '/v1/payment-intents', {
          token: payer.token,
          body: {
            requestId: `burst-${randomUUID()}`,
            payeeHandle: `burst_payee_${(i + 1) % PAYERS}`,
            amountMinor: AMOUNT_MINOR,
            currency: 'EUR',
            language: 'en',
          },
        }),
      );
      tweets.push(sandbox.postTweet({ authorUsername: payer.username, text: intent.tweetText }));
    }
    for (let i = 0; i < CLAIM_POSTS; i++) {
      const username = `burst_fan_${i % FANS}`;
      if (i < FANS) sandbox.createUser({ username });
      tweets.push(sandbox.postTweet({ authorUsername: username, text: `Claiming it! #${OFFER_HASHTAG} (${i})` }));
    }
    // Claims and payments interleaved, as a hashtag and its payments would arrive.
    tweets.sort((a, b) => (a.id < b.id ? -1 : 1));
    const deliveries = tweets.map((tweet) => signedDelivery(tweet));

    const ackMs: number[] = [];
    let redelivered = 0;
    const burstStartMs = performance.now();
    let next = 0;
    const sender = async () => {
      for (let index = next++; index < deliveries.length; index = next++) {
        const { body, signature } = deliveries[index]!;
        const startMs = performance.now();
        // A connection the local server drops under the burst is delivered again, as X would; the
        // acknowledgement time counts from the first attempt.
        for (let attempt = 1; ; attempt++) {
          try {
            const response = await fetch(`${worker.origin}/webhooks/x`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'x-twitter-webhooks-signature': signature },
              body,
            });
            await response.arrayBuffer();
            if (response.status !== 200) throw new Error(`a delivery was answered ${response.status}`);
            break;
          } catch (error) {
            if (!(error instanceof TypeError) || attempt >= DELIVERY_ATTEMPTS_MAX) throw error;
            redelivered += 1;
          }
        }
        ackMs.push(performance.now() - startMs);
      }
    };
    await Promise.all(Array.from({ length: DELIVERIES_IN_FLIGHT }, sender));
    const sentMs = performance.now() - burstStartMs;

    const ids = JSON.stringify(tweets.map((tweet) => tweet.id));
    const deadline = Date.now() + SETTLE_WITHIN_MS;
    let decided = 0;
    while (Date.now() < deadline) {
      const row = await db
        .prepare('SELECT count(*) AS n FROM payment_tweets WHERE root_id IN (SELECT value FROM json_each(?1))')
        .bind(ids)
        .first<{ n: number }>();
      decided = row?.n ?? 0;
      if (decided >= tweets.length) break;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    const settledMs = performance.now() - burstStartMs;
    const counts = await db
      .prepare(
        `SELECT (SELECT count(*) FROM payment_intents WHERE status = 'awaiting_confirmation') AS held,
                (SELECT count(*) FROM offer_claim_tweets) AS claims`,
      )
      .first<{ held: number; claims: number }>();
    if (decided < tweets.length) throw new Error(`only ${decided} of ${tweets.length} posts were decided`);

    ackMs.sort((a, b) => a - b);
    console.log(
      `burst: ${CLAIM_POSTS} claim posts + ${PAYMENT_POSTS} payment posts, one signed delivery each, ${DELIVERIES_IN_FLIGHT} in flight (workerd, local D1, Miniflare queue)`,
    );
    console.log(
      `webhook acknowledgement: p50 ${percentile(ackMs, 0.5).toFixed(1)} ms, p99 ${percentile(ackMs, 0.99).toFixed(1)} ms, max ${ackMs.at(-1)!.toFixed(1)} ms; all ${deliveries.length} acknowledged in ${(sentMs / 1000).toFixed(1)} s (${redelivered} sent again after a dropped connection)`,
    );
    console.log(
      `last post decided ${(settledMs / 1000).toFixed(1)} s after the burst began: ${counts?.held} payments held, ${counts?.claims} claims decided; ${postsRead} posts read from X (${(postsRead / tweets.length).toFixed(2)} per post: these deliveries carry ids only)`,
    );
  } finally {
    await worker.close();
  }
}
