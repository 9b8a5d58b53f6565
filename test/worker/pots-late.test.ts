import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { findLinkedUserByXUserId } from '../../worker/db/users';
import { confirmIntent } from '../../worker/payments/confirm';
import { fund, linkedPerson, walletOf } from './support/payments';
import {
  expectLedgerBalanced,
  intentRow,
  openPot,
  potAccountBalances,
  potNow,
  reservedPotIntent,
} from './support/pots';

// A pot stops taking money at its deadline, even before the deadline job has closed it.

/** Shorter than the confirmation window, so the hold still stands at the deadline. */
const DEADLINE_IN_MS = 5 * 60_000;

describe('a contribution confirmed after its pot’s deadline', { timeout: 120_000 }, () => {
  it('is refused and released, though the job has not closed the pot yet', async () => {
    const organiser = await linkedPerson('julie');
    const pot = await openPot(organiser, { deadlineAt: new Date(Date.now() + DEADLINE_IN_MS).toISOString() });
    const payer = await linkedPerson('late');
    await fund(payer, 5_000);
    const { intent } = await reservedPotIntent(payer, pot.hashtag, 2_000);
    const user = (await findLinkedUserByXUserId(env.DB, payer.xUserId))!;

    const afterDeadlineMs = Date.parse(pot.deadlineAt!) + 1;
    await expect(confirmIntent(env, user, intent.id, afterDeadlineMs)).rejects.toMatchObject({
      status: 409,
      type: 'pot-closed',
    });
    expect(await intentRow(intent.id)).toMatchObject({ status: 'failed', failure_reason: 'pot-closed' });
    expect(await walletOf(payer)).toMatchObject({ postedMinor: 5_000, availableMinor: 5_000 });
    expect(await potAccountBalances(pot.id)).toMatchObject({ postedMinor: 0, pendingCreditsMinor: 0 });
    // The job has not run: the pot still reads open, with nothing collected.
    expect(await potNow(pot.id)).toMatchObject({ state: 'open', totalMinor: 0 });
    await expectLedgerBalanced();
  });
});
