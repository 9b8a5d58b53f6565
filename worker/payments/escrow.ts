import { assert } from '../../shared/assert';
import { findUserIdByXUserId } from '../db/payment-parties';
import {
  decideEscrowOutcome,
  findIntent,
  type IntentRow,
  markEscrowResolved,
  selectEscrowedForPayee,
} from '../db/payments';
import type { Env } from '../env';
import { repayDebtAfterIncoming } from '../funds/debt';
import { createTransfer, ensureAccount } from '../ledger';
import { PAYMENT_TRANSFER_CODE, payerWallet, transferIds } from './money';
import { replyWithReceipt } from './receipt-reply';

/**
 * Money confirmed to someone who has not linked their X account waits in escrow under their X
 * user id. It leaves once: to the payee when they link (`claim`), or back to the payer once the
 * escrow delay has passed (`refund`). The intent's `escrow_outcome` is the gate (the first
 * caller decides); the transfer's id makes the move itself happen once even if it is retried.
 */

export type EscrowOutcome = 'claim' | 'refund';

/** Moves one escrowed intent's money out: to the payee's wallet or back to the payer. */
export async function resolveEscrow(
  env: Env,
  intentId: string,
  outcome: EscrowOutcome,
  nowMs: number,
): Promise<IntentRow> {
  const db = env.DB;
  await decideEscrowOutcome(db, intentId, outcome).run();
  const intent = await findIntent(db, intentId);
  assert(intent !== null, `resolveEscrow: no intent ${intentId}`);
  // Decided the other way by someone else, or already done: nothing more to do here.
  if (intent.status !== 'escrowed' || intent.escrow_outcome !== outcome) return intent;

  const escrow = await ensureAccount(
    db,
    { kind: 'escrow', owner: intent.payee_x_user_id, currency: intent.currency },
    nowMs,
  );
  let destinationId: string;
  if (outcome === 'claim') {
    const payeeUserId = await findUserIdByXUserId(db, intent.payee_x_user_id);
    assert(payeeUserId !== null, 'a claim is made for a linked payee');
    destinationId = (await ensureAccount(db, { kind: 'wallet', owner: payeeUserId, currency: intent.currency }, nowMs))
      .id;
  } else {
    destinationId = (await payerWallet(db, intent, nowMs)).id;
  }
  const result = await createTransfer(
    db,
    {
      flags: 'plain',
      id: outcome === 'claim' ? transferIds.claim(intentId) : transferIds.refund(intentId),
      debitAccountId: escrow.id,
      creditAccountId: destinationId,
      amountMinor: intent.amount_minor,
      currency: intent.currency,
      code: PAYMENT_TRANSFER_CODE,
      reference: intentId,
    },
    nowMs,
  );
  assert(result.ok, `resolveEscrow: the ledger refused the ${outcome}: ${result.ok ? '' : result.code}`);
  await repayDebtAfterIncoming(db, { accountId: destinationId, incomingTransferId: result.transfer.id }, nowMs);
  await markEscrowResolved(db, intentId, outcome, nowMs).run();
  const after = await findIntent(db, intentId);
  assert(after !== null, 'the intent still exists');
  if (after.status === 'settled') await replyWithReceipt(env, after);
  return after;
}

/** Escrowed payments claimed while the link request is served; the escrow job claims the rest. */
export const ESCROW_CLAIMS_AT_LINK_MAX = 50;

/**
 * When an X account links: what is escrowed for it becomes its owner's — the first ones at once,
 * any beyond `ESCROW_CLAIMS_AT_LINK_MAX` on the escrow job's next run. Returns how many now.
 */
export async function claimEscrowForXUser(env: Env, xUserId: string, nowMs: number): Promise<number> {
  const escrowed = await selectEscrowedForPayee(env.DB, xUserId, ESCROW_CLAIMS_AT_LINK_MAX);
  let claimed = 0;
  for (const intent of escrowed) {
    const after = await resolveEscrow(env, intent.id, 'claim', nowMs);
    if (after.status === 'settled') claimed += 1;
  }
  return claimed;
}
