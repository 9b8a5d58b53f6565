import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { PaymentIntent, SignedReceipt } from '../../shared/contract/payments';
import { jobs } from '../../worker/jobs';
import { verifyReceipt } from '../../worker/receipts/signing';
import { linkUser, workerFetch } from './support/link-user';
import {
  cancel,
  confirm,
  createIntent,
  escrowOf,
  fund,
  getIntent,
  intentAs,
  linkedPerson,
  type Person,
  postTweet,
  problemTypeOf,
  reportTweet,
  sessionOf,
  transfersOfIntent,
  unlinkedPerson,
  walletOf,
} from './support/payments';

// The payer's answer to a matched payment, escrow for payees without an account, and receipts.

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** A payment from a funded payer, matched and awaiting confirmation. */
async function matchedPayment(payee: Person, amountMinor = 1_500, fundedMinor = 10_000) {
  const payer = await linkedPerson('pay');
  await fund(payer, fundedMinor);
  const intent = await createIntent(payer, payee, amountMinor);
  const tweet = await postTweet(payer, intent.tweetText);
  const report = await reportTweet(payer, tweet.id);
  expect(report.intent?.status).toBe('awaiting_confirmation');
  return { payer, intent, tweet };
}

async function intentOf(res: Response): Promise<PaymentIntent> {
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as { intent: PaymentIntent }).intent;
}

describe('confirming', () => {
  it('moves the money to the payee, once, with a receipt and a settled tweet', async () => {
    const payee = await linkedPerson('bob');
    const { payer, intent, tweet } = await matchedPayment(payee);

    const settled = await intentOf(await confirm(payer, intent.id));
    expect(settled).toMatchObject({ status: 'settled', confirmBy: null });
    expect(settled.receiptId).toMatch(/^rcp_/);
    expect(await walletOf(payer)).toMatchObject({ postedMinor: 8_500, availableMinor: 8_500 });
    expect(await walletOf(payee)).toMatchObject({ postedMinor: 1_500 });

    // Again: the same answer, nothing more moves.
    expect((await intentOf(await confirm(payer, intent.id))).status).toBe('settled');
    expect(await walletOf(payee)).toMatchObject({ postedMinor: 1_500 });
    expect(await transfersOfIntent(intent.id)).toHaveLength(2);

    const status = await workerFetch(`/v1/tweets/status?ids=${tweet.id},1234567`);
    expect(await status.json()).toEqual({ settledTweetIds: [tweet.id], editedAfterPayment: [] });

    const receiptRes = await workerFetch(`/v1/receipts/${settled.receiptId}`);
    expect(receiptRes.status).toBe(200);
    const signed = (await receiptRes.json()) as SignedReceipt;
    expect(signed.receipt).toMatchObject({
      id: settled.receiptId,
      intentId: intent.id,
      amountMinor: 1_500,
      currency: 'EUR',
      tweetId: tweet.id,
      payer: { xUserId: payer.xUserId },
      payee: { xUserId: payee.xUserId },
    });
    expect(await verifyReceipt(env, signed)).toBe(true);
    const tampered = { ...signed, receipt: { ...signed.receipt, amountMinor: 15_000 } };
    expect(await verifyReceipt(env, tampered)).toBe(false);
  });

  it('twice at once posts once', async () => {
    const payee = await linkedPerson('bob');
    const { payer, intent } = await matchedPayment(payee);
    const answers = await Promise.all([
      confirm(payer, intent.id),
      confirm(payer, intent.id),
      confirm(payer, intent.id),
    ]);
    for (const answer of answers) expect((await intentOf(answer)).status).toBe('settled');
    expect(await transfersOfIntent(intent.id)).toEqual([
      { id: `pay:${intent.id}:hold`, flags: 'pending' },
      { id: `pay:${intent.id}:post`, flags: 'post_pending' },
    ]);
    expect(await walletOf(payee)).toMatchObject({ postedMinor: 1_500 });
  });

  it('racing a cancel ends as exactly one of them', async () => {
    const payee = await linkedPerson('bob');
    const { payer, intent } = await matchedPayment(payee);
    const [confirmed, cancelled] = await Promise.all([confirm(payer, intent.id), cancel(payer, intent.id)]);
    const statuses = [confirmed.status, cancelled.status].sort();
    expect(statuses).toEqual([200, 409]);
    const final = await intentAs(payer, intent.id);
    if (confirmed.status === 200) {
      expect(final.status).toBe('settled');
      expect(await walletOf(payee)).toMatchObject({ postedMinor: 1_500 });
    } else {
      expect(final.status).toBe('cancelled');
      expect(await walletOf(payer)).toMatchObject({ availableMinor: 10_000 });
    }
    expect(await transfersOfIntent(intent.id)).toHaveLength(2);
  });

  it('is the payer’s only', async () => {
    const payee = await linkedPerson('bob');
    const { intent } = await matchedPayment(payee);
    const res = await confirm(payee, intent.id);
    expect(res.status).toBe(403);
    expect(await problemTypeOf(res)).toBe('not-the-payer');
    expect(await transfersOfIntent(intent.id)).toHaveLength(1);
  });

  it('before the tweet is matched is refused', async () => {
    const payer = await linkedPerson('pay');
    const payee = await linkedPerson('bob');
    const intent = await createIntent(payer, payee, 100);
    const res = await confirm(payer, intent.id);
    expect(res.status).toBe(409);
    expect(await problemTypeOf(res)).toBe('intent-not-matched');
  });
});

