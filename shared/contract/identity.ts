import { TextSchema } from './text';
import * as z from './zod';

/**
 * The identity part of the worker's HTTP contract: linking an X account, sessions, `/v1/me`.
 *
 * Linking, as the extension's background runs it:
 * 1. make a random claim secret, `POST /v1/auth/start { claimSecretHash }` (SHA-256, lowercase hex);
 * 2. open `authorizeUrl` in a tab; the user consents on X, X sends the tab to `/v1/auth/callback`;
 * 3. `POST /v1/auth/claim { linkId, claimSecret }` until it answers the session (409
 *    `link-pending` while the user has not consented yet). A link is claimed once.
 */

/** Session tokens: `hps_` and 32 random bytes in base64url. Sent as `Authorization: Bearer hps_…`. */
export const SESSION_TOKEN_PATTERN = /^hps_[A-Za-z0-9_-]{43}$/;
export const LINK_ID_PATTERN = /^lnk_[A-Za-z0-9_-]{22}$/;
/** A claim secret is the extension's own random string, at least 128 bits' worth. */
export const CLAIM_SECRET_LENGTH_MIN = 22;
export const CLAIM_SECRET_LENGTH_MAX = 128;

const Sha256HexSchema = z
  .string()
  .check(z.regex(/^[0-9a-f]{64}$/, 'a SHA-256 digest in lowercase hex (64 characters)'));
const IsoTimeSchema = z.iso.datetime();

export const AuthStartRequestSchema = z.strictObject({
  claimSecretHash: Sha256HexSchema,
});

export const AuthStartResponseSchema = z.object({
  linkId: z.string().check(z.regex(LINK_ID_PATTERN)),
  /** Open it in a tab: X's consent page (the sandbox's in sandbox mode). */
  authorizeUrl: z.url(),
  /** Consent and claim must both happen before this time. */
  expiresAt: IsoTimeSchema,
});

export const AuthClaimRequestSchema = z.strictObject({
  linkId: z.string().check(z.regex(LINK_ID_PATTERN, 'a link id as returned by /v1/auth/start')),
  claimSecret: z
    .string()
    .check(
      z.minLength(CLAIM_SECRET_LENGTH_MIN),
      z.maxLength(CLAIM_SECRET_LENGTH_MAX),
      z.regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces'),
    ),
});

/** The longest profile picture address the worker keeps (X's are about 80 characters). */
export const PROFILE_IMAGE_URL_LENGTH_MAX = 1024;

/**
 * A linked user. `xUserId` is what identifies them on X; `username` is their handle at the last
 * link; `profileImageUrl` their X profile picture then (https), or null when X gave none.
 */
export const UserSchema = z.object({
  id: z.string(),
  xUserId: z.string().check(z.regex(/^[1-9][0-9]{0,19}$/)),
  username: z.string(),
  name: z.string(),
  // A worker from before pictures answers none; the account then shows its initial.
  profileImageUrl: z._default(
    z.nullable(z.url({ protocol: /^https$/ }).check(z.maxLength(PROFILE_IMAGE_URL_LENGTH_MAX))),
    null,
  ),
});

export const AuthClaimResponseSchema = z.object({
  sessionToken: z.string().check(z.regex(SESSION_TOKEN_PATTERN)),
  user: UserSchema,
  expiresAt: IsoTimeSchema,
});

export const MeResponseSchema = z.object({
  user: UserSchema,
  session: z.object({ expiresAt: IsoTimeSchema }),
});

/** The callback's query: `state` and `code` on consent, `state` and `error` (e.g. access_denied) otherwise. */
export const AuthCallbackQuerySchema = z.object({
  state: z.optional(TextSchema({ lengthMax: 512 })),
  code: z.optional(TextSchema({ lengthMax: 2048 })),
  error: z.optional(TextSchema({ lengthMax: 128 })),
});

export type AuthStartRequest = z.infer<typeof AuthStartRequestSchema>;
export type AuthStartResponse = z.infer<typeof AuthStartResponseSchema>;
export type AuthClaimRequest = z.infer<typeof AuthClaimRequestSchema>;
export type AuthClaimResponse = z.infer<typeof AuthClaimResponseSchema>;
export type MeResponse = z.infer<typeof MeResponseSchema>;
export type UserView = z.infer<typeof UserSchema>;
