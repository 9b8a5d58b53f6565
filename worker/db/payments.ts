import {
  type PaymentFailureReason,
  type PaymentIntent,
  type PaymentIntentStatus,
  type PaymentPurpose,
  RECEIPT_ID_PATTERN,
} from '../../shared/contract/payments';
import type { Language } from '../../shared/language';
import type { Currency } from '../../shared/money';
import { amountTextOfDraft } from '../../shared/tweet-parse';
import type { DailyLimitGroup } from '../organisations/limits';

/**
 * Every SQL statement of payment intents and matched tweets (0003_payments.sql), with the row →
 * contract mapper. Statements that must happen together are returned unexecuted for one batch;
 * each carries its own guard (a status in its WHERE, a UNIQUE key), so a concurrent writer makes
 * it change nothing instead of something wrong.
 */

export interface IntentRow {
  id: string;
  code: string;
  source: 'drafted' | 'command';
  request_id: string | null;
  payer_user_id: string;
  payer_x_user_id: string;
  payer_username: string;
  payer_name: string;
  payee_x_user_id: string;
  payee_username: string;
  payee_name: string;
  payee_handle_requested: string;
  amount_minor: number;
  currency: Currency;
  memo: string | null;
  language: Language;
  tweet_text: string;
  in_reply_to_tweet_id: string | null;
  status: PaymentIntentStatus;
  failure_reason: PaymentFailureReason | null;
  tweet_root_id: string | null;
  tweet_id: string | null;
  tweet_final_text: string | null;
  payee_account_kind: 'wallet' | 'escrow' | 'pot' | null;
  escrow_outcome: 'claim' | 'refund' | null;
  created_at_ms: number;
  expires_at_ms: number;
  matched_at_ms: number | null;
  confirm_by_ms: number | null;
  escrowed_at_ms: number | null;
  settled_at_ms: number | null;
  closed_at_ms: number | null;
  receipt_reply_tweet_id: string | null;
  purpose: PaymentPurpose;
  pot_id: string | null;
  public_mention: 0 | 1;
  pledged_at_ms: number | null;
  /** Commands: the words of the tweet the amount was read from (drafted intents read their text). */
  amount_text?: string | null;
  /** From the pot the intent goes to (LEFT JOIN), for contributions and pledges. */
  pot_kind?: 'pot' | 'project' | null;
  pot_hashtag?: string | null;
  pot_title?: string | null;
  pot_deadline_at_ms?: number | null;
}

export type NewIntentRow = Omit<
  IntentRow,
  | 'status'
  | 'failure_reason'
  | 'tweet_root_id'
  | 'tweet_id'
  | 'tweet_final_text'
  | 'payee_account_kind'
  | 'escrow_outcome'
  | 'matched_at_ms'
  | 'confirm_by_ms'
  | 'escrowed_at_ms'
  | 'settled_at_ms'
  | 'closed_at_ms'
  | 'receipt_reply_tweet_id'
  | 'pledged_at_ms'
  | 'amount_text'
  | 'pot_kind'
  | 'pot_hashtag'
  | 'pot_title'
  | 'pot_deadline_at_ms'
>;

/** Placeholders D1 binds per statement at most; IN lists are cut to this. */
export const BOUND_PARAMETERS_PER_STATEMENT_MAX = 100;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The receipt of a settled intent shares its random part: `pi_X` ↔ `rcp_X`. */
export function receiptIdOf(intentId: string): string {
  return `rcp_${intentId.slice('pi_'.length)}`;
}

export function intentIdOfReceipt(receiptId: string): string | null {
  return RECEIPT_ID_PATTERN.test(receiptId) ? `pi_${receiptId.slice('rcp_'.length)}` : null;
}

export function tweetUrl(username: string, tweetId: string): string {
  return `https://x.com/${username}/status/${tweetId}`;
}

/** The words the amount was read from: stored for commands, read from the (posted or drafted) text otherwise. */
function amountTextOf(row: IntentRow): string | null {
  if (row.source === 'command') return row.amount_text ?? null;
  return amountTextOfDraft(row.tweet_final_text ?? row.tweet_text);
}

