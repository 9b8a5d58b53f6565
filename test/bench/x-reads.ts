import { randomBytes, randomUUID } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { PaymentIntentResponseSchema } from '../../shared/contract/payments';
import { createSandbox, type Sandbox } from '../sandbox/index';
import { freePort } from '../support/free-port';
import { startWorker, type WorkerRuntime } from '../support/worker-runtime';
import { api, linkUser } from './worker-api';

/**
 * X API reads per matched tweet at campaign scale, the figure X bills by (about $0.005 per post
 * read). The deployable worker bundle runs in workerd in stream mode (its posts queue and consumer
 * in Miniflare), the sandbox X behind it with its filtered stream set up through the operator's
 * `POST /v1/operator/x-stream/setup`, as in production. Every payment and claim tweet reaches the
 * worker through the stream's signed delivery; besides:
 *   - most are also reported by the extension (`POST /v1/tweets/report`) right after posting,
 *     racing the delivery;
 *   - some arrive twice at the same instant: delivered twice, and reported twice at once;
 *   - some only through the stream (the figure to watch: no read at all);
 *   - a last stretch posted while deliveries are lost (a gap) is found by the gap search once the
 *     stream has been silent long enough, and only by it.
 * Posts read are counted per post by the sandbox X (each time its API returned that post, to a
 * lookup or a search) and on the wire (the posts in `data` of every answer to a tweet lookup or
 * search); requests per endpoint come from the sandbox's own stats.
 *
 * `BENCH_X_READS_FRACTION=0.1 npm run bench -- x-reads` runs a smaller campaign for a quick look;
 * the figures to compare are those of the whole one.
 */

const FRACTION = Math.min(1, Math.max(0.01, Number(process.env.BENCH_X_READS_FRACTION ?? '1') || 1));
const PAYERS = 40;
const PAYMENTS = Math.round(800 * FRACTION);
/** Offers live at once; each payer claims some of them, once each (an author enrols once per offer). */
const OFFERS = 10;
const CLAIMS = Math.round(200 * FRACTION);
/**
 * Payments posted while the stream's deliveries are lost, found by the gap search alone: always
 * more than the search matches inline (GAP_POSTS_INLINE_MAX, 10), so the gap goes through the queue.
 */
const GAP_PAYMENTS = Math.max(12, Math.round(40 * FRACTION));
const AMOUNT_MINOR = 1;
const TOP_UP_MINOR = 200_00;
/** Requests the harness keeps in flight: drafts, posts and reports as many people make them. */
const IN_FLIGHT = 6;
/** Attempts per report when the connection drops. */
const REPORT_ATTEMPTS_MAX = 3;
/** The worker's silence threshold (worker/stream/config.ts STREAM_SILENCE_MAX_MS) and a margin. */
const STREAM_SILENCE_MAX_MS = 10 * 60 * 1000;
const SILENCE_MARGIN_MS = 30_000;
const SETTLE_WITHIN_MS = 5 * 60 * 1000;
const POLL_MS = 250;
const DAY_MS = 86_400_000;
const OFFER_HASHTAG_PREFIX = 'BenchReadsOffer';

/** The local D1 as Miniflare hands it to Node. */
type Db = Awaited<ReturnType<WorkerRuntime['miniflare']['getD1Database']>>;

/** How a tweet reaches the worker besides the stream. */
type Path = 'stream only' | 'stream + report' | 'stream ×2 + report ×2 at once' | 'gap: search only';
const PATHS: readonly Path[] = ['stream only', 'stream + report', 'stream ×2 + report ×2 at once', 'gap: search only'];

/** One in five tweets through the stream only, one in ten twice at once, the rest also reported. */
function pathOf(index: number): Path {
  const slot = index % 10;
  if (slot < 2) return 'stream only';
  if (slot === 2) return 'stream ×2 + report ×2 at once';
  return 'stream + report';
}

interface Session {
  username: string;
  token: string;
}

interface PlannedTweet {
  author: Session;
  text: string;
  kind: 'payment' | 'claim';
  path: Path;
}

interface PostedTweet extends PlannedTweet {
  id: string;
}

/** Posts read from X, counted from the answers the worker got. */
class ReadCounter {
  postsRead = 0;

  async observe(request: Request, response: Response): Promise<void> {
    const url = new URL(request.url);
    if (request.method !== 'GET' || !url.pathname.startsWith('/2/tweets') || !response.ok) return;
    const body = (await response.clone().json()) as { data?: unknown };
    this.postsRead += Array.isArray(body.data) ? body.data.length : body.data ? 1 : 0;
  }
}

