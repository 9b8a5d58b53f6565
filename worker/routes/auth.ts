import { type Context, Hono } from 'hono';
import {
  AuthCallbackQuerySchema,
  AuthClaimRequestSchema,
  type AuthClaimResponse,
  AuthStartRequestSchema,
  type AuthStartResponse,
} from '../../shared/contract/identity';
import {
  claimOAuthLinkStatement,
  completeOAuthLinkStatement,
  consumeOAuthState,
  failOAuthLink,
  findOAuthLink,
  findOAuthLinkByStateHash,
  insertOAuthLink,
  type OAuthLinkRow,
} from '../db/oauth-links';
import { insertSessionForClaimedLinkStatement, revokeSessionByTokenHash } from '../db/sessions';
import { findLinkedUser, upsertUserStatement } from '../db/users';
import type { AppEnv, Env } from '../env';
import { claimEscrowForXUser } from '../payments/escrow';
import { HttpProblem } from '../problem';
import { bearerTokenOf, newSessionToken, randomBase64Url, SESSION_LIFETIME_MS, sha256Hex } from '../session';
import { validate } from '../validate';
import { authorizeUrlForBrowser, oauthCallbackUrl, xCredentials } from '../x/config';
import { XError } from '../x/errors';
import { XOAuth } from '../x/oauth';

/** From start to claim: time to consent on X and for the extension to pick the session up. */
export const OAUTH_LINK_LIFETIME_MS = 10 * 60 * 1000;
/** Random bytes in our ids (`lnk_`, `ses_`, `usr_`): 128 bits, base64url. */
const ID_RANDOM_BYTES = 16;

export const auth = new Hono<AppEnv>()
  .post('/start', validate('json', AuthStartRequestSchema), async (c) => {
    const { claimSecretHash } = c.req.valid('json');
    const oauth = new XOAuth(credentialsOrProblem(c.env));
    const { url, state, codeVerifier } = oauth.start(oauthCallbackUrl(c.env));
    const nowMs = Date.now();
    const link = {
      id: `lnk_${randomBase64Url(ID_RANDOM_BYTES)}`,
      stateHash: await sha256Hex(state),
      codeVerifier,
      claimSecretHash,
      createdAtMs: nowMs,
      expiresAtMs: nowMs + OAUTH_LINK_LIFETIME_MS,
    };
    await insertOAuthLink(c.env.DB, link);
    const body: AuthStartResponse = {
      linkId: link.id,
      authorizeUrl: authorizeUrlForBrowser(c.env, url),
      expiresAt: new Date(link.expiresAtMs).toISOString(),
    };
    return c.json(body, 201);
  })

  // X sends the user's tab here. The answer is a page for a person, not JSON.
  .get('/callback', async (c) => {
    const query = AuthCallbackQuerySchema.safeParse(c.req.query());
    if (!query.success || !query.data.state) {
      return page(c, 400, 'This sign-in link is not valid', 'Start linking again from the Hashpay extension.');
    }
    const { state, code, error } = query.data;
    const db = c.env.DB;
    const nowMs = Date.now();
    const stateHash = await sha256Hex(state);
    const link = await consumeOAuthState(db, stateHash, nowMs);
    if (!link) return page(c, 400, ...whyStateIsUnusable(await findOAuthLinkByStateHash(db, stateHash)));

    if (error || !code) {
      await failOAuthLink(db, link.id, error ?? 'no-code');
      return error === 'access_denied'
        ? page(c, 403, 'Linking cancelled', 'You declined on X, so nothing was linked. You can close this tab.')
        : page(
            c,
            400,
            'Linking failed',
            'X did not confirm the sign-in. Start linking again from the Hashpay extension.',
          );
    }

    const callbackUrl = oauthCallbackUrl(c.env);
    let xUser: Awaited<ReturnType<XOAuth['userOfCode']>>;
    try {
      const oauth = new XOAuth(credentialsOrProblem(c.env));
      xUser = await oauth.userOfCode({ code, codeVerifier: link.code_verifier, redirectUri: callbackUrl });
    } catch (failure) {
      if (!(failure instanceof XError)) throw failure;
      await failOAuthLink(db, link.id, `x-${failure.kind}`);
      console.warn(JSON.stringify({ event: 'oauth-callback-failed', kind: failure.kind, message: failure.message }));
      return failure.retryable
        ? page(c, 502, 'X could not be reached', 'Nothing was linked. Start linking again in a moment.')
        : page(c, 400, 'X did not accept this sign-in', 'Nothing was linked. Start linking again from the extension.');
    }

    const account = {
      xUserId: xUser.id,
      username: xUser.username,
      name: xUser.name,
      profileImageUrl: xUser.profileImageUrl,
    };
    // The user and the link's completion are one batch: both happen or neither.
    await db.batch([
      upsertUserStatement(db, account, `usr_${randomBase64Url(ID_RANDOM_BYTES)}`, nowMs),
      completeOAuthLinkStatement(db, link.id, xUser.id, nowMs),
    ]);
    // Money that waited in escrow for this X account is now its owner's. A failure here does not
    // undo the link: the escrow job claims it on its next run.
    await claimEscrowForXUser(c.env, xUser.id, nowMs).catch((failure: unknown) => {
      console.error(JSON.stringify({ event: 'escrow-claim-failed', xUserId: xUser.id, error: String(failure) }));
    });
    return page(c, 200, `Linked as @${xUser.username}`, 'You can close this tab and go back to X.');
  })

  .post('/claim', validate('json', AuthClaimRequestSchema), async (c) => {
    const { linkId, claimSecret } = c.req.valid('json');
    const db = c.env.DB;
    const nowMs = Date.now();
    const claimSecretHash = await sha256Hex(claimSecret);
    const token = newSessionToken();
    const session = {
      id: `ses_${randomBase64Url(ID_RANDOM_BYTES)}`,
      tokenHash: await sha256Hex(token),
      createdAtMs: nowMs,
      expiresAtMs: nowMs + SESSION_LIFETIME_MS,
    };
    // One batch: the guarded claim names the session, the insert happens only if it did.
    const [claimed] = await db.batch<{ user_id: string }>([
      claimOAuthLinkStatement(db, { linkId, claimSecretHash, sessionId: session.id, nowMs }),
      insertSessionForClaimedLinkStatement(db, session, linkId),
    ]);
    const userId = claimed?.results[0]?.user_id;
    if (!userId) throw whyClaimFailed(await findOAuthLink(db, linkId), claimSecretHash, nowMs);
    const user = await findLinkedUser(db, userId);
    if (!user) throw new HttpProblem(409, 'user-unlinked', 'This X account was unlinked meanwhile. Link it again.');
    const body: AuthClaimResponse = {
      sessionToken: token,
      user,
      expiresAt: new Date(session.expiresAtMs).toISOString(),
    };
    return c.json(body, 200);
  })

  // Signing out twice, or with a token that no longer works, is the same success.
  .post('/logout', async (c) => {
    const token = bearerTokenOf(c.req.header('authorization'));
    await revokeSessionByTokenHash(c.env.DB, await sha256Hex(token), Date.now());
    return c.body(null, 204);
  });

