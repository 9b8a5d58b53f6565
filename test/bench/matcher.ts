import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Miniflare } from 'miniflare';
import { parseTweet } from '../../shared/tweet-parse';
import { createSandbox } from '../sandbox/index';
import { applyMigrations, REPO_ROOT, wranglerVars } from '../support/worker-runtime';
import { benchPassCaller } from './bench-worker';

/**
 * Tweets per second through the posts queue's consumer (worker/ingest/consumer.ts, which hands
 * each batch to the tweet matcher, worker/payments/match.ts `matchTweets`) against 10,000 live offers and 100,000 open payment intents, with the
 * parse-only throughput of the same texts beside it (shared/tweet-parse.ts `parseTweet`).
 *
 * A bench worker bundles the real matcher the way `wrangler deploy` bundles the worker, and runs
 * in workerd next to a local D1 with the real migrations applied. The offers, merchants, users and
 * intents are seeded with bulk SQL; payers are funded through the real ledger module, so every
 * matched payment takes its reservation. The matcher then decides each tweet for real: it looks
 * up offers by the tweet's hashtags, parses it, finds the intent by its code, writes the decision,
 * the enrolment or the match, and reserves the payment. The worker's requests to X go to the
 * sandbox X; tweets arrive complete (as search delivers them), so none should be read again, and
 * the bench checks that.
 */

/**
 * `BENCH_MATCHER_FRACTION=0.1 npm run bench -- matcher` runs against fewer offers and intents with
 * fewer tweets for a quick look; the figures to compare are those of the whole run.
 */
const FRACTION = Math.min(1, Math.max(0.01, Number(process.env.BENCH_MATCHER_FRACTION ?? '1') || 1));
const OFFERS = Math.round(10_000 * FRACTION);
const OPEN_INTENTS = Math.round(100_000 * FRACTION);
const MERCHANTS = 100;
const USERS = 2_000;
const PAYMENT_TWEETS = Math.round(1_000 * Math.sqrt(FRACTION));
const CLAIM_TWEETS = PAYMENT_TWEETS;
/** Payment tweets matched alone after the run, to count what one matched and held payment writes. */
const PROBE_PAYMENTS = 200;
/** Matched before measuring, from intents and offers seeded on top of the counts above. */
const WARM_UP_TWEETS = 200;
/** Posts per consumer batch: the queue's max_batch_size. */
const TWEETS_PER_CALL = 100;
/** Tweets per request to the bench worker. */
const TWEETS_PER_REQUEST = 500;
/** Rows per bulk INSERT statement when seeding. */
const SEED_ROWS_PER_STATEMENT = 500;
const PARSE_ROUNDS = 25;
const AMOUNT_MINOR = 1_00;
const TOP_UP_MINOR = 1_000_00;
const DAY_MS = 86_400_000;
const COMPATIBILITY_DATE = '2026-04-20';

