import type { PaymentFailureReason } from '../../shared/contract/payments';
import type { DailyLimitGroup } from '../organisations/limits';

/**
 * The statements that match a batch of drafted payments and reserve their amounts in one D1 batch
 * (one transaction), each guarded by what the statements before it in the same batch wrote. Per
 * payment, in order:
 *
 * 1. the tweet's decision, naming the intent only while it still waits for its tweet;
 * 2. the hold, inserted only if that decision names the intent, the intent still waits, its
 *    amount fits under the payer's daily limit (summing what the payer reserved and sent, this
 *    batch's earlier holds included), the payer owes no debt, and the payer's wallet has the
 *    amount available **at that point of the batch**, after the holds before it on the same
 *    wallet; the ledger's balance CHECK stays behind it and would abort the batch rather than
 *    overdraw;
 * 3. the two balances, moved only if that hold exists and the intent still waits (step 4 ends
 *    the wait, so they move once);
 * 4. the intent, in one UPDATE: tied to the tweet, counted under the daily limit, and
 *    `awaiting_confirmation` if its hold exists, otherwise `failed` with the reason the guards
 *    above name (nothing stays reserved).
 *
 * The rows a settled payment writes are thus its decision, its intent, its hold (with the
 * ledger's pending state row) and the two balances. A hold's id is the one `reserve` uses
 * (`pay:<intent>:hold`), so a later `reserve` of the same intent (a redelivery, the confirm route)
 * finds it and changes nothing; a hold of that id made before fails the whole batch on the
 * transfers' unique id instead of moving the balances again.
 */

export interface BatchHold {
  intentId: string;
  rootId: string;
  holdId: string;
  payerUserId: string;
  payerAccountId: string;
  payeeAccountId: string;
  payeeAccountKind: 'wallet' | 'escrow';
  currency: string;
  amountMinor: number;
  timeoutS: number;
  perDayMaxMinor: number;
  dailyGroup: DailyLimitGroup;
  code: string;
}

const COUNTED_STATES = `(status IN ('awaiting_confirmation', 'settled', 'escrowed', 'pledged')
  OR (status = 'awaiting_tweet' AND matched_at_ms IS NOT NULL))`;

const IN_DAILY_LIMIT_GROUP: Readonly<Record<DailyLimitGroup, string>> = {
  payments: "purpose <> 'donation'",
  donations: "purpose = 'donation'",
};

/** A debt the payer owes in any currency: nothing leaves their wallet while it stands. */
function payerInDebt(payerParameter: string): string {
  return `EXISTS (SELECT 1 FROM ledger_accounts AS d
    WHERE d.kind = 'debt' AND d.owner = ${payerParameter} AND d.debits_posted_minor > d.credits_posted_minor)`;
}

/** The daily limit's sum of the payer's group, this intent aside, plus its amount, within the limit. */
function fitsDailyLimit(group: DailyLimitGroup): string {
  return `(SELECT coalesce(sum(amount_minor), 0) FROM payment_intents
    WHERE payer_user_id = ?3 AND currency = ?6 AND matched_at_ms >= ?13 AND ${COUNTED_STATES}
      AND ${IN_DAILY_LIMIT_GROUP[group]} AND id IS NOT ?8) + ?5 <= ?14`;
}

/**
 * The statements of one matched payment and its hold, in the order they must run (see above),
 * the tweet's decision first: its INSERT takes the root's primary key (a root decided meanwhile
 * fails the batch) and names the intent only while it waits for its tweet. Their parameters:
 * ?1 hold id, ?2 payer account, ?3 payer user, ?4 payee account, ?5 amount, ?6 currency, ?7 code,
 * ?8 intent, ?9 timeout, ?10 now, ?11 expiry, ?12 root, ?13 start of the day's window, ?14 limit
 * per day, then the tweet's fields.
 */
