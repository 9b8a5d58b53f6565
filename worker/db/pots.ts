import { assert } from '../../shared/assert';
import type { Pot, PotContribution, PotKind, PotState } from '../../shared/contract/pots';
import type { Currency } from '../../shared/money';
import { closeAccountToCredits } from './ledger-queries';
import { BOUND_PARAMETERS_PER_STATEMENT_MAX, type IntentRow, tweetUrl } from './payments';

/**
 * Every SQL statement of pots and crowdfunding projects (0008_donations_pots.sql), with the row →
 * contract mapper, and the guarded updates of the intents that pay into them. A pot's total is
 * never stored: it is summed from its intents when read, so it cannot drift from the payments.
 * Statements that must happen together are returned unexecuted for one batch; each carries its
 * own guard (a state or status in its WHERE), so a concurrent writer makes it change nothing.
 */

export interface PotRow {
  id: string;
  kind: PotKind;
  hashtag: string;
  hashtag_key: string;
  title: string;
  request_id: string;
  organiser_user_id: string;
  organiser_x_user_id: string;
  organiser_username: string;
  organiser_name: string;
  currency: Currency;
  goal_minor: number | null;
  deadline_at_ms: number | null;
  account_id: string;
  state: PotState;
  decided_total_minor: number | null;
  created_at_ms: number;
  closed_at_ms: number | null;
  decided_at_ms: number | null;
  paid_out_at_ms: number | null;
}

export interface PotWithTotalsRow extends PotRow {
  total_minor: number;
  contribution_count: number;
}

export type NewPotRow = Omit<
  PotRow,
  'state' | 'decided_total_minor' | 'closed_at_ms' | 'decided_at_ms' | 'paid_out_at_ms'
>;

