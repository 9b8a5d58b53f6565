import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { jobs } from '../../worker/jobs';
import {
  type Account,
  createTransfer,
  currencyTotals,
  ensureAccount,
  expirePendingTransfers,
  getAccount,
  getBalances,
  listTransfers,
} from '../../worker/ledger';

const db = env.DB;
const T0_MS = 1_700_000_000_000;
let uniq = 0;
const fresh = (prefix: string) => `${prefix}-${++uniq}`;

async function walletWith(amountMinor: number, currency = 'EUR'): Promise<Account> {
  const wallet = await ensureAccount(db, { kind: 'wallet', owner: fresh('user'), currency }, T0_MS);
  if (amountMinor > 0) {
    const world = await ensureAccount(db, { kind: 'world', owner: null, currency }, T0_MS);
    const topUp = await createTransfer(
      db,
      {
        flags: 'plain',
        id: fresh('top-up'),
        debitAccountId: world.id,
        creditAccountId: wallet.id,
        amountMinor,
        currency,
        code: 'top_up',
      },
      T0_MS,
    );
    expect(topUp.ok).toBe(true);
  }
  return wallet;
}

function plain(id: string, from: Account, to: Account, amountMinor: number) {
  return {
    flags: 'plain' as const,
    id,
    debitAccountId: from.id,
    creditAccountId: to.id,
    amountMinor,
    currency: from.currency,
    code: 'payment',
  };
}

async function expectLedgerBalanced() {
  for (const totals of await currencyTotals(db)) {
    expect(totals.postedSumMinor, totals.currency).toBe(0);
    expect(totals.debitsPendingSumMinor, totals.currency).toBe(totals.creditsPendingSumMinor);
  }
}

describe('accounts', () => {
  it('ensureAccount is idempotent and keys world accounts by currency alone', async () => {
    const owner = fresh('user');
    const first = await ensureAccount(db, { kind: 'wallet', owner, currency: 'EUR' }, T0_MS);
    const again = await ensureAccount(db, { kind: 'wallet', owner, currency: 'EUR' }, T0_MS + 5);
    const usd = await ensureAccount(db, { kind: 'wallet', owner, currency: 'USD' }, T0_MS);
    expect(again).toEqual(first);
    expect(usd.id).not.toBe(first.id);
    expect(first.debitsMustNotExceedCredits).toBe(true);
    const [world1, world2] = await Promise.all([
      ensureAccount(db, { kind: 'world', owner: null, currency: 'GBP' }, T0_MS),
      ensureAccount(db, { kind: 'world', owner: null, currency: 'GBP' }, T0_MS),
    ]);
    expect(world1.id).toBe(world2.id);
    expect(world1.debitsMustNotExceedCredits).toBe(false);
  });

  it('refuses an owner on world accounts and a missing owner on wallets', async () => {
    await expect(ensureAccount(db, { kind: 'world', owner: 'x', currency: 'EUR' }, T0_MS)).rejects.toThrow(/no owner/);
    await expect(ensureAccount(db, { kind: 'wallet', owner: null, currency: 'EUR' }, T0_MS)).rejects.toThrow(/owner/);
  });
});

