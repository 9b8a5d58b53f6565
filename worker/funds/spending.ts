import { selectDebtsOfUser } from '../db/funds';
import { HttpProblem } from '../problem';
import { repayDebt } from './debt';
import { providerTransferId } from './ids';

/** Repays what the wallet can, then answers whether a debt remains (then nothing may leave the wallet). */
export async function walletInDebt(db: D1Database, userId: string, nowMs: number): Promise<boolean> {
  const debts = await selectDebtsOfUser(db, userId);
  if (debts.length === 0) return false;
  for (const debt of debts) {
    await repayDebt(
      db,
      {
        userId,
        currency: debt.currency,
        transferId: await providerTransferId('repay', `${userId}:${debt.currency}:${nowMs}`),
      },
      nowMs,
    );
  }
  return (await selectDebtsOfUser(db, userId)).length > 0;
}

/**
 * Before any money leaves a wallet (a payment, a withdrawal): what the user owes after a refund
 * or dispute is repaid first from what the wallet holds, so money received from others since
 * then counts too; if a debt remains, nothing leaves (409 wallet-in-debt).
 */
export async function settleDebtsBeforeSpending(db: D1Database, userId: string, nowMs: number): Promise<void> {
  if (!(await walletInDebt(db, userId, nowMs))) return;
  const owed = (await selectDebtsOfUser(db, userId)).map((debt) => `${debt.owed_minor} ${debt.currency}`).join(', ');
  throw new HttpProblem(
    409,
    'wallet-in-debt',
    `Money taken back after a refund or dispute is still owed (${owed} in minor units); nothing leaves the wallet until the next money in repays it.`,
  );
}
