import { assert } from '../../shared/assert';
import type { CreateOfferRequest } from '../../shared/contract/offers';
import type { FieldProblem } from '../../shared/contract/problem';
import { HASHPAY_HASHTAG, sameHashtag } from '../../shared/hashtag';
import type { MerchantRow } from '../db/merchants';
import { cardMerchantIdsOf } from '../db/merchants';
import {
  cardMerchantIdsOfOffers,
  findOfferByRequest,
  insertOfferCardMerchantIdStatements,
  insertOfferStatement,
  isOffersUniqueViolation,
  markOfferFunded,
  type NewOfferRow,
  type OfferRow,
  takeHashtagStatement,
} from '../db/offers';
import { refuseLookAlikeHashtag, refuseLookAlikeName } from '../hashtags/trust';
import { createTransfer, ensureAccount } from '../ledger';
import { HttpProblem } from '../problem';
import { randomBase64Url } from '../session';

/**
 * Creating an offer: validated against the clock and the merchant's own acceptor ids, written
 * once per (merchant, request id), and funded.
 *
 * Funding: the offer's fund account (kind `offer_fund`, owned by the offer, in its currency) is
 * credited with `budgetCredits × creditMinor` by transfer `offer:<id>:fund`, so every credit the
 * offer can pay is covered before the first claim. Here the money comes from the world account;
 * in production it is the merchant's payment through billing, booked the same way. An offer
 * takes claims only once funded; a retry of the creation request finishes the funding.
 */

const OFFER_ID_RANDOM_BYTES = 16;
/** The ledger code of an offer's funding transfer. */
export const OFFER_FUND_CODE = 'offer_fund';

export function offerFundTransferId(offerId: string): string {
  return `offer:${offerId}:fund`;
}

export async function createOffer(
  db: D1Database,
  merchant: MerchantRow,
  request: CreateOfferRequest,
  nowMs: number,
): Promise<{ created: boolean; offer: OfferRow; cardMerchantIds: string[] }> {
  const replay = await findOfferByRequest(db, merchant.id, request.requestId);
  if (replay !== null) return answerReplay(db, replay, request, nowMs);

  await checkAgainstClockAndMerchant(db, merchant, request, nowMs);
  await refuseLookAlikeHashtag(db, request.hashtag, 'live offer', nowMs);
  await refuseLookAlikeName(
    db,
    request.title,
    'title',
    (organisation) => organisation.username.toLowerCase() === merchant.x_username?.toLowerCase(),
  );
  const row: NewOfferRow = {
    id: `of_${randomBase64Url(OFFER_ID_RANDOM_BYTES)}`,
    merchant_id: merchant.id,
    request_id: request.requestId,
    hashtag: request.hashtag,
    title: request.title,
    minimum_spend_minor: request.terms.minimumSpendMinor,
    credit_minor: request.terms.creditMinor,
    currency: request.terms.currency,
    enrol_by_ms: Date.parse(request.enrolBy),
    spend_by_ms: Date.parse(request.spendBy),
    budget_credits: request.budgetCredits,
    created_at_ms: nowMs,
  };
  let inserted: boolean;
  try {
    const results = await db.batch([
      takeHashtagStatement(db, row, nowMs),
      insertOfferStatement(db, row),
      ...insertOfferCardMerchantIdStatements(db, row.id, request.merchantIds),
    ]);
    inserted = (results[1]?.meta.changes ?? 0) === 1;
  } catch (error) {
    if (!isOffersUniqueViolation(error)) throw error;
    // The same request, sent twice at once: the other one wrote it.
    const written = await findOfferByRequest(db, merchant.id, request.requestId);
    if (written === null) throw error;
    return answerReplay(db, written, request, nowMs);
  }
  if (!inserted) {
    throw new HttpProblem(
      409,
      'hashtag-taken',
      `#${request.hashtag} is the hashtag of another live offer (hashtags are compared without regard to case).`,
    );
  }
  const offer = await fundOffer(db, row.id, nowMs);
  return { created: true, offer, cardMerchantIds: [...request.merchantIds].sort() };
}

