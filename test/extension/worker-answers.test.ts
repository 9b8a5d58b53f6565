import { describe, expect, it } from 'vitest';
import { createWorkerApi } from '../../extension/background/api';
import { makeIntent, TOKEN } from './support/fake-worker';

/**
 * An installed extension is older than the worker it talks to: a status, a purpose or a reason
 * the worker added since is read as `other` and the item is kept, never the whole answer refused.
 */

function answering(body: unknown) {
  return createWorkerApi({
    origin: 'http://worker.test',
    fetch: async () =>
      new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } }),
  });
}

const KNOWN = makeIntent({ id: `pi_${'1'.repeat(22)}`, status: 'settled' });
const LATER = makeIntent({ id: `pi_${'2'.repeat(22)}`, status: 'settled' });
const OFFER_1 = `of_${'a'.repeat(22)}`;
const OFFER_2 = `of_${'b'.repeat(22)}`;
const CLAIM = {
  offerId: OFFER_1,
  hashtag: 'CoffeeDeal',
  status: 'enrolled',
  claimedAt: '2026-01-01T00:00:00.000Z',
  tweetId: '1800000000000000001',
};
const CREDIT = {
  id: 'cr_1',
  offerId: OFFER_1,
  amountMinor: 200,
  currency: 'EUR',
  status: 'posted',
  createdAt: '2026-01-01T00:00:00.000Z',
  postAfter: '2026-01-02T00:00:00.000Z',
  postedAt: '2026-01-02T00:00:00.000Z',
  closedAt: null,
};

describe('answers from a newer worker', () => {
  it('keeps every intent of the history, an unknown status or purpose read as other', async () => {
    const api = answering({
      intents: [KNOWN, { ...LATER, status: 'disputed' }, { ...LATER, purpose: 'subscription' }],
      nextCursor: 'c1',
    });
    const page = await api.history(TOKEN, { role: 'any', before: null, limit: 20 });
    expect(page.nextCursor).toBe('c1');
    expect(page.intents.map((intent) => [intent.status, intent.purpose])).toEqual([
      ['settled', 'payment'],
      ['other', 'payment'],
      ['settled', 'other'],
    ]);
    expect(page.intents[1]).toEqual({ ...LATER, status: 'other' });
  });

  it('keeps the awaiting list whole, and reads an unknown failure reason as other', async () => {
    const awaiting = await answering({
      intents: [{ ...LATER, status: 'on_hold' }, KNOWN, { ...KNOWN, status: 'failed', failureReason: 'card-frozen' }],
      nextCursor: null,
    }).listAwaitingConfirmation(TOKEN);
    expect(awaiting.map((intent) => [intent.status, intent.failureReason])).toEqual([
      ['other', null],
      ['settled', null],
      ['failed', 'other'],
    ]);
  });

  it('reads a single intent (status, confirmation, report) with an unknown status as other', async () => {
    const disputed = { ...KNOWN, status: 'disputed', purpose: 'subscription' };
    expect(await answering({ intent: disputed }).getIntent(TOKEN, KNOWN.id)).toMatchObject({
      id: KNOWN.id,
      status: 'other',
      purpose: 'other',
    });
    expect(await answering({ intent: disputed }).confirm(TOKEN, KNOWN.id)).toMatchObject({ status: 'other' });
    expect(await answering({ intent: disputed }).cancel(TOKEN, KNOWN.id)).toMatchObject({ status: 'other' });
    const report = await answering({ outcome: 'matched', intent: disputed }).reportTweet(TOKEN, '1800000000000000002');
    expect(report).toMatchObject({ outcome: 'matched', intent: { status: 'other' } });
  });

  it('keeps claims and credits in states added since, as other', async () => {
    const claims = await answering({
      claims: [CLAIM, { ...CLAIM, offerId: OFFER_2, status: 'expired_unused' }],
    }).listClaims(TOKEN);
    expect(claims.map((claim) => [claim.offerId, claim.status])).toEqual([
      [OFFER_1, 'enrolled'],
      [OFFER_2, 'other'],
    ]);
    const credits = await answering({ credits: [{ ...CREDIT, status: 'clawed_back' }, CREDIT] }).listCredits(TOKEN);
    expect(credits.map((credit) => credit.status)).toEqual(['other', 'posted']);
  });

  it('still leaves out an item whose shape is not the contract’s, and keeps the rest', async () => {
    const api = answering({
      intents: [KNOWN, { ...LATER, amountMinor: 'ten' }, { ...LATER, status: 42 }],
      nextCursor: null,
    });
    expect(await api.listAwaitingConfirmation(TOKEN)).toEqual([KNOWN]);
    const catalogue = await answering({ offers: [{ id: 'of_x', status: 'paused_by_network' }] }).listOffers(null);
    expect(catalogue).toMatchObject({ changed: true, offers: [] });
  });

  it('still refuses an answer whose shape is not the contract’s', async () => {
    await expect(
      answering({ intents: 'none', nextCursor: null }).history(TOKEN, { role: 'any', before: null, limit: 20 }),
    ).rejects.toMatchObject({ code: 'bad-answer' });
    await expect(answering({ intent: { ...KNOWN, status: null } }).getIntent(TOKEN, KNOWN.id)).rejects.toMatchObject({
      code: 'bad-answer',
    });
  });
});