describe('cancelling', () => {
  it('releases the reservation, and cannot be confirmed afterwards', async () => {
    const payee = await linkedPerson('bob');
    const { payer, intent } = await matchedPayment(payee);
    expect((await intentOf(await cancel(payer, intent.id))).status).toBe('cancelled');
    expect((await intentOf(await cancel(payer, intent.id))).status).toBe('cancelled');
    expect(await walletOf(payer)).toMatchObject({ postedMinor: 10_000, availableMinor: 10_000 });
    const late = await confirm(payer, intent.id);
    expect(late.status).toBe(409);
    expect(await problemTypeOf(late)).toBe('intent-cancelled');
  });

  it('a draft before its tweet: the tweet then matches nothing', async () => {
    const payer = await linkedPerson('pay');
    const payee = await linkedPerson('bob');
    await fund(payer, 1_000);
    const intent = await createIntent(payer, payee, 500);
    expect((await intentOf(await cancel(payer, intent.id))).status).toBe('cancelled');
    const tweet = await postTweet(payer, intent.tweetText);
    expect((await reportTweet(payer, tweet.id)).outcome).toBe('not-a-payment');
    expect(await transfersOfIntent(intent.id)).toEqual([]);
  });
});

describe('expiry', () => {
  it('voids an unconfirmed reservation after the confirmation timeout', async () => {
    const payee = await linkedPerson('bob');
    const { payer, intent } = await matchedPayment(payee);
    const confirmByMs = Date.parse((await intentAs(payer, intent.id)).confirmBy!);

    // Not yet.
    await jobs.expirePending!(env, confirmByMs - 1);
    await jobs.expirePayments!(env, confirmByMs - 1);
    expect((await intentAs(payer, intent.id)).status).toBe('awaiting_confirmation');

    await jobs.expirePending!(env, confirmByMs);
    expect((await jobs.expirePayments!(env, confirmByMs)).confirmationsExpired).toBeGreaterThanOrEqual(1);
    expect((await intentAs(payer, intent.id)).status).toBe('expired');
    expect(await walletOf(payer)).toMatchObject({ availableMinor: 10_000 });
    const late = await confirm(payer, intent.id);
    expect(late.status).toBe(409);
    expect(await problemTypeOf(late)).toBe('intent-expired');
  });

  it('closes drafts whose tweet never came', async () => {
    const payer = await linkedPerson('pay');
    const payee = await linkedPerson('bob');
    const intent = await createIntent(payer, payee, 500);
    await jobs.expirePayments!(env, Date.parse(intent.expiresAt));
    expect((await intentAs(payer, intent.id)).status).toBe('expired');
  });
});