async function checkAgainstClockAndMerchant(
  db: D1Database,
  merchant: MerchantRow,
  request: CreateOfferRequest,
  nowMs: number,
): Promise<void> {
  const problems: FieldProblem[] = [];
  // Every payment tweet carries #Hashpay: as an offer's hashtag it would claim on each payment.
  if (sameHashtag(request.hashtag, HASHPAY_HASHTAG)) {
    problems.push({ path: 'hashtag', message: `#${HASHPAY_HASHTAG} is reserved for payments` });
  }
  if (Date.parse(request.enrolBy) <= nowMs)
    problems.push({ path: 'enrolBy', message: 'enrolBy must be in the future' });
  if (Date.parse(request.spendBy) <= nowMs)
    problems.push({ path: 'spendBy', message: 'spendBy must be in the future' });
  const own = new Set(await cardMerchantIdsOf(db, merchant.id));
  const foreign = request.merchantIds.filter((id) => !own.has(id));
  if (foreign.length > 0) {
    problems.push({ path: 'merchantIds', message: `not merchant ids of yours: ${foreign.join(', ')}` });
  }
  if (problems.length > 0)
    throw new HttpProblem(422, 'invalid-offer', 'The offer cannot be created as asked.', problems);
}

/** A retry of a creation request: the same offer if the request is the same, a 409 otherwise. */
async function answerReplay(db: D1Database, offer: OfferRow, request: CreateOfferRequest, nowMs: number) {
  const cardMerchantIds = (await cardMerchantIdsOfOffers(db, [offer.id])).get(offer.id) ?? [];
  const same =
    offer.hashtag === request.hashtag &&
    offer.title === request.title &&
    offer.minimum_spend_minor === request.terms.minimumSpendMinor &&
    offer.credit_minor === request.terms.creditMinor &&
    offer.currency === request.terms.currency &&
    offer.enrol_by_ms === Date.parse(request.enrolBy) &&
    offer.spend_by_ms === Date.parse(request.spendBy) &&
    offer.budget_credits === request.budgetCredits &&
    cardMerchantIds.join('\n') === [...request.merchantIds].sort().join('\n');
  if (!same) {
    throw new HttpProblem(
      409,
      'request-id-reused',
      'This requestId was used for a different offer; use a new requestId for a new offer.',
    );
  }
  const funded = offer.funded_at_ms === null ? await fundOffer(db, offer.id, nowMs) : offer;
  return { created: false, offer: funded, cardMerchantIds };
}

/** Credits the offer's fund with its whole budget (once, by transfer id) and marks it funded. */
async function fundOffer(db: D1Database, offerId: string, nowMs: number): Promise<OfferRow> {
  const offer = await db.prepare('SELECT * FROM offers WHERE id = ?').bind(offerId).first<OfferRow>();
  assert(offer !== null, 'an offer being funded exists');
  const world = await ensureAccount(db, { kind: 'world', owner: null, currency: offer.currency }, nowMs);
  const fund = await ensureAccount(db, { kind: 'offer_fund', owner: offer.id, currency: offer.currency }, nowMs);
  const result = await createTransfer(
    db,
    {
      flags: 'plain',
      id: offerFundTransferId(offer.id),
      debitAccountId: world.id,
      creditAccountId: fund.id,
      amountMinor: offer.budget_credits * offer.credit_minor,
      currency: offer.currency,
      code: OFFER_FUND_CODE,
      reference: offer.id,
    },
    nowMs,
  );
  assert(result.ok, `funding offer ${offer.id} failed: ${result.ok ? '' : result.code}`);
  await markOfferFunded(db, offer.id, nowMs);
  return { ...offer, funded_at_ms: offer.funded_at_ms ?? nowMs };
}
