import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import {
  type PaymentIntent,
  PaymentIntentListResponseSchema,
  type SignedReceipt,
  SignedReceiptSchema,
} from '../../shared/contract/payments';
import { verifyReceipt } from '../../worker/receipts/signing';
import { postJson, workerFetch } from './support/link-user';
import { operatorFetch, registeredCharity } from './support/organisations';
import {
  confirm,
  createIntent,
  fund,
  intentAs,
  linkedPerson,
  newRequestId,
  type Person,
  paymentTablesSnapshot,
  postTweet,
  problemTypeOf,
  reportTweet,
  sessionOf,
  walletOf,
} from './support/payments';

/**
 * Donations: an intent to a verified organisation is a donation — its own wording, the
 * organisation's larger limit, a daily limit of its own, and a receipt that names the donor only
 * if they agreed. Hand-typed commands to an organisation are donations too; a revoked
 * organisation is paid like anyone.
 */

function draft(
  payer: Person,
  payee: Person,
  amountMinor: number,
  options: { language?: 'fr' | 'en'; publicMention?: boolean; requestId?: string } = {},
): Promise<Response> {
  return postJson(
    '/v1/payment-intents',
    {
      requestId: options.requestId ?? newRequestId(),
      payeeHandle: payee.username,
      amountMinor,
      currency: 'EUR',
      language: options.language ?? 'en',
      ...(options.publicMention === undefined ? {} : { publicMention: options.publicMention }),
    },
    sessionOf(payer),
  );
}

async function intentOf(res: Response, status = 201): Promise<PaymentIntent> {
  expect(res.status, await res.clone().text()).toBe(status);
  return ((await res.json()) as { intent: PaymentIntent }).intent;
}

/** Tweets the drafted text as the payer and reports it: the intent ends reserved, or failed. */
async function tweetAndReport(payer: Person, intent: PaymentIntent): Promise<PaymentIntent> {
  const tweet = await postTweet(payer, intent.tweetText);
  const report = await reportTweet(payer, tweet.id);
  expect(report.outcome).toBe('matched');
  return report.intent!;
}

async function settledDonation(donor: Person, charity: Person, amountMinor: number, publicMention?: boolean) {
  const intent = await intentOf(
    await draft(donor, charity, amountMinor, publicMention === undefined ? {} : { publicMention }),
  );
  expect((await tweetAndReport(donor, intent)).status).toBe('awaiting_confirmation');
  const settled = await intentOf(await confirm(donor, intent.id), 200);
  expect(settled.status).toBe('settled');
  return settled;
}

async function receiptAs(receiptId: string, viewer?: Person): Promise<{ signed: SignedReceipt; res: Response }> {
  const res = await workerFetch(
    `/v1/receipts/${receiptId}`,
    viewer === undefined ? {} : { headers: sessionOf(viewer) },
  );
  expect(res.status, await res.clone().text()).toBe(200);
  return { signed: SignedReceiptSchema.parse(await res.json()), res };
}

