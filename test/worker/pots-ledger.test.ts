import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { closeAccountToCredits } from '../../worker/db/ledger-queries';
import {
  createTransfer,
  currencyTotals,
  ensureAccount,
  getBalances,
  resolvePendingTransfers,
} from '../../worker/ledger';

// The ledger's part of pots: an account closed to credits, and holds resolved in batches.

const NOW_MS = 1_800_000_000_000;
let accounts = 0;

async function funded(amountMinor: number) {
  accounts += 1;
  const world = await ensureAccount(env.DB, { kind: 'world', owner: null, currency: 'EUR' }, NOW_MS);
  const wallet = await ensureAccount(
    env.DB,
    { kind: 'wallet', owner: `usr_ledger_${accounts}`, currency: 'EUR' },
    NOW_MS,
  );
  const topUp = await createTransfer(
    env.DB,
    {
      flags: 'plain',
      id: `top-up-${accounts}`,
      debitAccountId: world.id,
      creditAccountId: wallet.id,
      amountMinor,
      currency: 'EUR',
      code: 'top_up',
    },
    NOW_MS,
  );
  expect(topUp.ok).toBe(true);
  return wallet;
}

async function potAccount() {
  accounts += 1;
  return ensureAccount(env.DB, { kind: 'pot', owner: `pot_ledger_${accounts}`, currency: 'EUR' }, NOW_MS);
}

function hold(id: string, from: string, to: string, amountMinor: number) {
  return createTransfer(
    env.DB,
    {
      flags: 'pending',
      id,
      debitAccountId: from,
      creditAccountId: to,
      amountMinor,
      currency: 'EUR',
      code: 'payment',
      timeoutS: 3_600,
    },
    NOW_MS,
  );
}

async function expectBalanced() {
  for (const totals of await currencyTotals(env.DB)) {
    expect(totals.postedSumMinor).toBe(0);
    expect(totals.debitsPendingSumMinor).toBe(totals.creditsPendingSumMinor);
  }
}

describe('an account closed to credits', () => {
  it('takes no new transfer in, lets its pending credits be voided and its balance be paid out', async () => {
    const payer = await funded(5_000);
    const pot = await potAccount();
    expect((await hold('closed-hold-1', payer.id, pot.id, 1_000)).ok).toBe(true);
    expect((await hold('closed-hold-2', payer.id, pot.id, 500)).ok).toBe(true);
    const posted = await createTransfer(
      env.DB,
      { flags: 'post_pending', id: 'closed-post-1', pendingId: 'closed-hold-1' },
      NOW_MS,
    );
    expect(posted.ok).toBe(true);

    await closeAccountToCredits(env.DB, pot.id).run();
    expect(await hold('closed-hold-3', payer.id, pot.id, 100)).toEqual({ ok: false, code: 'credit_account_closed' });
    const plain = await createTransfer(
      env.DB,
      {
        flags: 'plain',
        id: 'closed-plain',
        debitAccountId: payer.id,
        creditAccountId: pot.id,
        amountMinor: 1,
        currency: 'EUR',
        code: 'payment',
      },
      NOW_MS,
    );
    expect(plain).toEqual({ ok: false, code: 'credit_account_closed' });
    expect(
      await createTransfer(env.DB, { flags: 'post_pending', id: 'closed-post-2', pendingId: 'closed-hold-2' }, NOW_MS),
    ).toEqual({ ok: false, code: 'credit_account_closed' });

    expect(
      (await createTransfer(env.DB, { flags: 'void_pending', id: 'closed-void-2', pendingId: 'closed-hold-2' }, NOW_MS))
        .ok,
    ).toBe(true);
    const organiser = await funded(1);
    const payout = await createTransfer(
      env.DB,
      {
        flags: 'plain',
        id: 'closed-payout',
        debitAccountId: pot.id,
        creditAccountId: organiser.id,
        amountMinor: 1_000,
        currency: 'EUR',
        code: 'pot_payout',
      },
      NOW_MS,
    );
    expect(payout.ok).toBe(true);
    expect(await getBalances(env.DB, pot.id)).toMatchObject({ postedMinor: 0, pendingCreditsMinor: 0 });
    expect(await getBalances(env.DB, payer.id)).toMatchObject({ postedMinor: 4_000, availableMinor: 4_000 });

    // Closing is one way.
    await expect(
      env.DB.prepare('UPDATE ledger_accounts SET closed_to_credits = 0 WHERE id = ?').bind(pot.id).run(),
    ).rejects.toThrow(/accounts stay closed/);
    await expectBalanced();
  });

  it('of a pot never goes below zero', async () => {
    const pot = await potAccount();
    const organiser = await funded(1);
    const overdrawn = await createTransfer(
      env.DB,
      {
        flags: 'plain',
        id: 'pot-overdrawn',
        debitAccountId: pot.id,
        creditAccountId: organiser.id,
        amountMinor: 1,
        currency: 'EUR',
        code: 'pot_payout',
      },
      NOW_MS,
    );
    expect(overdrawn).toEqual({ ok: false, code: 'exceeds_credits' });
  });
});

