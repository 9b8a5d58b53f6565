import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { claimIntentForTweet, findIntent } from '../../worker/db/payments';
import { createTransfer, getTransfer } from '../../worker/ledger';
import { payeeAccount, payerWallet, reserve, syncWithLedger, transferIds } from '../../worker/payments/money';
import {
  confirm,
  createIntent,
  fund,
  intentAs,
  linkedPerson,
  postTweet,
  reportTweet,
  walletOf,
} from './support/payments';

// Races around a reservation: what two arrivals at once, a retry after a crash, and a
// confirmation landing at the deadline must never do to the money.

describe('the daily limit', () => {
  it('holds when two payments are matched at the same instant', async () => {
    const payer = await linkedPerson('twice');
    const payee = await linkedPerson('bob');
    await fund(payer, 100_000);
    // 200 € each against a 250 € day: one of them, never both.
    const intents = [await createIntent(payer, payee, 20_000), await createIntent(payer, payee, 20_000)];
    const nowMs = Date.now();
    for (const intent of intents) {
      const tweet = await postTweet(payer, intent.tweetText);
      const match = {
        rootId: tweet.id,
        tweetId: tweet.id,
        text: intent.tweetText,
        payeeAccountKind: 'wallet' as const,
        previousVersionId: null,
      };
      await claimIntentForTweet(env.DB, intent.id, match, nowMs).run();
    }
    const reserved = await Promise.all(intents.map((intent) => reserve(env, intent.id, nowMs)));

    expect(reserved.map((intent) => intent.status).sort()).toEqual(['awaiting_confirmation', 'failed']);
    const failed = reserved.find((intent) => intent.status === 'failed');
    expect(failed?.failure_reason).toBe('limit-per-day');
    const held = reserved.find((intent) => intent.status === 'awaiting_confirmation');
    expect((await confirm(payer, held!.id)).status).toBe(200);
    expect(await walletOf(payer)).toMatchObject({ postedMinor: 80_000, availableMinor: 80_000 });
  });
});

describe('a reservation made before a crash', () => {
  it('stands when the match is resumed, even if the limit is used up meanwhile', async () => {
    const payer = await linkedPerson('crash');
    const payee = await linkedPerson('bob');
    await fund(payer, 100_000);
    const intent = await createIntent(payer, payee, 20_000);
    const tweet = await postTweet(payer, intent.tweetText);
    const nowMs = Date.now();

    // The match got as far as tying the tweet and writing the hold, then stopped.
    await claimIntentForTweet(
      env.DB,
      intent.id,
      {
        rootId: tweet.id,
        tweetId: tweet.id,
        text: intent.tweetText,
        payeeAccountKind: 'wallet',
        previousVersionId: null,
      },
      nowMs,
    ).run();
    const row = await findIntent(env.DB, intent.id);
    expect(row?.status).toBe('awaiting_tweet');
    const held = await createTransfer(
      env.DB,
      {
        flags: 'pending',
        id: transferIds.hold(intent.id),
        debitAccountId: (await payerWallet(env.DB, row!, nowMs)).id,
        creditAccountId: (await payeeAccount(env.DB, row!, 'wallet', nowMs)).id,
        amountMinor: 20_000,
        currency: 'EUR',
        code: 'payment',
        reference: intent.id,
        timeoutS: 900,
      },
      nowMs,
    );
    expect(held.ok).toBe(true);

    // Meanwhile another payment takes most of the day's limit.
    const other = await createIntent(payer, payee, 10_000);
    await reportTweet(payer, (await postTweet(payer, other.tweetText)).id);
    expect((await intentAs(payer, other.id)).status).toBe('awaiting_confirmation');

    const resumed = await reserve(env, intent.id, nowMs + 1_000);
    expect(resumed.status).toBe('awaiting_confirmation');
    expect(await walletOf(payer)).toMatchObject({ availableMinor: 70_000 });
  });
});

describe('a deadline', () => {
  it('is decided by the ledger: once the intent says expired, no confirmation can still move the money', async () => {
    const payer = await linkedPerson('late');
    const payee = await linkedPerson('bob');
    await fund(payer, 10_000);
    const intent = await createIntent(payer, payee, 1_500);
    await reportTweet(payer, (await postTweet(payer, intent.tweetText)).id);
    const reserved = await findIntent(env.DB, intent.id);
    expect(reserved?.status).toBe('awaiting_confirmation');
    const hold = await getTransfer(env.DB, transferIds.hold(intent.id));
    const deadlineMs = hold!.expiresAtMs!;

    const closed = await syncWithLedger(env.DB, reserved!, deadlineMs + 5);
    expect(closed.status).toBe('expired');

    // A confirmation stamped just before the deadline, arriving now, is refused by the ledger.
    const late = await createTransfer(
      env.DB,
      { flags: 'post_pending', id: transferIds.post(intent.id), pendingId: transferIds.hold(intent.id) },
      deadlineMs - 100,
    );
    expect(late.ok).toBe(false);
    expect(await walletOf(payer)).toMatchObject({ postedMinor: 10_000, availableMinor: 10_000 });
    expect(await walletOf(payee)).toMatchObject({ postedMinor: 0 });
  });
});