export function batchHoldStatements(
  db: D1Database,
  hold: BatchHold,
  tweet: { id: string; text: string; authorXUserId: string; source: string; editableUntilMs: number },
  nowMs: number,
): { decision: D1PreparedStatement; hold: D1PreparedStatement[]; intent: D1PreparedStatement } {
  const expiresAtMs = nowMs + hold.timeoutS * 1000;
  const common = [
    hold.holdId,
    hold.payerAccountId,
    hold.payerUserId,
    hold.payeeAccountId,
    hold.amountMinor,
    hold.currency,
    hold.code,
    hold.intentId,
    hold.timeoutS,
    nowMs,
    expiresAtMs,
    hold.rootId,
    nowMs - DAY_MS,
    hold.perDayMaxMinor,
  ];
  const decided = 'EXISTS (SELECT 1 FROM payment_tweets WHERE root_id = ?12 AND intent_id = ?8)';
  const intentWaits = `EXISTS (SELECT 1 FROM payment_intents
    WHERE id = ?8 AND status = 'awaiting_tweet' AND tweet_root_id IS NULL AND expires_at_ms > ?10)`;
  const holdExists = 'EXISTS (SELECT 1 FROM ledger_transfers WHERE id = ?1)';
  return {
    decision: db
      .prepare(
        `INSERT INTO payment_tweets (root_id, intent_id, outcome, author_x_user_id, source, decided_at_ms,
           latest_version_id, editable_until_ms)
         SELECT ?12, id, 'drafted', ?15, ?16, ?10, ?17, ?18 FROM payment_intents
         WHERE id = ?8 AND status = 'awaiting_tweet' AND tweet_root_id IS NULL AND expires_at_ms > ?10`,
      )
      .bind(...common, tweet.authorXUserId, tweet.source, tweet.id, tweet.editableUntilMs),
    hold: [
      db
        .prepare(
          `INSERT INTO ledger_transfers (id, debit_account_id, credit_account_id, amount_minor, currency, code,
             reference, flags, pending_id, timeout_s, created_at_ms, expires_at_ms)
           SELECT ?1, ?2, ?4, ?5, ?6, ?7, ?8, 'pending', NULL, ?9, ?10, ?11
           WHERE ${decided} AND ${intentWaits} AND ${fitsDailyLimit(hold.dailyGroup)}
             AND NOT ${payerInDebt('?3')}
             AND (SELECT credits_posted_minor - debits_posted_minor - debits_pending_minor
                  FROM ledger_accounts WHERE id = ?2 AND currency = ?6) >= ?5`,
        )
        .bind(...common),
      db
        .prepare(
          `UPDATE ledger_accounts
           SET debits_pending_minor = debits_pending_minor + CASE WHEN id = ?2 THEN ?5 ELSE 0 END,
             credits_pending_minor = credits_pending_minor + CASE WHEN id = ?4 THEN ?5 ELSE 0 END
           WHERE id IN (?2, ?4) AND ${intentWaits} AND ${holdExists}`,
        )
        // Bound up to the highest parameter the statement names.
        .bind(...common.slice(0, 10)),
    ],
    // The intent takes its tweet, its place under the daily limit and its outcome at once.
    intent: db
      .prepare(
        `UPDATE payment_intents SET tweet_root_id = ?12, tweet_id = ?15, tweet_final_text = ?16,
           payee_account_kind = ?17, matched_at_ms = ?10,
           status = CASE WHEN ${holdExists} THEN 'awaiting_confirmation' ELSE 'failed' END,
           failure_reason = CASE
             WHEN ${holdExists} THEN NULL
             WHEN NOT ${fitsDailyLimit(hold.dailyGroup)} THEN ?18
             WHEN ${payerInDebt('?3')} THEN ?19
             ELSE ?20 END,
           confirm_by_ms = CASE WHEN ${holdExists} THEN ?11 ELSE NULL END,
           closed_at_ms = CASE WHEN ${holdExists} THEN NULL ELSE ?10 END
         WHERE id = ?8 AND status = 'awaiting_tweet' AND tweet_root_id IS NULL AND ${decided}`,
      )
      .bind(
        ...common,
        tweet.id,
        tweet.text,
        hold.payeeAccountKind,
        'limit-per-day' satisfies PaymentFailureReason,
        'wallet-in-debt' satisfies PaymentFailureReason,
        'insufficient-funds' satisfies PaymentFailureReason,
      ),
  };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** What became of the batch's intents, read in the same batch after its writes. */
export function selectIntentStates(db: D1Database, intentIds: readonly string[]): D1PreparedStatement {
  return db
    .prepare(`SELECT id, status, failure_reason FROM payment_intents WHERE id IN (SELECT value FROM json_each(?1))`)
    .bind(JSON.stringify(intentIds));
}

export interface IntentStateRow {
  id: string;
  status: string;
  failure_reason: string | null;
}

/** What the batch's claim tweets came to, read in the same batch after its writes. */
export function selectClaimOutcomes(db: D1Database, rootIds: readonly string[]): D1PreparedStatement {
  return db
    .prepare(
      `SELECT root_id, offer_id, user_id, outcome FROM offer_claim_tweets
       WHERE root_id IN (SELECT value FROM json_each(?1))`,
    )
    .bind(JSON.stringify(rootIds));
}

export interface ClaimOutcomeRow {
  root_id: string;
  offer_id: string;
  user_id: string | null;
  outcome: string;
}

/** Of these users, those who owe a debt (nothing leaves their wallets until it is repaid). */
export async function findUsersInDebt(db: D1Database, userIds: readonly string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const { results } = await db
    .prepare(
      `SELECT DISTINCT owner FROM ledger_accounts
       WHERE kind = 'debt' AND owner IN (SELECT value FROM json_each(?1)) AND debits_posted_minor > credits_posted_minor`,
    )
    .bind(JSON.stringify(userIds))
    .all<{ owner: string }>();
  return new Set(results.map((row) => row.owner));
}

/** Which (user, offer) pairs are a merchant's own offer claimed by its own X account (see offersOfUsersMerchant). */
export async function findOwnOfferPairs(
  db: D1Database,
  pairs: ReadonlyArray<{ userId: string; offerId: string }>,
): Promise<Set<string>> {
  if (pairs.length === 0) return new Set();
  const { results } = await db
    .prepare(
      `SELECT users.id AS user_id, offers.id AS offer_id FROM json_each(?1) AS p
       JOIN offers ON offers.id = json_extract(p.value, '$[1]')
       JOIN merchants ON merchants.id = offers.merchant_id
       JOIN users ON users.id = json_extract(p.value, '$[0]')
       WHERE users.username IS NOT NULL AND merchants.x_username IS NOT NULL
         AND lower(merchants.x_username) = lower(users.username)`,
    )
    .bind(JSON.stringify(pairs.map((pair) => [pair.userId, pair.offerId])))
    .all<{ user_id: string; offer_id: string }>();
  return new Set(results.map((row) => `${row.user_id} ${row.offer_id}`));
}
