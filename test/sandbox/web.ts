/**
 * The x.com-like site: home timeline, profiles, status pages, hashtag pages, compose intents and
 * the composer (posting through CreateTweet like the web app), the OAuth consent page, and the
 * account switcher. The viewer is whoever the `sandbox_user` cookie names.
 */
import { createRefusal } from './api.js';
import { composerHtml, escapeHtml, page, type Theme, tweetCell } from './html.js';
import { type OAuthServer, readAuthorizeRequest, SANDBOX_APP_NAME } from './oauth.js';
import { json, type Route, type RouteContext, readFields, route } from './route.js';
import { SandboxError, type SandboxStore, type SandboxTweet, type SandboxUser } from './store.js';
import { extractEntities } from './text.js';

export interface WebContext {
  store: SandboxStore;
  oauth: OAuthServer;
  webOrigin: string;
}

export const USER_COOKIE = 'sandbox_user';
export const THEME_COOKIE = 'sandbox_theme';
/** Long enough for a demo; the cookie only picks which sandbox account is looking. */
const COOKIE_MAX_AGE_S = 30 * 24 * 3600;
const HOME_TIMELINE_LENGTH_MAX = 100;
/** What X's GraphQL answers when a post is refused, by reason. */
const CREATE_TWEET_ERRORS = {
  tooLong: { code: 186, message: 'Authorization: Tweet needs to be a bit shorter. (186)' },
  duplicate: { code: 187, message: 'Authorization: Status is a duplicate. (187)' },
  invalid: { code: 214, message: 'Authorization: Missing or invalid parameters. (214)' },
  unauthenticated: { code: 32, message: 'Could not authenticate you' },
} as const;

function cookies(request: Request): Map<string, string> {
  const jar = new Map<string, string>();
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name) jar.set(name, decodeURIComponent(value.join('=')));
  }
  return jar;
}

function html(body: string, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { 'content-type': 'text/html; charset=utf-8', ...headers } });
}

function redirect(location: string, headers: Record<string, string> = {}): Response {
  return new Response(null, { status: 302, headers: { location, ...headers } });
}

/** Only paths of this site: never `//host` or an absolute URL (no open redirect). */
function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/home';
}

/** X's `created_at` in GraphQL legacy objects: "Wed Nov 25 14:12:03 +0000 2026". */
function legacyDate(iso: string): string {
  // toUTCString gives "Wed, 25 Nov 2026 14:12:03 GMT".
  const [weekday, day, month, year, time] = new Date(iso).toUTCString().replace(',', '').split(' ');
  return `${weekday} ${month} ${day} ${time} +0000 ${year}`;
}