describe('plain transfers', () => {
  it('moves money once; a replay answers exists with the original transfer', async () => {
    const alice = await walletWith(10_00);
    const bob = await walletWith(0);
    const first = await createTransfer(db, plain('pay-1', alice, bob, 2_50), T0_MS + 1);
    const replay = await createTransfer(db, plain('pay-1', alice, bob, 2_50), T0_MS + 99);
    expect(first).toMatchObject({ ok: true, status: 'created' });
    expect(replay).toMatchObject({ ok: true, status: 'exists' });
    if (first.ok && replay.ok) expect(replay.transfer).toEqual(first.transfer);
    expect(await getBalances(db, alice.id)).toEqual({
      postedMinor: 7_50,
      pendingDebitsMinor: 0,
      pendingCreditsMinor: 0,
      availableMinor: 7_50,
    });
    expect((await getBalances(db, bob.id))?.postedMinor).toBe(2_50);
    await expectLedgerBalanced();
  });

  it('names the field a replay differs in, and changes nothing', async () => {
    const alice = await walletWith(10_00);
    const bob = await walletWith(0);
    const carol = await walletWith(0);
    expect((await createTransfer(db, plain('pay-2', alice, bob, 1_00), T0_MS)).ok).toBe(true);
    const before = await getAccount(db, alice.id);
    expect(await createTransfer(db, plain('pay-2', alice, bob, 1_01), T0_MS)).toEqual({
      ok: false,
      code: 'exists_with_different_amount',
    });
    expect(await createTransfer(db, plain('pay-2', alice, carol, 1_00), T0_MS)).toEqual({
      ok: false,
      code: 'exists_with_different_credit_account_id',
    });
    expect(await createTransfer(db, { ...plain('pay-2', alice, bob, 1_00), code: 'donation' }, T0_MS)).toEqual({
      ok: false,
      code: 'exists_with_different_code',
    });
    expect(
      await createTransfer(db, { ...plain('pay-2', alice, bob, 1_00), flags: 'pending', timeoutS: 0 }, T0_MS),
    ).toEqual({ ok: false, code: 'exists_with_different_flags' });
    expect(await getAccount(db, alice.id)).toEqual(before);
  });

  it('refuses to overdraw a wallet, counting pending debits, and changes nothing', async () => {
    const alice = await walletWith(5_00);
    const bob = await walletWith(0);
    const hold = await createTransfer(
      db,
      { ...plain('hold-1', alice, bob, 3_00), flags: 'pending', timeoutS: 60 },
      T0_MS,
    );
    expect(hold.ok).toBe(true);
    expect(await createTransfer(db, plain('pay-3', alice, bob, 2_01), T0_MS)).toEqual({
      ok: false,
      code: 'exceeds_credits',
    });
    expect(await getBalances(db, alice.id)).toEqual({
      postedMinor: 5_00,
      pendingDebitsMinor: 3_00,
      pendingCreditsMinor: 0,
      availableMinor: 2_00,
    });
    expect((await createTransfer(db, plain('pay-3', alice, bob, 2_00), T0_MS)).ok).toBe(true);
  });

  it('refuses bad requests with a named reason', async () => {
    const alice = await walletWith(5_00);
    const dollars = await walletWith(5_00, 'USD');
    const cases: Array<[Parameters<typeof createTransfer>[1], string]> = [
      [plain('bad-1', alice, alice, 1), 'accounts_must_be_different'],
      [plain('bad-2', alice, dollars, 1), 'accounts_must_have_the_same_currency'],
      [{ ...plain('bad-3', alice, dollars, 1), creditAccountId: 'acc_nobody' }, 'credit_account_not_found'],
      [plain('bad 4', alice, dollars, 1), 'id_invalid'],
      [plain('bad-5', alice, dollars, 0), 'amount_invalid'],
      [plain('bad-6', alice, dollars, 1.5), 'amount_invalid'],
      [plain('bad-7', alice, dollars, Number.MAX_SAFE_INTEGER + 1), 'amount_invalid'],
      [{ ...plain('bad-8', alice, dollars, 1), currency: 'eur' }, 'currency_invalid'],
    ];
    for (const [input, code] of cases) {
      expect(await createTransfer(db, input, T0_MS), input.id).toEqual({ ok: false, code });
    }
  });
});