/** The bench worker: each request runs one pass and answers with what it did. */
const BENCH_WORKER_SOURCE = `
import { consumePosts } from '${REPO_ROOT}/worker/ingest/consumer.ts';
import { createTransfer, ensureAccount } from '${REPO_ROOT}/worker/ledger/index.ts';
import { parseTweet } from '${REPO_ROOT}/shared/tweet-parse.ts';
import { formatOfferClaimTweet, formatPaymentTweet } from '${REPO_ROOT}/shared/tweet-format.ts';
import { CROCKFORD_ALPHABET, referenceCheckCharacter } from '${REPO_ROOT}/shared/reference-code.ts';

const pad = (n, width) => String(n).padStart(width, '0');
const userId = (i) => 'usr_bench_' + i;
const xUserId = (i) => String(10_000_000 + i);
const username = (i) => 'bench_u' + i;
const merchantId = (i) => 'mer_bench' + pad(i, 17);
const offerId = (i) => 'of_bench' + pad(i, 17);
const intentId = (k) => 'pi_bench' + pad(k, 17);
const hashtagOf = (i) => 'BenchOffer' + i;
const payerOf = (k) => k % ${USERS};
const payeeOf = (k) => (k + 1) % ${USERS};

/** A distinct valid reference code per intent: k in Crockford base32, with its check character. */
function codeOf(k) {
  let data = '';
  for (let rest = k, i = 0; i < 7; i++, rest = Math.floor(rest / 32)) data = CROCKFORD_ALPHABET[rest % 32] + data;
  return 'HP-' + data + referenceCheckCharacter(data);
}

function paymentTextOf(k) {
  return formatPaymentTweet({ payeeHandle: username(payeeOf(k)), amountMinor: ${AMOUNT_MINOR}, currency: 'EUR', code: codeOf(k), language: 'en' });
}

async function insertRows(db, count, sql, rowOf) {
  const statements = [];
  for (let start = 0; start < count; start += ${SEED_ROWS_PER_STATEMENT}) {
    const rows = [];
    for (let i = start; i < Math.min(count, start + ${SEED_ROWS_PER_STATEMENT}); i++) rows.push(rowOf(i));
    statements.push(db.prepare(sql).bind(JSON.stringify(rows)));
  }
  for (let i = 0; i < statements.length; i += 20) await db.batch(statements.slice(i, i + 20));
}

const col = (name) => "json_extract(value, '$." + name + "')";

/** Tweets of one run: payment tweets on spread-out intents and offer claims, alternating. */
function tweetsOf({ firstPayment, payments, firstClaim, claims, intents, offers }) {
  const tweets = [];
  const hashtagsOf = [];
  for (let j = 0; j < Math.max(payments, claims); j++) {
    if (j < payments) {
      const k = firstPayment + Math.floor(((j * intents) / payments));
      tweets.push({ id: '19' + pad(2 * (firstPayment + j), 17), text: paymentTextOf(k), authorId: xUserId(payerOf(k)), k });
      hashtagsOf.push([]);
    }
    if (j < claims) {
      const o = firstClaim + ((j * 7) % offers);
      const hashtag = hashtagOf(o);
      tweets.push({ id: '19' + pad(2 * (firstClaim + j) + 1, 17), text: formatOfferClaimTweet({ hashtag, language: 'en' }), authorId: xUserId((firstClaim + j) % ${USERS}) });
      hashtagsOf.push([hashtag]);
    }
  }
  return { tweets: tweets.map((t) => ({ id: t.id, text: t.text, authorId: t.authorId, createdAt: new Date(0).toISOString(), conversationId: t.id, editHistoryTweetIds: [t.id], referencedTweets: [], hashtags: [], mentions: [], urls: [] })), hashtagsOf, payers: tweets.filter((t) => t.k !== undefined).map((t) => payerOf(t.k)) };
}

const runs = {};

/**
 * The database as the matcher sees it, counting round trips: each statement run alone and each
 * batch is one call from the worker to D1, which is what a matched tweet costs most.
 */
function countingDb(db, counter) {
  const targets = new WeakMap();
  // A statement's \`changes\` are the table rows it inserted, updated or deleted, its triggers'
  // included (SQLite's total_changes() around it); \`rows_written\` adds the index entries.
  const count = (result) => {
    counter.rowsWritten += result?.meta?.rows_written ?? 0;
    counter.tableRowsChanged += result?.meta?.changes ?? 0;
  };
  const wrap = (statement) => {
    const proxy = new Proxy(statement, {
      get(target, property) {
        if (property === 'bind') return (...values) => wrap(target.bind(...values));
        if (['first', 'all', 'run', 'raw'].includes(property)) {
          return async (...args) => {
            counter.calls += 1;
            const result = await target[property](...args);
            if (property === 'run' || property === 'all') count(result);
            return result;
          };
        }
        const value = target[property];
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    targets.set(proxy, statement);
    return proxy;
  };
  return new Proxy(db, {
    get(target, property) {
      if (property === 'prepare') return (sql) => wrap(target.prepare(sql));
      if (property === 'batch') {
        return async (statements) => {
          counter.calls += 1;
          const results = await target.batch(statements.map((statement) => targets.get(statement) ?? statement));
          for (const result of results) count(result);
          return results;
        };
      }
      const value = target[property];
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

const passes = {
  async seed(env, { nowMs, offers, intents, merchants, users }) {
    const db = env.DB;
    await insertRows(db, users,
      'INSERT INTO users (id, x_user_id, username, name, created_at_ms, updated_at_ms) SELECT ' +
        ['id', 'x', 'u', 'u', 't', 't'].map(col).join(', ') + ' FROM json_each(?1)',
      (i) => ({ id: userId(i), x: xUserId(i), u: username(i), t: nowMs }));
    await insertRows(db, merchants,
      'INSERT INTO merchants (id, name, x_username, api_key_hash, created_at_ms) SELECT ' +
        ['id', 'name', 'x', 'key', 't'].map(col).join(', ') + ' FROM json_each(?1)',
      (i) => ({ id: merchantId(i), name: 'Bench merchant ' + i, x: 'bench_m' + i, key: pad(i.toString(16), 64), t: nowMs }));
    await insertRows(db, offers,
      'INSERT INTO offers (id, merchant_id, request_id, hashtag, title, minimum_spend_minor, credit_minor, currency, ' +
        'enrol_by_ms, spend_by_ms, budget_credits, funded_at_ms, created_at_ms, updated_at_ms) SELECT ' +
        ['id', 'm', 'r', 'h', 'h', 'min', 'credit', 'cur', 'enrol', 'spend', 'budget', 't', 't', 't'].map(col).join(', ') +
        ' FROM json_each(?1)',
      (i) => ({ id: offerId(i), m: merchantId(i % merchants), r: 'bench-offer-' + pad(i, 8), h: hashtagOf(i), min: 75_00, credit: 20_00,
        cur: 'EUR', enrol: nowMs + 30 * ${DAY_MS}, spend: nowMs + 60 * ${DAY_MS}, budget: 1_000, t: nowMs }));
    await insertRows(db, offers,
      'INSERT INTO offer_hashtags (hashtag_key, offer_id, enrol_by_ms) SELECT ' +
        ['key', 'id', 'enrol'].map(col).join(', ') + ' FROM json_each(?1)',
      (i) => ({ key: hashtagOf(i).toLowerCase(), id: offerId(i), enrol: nowMs + 30 * ${DAY_MS} }));
    await insertRows(db, intents,
      "INSERT INTO payment_intents (id, code, source, request_id, payer_user_id, payer_x_user_id, payer_username, payer_name, " +
        'payee_x_user_id, payee_username, payee_name, payee_handle_requested, amount_minor, currency, language, tweet_text, ' +
        "status, created_at_ms, expires_at_ms) SELECT " +
        ['id', 'code'].map(col).join(', ') + ", 'drafted', " +
        ['r', 'payer', 'payerX', 'payerU', 'payerU', 'payeeX', 'payeeU', 'payeeU', 'payeeU', 'amount'].map(col).join(', ') +
        ", 'EUR', 'en', " + col('text') + ", 'awaiting_tweet', " + col('t') + ', ' + col('expires') + ' FROM json_each(?1)',
      (k) => ({ id: intentId(k), code: codeOf(k), r: 'bench-request-' + pad(k, 8), payer: userId(payerOf(k)), payerX: xUserId(payerOf(k)),
        payerU: username(payerOf(k)), payeeX: xUserId(payeeOf(k)), payeeU: username(payeeOf(k)), amount: ${AMOUNT_MINOR},
        text: paymentTextOf(k), t: nowMs, expires: nowMs + ${DAY_MS} }));
    const counts = await db.prepare(
      "SELECT (SELECT count(*) FROM offer_hashtags JOIN offers ON offers.id = offer_hashtags.offer_id WHERE offers.funded_at_ms IS NOT NULL AND offers.enrol_by_ms >= ?1) AS offers, " +
        "(SELECT count(*) FROM payment_intents WHERE status = 'awaiting_tweet' AND expires_at_ms > ?1) AS intents",
    ).bind(nowMs).first();
    return counts;
  },
  /** Makes the tweets of a run and funds their payers through the ledger module. */
  async prepare(env, { name, nowMs, ...shape }) {
    const run = tweetsOf(shape);
    runs[name] = run;
    const world = await ensureAccount(env.DB, { kind: 'world', owner: null, currency: 'EUR' }, nowMs);
    for (const payer of new Set(run.payers)) {
      const wallet = await ensureAccount(env.DB, { kind: 'wallet', owner: userId(payer), currency: 'EUR' }, nowMs);
      const topUp = await createTransfer(env.DB, { flags: 'plain', id: 'bench-top-up-' + name + '-' + payer, debitAccountId: world.id,
        creditAccountId: wallet.id, amountMinor: ${TOP_UP_MINOR}, currency: 'EUR', code: 'top_up' }, nowMs);
      if (!topUp.ok) throw new Error('a bench top-up was refused: ' + topUp.code);
    }
    return { texts: run.tweets.map((tweet) => tweet.text), hashtagsOf: run.hashtagsOf };
  },
  /** Hands the tweets to the posts queue's consumer, as batches of the queue would arrive. */
  async match(env, { name, from, to, nowMs }) {
    const tweets = runs[name].tweets.slice(from, to);
    const totals = { acked: 0, retried: 0, tookEffect: 0, d1Calls: 0, rowsWritten: 0, tableRowsChanged: 0 };
    const counter = { calls: 0, rowsWritten: 0, tableRowsChanged: 0 };
    // Table rows are summed over the worker's own statements: the connection's total_changes()
    // also counts a row local D1 writes for its own bookkeeping on every call.
    const counted = { ...env, DB: countingDb(env.DB, counter) };
    for (let start = 0; start < tweets.length; start += ${TWEETS_PER_CALL}) {
      const messages = tweets.slice(start, start + ${TWEETS_PER_CALL}).map((post) => ({
        id: 'bench-' + post.id, timestamp: new Date(nowMs), attempts: 1, body: { source: 'search', post },
        ack() {}, retry() {},
      }));
      const batch = { queue: 'hashpay-posts', messages, ackAll() {}, retryAll() {} };
      const report = await consumePosts(batch, counted, nowMs);
      totals.acked += report.acked;
      totals.retried += report.retried;
      totals.tookEffect += report.tookEffect;
    }
    totals.d1Calls = counter.calls;
    totals.rowsWritten = counter.rowsWritten;
    totals.tableRowsChanged = counter.tableRowsChanged;
    return totals;
  },
  async parse(env, { name, rounds }) {
    const { tweets, hashtagsOf } = runs[name];
    const kinds = {};
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < tweets.length; i++) {
        const parsed = parseTweet(tweets[i].text, { hashpayHandle: 'hashpay', offerHashtags: hashtagsOf[i] });
        if (round === 0) kinds[parsed.kind] = (kinds[parsed.kind] ?? 0) + 1;
      }
    }
    return kinds;
  },
  async reserved(env) {
    return env.DB.prepare(
      "SELECT (SELECT count(*) FROM payment_intents WHERE status = 'awaiting_confirmation') AS reserved, " +
        '(SELECT count(*) FROM offer_enrolments) AS enrolments',
    ).first();
  },
};

export default {
  async fetch(request, env) {
    const { pass, ...args } = await request.json();
    return Response.json((await passes[pass](env, args)) ?? null);
  },
};
`;