export function createWebRoutes(context: WebContext): Route[] {
  const { store } = context;

  const viewerOf = (request: Request): SandboxUser | undefined => {
    const named = cookies(request).get(USER_COOKIE);
    const user = named ? store.userByUsername(named) : undefined;
    return user ?? [...store.users.values()][0];
  };

  /** `?theme=` switches and remembers the theme; otherwise the cookie decides; light by default. */
  const themeOf = (context: RouteContext): { theme: Theme; setCookie?: string } => {
    const asked = context.url.searchParams.get('theme');
    if (asked === 'dark' || asked === 'light') {
      return { theme: asked, setCookie: `${THEME_COOKIE}=${asked}; Path=/; Max-Age=${COOKIE_MAX_AGE_S}; SameSite=Lax` };
    }
    return { theme: cookies(context.request).get(THEME_COOKIE) === 'dark' ? 'dark' : 'light' };
  };

  const render = (routeContext: RouteContext, title: string, column: string, status = 200): Response => {
    const { theme, setCookie } = themeOf(routeContext);
    const path = routeContext.url.pathname + routeContext.url.search;
    const body = page({
      title,
      theme,
      viewer: viewerOf(routeContext.request),
      users: [...store.users.values()],
      path,
      canonicalUrl: new URL(path, context.webOrigin).toString(),
      column,
    });
    return html(body, status, setCookie ? { 'set-cookie': setCookie } : {});
  };

  const timelineHtml = (label: string, tweets: SandboxTweet[]) =>
    `<section aria-label="${escapeHtml(label)}"><div aria-label="Timeline: ${escapeHtml(label)}">${
      tweets.length === 0
        ? '<div class="notice">Nothing to see here yet.</div>'
        : tweets.map((tweet) => tweetCell(store, tweet, { promoted: tweet.promoted === true })).join('')
    }</div></section>`;

  const notFoundPage = (routeContext: RouteContext) =>
    render(
      routeContext,
      'Page not found',
      '<div class="notice">Hmm...this page doesn’t exist. Try searching for something else.</div>',
      404,
    );

  const composePage = (routeContext: RouteContext) => {
    const query = routeContext.url.searchParams;
    const inReplyTo = query.get('in_reply_to') ? store.liveTweet(query.get('in_reply_to')!) : undefined;
    const hashtags = (query.get('hashtags') ?? '')
      .split(',')
      .filter((tag) => tag !== '')
      .map((tag) => `#${tag}`);
    const text = [query.get('text') ?? '', query.get('url') ?? '', ...hashtags].filter((part) => part !== '').join(' ');
    const composer = composerHtml({
      text,
      inReplyTo,
      inReplyToAuthor: inReplyTo ? store.users.get(inReplyTo.authorId) : undefined,
      inline: false,
    });
    const parent = inReplyTo ? tweetCell(store, inReplyTo) : '';
    return render(routeContext, 'Post', `<h2>${inReplyTo ? 'Reply' : 'New post'}</h2>${parent}${composer}`);
  };

  return [
    route('GET', '/', () => redirect('/home')),
    route('GET', '/home', (routeContext) => {
      const composer = composerHtml({ text: '', inReplyTo: undefined, inReplyToAuthor: undefined, inline: true });
      const tweets = store.timeline().slice(0, HOME_TIMELINE_LENGTH_MAX);
      return render(routeContext, 'Home', `<h2>Home</h2>${composer}${timelineHtml('Your Home Timeline', tweets)}`);
    }),
    route('GET', '/intent/post', composePage),
    route('GET', '/intent/tweet', composePage),
    route('GET', '/compose/post', composePage),
    route('GET', '/hashtag/:tag', (routeContext) => {
      const tag = routeContext.params.tag!.toLowerCase();
      const tweets = store.timeline((tweet) =>
        extractEntities(tweet.text).hashtags.some((hashtag) => hashtag.tag.toLowerCase() === tag),
      );
      return render(
        routeContext,
        `#${routeContext.params.tag}`,
        `<h2>#${escapeHtml(routeContext.params.tag!)}</h2>${timelineHtml(`Search timeline`, tweets)}`,
      );
    }),
    route('GET', '/__sandbox/switch', ({ url }) => {
      const user = store.userByUsername(url.searchParams.get('user') ?? '');
      if (!user) return html(`<p>No sandbox user @${escapeHtml(url.searchParams.get('user') ?? '')}</p>`, 404);
      return redirect(safeNext(url.searchParams.get('next')), {
        'set-cookie': `${USER_COOKIE}=${encodeURIComponent(user.username)}; Path=/; Max-Age=${COOKIE_MAX_AGE_S}; SameSite=Lax`,
      });
    }),
    route('GET', '/i/oauth2/authorize', (routeContext) => {
      let request: ReturnType<typeof readAuthorizeRequest>;
      try {
        request = readAuthorizeRequest(routeContext.url.toString());
      } catch (error) {
        if (!(error instanceof SandboxError)) throw error;
        return render(
          routeContext,
          'Authorize',
          `<div class="consent"><h1>Something went wrong</h1><p>${escapeHtml(error.message)}</p></div>`,
          400,
        );
      }
      const viewer = viewerOf(routeContext.request);
      const scopes = request.scope.map((scope) => `<li>${escapeHtml(scope)}</li>`).join('');
      const form = viewer
        ? `<p>Signed in as <strong>@${escapeHtml(viewer.username)}</strong> (switch account in the menu).</p>
<form method="post" action="/i/oauth2/authorize">
<input type="hidden" name="authorize_url" value="${escapeHtml(routeContext.url.toString())}">
<button class="primary" name="decision" value="allow" type="submit" data-testid="OAuth_Consent_Button">Authorize app</button>
<button class="secondary" name="decision" value="deny" type="submit">Cancel</button></form>`
        : '<p>There is no sandbox account to sign in with yet.</p>';
      return render(
        routeContext,
        'Authorize app',
        `<div class="consent"><h1>${escapeHtml(SANDBOX_APP_NAME)} wants to access your X account</h1>
<p>It will be able to:</p><ul>${scopes}</ul>${form}</div>`,
      );
    }),
    route('POST', '/i/oauth2/authorize', async ({ request }) => {
      const fields = await readFields(request);
      const viewer = viewerOf(request);
      if (!fields || typeof fields.authorize_url !== 'string' || !viewer) {
        return html('<p>The consent form is incomplete.</p>', 400);
      }
      try {
        const location = context.oauth.decide({
          authorizeUrl: fields.authorize_url,
          username: viewer.username,
          decision: fields.decision === 'deny' ? 'deny' : 'allow',
        });
        return redirect(location);
      } catch (error) {
        if (!(error instanceof SandboxError)) throw error;
        return html(`<p>${escapeHtml(error.message)}</p>`, error.status);
      }
    }),
    route('POST', '/i/api/graphql/:queryId/CreateTweet', async ({ request }) => createTweetGraphql(store, request)),
    route('GET', '/:handle/status/:id', (routeContext) => {
      const tweet = store.liveTweet(routeContext.params.id!);
      const author = tweet ? store.users.get(tweet.authorId) : undefined;
      if (!tweet || !author) return notFoundPage(routeContext);
      if (author.username !== routeContext.params.handle) {
        return redirect(`/${author.username}/status/${tweet.id}`);
      }
      const latestId = tweet.editHistoryIds[tweet.editHistoryIds.length - 1]!;
      const newer =
        latestId === tweet.id
          ? ''
          : `<div class="notice">There’s a new version of this post. <a href="/${escapeHtml(author.username)}/status/${latestId}">See the latest post</a></div>`;
      const parent = tweet.inReplyToId ? store.liveTweet(tweet.inReplyToId) : undefined;
      const replies = store
        .timeline((candidate) => candidate.inReplyToId === tweet.id)
        .reverse()
        .map((reply) => tweetCell(store, reply))
        .join('');
      const column = `<h2>Post</h2>${newer}<section aria-label="Timeline: Conversation"><div aria-label="Timeline: Conversation">${
        parent ? tweetCell(store, parent) : ''
      }${tweetCell(store, tweet, { focal: true })}${replies}</div></section>`;
      return render(routeContext, `${author.name} on X`, column);
    }),
    route('GET', '/:handle', (routeContext) => {
      const user = store.userByUsername(routeContext.params.handle!);
      if (!user) return notFoundPage(routeContext);
      // As on x.com: the avatar row holds "More" (userActions) and Follow, or Edit profile on one's own.
      const own = viewerOf(routeContext.request)?.id === user.id;
      const actions = own
        ? '<a href="/settings/profile" data-testid="editProfileButton" role="link" class="profile-button">Edit profile</a>'
        : `<button aria-label="More" data-testid="userActions" type="button" class="profile-button">⋯</button><div data-testid="placementTracking"><div><button aria-label="Follow @${escapeHtml(
            user.username,
          )}" data-testid="${user.id}-follow" type="button" class="profile-button">Follow</button></div></div>`;
      const header = `<div class="profile-actions">${actions}</div><h2>${escapeHtml(user.name)}</h2><div class="notice" data-testid="UserName"><div><span>${escapeHtml(
        user.name,
      )}</span></div><div><span>@${escapeHtml(user.username)}</span></div><div data-testid="UserDescription">${escapeHtml(
        user.description,
      )}</div></div>`;
      const tweets = store.timeline((tweet) => tweet.authorId === user.id);
      return render(
        routeContext,
        `${user.name} (@${user.username})`,
        header + timelineHtml(`${user.name}’s posts`, tweets),
      );
    }),
  ];
}

