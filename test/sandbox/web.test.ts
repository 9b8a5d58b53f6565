import { Window } from 'happy-dom';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from './index.js';
import { apiRequest, body } from './support.js';

const WEB = 'http://127.0.0.1:8788';

/** The part of x.com's CreateTweet answer the extension and these tests read. */
interface CreateTweetResponse {
  data: {
    create_tweet?: {
      tweet_results: {
        result: {
          rest_id: string;
          legacy: { full_text: string };
          core: { user_results: { result: { legacy: { screen_name: string } } } };
        };
      };
    };
  };
  errors?: Array<{ code: number; message: string }>;
}
let sandbox: Sandbox;
const windows: Window[] = [];

beforeEach(() => {
  sandbox = createSandbox({ webOrigin: WEB });
  sandbox.seedDemo();
});
afterEach(async () => {
  for (const window of windows.splice(0)) await window.happyDOM.close();
});

async function open(path: string, cookie?: string): Promise<{ response: Response; document: Document }> {
  const response = await sandbox.fetch(new Request(`${WEB}${path}`, { headers: cookie ? { cookie } : {} }));
  const window = new Window({ url: `${WEB}${path}` });
  windows.push(window);
  const document = window.document as unknown as Document;
  document.write(await response.text());
  return { response, document };
}

/** What the content script relies on, checked for every tweet article of a page. */
function expectTweetMarks(article: Element) {
  const statusLink = article.querySelector('time')!.closest('a')!;
  expect(statusLink.getAttribute('href')).toMatch(/^\/[A-Za-z0-9_]{1,15}\/status\/\d+$/);
  const author = article.querySelector('[data-testid="User-Name"] a[href^="/"]')!.getAttribute('href');
  expect(statusLink.getAttribute('href')!.startsWith(`${author}/status/`)).toBe(true);
  expect(article.querySelector('[data-testid="tweetText"]')).not.toBeNull();
  const group = [...article.querySelectorAll('[role="group"]')].find(
    (candidate) => !candidate.closest('[role="link"]'),
  );
  for (const testId of ['reply', 'retweet', 'like', 'bookmark']) {
    expect(group!.querySelector(`button[data-testid="${testId}"]`)).not.toBeNull();
  }
  expect(group!.querySelector('button[aria-label="Share post"]')).not.toBeNull();
}

