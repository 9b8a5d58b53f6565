import { Hono } from 'hono';
import type { z } from 'zod';
import type { OrganisationListResponseSchema } from '../../shared/contract/pots';
import type { AppEnv } from '../env';
import { listOrganisations } from '../organisations/registry';
import { sha256Hex } from '../session';
import { noneMatchHits } from './offers';

/** How long a browser or a cache may reuse the list without asking again. */
const ORGANISATIONS_MAX_AGE_S = 60;
const ETAG_DIGEST_LENGTH = 32;

/**
 * `GET /v1/organisations`: the verified organisations, public and cheap to poll. The same list
 * has the same strong ETag (a digest of its body); `If-None-Match` with it is answered 304.
 */
export const organisations = new Hono<AppEnv>().get('/', async (c) => {
  const body: z.infer<typeof OrganisationListResponseSchema> = { organisations: await listOrganisations(c.env.DB) };
  const json = JSON.stringify(body);
  const etag = `"${(await sha256Hex(json)).slice(0, ETAG_DIGEST_LENGTH)}"`;
  const headers = { etag, 'cache-control': `public, max-age=${ORGANISATIONS_MAX_AGE_S}` };
  if (noneMatchHits(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers);
  return c.body(json, 200, { ...headers, 'content-type': 'application/json' });
});
