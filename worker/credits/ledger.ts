import { assert } from '../../shared/assert';
import { type CreditRow, findCredit, markCreditPosted, markCreditReversed, markCreditVoided } from '../db/credits';
import { createTransfer, ensureAccount } from '../ledger';
import { releaseCreditBudget } from './enrolments';

/**
 * The money of one credit in the ledger, and the credit's status kept in step with it.
 *
 * Each transfer's id is derived from the credit's id, so a retry (a redelivered webhook, a job run
 * after a crash) finds the transfer already made. The ledger is the truth: when a post and a void
 * race, it lets one through, and the credit's status is then written from what the ledger
 * decided. Status changes go through the table's one-way trigger, so a budget release batched with
 * a change to `voided` happens once however many callers try.
 */

/** The code credits are booked under: offer fund → the user's rewards. */
export const CREDIT_TRANSFER_CODE = 'offer_credit';
/** A credit taken back after it was posted: the user's rewards → offer fund. */
export const CREDIT_REVERSAL_CODE = 'offer_credit_reversal';

export const creditTransferIds = {
  hold: (creditId: string) => `credit:${creditId}:hold`,
  post: (creditId: string) => `credit:${creditId}:post`,
  void: (creditId: string) => `credit:${creditId}:void`,
  reverse: (creditId: string) => `credit:${creditId}:reverse`,
};

const ALREADY_PATTERN = /credits: credit already (posted|voided|reversed)/;

/** Runs a status change; `already` when the trigger found it made before (the batch did nothing). */
async function changeStatus(db: D1Database, statements: D1PreparedStatement[]): Promise<'changed' | 'already'> {
  try {
    await db.batch(statements);
    return 'changed';
  } catch (error) {
    if (ALREADY_PATTERN.test(String(error))) return 'already';
    throw error;
  }
}

async function accountsOf(db: D1Database, credit: CreditRow, nowMs: number) {
  const fund = await ensureAccount(
    db,
    { kind: 'offer_fund', owner: credit.offer_id, currency: credit.currency },
    nowMs,
  );
  const rewards = await ensureAccount(db, { kind: 'rewards', owner: credit.user_id, currency: credit.currency }, nowMs);
  return { fund, rewards };
}

/**
 * Makes sure a pending credit has its reservation in the ledger (the pending transfer, without a
 * ledger timeout: the post-credits job decides when it settles). False when the offer's fund
 * cannot pay it: the credit is then voided and its place in the budget given back.
 */
export async function holdCredit(db: D1Database, credit: CreditRow, nowMs: number): Promise<boolean> {
  const { fund, rewards } = await accountsOf(db, credit, nowMs);
  const hold = await createTransfer(
    db,
    {
      flags: 'pending',
      id: credit.pending_transfer_id,
      debitAccountId: fund.id,
      creditAccountId: rewards.id,
      amountMinor: credit.amount_minor,
      currency: credit.currency,
      code: CREDIT_TRANSFER_CODE,
      reference: credit.id,
      timeoutS: 0,
    },
    nowMs,
  );
  if (hold.ok) return true;
  assert(hold.code === 'exceeds_credits', `holdCredit: the ledger refused the hold of ${credit.id}: ${hold.code}`);
  await recordVoid(db, credit, 'fund_short', nowMs);
  return false;
}

async function recordVoid(db: D1Database, credit: CreditRow, reason: 'refunded' | 'fund_short', nowMs: number) {
  await changeStatus(db, [markCreditVoided(db, credit.id, reason, nowMs), releaseCreditBudget(db, credit.offer_id)]);
}

async function recordPosted(db: D1Database, credit: CreditRow, nowMs: number) {
  await changeStatus(db, [markCreditPosted(db, credit.id, nowMs)]);
}

async function reread(db: D1Database, creditId: string): Promise<CreditRow> {
  const credit = await findCredit(db, creditId);
  assert(credit !== null, `credit ${creditId} exists`);
  return credit;
}

/** Posts a pending credit (the job calls this once its settlement delay has passed). */
export async function postCredit(db: D1Database, credit: CreditRow, nowMs: number): Promise<CreditRow> {
  if (credit.status !== 'pending') return credit;
  if (!(await holdCredit(db, credit, nowMs))) return reread(db, credit.id);
  const post = await createTransfer(
    db,
    { flags: 'post_pending', id: creditTransferIds.post(credit.id), pendingId: credit.pending_transfer_id },
    nowMs,
  );
  if (post.ok || post.code === 'pending_transfer_already_posted') {
    await recordPosted(db, credit, nowMs);
  } else {
    // A refund voided it first: the clawback stands.
    assert(
      post.code === 'pending_transfer_already_voided',
      `postCredit: the ledger refused ${credit.id}: ${post.code}`,
    );
    await recordVoid(db, credit, 'refunded', nowMs);
  }
  return reread(db, credit.id);
}

/**
 * Takes a credit back after a refund: voids it while pending (its budget place is given back),
 * reverses it once posted with a new transfer rewards → offer fund (the rewards balance may go
 * below zero; the budget place stays used). Safe to call again.
 */
export async function clawBackCredit(db: D1Database, credit: CreditRow, nowMs: number): Promise<CreditRow> {
  if (credit.status === 'pending') {
    if (!(await holdCredit(db, credit, nowMs))) return reread(db, credit.id);
    const voided = await createTransfer(
      db,
      { flags: 'void_pending', id: creditTransferIds.void(credit.id), pendingId: credit.pending_transfer_id },
      nowMs,
    );
    if (voided.ok || voided.code === 'pending_transfer_already_voided') {
      await recordVoid(db, credit, 'refunded', nowMs);
      return reread(db, credit.id);
    }
    // The job posted it first: record that, then reverse.
    assert(
      voided.code === 'pending_transfer_already_posted',
      `clawBackCredit: the ledger refused ${credit.id}: ${voided.code}`,
    );
    await recordPosted(db, credit, nowMs);
  }
  const current = await reread(db, credit.id);
  if (current.status !== 'posted') return current;
  const { fund, rewards } = await accountsOf(db, current, nowMs);
  const reversal = await createTransfer(
    db,
    {
      flags: 'plain',
      id: creditTransferIds.reverse(current.id),
      debitAccountId: rewards.id,
      creditAccountId: fund.id,
      amountMinor: current.amount_minor,
      currency: current.currency,
      code: CREDIT_REVERSAL_CODE,
      reference: current.id,
    },
    nowMs,
  );
  assert(reversal.ok, `clawBackCredit: the ledger refused the reversal of ${current.id}`);
  await changeStatus(db, [markCreditReversed(db, current.id, nowMs)]);
  return reread(db, current.id);
}
