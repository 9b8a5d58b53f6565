import type { CreditStatus } from '../../shared/contract/cards';

/**
 * The offer_credits table. Status changes are returned as unexecuted statements so the caller
 * sends them in one batch with the budget statement that goes with them; the table's trigger
 * aborts a change that was already made, and the whole batch with it.
 */

export interface CreditRow {
  id: string;
  enrolment_id: string;
  offer_id: string;
  user_id: string;
  purchase_id: string;
  amount_minor: number;
  minimum_spend_minor: number;
  currency: string;
  status: CreditStatus;
  pending_transfer_id: string;
  post_after_ms: number;
  created_at_ms: number;
  posted_at_ms: number | null;
  closed_at_ms: number | null;
  closed_reason: 'refunded' | 'fund_short' | null;
}

export type NewCreditRow = Omit<CreditRow, 'status' | 'posted_at_ms' | 'closed_at_ms' | 'closed_reason'>;

/** A plain INSERT: a second credit for the enrolment fails the UNIQUE index and aborts its batch. */
export function insertCredit(db: D1Database, row: NewCreditRow): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO offer_credits (id, enrolment_id, offer_id, user_id, purchase_id, amount_minor, minimum_spend_minor,
         currency, status, pending_transfer_id, post_after_ms, created_at_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)`,
    )
    .bind(
      row.id,
      row.enrolment_id,
      row.offer_id,
      row.user_id,
      row.purchase_id,
      row.amount_minor,
      row.minimum_spend_minor,
      row.currency,
      row.pending_transfer_id,
      row.post_after_ms,
      row.created_at_ms,
    );
}

export function markCreditPosted(db: D1Database, creditId: string, nowMs: number): D1PreparedStatement {
  return db.prepare(`UPDATE offer_credits SET status = 'posted', posted_at_ms = ? WHERE id = ?`).bind(nowMs, creditId);
}

export function markCreditVoided(
  db: D1Database,
  creditId: string,
  reason: 'refunded' | 'fund_short',
  nowMs: number,
): D1PreparedStatement {
  return db
    .prepare(`UPDATE offer_credits SET status = 'voided', closed_at_ms = ?, closed_reason = ? WHERE id = ?`)
    .bind(nowMs, reason, creditId);
}

export function markCreditReversed(db: D1Database, creditId: string, nowMs: number): D1PreparedStatement {
  return db
    .prepare(`UPDATE offer_credits SET status = 'reversed', closed_at_ms = ?, closed_reason = 'refunded' WHERE id = ?`)
    .bind(nowMs, creditId);
}

export async function findCredit(db: D1Database, creditId: string): Promise<CreditRow | null> {
  return db.prepare('SELECT * FROM offer_credits WHERE id = ?').bind(creditId).first<CreditRow>();
}

export async function findCreditOfEnrolment(db: D1Database, enrolmentId: string): Promise<CreditRow | null> {
  return db.prepare('SELECT * FROM offer_credits WHERE enrolment_id = ?').bind(enrolmentId).first<CreditRow>();
}

export async function creditsOfPurchase(db: D1Database, purchaseId: string): Promise<CreditRow[]> {
  const { results } = await db
    .prepare('SELECT * FROM offer_credits WHERE purchase_id = ? ORDER BY created_at_ms, id')
    .bind(purchaseId)
    .all<CreditRow>();
  return results;
}

/** Pending credits whose settlement delay has passed, oldest due first. */
export async function dueCredits(db: D1Database, nowMs: number, limit: number): Promise<CreditRow[]> {
  const { results } = await db
    .prepare(
      `SELECT * FROM offer_credits WHERE status = 'pending' AND post_after_ms <= ? ORDER BY post_after_ms, id LIMIT ?`,
    )
    .bind(nowMs, limit)
    .all<CreditRow>();
  return results;
}

export async function creditsOfUser(db: D1Database, userId: string, limit: number): Promise<CreditRow[]> {
  const { results } = await db
    .prepare('SELECT * FROM offer_credits WHERE user_id = ? ORDER BY created_at_ms DESC, id DESC LIMIT ?')
    .bind(userId, limit)
    .all<CreditRow>();
  return results;
}

export async function creditsOfEnrolments(db: D1Database, enrolmentIds: readonly string[]): Promise<CreditRow[]> {
  if (enrolmentIds.length === 0) return [];
  const placeholders = enrolmentIds.map(() => '?').join(', ');
  const { results } = await db
    .prepare(`SELECT * FROM offer_credits WHERE enrolment_id IN (${placeholders})`)
    .bind(...enrolmentIds)
    .all<CreditRow>();
  return results;
}

export interface CreditCountsRow {
  qualifying_purchases: number;
  pending: number;
  posted: number;
  voided: number;
  reversed: number;
}

/** The credit figures of an offer, counted by status. */
export async function creditCountsOfOffer(db: D1Database, offerId: string): Promise<CreditCountsRow> {
  const row = await db
    .prepare(
      `SELECT count(*) AS qualifying_purchases,
         ifnull(sum(status = 'pending'), 0) AS pending,
         ifnull(sum(status = 'posted'), 0) AS posted,
         ifnull(sum(status = 'voided'), 0) AS voided,
         ifnull(sum(status = 'reversed'), 0) AS reversed
       FROM offer_credits WHERE offer_id = ?`,
    )
    .bind(offerId)
    .first<CreditCountsRow>();
  return row ?? { qualifying_purchases: 0, pending: 0, posted: 0, voided: 0, reversed: 0 };
}
