import { performance } from 'node:perf_hooks';
import { Miniflare } from 'miniflare';
import { applyMigrations } from '../support/worker-runtime';
import { benchPassCaller, bundleBenchWorker } from './bench-worker';

/**
 * The deadline of an all-or-nothing project with 10,000 confirmed pledges, resolved by the real
 * deadline job (`worker/jobs/pot-deadlines.ts`) run after run, as the cron would, until the
 * project is decided, every pledge collected and the owner paid. Inside workerd next to a local
 * D1 with the real migrations, so every constraint and trigger runs. The pledges are seeded with
 * batched inserts (users, wallets, pending holds, intents), which is not what is measured.
 */

const PLEDGES = 10_000;
const BACKERS = 100;
const PLEDGE_MINOR = 100;
const ROWS_PER_SEED_BATCH = 100;
const RUNS_MAX = 10_000;

const NOW_MS = 1_700_000_000_000;
const DEADLINE_AT_MS = NOW_MS + 3_600_000;

const BENCH_WORKER_SOURCE = `
import { potDeadlines } from './worker/jobs/pot-deadlines.ts';
import { createTransfer, ensureAccount, getBalances, currencyTotals } from './worker/ledger/index.ts';
import { insertTransfer, updateCredits, updateDebits } from './worker/db/ledger-queries.ts';

const NOW_MS = ${NOW_MS};
const DEADLINE_AT_MS = ${DEADLINE_AT_MS};
const HOLD_TIMEOUT_S = 30 * 86400;
const POT_ID = 'pot_' + 'b'.repeat(22);
const OWNER = 'usr_bench_owner';

const pad = (n, width) => String(n).padStart(width, '0');
const intentId = (i) => 'pi_' + pad(i, 22);
const BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const code = (i) => { let s = ''; let n = i; for (let k = 0; k < 8; k++) { s = BASE32[n % 32] + s; n = Math.floor(n / 32); } return 'HP-' + s; };
const backerId = (b) => 'usr_bench_' + pad(b, 4);

async function inBatches(db, count, perBatch, statementsOf) {
  for (let start = 0; start < count; start += perBatch) {
    const statements = [];
    for (let i = start; i < Math.min(count, start + perBatch); i++) statements.push(...statementsOf(i));
    await db.batch(statements);
  }
}

const passes = {
  async seed(db, { pledges, backers, pledgeMinor, perBatch }) {
    const user = (id, xId, name) => db.prepare(
      "INSERT INTO users (id, x_user_id, username, name, created_at_ms, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?)",
    ).bind(id, xId, name, name, NOW_MS, NOW_MS);
    await db.batch([user(OWNER, '900000000001', 'bench_owner')]);
    await inBatches(db, backers, perBatch, (b) => [user(backerId(b), String(800000000000 + b), 'backer_' + b)]);
    const world = await ensureAccount(db, { kind: 'world', owner: null, currency: 'EUR' }, NOW_MS);
    const potAccount = await ensureAccount(db, { kind: 'pot', owner: POT_ID, currency: 'EUR' }, NOW_MS);
    const wallets = [];
    for (let b = 0; b < backers; b++) {
      const wallet = await ensureAccount(db, { kind: 'wallet', owner: backerId(b), currency: 'EUR' }, NOW_MS);
      const funded = await createTransfer(db, { flags: 'plain', id: 'bench-top-up-' + b, debitAccountId: world.id, creditAccountId: wallet.id, amountMinor: (pledges / backers) * pledgeMinor, currency: 'EUR', code: 'top_up' }, NOW_MS);
      if (!funded.ok) throw new Error('top-up refused: ' + funded.code);
      wallets.push(wallet.id);
    }
    await db.prepare(
      "INSERT INTO pots (id, kind, hashtag, hashtag_key, title, request_id, organiser_user_id, organiser_x_user_id, organiser_username, organiser_name, currency, goal_minor, deadline_at_ms, account_id, state, created_at_ms) VALUES (?, 'project', 'benchProject', 'benchproject', 'Bench project', 'bench-request-0000', ?, '900000000001', 'bench_owner', 'bench_owner', 'EUR', ?, ?, ?, 'open', ?)",
    ).bind(POT_ID, OWNER, pledges * pledgeMinor, DEADLINE_AT_MS, potAccount.id, NOW_MS).run();
    await inBatches(db, pledges, perBatch, (i) => {
      const b = i % backers;
      const id = intentId(i);
      return [
        insertTransfer(db, { id: 'pay:' + id + ':hold', debit_account_id: wallets[b], credit_account_id: potAccount.id, amount_minor: pledgeMinor, currency: 'EUR', code: 'payment', reference: id, flags: 'pending', pending_id: null, timeout_s: HOLD_TIMEOUT_S, created_at_ms: NOW_MS, expires_at_ms: NOW_MS + HOLD_TIMEOUT_S * 1000 }),
        updateDebits(db, wallets[b], pledgeMinor, 0),
        updateCredits(db, potAccount.id, pledgeMinor, 0),
        db.prepare(
          "INSERT INTO payment_intents (id, code, source, request_id, payer_user_id, payer_x_user_id, payer_username, payer_name, payee_x_user_id, payee_username, payee_name, payee_handle_requested, amount_minor, currency, language, tweet_text, status, tweet_root_id, tweet_id, tweet_final_text, payee_account_kind, created_at_ms, expires_at_ms, matched_at_ms, confirm_by_ms, pledged_at_ms, purpose, pot_id) VALUES (?1, ?2, 'drafted', ?3, ?4, ?5, ?6, ?6, '900000000001', 'bench_owner', 'bench_owner', 'bench_owner', ?7, 'EUR', 'en', 'pledge', 'pledged', ?8, ?8, 'pledge', 'pot', ?9, ?10, ?9, ?10, ?9, 'pledge', ?11)",
        ).bind(id, code(i), 'bench-request-' + pad(i, 8), backerId(b), String(800000000000 + b), 'backer_' + b, pledgeMinor, String(100000000000 + i), NOW_MS, NOW_MS + 60000, POT_ID),
      ];
    });
    return { potAccountId: potAccount.id };
  },
  async run(db) {
    return potDeadlines({ DB: db }, DEADLINE_AT_MS);
  },
  async check(db, { potAccountId }) {
    const owner = await ensureAccount(db, { kind: 'wallet', owner: OWNER, currency: 'EUR' }, DEADLINE_AT_MS);
    const statuses = await db.prepare("SELECT status, count(*) AS n, sum(amount_minor) AS total FROM payment_intents WHERE pot_id = ? GROUP BY status").bind(POT_ID).all();
    const posts = await db.prepare("SELECT count(*) AS n FROM ledger_transfers WHERE flags = 'post_pending' AND id LIKE 'pay:%:post'").first();
    const pot = await db.prepare('SELECT state, decided_total_minor, paid_out_at_ms FROM pots WHERE id = ?').bind(POT_ID).first();
    return {
      owner: await getBalances(db, owner.id),
      potAccount: await getBalances(db, potAccountId),
      statuses: statuses.results,
      posts: posts.n,
      pot,
      totals: await currencyTotals(db),
    };
  },
};

export default {
  async fetch(request, env) {
    const { pass, ...args } = await request.json();
    return Response.json((await passes[pass](env.DB, args)) ?? null);
  },
};
`;