export function intentFromRow(row: IntentRow): PaymentIntent {
  const tweet =
    row.tweet_root_id !== null && row.tweet_id !== null && row.tweet_final_text !== null
      ? {
          rootId: row.tweet_root_id,
          id: row.tweet_id,
          text: row.tweet_final_text,
          url: tweetUrl(row.payer_username, row.tweet_id),
        }
      : null;
  return {
    id: row.id,
    code: row.code,
    status: row.status,
    source: row.source,
    purpose: row.purpose,
    payer: { xUserId: row.payer_x_user_id, username: row.payer_username, name: row.payer_name },
    payee: { xUserId: row.payee_x_user_id, username: row.payee_username, name: row.payee_name },
    pot:
      row.pot_id !== null && row.pot_kind && row.pot_hashtag && row.pot_title
        ? {
            id: row.pot_id,
            kind: row.pot_kind,
            hashtag: row.pot_hashtag,
            title: row.pot_title,
            deadlineAt: iso(row.pot_deadline_at_ms ?? null),
          }
        : null,
    publicMention: row.public_mention === 1,
    amountMinor: row.amount_minor,
    currency: row.currency,
    memo: row.memo,
    amountText: amountTextOf(row),
    language: row.language,
    tweetText: row.tweet_text,
    inReplyToTweetId: row.in_reply_to_tweet_id,
    tweet,
    failureReason: row.failure_reason,
    createdAt: iso(row.created_at_ms)!,
    expiresAt: iso(row.expires_at_ms)!,
    confirmBy: row.status === 'awaiting_confirmation' ? iso(row.confirm_by_ms) : null,
    pledgedAt: row.purpose === 'pledge' ? iso(row.pledged_at_ms) : null,
    settledAt: row.status === 'settled' ? iso(row.settled_at_ms) : null,
    receiptId: row.status === 'settled' ? receiptIdOf(row.id) : null,
    matchedAt: iso(row.matched_at_ms),
    escrowedAt: iso(row.escrowed_at_ms),
    closedAt: iso(row.closed_at_ms),
  };
}

// --- Intents -----------------------------------------------------------------------------------

const INTENT_COLUMNS = [
  'id',
  'code',
  'source',
  'request_id',
  'payer_user_id',
  'payer_x_user_id',
  'payer_username',
  'payer_name',
  'payee_x_user_id',
  'payee_username',
  'payee_name',
  'payee_handle_requested',
  'amount_minor',
  'currency',
  'memo',
  'language',
  'tweet_text',
  'in_reply_to_tweet_id',
  'created_at_ms',
  'expires_at_ms',
  'purpose',
  'pot_id',
  'public_mention',
] as const satisfies readonly (keyof NewIntentRow)[];

function intentValues(row: NewIntentRow): unknown[] {
  return INTENT_COLUMNS.map((column) => row[column]);
}

const PLACEHOLDERS = INTENT_COLUMNS.map((_, index) => `?${index + 1}`).join(', ');

/** A drafted intent; a second one with the same (payer, request id) is silently not inserted. */
export function insertDraftedIntent(db: D1Database, row: NewIntentRow) {
  return db
    .prepare(
      `INSERT INTO payment_intents (${INTENT_COLUMNS.join(', ')}, status)
       VALUES (${PLACEHOLDERS}, 'awaiting_tweet')
       ON CONFLICT (payer_user_id, request_id) DO NOTHING`,
    )
    .bind(...intentValues(row));
}

/** An intent made by a hand-typed tweet: created already tied to that tweet's root. */
export function insertCommandIntent(
  db: D1Database,
  row: NewIntentRow,
  match: {
    rootId: string;
    tweetId: string;
    text: string;
    payeeAccountKind: 'wallet' | 'escrow' | 'pot';
    /** The words of `text` the amount was read from. */
    amountText: string;
  },
) {
  const n = INTENT_COLUMNS.length;
  return db
    .prepare(
      `INSERT INTO payment_intents (${INTENT_COLUMNS.join(', ')}, status, tweet_root_id, tweet_id, tweet_final_text,
         payee_account_kind, amount_text)
       VALUES (${PLACEHOLDERS}, 'awaiting_tweet', ?${n + 1}, ?${n + 2}, ?${n + 3}, ?${n + 4}, ?${n + 5})`,
    )
    .bind(...intentValues(row), match.rootId, match.tweetId, match.text, match.payeeAccountKind, match.amountText);
}

/**
 * Intents with the pot they go to (if any): every read of intents goes through this, so each row
 * can be answered in full. Columns of `payment_intents` are named `i.…` in the WHERE clauses,
 * since pots share some of their names.
 */
const INTENT_SELECT = `SELECT i.*, p.kind AS pot_kind, p.hashtag AS pot_hashtag, p.title AS pot_title,
  p.deadline_at_ms AS pot_deadline_at_ms FROM payment_intents AS i LEFT JOIN pots AS p ON p.id = i.pot_id`;

export function selectIntent(db: D1Database, id: string) {
  return db.prepare(`${INTENT_SELECT} WHERE i.id = ?`).bind(id);
}

export async function findIntent(db: D1Database, id: string): Promise<IntentRow | null> {
  return selectIntent(db, id).first<IntentRow>();
}

export async function findIntentByRequest(
  db: D1Database,
  payerUserId: string,
  requestId: string,
): Promise<IntentRow | null> {
  return db
    .prepare(`${INTENT_SELECT} WHERE i.payer_user_id = ? AND i.request_id = ?`)
    .bind(payerUserId, requestId)
    .first<IntentRow>();
}

