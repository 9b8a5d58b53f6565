/**
 * SQL of money in and out through the payment provider (0012_payments_provider.sql): top-ups,
 * withdrawals, payouts accounts, refunds and disputes, provider events and reconciliation runs.
 * The money itself moves in the ledger; these rows say what was asked and what the provider said.
 */

export interface ProviderAccountRow {
  user_id: string;
  provider_account_id: string;
  payouts_enabled: number;
  created_at_ms: number;
  updated_at_ms: number;
}

export interface TopUpRow {
  id: string;
  user_id: string;
  client_id: string;
  currency: string;
  amount_minor: number;
  checkout_session_id: string | null;
  checkout_url: string | null;
  payment_intent_id: string | null;
  status: 'open' | 'paid' | 'failed' | 'expired';
  created_at_ms: number;
  settled_at_ms: number | null;
  /** Sent back because it arrived above an unverified wallet's cap; decided once (null: not yet). */
  excess_minor: number | null;
}

export interface WithdrawalRow {
  id: string;
  user_id: string;
  client_id: string;
  currency: string;
  amount_minor: number;
  fee_minor: number;
  provider_account_id: string;
  provider_transfer_id: string | null;
  payout_id: string | null;
  status: 'reserved' | 'in_flight' | 'paid' | 'failed';
  arrival_at_ms: number | null;
  failure_message: string | null;
  created_at_ms: number;
  settled_at_ms: number | null;
}

export interface MoneyBackRow {
  id: string;
  kind: 'refund' | 'refund_failed' | 'dispute' | 'dispute_won';
  user_id: string;
  top_up_id: string;
  currency: string;
  amount_minor: number;
  created_at_ms: number;
}

export interface ReconciliationRow {
  ran_at_ms: number;
  currency: string;
  ledger_minor: number;
  provider_minor: number;
  difference_minor: number;
}

// Payouts accounts.

export function selectProviderAccount(db: D1Database, userId: string): Promise<ProviderAccountRow | null> {
  return db.prepare('SELECT * FROM provider_accounts WHERE user_id = ?').bind(userId).first<ProviderAccountRow>();
}

export function insertProviderAccountIfAbsent(
  db: D1Database,
  row: { user_id: string; provider_account_id: string; now_ms: number },
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO provider_accounts (user_id, provider_account_id, payouts_enabled, created_at_ms, updated_at_ms)
       VALUES (?, ?, 0, ?, ?) ON CONFLICT (user_id) DO NOTHING`,
    )
    .bind(row.user_id, row.provider_account_id, row.now_ms, row.now_ms);
}

export function updatePayoutsEnabled(db: D1Database, userId: string, enabled: boolean, nowMs: number) {
  return db
    .prepare('UPDATE provider_accounts SET payouts_enabled = ?, updated_at_ms = ? WHERE user_id = ?')
    .bind(enabled ? 1 : 0, nowMs, userId);
}

// Top-ups.

export function insertTopUpIfAbsent(
  db: D1Database,
  row: Pick<TopUpRow, 'id' | 'user_id' | 'client_id' | 'currency' | 'amount_minor' | 'created_at_ms'>,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO top_ups (id, user_id, client_id, currency, amount_minor, status, created_at_ms)
       VALUES (?, ?, ?, ?, ?, 'open', ?) ON CONFLICT (user_id, client_id) DO NOTHING`,
    )
    .bind(row.id, row.user_id, row.client_id, row.currency, row.amount_minor, row.created_at_ms);
}

/**
 * Inserts an unverified user's top-up only if what the wallet holds (posted and incoming), plus
 * the top-ups still open (checkouts created after `openSinceMs`, neither paid nor closed), plus
 * this one stays within `capMinor`. One statement, so two requests at once cannot both pass the
 * cap: D1 runs them one after the other. Answers whether the row was inserted.
 */
