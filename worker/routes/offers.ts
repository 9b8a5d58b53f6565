import { Hono } from 'hono';
import type { CatalogueResponse, Claim, ClaimListResponse } from '../../shared/contract/offers';
import { creditStatusesOf, listCatalogue, listUserClaims } from '../db/offers';
import type { AppEnv } from '../env';
import { publicJsonWithEtag } from '../etag';
import { requireSession } from '../session';

/** Offers in the catalogue at most; the extension keeps all of them in memory. */
export const CATALOGUE_OFFERS_MAX = 1_000;
/** Claims listed per user at most, newest first. */
export const CLAIMS_LISTED_MAX = 200;
/** How long a browser or a cache may reuse the catalogue without asking again. */
const CATALOGUE_MAX_AGE_S = 60;

export const offers = new Hono<AppEnv>()
  // Public and cheap to poll (strong ETag, 304).
  .get('/', async (c) => {
    const body: CatalogueResponse = { offers: await listCatalogue(c.env.DB, Date.now(), CATALOGUE_OFFERS_MAX) };
    return publicJsonWithEtag(c, body, CATALOGUE_MAX_AGE_S);
  })

  // The signed-in user's claims and where each one's credit stands.
  .get('/claims', requireSession, async (c) => {
    const { user } = c.var.session;
    const rows = await listUserClaims(c.env.DB, user.id, CLAIMS_LISTED_MAX);
    const statuses = await creditStatusesOf(
      c.env.DB,
      rows.map((row) => row.enrolment_id),
    );
    const claims: Claim[] = rows.map((row) => ({
      offerId: row.offer_id,
      hashtag: row.hashtag,
      status: statuses.get(row.enrolment_id) ?? 'enrolled',
      claimedAt: new Date(row.enrolled_at_ms).toISOString(),
      tweetId: row.tweet_root_id,
    }));
    const body: ClaimListResponse = { claims };
    return c.json(body, 200, { 'cache-control': 'no-store' });
  });
