import type {
  CatalogueOffer,
  ClaimRefusalReason,
  ClaimStatus,
  MerchantOffer,
  MerchantOfferStatus,
} from '../../shared/contract/offers';
import type { Currency } from '../../shared/money';

/**
 * Every SQL statement of offers, their hashtags, enrolments and claim tweets (0005_offers.sql),
 * with the row → contract mappers. Statements that must happen together are returned unexecuted
 * for one batch; each carries its own guard, so a concurrent writer makes it change nothing.
 */

export interface OfferRow {
  id: string;
  merchant_id: string;
  request_id: string;
  hashtag: string;
  title: string;
  minimum_spend_minor: number;
  credit_minor: number;
  currency: Currency;
  enrol_by_ms: number;
  spend_by_ms: number;
  budget_credits: number;
  credits_used: number;
  paused: 0 | 1;
  funded_at_ms: number | null;
  created_at_ms: number;
  updated_at_ms: number;
}

export type NewOfferRow = Omit<OfferRow, 'credits_used' | 'paused' | 'funded_at_ms' | 'updated_at_ms'>;

export interface EnrolmentRow {
  id: string;
  offer_id: string;
  user_id: string;
  tweet_root_id: string;
  enrolled_at_ms: number;
}

export type ClaimTweetOutcome = 'enrolled' | ClaimRefusalReason;

export interface ClaimTweetRow {
  root_id: string;
  offer_id: string;
  user_id: string | null;
  outcome: ClaimTweetOutcome;
  decided_at_ms: number;
}

/** Hashtags are compared without regard to case, like X does: the key is the NFC lower-case form. */
export function hashtagKeyOf(hashtag: string): string {
  return hashtag.normalize('NFC').toLowerCase();
}

const iso = (ms: number) => new Date(ms).toISOString();

export function merchantOfferStatusOf(row: OfferRow, nowMs: number): MerchantOfferStatus {
  if (nowMs > row.enrol_by_ms) return 'ended';
  if (row.paused === 1) return 'paused';
  if (row.credits_used >= row.budget_credits) return 'fully_redeemed';
  return 'live';
}

function termsOf(row: OfferRow) {
  return { minimumSpendMinor: row.minimum_spend_minor, creditMinor: row.credit_minor, currency: row.currency };
}

export function merchantOfferFromRow(row: OfferRow, cardMerchantIds: readonly string[], nowMs: number): MerchantOffer {
  return {
    id: row.id,
    hashtag: row.hashtag,
    title: row.title,
    terms: termsOf(row),
    enrolBy: iso(row.enrol_by_ms),
    spendBy: iso(row.spend_by_ms),
    budgetCredits: row.budget_credits,
    creditsUsed: row.credits_used,
    merchantIds: [...cardMerchantIds],
    status: merchantOfferStatusOf(row, nowMs),
    createdAt: iso(row.created_at_ms),
  };
}

// --- Creating offers ------------------------------------------------------------------------------

/**
 * Takes the hashtag for a new offer: succeeds (one change) if the hashtag is free or its holder's
 * enrol-by has passed, and changes nothing if a live offer holds it.
 */
export function takeHashtagStatement(db: D1Database, offer: NewOfferRow, nowMs: number) {
  return db
    .prepare(
      `INSERT INTO offer_hashtags (hashtag_key, offer_id, enrol_by_ms) VALUES (?1, ?2, ?3)
       ON CONFLICT (hashtag_key) DO UPDATE SET offer_id = excluded.offer_id, enrol_by_ms = excluded.enrol_by_ms
       WHERE offer_hashtags.enrol_by_ms < ?4`,
    )
    .bind(hashtagKeyOf(offer.hashtag), offer.id, offer.enrol_by_ms, nowMs);
}

/** The offer row, inserted only if it now holds its hashtag (the statement before in the batch). */
export function insertOfferStatement(db: D1Database, offer: NewOfferRow) {
  return db
    .prepare(
      `INSERT INTO offers (id, merchant_id, request_id, hashtag, title, minimum_spend_minor, credit_minor, currency,
         enrol_by_ms, spend_by_ms, budget_credits, created_at_ms, updated_at_ms)
       SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12
       WHERE EXISTS (SELECT 1 FROM offer_hashtags WHERE hashtag_key = ?13 AND offer_id = ?1)`,
    )
    .bind(
      offer.id,
      offer.merchant_id,
      offer.request_id,
      offer.hashtag,
      offer.title,
      offer.minimum_spend_minor,
      offer.credit_minor,
      offer.currency,
      offer.enrol_by_ms,
      offer.spend_by_ms,
      offer.budget_credits,
      offer.created_at_ms,
      hashtagKeyOf(offer.hashtag),
    );
}

