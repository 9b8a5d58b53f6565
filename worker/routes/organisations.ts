import { Hono } from 'hono';
import type { z } from 'zod';
import type { OrganisationListResponseSchema } from '../../shared/contract/pots';
import type { AppEnv } from '../env';
import { publicJsonWithEtag } from '../etag';
import { listOrganisations } from '../organisations/registry';

/** How long a browser or a cache may reuse the list without asking again. */
const ORGANISATIONS_MAX_AGE_S = 60;

/**
 * `GET /v1/organisations`: the verified organisations, public and cheap to poll. The same list
 * has the same strong ETag (a digest of its body); `If-None-Match` with it is answered 304.
 */
export const organisations = new Hono<AppEnv>().get('/', async (c) => {
  const body: z.infer<typeof OrganisationListResponseSchema> = { organisations: await listOrganisations(c.env.DB) };
  return publicJsonWithEtag(c, body, ORGANISATIONS_MAX_AGE_S);
});
