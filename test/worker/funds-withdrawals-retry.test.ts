import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { applyPayoutEvent } from '../../worker/funds/withdrawals';
import { jobs } from '../../worker/jobs';
import { STALLED_WITHDRAWALS_PER_RUN_MAX, WITHDRAWAL_STALLED_AFTER_MS } from '../../worker/jobs/retry-withdrawals';
import { paymentsProviderOf } from '../../worker/payments-provider/config';
import { HttpProblem } from '../../worker/problem';
import {
  deliverAll,
  expectLedgerBalanced,
  fundsOf,
  onboarded,
  settleLatestPayout,
  toppedUp,
  walletBalance,
  withdraw,
} from './support/funds';
import { sandboxControl } from './support/link-user';
import { linkedPerson, type Person } from './support/payments';

// A withdrawal whose call to the provider failed on the network stays held; a job sends it again
// with the same idempotency keys, so the provider pays it out once.

async function connectedAccountOf(person: Person & { linked: { user: { id: string } } }): Promise<string> {
  const row = await env.DB.prepare('SELECT provider_account_id FROM provider_accounts WHERE user_id = ?')
    .bind(person.linked.user.id)
    .first<{ provider_account_id: string }>();
  expect(row).not.toBeNull();
  return row!.provider_account_id;
}

async function payoutsTo(account: string): Promise<{ id: string; amount: number }[]> {
  const res = await sandboxControl('/payments/payouts', { method: 'GET' });
  const { payouts } = (await res.json()) as { payouts: { id: string; amount: number; metadata?: unknown }[] };
  const mine: { id: string; amount: number }[] = [];
  for (const payout of payouts) {
    const owner = await env.DB.prepare('SELECT provider_account_id FROM withdrawals WHERE payout_id = ?')
      .bind(payout.id)
      .first<{ provider_account_id: string }>();
    if (owner?.provider_account_id === account) mine.push({ id: payout.id, amount: payout.amount });
  }
  return mine;
}

async function failPayoutsOf(account: string, times: number): Promise<void> {
  const res = await sandboxControl('/faults', {
    body: { kind: 'server-error', path: '/v1/payouts', queryContains: account, times },
  });
  expect(res.status).toBe(201);
}

describe('a withdrawal the provider could not be reached for', () => {
  it('stays held, and the job sends it once it is a minute old, paid out once', async () => {
    const person = await linkedPerson('stalled');
    await toppedUp(person, 5_000);
    await onboarded(person);
    const account = await connectedAccountOf(person);
    // Every try of the first request (the SDK retries once) fails before the provider acts.
    await failPayoutsOf(account, 2);

    const res = await withdraw(person, 3_000);
    expect(res.status).toBe(502);
    const userId = person.linked.user.id;
    expect(await walletBalance(userId)).toMatchObject({ postedMinor: 5_000, availableMinor: 2_000 });
    const [held] = (await fundsOf(person)).withdrawals;
    expect(held).toMatchObject({ status: 'reserved', amountMinor: 3_000 });

    const run = jobs.retryWithdrawals!;
    const createdMs = (await env.DB.prepare('SELECT created_at_ms FROM withdrawals WHERE id = ?')
      .bind(held!.id)
      .first<{ created_at_ms: number }>())!.created_at_ms;
    // Younger than a minute: its first request may still be on its way.
    expect(await run(env, createdMs + WITHDRAWAL_STALLED_AFTER_MS - 1)).toMatchObject({ sent: 0 });
    expect((await fundsOf(person)).withdrawals[0]).toMatchObject({ status: 'reserved' });

    const report = await run(env, createdMs + WITHDRAWAL_STALLED_AFTER_MS);
    expect(report.sent).toBeGreaterThanOrEqual(1);
    expect(report.sent).toBeLessThanOrEqual(STALLED_WITHDRAWALS_PER_RUN_MAX);
    expect((await fundsOf(person)).withdrawals[0]).toMatchObject({ id: held!.id, status: 'in_flight' });
    expect(await payoutsTo(account)).toEqual([{ id: expect.any(String), amount: 3_000 }]);

    // Again: nothing is left to send, nothing is paid twice.
    await run(env, createdMs + 2 * WITHDRAWAL_STALLED_AFTER_MS);
    expect(await payoutsTo(account)).toHaveLength(1);

    await deliverAll(await settleLatestPayout('paid', (await payoutsTo(account))[0]!.id));
    expect(await walletBalance(userId)).toMatchObject({ postedMinor: 2_000, availableMinor: 2_000 });
    expect((await fundsOf(person)).withdrawals[0]).toMatchObject({ status: 'paid' });
    await expectLedgerBalanced();
  });

  it('sends the payout alone when the transfer had gone through, under its same key', async () => {
    const person = await linkedPerson('halfway');
    await toppedUp(person, 4_000);
    await onboarded(person);
    const account = await connectedAccountOf(person);
    await failPayoutsOf(account, 2);
    expect((await withdraw(person, 1_000)).status).toBe(502);
    const [held] = (await fundsOf(person)).withdrawals;

    const transfersBefore = await transfersOfWithdrawal(held!.id);
    expect(transfersBefore).toBe(1);
    await jobs.retryWithdrawals!(env, Date.now() + WITHDRAWAL_STALLED_AFTER_MS);
    expect(await transfersOfWithdrawal(held!.id)).toBe(1);
    expect(await payoutsTo(account)).toHaveLength(1);
    expect(await walletBalance(person.linked.user.id)).toMatchObject({ postedMinor: 4_000, availableMinor: 3_000 });
    await expectLedgerBalanced();
  });
});

