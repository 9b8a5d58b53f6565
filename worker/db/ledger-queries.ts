import type { AccountKind, PendingStatus, TransferFlags } from '../../shared/contract/ledger';

/**
 * Every SQL statement of the ledger, with the row → domain mappers. Statements that change
 * money are returned unexecuted so the caller sends them together in one `batch()`: D1 runs a
 * batch as one transaction, and the constraints in 0001_ledger.sql abort it whole.
 */

export interface AccountRow {
  id: string;
  kind: AccountKind;
  owner: string | null;
  currency: string;
  debits_must_not_exceed_credits: number;
  credits_must_not_exceed_debits: number;
  debits_pending_minor: number;
  debits_posted_minor: number;
  credits_pending_minor: number;
  credits_posted_minor: number;
  created_at_ms: number;
}

export interface TransferRow {
  seq: number;
  id: string;
  debit_account_id: string;
  credit_account_id: string;
  amount_minor: number;
  currency: string;
  code: string;
  reference: string | null;
  flags: TransferFlags;
  pending_id: string | null;
  timeout_s: number;
  created_at_ms: number;
  expires_at_ms: number | null;
}

/** A transfer about to be written: everything but the sequence number the database assigns. */
export type NewTransferRow = Omit<TransferRow, 'seq'>;

export interface PendingWithStateRow extends TransferRow {
  status: PendingStatus;
}

export interface CurrencyTotalsRow {
  currency: string;
  posted_sum_minor: number;
  debits_pending_sum_minor: number;
  credits_pending_sum_minor: number;
}

const TRANSFER_COLUMN_NAMES = [
  'seq',
  'id',
  'debit_account_id',
  'credit_account_id',
  'amount_minor',
  'currency',
  'code',
  'reference',
  'flags',
  'pending_id',
  'timeout_s',
  'created_at_ms',
  'expires_at_ms',
] as const;
const TRANSFER_COLUMNS = TRANSFER_COLUMN_NAMES.join(', ');
const TRANSFER_COLUMNS_OF_T = TRANSFER_COLUMN_NAMES.map((name) => `t.${name}`).join(', ');

export function insertAccountIfAbsent(
  db: D1Database,
  account: Omit<
    AccountRow,
    'debits_pending_minor' | 'debits_posted_minor' | 'credits_pending_minor' | 'credits_posted_minor'
  >,
): D1PreparedStatement {
  // ON CONFLICT DO NOTHING (unlike INSERT OR IGNORE) swallows only uniqueness conflicts: a CHECK
  // failure still raises.
  return db
    .prepare(
      `INSERT INTO ledger_accounts (id, kind, owner, currency, debits_must_not_exceed_credits, credits_must_not_exceed_debits, created_at_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    )
    .bind(
      account.id,
      account.kind,
      account.owner,
      account.currency,
      account.debits_must_not_exceed_credits,
      account.credits_must_not_exceed_debits,
      account.created_at_ms,
    );
}

export function selectAccountByKey(
  db: D1Database,
  kind: AccountKind,
  owner: string | null,
  currency: string,
): D1PreparedStatement {
  return db
    .prepare(`SELECT * FROM ledger_accounts WHERE kind = ? AND ifnull(owner, '') = ? AND currency = ?`)
    .bind(kind, owner ?? '', currency);
}

/** The accounts of several keys at once (a key without an account has no row). */
export function selectAccountsByKeys(
  db: D1Database,
  keys: ReadonlyArray<{ kind: AccountKind; owner: string | null; currency: string }>,
): D1PreparedStatement {
  return db
    .prepare(
      `SELECT a.* FROM json_each(?1) AS k
       JOIN ledger_accounts AS a ON a.kind = json_extract(k.value, '$[0]')
         AND ifnull(a.owner, '') = json_extract(k.value, '$[1]') AND a.currency = json_extract(k.value, '$[2]')`,
    )
    .bind(JSON.stringify(keys.map((key) => [key.kind, key.owner ?? '', key.currency])));
}

export function selectAccount(db: D1Database, id: string): D1PreparedStatement {
  return db.prepare('SELECT * FROM ledger_accounts WHERE id = ?').bind(id);
}

export function selectTransfer(db: D1Database, id: string): D1PreparedStatement {
  return db.prepare(`SELECT ${TRANSFER_COLUMNS} FROM ledger_transfers WHERE id = ?`).bind(id);
}

/** A pending transfer with its current state (status NULL when the id is not a pending transfer). */
export function selectTransferWithPendingState(db: D1Database, id: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT t.*, s.status AS status FROM ledger_transfers AS t
       LEFT JOIN ledger_pending_states AS s ON s.pending_id = t.id WHERE t.id = ?`,
    )
    .bind(id);
}

