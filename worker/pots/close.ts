import { assert } from '../../shared/assert';
import { closeAccountToCredits } from '../db/ledger-queries';
import { closePotStatements, findPot, markPaidOut, type PotRow } from '../db/pots';
import { repayDebtAfterIncoming } from '../funds/debt';
import { createTransfer, ensureAccount, getAccount, getTransfer } from '../ledger';
import { POT_PAYOUT_TRANSFER_CODE, potTransferIds } from './config';

/**
 * Closing a pot and paying out what it collected. Closing is one batch (the pot and its ledger
 * account together), so no contribution can be posted after it; the payout is then one transfer
 * with a fixed id of the account's posted balance, which can no longer grow: a second close, a
 * retry or the deadline job after a crash finds that transfer and moves nothing more.
 */

/** Closes an open pot (idempotent) and pays it out; answers what reached the organiser's wallet. */
export async function closeAndPayOut(db: D1Database, pot: PotRow, nowMs: number): Promise<number> {
  assert(pot.kind === 'pot', 'closeAndPayOut: only pots are closed by hand or at their deadline');
  await db.batch(closePotStatements(db, pot, nowMs));
  const closed = await findPot(db, pot.id);
  assert(closed !== null && closed.state === 'closed', 'the pot is closed');
  return payOut(db, closed, nowMs);
}

/**
 * Moves the posted balance of a closed pot (or a funded project whose pledges are all collected)
 * to its organiser's wallet, once. The account is closed to credits first, so the balance read
 * is final.
 */
export async function payOut(db: D1Database, pot: PotRow, nowMs: number): Promise<number> {
  assert(pot.state === 'closed' || pot.state === 'funded', `payOut: a ${pot.state} pot is not paid out`);
  const id = potTransferIds.payout(pot.id);
  const earlier = await getTransfer(db, id);
  if (earlier !== null) {
    await repayDebtAfterIncoming(db, { accountId: earlier.creditAccountId, incomingTransferId: id }, nowMs);
    await markPaidOut(db, pot.id, nowMs).run();
    return earlier.amountMinor;
  }
  await closeAccountToCredits(db, pot.account_id).run();
  const account = await getAccount(db, pot.account_id);
  assert(account !== null, 'the pot account exists');
  const balanceMinor = account.creditsPostedMinor - account.debitsPostedMinor;
  assert(balanceMinor >= 0, 'a pot account never goes below zero');
  if (balanceMinor > 0) {
    const wallet = await ensureAccount(
      db,
      { kind: 'wallet', owner: pot.organiser_user_id, currency: pot.currency },
      nowMs,
    );
    const payout = await createTransfer(
      db,
      {
        flags: 'plain',
        id,
        debitAccountId: pot.account_id,
        creditAccountId: wallet.id,
        amountMinor: balanceMinor,
        currency: pot.currency,
        code: POT_PAYOUT_TRANSFER_CODE,
        reference: pot.id,
      },
      nowMs,
    );
    // A concurrent payout of the same pot moved the same balance under the same id: `exists`.
    assert(payout.ok, `payOut: the ledger refused the payout of ${pot.id}: ${payout.ok ? '' : payout.code}`);
    await repayDebtAfterIncoming(db, { accountId: wallet.id, incomingTransferId: id }, nowMs);
  }
  await markPaidOut(db, pot.id, nowMs).run();
  return balanceMinor;
}