export async function findIntentByCode(db: D1Database, code: string): Promise<IntentRow | null> {
  return db.prepare(`${INTENT_SELECT} WHERE i.code = ?`).bind(code).first<IntentRow>();
}

/** The intents of these reference codes (one round trip for a batch of tweets). */
export async function findIntentsByCodes(db: D1Database, codes: readonly string[]): Promise<IntentRow[]> {
  if (codes.length === 0) return [];
  const { results } = await db
    .prepare(`${INTENT_SELECT} WHERE i.code IN (SELECT value FROM json_each(?1))`)
    .bind(JSON.stringify(codes))
    .all<IntentRow>();
  return results;
}

/**
 * Ties a drafted intent to a tweet root, if it is still waiting for its tweet and the root is
 * still open to this decision (see ROOT_OPEN_TO_DECISION: `previousVersionId` is null for a root
 * never decided). The payee's account kind is fixed here, so every retry of the reservation names
 * the same accounts.
 */
export function claimIntentForTweet(
  db: D1Database,
  intentId: string,
  match: {
    rootId: string;
    tweetId: string;
    text: string;
    payeeAccountKind: 'wallet' | 'escrow' | 'pot';
    previousVersionId: string | null;
  },
  nowMs: number,
) {
  return db
    .prepare(
      `UPDATE payment_intents SET tweet_root_id = ?1, tweet_id = ?3, tweet_final_text = ?4, payee_account_kind = ?5
       WHERE id = ?6 AND status = 'awaiting_tweet' AND tweet_root_id IS NULL AND expires_at_ms > ?7
         AND ${ROOT_OPEN_TO_DECISION}`,
    )
    .bind(match.rootId, match.previousVersionId, match.tweetId, match.text, match.payeeAccountKind, intentId, nowMs);
}

/** The reservation is made: the payer now has until `confirmByMs` to confirm. */
export function markAwaitingConfirmation(db: D1Database, intentId: string, nowMs: number, confirmByMs: number) {
  return db
    .prepare(
      `UPDATE payment_intents SET status = 'awaiting_confirmation', matched_at_ms = ?2, confirm_by_ms = ?3
       WHERE id = ?1 AND status = 'awaiting_tweet' AND tweet_root_id IS NOT NULL`,
    )
    .bind(intentId, nowMs, confirmByMs);
}

export function markFailed(db: D1Database, intentId: string, reason: PaymentFailureReason, nowMs: number) {
  return db
    .prepare(
      `UPDATE payment_intents SET status = 'failed', failure_reason = ?2, matched_at_ms = ?3, closed_at_ms = ?3
       WHERE id = ?1 AND status = 'awaiting_tweet' AND tweet_root_id IS NOT NULL`,
    )
    .bind(intentId, reason, nowMs);
}

/** The payer's confirmation posted the transfer: the payee has it, or escrow holds it for them. */
export function markConfirmed(db: D1Database, intentId: string, to: 'settled' | 'escrowed', nowMs: number) {
  const column = to === 'settled' ? 'settled_at_ms' : 'escrowed_at_ms';
  return db
    .prepare(
      `UPDATE payment_intents SET status = ?2, ${column} = ?3
       WHERE id = ?1 AND status = 'awaiting_confirmation'`,
    )
    .bind(intentId, to, nowMs);
}

/** Cancelled or expired before anything moved: from waiting for the tweet or for confirmation. */
export function markClosed(
  db: D1Database,
  intentId: string,
  to: 'cancelled' | 'expired',
  nowMs: number,
  from: 'awaiting_tweet' | 'awaiting_confirmation',
) {
  const unmatched = from === 'awaiting_tweet' ? 'AND tweet_root_id IS NULL' : '';
  return db
    .prepare(
      `UPDATE payment_intents SET status = ?2, closed_at_ms = ?3
       WHERE id = ?1 AND status = ?4 ${unmatched}`,
    )
    .bind(intentId, to, nowMs, from);
}

/** The one gate of escrowed money: the first caller decides whether it is claimed or refunded. */
export function decideEscrowOutcome(db: D1Database, intentId: string, outcome: 'claim' | 'refund') {
  return db
    .prepare(
      `UPDATE payment_intents SET escrow_outcome = ?2
       WHERE id = ?1 AND status = 'escrowed' AND escrow_outcome IS NULL`,
    )
    .bind(intentId, outcome);
}

