import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import {
  type Account,
  createTransfer,
  currencyTotals,
  ensureAccount,
  expirePendingTransfers,
  getAccount,
  type ReplayField,
  type TransferErrorCode,
  type TransferInput,
  type TransferResult,
} from '../../worker/ledger';

/** Bounded by its run count, not by time: two minutes on a two-core machine running two suites at once. */
const PROPERTY_TIMEOUT_MS = 600_000;

/**
 * Model-based test: random sequences of ledger operations run against the real ledger (D1 in
 * workerd, real migrations) and against a few lines of in-memory bookkeeping that state the
 * rules plainly. After every step the two must agree on the answer and on every balance, and
 * the invariants must hold. Each run gets fresh accounts and its own stretch of clock, so runs
 * never see each other's transfers.
 */

const db = env.DB;
const RUNS = 200;
const STEPS_PER_RUN_MAX = 14;
/** Far apart, so a run's expiries never fall within another run's clock. */
const CLOCK_STRETCH_PER_RUN_MS = 10_000_000_000;
const T0_MS = 1_700_000_000_000;

interface Sides {
  debitsPending: number;
  debitsPosted: number;
  creditsPending: number;
  creditsPosted: number;
}

interface ModelAccount {
  id: string;
  currency: string;
  neverNegative: boolean;
  sides: Sides;
}

interface ModelTransfer {
  id: string;
  flags: TransferInput['flags'];
  debitAccountId: string;
  creditAccountId: string;
  amountMinor: number;
  currency: string;
  code: string;
  reference: string | null;
  pendingId: string | null;
  timeoutS: number;
}

interface ModelPending {
  transfer: ModelTransfer;
  status: 'pending' | 'posted' | 'voided' | 'expired';
  expiresAtMs: number | null;
}

type Expected =
  | { ok: true; status: 'created' | 'exists'; transfer: ModelTransfer }
  | { ok: false; code: TransferErrorCode };

class LedgerModel {
  readonly accounts = new Map<string, ModelAccount>();
  readonly transfers = new Map<string, ModelTransfer>();
  readonly pendings = new Map<string, ModelPending>();

  constructor(accounts: Account[]) {
    for (const account of accounts) {
      this.accounts.set(account.id, {
        id: account.id,
        currency: account.currency,
        neverNegative: account.debitsMustNotExceedCredits,
        sides: {
          debitsPending: account.debitsPendingMinor,
          debitsPosted: account.debitsPostedMinor,
          creditsPending: account.creditsPendingMinor,
          creditsPosted: account.creditsPostedMinor,
        },
      });
    }
  }