describe('resolving holds in a batch', () => {
  it('posts and voids each hold once, with the same balances as one at a time', async () => {
    const backers = [await funded(1_000), await funded(1_000), await funded(1_000)];
    const project = await potAccount();
    for (const [index, backer] of backers.entries()) {
      expect((await hold(`batch-hold-${index}`, backer.id, project.id, 100 * (index + 1))).ok).toBe(true);
    }
    // One hold resolved already (a run that stopped after it): the batch leaves it to the caller.
    expect(
      (await createTransfer(env.DB, { flags: 'post_pending', id: 'batch-post-0', pendingId: 'batch-hold-0' }, NOW_MS))
        .ok,
    ).toBe(true);
    const marks: string[] = [];
    const result = await resolvePendingTransfers(
      env.DB,
      [
        { id: 'batch-post-0', pendingId: 'batch-hold-0', flags: 'post_pending' },
        { id: 'batch-post-1', pendingId: 'batch-hold-1', flags: 'post_pending' },
        { id: 'batch-void-2', pendingId: 'batch-hold-2', flags: 'void_pending' },
      ],
      NOW_MS,
      (resolution) => {
        marks.push(resolution.id);
        return [];
      },
    );
    expect(result?.written.map((resolution) => resolution.id)).toEqual(['batch-post-1', 'batch-void-2']);
    expect(result?.skipped.map((resolution) => resolution.id)).toEqual(['batch-post-0']);
    expect(marks).toEqual(['batch-post-1', 'batch-void-2']);
    expect(await getBalances(env.DB, project.id)).toMatchObject({ postedMinor: 300, pendingCreditsMinor: 0 });
    expect(await getBalances(env.DB, backers[2]!.id)).toMatchObject({ postedMinor: 1_000, availableMinor: 1_000 });

    // Again: nothing is left to resolve, nothing moves.
    const again = await resolvePendingTransfers(
      env.DB,
      [{ id: 'batch-post-1', pendingId: 'batch-hold-1', flags: 'post_pending' }],
      NOW_MS,
      () => [],
    );
    expect(again).toEqual({
      written: [],
      skipped: [{ id: 'batch-post-1', pendingId: 'batch-hold-1', flags: 'post_pending' }],
    });
    expect(await getBalances(env.DB, project.id)).toMatchObject({ postedMinor: 300 });
    await expectBalanced();
  });

  it('refused whole when one row is refused: nothing is written', async () => {
    const backer = await funded(1_000);
    const project = await potAccount();
    expect((await hold('refused-hold-0', backer.id, project.id, 100)).ok).toBe(true);
    expect((await hold('refused-hold-1', backer.id, project.id, 200)).ok).toBe(true);
    // The id chosen for the second post is already taken by another transfer.
    const result = await resolvePendingTransfers(
      env.DB,
      [
        { id: 'refused-post-0', pendingId: 'refused-hold-0', flags: 'post_pending' },
        { id: 'refused-hold-0', pendingId: 'refused-hold-1', flags: 'post_pending' },
      ],
      NOW_MS,
      () => [],
    );
    expect(result).toBeNull();
    expect(await getBalances(env.DB, project.id)).toMatchObject({ postedMinor: 0, pendingCreditsMinor: 300 });
    expect(await getBalances(env.DB, backer.id)).toMatchObject({ postedMinor: 1_000, availableMinor: 700 });
  });
});