export function markEscrowResolved(db: D1Database, intentId: string, outcome: 'claim' | 'refund', nowMs: number) {
  return db
    .prepare(
      outcome === 'claim'
        ? `UPDATE payment_intents SET status = 'settled', settled_at_ms = ?2
           WHERE id = ?1 AND status = 'escrowed' AND escrow_outcome = 'claim'`
        : `UPDATE payment_intents SET status = 'refunded', closed_at_ms = ?2
           WHERE id = ?1 AND status = 'escrowed' AND escrow_outcome = 'refund'`,
    )
    .bind(intentId, nowMs);
}

/**
 * A newer version of a matched tweet that still states the payment: the payer confirms its final
 * text. Only a newer version replaces the one shown (edit ids grow), so a stale answer cannot
 * bring back an older text; once confirmed, the intent keeps the version that was confirmed.
 */
/** `amountText`: the words a hand-typed command's amount is now read from (null keeps them). */
export function updateLatestVersion(
  db: D1Database,
  rootId: string,
  tweetId: string,
  text: string,
  amountText: string | null = null,
) {
  return db
    .prepare(
      `UPDATE payment_intents SET tweet_id = ?2, tweet_final_text = ?3, amount_text = COALESCE(?4, amount_text)
       WHERE tweet_root_id = ?1 AND status IN ('awaiting_tweet', 'awaiting_confirmation')
         AND CAST(tweet_id AS INTEGER) < CAST(?2 AS INTEGER)`,
    )
    .bind(rootId, tweetId, text, amountText);
}

/**
 * The tweet of a matched intent was edited so that it no longer states the payment, or deleted,
 * before the payment was confirmed: the intent fails with that reason. From `cancelled` only
 * when the caller's own void of the hold was the resolution (the ledger's sync may have written
 * `cancelled` in between); never from a confirmed state.
 */
export function markTweetWithdrawn(
  db: D1Database,
  intentId: string,
  reason: 'tweet-edited' | 'tweet-deleted',
  nowMs: number,
  options: { fromCancelled: boolean },
) {
  const fromCancelled = options.fromCancelled ? "OR (status = 'cancelled' AND failure_reason IS NULL)" : '';
  return db
    .prepare(
      `UPDATE payment_intents SET status = 'failed', failure_reason = ?2, closed_at_ms = ?3, confirm_by_ms = NULL
       WHERE id = ?1 AND tweet_root_id IS NOT NULL
         AND (status IN ('awaiting_tweet', 'awaiting_confirmation') ${fromCancelled})`,
    )
    .bind(intentId, reason, nowMs);
}

/**
 * What counts against a payer's daily limit in a currency since a time: every payment matched
 * since then and not failed or released — reserved, being reserved (a limit slot taken, the hold
 * not written yet), settled or escrowed.
 */
const COUNTED_STATES = `(status IN ('awaiting_confirmation', 'settled', 'escrowed', 'pledged')
       OR (status = 'awaiting_tweet' AND matched_at_ms IS NOT NULL))`;
const COUNTED_AGAINST_DAILY_LIMIT = `payer_user_id = ?1 AND currency = ?2 AND matched_at_ms >= ?3
  AND ${COUNTED_STATES}`;

/**
 * Donations and the other intents are summed apart, each under its own daily limit (see
 * worker/organisations/limits.ts). A fixed fragment per group, never a value from a request.
 */
const IN_DAILY_LIMIT_GROUP: Readonly<Record<DailyLimitGroup, string>> = {
  payments: "purpose <> 'donation'",
  donations: "purpose = 'donation'",
};

/** The sum the daily limit is kept on, this intent aside. */
export async function sentSinceMinor(
  db: D1Database,
  payerUserId: string,
  currency: string,
  sinceMs: number,
  exceptIntentId: string | null,
  group: DailyLimitGroup = 'payments',
): Promise<number> {
  const row = await db
    .prepare(
      `SELECT coalesce(sum(amount_minor), 0) AS total FROM payment_intents
       WHERE ${COUNTED_AGAINST_DAILY_LIMIT} AND ${IN_DAILY_LIMIT_GROUP[group]} AND id IS NOT ?4`,
    )
    .bind(payerUserId, currency, sinceMs, exceptIntentId)
    .first<{ total: number }>();
  return row?.total ?? 0;
}

/**
 * What the payer's intents hold under each daily limit since `sinceMs`, per currency and group,
 * in one read (for showing what is left of the day before a draft; `takeDailyLimitSlot` decides).
 */
export async function sentSinceByCurrencyMinor(
  db: D1Database,
  payerUserId: string,
  sinceMs: number,
): Promise<{ currency: string; group: DailyLimitGroup; sentMinor: number }[]> {
  const { results } = await db
    .prepare(
      `SELECT currency, CASE WHEN purpose = 'donation' THEN 'donations' ELSE 'payments' END AS limit_group,
              coalesce(sum(amount_minor), 0) AS total
       FROM payment_intents
       WHERE payer_user_id = ?1 AND matched_at_ms >= ?2 AND ${COUNTED_STATES}
       GROUP BY currency, limit_group`,
    )
    .bind(payerUserId, sinceMs)
    .all<{ currency: string; limit_group: DailyLimitGroup; total: number }>();
  return results.map((row) => ({ currency: row.currency, group: row.limit_group, sentMinor: row.total }));
}

