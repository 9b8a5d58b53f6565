import { assert } from '../../shared/assert';
import { findIntent } from '../db/payments';
import {
  decideProject,
  findPot,
  markPledgeResolved,
  type PotRow,
  selectPledged,
  selectPledgesWithWithdrawnTweet,
  selectStaleHolds,
  startDeciding,
} from '../db/pots';
import { createTransfer, type PendingResolution, resolvePendingTransfers } from '../ledger';
import { transferIds } from '../payments/money';
import { recordedWithdrawal, withdrawUnconfirmed } from '../payments/withdraw';
import { closeAndPayOut, payOut } from './close';
import { expireUnconfirmedPledge, voidHold } from './holds';

/**
 * What happens at a pot's or project's deadline, in bounded steps that the next run continues.
 *
 * A pot is closed and paid out. A project goes through:
 * 1. open → deciding (guarded): from then on nothing can be pledged or cancelled;
 * 2. confirmed pledges whose tweet is recorded as deleted or no longer stating them are withdrawn
 *    (→ failed); holds of pledges still awaiting confirmation are voided (→ expired), and those of
 *    cancelled or failed ones a stopped run left pending;
 * 3. deciding → funded or failed, once, with the total of confirmed pledges summed in the same
 *    statement;
 * 4. each confirmed pledge is resolved with its fixed transfer id (`pay:<intent>:post` when
 *    funded, `pay:<intent>:void` when failed) and then marked settled or released (guarded).
 * The ledger resolves each hold once and never posts more than it held, so a rerun, a concurrent
 * run or a run stopped anywhere posts each pledge at most once and loses none; a funded project's
 * collected pledges are then paid out to its organiser like a pot.
 */

/**
 * Confirmed pledges resolved together in one D1 batch (three rows each, plus one balance update per
 * account): a few round trips per hundred pledges instead of three per pledge.
 */
export const PLEDGES_PER_BATCH_MAX = 50;

/** What one run may still do; shared by every pot of the run. */
export interface DeadlineBudget {
  /** Confirmed pledges resolved (posted or voided). */
  pledges: number;
  /** Holds of unconfirmed, cancelled or failed intents voided. */
  holds: number;
}

export interface DeadlineReport {
  potsClosed: number;
  paidOut: number;
  projectsDecided: number;
  pledgesCollected: number;
  pledgesReleased: number;
  holdsReleased: number;
}

export function emptyDeadlineReport(): DeadlineReport {
  return { potsClosed: 0, paidOut: 0, projectsDecided: 0, pledgesCollected: 0, pledgesReleased: 0, holdsReleased: 0 };
}

/** Does what is due on one pot or project as of `nowMs`, within the budget. */
export async function advancePot(
  db: D1Database,
  pot: PotRow,
  nowMs: number,
  budget: DeadlineBudget,
  report: DeadlineReport,
): Promise<void> {
  if (pot.kind === 'pot') {
    await releaseStaleHolds(db, pot.id, nowMs, budget, report, false);
    if (pot.state === 'open') {
      if (pot.deadline_at_ms === null || pot.deadline_at_ms > nowMs) return;
      report.potsClosed += 1;
    }
    if (pot.state === 'open' || (pot.state === 'closed' && pot.paid_out_at_ms === null)) {
      await closeAndPayOut(db, pot, nowMs);
      report.paidOut += 1;
    }
    return;
  }
  await advanceProject(db, pot, nowMs, budget, report);
}

async function advanceProject(
  db: D1Database,
  project: PotRow,
  nowMs: number,
  budget: DeadlineBudget,
  report: DeadlineReport,
): Promise<void> {
  if (project.state === 'open') {
    if (project.deadline_at_ms === null || project.deadline_at_ms > nowMs) return;
    await startDeciding(db, project.id, nowMs).run();
  }
  // Until decided: afterwards the project counts what it counted, and these are resolved with it.
  if (project.state === 'open' || project.state === 'deciding') {
    await withdrawPledgesWithoutTweet(db, project.id, nowMs, budget, report);
  }
  await releaseStaleHolds(db, project.id, nowMs, budget, report, true);
  if ((await decideProject(db, project.id, nowMs).run()).meta.changes === 1) report.projectsDecided += 1;
  const decided = await findPot(db, project.id);
  assert(decided !== null && (decided.state === 'funded' || decided.state === 'failed'), 'the project is decided');

  const how = decided.state === 'funded' ? 'post' : 'void';
  while (budget.pledges > 0) {
    const pledges = await selectPledged(db, project.id, Math.min(budget.pledges, PLEDGES_PER_BATCH_MAX));
    if (pledges.length === 0) break;
    const resolved = await resolvePledges(
      db,
      pledges.map((pledge) => pledge.id),
      how,
      nowMs,
    );
    budget.pledges -= resolved;
    if (how === 'post') report.pledgesCollected += resolved;
    else report.pledgesReleased += resolved;
  }
  if (decided.state === 'funded' && decided.paid_out_at_ms === null) {
    if ((await selectPledged(db, project.id, 1)).length === 0) {
      await payOut(db, decided, nowMs);
      report.paidOut += 1;
    }
  }
}

