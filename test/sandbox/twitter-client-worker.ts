/**
 * A worker that calls X through twitter-api-v2, the client the Hashpay worker uses. The sandbox's
 * tests run it in workerd with its requests to api.x.com routed to the sandbox, to prove the
 * client reads the sandbox's answers as it reads X's.
 */
import { TwitterApi } from 'twitter-api-v2';
import { SANDBOX_APP_BEARER } from './api.js';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from './oauth.js';

const REDIRECT_URI = 'http://127.0.0.1:8787/v1/auth/callback';

async function scenario(name: string): Promise<unknown> {
  const app = new TwitterApi(SANDBOX_APP_BEARER);
  switch (name) {
    case 'read': {
      const user = await app.v2.userByUsername('alice');
      const search = await app.v2.search('#PizzaNapoli5', { 'tweet.fields': ['author_id', 'entities'] });
      const lookup = await app.v2.tweets([search.tweets[0]!.id, '1859999999999999999']);
      return {
        user: user.data,
        searchRateLimit: search.rateLimit,
        searchIds: search.tweets.map((tweet) => tweet.id),
        lookup,
      };
    }
    case 'link': {
      const client = new TwitterApi({ clientId: SANDBOX_CLIENT_ID, clientSecret: SANDBOX_CLIENT_SECRET });
      const link = client.generateOAuth2AuthLink(REDIRECT_URI, {
        scope: ['tweet.read', 'tweet.write', 'users.read', 'offline.access'],
      });
      const consent = await fetch('https://api.x.com/__sandbox/oauth/authorize', {
        method: 'POST',
        body: JSON.stringify({ authorizeUrl: link.url, username: 'bob' }),
      });
      const { redirectUrl } = (await consent.json()) as { redirectUrl: string };
      const login = await client.loginWithOAuth2({
        code: new URL(redirectUrl).searchParams.get('code')!,
        codeVerifier: link.codeVerifier,
        redirectUri: REDIRECT_URI,
      });
      const me = await login.client.v2.me();
      const posted = await login.client.v2.tweet('Paying @alice 5€ via #Hashpay');
      const refreshed = await client.refreshOAuth2Token(login.refreshToken!);
      return { me: me.data, posted: posted.data, scope: login.scope, refreshedScope: refreshed.scope };
    }
    case 'rate-limited': {
      try {
        await app.v2.userByUsername('alice');
        return { thrown: false };
      } catch (error) {
        const { code, rateLimit, data } = error as { code: number; rateLimit: unknown; data: unknown };
        return { thrown: true, code, rateLimit, data };
      }
    }
  }
  throw new Error(`unknown scenario ${name}`);
}

export default {
  async fetch(request: Request): Promise<Response> {
    const name = new URL(request.url).pathname.slice(1);
    try {
      return Response.json(await scenario(name));
    } catch (error) {
      return Response.json({ error: String(error) }, { status: 500 });
    }
  },
};