export function insertOfferCardMerchantIdStatements(
  db: D1Database,
  offerId: string,
  cardMerchantIds: readonly string[],
): D1PreparedStatement[] {
  return cardMerchantIds.map((cardMerchantId) =>
    db
      .prepare(
        `INSERT INTO offer_card_merchant_ids (offer_id, card_merchant_id)
         SELECT ?1, ?2 WHERE EXISTS (SELECT 1 FROM offers WHERE id = ?1)`,
      )
      .bind(offerId, cardMerchantId),
  );
}

export async function markOfferFunded(db: D1Database, offerId: string, nowMs: number): Promise<void> {
  await db
    .prepare('UPDATE offers SET funded_at_ms = ?2 WHERE id = ?1 AND funded_at_ms IS NULL')
    .bind(offerId, nowMs)
    .run();
}

export function isOffersUniqueViolation(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /UNIQUE constraint failed: (offers|offer_hashtags|offer_card_merchant_ids)\./.test(message);
}

// --- Reading offers -------------------------------------------------------------------------------

export async function findOffer(db: D1Database, offerId: string): Promise<OfferRow | null> {
  return db.prepare('SELECT * FROM offers WHERE id = ?').bind(offerId).first<OfferRow>();
}

export async function findOfferByRequest(
  db: D1Database,
  merchantId: string,
  requestId: string,
): Promise<OfferRow | null> {
  return db
    .prepare('SELECT * FROM offers WHERE merchant_id = ? AND request_id = ?')
    .bind(merchantId, requestId)
    .first<OfferRow>();
}

/** The funded offers whose hashtags these are (folded keys), whichever their state. */
export async function findOffersByHashtagKeys(db: D1Database, hashtagKeys: readonly string[]): Promise<OfferRow[]> {
  if (hashtagKeys.length === 0) return [];
  const placeholders = hashtagKeys.map(() => '?').join(', ');
  const { results } = await db
    .prepare(
      `SELECT offers.* FROM offer_hashtags JOIN offers ON offers.id = offer_hashtags.offer_id
       WHERE offer_hashtags.hashtag_key IN (${placeholders}) AND offers.funded_at_ms IS NOT NULL`,
    )
    .bind(...hashtagKeys)
    .all<OfferRow>();
  return results;
}

export async function listMerchantOffers(db: D1Database, merchantId: string, limit: number): Promise<OfferRow[]> {
  const { results } = await db
    .prepare('SELECT * FROM offers WHERE merchant_id = ? ORDER BY created_at_ms DESC, id LIMIT ?')
    .bind(merchantId, limit)
    .all<OfferRow>();
  return results;
}

/** Acceptor ids per offer, for these offers. */
export async function cardMerchantIdsOfOffers(
  db: D1Database,
  offerIds: readonly string[],
): Promise<Map<string, string[]>> {
  const byOffer = new Map<string, string[]>(offerIds.map((id) => [id, []]));
  if (offerIds.length === 0) return byOffer;
  const placeholders = offerIds.map(() => '?').join(', ');
  const { results } = await db
    .prepare(
      `SELECT offer_id, card_merchant_id FROM offer_card_merchant_ids WHERE offer_id IN (${placeholders})
       ORDER BY card_merchant_id`,
    )
    .bind(...offerIds)
    .all<{ offer_id: string; card_merchant_id: string }>();
  for (const row of results) byOffer.get(row.offer_id)?.push(row.card_merchant_id);
  return byOffer;
}

/** Pauses or resumes one of the merchant's offers; null if it is not theirs. */
export async function setOfferPaused(
  db: D1Database,
  merchantId: string,
  offerId: string,
  paused: boolean,
  nowMs: number,
): Promise<OfferRow | null> {
  return db
    .prepare(
      `UPDATE offers SET paused = ?3, updated_at_ms = max(updated_at_ms, ?4)
       WHERE id = ?1 AND merchant_id = ?2 RETURNING *`,
    )
    .bind(offerId, merchantId, paused ? 1 : 0, nowMs)
    .first<OfferRow>();
}

// --- Catalogue ------------------------------------------------------------------------------------

interface CatalogueRow extends OfferRow {
  merchant_name: string;
  merchant_x_username: string | null;
}

/**
 * Offers a user can see on X now: funded, not paused, enrol-by not passed, holding their hashtag.
 * Fully redeemed offers stay listed so the extension can say so instead of drafting a claim.
 */
