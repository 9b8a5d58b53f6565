import { describe, expect, it } from 'vitest';
import { type LimitRemaining, LimitsResponseSchema } from '../../shared/contract/limits';
import { PAYMENT_LIMITS_DEFAULT } from '../../worker/payments/config';
import { workerFetch } from './support/link-user';
import {
  cancel,
  createIntent,
  fund,
  linkedPerson,
  type Person,
  postTweet,
  reportTweet,
  sessionOf,
} from './support/payments';

/** `GET /v1/me/limits`: what the pay sheet shows and checks before drafting. */

async function limitsOf(person: Person): Promise<LimitRemaining[]> {
  const res = await workerFetch('/v1/me/limits', { headers: sessionOf(person) });
  expect(res.status).toBe(200);
  return LimitsResponseSchema.parse(await res.json()).limits;
}

function line(limits: LimitRemaining[], currency: string): LimitRemaining {
  const found = limits.find((candidate) => candidate.currency === currency);
  expect(found).toBeDefined();
  return found!;
}

describe('GET /v1/me/limits', () => {
  it('answers the whole day for a payer who sent nothing, in every currency', async () => {
    const payer = await linkedPerson('fresh');
    const limits = await limitsOf(payer);
    expect(limits.map((limit) => limit.currency).sort()).toEqual(Object.keys(PAYMENT_LIMITS_DEFAULT).sort());
    for (const limit of limits) {
      expect(limit.perDayRemainingMinor).toBe(limit.perDayMaxMinor);
      expect(limit.perPaymentMaxMinor).toBe(PAYMENT_LIMITS_DEFAULT[limit.currency].perPaymentMaxMinor);
    }
  });

  it('counts a reserved payment against its own currency only, and frees it when cancelled', async () => {
    const payer = await linkedPerson('spend');
    const payee = await linkedPerson('bob');
    await fund(payer, 50_000);
    const intent = await createIntent(payer, payee, 7_000);
    const report = await reportTweet(payer, (await postTweet(payer, intent.tweetText)).id);
    expect(report.intent?.status).toBe('awaiting_confirmation');

    const limits = await limitsOf(payer);
    expect(line(limits, 'EUR').perDayRemainingMinor).toBe(PAYMENT_LIMITS_DEFAULT.EUR.perDayMaxMinor - 7_000);
    expect(line(limits, 'USD').perDayRemainingMinor).toBe(PAYMENT_LIMITS_DEFAULT.USD.perDayMaxMinor);

    expect((await cancel(payer, intent.id)).status).toBe(200);
    expect(line(await limitsOf(payer), 'EUR').perDayRemainingMinor).toBe(PAYMENT_LIMITS_DEFAULT.EUR.perDayMaxMinor);
  });

  it('a drafted payment not yet posted takes nothing from the day', async () => {
    const payer = await linkedPerson('draft');
    const payee = await linkedPerson('bob');
    await fund(payer, 50_000);
    await createIntent(payer, payee, 9_000);
    expect(line(await limitsOf(payer), 'EUR').perDayRemainingMinor).toBe(PAYMENT_LIMITS_DEFAULT.EUR.perDayMaxMinor);
  });

  it('answers 401 without a session', async () => {
    const res = await workerFetch('/v1/me/limits');
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});
