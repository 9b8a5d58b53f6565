import { selectDebtsOfUser } from '../db/funds';
import { HttpProblem } from '../problem';
import { repayDebt } from './debt';
import { providerTransferId } from './ids';

/**
 * Before any money leaves a wallet (a payment, a withdrawal): what the user owes after a refund
 * or dispute is repaid first from what the wallet holds, so money received from others since
 * then counts too; if a debt remains, nothing leaves (409 wallet-in-debt).
 */
export async function settleDebtsBeforeSpending(db: D1Database, userId: string, nowMs: number): Promise<void> {
  const debts = await selectDebtsOfUser(db, userId);
  if (debts.length === 0) return;
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
  const left = await selectDebtsOfUser(db, userId);
  if (left.length > 0) {
    const owed = left.map((debt) => `${debt.owed_minor} ${debt.currency}`).join(', ');
    throw new HttpProblem(
      409,
      'wallet-in-debt',
      `Money taken back after a refund or dispute is still owed (${owed} in minor units); payments out wait until the next money in repays it.`,
    );
  }
}