/** Bundles the bench worker the way `wrangler deploy` bundles the worker (nodejs_compat included). */
function bundleBenchWorker(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hashpay-bench-matcher-'));
  const entry = path.join(dir, 'bench-worker.js');
  writeFileSync(entry, BENCH_WORKER_SOURCE);
  const outDir = path.join(dir, 'out');
  execFileSync(
    process.execPath,
    [
      path.join(REPO_ROOT, 'node_modules/wrangler/bin/wrangler.js'),
      'deploy',
      entry,
      '--dry-run',
      '--env=',
      '--outdir',
      outDir,
      '--name',
      'hashpay-bench-matcher',
      '--compatibility-date',
      COMPATIBILITY_DATE,
      '--compatibility-flags',
      'nodejs_compat',
    ],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...process.env,
        WRANGLER_SEND_METRICS: 'false',
        WRANGLER_LOG_PATH: path.join(os.tmpdir(), 'wrangler-logs'),
      },
    },
  );
  return path.join(outDir, 'bench-worker.js');
}

interface MatchTotals {
  acked: number;
  retried: number;
  tookEffect: number;
  d1Calls: number;
  rowsWritten: number;
  tableRowsChanged: number;
}

export async function benchMatcher(): Promise<void> {
  const sandbox = createSandbox();
  const scriptPath = bundleBenchWorker();
  let xRequests = 0;
  const miniflare = new Miniflare({
    modules: true,
    scriptPath,
    modulesRoot: path.dirname(scriptPath),
    compatibilityDate: COMPATIBILITY_DATE,
    compatibilityFlags: ['nodejs_compat'],
    d1Databases: { DB: 'hashpay-bench-matcher' },
    bindings: wranglerVars(),
    outboundService: (request: unknown) => {
      xRequests += 1;
      return sandbox.fetch(request as Request) as never;
    },
  });
  try {
    await miniflare.ready;
    await applyMigrations(miniflare);
    const call = benchPassCaller(miniflare);
    const nowMs = Date.now();

    const seedStartMs = performance.now();
    const seeded = (await call('seed', {
      nowMs,
      offers: OFFERS + WARM_UP_TWEETS,
      intents: OPEN_INTENTS + WARM_UP_TWEETS + PROBE_PAYMENTS,
      merchants: MERCHANTS,
      users: USERS,
    })) as { offers: number; intents: number };
    const seedMs = performance.now() - seedStartMs;

    // The warm-up takes the extra intents and offers, so that the measured run starts against
    // exactly OFFERS live offers and OPEN_INTENTS open intents.
    const warmUp = {
      firstPayment: OPEN_INTENTS,
      payments: WARM_UP_TWEETS / 2,
      intents: WARM_UP_TWEETS,
      firstClaim: OFFERS,
      claims: WARM_UP_TWEETS / 2,
      offers: WARM_UP_TWEETS,
    };
    await call('prepare', { name: 'warm-up', nowMs, ...warmUp });
    await call('match', { name: 'warm-up', from: 0, to: WARM_UP_TWEETS, nowMs });

    const shape = {
      firstPayment: 0,
      payments: PAYMENT_TWEETS,
      intents: OPEN_INTENTS,
      firstClaim: 0,
      claims: CLAIM_TWEETS,
      offers: OFFERS,
    };
    const { texts, hashtagsOf } = (await call('prepare', { name: 'run', nowMs, ...shape })) as {
      texts: string[];
      hashtagsOf: string[][];
    };
    const tweets = PAYMENT_TWEETS + CLAIM_TWEETS;
    if (texts.length !== tweets) throw new Error(`expected ${tweets} tweets, made ${texts.length}`);

    const totals: MatchTotals = {
      acked: 0,
      retried: 0,
      tookEffect: 0,
      d1Calls: 0,
      rowsWritten: 0,
      tableRowsChanged: 0,
    };
    const xRequestsBefore = xRequests;
    const matchStartMs = performance.now();
    for (let from = 0; from < tweets; from += TWEETS_PER_REQUEST) {
      const part = (await call('match', { name: 'run', from, to: from + TWEETS_PER_REQUEST, nowMs })) as MatchTotals;
      for (const key of Object.keys(totals) as Array<keyof MatchTotals>) totals[key] += part[key];
    }
    const matchMs = performance.now() - matchStartMs;

    const parseStartMs = performance.now();
    const kinds = (await call('parse', { name: 'run', rounds: PARSE_ROUNDS })) as Record<string, number>;
    const parseWorkerdMs = performance.now() - parseStartMs;

    const parseNodeStartMs = performance.now();
    for (let round = 0; round < PARSE_ROUNDS; round++) {
      for (let i = 0; i < texts.length; i++) {
        parseTweet(texts[i]!, { hashpayHandle: 'hashpay', offerHashtags: hashtagsOf[i]! });
      }
    }
    const parseNodeMs = performance.now() - parseNodeStartMs;

    // The figures count only if every tweet did what it should: each payment tweet matched its
    // intent and reserved the money, each claim enrolled its author, and X was never asked.
    const state = (await call('reserved')) as { reserved: number; enrolments: number };
    const problems = [
      totals.tookEffect !== tweets && `${totals.tookEffect} of ${tweets} tweets took effect`,
      totals.acked !== tweets && `acknowledged ${totals.acked} of ${tweets} messages`,
      totals.retried > 0 && `${totals.retried} messages retried`,
      state.reserved !== PAYMENT_TWEETS + WARM_UP_TWEETS / 2 && `${state.reserved} intents reserved`,
      state.enrolments !== CLAIM_TWEETS + WARM_UP_TWEETS / 2 && `${state.enrolments} enrolments`,
      xRequests - xRequestsBefore > 0 && 'the matcher read tweets from X again',
      (kinds['drafted-payment'] ?? 0) !== PAYMENT_TWEETS && 'parse-only did not read every payment tweet as one',
      (kinds['offer-claim'] ?? 0) !== CLAIM_TWEETS && 'parse-only did not read every claim tweet as one',
    ].filter(Boolean);
    if (problems.length > 0) throw new Error(`the matcher bench went wrong: ${problems.join('; ')}`);

    // Payment tweets only, on intents seeded past the others: what one settled payment (its tweet
    // decided, its intent matched, its amount held) writes and costs in round trips.
    const probe = {
      firstPayment: OPEN_INTENTS + WARM_UP_TWEETS,
      payments: PROBE_PAYMENTS,
      intents: PROBE_PAYMENTS,
      firstClaim: 0,
      claims: 0,
      offers: OFFERS,
    };
    await call('prepare', { name: 'probe', nowMs, ...probe });
    const probed = (await call('match', { name: 'probe', from: 0, to: PROBE_PAYMENTS, nowMs })) as MatchTotals;
    if (probed.tookEffect !== PROBE_PAYMENTS) {
      throw new Error(`the matcher bench went wrong: ${probed.tookEffect} of ${PROBE_PAYMENTS} probe payments held`);
    }

    const perSecond = (count: number, ms: number) => Math.round((count * 1000) / ms);
    console.log(
      `seeded in ${(seedMs / 1000).toFixed(1)} s: ${seeded.offers} live offers, ${seeded.intents} open intents, ${USERS} users, ${MERCHANTS} merchants (local D1 in workerd, real migrations)`,
    );
    console.log(
      `tweets: ${tweets} (${PAYMENT_TWEETS} payment tweets with codes, ${CLAIM_TWEETS} offer-hashtag claims, alternating), ${TWEETS_PER_CALL} per batch of the posts queue's consumer (consumePosts)`,
    );
    console.log(
      `matcher through the queue consumer, against ${OFFERS} live offers and ${OPEN_INTENTS} open intents: ${perSecond(tweets, matchMs)} tweets/s (${PAYMENT_TWEETS} matched and reserved, ${CLAIM_TWEETS} enrolled, ${(matchMs / 1000).toFixed(1)} s)`,
    );
    console.log(
      `D1 round trips per tweet: ${(totals.d1Calls / tweets).toFixed(1)} (statements run alone and batches, from the worker to the local D1)`,
    );
    console.log(
      `D1 rows written per tweet: ${(totals.rowsWritten / tweets).toFixed(1)} (indexes included, as D1 counts them); a matched and held payment and an enrolment each write their decision, versions and effects`,
    );
    console.log(
      `rows written per settled payment (tweet decided, intent matched, amount held): ${(probed.tableRowsChanged / PROBE_PAYMENTS).toFixed(1)} table rows (decision, intent, hold and its pending state, two balances), ${(probed.rowsWritten / PROBE_PAYMENTS).toFixed(1)} as D1 counts them (indexes included); ${(probed.d1Calls / PROBE_PAYMENTS).toFixed(2)} D1 round trips each (${PROBE_PAYMENTS} payment tweets, ${TWEETS_PER_CALL} per batch)`,
    );
    console.log(
      `parse-only (parseTweet), same tweets: ${perSecond(tweets * PARSE_ROUNDS, parseWorkerdMs)} tweets/s in workerd, ${perSecond(tweets * PARSE_ROUNDS, parseNodeMs)} tweets/s in Node (${PARSE_ROUNDS} rounds)`,
    );
    console.log(
      `matcher: ${perSecond(tweets, matchMs)} tweets/s; parse-only: ${perSecond(tweets * PARSE_ROUNDS, parseWorkerdMs)} tweets/s (workerd)`,
    );
  } finally {
    await miniflare.dispose();
  }
}