/**
 * Withdraws the confirmed pledges whose tweet is recorded as deleted or as no longer stating them
 * (the matcher wrote it and stopped before the withdrawal), before the project is decided: they
 * are neither counted nor collected.
 */
async function withdrawPledgesWithoutTweet(
  db: D1Database,
  projectId: string,
  nowMs: number,
  budget: DeadlineBudget,
  report: DeadlineReport,
): Promise<void> {
  if (budget.holds <= 0) return;
  for (const row of await selectPledgesWithWithdrawnTweet(db, projectId, budget.holds)) {
    const reason = recordedWithdrawal(row);
    assert(reason !== null, 'a selected pledge has a withdrawn tweet');
    budget.holds -= 1;
    if ((await withdrawUnconfirmed({ DB: db }, row.id, reason, nowMs)).status === 'failed') report.holdsReleased += 1;
  }
}

/**
 * Voids what a pot or a past-deadline project still holds for money that will never count:
 * cancelled, expired or failed intents whose hold a stopped run left pending, and for a project
 * also the pledges still awaiting confirmation.
 */
async function releaseStaleHolds(
  db: D1Database,
  potId: string,
  nowMs: number,
  budget: DeadlineBudget,
  report: DeadlineReport,
  includeUnconfirmed: boolean,
): Promise<void> {
  if (budget.holds <= 0) return;
  const stale = await selectStaleHolds(db, potId, includeUnconfirmed, budget.holds);
  for (const row of stale) {
    budget.holds -= 1;
    if (row.status === 'awaiting_confirmation') {
      const intent = await findIntent(db, row.id);
      assert(intent !== null, 'a stale hold has its intent');
      await expireUnconfirmedPledge(db, intent, nowMs);
    } else {
      await voidHold(db, row.id, nowMs);
    }
    report.holdsReleased += 1;
  }
}

/**
 * Resolves confirmed pledges of a decided project together, each with its transfer and its intent
 * in one batch; whatever the batch cannot take (a hold a stopped run already resolved, a batch a
 * concurrent run made fail) is resolved one by one. Answers how many were resolved.
 */
async function resolvePledges(
  db: D1Database,
  intentIds: readonly string[],
  how: 'post' | 'void',
  nowMs: number,
): Promise<number> {
  const intentOf = new Map<string, string>();
  const resolutions: PendingResolution[] = intentIds.map((intentId) => {
    const resolution: PendingResolution = {
      id: how === 'post' ? transferIds.post(intentId) : transferIds.void(intentId),
      pendingId: transferIds.hold(intentId),
      flags: how === 'post' ? 'post_pending' : 'void_pending',
    };
    intentOf.set(resolution.id, intentId);
    return resolution;
  });
  const to = how === 'post' ? 'settled' : 'released';
  const batched = await resolvePendingTransfers(db, resolutions, nowMs, (resolution) => [
    markPledgeResolved(db, intentOf.get(resolution.id)!, to, nowMs),
  ]);
  const oneByOne = batched === null ? resolutions : batched.skipped;
  for (const resolution of oneByOne) await resolvePledge(db, intentOf.get(resolution.id)!, how, nowMs);
  return intentIds.length;
}

/**
 * Resolves one confirmed pledge of a decided project, then writes it onto the intent. The
 * transfer id is fixed, so a rerun finds the transfer made (`exists`) instead of making another,
 * and the ledger refuses to resolve a hold the other way once it is resolved.
 */
export async function resolvePledge(db: D1Database, intentId: string, how: 'post' | 'void', nowMs: number) {
  const result = await createTransfer(
    db,
    how === 'post'
      ? { flags: 'post_pending', id: transferIds.post(intentId), pendingId: transferIds.hold(intentId) }
      : { flags: 'void_pending', id: transferIds.void(intentId), pendingId: transferIds.hold(intentId) },
    nowMs,
  );
  let to: 'settled' | 'released' = how === 'post' ? 'settled' : 'released';
  if (!result.ok) {
    // The hold is no longer there to collect: the ledger expired it (the job was down past the
    // grace), or it was voided (a cancel that raced the confirmation). Such a pledge was not
    // counted towards the goal either (`decideProject`), and nothing was collected. Any other
    // refusal would mean a pledge resolved twice: stop loudly.
    assert(
      result.code === 'pending_transfer_expired' ||
        (how === 'post' && result.code === 'pending_transfer_already_voided'),
      `resolvePledge: ${intentId} ${how}: ${result.code}`,
    );
    to = 'released';
  }
  await markPledgeResolved(db, intentId, to, nowMs).run();
}
