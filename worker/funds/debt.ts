import { assert } from '../../shared/assert';
import { selectDebtsOfUser } from '../db/funds';
import { createTransfer, getAccount } from '../ledger';
import { clearingAccount, debtAccount, FUNDS_CODES, walletAccount } from './accounts';
import { repaymentTransferId } from './ids';

/** Attempts at repaying a debt when a concurrent payment changes the wallet under us. */
const REPAY_ATTEMPTS_MAX = 3;

/**
 * Takes `amountMinor` back for the provider (a refund or a dispute): first as a debt (debt →
 * clearing, always possible), then repaid at once from the wallet as far as it can. So a wallet
 * never goes below zero, the money the provider took always has its counterpart, and what the
 * user had already spent stays visible as a debt. Both transfers have ids derived from the
 * provider's object: a redelivery replays them.
 */
export async function takeBack(
  db: D1Database,
  input: { userId: string; currency: string; amountMinor: number; transferId: string; code: string; reference: string },
  nowMs: number,
): Promise<void> {
  const [debt, clearing] = await Promise.all([
    debtAccount(db, input.userId, input.currency, nowMs),
    clearingAccount(db, input.currency, nowMs),
  ]);
  const taken = await createTransfer(
    db,
    {
      flags: 'plain',
      id: input.transferId,
      debitAccountId: debt.id,
      creditAccountId: clearing.id,
      amountMinor: input.amountMinor,
      currency: input.currency,
      code: input.code,
      reference: input.reference,
    },
    nowMs,
  );
  if (!taken.ok) throw new Error(`taking back ${input.transferId} was refused: ${taken.code}`);
  await repayDebt(
    db,
    { userId: input.userId, currency: input.currency, transferId: `${input.transferId}:repay` },
    nowMs,
  );
}

/**
 * Gives `amountMinor` back to the wallet it was taken from (a refund that failed, a dispute won):
 * clearing → wallet, then whatever is still owed is repaid from it, so a debt the taking made is
 * cleared first. Both ids derive from the provider's object: a redelivery replays them.
 */
export async function giveBack(
  db: D1Database,
  input: { userId: string; currency: string; amountMinor: number; transferId: string; code: string; reference: string },
  nowMs: number,
): Promise<void> {
  const [clearing, wallet] = await Promise.all([
    clearingAccount(db, input.currency, nowMs),
    walletAccount(db, input.userId, input.currency, nowMs),
  ]);
  const returned = await createTransfer(
    db,
    {
      flags: 'plain',
      id: input.transferId,
      debitAccountId: clearing.id,
      creditAccountId: wallet.id,
      amountMinor: input.amountMinor,
      currency: input.currency,
      code: input.code,
      reference: input.reference,
    },
    nowMs,
  );
  if (!returned.ok) throw new Error(`giving back ${input.transferId} was refused: ${returned.code}`);
  await repayDebt(
    db,
    { userId: input.userId, currency: input.currency, transferId: `${input.transferId}:repay` },
    nowMs,
  );
}

/**
 * Moves what the wallet can spare into the user's debt account, up to what is owed. Called after
 * every movement that takes or brings money. A repayment id is used once: its replay (or a
 * changed amount under the same id) means this trigger already repaid, and any rest waits for
 * the next incoming money.
 */
export async function repayDebt(
  db: D1Database,
  input: { userId: string; currency: string; transferId: string },
  nowMs: number,
): Promise<number> {
  const debt = await debtAccount(db, input.userId, input.currency, nowMs);
  if (debt.debitsPostedMinor <= debt.creditsPostedMinor) return 0;
  for (let attempt = 1; attempt <= REPAY_ATTEMPTS_MAX; attempt++) {
    const [wallet, current] = await Promise.all([
      walletAccount(db, input.userId, input.currency, nowMs),
      getAccount(db, debt.id),
    ]);
    assert(current !== null, 'a debt account just ensured exists');
    const owedMinor = current.debitsPostedMinor - current.creditsPostedMinor;
    const availableMinor = wallet.creditsPostedMinor - wallet.debitsPostedMinor - wallet.debitsPendingMinor;
    const repaidMinor = Math.min(owedMinor, availableMinor);
    if (repaidMinor <= 0) return 0;
    const result = await createTransfer(
      db,
      {
        flags: 'plain',
        id: input.transferId,
        debitAccountId: wallet.id,
        creditAccountId: debt.id,
        amountMinor: repaidMinor,
        currency: input.currency,
        code: FUNDS_CODES.debtRepayment,
      },
      nowMs,
    );
    if (result.ok) return result.status === 'created' ? repaidMinor : 0;
    if (result.code.startsWith('exists_with_different_')) return 0;
    // The wallet or the debt changed since they were read (a payment, another repayment): read again.
    if (result.code !== 'exceeds_credits' && result.code !== 'exceeds_debits') {
      throw new Error(`repaying ${input.transferId} was refused: ${result.code}`);
    }
  }
  return 0;
}

/**
 * Called right after money lands in an account (a payment received, an escrow claimed, a pot paid
 * out, a withdrawal's money back): if the account is a wallet whose owner owes in its currency,
 * the debt is repaid at once instead of on the next spend. The repayment id derives from the
 * incoming transfer's, so replaying the flow repays once. Costs two reads when nothing is owed.
 */
export async function repayDebtAfterIncoming(
  db: D1Database,
  input: { accountId: string; incomingTransferId: string },
  nowMs: number,
): Promise<number> {
  const account = await getAccount(db, input.accountId);
  assert(account !== null, 'money landed in an account that exists');
  if (account.kind !== 'wallet' || account.owner === null) return 0;
  const owes = (await selectDebtsOfUser(db, account.owner)).some((debt) => debt.currency === account.currency);
  if (!owes) return 0;
  return repayDebt(
    db,
    {
      userId: account.owner,
      currency: account.currency,
      transferId: await repaymentTransferId(input.incomingTransferId),
    },
    nowMs,
  );
}

/** True while the user owes money in any currency: payments and withdrawals wait until it is repaid. */
export async function hasDebt(db: D1Database, userId: string): Promise<boolean> {
  return (await selectDebtsOfUser(db, userId)).length > 0;
}
