import { PROFILE_IMAGE_URL_LENGTH_MAX } from './identity';
import { HandleSchema } from './money';
import * as z from './zod';

/**
 * `GET /v1/people/:handle` (session): who a handle names on X right now, for the pay sheet's payee
 * card. Read from the X API, never from the page; `avatarUrl` is X's profile picture (https) or
 * null when X gave none. The answer may be reused for PERSON_MAX_AGE_S (`Cache-Control: private`).
 */

/** How long the worker lets the caller keep a person's answer. */
export const PERSON_MAX_AGE_S = 300;

/** Display names on X are at most 50 characters; room for what X may allow later. */
export const PERSON_NAME_LENGTH_MAX = 200;

export const PersonResponseSchema = z.object({
  handle: HandleSchema,
  name: z.string().check(z.maxLength(PERSON_NAME_LENGTH_MAX)),
  avatarUrl: z.nullable(z.url({ protocol: /^https$/ }).check(z.maxLength(PROFILE_IMAGE_URL_LENGTH_MAX))),
  xUserId: z.string().check(z.regex(/^[1-9][0-9]{0,19}$/)),
  verifiedOrganisation: z.boolean(),
});

export type PersonResponse = z.infer<typeof PersonResponseSchema>;