interface CheckAnswer {
  owner: { postedMinor: number };
  potAccount: { postedMinor: number; pendingCreditsMinor: number };
  statuses: { status: string; n: number; total: number }[];
  posts: number;
  pot: { state: string; decided_total_minor: number; paid_out_at_ms: number | null };
  totals: { currency: string; postedSumMinor: number; debitsPendingSumMinor: number; creditsPendingSumMinor: number }[];
}

export async function benchPledges(): Promise<void> {
  const miniflare = new Miniflare({
    modules: true,
    script: await bundleBenchWorker(BENCH_WORKER_SOURCE, 'bench-pledges'),
    compatibilityDate: '2026-04-20',
    compatibilityFlags: ['nodejs_compat'],
    d1Databases: { DB: 'hashpay-bench-pledges' },
  });
  try {
    await miniflare.ready;
    await applyMigrations(miniflare);
    const call = benchPassCaller(miniflare);
    const seedStartMs = performance.now();
    const seeded = (await call('seed', {
      pledges: PLEDGES,
      backers: BACKERS,
      pledgeMinor: PLEDGE_MINOR,
      perBatch: ROWS_PER_SEED_BATCH,
    })) as { potAccountId: string };
    const seedMs = performance.now() - seedStartMs;

    const startMs = performance.now();
    let runs = 0;
    let slowestRunMs = 0;
    for (;;) {
      const runStartMs = performance.now();
      const report = (await call('run')) as Record<string, number>;
      slowestRunMs = Math.max(slowestRunMs, performance.now() - runStartMs);
      runs += 1;
      if (report.failed !== 0) throw new Error(`a deadline run failed: ${JSON.stringify(report)}`);
      const moved = Object.entries(report).some(([key, value]) => key !== 'failed' && value > 0);
      if (!moved) break;
      if (runs >= RUNS_MAX) throw new Error('the deadline job did not finish');
    }
    const totalMs = performance.now() - startMs;

    const check = (await call('check', seeded)) as CheckAnswer;
    const expectedMinor = PLEDGES * PLEDGE_MINOR;
    const settled = check.statuses.find((row) => row.status === 'settled');
    const problems = [
      check.pot.state === 'funded' && check.pot.decided_total_minor === expectedMinor
        ? null
        : 'project not funded with Σ',
      settled?.n === PLEDGES && check.statuses.length === 1 ? null : 'not every pledge settled',
      check.posts === PLEDGES ? null : `${check.posts} posts for ${PLEDGES} pledges`,
      check.owner.postedMinor === expectedMinor ? null : `owner got ${check.owner.postedMinor}`,
      check.potAccount.postedMinor === 0 && check.potAccount.pendingCreditsMinor === 0
        ? null
        : 'project account not empty',
      check.totals.every((row) => row.postedSumMinor === 0 && row.debitsPendingSumMinor === row.creditsPendingSumMinor)
        ? null
        : 'Σ ledger ≠ 0',
    ].filter((problem) => problem !== null);
    if (problems.length > 0) throw new Error(`pledges bench: ${problems.join('; ')}`);

    console.log(`${PLEDGES} confirmed pledges on one project, local D1 in workerd (Miniflare), real migrations`);
    console.log(`seeding (not measured):   ${(seedMs / 1000).toFixed(1)} s`);
    console.log(`deadline job runs:        ${runs} (the last one finds nothing left)`);
    console.log(`slowest run:              ${Math.round(slowestRunMs)} ms`);
    console.log(`decided and resolved in:  ${(totalMs / 1000).toFixed(1)} s`);
    console.log(`pledges resolved per s:   ${Math.round((PLEDGES * 1000) / totalMs)}`);
    console.log(`owner paid Σ = ${expectedMinor} minor units; every pledge posted once; Σ ledger = 0`);
  } finally {
    await miniflare.dispose();
  }
}
