/**
 * OAuth 2.0 Authorization Code with PKCE, as X runs it: the consent step issues a single-use
 * code bound to the client, the redirect URI and the code challenge; the token endpoint checks
 * all three and the verifier, and hands out two-hour access tokens and rotating refresh tokens.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { json, type Route, readFields, route } from './route.js';
import { randomToken, SandboxError, type SandboxStore } from './store.js';

export const SANDBOX_CLIENT_ID = 'hashpay-sandbox';
export const SANDBOX_CLIENT_SECRET = 'sandbox-secret';
export const SANDBOX_APP_NAME = 'Hashpay (sandbox)';
/** X's codes expire about 30 seconds after consent. */
export const AUTHORIZATION_CODE_LIFETIME_MS = 30_000;

/** The scopes X knows; a request for anything else is refused at consent. */
export const OAUTH_SCOPES = new Set([
  'tweet.read',
  'tweet.write',
  'tweet.moderate.write',
  'users.read',
  'users.email',
  'follows.read',
  'follows.write',
  'offline.access',
  'space.read',
  'mute.read',
  'mute.write',
  'like.read',
  'like.write',
  'list.read',
  'list.write',
  'block.read',
  'block.write',
  'bookmark.read',
  'bookmark.write',
  'media.write',
]);

export interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  state: string;
  codeChallenge: string;
  codeChallengeMethod: 'S256' | 'plain';
  scope: string[];
}

interface AuthorizationCode extends AuthorizeRequest {
  userId: string;
  expiresAtMs: number;
  used: boolean;
  issuedAccessToken?: string;
}