export async function listCatalogue(db: D1Database, nowMs: number, limit: number): Promise<CatalogueOffer[]> {
  const { results } = await db
    .prepare(
      `SELECT offers.*, merchants.name AS merchant_name, merchants.x_username AS merchant_x_username
       FROM offer_hashtags
       JOIN offers ON offers.id = offer_hashtags.offer_id
       JOIN merchants ON merchants.id = offers.merchant_id
       WHERE offers.enrol_by_ms >= ?1 AND offers.paused = 0 AND offers.funded_at_ms IS NOT NULL
       ORDER BY offers.created_at_ms, offers.id
       LIMIT ?2`,
    )
    .bind(nowMs, limit)
    .all<CatalogueRow>();
  return results.map((row) => ({
    id: row.id,
    hashtag: row.hashtag,
    title: row.title,
    merchantName: row.merchant_name,
    merchantUsername: row.merchant_x_username,
    terms: termsOf(row),
    enrolBy: iso(row.enrol_by_ms),
    spendBy: iso(row.spend_by_ms),
    status: row.credits_used >= row.budget_credits ? 'fully_redeemed' : 'live',
    // The CHECK `credits_within_budget` keeps it between 0 and the budget.
    budgetLeftCredits: row.budget_credits - row.credits_used,
  }));
}

/** Hashtags of offers whose tweets the search job looks for: those claimable now. */
export async function listClaimableHashtags(db: D1Database, nowMs: number, limit: number): Promise<string[]> {
  const { results } = await db
    .prepare(
      `SELECT offers.hashtag FROM offer_hashtags JOIN offers ON offers.id = offer_hashtags.offer_id
       WHERE offers.enrol_by_ms >= ?1 AND offers.paused = 0 AND offers.funded_at_ms IS NOT NULL
         AND offers.credits_used < offers.budget_credits
       ORDER BY offers.created_at_ms, offers.id LIMIT ?2`,
    )
    .bind(nowMs, limit)
    .all<{ hashtag: string }>();
  return results.map((row) => row.hashtag);
}

// --- Enrolments and claim tweets ------------------------------------------------------------------

/**
 * Enrols a user, only if the offer still takes claims at `nowMs` (funded, not paused, before
 * enrol-by, budget not used up) and the user is not enrolled yet; otherwise changes nothing.
 */
export function insertEnrolmentStatement(db: D1Database, enrolment: EnrolmentRow) {
  return db
    .prepare(
      `INSERT INTO offer_enrolments (id, offer_id, user_id, tweet_root_id, enrolled_at_ms)
       SELECT ?1, ?2, ?3, ?4, ?5 FROM offers
       WHERE offers.id = ?2 AND offers.paused = 0 AND offers.funded_at_ms IS NOT NULL
         AND offers.enrol_by_ms >= ?5 AND offers.credits_used < offers.budget_credits
       ON CONFLICT (user_id, offer_id) DO NOTHING`,
    )
    .bind(enrolment.id, enrolment.offer_id, enrolment.user_id, enrolment.tweet_root_id, enrolment.enrolled_at_ms);
}

/**
 * What the claim tweet did, decided by the database after the enrolment statement before it in
 * the batch: `enrolled` if that enrolment was written, otherwise the reason it was not, read at
 * the same instant (so a concurrent claim or credit cannot make the reason wrong). An author
 * without a linked account (`userId` null) is `author-not-linked`.
 */
export function insertClaimTweetStatement(
  db: D1Database,
  claim: { rootId: string; offerId: string; userId: string | null; enrolmentId: string },
  nowMs: number,
) {
  return db
    .prepare(
      `INSERT INTO offer_claim_tweets (root_id, offer_id, user_id, outcome, decided_at_ms)
       SELECT ?1, offers.id, ?3,
         CASE
           WHEN ?3 IS NULL THEN 'author-not-linked'
           WHEN EXISTS (SELECT 1 FROM offer_enrolments WHERE id = ?4) THEN 'enrolled'
           WHEN EXISTS (SELECT 1 FROM offer_enrolments WHERE user_id = ?3 AND offer_id = ?2) THEN 'already-claimed'
           WHEN offers.spend_by_ms < ?5 THEN 'offer-ended'
           WHEN offers.enrol_by_ms < ?5 THEN 'enrol-by-passed'
           WHEN offers.paused = 1 OR offers.funded_at_ms IS NULL THEN 'offer-paused'
           ELSE 'fully-redeemed'
         END,
         ?5
       FROM offers WHERE offers.id = ?2`,
    )
    .bind(claim.rootId, claim.offerId, claim.userId, claim.enrolmentId, nowMs);
}

/**
 * A claim tweet refused for a reason known before the batch (the author is the offer's merchant):
 * no enrolment is attempted, the outcome is written as given.
 */