describe('a payee without an account', () => {
  it('gets the money in escrow, and it is theirs when they link', async () => {
    const payee = await unlinkedPerson('new');
    const { payer, intent } = await matchedPayment(payee);
    expect((await intentOf(await confirm(payer, intent.id))).status).toBe('escrowed');
    expect(await escrowOf(payee)).toMatchObject({ postedMinor: 1_500 });
    expect(await walletOf(payer)).toMatchObject({ postedMinor: 8_500 });

    const linked = await linkUser(payee.username, { create: false });
    const payeeNow: Person = { ...payee, linked };
    expect(await escrowOf(payee)).toMatchObject({ postedMinor: 0 });
    expect(await walletOf(payeeNow)).toMatchObject({ postedMinor: 1_500 });
    const received = await intentAs(payeeNow, intent.id);
    expect(received.status).toBe('settled');

    const history = await workerFetch('/v1/history?role=payee', { headers: sessionOf(payeeNow) });
    const page = (await history.json()) as { intents: PaymentIntent[] };
    expect(page.intents.map((item) => [item.id, item.status])).toEqual([[intent.id, 'settled']]);

    // Neither the refund job nor a second link moves it again.
    expect(await jobs.refundEscrow!(env, Date.now() + 31 * DAY_MS)).toMatchObject({ refunded: 0 });
    expect(await walletOf(payeeNow)).toMatchObject({ postedMinor: 1_500 });
  });

  it('who links before the payer confirms gets the money at confirmation', async () => {
    const payee = await unlinkedPerson('new');
    const { payer, intent } = await matchedPayment(payee);
    const linked = await linkUser(payee.username, { create: false });
    const settled = await intentOf(await confirm(payer, intent.id));
    expect(settled.status).toBe('settled');
    expect(await walletOf({ ...payee, linked })).toMatchObject({ postedMinor: 1_500 });
    expect(await escrowOf(payee)).toMatchObject({ postedMinor: 0, pendingCreditsMinor: 0 });
  });

  it('unclaimed, it returns to the payer after the escrow delay', async () => {
    const payee = await unlinkedPerson('new');
    const { payer, intent } = await matchedPayment(payee);
    await confirm(payer, intent.id);
    const escrowedAtMs = Date.now();

    await jobs.refundEscrow!(env, escrowedAtMs + 29 * DAY_MS);
    expect((await intentAs(payer, intent.id)).status).toBe('escrowed');

    const report = await jobs.refundEscrow!(env, escrowedAtMs + 30 * DAY_MS + MINUTE_MS);
    expect(report.refunded).toBeGreaterThanOrEqual(1);
    expect((await intentAs(payer, intent.id)).status).toBe('refunded');
    expect(await walletOf(payer)).toMatchObject({ postedMinor: 10_000 });
    expect(await escrowOf(payee)).toMatchObject({ postedMinor: 0 });

    // Linking later finds nothing left to claim.
    const linked = await linkUser(payee.username, { create: false });
    expect(await walletOf({ ...payee, linked })).toMatchObject({ postedMinor: 0 });
  });
});

describe('who sees an intent', () => {
  it('its payer and payee, nobody else', async () => {
    const payee = await linkedPerson('bob');
    const stranger = await linkedPerson('eve');
    const { payer, intent } = await matchedPayment(payee);
    expect((await getIntent(payer, intent.id)).status).toBe(200);
    expect((await getIntent(payee, intent.id)).status).toBe(200);
    const refused = await getIntent(stranger, intent.id);
    expect(refused.status).toBe(403);
    expect(await problemTypeOf(refused)).toBe('not-a-party');

    const strangers = await workerFetch('/v1/history', { headers: sessionOf(stranger) });
    expect(((await strangers.json()) as { intents: unknown[] }).intents).toEqual([]);
    const payers = await workerFetch('/v1/history?role=payer', { headers: sessionOf(payer) });
    expect(((await payers.json()) as { intents: PaymentIntent[] }).intents.map((item) => item.id)).toEqual([intent.id]);
  });
});
