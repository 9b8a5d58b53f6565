import { Hono } from 'hono';
import * as z from 'zod';
import { RECEIPT_ID_PATTERN, type Receipt } from '../../shared/contract/payments';
import type { Language } from '../../shared/language';
import { findIntent, type IntentRow, intentIdOfReceipt, receiptIdOf, tweetUrl } from '../db/payments';
import { findActiveSession } from '../db/sessions';
import type { AppEnv } from '../env';
import { HttpProblem } from '../problem';
import { prefersHtml, receiptLanguage } from '../receipts/negotiate';
import { receiptPageCsp, renderReceiptNotFoundPage, renderReceiptPage } from '../receipts/page';
import { SANDBOX_ONLY_RECEIPT_SIGNING_JWK, signReceipt, verifyReceipt } from '../receipts/signing';
import { bearerTokenOf, sha256Hex } from '../session';
import { validate } from '../validate';

const ReceiptParamSchema = z.strictObject({
  id: z.string().regex(RECEIPT_ID_PATTERN, 'a receipt id (rcp_…)'),
});

/**
 * `GET /v1/receipts/:id`: the public receipt of a settled payment, donation, contribution or
 * collected pledge, signed by the worker so anyone can check it with the keys at
 * `/v1/receipts/keys`. A contribution's or pledge's receipt names its pot.
 *
 * A donation's public receipt names its donor (and their tweet) only if they agreed to it; the
 * donor asking with their own session gets theirs in full. Anyone else's session changes nothing.
 *
 * A person's browser (Accept preferring `text/html`) gets the same receipt as a page in French or
 * English (Accept-Language), with the worker's own check of the signature; programs get the JSON.
 */
export const receipts = new Hono<AppEnv>().get('/:id', validate('param', ReceiptParamSchema), async (c) => {
  const receiptId = c.req.valid('param').id;
  const html = prefersHtml(c.req.header('accept'));
  const language = receiptLanguage(c.req.header('accept-language'));
  const intentId = intentIdOfReceipt(receiptId);
  const intent = intentId === null ? null : await findIntent(c.env.DB, intentId);
  if (
    intent === null ||
    intent.status !== 'settled' ||
    intent.tweet_id === null ||
    intent.tweet_root_id === null ||
    intent.settled_at_ms === null
  ) {
    if (html) {
      return c.html(renderReceiptNotFoundPage(language), 404, await pageHeaders('no-store', language));
    }
    throw new HttpProblem(404, 'receipt-not-found', 'There is no receipt with this id.');
  }
  const authorization = c.req.header('authorization');
  const forDonor = authorization !== undefined && (await isPayer(c.env.DB, authorization, intent));
  const anonymous = intent.purpose === 'donation' && intent.public_mention === 0 && !forDonor;
  const receipt: Receipt = {
    id: receiptIdOf(intent.id),
    intentId: intent.id,
    payer: anonymous
      ? null
      : { xUserId: intent.payer_x_user_id, username: intent.payer_username, name: intent.payer_name },
    payee: { xUserId: intent.payee_x_user_id, username: intent.payee_username, name: intent.payee_name },
    amountMinor: intent.amount_minor,
    currency: intent.currency,
    // The tweet is the donor's: its link would name them.
    tweetId: anonymous ? null : intent.tweet_id,
    tweetUrl: anonymous ? null : tweetUrl(intent.payer_username, intent.tweet_id),
    settledAt: new Date(intent.settled_at_ms).toISOString(),
    // A payment's receipt keeps exactly its earlier fields, so earlier receipts read the same.
    ...(intent.purpose === 'payment' ? {} : { purpose: intent.purpose }),
    ...(intent.purpose === 'donation' ? { publicMention: intent.public_mention === 1 } : {}),
    ...(intent.pot_id !== null && intent.pot_kind && intent.pot_hashtag && intent.pot_title
      ? { pot: { id: intent.pot_id, kind: intent.pot_kind, hashtag: intent.pot_hashtag, title: intent.pot_title } }
      : {}),
  };
  const cacheControl = forDonor ? 'private, no-store' : 'public, max-age=300';
  const signed = await signReceipt(c.env, receipt);
  if (!html) {
    return c.json(signed, 200, { 'cache-control': cacheControl, vary: 'accept, accept-language, authorization' });
  }
  const page = renderReceiptPage({
    receipt: signed.receipt,
    keyId: signed.signature.keyId,
    verified: await verifyReceipt(c.env, signed),
    testKey: signed.signature.keyId === SANDBOX_ONLY_RECEIPT_SIGNING_JWK.kid,
    language,
  });
  return c.html(page, 200, await pageHeaders(cacheControl, language));
});

/** A receipt page's headers: its strict CSP, and what its content depends on. */
async function pageHeaders(cacheControl: string, language: Language): Promise<Record<string, string>> {
  return {
    'cache-control': cacheControl,
    vary: 'accept, accept-language, authorization',
    'content-security-policy': await receiptPageCsp(),
    'content-language': language,
    'referrer-policy': 'no-referrer',
  };
}

/** True when the Authorization header carries a usable session of the intent's payer (a bad header is a 401). */
async function isPayer(db: D1Database, authorization: string, intent: IntentRow): Promise<boolean> {
  const token = bearerTokenOf(authorization);
  const session = await findActiveSession(db, await sha256Hex(token), Date.now());
  if (session === null) {
    throw new HttpProblem(
      401,
      'unauthorized',
      'This session is unknown, expired or signed out; ask without it for the public receipt.',
      undefined,
      {
        'www-authenticate': 'Bearer realm="hashpay", error="invalid_token"',
      },
    );
  }
  return session.user.id === intent.payer_user_id;
}
