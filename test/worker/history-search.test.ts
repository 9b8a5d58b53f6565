import { describe, expect, it } from 'vitest';
import type { PaymentIntent } from '../../shared/contract/payments';
import { linkUser, workerFetch } from './support/link-user';
import {
  createIntent,
  fund,
  linkedPerson,
  type Person,
  postTweet,
  problemTypeOf,
  reportTweet,
  sessionOf,
} from './support/payments';

/**
 * `GET /v1/history`: a failed row says why (`failureReason`), and `person=` keeps the rows with
 * one other party, found by the start of their handle.
 */

async function historyOf(
  person: Person,
  query: string,
): Promise<{ intents: PaymentIntent[]; nextCursor: string | null }> {
  const res = await workerFetch(`/v1/history?${query}`, { headers: sessionOf(person) });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as { intents: PaymentIntent[]; nextCursor: string | null };
}

/** A linked person whose handle is exactly `username` (unique per test file's storage). */
async function personNamed(username: string): Promise<Person> {
  const linked = await linkUser(username);
  return { username, xUserId: linked.user.xUserId, linked };
}

describe('history rows', () => {
  it('carry the reason of a failed payment', async () => {
    const payer = await linkedPerson('poor');
    const payee = await linkedPerson('bob');
    await fund(payer, 100);
    const intent = await createIntent(payer, payee, 5_000);
    const tweet = await postTweet(payer, intent.tweetText);
    expect((await reportTweet(payer, tweet.id)).intent?.status).toBe('failed');
    const { intents } = await historyOf(payer, 'role=payer');
    const failed = intents.find((row) => row.id === intent.id);
    expect(failed).toMatchObject({ status: 'failed', failureReason: 'insufficient-funds', settledAt: null });
    // Its timeline: matched and ended at once, after it was drafted.
    expect(failed?.matchedAt).toBeTypeOf('string');
    expect(failed?.closedAt).toBe(failed?.matchedAt);
    expect(Date.parse(failed!.closedAt!)).toBeGreaterThanOrEqual(Date.parse(failed!.createdAt));
    expect(failed?.escrowedAt).toBeNull();
  });

  it('carry when a settled payment was matched and settled, and nothing ended', async () => {
    const payer = await linkedPerson('rich');
    const payee = await linkedPerson('bob');
    await fund(payer, 10_000);
    const intent = await createIntent(payer, payee, 500);
    const tweet = await postTweet(payer, intent.tweetText);
    expect((await reportTweet(payer, tweet.id)).intent?.status).toBe('awaiting_confirmation');
    const pending = (await historyOf(payer, 'role=payer')).intents.find((row) => row.id === intent.id);
    expect(pending?.matchedAt).toBeTypeOf('string');
    expect(pending?.closedAt).toBeNull();
  });
});

describe('history by person', () => {
  it('keeps the rows with the other party whose handle starts with the letters, in any case', async () => {
    const me = await linkedPerson('me');
    const carol = await personNamed('carol_x1');
    const caroline = await personNamed('caroline');
    const dave = await personNamed('dave_c');
    // `_` is no wildcard: `carol_` must not find `caroline`.
    const cfar = await personNamed('carolXfar');
    await createIntent(me, carol, 100);
    await createIntent(me, caroline, 200);
    await createIntent(me, dave, 300);
    await createIntent(me, cfar, 400);
    // Received from carol: found under "any" and "payee", not under "payer".
    await fund(carol, 1_000);
    await createIntent(carol, me, 500);

    const carolRows = await historyOf(me, 'role=any&person=CAROL_');
    expect(carolRows.intents.map((row) => row.amountMinor).sort()).toEqual([100, 500]);
    const startsWithCarol = await historyOf(me, 'role=payer&person=carol');
    expect(startsWithCarol.intents.map((row) => row.amountMinor).sort()).toEqual([100, 200, 400]);
    expect((await historyOf(me, 'role=payee&person=carol')).intents.map((row) => row.amountMinor)).toEqual([500]);
    // My own handle is not "the other party".
    expect((await historyOf(me, `role=payer&person=${me.username.slice(0, 4)}`)).intents).toEqual([]);
    // Pages by cursor within the search.
    const first = await historyOf(me, 'role=any&person=carol&limit=2');
    expect(first.intents).toHaveLength(2);
    const second = await historyOf(me, `role=any&person=carol&limit=2&before=${first.nextCursor}`);
    expect([...first.intents, ...second.intents].map((row) => row.amountMinor).sort()).toEqual([100, 200, 400, 500]);
  });

  it('refuses what cannot start a handle, and changes nothing', async () => {
    const me = await linkedPerson('me');
    for (const person of ['%25', '@bob', 'a%20b', 'x'.repeat(16), '']) {
      const res = await workerFetch(`/v1/history?person=${person}`, { headers: sessionOf(me) });
      expect(res.status, person).toBe(400);
      expect(await problemTypeOf(res)).toBe('invalid-request');
    }
  });
});