/**
 * Takes this matched intent's place under the payer's daily limit, in one statement: SQLite runs
 * it alone, so two payments matched at the same instant cannot both fit in what is left of the
 * day. True when the slot is taken (or was already, by an earlier try of the same intent).
 */
export async function takeDailyLimitSlot(
  db: D1Database,
  intent: { id: string; payerUserId: string; currency: string; amountMinor: number },
  sinceMs: number,
  nowMs: number,
  perDayMaxMinor: number,
  group: DailyLimitGroup = 'payments',
): Promise<boolean> {
  const result = await db
    .prepare(
      `UPDATE payment_intents SET matched_at_ms = ?5
       WHERE id = ?4 AND status = 'awaiting_tweet' AND tweet_root_id IS NOT NULL AND matched_at_ms IS NULL
         AND (SELECT coalesce(sum(amount_minor), 0) FROM payment_intents
              WHERE ${COUNTED_AGAINST_DAILY_LIMIT} AND ${IN_DAILY_LIMIT_GROUP[group]} AND id IS NOT ?4) + ?6 <= ?7`,
    )
    .bind(intent.payerUserId, intent.currency, sinceMs, intent.id, nowMs, intent.amountMinor, perDayMaxMinor)
    .run();
  if (result.meta.changes > 0) return true;
  const row = await db
    .prepare(`SELECT matched_at_ms FROM payment_intents WHERE id = ?1 AND status = 'awaiting_tweet'`)
    .bind(intent.id)
    .first<{ matched_at_ms: number | null }>();
  return row?.matched_at_ms != null;
}

export async function listIntentsOfParty(
  db: D1Database,
  party: { userId: string; xUserId: string },
  role: 'payer' | 'payee' | 'any',
  page: { limit: number; before: { createdAtMs: number; id: string } | null; person?: string | null },
): Promise<IntentRow[]> {
  // With a person: the other party's handle starts with it (the payee of what was sent, the payer
  // of what was received). `_` is a LIKE wildcard and handles may hold it, so it is escaped.
  const sentBy = page.person
    ? `(i.payer_user_id = ?1 AND lower(i.payee_username) LIKE ?6 ESCAPE '\\')`
    : 'i.payer_user_id = ?1';
  const receivedBy = page.person
    ? `(i.payee_x_user_id = ?2 AND lower(i.payer_username) LIKE ?6 ESCAPE '\\')`
    : 'i.payee_x_user_id = ?2';
  const who = role === 'payer' ? sentBy : role === 'payee' ? receivedBy : `(${sentBy} OR ${receivedBy})`;
  const personPattern = page.person ? [`${page.person.toLowerCase().replaceAll('_', '\\_')}%`] : [];
  // '~' sorts after every id character, so the first page starts above every row.
  const before = page.before ?? { createdAtMs: Number.MAX_SAFE_INTEGER, id: '~' };
  const { results } = await db
    .prepare(
      `${INTENT_SELECT} WHERE ${who}
         AND (i.created_at_ms < ?3 OR (i.created_at_ms = ?3 AND i.id < ?4))
       ORDER BY i.created_at_ms DESC, i.id DESC LIMIT ?5`,
    )
    .bind(party.userId, party.xUserId, before.createdAtMs, before.id, page.limit, ...personPattern)
    .all<IntentRow>();
  return results;
}

/** The payer's intents in one status, newest first (the extension's "awaiting confirmation" list). */
export async function listIntentsOfPayerInStatus(
  db: D1Database,
  payerUserId: string,
  status: PaymentIntentStatus,
  limit: number,
): Promise<IntentRow[]> {
  const { results } = await db
    .prepare(
      `${INTENT_SELECT} WHERE i.payer_user_id = ?1 AND i.status = ?2
       ORDER BY i.created_at_ms DESC, i.id DESC LIMIT ?3`,
    )
    .bind(payerUserId, status, limit)
    .all<IntentRow>();
  return results;
}

export async function selectIntentsDue(
  db: D1Database,
  what: 'confirmation-overdue' | 'draft-expired' | 'escrow-overdue',
  beforeMs: number,
  limit: number,
): Promise<IntentRow[]> {
  const where = {
    'confirmation-overdue': "i.status = 'awaiting_confirmation' AND i.confirm_by_ms <= ?1",
    'draft-expired': "i.status = 'awaiting_tweet' AND i.tweet_root_id IS NULL AND i.expires_at_ms <= ?1",
    'escrow-overdue': "i.status = 'escrowed' AND i.escrowed_at_ms <= ?1",
  }[what];
  const { results } = await db
    .prepare(`${INTENT_SELECT} WHERE ${where} ORDER BY i.created_at_ms LIMIT ?2`)
    .bind(beforeMs, limit)
    .all<IntentRow>();
  return results;
}