export async function insertTopUpWithinCap(
  db: D1Database,
  row: Pick<TopUpRow, 'id' | 'user_id' | 'client_id' | 'currency' | 'amount_minor' | 'created_at_ms'>,
  limits: { capMinor: number; openSinceMs: number },
): Promise<boolean> {
  const result = await db
    .prepare(
      `INSERT INTO top_ups (id, user_id, client_id, currency, amount_minor, status, created_at_ms)
       SELECT ?1, ?2, ?3, ?4, ?5, 'open', ?6
       WHERE coalesce((SELECT credits_posted_minor - debits_posted_minor + credits_pending_minor FROM ledger_accounts
                       WHERE kind = 'wallet' AND owner = ?2 AND currency = ?4), 0)
           + (SELECT coalesce(sum(amount_minor), 0) FROM top_ups
              WHERE user_id = ?2 AND currency = ?4 AND status = 'open' AND created_at_ms > ?7)
           + ?5 <= ?8
       ON CONFLICT (user_id, client_id) DO NOTHING`,
    )
    .bind(
      row.id,
      row.user_id,
      row.client_id,
      row.currency,
      row.amount_minor,
      row.created_at_ms,
      limits.openSinceMs,
      limits.capMinor,
    )
    .run();
  return result.meta.changes > 0;
}

/** Records once how much of a paid top-up goes back for the cap; answers the amount decided. */
export async function decideTopUpExcess(db: D1Database, id: string, excessMinor: number): Promise<number> {
  await db
    .prepare('UPDATE top_ups SET excess_minor = ? WHERE id = ? AND excess_minor IS NULL')
    .bind(excessMinor, id)
    .run();
  const row = await db
    .prepare('SELECT excess_minor FROM top_ups WHERE id = ?')
    .bind(id)
    .first<{ excess_minor: number | null }>();
  if (row?.excess_minor === null || row?.excess_minor === undefined) throw new Error(`top-up ${id} has no excess`);
  return row.excess_minor;
}

export function selectTopUpByClientId(db: D1Database, userId: string, clientId: string): Promise<TopUpRow | null> {
  return db
    .prepare('SELECT * FROM top_ups WHERE user_id = ? AND client_id = ?')
    .bind(userId, clientId)
    .first<TopUpRow>();
}

export function selectTopUp(db: D1Database, id: string): Promise<TopUpRow | null> {
  return db.prepare('SELECT * FROM top_ups WHERE id = ?').bind(id).first<TopUpRow>();
}

export function selectTopUpByCheckout(db: D1Database, checkoutId: string): Promise<TopUpRow | null> {
  return db.prepare('SELECT * FROM top_ups WHERE checkout_session_id = ?').bind(checkoutId).first<TopUpRow>();
}

export function selectTopUpByPayment(db: D1Database, paymentId: string): Promise<TopUpRow | null> {
  return db.prepare('SELECT * FROM top_ups WHERE payment_intent_id = ?').bind(paymentId).first<TopUpRow>();
}

/** Records the provider's checkout once; a retry that created the same session writes the same values. */
export function setTopUpCheckout(db: D1Database, id: string, checkoutId: string, url: string) {
  return db
    .prepare(
      `UPDATE top_ups SET checkout_session_id = ?, checkout_url = ?
       WHERE id = ? AND (checkout_session_id IS NULL OR checkout_session_id = ?)`,
    )
    .bind(checkoutId, url, id, checkoutId);
}

/** Paid, whatever came before but a failure: the provider's word that the money arrived wins. */
export function markTopUpPaid(db: D1Database, id: string, checkoutId: string, paymentId: string | null, nowMs: number) {
  return db
    .prepare(
      `UPDATE top_ups SET status = 'paid', checkout_session_id = coalesce(checkout_session_id, ?),
         payment_intent_id = coalesce(payment_intent_id, ?), settled_at_ms = coalesce(settled_at_ms, ?)
       WHERE id = ? AND status IN ('open', 'paid')`,
    )
    .bind(checkoutId, paymentId, nowMs, id);
}

