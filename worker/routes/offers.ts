import { Hono } from 'hono';
import type { CatalogueResponse, Claim, ClaimListResponse } from '../../shared/contract/offers';
import { creditStatusesOf, listCatalogue, listUserClaims } from '../db/offers';
import type { AppEnv } from '../env';
import { requireSession, sha256Hex } from '../session';

/** Offers in the catalogue at most; the extension keeps all of them in memory. */
export const CATALOGUE_OFFERS_MAX = 1_000;
/** Claims listed per user at most, newest first. */
export const CLAIMS_LISTED_MAX = 200;
/** How long a browser or a cache may reuse the catalogue without asking again. */
const CATALOGUE_MAX_AGE_S = 60;
const ETAG_DIGEST_LENGTH = 32;

/** True if `If-None-Match` lists this entity tag (weak comparison, as RFC 9110 asks for this header). */
export function noneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === etag);
}

export const offers = new Hono<AppEnv>()
  // Public and cheap to poll: the same catalogue has the same strong ETag (a digest of its body),
  // and `If-None-Match` with it is answered 304 with no body.
  .get('/', async (c) => {
    const body: CatalogueResponse = { offers: await listCatalogue(c.env.DB, Date.now(), CATALOGUE_OFFERS_MAX) };
    const json = JSON.stringify(body);
    const etag = `"${(await sha256Hex(json)).slice(0, ETAG_DIGEST_LENGTH)}"`;
    const headers = { etag, 'cache-control': `public, max-age=${CATALOGUE_MAX_AGE_S}` };
    if (noneMatchHits(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers);
    return c.body(json, 200, { ...headers, 'content-type': 'application/json' });
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
