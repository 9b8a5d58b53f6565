import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { type PaymentIntent, SignedReceiptSchema } from '../../shared/contract/payments';
import type { Pot } from '../../shared/contract/pots';
import { findLinkedUserByXUserId } from '../../worker/db/users';
import { jobs } from '../../worker/jobs';
import { potDeadlines } from '../../worker/jobs/pot-deadlines';
import { createTransfer } from '../../worker/ledger';
import { cancelIntent, confirmIntent } from '../../worker/payments/confirm';
import { PLEDGE_RESOLUTION_GRACE_MS } from '../../worker/pots/config';
import { HttpProblem } from '../../worker/problem';
import { verifyReceipt } from '../../worker/receipts/signing';
import { workerFetch } from './support/link-user';
import {
  cancel,
  confirm,
  fund,
  intentAs,
  linkedPerson,
  type Person,
  problemTypeOf,
  transfersOfIntent,
  walletOf,
} from './support/payments';
import {
  expectLedgerBalanced,
  intentRow,
  openProject,
  pledged,
  potAccountBalances,
  potNow,
  projectOwner,
  reservedPotIntent,
} from './support/pots';

// All-or-nothing crowdfunding: confirmed pledges stay held until the deadline, then are all
// collected (goal reached) or all released; the deadline job is exactly-once however it runs.

const HOUR_MS = 60 * 60_000;
/**
 * Each test links several people and posts tweets through the sandbox, and the races run the
 * deadline job beside confirmations: on a busy two-core machine that takes a while, so the bound
 * is the worker project's own, generous one.
 */
const SLOW_TEST_TIMEOUT_MS = 120_000;

async function projectWithPledges(goalMinor: number, amounts: readonly number[]) {
  const owner = await projectOwner();
  const project = await openProject(owner, goalMinor);
  const pledges = [];
  for (const amountMinor of amounts) pledges.push(await pledged(project, amountMinor, 10_000));
  return { owner, project, pledges, deadlineAtMs: Date.parse(project.deadlineAt!) };
}

async function runUntilDone(deadlineAtMs: number, maxima?: Parameters<typeof potDeadlines>[2]) {
  let runs = 0;
  for (;;) {
    const report = await potDeadlines(env, deadlineAtMs, maxima);
    runs += 1;
    expect(report.failed).toBe(0);
    const moved = Object.entries(report).some(([key, value]) => key !== 'failed' && value > 0);
    if (!moved) return runs;
    expect(runs).toBeLessThan(100);
  }
}

async function holdState(intentId: string): Promise<string | undefined> {
  const row = await env.DB.prepare('SELECT status FROM ledger_pending_states WHERE pending_id = ?')
    .bind(`pay:${intentId}:hold`)
    .first<{ status: string }>();
  return row?.status;
}

async function statusOf(person: Person, intent: PaymentIntent): Promise<string> {
  return (await intentAs(person, intent.id)).status;
}