/** Reads and checks the query of an authorize URL (of any host: x.com or the sandbox's own). */
export function readAuthorizeRequest(authorizeUrl: string): AuthorizeRequest {
  let url: URL;
  try {
    url = new URL(authorizeUrl);
  } catch {
    throw new SandboxError(400, `not a URL: ${authorizeUrl}`);
  }
  const query = url.searchParams;
  const required = (name: string) => {
    const value = query.get(name);
    if (!value) throw new SandboxError(400, `the authorize URL has no ${name}`);
    return value;
  };
  if (required('response_type') !== 'code') throw new SandboxError(400, 'response_type must be "code"');
  const clientId = required('client_id');
  if (clientId !== SANDBOX_CLIENT_ID) throw new SandboxError(400, `unknown client_id "${clientId}"`);
  const redirectUri = required('redirect_uri');
  if (!/^https?:\/\//.test(redirectUri)) throw new SandboxError(400, 'redirect_uri must be an http(s) URL');
  const method = required('code_challenge_method').toLowerCase();
  if (method !== 's256' && method !== 'plain') {
    throw new SandboxError(400, 'code_challenge_method must be S256 or plain');
  }
  const scope = required('scope')
    .split(' ')
    .filter((item) => item !== '');
  const unknownScope = scope.find((item) => !OAUTH_SCOPES.has(item));
  if (unknownScope !== undefined) throw new SandboxError(400, `unknown scope "${unknownScope}"`);
  return {
    clientId,
    redirectUri,
    state: required('state'),
    codeChallenge: required('code_challenge'),
    codeChallengeMethod: method === 's256' ? 'S256' : 'plain',
    scope,
  };
}

function tokenError(description: string, status = 400, error = 'invalid_request'): Response {
  return json({ error, error_description: description }, status);
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function challengeOf(verifier: string, method: 'S256' | 'plain'): string {
  return method === 'plain' ? verifier : createHash('sha256').update(verifier).digest('base64url');
}

export class OAuthServer {
  private readonly codes = new Map<string, AuthorizationCode>();

  constructor(
    private readonly store: SandboxStore,
    private readonly codeLifetimeMs: number,
  ) {}

  /** What the consent page does on Authorize (or Cancel): the URL X redirects the browser to. */
  decide(input: { authorizeUrl: string; username: string; decision?: 'allow' | 'deny' }): string {
    const request = readAuthorizeRequest(input.authorizeUrl);
    const redirect = new URL(request.redirectUri);
    redirect.searchParams.set('state', request.state);
    if (input.decision === 'deny') {
      redirect.searchParams.set('error', 'access_denied');
      return redirect.toString();
    }
    const user = this.store.userByUsername(input.username);
    if (!user) throw new SandboxError(404, `no sandbox user @${input.username}`);
    const code = randomToken();
    this.codes.set(code, {
      ...request,
      userId: user.id,
      expiresAtMs: this.store.now() + this.codeLifetimeMs,
      used: false,
    });
    redirect.searchParams.set('code', code);
    return redirect.toString();
  }

  routes(): Route[] {
    return [
      route('POST', '/2/oauth2/token', async ({ request }) => {
        const fields = await readFields(request);
        if (!fields) return tokenError('Missing required parameter [grant_type].');
        const field = (name: string) => (typeof fields[name] === 'string' ? (fields[name] as string) : undefined);
        const clientError = this.checkClient(request, field('client_id'));
        if (clientError) return clientError;
        const grantType = field('grant_type');
        if (grantType === 'authorization_code') return this.exchangeCode(field);
        if (grantType === 'refresh_token') return this.refresh(field('refresh_token'));
        return tokenError(
          grantType ? 'Value passed for the grant type was invalid.' : 'Missing required parameter [grant_type].',
        );
      }),
      route('POST', '/2/oauth2/revoke', async ({ request }) => {
        const fields = await readFields(request);
        const token = typeof fields?.token === 'string' ? fields.token : undefined;
        if (!token) return tokenError('Missing required parameter [token].');
        const clientError = this.checkClient(request, typeof fields?.client_id === 'string' ? fields.client_id : '');
        if (clientError) return clientError;
        const grant = this.store.tokens.get(token) ?? this.store.tokenByRefresh(token);
        if (grant) this.store.revoke(grant);
        return json({ revoked: true });
      }),
    ];
  }

  /** A confidential client authenticates with Basic auth; a public client names itself in the body. */
  private checkClient(request: Request, bodyClientId: string | undefined): Response | undefined {
    const header = request.headers.get('authorization');
    if (header) {
      const match = /^Basic (\S+)$/i.exec(header);
      const [id, secret] = match
        ? Buffer.from(match[1]!, 'base64').toString('utf8').split(':').map(decodeURIComponent)
        : [];
      if (id !== SANDBOX_CLIENT_ID || secret === undefined || !sameText(secret, SANDBOX_CLIENT_SECRET)) {
        return tokenError('Missing valid authorization header', 401, 'unauthorized_client');
      }
      return undefined;
    }
    if (bodyClientId !== SANDBOX_CLIENT_ID) return tokenError('Missing required parameter [client_id].');
    return undefined;
  }

  private exchangeCode(field: (name: string) => string | undefined): Response {
    for (const name of ['code', 'code_verifier', 'redirect_uri']) {
      if (!field(name)) return tokenError(`Missing required parameter [${name}].`);
    }
    const grant = this.codes.get(field('code')!);
    if (!grant || grant.expiresAtMs <= this.store.now()) {
      return tokenError('Value passed for the authorization code was invalid.');
    }
    if (grant.used) {
      // A replayed code may be stolen: the token it gave is revoked too.
      const issued = grant.issuedAccessToken ? this.store.tokens.get(grant.issuedAccessToken) : undefined;
      if (issued) this.store.revoke(issued);
      return tokenError('Value passed for the authorization code was invalid.');
    }
    grant.used = true; // single use, whether this attempt succeeds or not
    if (field('redirect_uri') !== grant.redirectUri) {
      return tokenError('Value passed for the redirect uri did not match the uri of the authorization code.');
    }
    if (!sameText(challengeOf(field('code_verifier')!, grant.codeChallengeMethod), grant.codeChallenge)) {
      return tokenError('Value passed for the code verifier did not match the code challenge.');
    }
    const token = this.store.issueToken(grant.userId, grant.scope);
    grant.issuedAccessToken = token.accessToken;
    return this.tokenResponse(token.accessToken);
  }

  private refresh(refreshToken: string | undefined): Response {
    if (!refreshToken) return tokenError('Missing required parameter [refresh_token].');
    const previous = this.store.tokenByRefresh(refreshToken);
    if (!previous) return tokenError('Value passed for the token was invalid.');
    // Refresh tokens rotate: the old pair stops working once the new one is issued.
    this.store.revoke(previous);
    const token = this.store.issueToken(previous.userId, previous.scope);
    return this.tokenResponse(token.accessToken);
  }

  private tokenResponse(accessToken: string): Response {
    const token = this.store.tokens.get(accessToken)!;
    const body: Record<string, unknown> = {
      token_type: 'bearer',
      expires_in: Math.round((token.expiresAtMs - this.store.now()) / 1000),
      access_token: token.accessToken,
      scope: token.scope.join(' '),
    };
    if (token.refreshToken) body.refresh_token = token.refreshToken;
    return json(body);
  }
}