describe('a drafted donation', () => {
  it('goes from intent to tweet to confirmation, worded as a donation, and shows as one in history', async () => {
    const charity = await registeredCharity();
    const donor = await linkedPerson('donor');
    await fund(donor, 10_000);

    const intent = await intentOf(await draft(donor, charity, 1_000));
    expect(intent).toMatchObject({ purpose: 'donation', publicMention: false, pot: null, status: 'awaiting_tweet' });
    expect(intent.tweetText).toMatch(new RegExp(`^Donating €10\\.00 to @${charity.username} via #Hashpay HP-`));

    expect((await tweetAndReport(donor, intent)).status).toBe('awaiting_confirmation');
    const settled = await intentOf(await confirm(donor, intent.id), 200);
    expect(settled).toMatchObject({ status: 'settled', purpose: 'donation' });
    expect(await walletOf(donor)).toMatchObject({ postedMinor: 9_000 });
    expect(await walletOf(charity)).toMatchObject({ postedMinor: 1_000 });

    for (const [viewer, role] of [
      [donor, 'payer'],
      [charity, 'payee'],
    ] as const) {
      const res = await workerFetch(`/v1/history?role=${role}`, { headers: sessionOf(viewer) });
      const { intents } = PaymentIntentListResponseSchema.parse(await res.json());
      expect(intents.find((item) => item.id === intent.id)).toMatchObject({ purpose: 'donation', status: 'settled' });
    }
  });

  it('is worded in French for a French donor', async () => {
    const charity = await registeredCharity();
    const donor = await linkedPerson('donateur');
    const intent = await intentOf(await draft(donor, charity, 1_050, { language: 'fr' }));
    expect(intent.purpose).toBe('donation');
    expect(intent.tweetText).toMatch(
      new RegExp(`^Je fais un don de 10,50\\s€ à @${charity.username} via #Hashpay HP-[0-9A-Z]{8}$`),
    );
  });

  it('refuses a public mention for a person (nothing is created), and a replay must repeat it', async () => {
    const charity = await registeredCharity();
    const person = await linkedPerson('friend');
    const donor = await linkedPerson('mention');
    const before = await paymentTablesSnapshot();
    const refused = await draft(donor, person, 1_000, { publicMention: true });
    expect(refused.status).toBe(422);
    expect(await problemTypeOf(refused)).toBe('public-mention-not-donation');
    expect(await paymentTablesSnapshot()).toBe(before);

    const requestId = newRequestId();
    const first = await intentOf(await draft(donor, charity, 1_000, { requestId, publicMention: true }));
    expect(first.publicMention).toBe(true);
    expect((await intentOf(await draft(donor, charity, 1_000, { requestId, publicMention: true }), 200)).id).toBe(
      first.id,
    );
    const changed = await draft(donor, charity, 1_000, { requestId, publicMention: false });
    expect(changed.status).toBe(409);
    const problem = (await changed.json()) as { errors: { path: string }[] };
    expect(problem.errors[0]?.path).toBe('publicMention');
  });
});