/** Intents matched but not yet reserved (a run stopped between the two): resumed by the job. */
/**
 * Unconfirmed intents whose tweet is recorded as deleted or as no longer stating them, while
 * their hold (or the match before it) still stands: what a run that stopped between writing the
 * tweet's state and the withdrawal leaves. Oldest first.
 */
export async function selectUnconfirmedWithWithdrawnTweet(db: D1Database, limit: number): Promise<IntentRow[]> {
  const { results } = await db
    .prepare(
      `${INTENT_SELECT} JOIN payment_tweets AS t ON t.root_id = i.tweet_root_id AND t.intent_id = i.id
       WHERE i.status IN ('awaiting_tweet', 'awaiting_confirmation')
         AND (t.deleted_at_ms IS NOT NULL OR t.latest_states_payment = 0)
       ORDER BY i.created_at_ms LIMIT ?1`,
    )
    .bind(limit)
    .all<IntentRow>();
  return results;
}

export async function selectIntentsMidMatch(db: D1Database, beforeMs: number, limit: number): Promise<IntentRow[]> {
  const { results } = await db
    .prepare(
      `${INTENT_SELECT} WHERE i.status = 'awaiting_tweet' AND i.tweet_root_id IS NOT NULL
         AND i.created_at_ms <= ?1 ORDER BY i.created_at_ms LIMIT ?2`,
    )
    .bind(beforeMs, limit)
    .all<IntentRow>();
  return results;
}

export async function selectEscrowedForPayee(
  db: D1Database,
  payeeXUserId: string,
  limit: number,
): Promise<IntentRow[]> {
  const { results } = await db
    .prepare(`${INTENT_SELECT} WHERE i.payee_x_user_id = ? AND i.status = 'escrowed' ORDER BY i.created_at_ms LIMIT ?`)
    .bind(payeeXUserId, limit)
    .all<IntentRow>();
  return results;
}

// --- Matched tweets ----------------------------------------------------------------------------

export interface DecidedVersionRow {
  tweet_id: string;
  root_id: string;
  intent_id: string | null;
  outcome: string;
  latest_states_payment: 0 | 1;
  deleted_at_ms: number | null;
}

/** Of these tweet ids, those whose root was already decided, with what was decided. */
export async function findDecidedVersions(db: D1Database, tweetIds: readonly string[]): Promise<DecidedVersionRow[]> {
  const rows: DecidedVersionRow[] = [];
  for (let start = 0; start < tweetIds.length; start += BOUND_PARAMETERS_PER_STATEMENT_MAX) {
    const chunk = tweetIds.slice(start, start + BOUND_PARAMETERS_PER_STATEMENT_MAX);
    const { results } = await db
      .prepare(
        `SELECT v.tweet_id, v.root_id, t.intent_id, t.outcome, t.latest_states_payment, t.deleted_at_ms
         FROM ${knownVersionsAmong(chunk.map((_, index) => `?${index + 1}`).join(', '))} AS v
         JOIN payment_tweets AS t ON t.root_id = v.root_id`,
      )
      .bind(...chunk)
      .all<DecidedVersionRow>();
    rows.push(...results);
  }
  return rows;
}

export interface DecidedRootRow {
  intent_id: string | null;
  outcome: string;
  /** The newest version read (null only for a row written before versions were kept). */
  latest_version_id: string | null;
  latest_states_payment: 0 | 1;
  editable_until_ms: number | null;
  deleted_at_ms: number | null;
}

export async function findDecidedRoot(db: D1Database, rootId: string): Promise<DecidedRootRow | null> {
  return db
    .prepare(
      `SELECT intent_id, outcome, latest_version_id, latest_states_payment, editable_until_ms, deleted_at_ms
       FROM payment_tweets WHERE root_id = ?`,
    )
    .bind(rootId)
    .first<DecidedRootRow>();
}

/** The decisions of these roots, by root id (one round trip for a batch of tweets). */
export async function findDecidedRoots(
  db: D1Database,
  rootIds: readonly string[],
): Promise<Map<string, DecidedRootRow>> {
  if (rootIds.length === 0) return new Map();
  const { results } = await db
    .prepare(
      `SELECT root_id, intent_id, outcome, latest_version_id, latest_states_payment, editable_until_ms, deleted_at_ms
       FROM payment_tweets WHERE root_id IN (SELECT value FROM json_each(?1))`,
    )
    .bind(JSON.stringify(rootIds))
    .all<DecidedRootRow & { root_id: string }>();
  return new Map(results.map(({ root_id, ...row }) => [root_id, row]));
}

