import { Hono } from 'hono';
import * as z from 'zod';
import {
  CreateOfferRequestSchema,
  type MerchantOfferDetailResponse,
  type MerchantOfferListResponse,
  type MerchantOfferResponse,
  OfferIdSchema,
} from '../../shared/contract/offers';
import { creditStatsOfOffer } from '../credits/stats';
import {
  cardMerchantIdsOfOffers,
  countEnrolments,
  findOffer,
  listMerchantOffers,
  merchantOfferFromRow,
  type OfferRow,
  setOfferPaused,
} from '../db/offers';
import type { Env } from '../env';
import { createOffer } from '../offers/create';
import { type MerchantVariables, requireMerchant } from '../offers/merchants';
import { HttpProblem } from '../problem';
import { followHashtagChange } from '../stream/lifecycle';
import { validate } from '../validate';

/** Offers listed per merchant at most, newest first. */
export const MERCHANT_OFFERS_LISTED_MAX = 200;

const OfferParamSchema = z.strictObject({ id: OfferIdSchema });

type MerchantEnv = { Bindings: Env; Variables: MerchantVariables };

function notFound(offerId: string): HttpProblem {
  // Another merchant's offer is answered like one that does not exist: its existence is not theirs to know.
  return new HttpProblem(404, 'offer-not-found', `You have no offer ${offerId}.`);
}

async function ownOffer(db: D1Database, merchantId: string, offerId: string): Promise<OfferRow> {
  const offer = await findOffer(db, offerId);
  if (offer === null || offer.merchant_id !== merchantId) throw notFound(offerId);
  return offer;
}

async function offerResponse(db: D1Database, offer: OfferRow, nowMs: number): Promise<MerchantOfferResponse> {
  const ids = (await cardMerchantIdsOfOffers(db, [offer.id])).get(offer.id) ?? [];
  return { offer: merchantOfferFromRow(offer, ids, nowMs) };
}

/** The merchant API: a merchant's own offers, behind its API key. */
export const merchantOffers = new Hono<MerchantEnv>()
  .use(requireMerchant)
  .post('/', validate('json', CreateOfferRequestSchema), async (c) => {
    const nowMs = Date.now();
    const made = await createOffer(c.env.DB, c.var.merchant, c.req.valid('json'), nowMs);
    if (made.created) followHashtagChange(c);
    const body: MerchantOfferResponse = { offer: merchantOfferFromRow(made.offer, made.cardMerchantIds, nowMs) };
    return c.json(body, made.created ? 201 : 200);
  })

  .get('/', async (c) => {
    const nowMs = Date.now();
    const rows = await listMerchantOffers(c.env.DB, c.var.merchant.id, MERCHANT_OFFERS_LISTED_MAX);
    const ids = await cardMerchantIdsOfOffers(
      c.env.DB,
      rows.map((row) => row.id),
    );
    const body: MerchantOfferListResponse = {
      offers: rows.map((row) => merchantOfferFromRow(row, ids.get(row.id) ?? [], nowMs)),
    };
    return c.json(body);
  })

  .get('/:id', validate('param', OfferParamSchema), async (c) => {
    const nowMs = Date.now();
    const offer = await ownOffer(c.env.DB, c.var.merchant.id, c.req.valid('param').id);
    const body: MerchantOfferDetailResponse = {
      ...(await offerResponse(c.env.DB, offer, nowMs)),
      stats: {
        enrolments: await countEnrolments(c.env.DB, offer.id),
        ...(await creditStatsOfOffer(c.env.DB, offer.id)),
        budgetLeftCredits: offer.budget_credits - offer.credits_used,
      },
    };
    return c.json(body);
  })

  // Pausing refuses new claims; cards enrolled before keep earning within the spend window.
  .post('/:id/pause', validate('param', OfferParamSchema), async (c) => {
    const nowMs = Date.now();
    const { id } = c.req.valid('param');
    const offer = await setOfferPaused(c.env.DB, c.var.merchant.id, id, true, nowMs);
    if (offer === null) throw notFound(id);
    followHashtagChange(c);
    return c.json(await offerResponse(c.env.DB, offer, nowMs));
  })

  .post('/:id/resume', validate('param', OfferParamSchema), async (c) => {
    const nowMs = Date.now();
    const { id } = c.req.valid('param');
    const offer = await setOfferPaused(c.env.DB, c.var.merchant.id, id, false, nowMs);
    if (offer === null) throw notFound(id);
    followHashtagChange(c);
    return c.json(await offerResponse(c.env.DB, offer, nowMs));
  });