function graphqlError(error: { code: number; message: string }, status = 200): Response {
  return json(
    {
      errors: [
        {
          message: error.message,
          path: ['create_tweet'],
          code: error.code,
          kind: 'Permissions',
          name: 'AuthorizationError',
          source: 'Client',
        },
      ],
      data: {},
    },
    status,
  );
}

/** x.com's CreateTweet: posts as the viewer, answers with the GraphQL shape the web app reads. */
async function createTweetGraphql(store: SandboxStore, request: Request): Promise<Response> {
  // A JSON content type cannot be sent cross-site without a preflight: the sandbox's CSRF guard.
  if (!(request.headers.get('content-type') ?? '').includes('application/json')) {
    return graphqlError(CREATE_TWEET_ERRORS.invalid, 400);
  }
  const named = cookies(request).get(USER_COOKIE);
  const viewer = (named ? store.userByUsername(named) : undefined) ?? [...store.users.values()][0];
  if (!viewer) return graphqlError(CREATE_TWEET_ERRORS.unauthenticated, 403);
  const body = await readFields(request);
  const variables = (body?.variables ?? {}) as { tweet_text?: unknown; reply?: { in_reply_to_tweet_id?: unknown } };
  const text = variables.tweet_text;
  const inReplyToId = variables.reply?.in_reply_to_tweet_id;
  if (typeof text !== 'string' || (inReplyToId !== undefined && typeof inReplyToId !== 'string')) {
    return graphqlError(CREATE_TWEET_ERRORS.invalid);
  }
  // The web app may reply anywhere; only the API limits replies to posts that summon the replier.
  const refusal = createRefusal(store, viewer, text, inReplyToId, { summonedOnly: false });
  if (refusal === 'too-long') return graphqlError(CREATE_TWEET_ERRORS.tooLong);
  if (refusal === 'duplicate') return graphqlError(CREATE_TWEET_ERRORS.duplicate);
  if (refusal) return graphqlError(CREATE_TWEET_ERRORS.invalid);
  let tweet: SandboxTweet;
  try {
    tweet = store.postTweet({ authorUsername: viewer.username, text, inReplyToId });
  } catch (error) {
    if (error instanceof SandboxError) return graphqlError(CREATE_TWEET_ERRORS.invalid);
    throw error;
  }
  const entities = extractEntities(tweet.text);
  const legacy: Record<string, unknown> = {
    created_at: legacyDate(tweet.createdAt),
    conversation_id_str: tweet.conversationId,
    full_text: tweet.text,
    id_str: tweet.id,
    user_id_str: viewer.id,
    entities: {
      hashtags: entities.hashtags.map((item) => ({ indices: [item.start, item.end], text: item.tag })),
      user_mentions: entities.mentions.map((item) => ({
        id_str: store.userByUsername(item.username)?.id ?? '',
        indices: [item.start, item.end],
        screen_name: item.username,
      })),
      urls: entities.urls.map((item) => ({
        display_url: item.display_url,
        expanded_url: item.expanded_url,
        url: item.url,
        indices: [item.start, item.end],
      })),
    },
  };
  if (tweet.inReplyToId) {
    legacy.in_reply_to_status_id_str = tweet.inReplyToId;
    legacy.in_reply_to_user_id_str = tweet.inReplyToUserId;
  }
  return json({
    data: {
      create_tweet: {
        tweet_results: {
          result: {
            rest_id: tweet.id,
            core: {
              user_results: {
                result: {
                  __typename: 'User',
                  rest_id: viewer.id,
                  legacy: { name: viewer.name, screen_name: viewer.username },
                },
              },
            },
            edit_control: { edit_tweet_ids: tweet.editHistoryIds, is_edit_eligible: true, edits_remaining: '5' },
            legacy,
            __typename: 'Tweet',
          },
        },
      },
    },
  });
}