/** Links a sandbox user the way the extension does (start → consent → callback → claim). */
export async function link(worker: WorkerRuntime, sandbox: Sandbox, username: string): Promise<Session> {
  return { username, token: (await linkUser(worker.origin, sandbox, username)).sessionToken };
}

/** Runs `task` over `items` with IN_FLIGHT of them at once, keeping the results in order. */
async function inFlight<T, R>(items: readonly T[], task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const runner = async () => {
    for (let index = next++; index < items.length; index = next++) results[index] = await task(items[index]!, index);
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, runner));
  return results;
}

async function draftPayment(worker: WorkerRuntime, payer: Session, payee: string): Promise<string> {
  const { intent } = PaymentIntentResponseSchema.parse(
    await api(worker.origin, '/v1/payment-intents', {
      token: payer.token,
      body: {
        requestId: `bench-${randomUUID()}`,
        payeeHandle: payee,
        amountMinor: AMOUNT_MINOR,
        currency: 'EUR',
        language: 'en',
      },
    }),
  );
  return intent.tweetText;
}

/**
 * The extension's report of its user's tweet; a "retry later" answer costs no read and is final
 * here. A connection the local runtime drops under load is reported again, as the extension would.
 */
async function report(worker: WorkerRuntime, tweet: PostedTweet): Promise<unknown> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await api(worker.origin, '/v1/tweets/report', { token: tweet.author.token, body: { tweetId: tweet.id } });
    } catch (error) {
      if (!(error instanceof TypeError) || attempt >= REPORT_ATTEMPTS_MAX) throw error;
    }
  }
}

/** Posts a tweet on the sandbox X (the stream delivers it) and sends what its path adds. */
async function postAlongItsPath(worker: WorkerRuntime, sandbox: Sandbox, planned: PlannedTweet): Promise<PostedTweet> {
  const twice = planned.path === 'stream ×2 + report ×2 at once';
  // The sandbox decides a post's deliveries as it stores it: the fault covers this post only.
  if (twice) sandbox.stream.setFaults({ duplicate: true });
  const stored = sandbox.postTweet({ authorUsername: planned.author.username, text: planned.text });
  if (twice) sandbox.stream.setFaults({});
  const tweet = { ...planned, id: stored.id };
  if (planned.path === 'stream + report') await report(worker, tweet);
  if (twice) await Promise.all([report(worker, tweet), report(worker, tweet)]);
  return tweet;
}

/** How many times the sandbox X's API returned each post (lookups and searches). */
async function readsOf(sandbox: Sandbox, ids: readonly string[]): Promise<Record<string, number>> {
  const reads: Record<string, number> = {};
  for (let start = 0; start < ids.length; start += 100) {
    const chunk = ids.slice(start, start + 100).join(',');
    const response = await sandbox.fetch(new Request(`http://sandbox.local/__sandbox/reads?ids=${chunk}`));
    Object.assign(reads, ((await response.json()) as { reads: Record<string, number> }).reads);
  }
  return reads;
}

function requestsDelta(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const delta: Record<string, number> = {};
  for (const [key, count] of Object.entries(after)) {
    const grown = count - (before[key] ?? 0);
    if (grown > 0 && key.includes(' /2/')) delta[key] = grown;
  }
  return delta;
}

