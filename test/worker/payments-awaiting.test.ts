import { describe, expect, it } from 'vitest';
import { PaymentIntentListResponseSchema } from '../../shared/contract/payments';
import { workerFetch } from './support/link-user';
import {
  confirm,
  createIntent,
  fund,
  linkedPerson,
  postTweet,
  reportTweet,
  sessionOf,
  unlinkedPerson,
} from './support/payments';

// What the extension's badge and popup show: the payer's payments awaiting their confirmation.

async function listAs(person: Parameters<typeof sessionOf>[0], query: string) {
  return workerFetch(`/v1/payment-intents?${query}`, { headers: sessionOf(person) });
}

describe('GET /v1/payment-intents?status=', () => {
  it('lists the payer’s own intents in that status, and only theirs', async () => {
    const payer = await linkedPerson('await');
    const other = await linkedPerson('other');
    const payee = await unlinkedPerson('payee');
    await fund(payer, 10_000);

    const matched = await createIntent(payer, payee, 1_000);
    await reportTweet(payer, (await postTweet(payer, matched.tweetText)).id);
    const drafted = await createIntent(payer, payee, 2_000);

    const awaiting = PaymentIntentListResponseSchema.parse(
      await (await listAs(payer, 'status=awaiting_confirmation')).json(),
    );
    expect(awaiting.intents.map((intent) => intent.id)).toEqual([matched.id]);
    const waitingForTweet = PaymentIntentListResponseSchema.parse(
      await (await listAs(payer, 'status=awaiting_tweet')).json(),
    );
    expect(waitingForTweet.intents.map((intent) => intent.id)).toEqual([drafted.id]);
    const othersView = PaymentIntentListResponseSchema.parse(
      await (await listAs(other, 'status=awaiting_confirmation')).json(),
    );
    expect(othersView.intents).toEqual([]);

    expect((await confirm(payer, matched.id)).status).toBe(200);
    const afterConfirm = PaymentIntentListResponseSchema.parse(
      await (await listAs(payer, 'status=awaiting_confirmation')).json(),
    );
    expect(afterConfirm.intents).toEqual([]);
  });

  it('refuses a missing or unknown status, a bad limit, unknown parameters and a missing session', async () => {
    const payer = await linkedPerson('badlist');
    for (const query of [
      '',
      'status=paid',
      'status=settled&limit=0',
      'status=settled&limit=1000',
      'status=settled&x=1',
    ]) {
      const response = await listAs(payer, query);
      expect(response.status, query).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    }
    const anonymous = await workerFetch('/v1/payment-intents?status=settled');
    expect(anonymous.status).toBe(401);
  });
});
