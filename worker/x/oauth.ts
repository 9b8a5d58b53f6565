import { TwitterApi } from 'twitter-api-v2';
import { X_REQUEST_TIMEOUT_DEFAULT_MS, xCall } from './client';
import { toXError, XError } from './errors';
import { type XUser, XUserResponseSchema } from './schemas';
import { abortAfterPlugin, withTimeout } from './timeout';

/** What linking asks of the user's X account: read their identity, nothing more. */
export const OAUTH_SCOPES = ['tweet.read', 'users.read', 'offline.access'];

/** What users/me is asked for besides id, name and handle: the picture the popup shows. */
export const LINK_USER_FIELDS = ['profile_image_url'] as const;

/** The X account behind a user token, as linking records it. */
export interface LinkedXUser extends XUser {
  /** As X gave it, unchecked; null when X gave none. */
  profileImageUrl: string | null;
}

export interface OAuthStart {
  /** X's authorize URL (https://x.com/i/oauth2/authorize?…). */
  url: string;
  state: string;
  codeVerifier: string;
}

export interface XOAuthOptions {
  clientId: string;
  clientSecret: string;
  timeoutMs?: number;
  nowMs?: () => number;
}

/**
 * OAuth 2.0 Authorization Code with PKCE against X, on twitter-api-v2. The user's access token
 * serves once, to learn who they are (users/me), and is not kept: Hashpay acts on X as the app.
 */
export class XOAuth {
  private readonly api: TwitterApi;
  private readonly timeoutMs: number;
  private readonly nowMs: () => number;

  constructor(options: XOAuthOptions) {
    this.timeoutMs = options.timeoutMs ?? X_REQUEST_TIMEOUT_DEFAULT_MS;
    // The user client made by loginWithOAuth2 inherits these settings, the abort plugin included.
    this.api = new TwitterApi(
      { clientId: options.clientId, clientSecret: options.clientSecret },
      { plugins: [abortAfterPlugin(this.timeoutMs)] },
    );
    this.nowMs = options.nowMs ?? Date.now;
  }

  start(callbackUrl: string): OAuthStart {
    const link = this.api.generateOAuth2AuthLink(callbackUrl, { scope: OAUTH_SCOPES });
    return { url: link.url, state: link.state, codeVerifier: link.codeVerifier };
  }

  /** Exchanges the callback's code for a user token and returns the X account it belongs to. */
  async userOfCode({
    code,
    codeVerifier,
    redirectUri,
  }: {
    code: string;
    codeVerifier: string;
    redirectUri: string;
  }): Promise<LinkedXUser> {
    const operation = 'oauth token';
    let userClient: TwitterApi;
    try {
      const login = await withTimeout(
        this.api.loginWithOAuth2({ code, codeVerifier, redirectUri }),
        this.timeoutMs,
        operation,
      );
      userClient = login.client;
    } catch (error) {
      const mapped = toXError(error, operation, this.nowMs());
      // twitter-api-v2 reads the token answer without checking it: a TypeError here means X's shape.
      if (mapped instanceof TypeError) {
        throw new XError('malformed', `${operation}: X's token answer is not usable`, undefined, { cause: error });
      }
      throw mapped;
    }
    const body = await xCall(
      'users/me',
      XUserResponseSchema,
      () => userClient.v2.me({ 'user.fields': [...LINK_USER_FIELDS] }),
      this.timeoutMs,
      this.nowMs,
    );
    if (!body.data) throw new XError('malformed', 'users/me: X named no user for this token');
    const { id, username, name, profile_image_url } = body.data;
    return { id, username, name, profileImageUrl: profile_image_url ?? null };
  }
}