export function insertRefusedClaimTweetStatement(
  db: D1Database,
  claim: { rootId: string; offerId: string; userId: string; outcome: 'merchant-own-offer' },
  nowMs: number,
) {
  return db
    .prepare(
      `INSERT INTO offer_claim_tweets (root_id, offer_id, user_id, outcome, decided_at_ms) VALUES (?1, ?2, ?3, ?4, ?5)`,
    )
    .bind(claim.rootId, claim.offerId, claim.userId, claim.outcome, nowMs);
}

/**
 * Which of these offers belong to the merchant whose X account this linked user is: the
 * merchant's stored handle equals the user's handle as X gave it at their last link (users are
 * found by X user id, so the handle is X's, not the tweet's). Handles compare without case, like X.
 */
export async function offersOfUsersMerchant(
  db: D1Database,
  userId: string,
  offerIds: readonly string[],
): Promise<Set<string>> {
  if (offerIds.length === 0) return new Set();
  const placeholders = offerIds.map((_, index) => `?${index + 2}`).join(', ');
  const { results } = await db
    .prepare(
      `SELECT offers.id AS id FROM offers
       JOIN merchants ON merchants.id = offers.merchant_id
       JOIN users ON users.id = ?1
       WHERE offers.id IN (${placeholders}) AND users.username IS NOT NULL AND merchants.x_username IS NOT NULL
         AND lower(merchants.x_username) = lower(users.username)`,
    )
    .bind(userId, ...offerIds)
    .all<{ id: string }>();
  return new Set(results.map((row) => row.id));
}

export async function findClaimTweet(db: D1Database, rootId: string): Promise<ClaimTweetRow | null> {
  return db.prepare('SELECT * FROM offer_claim_tweets WHERE root_id = ?').bind(rootId).first<ClaimTweetRow>();
}

export async function findEnrolment(db: D1Database, userId: string, offerId: string): Promise<EnrolmentRow | null> {
  return db
    .prepare('SELECT * FROM offer_enrolments WHERE user_id = ? AND offer_id = ?')
    .bind(userId, offerId)
    .first<EnrolmentRow>();
}

export async function countEnrolments(db: D1Database, offerId: string): Promise<number> {
  const row = await db
    .prepare('SELECT count(*) AS n FROM offer_enrolments WHERE offer_id = ?')
    .bind(offerId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

export interface UserClaimRow {
  enrolment_id: string;
  offer_id: string;
  hashtag: string;
  tweet_root_id: string;
  enrolled_at_ms: number;
}

export async function listUserClaims(db: D1Database, userId: string, limit: number): Promise<UserClaimRow[]> {
  const { results } = await db
    .prepare(
      `SELECT offer_enrolments.id AS enrolment_id, offers.id AS offer_id, offers.hashtag, offer_enrolments.tweet_root_id,
         offer_enrolments.enrolled_at_ms
       FROM offer_enrolments JOIN offers ON offers.id = offer_enrolments.offer_id
       WHERE offer_enrolments.user_id = ?1
       ORDER BY offer_enrolments.enrolled_at_ms DESC, offer_enrolments.id LIMIT ?2`,
    )
    .bind(userId, limit)
    .all<UserClaimRow>();
  return results;
}

// --- Credits, as the credits table (offer_credits) records them -----------------------------------

const CLAIM_STATUS_OF_CREDIT: Record<string, ClaimStatus> = {
  pending: 'credit_pending',
  posted: 'credited',
  voided: 'reversed',
  reversed: 'reversed',
};

function isMissingTable(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /no such (table|column)/.test(message);
}

/**
 * Where each enrolment's credit stands (`offer_credits.status`: pending, posted, voided, reversed);
 * an enrolment without a credit is absent. Empty while the worker keeps no credits table.
 */
export async function creditStatusesOf(
  db: D1Database,
  enrolmentIds: readonly string[],
): Promise<Map<string, ClaimStatus>> {
  const statuses = new Map<string, ClaimStatus>();
  if (enrolmentIds.length === 0) return statuses;
  const placeholders = enrolmentIds.map(() => '?').join(', ');
  try {
    const { results } = await db
      .prepare(`SELECT enrolment_id, status FROM offer_credits WHERE enrolment_id IN (${placeholders})`)
      .bind(...enrolmentIds)
      .all<{ enrolment_id: string; status: string }>();
    for (const row of results) {
      const status = CLAIM_STATUS_OF_CREDIT[row.status];
      if (status !== undefined) statuses.set(row.enrolment_id, status);
    }
  } catch (error) {
    if (!isMissingTable(error)) throw error;
  }
  return statuses;
}