export function markTopUpClosed(db: D1Database, id: string, status: 'failed' | 'expired', nowMs: number) {
  return db
    .prepare(`UPDATE top_ups SET status = ?, settled_at_ms = ? WHERE id = ? AND status = 'open'`)
    .bind(status, nowMs, id);
}

// Withdrawals.

export function insertWithdrawalIfAbsent(
  db: D1Database,
  row: Pick<
    WithdrawalRow,
    'id' | 'user_id' | 'client_id' | 'currency' | 'amount_minor' | 'fee_minor' | 'provider_account_id' | 'created_at_ms'
  >,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO withdrawals (id, user_id, client_id, currency, amount_minor, fee_minor, provider_account_id, status, created_at_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'reserved', ?) ON CONFLICT (user_id, client_id) DO NOTHING`,
    )
    .bind(
      row.id,
      row.user_id,
      row.client_id,
      row.currency,
      row.amount_minor,
      row.fee_minor,
      row.provider_account_id,
      row.created_at_ms,
    );
}

export function selectWithdrawalByClientId(db: D1Database, userId: string, clientId: string) {
  return db
    .prepare('SELECT * FROM withdrawals WHERE user_id = ? AND client_id = ?')
    .bind(userId, clientId)
    .first<WithdrawalRow>();
}

export function selectWithdrawal(db: D1Database, id: string): Promise<WithdrawalRow | null> {
  return db.prepare('SELECT * FROM withdrawals WHERE id = ?').bind(id).first<WithdrawalRow>();
}

export function selectWithdrawalByPayout(db: D1Database, payoutId: string): Promise<WithdrawalRow | null> {
  return db.prepare('SELECT * FROM withdrawals WHERE payout_id = ?').bind(payoutId).first<WithdrawalRow>();
}

/**
 * Withdrawals still reserved (held in the ledger, or about to be) that no provider payout answered
 * by `createdBeforeMs`: the provider call failed on the network. Oldest first.
 */
export async function selectStalledWithdrawals(db: D1Database, createdBeforeMs: number, limit: number) {
  const { results } = await db
    .prepare(
      `SELECT * FROM withdrawals WHERE status = 'reserved' AND payout_id IS NULL AND created_at_ms <= ?
       ORDER BY created_at_ms, id LIMIT ?`,
    )
    .bind(createdBeforeMs, limit)
    .all<WithdrawalRow>();
  return results;
}

export function markWithdrawalInFlight(
  db: D1Database,
  id: string,
  sent: { transferId: string; payoutId: string; arrivalAtMs: number | null },
) {
  return db
    .prepare(
      `UPDATE withdrawals SET status = 'in_flight', provider_transfer_id = ?, payout_id = ?, arrival_at_ms = ?
       WHERE id = ? AND status = 'reserved'`,
    )
    .bind(sent.transferId, sent.payoutId, sent.arrivalAtMs, id);
}

export function markWithdrawalSettled(
  db: D1Database,
  id: string,
  outcome: { status: 'paid' | 'failed'; failureMessage: string | null; nowMs: number },
) {
  return db
    .prepare(
      `UPDATE withdrawals SET status = ?, failure_message = ?, settled_at_ms = ?
       WHERE id = ? AND status IN ('reserved', 'in_flight')`,
    )
    .bind(outcome.status, outcome.failureMessage, outcome.nowMs, id);
}

// Refunds and disputes.

export function insertMoneyBackIfAbsent(db: D1Database, row: MoneyBackRow): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO money_backs (id, kind, user_id, top_up_id, currency, amount_minor, created_at_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    )
    .bind(row.id, row.kind, row.user_id, row.top_up_id, row.currency, row.amount_minor, row.created_at_ms);
}

// History.

export async function listFundsOfUser(db: D1Database, userId: string, rowsMax: number) {
  const [topUps, withdrawals, moneyBacks] = await db.batch([
    db.prepare('SELECT * FROM top_ups WHERE user_id = ? ORDER BY created_at_ms DESC, id LIMIT ?').bind(userId, rowsMax),
    db
      .prepare('SELECT * FROM withdrawals WHERE user_id = ? ORDER BY created_at_ms DESC, id LIMIT ?')
      .bind(userId, rowsMax),
    db
      .prepare('SELECT * FROM money_backs WHERE user_id = ? ORDER BY created_at_ms DESC, id LIMIT ?')
      .bind(userId, rowsMax),
  ]);
  return {
    topUps: (topUps?.results ?? []) as unknown as TopUpRow[],
    withdrawals: (withdrawals?.results ?? []) as unknown as WithdrawalRow[],
    moneyBacks: (moneyBacks?.results ?? []) as unknown as MoneyBackRow[],
  };
}

/** What the user owes per currency: their debt accounts' debits not yet repaid. */
export async function selectDebtsOfUser(db: D1Database, userId: string) {
  const { results } = await db
    .prepare(
      `SELECT currency, debits_posted_minor - credits_posted_minor AS owed_minor FROM ledger_accounts
       WHERE kind = 'debt' AND owner = ? AND debits_posted_minor > credits_posted_minor ORDER BY currency`,
    )
    .bind(userId)
    .all<{ currency: string; owed_minor: number }>();
  return results;
}

// Provider events.

/** Records a verified event; answers whether it was applied before (a redelivery). */
export async function recordProviderEvent(db: D1Database, eventId: string, type: string, nowMs: number) {
  await db
    .prepare(
      'INSERT INTO provider_events (event_id, type, received_at_ms) VALUES (?, ?, ?) ON CONFLICT (event_id) DO NOTHING',
    )
    .bind(eventId, type, nowMs)
    .run();
  const row = await db
    .prepare('SELECT applied_at_ms FROM provider_events WHERE event_id = ?')
    .bind(eventId)
    .first<{ applied_at_ms: number | null }>();
  return { appliedBefore: row?.applied_at_ms !== null && row?.applied_at_ms !== undefined };
}

export function markProviderEventApplied(db: D1Database, eventId: string, nowMs: number) {
  return db
    .prepare('UPDATE provider_events SET applied_at_ms = ? WHERE event_id = ? AND applied_at_ms IS NULL')
    .bind(nowMs, eventId)
    .run();
}

// Reconciliation.

/** Per currency, the ledger's provider accounts: the clearing account and payouts in flight. */
export async function selectProviderLedgerAccounts(db: D1Database) {
  const { results } = await db
    .prepare(
      `SELECT currency, kind, debits_posted_minor, credits_posted_minor, debits_pending_minor, credits_pending_minor
       FROM ledger_accounts WHERE kind IN ('provider_clearing', 'payouts_in_flight') AND owner IS NULL`,
    )
    .all<{
      currency: string;
      kind: 'provider_clearing' | 'payouts_in_flight';
      debits_posted_minor: number;
      credits_posted_minor: number;
      debits_pending_minor: number;
      credits_pending_minor: number;
    }>();
  return results;
}

export function insertReconciliationRows(db: D1Database, rows: ReconciliationRow[]): D1PreparedStatement[] {
  return rows.map((row) =>
    db
      .prepare(
        `INSERT INTO reconciliation_runs (ran_at_ms, currency, ledger_minor, provider_minor, difference_minor)
         VALUES (?, ?, ?, ?, ?)`,
      )
      .bind(row.ran_at_ms, row.currency, row.ledger_minor, row.provider_minor, row.difference_minor),
  );
}

/** The lines of the latest reconciliation run, or none if it never ran. */
export async function selectLatestReconciliation(db: D1Database): Promise<ReconciliationRow[]> {
  const { results } = await db
    .prepare(
      `SELECT ran_at_ms, currency, ledger_minor, provider_minor, difference_minor FROM reconciliation_runs
       WHERE ran_at_ms = (SELECT max(ran_at_ms) FROM reconciliation_runs) ORDER BY currency`,
    )
    .all<ReconciliationRow>();
  return results;
}