describe('a pledge', { timeout: SLOW_TEST_TIMEOUT_MS }, () => {
  it('confirmed stays held in the backer’s wallet until the deadline', async () => {
    const owner = await projectOwner();
    const project = await openProject(owner, 50_000);
    const { backer, intent } = await pledged(project, 4_000, 10_000);
    expect(intent).toMatchObject({ purpose: 'pledge', pot: { id: project.id, kind: 'project' } });
    expect(intent.pledgedAt).not.toBeNull();
    expect(await walletOf(backer)).toMatchObject({ postedMinor: 10_000, availableMinor: 6_000 });
    expect(await potAccountBalances(project.id)).toMatchObject({ postedMinor: 0, pendingCreditsMinor: 4_000 });
    expect(await potNow(project.hashtag)).toMatchObject({ totalMinor: 4_000, contributionCount: 1, state: 'open' });
    // The hold outlasts the deadline by the grace, so only the deadline job resolves it.
    const hold = await env.DB.prepare('SELECT expires_at_ms FROM ledger_transfers WHERE id = ?')
      .bind(`pay:${intent.id}:hold`)
      .first<{ expires_at_ms: number }>();
    expect(hold!.expires_at_ms).toBeGreaterThanOrEqual(Date.parse(project.deadlineAt!) + PLEDGE_RESOLUTION_GRACE_MS);
    // Confirming again is the same as once.
    expect((await confirm(backer, intent.id)).status).toBe(200);
    expect(await transfersOfIntent(intent.id)).toEqual([{ id: `pay:${intent.id}:hold`, flags: 'pending' }]);
  });

  it('may be cancelled before the deadline, and not after', async () => {
    const owner = await projectOwner();
    const project = await openProject(owner, 50_000);
    const first = await pledged(project, 3_000, 10_000);
    const res = await cancel(first.backer, first.intent.id);
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await statusOf(first.backer, first.intent)).toBe('cancelled');
    expect(await walletOf(first.backer)).toMatchObject({ postedMinor: 10_000, availableMinor: 10_000 });
    expect(await potNow(project.id)).toMatchObject({ totalMinor: 0, contributionCount: 0 });

    const second = await pledged(project, 2_000, 10_000);
    const user = (await findLinkedUserByXUserId(env.DB, second.backer.xUserId))!;
    const deadlineAtMs = Date.parse(project.deadlineAt!);
    await expect(cancelIntent(env, user, second.intent.id, deadlineAtMs)).rejects.toMatchObject({
      status: 409,
      type: 'pledge-locked',
    });
    expect(await statusOf(second.backer, second.intent)).toBe('pledged');
    expect(await walletOf(second.backer)).toMatchObject({ availableMinor: 8_000 });
  });

  it('unconfirmed when its window closes is voided by the expiry job', async () => {
    const owner = await projectOwner();
    const project = await openProject(owner, 50_000, 24 * HOUR_MS);
    const backer = await linkedPerson('backer');
    await fund(backer, 10_000);
    const { intent } = await reservedPotIntent(backer, project.hashtag, 2_500);
    const confirmByMs = Date.parse(intent.confirmBy!);
    expect(confirmByMs).toBeLessThanOrEqual(Date.parse(project.deadlineAt!));
    await jobs.expirePayments!(env, confirmByMs - 1);
    expect(await statusOf(backer, intent)).toBe('awaiting_confirmation');
    expect((await jobs.expirePayments!(env, confirmByMs)).confirmationsExpired).toBeGreaterThanOrEqual(1);
    expect(await statusOf(backer, intent)).toBe('expired');
    expect(await walletOf(backer)).toMatchObject({ postedMinor: 10_000, availableMinor: 10_000 });
    const late = await confirm(backer, intent.id);
    expect(late.status).toBe(409);
    expect(await problemTypeOf(late)).toBe('intent-expired');
  });

  it('confirmed at or after the deadline is refused and released', async () => {
    const owner = await projectOwner();
    const project = await openProject(owner, 50_000);
    const backer = await linkedPerson('backer');
    await fund(backer, 10_000);
    const { intent } = await reservedPotIntent(backer, project.hashtag, 2_500);
    const user = (await findLinkedUserByXUserId(env.DB, backer.xUserId))!;
    const answer = await confirmIntent(env, user, intent.id, Date.parse(project.deadlineAt!)).catch((error) => error);
    expect(answer).toBeInstanceOf(HttpProblem);
    expect(await walletOf(backer)).toMatchObject({ availableMinor: 10_000 });
    expect(['expired', 'failed']).toContain(await statusOf(backer, intent));
  });
});

describe('a pledge racing', { timeout: SLOW_TEST_TIMEOUT_MS }, () => {
  it('its cancellation ends cancelled with its hold voided, or pledged with its hold standing, never both', async () => {
    const owner = await projectOwner();
    const project = await openProject(owner, 50_000);
    for (let round = 0; round < 4; round += 1) {
      const backer = await linkedPerson('racer');
      await fund(backer, 10_000);
      const { intent } = await reservedPotIntent(backer, project.hashtag, 1_000);
      const [confirmed, cancelled] = await Promise.all([confirm(backer, intent.id), cancel(backer, intent.id)]);
      const status = await statusOf(backer, intent);
      const hold = await holdState(intent.id);
      if (status === 'pledged') {
        expect(hold).toBe('pending');
        expect(confirmed.status).toBe(200);
        expect(await walletOf(backer)).toMatchObject({ availableMinor: 9_000 });
      } else {
        expect(status).toBe('cancelled');
        expect(hold).toBe('voided');
        expect(cancelled.status).toBe(200);
        expect(await walletOf(backer)).toMatchObject({ availableMinor: 10_000 });
      }
    }
    await expectLedgerBalanced();
  });

  it('whose hold is gone is not counted towards the goal, and is released by the job', async () => {
    const { owner, project, pledges, deadlineAtMs } = await projectWithPledges(5_000, [3_000, 2_000]);
    // The second pledge's hold voided under it, as an interrupted cancellation could leave it.
    const lost = pledges[1]!;
    const voided = await createTransfer(
      env.DB,
      { flags: 'void_pending', id: `pay:${lost.intent.id}:void`, pendingId: `pay:${lost.intent.id}:hold` },
      deadlineAtMs - 1,
    );
    expect(voided.ok).toBe(true);
    await runUntilDone(deadlineAtMs);
    // 3 000 held of a 5 000 goal: the project failed, and every backer has all their money.
    expect(await potNow(project.id)).toMatchObject({ state: 'failed' });
    expect(await statusOf(pledges[0]!.backer, pledges[0]!.intent)).toBe('released');
    expect(await statusOf(lost.backer, lost.intent)).toBe('released');
    for (const { backer } of pledges) expect(await walletOf(backer)).toMatchObject({ availableMinor: 10_000 });
    expect(await walletOf(owner)).toMatchObject({ postedMinor: 0 });
    await expectLedgerBalanced();
    // A released pledge moved no money: it has no receipt.
    const released = await intentAs(lost.backer, lost.intent.id);
    expect(released.receiptId).toBeNull();
    expect((await workerFetch(`/v1/receipts/rcp_${lost.intent.id.slice('pi_'.length)}`)).status).toBe(404);
  });
});