describe('donation limits', () => {
  it('lets a donor give €400 to a charity, while €400 to a person is refused and creates nothing', async () => {
    const charity = await registeredCharity();
    const person = await linkedPerson('person');
    const donor = await linkedPerson('generous');
    await fund(donor, 100_000);

    const before = await paymentTablesSnapshot();
    const toPerson = await draft(donor, person, 40_000);
    expect(toPerson.status).toBe(422);
    expect(await problemTypeOf(toPerson)).toBe('limit-per-payment');
    expect(await paymentTablesSnapshot()).toBe(before);

    const donation = await settledDonation(donor, charity, 40_000);
    expect(donation.amountMinor).toBe(40_000);
    expect(await walletOf(charity)).toMatchObject({ postedMinor: 40_000 });
  });

  it("keeps the organisation's per-payment limit, default or its own, and creates nothing above it", async () => {
    const charity = await registeredCharity();
    const modest = await registeredCharity({ prefix: 'modest', perPaymentMaxMinor: { EUR: 20_000 } });
    const donor = await linkedPerson('limited');
    await fund(donor, 100_000);

    const before = await paymentTablesSnapshot();
    const aboveDefault = await draft(donor, charity, 50_001);
    expect(aboveDefault.status).toBe(422);
    expect(await problemTypeOf(aboveDefault)).toBe('limit-per-payment');
    // The person limit (250.00) would allow it; this organisation's own limit does not.
    const aboveOwn = await draft(donor, modest, 20_001);
    expect(aboveOwn.status).toBe(422);
    expect(await problemTypeOf(aboveOwn)).toBe('limit-per-payment');
    expect(await paymentTablesSnapshot()).toBe(before);

    expect((await intentOf(await draft(donor, charity, 50_000))).purpose).toBe('donation');
    expect((await intentOf(await draft(donor, modest, 20_000))).purpose).toBe('donation');
  });

  it('counts donations under their own day limit, apart from payments to people', async () => {
    const charity = await registeredCharity();
    const person = await linkedPerson('daily');
    const donor = await linkedPerson('daydonor');
    await fund(donor, 100_000);

    // Donations leave the day's payments to people untouched, and the other way round.
    await settledDonation(donor, charity, 40_000);
    const payment = await createIntent(donor, person, 25_000);
    expect((await tweetAndReport(donor, payment)).status).toBe('awaiting_confirmation');
    const overPeople = await draft(donor, person, 100);
    expect(await problemTypeOf(overPeople)).toBe('limit-per-day');

    const before = await paymentTablesSnapshot();
    const overDonations = await draft(donor, charity, 10_001);
    expect(overDonations.status).toBe(422);
    expect(await problemTypeOf(overDonations)).toBe('limit-per-day');
    expect(await paymentTablesSnapshot()).toBe(before);
    expect((await intentOf(await draft(donor, charity, 10_000))).purpose).toBe('donation');
  });

  it('holds the day limit at the reservation too: of two drafted donations that together exceed it, the second fails', async () => {
    const charity = await registeredCharity();
    const donor = await linkedPerson('twodrafts');
    await fund(donor, 100_000);
    const first = await intentOf(await draft(donor, charity, 30_000));
    const second = await intentOf(await draft(donor, charity, 30_000));
    expect((await tweetAndReport(donor, first)).status).toBe('awaiting_confirmation');
    const failed = await tweetAndReport(donor, second);
    expect(failed).toMatchObject({ status: 'failed', failureReason: 'limit-per-day' });
    expect(await walletOf(donor)).toMatchObject({ postedMinor: 100_000, availableMinor: 70_000 });
  });

  it('lets only one of two donations reported at the same instant take what is left of the day', async () => {
    const charity = await registeredCharity();
    const donor = await linkedPerson('racing');
    await fund(donor, 100_000);
    const drafts = [
      await intentOf(await draft(donor, charity, 30_000)),
      await intentOf(await draft(donor, charity, 30_000)),
    ];
    const tweets = await Promise.all(drafts.map((intent) => postTweet(donor, intent.tweetText)));
    const reports = await Promise.all(tweets.map((tweet) => reportTweet(donor, tweet.id)));
    const statuses = reports.map((report) => report.intent?.status).sort();
    expect(statuses).toEqual(['awaiting_confirmation', 'failed']);
    expect(await walletOf(donor)).toMatchObject({ availableMinor: 70_000 });
  });
});

describe('a hand-typed donation', () => {
  it('`@hashpay donate 5€ to @charity` is a donation; the same to a person is a payment; `pay @charity` is a donation', async () => {
    const charity = await registeredCharity();
    const person = await linkedPerson('cmdfriend');
    const donor = await linkedPerson('cmddonor');
    await fund(donor, 10_000);

    const cases: [string, string][] = [
      [`@hashpay donate 5€ to @${charity.username}`, 'donation'],
      [`@hashpay donate 5€ to @${person.username}`, 'payment'],
      [`@hashpay pay @${charity.username} 5€`, 'donation'],
      [`@hashpay je fais un don de 5 € à @${charity.username}`, 'donation'],
    ];
    for (const [text, purpose] of cases) {
      const tweet = await postTweet(donor, text);
      const report = await reportTweet(donor, tweet.id);
      expect(report.outcome, text).toBe('matched');
      expect(report.intent, text).toMatchObject({
        source: 'command',
        purpose,
        amountMinor: 500,
        status: 'awaiting_confirmation',
        publicMention: false,
      });
    }
    const donation = (await reportTweet(donor, (await postTweet(donor, cases[0]![0])).id)).intent!;
    expect((await intentOf(await confirm(donor, donation.id), 200)).status).toBe('settled');
    expect((await walletOf(charity)).postedMinor).toBe(500);
  });
});