describe('two-phase transfers', () => {
  it('posts part of a pending transfer and releases the rest; a second resolution is refused', async () => {
    const alice = await walletWith(10_00);
    const bob = await walletWith(0);
    const pending = { ...plain('p-1', alice, bob, 6_00), flags: 'pending' as const, timeoutS: 60 };
    expect(await createTransfer(db, pending, T0_MS)).toMatchObject({ ok: true, status: 'created' });
    expect(
      await createTransfer(db, { flags: 'post_pending', id: 'p-1-post', pendingId: 'p-1', amountMinor: 6_01 }, T0_MS),
    ).toEqual({ ok: false, code: 'exceeds_pending_transfer_amount' });
    const post = await createTransfer(
      db,
      { flags: 'post_pending', id: 'p-1-post', pendingId: 'p-1', amountMinor: 4_00 },
      T0_MS + 1,
    );
    expect(post).toMatchObject({
      ok: true,
      status: 'created',
      transfer: { amountMinor: 4_00, debitAccountId: alice.id },
    });
    expect(await getBalances(db, alice.id)).toMatchObject({
      postedMinor: 6_00,
      pendingDebitsMinor: 0,
      availableMinor: 6_00,
    });
    expect(await getBalances(db, bob.id)).toMatchObject({ postedMinor: 4_00, pendingCreditsMinor: 0 });
    expect(await createTransfer(db, { flags: 'void_pending', id: 'p-1-void', pendingId: 'p-1' }, T0_MS + 2)).toEqual({
      ok: false,
      code: 'pending_transfer_already_posted',
    });
    // The replay of the post is recognised, with the amount it was asked for.
    expect(
      await createTransfer(
        db,
        { flags: 'post_pending', id: 'p-1-post', pendingId: 'p-1', amountMinor: 4_00 },
        T0_MS + 3,
      ),
    ).toMatchObject({ ok: true, status: 'exists' });
    expect(await createTransfer(db, { flags: 'post_pending', id: 'p-1-post', pendingId: 'p-1' }, T0_MS + 3)).toEqual({
      ok: false,
      code: 'exists_with_different_amount',
    });
    await expectLedgerBalanced();
  });

  it('voids, and refuses to resolve after the expiry, which the job then releases once', async () => {
    const alice = await walletWith(10_00);
    const bob = await walletWith(0);
    const hold = (id: string) => ({ ...plain(id, alice, bob, 1_00), flags: 'pending' as const, timeoutS: 10 });
    expect((await createTransfer(db, hold('h-1'), T0_MS)).ok).toBe(true);
    expect((await createTransfer(db, hold('h-2'), T0_MS)).ok).toBe(true);
    expect(
      await createTransfer(db, { flags: 'void_pending', id: 'h-1-void', pendingId: 'h-1' }, T0_MS + 9_999),
    ).toMatchObject({
      ok: true,
    });
    expect(
      await createTransfer(db, { flags: 'post_pending', id: 'h-2-post', pendingId: 'h-2' }, T0_MS + 10_000),
    ).toEqual({
      ok: false,
      code: 'pending_transfer_expired',
    });
    expect((await getBalances(db, alice.id))?.pendingDebitsMinor).toBe(1_00);
    const [run1, run2] = await Promise.all([
      expirePendingTransfers(db, T0_MS + 10_000, 100),
      expirePendingTransfers(db, T0_MS + 10_000, 100),
    ]);
    expect(run1.expired + run2.expired).toBeGreaterThanOrEqual(1);
    expect(await getBalances(db, alice.id)).toMatchObject({
      postedMinor: 10_00,
      pendingDebitsMinor: 0,
      availableMinor: 10_00,
    });
    expect(await expirePendingTransfers(db, T0_MS + 20_000, 100)).toEqual({ expired: 0, resolvedMeanwhile: 0 });
    await expectLedgerBalanced();
  });
});

describe('the scheduled expiry job', () => {
  it('is registered and releases due reservations, bounded per run', async () => {
    const alice = await walletWith(10_00);
    const bob = await walletWith(0);
    const hold = (id: string) => ({ ...plain(id, alice, bob, 1_00), flags: 'pending' as const, timeoutS: 1 });
    const startMs = T0_MS + 1_000_000_000;
    // Reservations left by earlier tests fall due first.
    await expirePendingTransfers(db, startMs, 1_000);
    for (const id of ['job-1', 'job-2']) expect((await createTransfer(db, hold(id), startMs)).ok).toBe(true);
    const expirePending = jobs.expirePending;
    expect(expirePending).toBeDefined();
    expect(await expirePending!(env, startMs + 999)).toEqual({ expired: 0, resolvedMeanwhile: 0 });
    expect((await expirePendingTransfers(db, startMs + 1_000, 1)).expired).toBe(1);
    expect((await getBalances(db, alice.id))?.pendingDebitsMinor).toBe(1_00);
    expect((await expirePending!(env, startMs + 1_000)).expired).toBeGreaterThanOrEqual(1);
    expect(await getBalances(db, alice.id)).toMatchObject({ pendingDebitsMinor: 0, availableMinor: 10_00 });
  });
});