/** The root a known version id belongs to, if the matcher decided it. */
export async function findRootOfVersion(db: D1Database, tweetId: string): Promise<string | null> {
  const row = await db
    .prepare(`SELECT ${rootOfVersion('?1')} AS root_id`)
    .bind(tweetId)
    .first<{ root_id: string }>();
  return row?.root_id ?? null;
}

/**
 * The version ids the matcher knows among `ids` (a list of bound parameters), with their roots:
 * the rows of `payment_tweet_versions`, and each decided root's own id, which is its first version
 * and is not written there again (a tweet never edited writes its decision row only; roots decided
 * before that keep their row, which the UNION reads once).
 */
export function knownVersionsAmong(ids: string): string {
  return `(SELECT tweet_id, root_id FROM payment_tweet_versions WHERE tweet_id IN (${ids})
    UNION SELECT root_id AS tweet_id, root_id FROM payment_tweets WHERE root_id IN (${ids}))`;
}

/** The root of the version id bound as `parameter`, or NULL (see knownVersionsAmong). */
export function rootOfVersion(parameter: string): string {
  return `coalesce((SELECT root_id FROM payment_tweet_versions WHERE tweet_id = ${parameter}),
    (SELECT root_id FROM payment_tweets WHERE root_id = ${parameter}))`;
}

export interface TweetDecision {
  rootId: string;
  authorXUserId: string;
  source: 'report' | 'search' | 'webhook';
  outcome: string;
  nowMs: number;
  /** The version the decision was made on: the newest of its edit history. */
  versionId: string;
  /** The end of X's edit window for this tweet. */
  editableUntilMs: number;
}

/**
 * Whether a root is still open to this decision: not decided yet, or decided with no intent on
 * exactly `previousVersionId` (a version rejected for its code, decided again on a later one).
 * A claim of an intent carries this guard, so two arrivals of two versions cannot both take it.
 */
const ROOT_OPEN_TO_DECISION = `NOT EXISTS (SELECT 1 FROM payment_tweets AS t WHERE t.root_id = ?1
  AND (t.intent_id IS NOT NULL OR t.latest_version_id IS NOT ?2))`;

/**
 * Decides again a root decided with no intent, on a later version. Changes nothing unless the
 * root still stands on `previousVersionId`; with `intentId`, only if that intent is tied to it.
 */
export function redecideTweet(
  db: D1Database,
  decision: TweetDecision,
  previousVersionId: string,
  intentId: string | null,
) {
  const tiedIntent =
    intentId === null ? '' : 'AND EXISTS (SELECT 1 FROM payment_intents WHERE id = ?7 AND tweet_root_id = ?1)';
  return db
    .prepare(
      `UPDATE payment_tweets SET intent_id = ?7, outcome = ?3, source = ?4, decided_at_ms = ?5,
         latest_version_id = ?6, latest_states_payment = 1
       WHERE root_id = ?1 AND intent_id IS NULL AND latest_version_id IS ?2
         AND CAST(?6 AS INTEGER) > CAST(?2 AS INTEGER) ${tiedIntent}`,
    )
    .bind(
      decision.rootId,
      previousVersionId,
      decision.outcome,
      decision.source,
      decision.nowMs,
      decision.versionId,
      intentId,
    );
}

/**
 * A later version of a decided root: remembered as the newest unless a newer one is known, with
 * whether it still states the payment tied to the root.
 */
export function recordLaterVersion(db: D1Database, rootId: string, versionId: string, statesPayment: boolean) {
  return db
    .prepare(
      `UPDATE payment_tweets SET latest_version_id = ?2, latest_states_payment = ?3
       WHERE root_id = ?1 AND (latest_version_id IS NULL OR CAST(latest_version_id AS INTEGER) < CAST(?2 AS INTEGER))`,
    )
    .bind(rootId, versionId, statesPayment ? 1 : 0);
}

/** X said the tweet is deleted (every version of it goes with it). */
export function markRootDeleted(db: D1Database, rootId: string, nowMs: number) {
  return db
    .prepare('UPDATE payment_tweets SET deleted_at_ms = ?2 WHERE root_id = ?1 AND deleted_at_ms IS NULL')
    .bind(rootId, nowMs);
}

/**
 * Records a decided root. With `intentId`, only if that intent is tied to this root (the claim
 * in the same batch may have lost a race; then nothing is recorded and the caller looks again).
 * A root already decided fails the batch on the primary key: the one effect was someone else's.
 */