describe("a donation's receipt", () => {
  it('does not name a donor who did not agree, except to the donor, and still verifies', async () => {
    const charity = await registeredCharity();
    const donor = await linkedPerson('anon');
    const stranger = await linkedPerson('stranger');
    await fund(donor, 10_000);
    const settled = await settledDonation(donor, charity, 2_500);

    const { signed: publicReceipt, res } = await receiptAs(settled.receiptId!);
    expect(publicReceipt.receipt).toMatchObject({
      purpose: 'donation',
      publicMention: false,
      payer: null,
      tweetId: null,
      tweetUrl: null,
      payee: { xUserId: charity.xUserId },
      amountMinor: 2_500,
    });
    expect(JSON.stringify(publicReceipt)).not.toContain(donor.username);
    expect(JSON.stringify(publicReceipt)).not.toContain(donor.xUserId);
    expect(res.headers.get('cache-control')).toContain('public');
    expect(await verifyReceipt(env, publicReceipt)).toBe(true);

    const { signed: strangerReceipt } = await receiptAs(settled.receiptId!, stranger);
    expect(strangerReceipt.receipt.payer).toBeNull();

    const { signed: donorReceipt, res: donorRes } = await receiptAs(settled.receiptId!, donor);
    expect(donorReceipt.receipt).toMatchObject({
      purpose: 'donation',
      publicMention: false,
      payer: { xUserId: donor.xUserId, username: donor.username },
    });
    expect(donorReceipt.receipt.tweetUrl).toContain(donor.username);
    expect(donorRes.headers.get('cache-control')).toBe('private, no-store');
    expect(await verifyReceipt(env, donorReceipt)).toBe(true);

    const badSession = await workerFetch(`/v1/receipts/${settled.receiptId}`, {
      headers: { authorization: 'Bearer hps_unknownunknownunknownunknownunknownunknown00' },
    });
    expect(badSession.status).toBe(401);
  });

  it('names a donor who agreed, and a payment receipt keeps its earlier fields only', async () => {
    const charity = await registeredCharity();
    const person = await linkedPerson('payee');
    const donor = await linkedPerson('public');
    await fund(donor, 10_000);
    const settled = await settledDonation(donor, charity, 2_000, true);
    const { signed } = await receiptAs(settled.receiptId!);
    expect(signed.receipt).toMatchObject({
      purpose: 'donation',
      publicMention: true,
      payer: { xUserId: donor.xUserId, username: donor.username },
    });
    expect(signed.receipt.tweetUrl).toContain(donor.username);
    expect(await verifyReceipt(env, signed)).toBe(true);

    const payment = await createIntent(donor, person, 1_000);
    await tweetAndReport(donor, payment);
    const paid = await intentOf(await confirm(donor, payment.id), 200);
    const { signed: paymentReceipt } = await receiptAs(paid.receiptId!);
    expect(Object.keys(paymentReceipt.receipt).sort()).toEqual(
      ['amountMinor', 'currency', 'id', 'intentId', 'payee', 'payer', 'settledAt', 'tweetId', 'tweetUrl'].sort(),
    );
  });
});

describe('a revoked organisation', () => {
  it('is paid like a person again: payment wording and person limits; earlier donations stay donations', async () => {
    const charity = await registeredCharity();
    const donor = await linkedPerson('revoker');
    await fund(donor, 100_000);
    const earlier = await intentOf(await draft(donor, charity, 1_000));
    expect(earlier.purpose).toBe('donation');

    const revoke = await operatorFetch(`/v1/operator/organisations/${charity.xUserId}`, { method: 'DELETE' });
    expect(revoke.status).toBe(204);

    const payment = await intentOf(await draft(donor, charity, 1_000));
    expect(payment.purpose).toBe('payment');
    expect(payment.tweetText).toMatch(new RegExp(`^Paying @${charity.username} €10\\.00 via #Hashpay HP-`));
    const tooMuch = await draft(donor, charity, 40_000);
    expect(await problemTypeOf(tooMuch)).toBe('limit-per-payment');
    const publicMention = await draft(donor, charity, 1_000, { publicMention: true });
    expect(await problemTypeOf(publicMention)).toBe('public-mention-not-donation');

    // Drafted before the revocation, it is still a donation, reserved under the donation limits.
    expect((await tweetAndReport(donor, earlier)).status).toBe('awaiting_confirmation');
    expect((await intentAs(donor, earlier.id)).purpose).toBe('donation');
  });
});