/** The key hashtags are compared on, as X compares them: NFC, lower case. */
export function hashtagKeyOf(hashtag: string): string {
  return hashtag.normalize('NFC').toLowerCase();
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function potFromRow(row: PotWithTotalsRow): Pot {
  return {
    id: row.id,
    kind: row.kind,
    hashtag: row.hashtag,
    title: row.title,
    organiser: { xUserId: row.organiser_x_user_id, username: row.organiser_username, name: row.organiser_name },
    currency: row.currency,
    goalMinor: row.goal_minor,
    deadlineAt: iso(row.deadline_at_ms),
    state: row.state,
    totalMinor: row.total_minor,
    contributionCount: row.contribution_count,
    createdAt: iso(row.created_at_ms)!,
    closedAt: iso(row.closed_at_ms),
    paidOutAt: iso(row.paid_out_at_ms),
  };
}

/**
 * The intents that make a pot's total: a pot's settled contributions; an open, deciding or funded
 * project's confirmed pledges (held or collected); a failed project's pledges as they stood at the
 * deadline (then released). `i` is the intent, `p` the pot.
 */
const COUNTED_IN_TOTAL = `i.pot_id = p.id AND (
  (p.kind = 'pot' AND i.status = 'settled')
  OR (p.kind = 'project' AND p.state <> 'failed' AND i.status IN ('pledged', 'settled'))
  OR (p.kind = 'project' AND p.state = 'failed' AND i.status IN ('pledged', 'released')))`;

const POT_SELECT = `SELECT p.*,
  CASE WHEN p.state = 'failed' THEN p.decided_total_minor
       ELSE (SELECT coalesce(sum(i.amount_minor), 0) FROM payment_intents AS i WHERE ${COUNTED_IN_TOTAL}) END
    AS total_minor,
  (SELECT count(*) FROM payment_intents AS i WHERE ${COUNTED_IN_TOTAL}) AS contribution_count
  FROM pots AS p`;

const POT_COLUMNS = [
  'id',
  'kind',
  'hashtag',
  'hashtag_key',
  'title',
  'request_id',
  'organiser_user_id',
  'organiser_x_user_id',
  'organiser_username',
  'organiser_name',
  'currency',
  'goal_minor',
  'deadline_at_ms',
  'account_id',
  'created_at_ms',
] as const satisfies readonly (keyof NewPotRow)[];

/** A new open pot; the same (organiser, request id) again is silently not inserted. */
export function insertPot(db: D1Database, row: NewPotRow) {
  return db
    .prepare(
      `INSERT INTO pots (${POT_COLUMNS.join(', ')}, state)
       VALUES (${POT_COLUMNS.map((_, index) => `?${index + 1}`).join(', ')}, 'open')
       ON CONFLICT (organiser_user_id, request_id) DO NOTHING`,
    )
    .bind(...POT_COLUMNS.map((column) => row[column]));
}

/** True when an insert hit the one-open-pot-per-hashtag index. */
export function isHashtagTaken(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /UNIQUE constraint failed: (index 'pots_open_hashtag'|pots\.hashtag_key)/.test(message);
}

export async function findPot(db: D1Database, id: string): Promise<PotWithTotalsRow | null> {
  return db.prepare(`${POT_SELECT} WHERE p.id = ?`).bind(id).first<PotWithTotalsRow>();
}

export async function findPotByRequest(
  db: D1Database,
  organiserUserId: string,
  requestId: string,
): Promise<PotWithTotalsRow | null> {
  return db
    .prepare(`${POT_SELECT} WHERE p.organiser_user_id = ? AND p.request_id = ?`)
    .bind(organiserUserId, requestId)
    .first<PotWithTotalsRow>();
}

/** The open pot or project carrying this hashtag, else the latest one that carried it. */
export async function findPotByHashtag(db: D1Database, hashtag: string): Promise<PotWithTotalsRow | null> {
  return db
    .prepare(
      `${POT_SELECT} WHERE p.hashtag_key = ?
       ORDER BY p.state = 'open' DESC, p.created_at_ms DESC, p.id DESC LIMIT 1`,
    )
    .bind(hashtagKeyOf(hashtag))
    .first<PotWithTotalsRow>();
}

/** The open pots and projects among these hashtags (a tweet's own), without totals. */
export async function findOpenPotsByHashtags(db: D1Database, hashtags: readonly string[]): Promise<PotRow[]> {
  const keys = [...new Set(hashtags.map(hashtagKeyOf))].slice(0, BOUND_PARAMETERS_PER_STATEMENT_MAX);
  if (keys.length === 0) return [];
  const { results } = await db
    .prepare(
      `SELECT * FROM pots WHERE state = 'open' AND hashtag_key IN (${keys.map((_, index) => `?${index + 1}`).join(', ')})`,
    )
    .bind(...keys)
    .all<PotRow>();
  return results;
}

export type OpenPotListRow = Pick<PotRow, 'id' | 'kind' | 'hashtag'>;

/**
 * The open pots and projects, the first `limit` by hashtag key (unique among open pots, so the
 * order is total), read through the `pots_open_hashtag` index.
 */
export async function listOpenPots(db: D1Database, limit: number): Promise<OpenPotListRow[]> {
  assert(Number.isInteger(limit) && limit > 0, 'a positive whole limit');
  const { results } = await db
    .prepare(`SELECT id, kind, hashtag FROM pots WHERE state = 'open' ORDER BY hashtag_key LIMIT ?1`)
    .bind(limit)
    .all<OpenPotListRow>();
  return results;
}

/** A pot's ledger account and currency. */
export async function findPotAccountId(db: D1Database, potId: string): Promise<string | null> {
  const row = await db.prepare('SELECT account_id FROM pots WHERE id = ?').bind(potId).first<{ account_id: string }>();
  return row?.account_id ?? null;
}

/** True while a pot or project takes new money: open and before its deadline (if any). */
export async function potTakesMoney(db: D1Database, potId: string, nowMs: number): Promise<boolean> {
  const row = await db
    .prepare(
      `SELECT 1 AS yes FROM pots WHERE id = ?1 AND state = 'open' AND (deadline_at_ms IS NULL OR deadline_at_ms > ?2)`,
    )
    .bind(potId, nowMs)
    .first<{ yes: number }>();
  return row !== null;
}

// --- Closing a pot and paying it out ---------------------------------------------------------

/**
 * Stops a pot's contributions, as one batch: the pot moves open → closed and its ledger account
 * is closed to credits, so a contribution confirmed a moment after is refused by the ledger.
 * Idempotent: a closed pot stays as it was closed.
 */
export function closePotStatements(db: D1Database, pot: Pick<PotRow, 'id' | 'account_id'>, nowMs: number) {
  return [
    db
      .prepare(`UPDATE pots SET state = 'closed', closed_at_ms = ?2 WHERE id = ?1 AND kind = 'pot' AND state = 'open'`)
      .bind(pot.id, nowMs),
    closeAccountToCredits(db, pot.account_id),
  ];
}

/** Records the payout once (its transfer, with a fixed id, is the money). */
export function markPaidOut(db: D1Database, potId: string, nowMs: number) {
  return db
    .prepare(
      `UPDATE pots SET paid_out_at_ms = ?2
       WHERE id = ?1 AND paid_out_at_ms IS NULL AND state IN ('closed', 'funded')`,
    )
    .bind(potId, nowMs);
}

// --- Deadlines -------------------------------------------------------------------------------

/**
 * Pots and projects with work left as of `nowMs`: open or deciding past their deadline, closed
 * or funded but not paid out, decided with pledges not resolved yet, or ended with holds a stopped
 * run left pending. In random order, so that one whose work keeps failing cannot hold back the
 * others, however many there are.
 */
export async function selectPotsWithDeadlineWork(db: D1Database, nowMs: number, limit: number): Promise<PotRow[]> {
  const { results } = await db
    .prepare(
      `SELECT * FROM (
         SELECT * FROM pots WHERE state IN ('open', 'deciding') AND deadline_at_ms <= ?1
         UNION
         SELECT * FROM pots WHERE state IN ('closed', 'funded') AND paid_out_at_ms IS NULL
         UNION
         SELECT * FROM pots AS p WHERE p.state = 'failed'
           AND EXISTS (SELECT 1 FROM payment_intents AS i WHERE i.pot_id = p.id AND i.status = 'pledged')
         UNION
         SELECT * FROM pots AS p WHERE p.state IN ('closed', 'funded', 'failed')
           AND EXISTS (SELECT 1 FROM payment_intents AS i
                       JOIN ledger_pending_states AS s ON s.pending_id = 'pay:' || i.id || ':hold'
                       WHERE i.pot_id = p.id AND i.status IN ('cancelled', 'expired', 'failed') AND s.status = 'pending')
       ) ORDER BY random() LIMIT ?2`,
    )
    .bind(nowMs, limit)
    .all<PotRow>();
  return results;
}

/** A project at its deadline stops taking pledges: open → deciding. */
export function startDeciding(db: D1Database, potId: string, nowMs: number) {
  return db
    .prepare(
      `UPDATE pots SET state = 'deciding'
       WHERE id = ?1 AND kind = 'project' AND state = 'open' AND deadline_at_ms <= ?2`,
    )
    .bind(potId, nowMs);
}

/**
 * Decides a project once, in one statement: funded if its confirmed pledges reach the goal, else
 * failed, with the total they made. Nothing can be pledged or cancelled while deciding (those
 * updates require an open project); a pledge whose tweet went away may still be withdrawn until
 * this statement runs (`markPledgeWithdrawn`), never after, so the sum is final.
 */
export function decideProject(db: D1Database, potId: string, nowMs: number) {
  // Only money still held counts: a pledge whose hold the ledger voided or expired (a cancel
  // racing a confirmation, a job down past the grace) is released, never counted.
  const pledged = `(SELECT coalesce(sum(i.amount_minor), 0) FROM payment_intents AS i
    JOIN ledger_pending_states AS s ON s.pending_id = 'pay:' || i.id || ':hold'
    WHERE i.pot_id = ?1 AND i.purpose = 'pledge' AND i.status IN ('pledged', 'settled')
      AND (s.status = 'posted' OR (s.status = 'pending' AND (s.expires_at_ms IS NULL OR s.expires_at_ms > ?2))))`;
  return db
    .prepare(
      `UPDATE pots SET state = CASE WHEN ${pledged} >= goal_minor THEN 'funded' ELSE 'failed' END,
         decided_total_minor = ${pledged}, decided_at_ms = ?2
       WHERE id = ?1 AND kind = 'project' AND state = 'deciding'`,
    )
    .bind(potId, nowMs);
}

// --- Intents paying into pots -------------------------------------------------------------------

/** A backer's confirmation: the pledge stays held, if the project still takes pledges. */
export function markPledged(db: D1Database, intentId: string, nowMs: number) {
  return db
    .prepare(
      `UPDATE payment_intents SET status = 'pledged', pledged_at_ms = ?2
       WHERE id = ?1 AND purpose = 'pledge' AND status = 'awaiting_confirmation' AND confirm_by_ms > ?2
         AND EXISTS (SELECT 1 FROM pots WHERE pots.id = payment_intents.pot_id
                     AND state = 'open' AND deadline_at_ms > ?2)`,
    )
    .bind(intentId, nowMs);
}

/** A backer withdraws a confirmed pledge, only while the project is open and before its deadline. */
export function markPledgeCancelled(db: D1Database, intentId: string, nowMs: number) {
  return db
    .prepare(
      `UPDATE payment_intents SET status = 'cancelled', closed_at_ms = ?2
       WHERE id = ?1 AND purpose = 'pledge' AND status = 'pledged'
         AND EXISTS (SELECT 1 FROM pots WHERE pots.id = payment_intents.pot_id
                     AND state = 'open' AND deadline_at_ms > ?2)`,
    )
    .bind(intentId, nowMs);
}

/**
 * A confirmed pledge whose tweet was deleted, or edited so that it no longer states it: the
 * promise is withdrawn, while its project is not decided yet. Once decided (one statement,
 * `decideProject`), the project counts what it counted, and the pledge is resolved with it.
 */
export function markPledgeWithdrawn(
  db: D1Database,
  intentId: string,
  reason: 'tweet-edited' | 'tweet-deleted',
  nowMs: number,
) {
  return db
    .prepare(
      `UPDATE payment_intents SET status = 'failed', failure_reason = ?2, closed_at_ms = ?3
       WHERE id = ?1 AND purpose = 'pledge' AND status = 'pledged'
         AND EXISTS (SELECT 1 FROM pots WHERE pots.id = payment_intents.pot_id
                     AND state IN ('open', 'deciding'))`,
    )
    .bind(intentId, reason, nowMs);
}

/** A pledge not confirmed in time (its hold lasts until the deadline, so it is voided explicitly). */
export function markPledgeExpired(db: D1Database, intentId: string, nowMs: number) {
  return db
    .prepare(
      `UPDATE payment_intents SET status = 'expired', closed_at_ms = ?2
       WHERE id = ?1 AND purpose = 'pledge' AND status = 'awaiting_confirmation'`,
    )
    .bind(intentId, nowMs);
}

/** A contribution or pledge that came too late: the pot stopped taking money before it was confirmed. */
export function markPotClosedFailure(db: D1Database, intentId: string, nowMs: number) {
  return db
    .prepare(
      `UPDATE payment_intents SET status = 'failed', failure_reason = 'pot-closed', closed_at_ms = ?2
       WHERE id = ?1 AND pot_id IS NOT NULL AND status = 'awaiting_confirmation'`,
    )
    .bind(intentId, nowMs);
}

/** A confirmed pledge at its project's outcome: collected (settled) or released. */
export function markPledgeResolved(db: D1Database, intentId: string, to: 'settled' | 'released', nowMs: number) {
  const column = to === 'settled' ? 'settled_at_ms' : 'closed_at_ms';
  return db
    .prepare(`UPDATE payment_intents SET status = ?2, ${column} = ?3 WHERE id = ?1 AND status = 'pledged'`)
    .bind(intentId, to, nowMs);
}

export interface PledgeToResolveRow {
  id: string;
  amount_minor: number;
}

/**
 * Confirmed pledges of a decided project, in the index's order: every one is resolved, so the
 * order does not matter, and not sorting lets the read stop after `limit` rows.
 */
export async function selectPledged(db: D1Database, potId: string, limit: number): Promise<PledgeToResolveRow[]> {
  const { results } = await db
    .prepare(
      `SELECT id, amount_minor FROM payment_intents
       WHERE pot_id = ?1 AND status = 'pledged' LIMIT ?2`,
    )
    .bind(potId, limit)
    .all<PledgeToResolveRow>();
  return results;
}

/**
 * Confirmed pledges of a project whose tweet is recorded as deleted or as no longer stating them
 * (a run that wrote this and stopped before withdrawing the pledge): the deadline job withdraws
 * them before deciding, so a promise gone from X is never collected.
 */
export async function selectPledgesWithWithdrawnTweet(
  db: D1Database,
  potId: string,
  limit: number,
): Promise<{ id: string; latest_states_payment: 0 | 1; deleted_at_ms: number | null }[]> {
  const { results } = await db
    .prepare(
      `SELECT i.id, t.latest_states_payment, t.deleted_at_ms FROM payment_intents AS i
       JOIN payment_tweets AS t ON t.root_id = i.tweet_root_id AND t.intent_id = i.id
       WHERE i.pot_id = ?1 AND i.status = 'pledged'
         AND (t.deleted_at_ms IS NOT NULL OR t.latest_states_payment = 0)
       LIMIT ?2`,
    )
    .bind(potId, limit)
    .all<{ id: string; latest_states_payment: 0 | 1; deleted_at_ms: number | null }>();
  return results;
}

/**
 * Intents of a pot that still hold money they will never pay: not confirmed, cancelled, expired
 * or failed while their hold is pending in the ledger (a run stopped between the status and the
 * void). `awaiting_confirmation` ones are included only when asked (a project past its deadline).
 */
export async function selectStaleHolds(
  db: D1Database,
  potId: string,
  includeUnconfirmed: boolean,
  limit: number,
): Promise<Pick<IntentRow, 'id' | 'status'>[]> {
  const statuses = includeUnconfirmed
    ? `('awaiting_confirmation', 'cancelled', 'expired', 'failed')`
    : `('cancelled', 'expired', 'failed')`;
  const { results } = await db
    .prepare(
      `SELECT i.id, i.status FROM payment_intents AS i
       JOIN ledger_pending_states AS s ON s.pending_id = 'pay:' || i.id || ':hold'
       WHERE i.pot_id = ?1 AND i.status IN ${statuses} AND s.status = 'pending'
       ORDER BY i.created_at_ms, i.id LIMIT ?2`,
    )
    .bind(potId, limit)
    .all<Pick<IntentRow, 'id' | 'status'>>();
  return results;
}

// --- The organiser's list -------------------------------------------------------------------------

interface ContributionRow {
  id: string;
  payer_x_user_id: string;
  payer_username: string;
  payer_name: string;
  amount_minor: number;
  status: IntentRow['status'];
  memo: string | null;
  created_at_ms: number;
  tweet_id: string | null;
}

export function contributionFromRow(row: ContributionRow): PotContribution {
  return {
    intentId: row.id,
    contributor: { xUserId: row.payer_x_user_id, username: row.payer_username, name: row.payer_name },
    amountMinor: row.amount_minor,
    status: row.status,
    memo: row.memo,
    createdAt: new Date(row.created_at_ms).toISOString(),
    tweetUrl: row.tweet_id === null ? null : tweetUrl(row.payer_username, row.tweet_id),
  };
}

/** A pot's contributions or pledges whose tweet was posted, newest first, by cursor. */
export async function listPotContributions(
  db: D1Database,
  potId: string,
  page: { limit: number; before: { createdAtMs: number; id: string } | null },
): Promise<ContributionRow[]> {
  // '~' sorts after every id character, so the first page starts above every row.
  const before = page.before ?? { createdAtMs: Number.MAX_SAFE_INTEGER, id: '~' };
  const { results } = await db
    .prepare(
      `SELECT id, payer_x_user_id, payer_username, payer_name, amount_minor, status, memo, created_at_ms, tweet_id
       FROM payment_intents
       WHERE pot_id = ?1 AND tweet_root_id IS NOT NULL
         AND (created_at_ms < ?2 OR (created_at_ms = ?2 AND id < ?3))
       ORDER BY created_at_ms DESC, id DESC LIMIT ?4`,
    )
    .bind(potId, before.createdAtMs, before.id, page.limit)
    .all<ContributionRow>();
  return results;
}