describe('a payout event about a withdrawal whose send has not finished', () => {
  it('is refused for redelivery, releasing nothing while the transfer is not recorded', async () => {
    const person = await linkedPerson('earlyevent');
    await toppedUp(person, 4_000);
    await onboarded(person);
    const account = await connectedAccountOf(person);
    await failPayoutsOf(account, 2);
    expect((await withdraw(person, 1_000)).status).toBe(502);
    const [held] = (await fundsOf(person)).withdrawals;
    expect(held).toMatchObject({ status: 'reserved' });

    const provider = paymentsProviderOf(env);
    expect(provider).not.toBeNull();
    const event = {
      eventId: 'evt_early',
      kind: 'payout_failed',
      payoutId: 'po_early',
      withdrawalId: held!.id,
      failureMessage: null,
    } as const;
    const refused = await applyPayoutEvent(env.DB, provider!, event, Date.now()).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HttpProblem);
    expect((refused as HttpProblem).status).toBe(409);
    expect((await fundsOf(person)).withdrawals[0]).toMatchObject({ id: held!.id, status: 'reserved' });
    expect(await walletBalance(person.linked.user.id)).toMatchObject({ postedMinor: 4_000, availableMinor: 3_000 });
    await expectLedgerBalanced();
  });
});

describe('a payout the provider refuses after the transfer went through', () => {
  it('takes the transfer back before the money returns to the wallet: never in both', async () => {
    const person = await linkedPerson('refusedpayout');
    await toppedUp(person, 4_000);
    await onboarded(person);
    const account = await connectedAccountOf(person);
    const res = await sandboxControl('/faults', {
      body: { kind: 'bad-request', path: '/v1/payouts', queryContains: account, times: 1 },
    });
    expect(res.status).toBe(201);

    const refused = await withdraw(person, 1_500);
    expect(refused.status).toBe(422);
    const [failed] = (await fundsOf(person)).withdrawals;
    expect(failed).toMatchObject({ status: 'failed', amountMinor: 1_500 });
    expect(await walletBalance(person.linked.user.id)).toMatchObject({ postedMinor: 4_000, availableMinor: 4_000 });
    const list = await sandboxControl('/payments/transfers', { method: 'GET' });
    const { transfers } = (await list.json()) as {
      transfers: { amount: number; amount_reversed: number; metadata?: Record<string, string> }[];
    };
    const mine = transfers.filter((transfer) => Object.values(transfer.metadata ?? {}).includes(failed!.id));
    expect(mine).toEqual([expect.objectContaining({ amount: 1_500, amount_reversed: 1_500 })]);
    expect(await payoutsTo(account)).toEqual([]);
    await expectLedgerBalanced();
  });
});

/** Transfers to connected accounts the sandbox made for this withdrawal (named in their metadata). */
async function transfersOfWithdrawal(withdrawalId: string): Promise<number> {
  const res = await sandboxControl('/payments/transfers', { method: 'GET' });
  const { transfers } = (await res.json()) as { transfers: { metadata?: Record<string, string> }[] };
  return transfers.filter((transfer) => Object.values(transfer.metadata ?? {}).includes(withdrawalId)).length;
}