describe('home timeline', () => {
  it('renders every post newest first with x.com’s marks, light by default', async () => {
    const { response, document } = await open('/home');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(document.body.style.backgroundColor).toBe('rgb(255, 255, 255)');
    const column = document.querySelector('main [data-testid="primaryColumn"]')!;
    const articles = [...column.querySelectorAll('[data-testid="cellInnerDiv"] article[data-testid="tweet"]')];
    expect(articles).toHaveLength(8);
    for (const article of articles) {
      expectTweetMarks(article);
      expect(article.getAttribute('tabindex')).toBe('0');
    }
    const ids = articles.map((article) => BigInt(article.querySelector('time')!.closest('a')!.href.split('/').pop()!));
    expect(ids).toEqual([...ids].sort((a, b) => (a > b ? -1 : 1)));
  });

  it('wraps the promoted post in placementTracking and nests the quoted post', async () => {
    const { document } = await open('/home');
    const promoted = document.querySelectorAll('[data-testid="placementTracking"] article[data-testid="tweet"]');
    expect(promoted).toHaveLength(1);
    const quoting = [...document.querySelectorAll('article[data-testid="tweet"]')].find((article) =>
      article.querySelector('div[role="link"]'),
    )!;
    const quoted = quoting.querySelector('div[role="link"]')!;
    expect(quoted.querySelector('[data-testid="User-Name"]')!.textContent).toContain('@pizzeria');
    expect(quoted.querySelector('time')!.closest('a')).toBeNull();
    expect(quoting.querySelector('time')!.closest('a')!.getAttribute('href')).toMatch(/^\/alice\/status\//);
  });

  it('links hashtags and mentions like x.com', async () => {
    const { document } = await open('/home');
    const hrefs = [...document.querySelectorAll('[data-testid="tweetText"] a')].map((link) =>
      link.getAttribute('href'),
    );
    expect(hrefs).toContain('/hashtag/PizzaNapoli5?src=hashtag_click');
    expect(hrefs).toContain('/bob');
  });

  it('escapes user text: markup in a post stays text', async () => {
    sandbox.createUser({ username: 'mallory', name: '<b>Mallory</b>' });
    sandbox.postTweet({ authorUsername: 'mallory', text: '<img src=x onerror="alert(1)"> & "#quotes"' });
    const { document } = await open('/home');
    const [article] = document.querySelectorAll('article[data-testid="tweet"]');
    expect(article!.querySelector('img, b')).toBeNull();
    expect(article!.querySelector('[data-testid="tweetText"]')!.textContent).toBe(
      '<img src=x onerror="alert(1)"> & "#quotes"',
    );
    expect(article!.querySelector('[data-testid="User-Name"]')!.textContent).toContain('<b>Mallory</b>');
  });

  it('switches theme with ?theme=dark and remembers it in a cookie', async () => {
    const { response, document } = await open('/home?theme=dark');
    expect(document.body.style.backgroundColor).toBe('rgb(0, 0, 0)');
    const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
    const again = await open('/home', cookie);
    expect(again.document.body.style.backgroundColor).toBe('rgb(0, 0, 0)');
  });
});

describe('status and profile pages', () => {
  it('marks the focal post with tabindex -1 and shows its parent and replies', async () => {
    const root = sandbox.postTweet({ authorUsername: 'alice', text: 'Who pays tonight?' });
    const reply = sandbox.postTweet({ authorUsername: 'bob', text: 'me', inReplyToId: root.id });
    const { document } = await open(`/bob/status/${reply.id}`);
    const articles = [...document.querySelectorAll('article[data-testid="tweet"]')];
    expect(articles.map((article) => article.getAttribute('tabindex'))).toEqual(['0', '-1']);
    articles.forEach(expectTweetMarks);
    const focal = document.querySelector('article[tabindex="-1"]')!;
    expect(focal.querySelector('time')!.closest('a')!.getAttribute('href')).toBe(`/bob/status/${reply.id}`);
    const parentPage = await open(`/alice/status/${root.id}`);
    expect(parentPage.document.querySelectorAll('article[data-testid="tweet"]')).toHaveLength(2);
  });

  it('answers 404 for deleted posts and unknown handles; redirects a wrong handle', async () => {
    const post = sandbox.postTweet({ authorUsername: 'carol', text: 'soon gone' });
    const wrongHandle = await sandbox.fetch(new Request(`${WEB}/alice/status/${post.id}`));
    expect(wrongHandle.status).toBe(302);
    expect(wrongHandle.headers.get('location')).toBe(`/carol/status/${post.id}`);
    sandbox.deleteTweet(post.id);
    expect((await open(`/carol/status/${post.id}`)).response.status).toBe(404);
    expect((await open('/nobody_at_all')).response.status).toBe(404);
    const profile = await open('/carol');
    expect(profile.document.querySelectorAll('article[data-testid="tweet"]')).toHaveLength(1);
  });
});

describe('compose intents and the composer', () => {
  it('prefills the composer from text, url, hashtags and in_reply_to', async () => {
    const parent = sandbox.postTweet({ authorUsername: 'bob', text: 'lunch?' });
    for (const path of ['/intent/post', '/intent/tweet', '/compose/post']) {
      const query = new URLSearchParams({ text: 'Paying @bob €12.50 <3', in_reply_to: parent.id, hashtags: 'Hashpay' });
      const { document } = await open(`${path}?${query}`);
      const editor = document.querySelector('[data-testid="tweetTextarea_0"]')!;
      expect(editor.getAttribute('contenteditable')).toBe('true');
      expect(editor.textContent).toBe('Paying @bob €12.50 <3 #Hashpay');
      expect(document.querySelector('[data-sandbox-composer]')!.getAttribute('data-in-reply-to')).toBe(parent.id);
      expect(document.querySelector('button[data-testid="tweetButton"]')).not.toBeNull();
    }
  });

  it('posts through CreateTweet as the cookie’s user, in x.com’s GraphQL shape', async () => {
    const response = await sandbox.fetch(
      new Request(`${WEB}/i/api/graphql/anyQueryId/CreateTweet`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: 'sandbox_user=carol' },
        body: JSON.stringify({ variables: { tweet_text: 'Chip in: #PotAlice' }, queryId: 'anyQueryId' }),
      }),
    );
    const result = (await response.json()) as CreateTweetResponse;
    const created = result.data.create_tweet!.tweet_results.result;
    expect(created.legacy.full_text).toBe('Chip in: #PotAlice');
    expect(created.core.user_results.result.legacy.screen_name).toBe('carol');
    const lookup = await body(await sandbox.fetch(apiRequest(`/2/tweets/${created.rest_id}?tweet.fields=author_id`)));
    expect((lookup.data as { author_id: string }).author_id).toBe(sandbox.createUser({ username: 'carol' }).id);
    const tooLong = await sandbox.fetch(
      new Request(`${WEB}/i/api/graphql/anyQueryId/CreateTweet`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: 'sandbox_user=carol' },
        body: JSON.stringify({ variables: { tweet_text: 'x'.repeat(281) } }),
      }),
    );
    expect(((await tooLong.json()) as CreateTweetResponse).errors![0]!.code).toBe(186);
  });

  it('clicking Post in a browser page sends the post and shows the toast with its status link', async () => {
    const server = await sandbox.listen();
    try {
      const switched = await fetch(`${server.origin}/__sandbox/switch?user=bob&next=/intent/post`, {
        redirect: 'manual',
      });
      expect(switched.status).toBe(302);
      expect(switched.headers.get('location')).toBe('/intent/post');
      const cookie = switched.headers.get('set-cookie')!.split(';')[0]!;
      const intentPath = `/intent/post?text=${encodeURIComponent('Paying @alice 5€ #Hashpay')}`;
      const html = await (await fetch(`${server.origin}${intentPath}`, { headers: { cookie } })).text();
      // Our own page and script only: evaluating it in happy-dom's VM is safe here.
      const window = new Window({
        url: `${server.origin}${intentPath}`,
        settings: { enableJavaScriptEvaluation: true, suppressInsecureJavaScriptEnvironmentWarning: true },
      });
      windows.push(window);
      window.document.cookie = cookie;
      window.document.write(html);
      await window.happyDOM.waitUntilComplete();
      const document = window.document;
      (document.querySelector('button[data-testid="tweetButton"]') as unknown as HTMLElement).click();
      await window.happyDOM.waitUntilComplete();
      const link = document.querySelector('[data-testid="toast"] a[href*="/status/"]');
      expect(document.querySelector('[data-testid="toast"]')!.textContent).toContain('Your post was sent.');
      const id = link!.getAttribute('href')!.match(/^\/bob\/status\/(\d+)$/)![1]!;
      const lookup = await body(await sandbox.fetch(apiRequest(`/2/tweets/${id}`)));
      expect((lookup.data as { text: string }).text).toBe('Paying @alice 5€ #Hashpay');
    } finally {
      await server.close();
    }
  });
});