  create(input: TransferInput, nowMs: number): Expected {
    if ((input.flags === 'plain' || input.flags === 'pending') && input.debitAccountId === input.creditAccountId) {
      return { ok: false, code: 'accounts_must_be_different' };
    }
    const existing = this.transfers.get(input.id);
    if (existing) {
      const field = this.differentField(existing, input);
      return field
        ? { ok: false, code: `exists_with_different_${field}` }
        : { ok: true, status: 'exists', transfer: existing };
    }
    if (input.flags === 'plain' || input.flags === 'pending') {
      const debit = this.accounts.get(input.debitAccountId)!;
      const credit = this.accounts.get(input.creditAccountId)!;
      if (debit.currency !== credit.currency) return { ok: false, code: 'accounts_must_have_the_same_currency' };
      if (debit.currency !== input.currency) {
        return { ok: false, code: 'transfer_must_have_the_same_currency_as_accounts' };
      }
      const amount = input.amountMinor;
      const pending = input.flags === 'pending';
      const d = debit.sides;
      if (debit.neverNegative && d.debitsPending + d.debitsPosted + amount > d.creditsPosted) {
        return { ok: false, code: 'exceeds_credits' };
      }
      const transfer: ModelTransfer = {
        id: input.id,
        flags: input.flags,
        debitAccountId: debit.id,
        creditAccountId: credit.id,
        amountMinor: amount,
        currency: input.currency,
        code: input.code,
        reference: input.reference ?? null,
        pendingId: null,
        timeoutS: pending ? input.timeoutS : 0,
      };
      if (pending) {
        d.debitsPending += amount;
        credit.sides.creditsPending += amount;
        const timeoutS = input.timeoutS;
        this.pendings.set(input.id, {
          transfer,
          status: 'pending',
          expiresAtMs: timeoutS > 0 ? nowMs + timeoutS * 1000 : null,
        });
      } else {
        d.debitsPosted += amount;
        credit.sides.creditsPosted += amount;
      }
      this.transfers.set(input.id, transfer);
      return { ok: true, status: 'created', transfer };
    }
    const pending = this.pendings.get(input.pendingId);
    if (!pending) {
      return {
        ok: false,
        code: this.transfers.has(input.pendingId) ? 'pending_transfer_not_pending' : 'pending_transfer_not_found',
      };
    }
    if (pending.status === 'posted') return { ok: false, code: 'pending_transfer_already_posted' };
    if (pending.status === 'voided') return { ok: false, code: 'pending_transfer_already_voided' };
    if (pending.status === 'expired') return { ok: false, code: 'pending_transfer_expired' };
    if (pending.expiresAtMs !== null && nowMs >= pending.expiresAtMs)
      return { ok: false, code: 'pending_transfer_expired' };
    const reserved = pending.transfer.amountMinor;
    const posted = input.flags === 'post_pending' ? (input.amountMinor ?? reserved) : 0;
    if (posted > reserved) return { ok: false, code: 'exceeds_pending_transfer_amount' };
    const debit = this.accounts.get(pending.transfer.debitAccountId)!.sides;
    const credit = this.accounts.get(pending.transfer.creditAccountId)!.sides;
    debit.debitsPending -= reserved;
    debit.debitsPosted += posted;
    credit.creditsPending -= reserved;
    credit.creditsPosted += posted;
    pending.status = input.flags === 'post_pending' ? 'posted' : 'voided';
    const transfer: ModelTransfer = {
      ...pending.transfer,
      id: input.id,
      flags: input.flags,
      amountMinor: input.flags === 'post_pending' ? posted : reserved,
      reference: null,
      pendingId: input.pendingId,
      timeoutS: 0,
    };
    this.transfers.set(input.id, transfer);
    return { ok: true, status: 'created', transfer };
  }

  expireDue(nowMs: number): number {
    let expired = 0;
    for (const pending of this.pendings.values()) {
      if (pending.status !== 'pending' || pending.expiresAtMs === null || pending.expiresAtMs > nowMs) continue;
      pending.status = 'expired';
      const amount = pending.transfer.amountMinor;
      this.accounts.get(pending.transfer.debitAccountId)!.sides.debitsPending -= amount;
      this.accounts.get(pending.transfer.creditAccountId)!.sides.creditsPending -= amount;
      expired += 1;
    }
    return expired;
  }

  private differentField(existing: ModelTransfer, input: TransferInput): ReplayField | null {
    if (existing.flags !== input.flags) return 'flags';
    if (input.flags === 'post_pending' || input.flags === 'void_pending') {
      if (existing.pendingId !== input.pendingId) return 'pending_id';
      if (input.flags === 'post_pending') {
        const asked = input.amountMinor ?? this.transfers.get(input.pendingId)!.amountMinor;
        if (existing.amountMinor !== asked) return 'amount';
      }
      return null;
    }
    if (existing.debitAccountId !== input.debitAccountId) return 'debit_account_id';
    if (existing.creditAccountId !== input.creditAccountId) return 'credit_account_id';
    if (existing.amountMinor !== input.amountMinor) return 'amount';
    if (existing.currency !== input.currency) return 'currency';
    if (existing.code !== input.code) return 'code';
    if (existing.reference !== (input.reference ?? null)) return 'reference';
    if (input.flags === 'pending' && existing.timeoutS !== input.timeoutS) return 'timeout';
    return null;
  }
}

