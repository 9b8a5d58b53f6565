import { assert } from '../../shared/assert';
import { PENDING_TIMEOUT_MAX_S } from '../../shared/contract/ledger';
import { POT_DURATION_MAX_DAYS, PROJECT_DURATION_MAX_DAYS } from '../../shared/contract/pots';

/** The fixed numbers of pots and projects. */

const DAY_MS = 24 * 60 * 60 * 1000;

/** The longest a pot may stay open. */
export const POT_DURATION_MAX_MS = POT_DURATION_MAX_DAYS * DAY_MS;

/**
 * How long after a project's deadline its pledges' holds still stand: the deadline job resolves
 * every pledge well within it (it runs every minute), so the ledger never expires one on its own.
 */
export const PLEDGE_RESOLUTION_GRACE_MS = 7 * DAY_MS;

/**
 * The longest a project may take pledges (PROJECT_DURATION_MAX_DAYS). A pledge's hold must last
 * until the deadline plus the grace, and the ledger holds money for at most PENDING_TIMEOUT_MAX_S.
 */
export const PROJECT_DURATION_MAX_MS = PROJECT_DURATION_MAX_DAYS * DAY_MS;
assert(
  PROJECT_DURATION_MAX_MS + PLEDGE_RESOLUTION_GRACE_MS <= PENDING_TIMEOUT_MAX_S * 1000,
  'a pledge held from a project’s first day to its deadline plus the grace fits in one pending transfer',
);

/** The ledger code of a pot's or funded project's payout to its organiser. */
export const POT_PAYOUT_TRANSFER_CODE = 'pot_payout';

/** Random bytes of a pot id: 128 bits, 22 base64url characters after `pot_`. */
export const POT_ID_RANDOM_BYTES = 16;

export const potTransferIds = {
  /** The one transfer pot account → organiser's wallet. */
  payout: (potId: string) => `pot:${potId}:payout`,
};

/**
 * How long a pledge's hold lasts: until its project's deadline plus the grace, counted from the
 * intent's creation so that every try of the same reservation asks the ledger for the same hold.
 */
export function pledgeHoldTimeoutS(intent: { created_at_ms: number; pot_deadline_at_ms?: number | null }): number {
  const deadlineAtMs = intent.pot_deadline_at_ms ?? null;
  assert(deadlineAtMs !== null, 'a pledge names its project deadline');
  const timeoutS = Math.ceil((deadlineAtMs + PLEDGE_RESOLUTION_GRACE_MS - intent.created_at_ms) / 1000);
  return Math.min(Math.max(timeoutS, 1), PENDING_TIMEOUT_MAX_S);
}

/**
 * Until when a backer may confirm a held pledge: the usual confirmation window, and never past
 * the deadline (the hold itself lasts longer, so an unconfirmed pledge is voided by the expiry job).
 */
export function pledgeConfirmByMs(
  heldAtMs: number,
  confirmTimeoutS: number,
  deadlineAtMs: number | null | undefined,
): number {
  assert(typeof deadlineAtMs === 'number', 'a pledge names its project deadline');
  return Math.min(heldAtMs + confirmTimeoutS * 1000, deadlineAtMs);
}
