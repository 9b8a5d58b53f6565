import { performance } from 'node:perf_hooks';
import { Miniflare } from 'miniflare';
import { applyMigrations } from '../support/worker-runtime';
import { benchPassCaller, bundleBenchWorker } from './bench-worker';

/**
 * Transfers per second through the ledger module on a local D1, against the same INSERT/UPDATE
 * statements sent as bare `batch()` calls with none of the module's work (no planning reads, no
 * replay or error classification). Both run inside workerd, next to the database, like the
 * deployed worker: a small bench worker bundles the real ledger module and the real query
 * module, and the real migrations are applied, so the schema's constraints and triggers (the
 * database's part of the rules) run in both.
 */

const TRANSFERS = 2_000;
const IN_FLIGHT_MAX = 50;
const TRANSFERS_PER_RAW_BATCH = 100;
const WARM_UP_TRANSFERS = 200;
const ROUNDS = 10;
const PASSES = ['moduleSequential', 'moduleConcurrent', 'rawSequential', 'rawBatched'] as const;

/** The bench worker: each request runs one pass of `n` transfers and answers when it is done. */
const BENCH_WORKER_SOURCE = `
import { createTransfer, ensureAccount, getBalances } from './worker/ledger/index.ts';
import { insertTransfer, updateCredits, updateDebits } from './worker/db/ledger-queries.ts';

const NOW_MS = 1_700_000_000_000;

function input(id, accounts) {
  return { flags: 'plain', id, debitAccountId: accounts.alice, creditAccountId: accounts.bob, amountMinor: 1, currency: 'EUR', code: 'payment' };
}

function rawStatements(db, id, accounts) {
  return [
    insertTransfer(db, {
      id, debit_account_id: accounts.alice, credit_account_id: accounts.bob, amount_minor: 1, currency: 'EUR',
      code: 'payment', reference: null, flags: 'plain', pending_id: null, timeout_s: 0, created_at_ms: NOW_MS, expires_at_ms: null,
    }),
    updateDebits(db, accounts.alice, 0, 1),
    updateCredits(db, accounts.bob, 0, 1),
  ];
}

async function created(result) {
  const answer = await result;
  if (!answer.ok) throw new Error('a benchmark transfer was refused: ' + answer.code);
}

const passes = {
  async setup(db, { fundingMinor }) {
    const world = await ensureAccount(db, { kind: 'world', owner: null, currency: 'EUR' }, NOW_MS);
    const alice = await ensureAccount(db, { kind: 'wallet', owner: 'bench-alice', currency: 'EUR' }, NOW_MS);
    const bob = await ensureAccount(db, { kind: 'wallet', owner: 'bench-bob', currency: 'EUR' }, NOW_MS);
    await created(createTransfer(db, { flags: 'plain', id: 'bench-top-up', debitAccountId: world.id, creditAccountId: alice.id, amountMinor: fundingMinor, currency: 'EUR', code: 'top_up' }, NOW_MS));
    return { alice: alice.id, bob: bob.id };
  },
  async moduleSequential(db, { n, accounts, prefix }) {
    for (let i = 0; i < n; i++) await created(createTransfer(db, input(prefix + 'm-seq-' + i, accounts), NOW_MS));
  },
  async moduleConcurrent(db, { n, inFlight, accounts, prefix }) {
    for (let start = 0; start < n; start += inFlight) {
      const ids = Array.from({ length: inFlight }, (_, k) => prefix + 'm-con-' + (start + k));
      await Promise.all(ids.map((id) => created(createTransfer(db, input(id, accounts), NOW_MS))));
    }
  },
  async rawSequential(db, { n, accounts, prefix }) {
    for (let i = 0; i < n; i++) await db.batch(rawStatements(db, prefix + 'r-seq-' + i, accounts));
  },
  async rawBatched(db, { n, perBatch, accounts, prefix }) {
    for (let start = 0; start < n; start += perBatch) {
      const ids = Array.from({ length: perBatch }, (_, k) => prefix + 'r-bat-' + (start + k));
      await db.batch(ids.flatMap((id) => rawStatements(db, id, accounts)));
    }
  },
  async balances(db, { accounts }) {
    return getBalances(db, accounts.bob);
  },
};

export default {
  async fetch(request, env) {
    const { pass, ...args } = await request.json();
    return Response.json((await passes[pass](env.DB, args)) ?? null);
  },
};
`;