// Operations, as data: which accounts and which earlier transfer are resolved when they run.
const accountIndex = fc.nat({ max: 4 });
const operation = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('plain' as const),
      from: accountIndex,
      to: accountIndex,
      amount: fc.integer({ min: 1, max: 3_000 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('pending' as const),
      from: accountIndex,
      to: accountIndex,
      amount: fc.integer({ min: 1, max: 3_000 }),
      timeoutS: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 30 })),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('post' as const),
      pick: fc.nat(),
      // Per mille of the reserved amount; above 1000 asks for more than was reserved.
      perMille: fc.option(fc.integer({ min: 1, max: 1_100 }), { nil: undefined }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('void' as const), pick: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: 20_000 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('replay' as const), pick: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('replayDifferent' as const),
      pick: fc.nat(),
      change: fc.constantFrom('amount', 'account', 'code', 'reference', 'flags', 'timeout', 'pending'),
    }),
  },
);
type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

function changed(input: TransferInput, change: string, accounts: string[]): TransferInput {
  if (input.flags === 'plain' || input.flags === 'pending') {
    switch (change) {
      case 'amount':
        return { ...input, amountMinor: input.amountMinor + 1 };
      case 'account':
        return {
          ...input,
          creditAccountId: accounts[(accounts.indexOf(input.creditAccountId) + 1) % accounts.length]!,
        };
      case 'code':
        return { ...input, code: 'other' };
      case 'reference':
        return { ...input, reference: 'ref-changed' };
      case 'flags':
        return input.flags === 'plain' ? { ...input, flags: 'pending', timeoutS: 0 } : { ...input, flags: 'plain' };
      case 'timeout':
        return input.flags === 'pending' ? { ...input, timeoutS: input.timeoutS + 1 } : { ...input, code: 'other' };
      default:
        return { ...input, debitAccountId: accounts[(accounts.indexOf(input.debitAccountId) + 1) % accounts.length]! };
    }
  }
  if (change === 'flags') {
    return input.flags === 'void_pending'
      ? { flags: 'post_pending', id: input.id, pendingId: input.pendingId }
      : { flags: 'void_pending', id: input.id, pendingId: input.pendingId };
  }
  if (change === 'pending') return { ...input, pendingId: `${input.pendingId}-other` };
  if (input.flags === 'post_pending') return { ...input, amountMinor: (input.amountMinor ?? 1) + 1 };
  return { flags: 'post_pending', id: input.id, pendingId: input.pendingId, amountMinor: 1 };
}

let runCount = 0;

async function runSequence(operations: Operation[]): Promise<void> {
  runCount += 1;
  const run = `m${runCount}`;
  let nowMs = T0_MS + runCount * CLOCK_STRETCH_PER_RUN_MS;
  // Earlier runs' reservations on the shared world account fall due before this run's clock starts.
  await expirePendingTransfers(db, nowMs, 10_000);

  const world = await ensureAccount(db, { kind: 'world', owner: null, currency: 'EUR' }, nowMs);
  const wallets = await Promise.all(
    ['a', 'b', 'c'].map((name) =>
      ensureAccount(db, { kind: 'wallet', owner: `${run}-${name}`, currency: 'EUR' }, nowMs),
    ),
  );
  const dollars = await ensureAccount(db, { kind: 'wallet', owner: `${run}-d`, currency: 'USD' }, nowMs);
  const accounts = [world, ...wallets, dollars];
  const accountIds = accounts.map((account) => account.id);
  const model = new LedgerModel(accounts);
  const submitted: TransferInput[] = [];
  const pendingIds: string[] = [];

  const submit = async (input: TransferInput) => {
    const expected = model.create(input, nowMs);
    const actual = await createTransfer(db, input, nowMs);
    expect(summary(actual), JSON.stringify(input)).toEqual(summaryOfExpected(expected));
    submitted.push(input);
    if (expected.ok && expected.status === 'created' && input.flags === 'pending') pendingIds.push(input.id);
  };

  for (const [step, operation] of operations.entries()) {
    const id = `${run}-${step}`;
    switch (operation.op) {
      case 'plain':
      case 'pending': {
        const from = accounts[operation.from]!;
        const base = {
          id,
          debitAccountId: from.id,
          creditAccountId: accounts[operation.to]!.id,
          amountMinor: operation.amount,
          currency: from.currency,
          code: 'payment',
        };
        await submit(
          operation.op === 'plain'
            ? { ...base, flags: 'plain' }
            : { ...base, flags: 'pending', timeoutS: operation.timeoutS },
        );
        break;
      }
      case 'post':
      case 'void': {
        const pendingId = pendingIds.length > 0 ? pendingIds[operation.pick % pendingIds.length]! : `${run}-nothing`;
        if (operation.op === 'void') {
          await submit({ flags: 'void_pending', id, pendingId });
        } else {
          const reserved = model.transfers.get(pendingId)?.amountMinor ?? 1;
          const amountMinor =
            operation.perMille === undefined
              ? undefined
              : Math.max(1, Math.floor((reserved * operation.perMille) / 1000));
          await submit({ flags: 'post_pending', id, pendingId, ...(amountMinor === undefined ? {} : { amountMinor }) });
        }
        break;
      }
      case 'advance': {
        nowMs += operation.ms;
        const expected = model.expireDue(nowMs);
        const report = await expirePendingTransfers(db, nowMs, 10_000);
        expect(report).toEqual({ expired: expected, resolvedMeanwhile: 0 });
        break;
      }
      case 'replay':
        if (submitted.length > 0) await submit(submitted[operation.pick % submitted.length]!);
        break;
      case 'replayDifferent':
        if (submitted.length > 0)
          await submit(changed(submitted[operation.pick % submitted.length]!, operation.change, accountIds));
        break;
    }
    await expectInvariants(model, pendingIds);
  }
}

