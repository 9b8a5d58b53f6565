import { TwitterApi } from 'twitter-api-v2';
import { findMentions, sameHandle } from '../../shared/handle';
import { claimReceiptReply, type IntentRow, receiptIdOf, recordReceiptReply } from '../db/payments';
import type { Env } from '../env';
import { hashpayAccessToken } from '../x/account-token';
import { abortAfterPlugin, withTimeout } from '../x/timeout';
import { paymentsConfig } from './config';

/** The bound of the reply request (X's own answer is quick; a reply is never worth a long wait). */
export const RECEIPT_REPLY_TIMEOUT_MS = 5_000;

/**
 * With RECEIPT_REPLIES on, replies under a settled payment's tweet with its receipt link. X lets
 * an app reply only under tweets that mention its account ("summoned"), so only those get one,
 * and posting needs the Hashpay account's own user token (linked once by an operator and refreshed
 * before it expires: worker/x/account-token.ts): an app bearer cannot post. At most one reply per intent; a failure is logged and never undoes the
 * payment. Returns the reply's id, or null when none was posted.
 */
export async function replyWithReceipt(env: Env, intent: IntentRow, nowMs = Date.now()): Promise<string | null> {
  const config = paymentsConfig(env);
  if (!config.receiptReplies) return null;
  if (intent.status !== 'settled' || intent.tweet_id === null || intent.tweet_final_text === null) return null;
  const summoned = findMentions(intent.tweet_final_text).some((mention) =>
    sameHandle(mention.handle, config.hashpayUsername),
  );
  if (!summoned) return null;
  const accessToken = await hashpayAccessToken(env, nowMs);
  if (accessToken === null) return null;
  if (!(await claimReceiptReply(env.DB, intent.id))) return null;

  const link = new URL(`/v1/receipts/${receiptIdOf(intent.id)}`, env.WORKER_ORIGIN).toString();
  const text = intent.language === 'fr' ? `Paiement réglé ✓ Reçu : ${link}` : `Payment settled ✓ Receipt: ${link}`;
  try {
    const client = new TwitterApi(accessToken, { plugins: [abortAfterPlugin(RECEIPT_REPLY_TIMEOUT_MS)] });
    const posted = await withTimeout(client.v2.reply(text, intent.tweet_id), RECEIPT_REPLY_TIMEOUT_MS, 'receiptReply');
    await recordReceiptReply(env.DB, intent.id, posted.data.id).run();
    return posted.data.id;
  } catch (error) {
    await recordReceiptReply(env.DB, intent.id, null).run();
    console.warn(JSON.stringify({ event: 'receipt-reply-failed', intentId: intent.id, error: String(error) }));
    return null;
  }
}