export async function benchLedger(): Promise<void> {
  const miniflare = new Miniflare({
    modules: true,
    script: await bundleBenchWorker(BENCH_WORKER_SOURCE, 'bench-worker'),
    compatibilityDate: '2026-04-20',
    compatibilityFlags: ['nodejs_compat'],
    d1Databases: { DB: 'hashpay-bench' },
  });
  try {
    await miniflare.ready;
    await applyMigrations(miniflare);
    const call = benchPassCaller(miniflare, {
      n: TRANSFERS,
      inFlight: IN_FLIGHT_MAX,
      perBatch: TRANSFERS_PER_RAW_BATCH,
    });
    const accounts = await call('setup', { fundingMinor: (TRANSFERS + WARM_UP_TRANSFERS) * 10 });
    const elapsedMs = async (pass: string, n: number, prefix: string): Promise<number> => {
      const startMs = performance.now();
      await call(pass, { accounts, prefix, n });
      return performance.now() - startMs;
    };
    // A short unmeasured round of each pass first, so no pass pays for the others' warm-up.
    for (const pass of PASSES) await elapsedMs(pass, WARM_UP_TRANSFERS, 'warm-');
    // The two one-at-a-time passes, compared in alternating rounds so that a change in the
    // machine's load during the run weighs on both alike.
    const totalMs = { moduleSequential: 0, rawSequential: 0 };
    const perRound = TRANSFERS / ROUNDS;
    for (let round = 0; round < ROUNDS; round++) {
      totalMs.moduleSequential += await elapsedMs('moduleSequential', perRound, `round-${round}-`);
      totalMs.rawSequential += await elapsedMs('rawSequential', perRound, `round-${round}-`);
    }
    const perSecond = (ms: number) => (TRANSFERS * 1000) / ms;
    const moduleSequential = perSecond(totalMs.moduleSequential);
    const rawSequential = perSecond(totalMs.rawSequential);
    const moduleConcurrent = perSecond(await elapsedMs('moduleConcurrent', TRANSFERS, 'run-'));
    const rawBatched = perSecond(await elapsedMs('rawBatched', TRANSFERS, 'run-'));

    // Every transfer of every pass moved one minor unit to Bob, no more, no less.
    const bob = (await call('balances', { accounts })) as { postedMinor: number };
    const movedMinor = (TRANSFERS + WARM_UP_TRANSFERS) * PASSES.length;
    if (bob.postedMinor !== movedMinor) throw new Error(`expected ${movedMinor} moved, got ${bob.postedMinor}`);

    console.log(`${TRANSFERS} transfers per pass, local D1 in workerd (Miniflare), real migrations`);
    console.log(`ledger module, one at a time:        ${format(moduleSequential)} transfers/s`);
    console.log(`ledger module, ${IN_FLIGHT_MAX} in flight:         ${format(moduleConcurrent)} transfers/s`);
    console.log(`raw batch(), one transfer per call:  ${format(rawSequential)} transfers/s`);
    console.log(`raw batch(), ${TRANSFERS_PER_RAW_BATCH} transfers per call: ${format(rawBatched)} transfers/s`);
    console.log(
      `ledger module: ${format(moduleSequential).trim()} transfers/s; raw batch(): ${format(rawSequential).trim()} transfers/s; ratio ${(moduleSequential / rawSequential).toFixed(2)}`,
    );
  } finally {
    await miniflare.dispose();
  }
}

function format(perSecond: number): string {
  return Math.round(perSecond).toString().padStart(6);
}