describe('the database keeps the rules itself', () => {
  it('rolls a whole batch back when its last statement breaks a CHECK', async () => {
    const alice = await walletWith(1_00);
    const bob = await walletWith(0);
    const before = [await getAccount(db, alice.id), await getAccount(db, bob.id)];
    const batch = [
      db
        .prepare(
          `INSERT INTO ledger_transfers (id, debit_account_id, credit_account_id, amount_minor, currency, code, flags, created_at_ms)
           VALUES ('rollback-1', ?, ?, 500, 'EUR', 'payment', 'plain', 0)`,
        )
        .bind(alice.id, bob.id),
      db
        .prepare('UPDATE ledger_accounts SET credits_posted_minor = credits_posted_minor + 500 WHERE id = ?')
        .bind(bob.id),
      db
        .prepare('UPDATE ledger_accounts SET debits_posted_minor = debits_posted_minor + 500 WHERE id = ?')
        .bind(alice.id),
    ];
    await expect(db.batch(batch)).rejects.toThrow(/CHECK constraint failed: exceeds_credits/);
    expect([await getAccount(db, alice.id), await getAccount(db, bob.id)]).toEqual(before);
    expect(await db.prepare(`SELECT count(*) AS n FROM ledger_transfers WHERE id = 'rollback-1'`).first('n')).toBe(0);
  });

  it('keeps transfers immutable and accounts undeletable', async () => {
    const alice = await walletWith(1_00);
    const bob = await walletWith(0);
    expect((await createTransfer(db, plain('immutable-1', alice, bob, 1), T0_MS)).ok).toBe(true);
    await expect(
      db.prepare(`UPDATE ledger_transfers SET amount_minor = 2 WHERE id = 'immutable-1'`).run(),
    ).rejects.toThrow(/immutable/);
    await expect(db.prepare(`DELETE FROM ledger_transfers WHERE id = 'immutable-1'`).run()).rejects.toThrow(
      /never deleted/,
    );
    await expect(db.prepare('DELETE FROM ledger_accounts WHERE id = ?').bind(bob.id).run()).rejects.toThrow(
      /never deleted/,
    );
    await expect(
      db.prepare(`UPDATE ledger_accounts SET debits_must_not_exceed_credits = 0 WHERE id = ?`).bind(alice.id).run(),
    ).rejects.toThrow(/immutable/);
  });

  it('refuses a second resolution of a pending transfer even when written by hand', async () => {
    const alice = await walletWith(1_00);
    const bob = await walletWith(0);
    expect(
      (await createTransfer(db, { ...plain('hand-1', alice, bob, 50), flags: 'pending', timeoutS: 0 }, T0_MS)).ok,
    ).toBe(true);
    expect(
      (await createTransfer(db, { flags: 'void_pending', id: 'hand-1-void', pendingId: 'hand-1' }, T0_MS)).ok,
    ).toBe(true);
    await expect(
      db
        .prepare(`UPDATE ledger_pending_states SET status = 'expired', resolved_at_ms = 1 WHERE pending_id = 'hand-1'`)
        .run(),
    ).rejects.toThrow(/already voided/);
  });
});

describe('history', () => {
  it('lists an account’s transfers newest first, page by page', async () => {
    const alice = await walletWith(10_00);
    const bob = await walletWith(0);
    for (let i = 0; i < 5; i++)
      expect((await createTransfer(db, plain(`hist-${i}`, alice, bob, 1), T0_MS)).ok).toBe(true);
    const first = await listTransfers(db, bob.id, { limit: 3 });
    expect(first.transfers.map((t) => t.id)).toEqual(['hist-4', 'hist-3', 'hist-2']);
    const second = await listTransfers(db, bob.id, { limit: 3, beforeSeq: first.nextBeforeSeq });
    expect(second.transfers.map((t) => t.id)).toEqual(['hist-1', 'hist-0']);
    expect(second.nextBeforeSeq).toBeNull();
    expect((await listTransfers(db, alice.id, { limit: 100 })).transfers).toHaveLength(6);
  });
});
