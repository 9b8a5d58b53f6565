import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { BalancesResponseSchema } from '../../shared/contract/balances';
import { ensureAccount } from '../../worker/ledger';
import { bearer, workerFetch } from './support/link-user';
import { createIntent, fund, linkedPerson, postTweet, reportTweet, sessionOf } from './support/payments';

// GET /v1/balances: the signed-in user's own accounts, with pending debits shown as reserved.

async function balancesOf(headers: Record<string, string>, query = '') {
  const res = await workerFetch(`/v1/balances${query}`, { headers });
  expect(res.status, await res.clone().text()).toBe(200);
  return BalancesResponseSchema.parse(await res.json()).balances;
}

describe('GET /v1/balances', () => {
  it('answers an empty list for a user who never held money', async () => {
    const carol = await linkedPerson('carol');
    expect(await balancesOf(sessionOf(carol))).toEqual([]);
  });

  it('shows each wallet per currency, and a matched payment as reserved until it is decided', async () => {
    const payer = await linkedPerson('bal');
    const payee = await linkedPerson('bob');
    await fund(payer, 5_000);
    await fund(payer, 700, 'JPY');
    expect(await balancesOf(sessionOf(payer))).toEqual([
      { kind: 'wallet', currency: 'EUR', availableMinor: 5_000, reservedMinor: 0, postedMinor: 5_000 },
      { kind: 'wallet', currency: 'JPY', availableMinor: 700, reservedMinor: 0, postedMinor: 700 },
    ]);

    const intent = await createIntent(payer, payee, 1_250);
    const tweet = await postTweet(payer, intent.tweetText);
    expect((await reportTweet(payer, tweet.id)).outcome).toBe('matched');
    expect(await balancesOf(sessionOf(payer), '?currency=EUR')).toEqual([
      { kind: 'wallet', currency: 'EUR', availableMinor: 3_750, reservedMinor: 1_250, postedMinor: 5_000 },
    ]);
  });

  it('never shows accounts of other owners, even ones keyed like the user', async () => {
    const dave = await linkedPerson('dave');
    // An escrow account is keyed by an X user id, never the user's; a different owner stays hidden.
    await ensureAccount(env.DB, { kind: 'escrow', owner: dave.linked.user.id, currency: 'EUR' }, Date.now());
    await ensureAccount(env.DB, { kind: 'wallet', owner: `${dave.linked.user.id}x`, currency: 'EUR' }, Date.now());
    expect(await balancesOf(sessionOf(dave))).toEqual([]);
  });

  it('refuses an unknown currency or query field with the field named, and changes nothing', async () => {
    const erin = await linkedPerson('erin');
    for (const query of ['?currency=XYZ', '?currency=eur', '?limit=3']) {
      const res = await workerFetch(`/v1/balances${query}`, { headers: sessionOf(erin) });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const problem = (await res.json()) as { errors?: Array<{ path: string }> };
      expect(problem.errors?.length).toBeGreaterThan(0);
    }
    expect(await balancesOf(sessionOf(erin))).toEqual([]);
  });

  it('answers 401 without a session or with an unknown one', async () => {
    const none = await workerFetch('/v1/balances');
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toContain('application/problem+json');
    const unknown = await workerFetch('/v1/balances', { headers: bearer(`hps_${'A'.repeat(43)}`) });
    expect(unknown.status).toBe(401);
  });
});