describe('accounts and consent', () => {
  it('switches the viewer with a cookie and lists every account in the menu', async () => {
    const switched = await sandbox.fetch(new Request(`${WEB}/__sandbox/switch?user=carol&next=//evil.example`));
    expect(switched.headers.get('location')).toBe('/home');
    const cookie = switched.headers.get('set-cookie')!.split(';')[0]!;
    expect(cookie).toBe('sandbox_user=carol');
    const { document } = await open('/home', cookie);
    const menu = document.querySelector('[data-testid="SideNav_AccountSwitcher_Button"]')!;
    expect(menu.querySelector('summary')!.textContent).toContain('@carol');
    expect(menu.querySelectorAll('li a')).toHaveLength(6);
    expect((await sandbox.fetch(new Request(`${WEB}/__sandbox/switch?user=ghost`))).status).toBe(404);
    expect((await sandbox.fetch(new Request(`${WEB}/%E0%A4%A/status/1`))).status).toBe(404);
  });

  it('shows the consent page and redirects with a code on Authorize, or an error on Cancel', async () => {
    const authorizeUrl = `${WEB}/i/oauth2/authorize?${new URLSearchParams({
      response_type: 'code',
      client_id: 'hashpay-sandbox',
      redirect_uri: 'http://127.0.0.1:8787/v1/auth/callback',
      state: 'xyz',
      code_challenge: 'challenge',
      code_challenge_method: 's256',
      scope: 'tweet.read users.read',
    })}`;
    const { document } = await open(authorizeUrl.slice(WEB.length), 'sandbox_user=bob');
    expect(document.querySelector('h1')!.textContent).toContain('Hashpay');
    const buttons = [...document.querySelectorAll('form button')].map((button) => button.textContent);
    expect(buttons).toEqual(['Authorize app', 'Cancel']);
    const submit = (decision: string) =>
      sandbox.fetch(
        new Request(`${WEB}/i/oauth2/authorize`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: 'sandbox_user=bob' },
          body: new URLSearchParams({ authorize_url: authorizeUrl, decision }).toString(),
        }),
      );
    const allowed = new URL((await submit('allow')).headers.get('location')!);
    expect(allowed.searchParams.get('state')).toBe('xyz');
    expect(allowed.searchParams.get('code')).toBeTruthy();
    const denied = new URL((await submit('deny')).headers.get('location')!);
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect((await open('/i/oauth2/authorize?client_id=x')).response.status).toBe(400);
  });
});