function credentialsOrProblem(env: Env) {
  try {
    return xCredentials(env);
  } catch (error) {
    if (error instanceof XError)
      throw new HttpProblem(503, 'x-not-configured', 'Linking X accounts is not set up on this server.');
    throw error;
  }
}

function whyStateIsUnusable(link: OAuthLinkRow | null): [title: string, detail: string] {
  if (!link) return ['This sign-in link is not valid', 'Start linking again from the Hashpay extension.'];
  if (link.status === 'pending')
    return ['This sign-in link has expired', 'Start linking again from the Hashpay extension.'];
  return [
    'This sign-in link was already used',
    'Each link works once. Start again from the Hashpay extension if needed.',
  ];
}

function whyClaimFailed(link: OAuthLinkRow | null, claimSecretHash: string, nowMs: number): HttpProblem {
  if (!link) return new HttpProblem(404, 'link-not-found', 'There is no link with this id.');
  // Only the holder of the claim secret learns anything about the link.
  if (link.claim_secret_hash !== claimSecretHash) {
    return new HttpProblem(403, 'claim-secret-mismatch', 'The claim secret does not match this link.');
  }
  if (link.status === 'claimed') {
    return new HttpProblem(409, 'link-claimed', 'This link was already claimed; a link gives one session.');
  }
  if (link.expires_at_ms <= nowMs) {
    return new HttpProblem(410, 'link-expired', 'This link has expired. Start linking again.');
  }
  if (link.status === 'failed') {
    const declined = link.failure === 'access_denied';
    return new HttpProblem(
      409,
      'link-failed',
      declined ? 'Linking was declined on X. Start again.' : 'Linking failed on X. Start again.',
    );
  }
  return new HttpProblem(409, 'link-pending', 'The X account is not linked yet: finish on X, then claim again.');
}

const PAGE_STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#0f1419}h1{font-size:1.4rem}';

/** A small self-contained page for the sign-in tab. Texts are escaped: handles come from X. */
function page(c: Context<AppEnv>, status: 200 | 400 | 403 | 502, title: string, detail: string): Response {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escapeHtml(title)} · Hashpay</title><style>${PAGE_STYLE}</style></head>
<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(detail)}</p></body></html>
`;
  return c.html(html, status, {
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    'referrer-policy': 'no-referrer',
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