export function insertTweetDecision(db: D1Database, decision: TweetDecision, intentId: string | null) {
  const columns = `root_id, intent_id, outcome, author_x_user_id, source, decided_at_ms, latest_version_id,
    editable_until_ms`;
  const values = [
    decision.rootId,
    decision.outcome,
    decision.authorXUserId,
    decision.source,
    decision.nowMs,
    decision.versionId,
    decision.editableUntilMs,
  ];
  if (intentId === null) {
    return db
      .prepare(`INSERT INTO payment_tweets (${columns}) VALUES (?1, NULL, ?2, ?3, ?4, ?5, ?6, ?7)`)
      .bind(...values);
  }
  return db
    .prepare(
      `INSERT INTO payment_tweets (${columns})
       SELECT ?1, id, ?2, ?3, ?4, ?5, ?6, ?7 FROM payment_intents WHERE id = ?8 AND tweet_root_id = ?1`,
    )
    .bind(...values, intentId);
}

/**
 * Remembers version ids of a decided root (its whole edit history as X reported it), the root's
 * own id aside: its decision row already says it (see knownVersionsAmong).
 */
export function insertTweetVersions(db: D1Database, rootId: string, versionIds: readonly string[]) {
  return versionIds
    .filter((versionId) => versionId !== rootId)
    .map((versionId) =>
      db
        .prepare(
          `INSERT INTO payment_tweet_versions (tweet_id, root_id)
         SELECT ?1, root_id FROM payment_tweets WHERE root_id = ?2
         ON CONFLICT (tweet_id) DO NOTHING`,
        )
        .bind(versionId, rootId),
    );
}

export interface SettledVersionRow {
  tweet_id: string;
  /** 1 while the newest version read of the tweet still states what was paid. */
  latest_states_payment: 0 | 1;
  amount_minor: number;
  currency: Currency;
  payee_username: string;
  pot_hashtag: string | null;
}

/**
 * Of these tweet ids, those that are a version of a tweet whose payment settled, with whether
 * the tweet (its newest version read) still states what was paid, and what was paid.
 */
export async function selectSettledVersions(db: D1Database, tweetIds: readonly string[]): Promise<SettledVersionRow[]> {
  const settled: SettledVersionRow[] = [];
  for (let start = 0; start < tweetIds.length; start += BOUND_PARAMETERS_PER_STATEMENT_MAX) {
    const chunk = tweetIds.slice(start, start + BOUND_PARAMETERS_PER_STATEMENT_MAX);
    const { results } = await db
      .prepare(
        `SELECT v.tweet_id, t.latest_states_payment, i.amount_minor, i.currency, i.payee_username,
           p.hashtag AS pot_hashtag
         FROM ${knownVersionsAmong(chunk.map((_, index) => `?${index + 1}`).join(', '))} AS v
         JOIN payment_tweets AS t ON t.root_id = v.root_id
         JOIN payment_intents AS i ON i.tweet_root_id = v.root_id
         LEFT JOIN pots AS p ON p.id = i.pot_id
         WHERE i.status = 'settled'`,
      )
      .bind(...chunk)
      .all<SettledVersionRow>();
    settled.push(...results);
  }
  return settled;
}

/** True when a D1 error is a UNIQUE or primary key violation on one of the payment tables. */
export function isPaymentsUniqueViolation(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /UNIQUE constraint failed: payment_(intents|tweets|tweet_versions)\./.test(message);
}

export function isCodeTaken(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return message.includes('UNIQUE constraint failed: payment_intents.code');
}

/** Escrowed intents whose payee has linked since (the link's own claim did not run or failed). */
export async function selectEscrowedWithLinkedPayee(db: D1Database, limit: number): Promise<IntentRow[]> {
  const { results } = await db
    .prepare(
      `SELECT i.* FROM payment_intents AS i JOIN users AS u ON u.x_user_id = i.payee_x_user_id
       WHERE i.status = 'escrowed' AND u.unlinked_at_ms IS NULL ORDER BY i.created_at_ms LIMIT ?1`,
    )
    .bind(limit)
    .all<IntentRow>();
  return results;
}

/** Takes the right to reply under a settled intent's tweet: true for the one caller that gets it. */
export async function claimReceiptReply(db: D1Database, intentId: string): Promise<boolean> {
  const result = await db
    .prepare(
      `UPDATE payment_intents SET receipt_reply_tweet_id = 'posting'
       WHERE id = ? AND status = 'settled' AND receipt_reply_tweet_id IS NULL`,
    )
    .bind(intentId)
    .run();
  return result.meta.changes === 1;
}

/** The reply's id once posted, or NULL again when posting failed (a later settlement may retry). */
export function recordReceiptReply(db: D1Database, intentId: string, replyTweetId: string | null) {
  return db
    .prepare(
      `UPDATE payment_intents SET receipt_reply_tweet_id = ?2
       WHERE id = ?1 AND receipt_reply_tweet_id = 'posting'`,
    )
    .bind(intentId, replyTweetId);
}