export async function benchXReads(): Promise<void> {
  const sandbox = createSandbox();
  const reads = new ReadCounter();
  const port = await freePort();
  const operatorToken = randomBytes(32).toString('base64url');
  const worker = await startWorker({
    port,
    vars: {
      WORKER_ORIGIN: `http://127.0.0.1:${port}`,
      X_TWEET_SOURCE: 'stream',
      OPERATOR_TOKEN: operatorToken,
      LOG_LEVEL: 'warn',
    },
    // Forty payers linked from one address, each drafting and reporting dozens of tweets a minute.
    rateLimits: {
      RATE_LIMIT_AUTH: { simple: { limit: 100_000, period: 60 } },
      RATE_LIMIT_IP_WRITES: { simple: { limit: 100_000, period: 60 } },
      RATE_LIMIT_USER_WRITES: { simple: { limit: 100_000, period: 60 } },
    },
    outbound: async (request) => {
      const response = await sandbox.fetch(request);
      await reads.observe(request, response);
      return response;
    },
  });
  try {
    const db = await worker.miniflare.getD1Database('DB');
    const startedMs = performance.now();
    sandbox.createUser({ username: 'hashpay', name: 'Hashpay' });
    const payerNames = Array.from({ length: PAYERS }, (_, i) => `reads_payer_${i}`);
    for (const username of payerNames) {
      sandbox.createUser({ username });
      sandbox.createUser({ username: username.replace('payer', 'payee') });
    }
    const payers = await inFlight(payerNames, async (username) => {
      const session = await link(worker, sandbox, username);
      await api(worker.origin, '/v1/sandbox/demo-users', {
        body: { username, topUps: [{ currency: 'EUR', amountMinor: TOP_UP_MINOR }] },
      });
      return session;
    });

    // Live offers, written as their route would leave them (the merchant API is not under test here).
    const nowMs = Date.now();
    await db.batch([
      db
        .prepare(
          "INSERT INTO merchants (id, name, x_username, api_key_hash, created_at_ms) VALUES ('mer_benchreads000000000001', 'Bench reads', 'bench_reads', ?1, ?2)",
        )
        .bind('c'.repeat(64), nowMs),
      ...Array.from({ length: OFFERS }, (_, i) => [
        db
          .prepare(
            `INSERT INTO offers (id, merchant_id, request_id, hashtag, title, minimum_spend_minor, credit_minor, currency,
               enrol_by_ms, spend_by_ms, budget_credits, funded_at_ms, created_at_ms, updated_at_ms)
             VALUES (?1, 'mer_benchreads000000000001', ?2, ?3, ?3, 7500, 2000, 'EUR', ?4, ?5, ?6, ?7, ?7, ?7)`,
          )
          .bind(
            `of_benchreads${String(i).padStart(12, '0')}`,
            `bench-reads-offer-${i}`,
            `${OFFER_HASHTAG_PREFIX}${i}`,
            nowMs + 30 * DAY_MS,
            nowMs + 60 * DAY_MS,
            CLAIMS,
            nowMs,
          ),
        db
          .prepare('INSERT INTO offer_hashtags (hashtag_key, offer_id, enrol_by_ms) VALUES (?1, ?2, ?3)')
          .bind(
            `${OFFER_HASHTAG_PREFIX}${i}`.toLowerCase(),
            `of_benchreads${String(i).padStart(12, '0')}`,
            nowMs + 30 * DAY_MS,
          ),
      ]).flat(),
    ]);

    // As an operator sets production up: webhook registered (CRC), stream linked, rules written.
    const setup = (await api(worker.origin, '/v1/operator/x-stream/setup', {
      method: 'POST',
      token: operatorToken,
    })) as {
      webhookValid: boolean;
      linked: boolean;
    };
    if (!setup.webhookValid || !setup.linked) throw new Error(`stream setup incomplete: ${JSON.stringify(setup)}`);
    const setUpMs = performance.now();

    const texts = await inFlight(
      Array.from({ length: PAYMENTS }, (_, i) => i),
      (i) => draftPayment(worker, payers[i % PAYERS]!, payerNames[(i + 1) % PAYERS]!.replace('payer', 'payee')),
    );
    const planned: PlannedTweet[] = texts.map((text, i) => ({
      author: payers[i % PAYERS]!,
      text,
      kind: 'payment',
      path: pathOf(i),
    }));
    for (let i = 0; i < CLAIMS; i++) {
      const offer = Math.floor(i / PAYERS) % OFFERS;
      planned.push({
        author: payers[i % PAYERS]!,
        text: `Claiming the #${OFFER_HASHTAG_PREFIX}${offer} offer from @bench_reads via #Hashpay`,
        kind: 'claim',
        path: pathOf(i),
      });
    }
    // Claims among the payments, as a campaign's hashtag and its payments would arrive.
    planned.sort((a, b) => a.text.localeCompare(b.text));

    const requestsBefore = sandbox.stats().requests;
    const campaignStartMs = performance.now();
    const posted = await inFlight(planned, (tweet) => postAlongItsPath(worker, sandbox, tweet));
    await sandbox.stream.flush();
    await untilDecided(db, posted);
    const campaignMs = performance.now() - campaignStartMs;

    // A gap: deliveries lost while a last stretch is posted. Nothing else brings those posts: the
    // scheduled jobs, run as the cron would once the stream has been silent long enough, search them.
    const gapTexts = await inFlight(
      Array.from({ length: GAP_PAYMENTS }, (_, i) => i),
      (i) => draftPayment(worker, payers[i % PAYERS]!, payerNames[(i + 2) % PAYERS]!.replace('payer', 'payee')),
    );
    sandbox.stream.setFaults({ drop: true });
    const gap: PostedTweet[] = gapTexts.map((text, i) => {
      const author = payers[i % PAYERS]!;
      const stored = sandbox.postTweet({ authorUsername: author.username, text });
      return { author, text, kind: 'payment', path: 'gap: search only', id: stored.id };
    });
    sandbox.stream.setFaults({});
    const searchKey = 'GET /2/tweets/search/recent';
    const searchesBefore = sandbox.stats().requests[searchKey] ?? 0;
    await worker.runScheduled(Date.now() + STREAM_SILENCE_MAX_MS + SILENCE_MARGIN_MS);
    await untilDecided(db, gap);
    const gapSearches = (sandbox.stats().requests[searchKey] ?? 0) - searchesBefore;

    const all = [...posted, ...gap];
    const perPost = await readsOf(
      sandbox,
      all.map((tweet) => tweet.id),
    );
    const matched = await matchedRoots(db, all);
    const rows = PATHS.map((path) => {
      const tweets = all.filter((tweet) => tweet.path === path);
      const postsRead = tweets.reduce((sum, tweet) => sum + (perPost[tweet.id] ?? 0), 0);
      const matchedHere = tweets.filter((tweet) => matched.has(tweet.id)).length;
      return { path, tweets: tweets.length, matched: matchedHere, postsRead };
    });
    const matchedTotal = matched.size;
    const postsReadTotal = rows.reduce((sum, row) => sum + row.postsRead, 0);
    const streamOnly = rows.find((row) => row.path === 'stream only')!;
    const stats = sandbox.stream.stats();
    const requests = requestsDelta(sandbox.stats().requests, requestsBefore);
    const [load1, load5] = os.loadavg();

    console.log(
      `campaign: ${PAYMENTS + GAP_PAYMENTS} payments and ${CLAIMS} claims by ${PAYERS} linked payers over ${OFFERS} offers; stream mode (workerd, local D1, Miniflare queue)`,
    );
    console.log(
      `stream: ${stats.delivered} deliveries acknowledged, ${stats.dropped} lost in the gap; ${gapSearches} search calls filled the gap`,
    );
    console.log('path | tweets | matched | posts read | posts read per matched');
    for (const row of rows) {
      console.log(
        `${row.path} | ${row.tweets} | ${row.matched} | ${row.postsRead} | ${row.matched > 0 ? (row.postsRead / row.matched).toFixed(3) : '-'}`,
      );
    }
    console.log(
      `X reads per matched tweet: ${(postsReadTotal / matchedTotal).toFixed(3)} (${postsReadTotal} posts read for ${matchedTotal} matched tweets; target ≤ 1.0); on the wire: ${reads.postsRead} posts in X's answers`,
    );
    console.log(`reads for tweets only the stream delivered: ${streamOnly.postsRead} (target 0)`);
    console.log(
      `X requests during the campaign: ${Object.entries(requests)
        .map(([key, count]) => `${key}×${count}`)
        .join(', ')}`,
    );
    console.log(
      `time: set-up ${((setUpMs - startedMs) / 1000).toFixed(1)} s, campaign posted and decided in ${(campaignMs / 1000).toFixed(1)} s, total ${((performance.now() - startedMs) / 1000).toFixed(1)} s; load average ${load1!.toFixed(2)} ${load5!.toFixed(2)} on ${os.cpus().length} cores`,
    );
    if (matchedTotal < all.length) throw new Error(`only ${matchedTotal} of ${all.length} tweets were matched`);
  } finally {
    await worker.close();
  }
}