function summary(result: TransferResult) {
  if (!result.ok) return { code: result.code };
  const { id, flags, debitAccountId, creditAccountId, amountMinor, pendingId } = result.transfer;
  return { status: result.status, id, flags, debitAccountId, creditAccountId, amountMinor, pendingId };
}

function summaryOfExpected(expected: Expected) {
  if (!expected.ok) return { code: expected.code };
  const { id, flags, debitAccountId, creditAccountId, amountMinor, pendingId } = expected.transfer;
  return { status: expected.status, id, flags, debitAccountId, creditAccountId, amountMinor, pendingId };
}

async function expectInvariants(model: LedgerModel, pendingIds: string[]): Promise<void> {
  for (const modelAccount of model.accounts.values()) {
    const account = (await getAccount(db, modelAccount.id))!;
    const sides: Sides = {
      debitsPending: account.debitsPendingMinor,
      debitsPosted: account.debitsPostedMinor,
      creditsPending: account.creditsPendingMinor,
      creditsPosted: account.creditsPostedMinor,
    };
    expect(sides, account.id).toEqual(modelAccount.sides);
    if (account.debitsMustNotExceedCredits) {
      expect(
        account.creditsPostedMinor - account.debitsPostedMinor - account.debitsPendingMinor,
      ).toBeGreaterThanOrEqual(0);
    }
  }
  for (const totals of await currencyTotals(db)) {
    expect(totals.postedSumMinor, `Σ posted ${totals.currency}`).toBe(0);
    expect(totals.debitsPendingSumMinor, `Σ pending ${totals.currency}`).toBe(totals.creditsPendingSumMinor);
  }
  if (pendingIds.length > 0) {
    const placeholders = pendingIds.map(() => '?').join(', ');
    const { results } = await db
      .prepare(
        `SELECT s.pending_id, s.status, (SELECT count(*) FROM ledger_transfers AS r WHERE r.pending_id = s.pending_id) AS resolutions
         FROM ledger_pending_states AS s WHERE s.pending_id IN (${placeholders})`,
      )
      .bind(...pendingIds)
      .all<{ pending_id: string; status: string; resolutions: number }>();
    expect(results).toHaveLength(pendingIds.length);
    for (const row of results) {
      expect(row.status, row.pending_id).toBe(model.pendings.get(row.pending_id)!.status);
      expect(row.resolutions).toBe(row.status === 'posted' || row.status === 'voided' ? 1 : 0);
    }
  }
}

it(
  `agrees with the model over ${RUNS} random sequences, invariants checked after every step`,
  async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { minLength: 1, maxLength: STEPS_PER_RUN_MAX }), runSequence),
      {
        numRuns: RUNS,
      },
    );
    expect(runCount).toBeGreaterThanOrEqual(RUNS);
  },
  PROPERTY_TIMEOUT_MS,
);
