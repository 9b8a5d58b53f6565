import { Hono } from 'hono';
import { z } from 'zod';
import { RECEIPT_ID_PATTERN, type Receipt } from '../../shared/contract/payments';
import { findIntent, intentIdOfReceipt, receiptIdOf, tweetUrl } from '../db/payments';
import type { AppEnv } from '../env';
import { HttpProblem } from '../problem';
import { signReceipt } from '../receipts/signing';
import { validate } from '../validate';

const ReceiptParamSchema = z.strictObject({
  id: z.string().regex(RECEIPT_ID_PATTERN, 'a receipt id (rcp_…)'),
});

/**
 * `GET /v1/receipts/:id`: the public receipt of a settled payment, signed by the worker so
 * anyone can check it with the keys at `/v1/receipts/keys`.
 */
export const receipts = new Hono<AppEnv>().get('/:id', validate('param', ReceiptParamSchema), async (c) => {
  const receiptId = c.req.valid('param').id;
  const intentId = intentIdOfReceipt(receiptId);
  const intent = intentId === null ? null : await findIntent(c.env.DB, intentId);
  if (
    intent === null ||
    intent.status !== 'settled' ||
    intent.tweet_id === null ||
    intent.tweet_root_id === null ||
    intent.settled_at_ms === null
  ) {
    throw new HttpProblem(404, 'receipt-not-found', 'There is no receipt with this id.');
  }
  const receipt: Receipt = {
    id: receiptIdOf(intent.id),
    intentId: intent.id,
    payer: { xUserId: intent.payer_x_user_id, username: intent.payer_username, name: intent.payer_name },
    payee: { xUserId: intent.payee_x_user_id, username: intent.payee_username, name: intent.payee_name },
    amountMinor: intent.amount_minor,
    currency: intent.currency,
    tweetId: intent.tweet_id,
    tweetUrl: tweetUrl(intent.payer_username, intent.tweet_id),
    settledAt: new Date(intent.settled_at_ms).toISOString(),
  };
  return c.json(await signReceipt(c.env, receipt), 200, { 'cache-control': 'public, max-age=300' });
});