describe('at the deadline', { timeout: SLOW_TEST_TIMEOUT_MS }, () => {
  it('a project that reached its goal collects every pledge and pays its owner exactly the total', async () => {
    const { owner, project, pledges, deadlineAtMs } = await projectWithPledges(6_000, [2_000, 2_500, 1_500]);
    await potDeadlines(env, deadlineAtMs - 1);
    expect((await potNow(project.id)).state).toBe('open');

    await runUntilDone(deadlineAtMs);
    expect(await potNow(project.id)).toMatchObject({ state: 'funded', totalMinor: 6_000, contributionCount: 3 });
    for (const { backer, intent } of pledges) {
      expect(await statusOf(backer, intent)).toBe('settled');
      expect(await walletOf(backer)).toMatchObject({
        postedMinor: 10_000 - intent.amountMinor,
        availableMinor: 10_000 - intent.amountMinor,
      });
      expect(await transfersOfIntent(intent.id)).toEqual([
        { id: `pay:${intent.id}:hold`, flags: 'pending' },
        { id: `pay:${intent.id}:post`, flags: 'post_pending' },
      ]);
    }
    expect(await walletOf(owner)).toMatchObject({ postedMinor: 6_000 });
    expect(await potAccountBalances(project.id)).toMatchObject({ postedMinor: 0, pendingCreditsMinor: 0 });
    await expectLedgerBalanced();

    // A collected pledge has a signed receipt naming its project, like a payment's.
    const { backer, intent } = pledges[0]!;
    const collected = await intentAs(backer, intent.id);
    expect(collected.receiptId).not.toBeNull();
    const res = await workerFetch(`/v1/receipts/${collected.receiptId}`);
    expect(res.status).toBe(200);
    const signed = SignedReceiptSchema.parse(await res.json());
    expect(signed.receipt).toMatchObject({
      intentId: intent.id,
      purpose: 'pledge',
      amountMinor: intent.amountMinor,
      pot: { id: project.id, kind: 'project', hashtag: project.hashtag, title: project.title },
    });
    expect(await verifyReceipt(env, signed)).toBe(true);
  });

  it('a project that missed its goal releases every pledge and restores each backer exactly', async () => {
    const { owner, project, pledges, deadlineAtMs } = await projectWithPledges(10_000, [2_000, 3_000]);
    // A pledge left unconfirmed at the deadline never counts, and is released too.
    const late = await linkedPerson('backer');
    await fund(late, 10_000);
    const unconfirmed = await reservedPotIntent(late, project.hashtag, 4_000);

    await runUntilDone(deadlineAtMs);
    expect(await potNow(project.id)).toMatchObject({ state: 'failed', totalMinor: 5_000, contributionCount: 2 });
    for (const { backer, intent } of pledges) {
      expect(await statusOf(backer, intent)).toBe('released');
      expect(await walletOf(backer)).toMatchObject({ postedMinor: 10_000, availableMinor: 10_000 });
    }
    expect(await statusOf(late, unconfirmed.intent)).toBe('expired');
    expect(await walletOf(late)).toMatchObject({ postedMinor: 10_000, availableMinor: 10_000 });
    expect(await walletOf(owner)).toMatchObject({ postedMinor: 0 });
    expect(await potAccountBalances(project.id)).toMatchObject({ postedMinor: 0, pendingCreditsMinor: 0 });
    await expectLedgerBalanced();
  });

  it('run twice, and concurrently, resolves each pledge once', async () => {
    const { owner, pledges, deadlineAtMs } = await projectWithPledges(3_000, [1_000, 1_000, 1_000, 1_000]);
    const reports = await Promise.all([potDeadlines(env, deadlineAtMs), potDeadlines(env, deadlineAtMs)]);
    for (const report of reports) expect(report.failed).toBe(0);
    await runUntilDone(deadlineAtMs);
    expect(await potDeadlines(env, deadlineAtMs + HOUR_MS)).toMatchObject({
      projectsDecided: 0,
      pledgesCollected: 0,
      pledgesReleased: 0,
      paidOut: 0,
    });
    for (const { intent } of pledges) expect(await transfersOfIntent(intent.id)).toHaveLength(2);
    expect(await walletOf(owner)).toMatchObject({ postedMinor: 4_000 });
    await expectLedgerBalanced();
  });

  it('interrupted between two pledges, the next runs continue: no double posting, no lost pledge', async () => {
    const { owner, project, pledges, deadlineAtMs } = await projectWithPledges(3_000, [1_000, 1_200, 1_400]);
    const oneAtATime = { potsPerRun: 5, pledgesPerRun: 1, holdsPerRun: 5 };
    const first = await potDeadlines(env, deadlineAtMs, oneAtATime);
    expect(first).toMatchObject({ projectsDecided: 1, pledgesCollected: 1, paidOut: 0 });
    const statuses = await Promise.all(pledges.map(({ intent }) => intentRow(intent.id)));
    expect(statuses.map((row) => row!.status).sort()).toEqual(['pledged', 'pledged', 'settled']);
    expect(await potNow(project.id)).toMatchObject({ state: 'funded', totalMinor: 3_600 });

    // A run that stopped right after the ledger posted a pledge, before writing it down.
    const next = pledges.find((_, index) => statuses[index]!.status === 'pledged')!;
    const posted = await createTransfer(
      env.DB,
      { flags: 'post_pending', id: `pay:${next.intent.id}:post`, pendingId: `pay:${next.intent.id}:hold` },
      deadlineAtMs,
    );
    expect(posted.ok).toBe(true);

    const runs = await runUntilDone(deadlineAtMs, oneAtATime);
    expect(runs).toBeGreaterThanOrEqual(2);
    for (const { backer, intent } of pledges) {
      expect(await statusOf(backer, intent)).toBe('settled');
      expect(await transfersOfIntent(intent.id)).toEqual([
        { id: `pay:${intent.id}:hold`, flags: 'pending' },
        { id: `pay:${intent.id}:post`, flags: 'post_pending' },
      ]);
    }
    expect(await walletOf(owner)).toMatchObject({ postedMinor: 3_600 });
    await expectLedgerBalanced();
  });

  it('concurrent confirmations near the goal all count, and the project gets exactly their sum', async () => {
    const owner = await projectOwner();
    const project: Pot = await openProject(owner, 10_000);
    const reserved = [];
    for (let index = 0; index < 4; index += 1) {
      const backer = await linkedPerson('backer');
      await fund(backer, 5_000);
      reserved.push({ backer, ...(await reservedPotIntent(backer, project.hashtag, 3_000)) });
    }
    const answers = await Promise.all(reserved.map(({ backer, intent }) => confirm(backer, intent.id)));
    for (const answer of answers) expect(answer.status).toBe(200);
    expect(await potNow(project.id)).toMatchObject({ totalMinor: 12_000, contributionCount: 4 });

    await runUntilDone(Date.parse(project.deadlineAt!));
    expect(await potNow(project.id)).toMatchObject({ state: 'funded', totalMinor: 12_000 });
    expect(await walletOf(owner)).toMatchObject({ postedMinor: 12_000 });
    for (const { backer } of reserved) expect(await walletOf(backer)).toMatchObject({ postedMinor: 2_000 });
    await expectLedgerBalanced();
  });

  it('confirmations racing the deadline job end either pledged and collected, or refused and released', async () => {
    const owner = await projectOwner();
    const project = await openProject(owner, 1_000);
    const reserved = [];
    for (let index = 0; index < 3; index += 1) {
      const backer = await linkedPerson('backer');
      await fund(backer, 5_000);
      reserved.push({ backer, ...(await reservedPotIntent(backer, project.hashtag, 1_000)) });
    }
    const deadlineAtMs = Date.parse(project.deadlineAt!);
    await Promise.all([
      ...reserved.map(({ backer, intent }) => confirm(backer, intent.id)),
      potDeadlines(env, deadlineAtMs),
    ]);
    await runUntilDone(deadlineAtMs);
    const decided = await potNow(project.id);
    let collectedMinor = 0;
    for (const { backer, intent } of reserved) {
      const status = await statusOf(backer, intent);
      expect(['settled', 'released', 'expired', 'failed']).toContain(status);
      const paid = status === 'settled' ? 1_000 : 0;
      collectedMinor += paid;
      expect(await walletOf(backer)).toMatchObject({ postedMinor: 5_000 - paid, availableMinor: 5_000 - paid });
    }
    expect(decided.state === 'funded' ? decided.totalMinor : 0).toBe(collectedMinor);
    expect(await walletOf(owner)).toMatchObject({ postedMinor: collectedMinor });
    await expectLedgerBalanced();
  });
});