/** Newest first; `beforeSeq` pages backwards. */
export function selectTransfersOfAccount(
  db: D1Database,
  accountId: string,
  limit: number,
  beforeSeq: number,
): D1PreparedStatement {
  // Two index range scans (one per side) merged, rather than an OR that defeats both indexes.
  return db
    .prepare(
      `SELECT ${TRANSFER_COLUMNS} FROM (
         SELECT * FROM ledger_transfers WHERE debit_account_id = ?1 AND seq < ?2
         UNION ALL
         SELECT * FROM ledger_transfers WHERE credit_account_id = ?1 AND seq < ?2
       ) ORDER BY seq DESC LIMIT ?3`,
    )
    .bind(accountId, beforeSeq, limit);
}

export function selectExpiredPending(db: D1Database, nowMs: number, limit: number): D1PreparedStatement {
  return db
    .prepare(
      `SELECT ${TRANSFER_COLUMNS_OF_T} FROM ledger_pending_states AS s
       JOIN ledger_transfers AS t ON t.id = s.pending_id
       WHERE s.status = 'pending' AND s.expires_at_ms IS NOT NULL AND s.expires_at_ms <= ?
       ORDER BY s.expires_at_ms LIMIT ?`,
    )
    .bind(nowMs, limit);
}

export function selectCurrencyTotals(db: D1Database): D1PreparedStatement {
  return db.prepare(
    `SELECT currency,
       sum(credits_posted_minor) - sum(debits_posted_minor) AS posted_sum_minor,
       sum(debits_pending_minor) AS debits_pending_sum_minor,
       sum(credits_pending_minor) AS credits_pending_sum_minor
     FROM ledger_accounts GROUP BY currency ORDER BY currency`,
  );
}

export function insertTransfer(db: D1Database, row: NewTransferRow): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO ledger_transfers (id, debit_account_id, credit_account_id, amount_minor, currency, code, reference, flags, pending_id, timeout_s, created_at_ms, expires_at_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq`,
    )
    .bind(
      row.id,
      row.debit_account_id,
      row.credit_account_id,
      row.amount_minor,
      row.currency,
      row.code,
      row.reference,
      row.flags,
      row.pending_id,
      row.timeout_s,
      row.created_at_ms,
      row.expires_at_ms,
    );
}

/**
 * Moves one side of an account. Each delta may be negative (a released reservation); the
 * table's CHECKs reject any result below zero or into the red of a never-negative account.
 */
export function updateDebits(
  db: D1Database,
  accountId: string,
  pendingDeltaMinor: number,
  postedDeltaMinor: number,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE ledger_accounts SET debits_pending_minor = debits_pending_minor + ?,
         debits_posted_minor = debits_posted_minor + ? WHERE id = ?`,
    )
    .bind(pendingDeltaMinor, postedDeltaMinor, accountId);
}

export function updateCredits(
  db: D1Database,
  accountId: string,
  pendingDeltaMinor: number,
  postedDeltaMinor: number,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE ledger_accounts SET credits_pending_minor = credits_pending_minor + ?,
         credits_posted_minor = credits_posted_minor + ? WHERE id = ?`,
    )
    .bind(pendingDeltaMinor, postedDeltaMinor, accountId);
}

/** Unconditional on purpose: the state's trigger aborts the batch if it is already resolved. */
export function resolvePendingState(
  db: D1Database,
  pendingId: string,
  status: 'posted' | 'voided',
  resolvedByTransferId: string,
  nowMs: number,
): D1PreparedStatement {
  return db
    .prepare(
      'UPDATE ledger_pending_states SET status = ?, resolved_by_transfer_id = ?, resolved_at_ms = ? WHERE pending_id = ?',
    )
    .bind(status, resolvedByTransferId, nowMs, pendingId);
}

export function expirePendingState(db: D1Database, pendingId: string, nowMs: number): D1PreparedStatement {
  return db
    .prepare(`UPDATE ledger_pending_states SET status = 'expired', resolved_at_ms = ? WHERE pending_id = ?`)
    .bind(nowMs, pendingId);
}

/**
 * Closes an account to credits, for good (0008_donations_pots.sql): a trigger then refuses every
 * new transfer into it, while debits (a payout) and voids of its pending credits still go through.
 * Idempotent: closing a closed account changes nothing.
 */
export function closeAccountToCredits(db: D1Database, accountId: string): D1PreparedStatement {
  return db.prepare('UPDATE ledger_accounts SET closed_to_credits = 1 WHERE id = ?').bind(accountId);
}

/** Pending transfers with their current state, by id (at most 100 ids: D1's bound parameters). */
export function selectTransfersWithPendingState(db: D1Database, ids: readonly string[]): D1PreparedStatement {
  return db
    .prepare(
      `SELECT t.*, s.status AS status FROM ledger_transfers AS t
       JOIN ledger_pending_states AS s ON s.pending_id = t.id
       WHERE t.id IN (${ids.map((_, index) => `?${index + 1}`).join(', ')})`,
    )
    .bind(...ids);
}