/** Waits until every tweet's edit root has its decision in D1 (the consumer's, the report's or the search's). */
async function untilDecided(db: Db, tweets: readonly PostedTweet[]): Promise<void> {
  const ids = JSON.stringify(tweets.map((tweet) => tweet.id));
  const deadline = Date.now() + SETTLE_WITHIN_MS;
  for (;;) {
    const row = await db
      .prepare('SELECT count(*) AS n FROM payment_tweets WHERE root_id IN (SELECT value FROM json_each(?1))')
      .bind(ids)
      .first<{ n: number }>();
    if ((row?.n ?? 0) >= tweets.length) return;
    if (Date.now() > deadline) {
      const dead = await db.prepare('SELECT count(*) AS n FROM dead_posts').first<{ n: number }>();
      throw new Error(
        `only ${row?.n} of ${tweets.length} tweets were decided in time (${dead?.n ?? 0} posts in the dead-letter table)`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** The tweets that moved money or enrolled their author: a payment held, a claim enrolled. */
async function matchedRoots(db: Db, tweets: readonly PostedTweet[]): Promise<Set<string>> {
  const ids = JSON.stringify(tweets.map((tweet) => tweet.id));
  const [payments, claims] = await db.batch<{ root: string }>([
    db
      .prepare(
        'SELECT tweet_root_id AS root FROM payment_intents WHERE tweet_root_id IN (SELECT value FROM json_each(?1))',
      )
      .bind(ids),
    db
      .prepare(
        "SELECT root_id AS root FROM offer_claim_tweets WHERE outcome = 'enrolled' AND root_id IN (SELECT value FROM json_each(?1))",
      )
      .bind(ids),
  ]);
  return new Set([...(payments?.results ?? []), ...(claims?.results ?? [])].map((row) => row.root));
}
