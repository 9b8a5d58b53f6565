/**
 * HTML building blocks of the sandbox x.com. Every piece of user text goes through `escapeHtml`;
 * the markup keeps the marks x.com's DOM has (data-testid, roles, link shapes), because the
 * extension finds tweets by them.
 */
import type { SandboxStore, SandboxTweet, SandboxUser } from './store.js';

export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

export type Theme = 'light' | 'dark';
/** The body colours x.com uses; the extension reads the theme from the body's background. */
const THEME_COLOURS: Record<Theme, { background: string; text: string; muted: string; line: string }> = {
  light: { background: 'rgb(255, 255, 255)', text: 'rgb(15, 20, 25)', muted: 'rgb(83, 100, 113)', line: '#eff3f4' },
  dark: { background: 'rgb(0, 0, 0)', text: 'rgb(231, 233, 234)', muted: 'rgb(113, 118, 123)', line: '#2f3336' },
};

/** The query id in the CreateTweet URL; x.com changes it between releases, so nothing may rely on it. */
export const CREATE_TWEET_QUERY_ID = 'sbxCreateTweet01';

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:15px/1.35 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
a{color:rgb(29,155,240);text-decoration:none}a:hover{text-decoration:underline}
.app{display:flex;justify-content:center;gap:16px}header{width:240px;padding:12px}
header nav{display:flex;flex-direction:column;gap:12px;position:sticky;top:12px}
header nav a.nav{color:inherit;font-size:19px}
main{width:600px;border-left:1px solid var(--line);border-right:1px solid var(--line);min-height:100vh}
h1,h2{margin:0;padding:12px 16px;font-size:20px}
article{display:flex;gap:12px;padding:12px 16px;border-bottom:1px solid var(--line)}
article[tabindex="-1"] [data-testid="tweetText"]{font-size:17px}
.avatar{width:40px;height:40px;border-radius:50%;background:rgb(29,155,240);color:#fff;display:flex;
align-items:center;justify-content:center;font-weight:700;flex:none}
.body{flex:1;min-width:0}[data-testid="User-Name"]{display:flex;gap:4px;flex-wrap:wrap}
[data-testid="User-Name"] a{color:inherit}.muted,[data-testid="User-Name"] div+div a{color:var(--muted)}
[data-testid="tweetText"]{white-space:pre-wrap;overflow-wrap:anywhere;margin:2px 0 8px}
.quoted{border:1px solid var(--line);border-radius:16px;padding:8px 12px;margin-bottom:8px;cursor:pointer}
[role="group"]{display:flex;justify-content:space-between;max-width:425px}
.profile-actions{display:flex;justify-content:flex-end;align-items:center;gap:8px;margin:8px 0 0}
.profile-button{min-height:36px;min-width:36px;padding:0 16px;border:1px solid var(--line);border-radius:9999px;
background:none;color:inherit;font:inherit;font-weight:700;cursor:pointer}
[role="group"] button,[role="group"] a{background:none;border:0;color:var(--muted);cursor:pointer;font:inherit}
.ad{color:var(--muted);font-size:13px}.notice{padding:12px 16px;color:var(--muted)}
.composer{padding:12px 16px;border-bottom:1px solid var(--line)}
[data-testid^="tweetTextarea_"]{min-height:64px;padding:8px;font-size:20px;outline:none;white-space:pre-wrap}
[data-testid^="tweetTextarea_"]:empty::before{content:"What is happening?!";color:var(--muted)}
.composer-bar{display:flex;justify-content:flex-end}
button.primary,[data-testid^="tweetButton"]{background:rgb(29,155,240);color:#fff;border:0;border-radius:9999px;
padding:8px 16px;font-weight:700;cursor:pointer}[data-testid^="tweetButton"]:disabled{opacity:.5}
button.secondary{background:none;border:1px solid var(--line);color:inherit;border-radius:9999px;padding:8px 16px}
details.accounts summary{cursor:pointer}details.accounts ul{list-style:none;padding:0;margin:8px 0}
#layers{position:fixed;bottom:24px;left:0;right:0;display:flex;justify-content:center;pointer-events:none}
[data-testid="toast"]{background:rgb(29,155,240);color:#fff;padding:12px 16px;border-radius:4px;pointer-events:auto}
[data-testid="toast"] a{color:#fff;font-weight:700;margin-left:8px}
.consent{max-width:480px;margin:48px auto;padding:24px;border:1px solid var(--line);border-radius:16px}
.consent form{display:flex;gap:12px;margin-top:16px}
`;

/** Posts through CreateTweet like x.com's web app, then shows the "Your post was sent. View" toast. */
const SCRIPT = `
const QUERY_ID = ${JSON.stringify(CREATE_TWEET_QUERY_ID)};
function toast(message, href) {
  const layers = document.getElementById('layers');
  layers.textContent = '';
  const box = document.createElement('div');
  box.setAttribute('data-testid', 'toast');
  box.setAttribute('role', 'alert');
  const text = document.createElement('span');
  text.textContent = message;
  box.append(text);
  if (href) {
    const link = document.createElement('a');
    link.href = href;
    link.textContent = 'View';
    box.append(link);
  }
  layers.append(box);
}
function refreshButton(composer) {
  const editor = composer.querySelector('[data-testid^="tweetTextarea_"]');
  const button = composer.querySelector('[data-testid^="tweetButton"]');
  if (editor && button) button.disabled = editor.textContent.trim() === '';
}
document.addEventListener('input', (event) => {
  const composer = event.target.closest && event.target.closest('[data-sandbox-composer]');
  if (composer) refreshButton(composer);
});
document.querySelectorAll('[data-sandbox-composer]').forEach(refreshButton);
async function post(composer, button) {
  const editor = composer.querySelector('[data-testid^="tweetTextarea_"]');
  const text = editor.innerText.replace(/\\n$/, '');
  const variables = { tweet_text: text, dark_request: false, media: { media_entities: [], possibly_sensitive: false }, semantic_annotation_ids: [] };
  const replyTo = composer.getAttribute('data-in-reply-to');
  if (replyTo) variables.reply = { in_reply_to_tweet_id: replyTo, exclude_reply_user_ids: [] };
  button.disabled = true;
  try {
    const response = await fetch('/i/api/graphql/' + QUERY_ID + '/CreateTweet', {
      method: 'POST',
      credentials: 'include',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ variables, features: {}, queryId: QUERY_ID }),
    });
    const body = await response.json();
    const result = body && body.data && body.data.create_tweet && body.data.create_tweet.tweet_results.result;
    if (result) {
      editor.textContent = '';
      const handle = result.core.user_results.result.legacy.screen_name;
      toast('Your post was sent.', '/' + handle + '/status/' + result.rest_id);
    } else {
      toast((body.errors && body.errors[0] && body.errors[0].message) || 'Something went wrong. Try again.');
    }
  } catch (error) {
    toast('Something went wrong. Try again.');
  }
  refreshButton(composer);
}
document.addEventListener('click', (event) => {
  const target = event.target;
  if (!(target instanceof Element)) return;
  const button = target.closest('[data-testid^="tweetButton"]');
  if (button) {
    post(button.closest('[data-sandbox-composer]'), button);
    return;
  }
  const reply = target.closest('[data-testid="reply"]');
  if (reply) {
    location.href = '/intent/post?in_reply_to=' + encodeURIComponent(reply.getAttribute('data-sandbox-tweet-id'));
    return;
  }
  const quoted = target.closest('.quoted[data-href]');
  if (quoted && !target.closest('a')) location.href = quoted.getAttribute('data-href');
});
`;

export interface PageInput {
  title: string;
  theme: Theme;
  viewer: SandboxUser | undefined;
  users: SandboxUser[];
  /** The path and query of this page, so switching account comes back here. */
  path: string;
  canonicalUrl: string;
  /** Inner HTML of the primary column, already escaped. */
  column: string;
}

export function page(input: PageInput): string {
  const colours = THEME_COLOURS[input.theme];
  const next = encodeURIComponent(input.path);
  const accounts = input.users
    .map((user) => {
      const current = user.id === input.viewer?.id ? ' aria-current="true"' : '';
      return `<li><a href="/__sandbox/switch?user=${encodeURIComponent(user.username)}&amp;next=${next}"${current}>${escapeHtml(user.name)} @${escapeHtml(user.username)}</a></li>`;
    })
    .join('');
  const viewer = input.viewer
    ? `${escapeHtml(input.viewer.name)} <span class="muted">@${escapeHtml(input.viewer.username)}</span>`
    : 'No account';
  return `<!doctype html>
<html lang="en" dir="ltr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(input.title)} / X</title><link rel="canonical" href="${escapeHtml(input.canonicalUrl)}">
<style>:root{--line:${colours.line};--muted:${colours.muted}}${STYLE}</style></head>
<body style="background-color: ${colours.background}; color: ${colours.text};">
<div id="react-root"><div class="app">
<header role="banner"><nav aria-label="Primary" role="navigation">
<a class="nav" href="/home" aria-label="X" data-testid="AppTabBar_Home_Link">Home</a>
${input.viewer ? `<a class="nav" href="/${escapeHtml(input.viewer.username)}" data-testid="AppTabBar_Profile_Link">Profile</a>` : ''}
<a class="nav" href="/compose/post" data-testid="SideNav_NewTweet_Button">Post</a>
<details class="accounts" data-testid="SideNav_AccountSwitcher_Button" open><summary>${viewer}</summary>
<ul aria-label="Switch account">${accounts}</ul></details>
<a class="muted" href="?theme=${input.theme === 'dark' ? 'light' : 'dark'}">${input.theme === 'dark' ? 'Light' : 'Dark'} theme</a>
</nav></header>
<main role="main"><div data-testid="primaryColumn">${input.column}</div></main>
</div></div>
<div id="layers"></div>
<script>${SCRIPT}</script>
</body></html>`;
}

/** The text with its hashtags, mentions and URLs as links, like x.com's tweetText. */
export function tweetTextHtml(store: SandboxStore, tweet: SandboxTweet): string {
  const { hashtags, mentions, urls } = store.entitiesOf(tweet);
  const spans = [
    ...hashtags.map((item) => ({
      ...item,
      html: `<a href="/hashtag/${encodeURIComponent(item.tag)}?src=hashtag_click" role="link">#${escapeHtml(item.tag)}</a>`,
    })),
    ...mentions.map((item) => ({
      ...item,
      html: `<a href="/${escapeHtml(item.username)}" role="link">@${escapeHtml(item.username)}</a>`,
    })),
    ...urls.map((item) => ({
      ...item,
      html: `<a href="${escapeHtml(item.url)}" rel="noopener noreferrer nofollow" target="_blank" role="link">${escapeHtml(item.display_url)}</a>`,
    })),
  ].sort((a, b) => a.start - b.start);
  const codePoints = Array.from(tweet.text);
  let html = '';
  let at = 0;
  for (const span of spans) {
    if (span.start < at) continue; // overlapping entities: the first one wins
    if (span.start > at) html += `<span>${escapeHtml(codePoints.slice(at, span.start).join(''))}</span>`;
    html += span.html;
    at = span.end;
  }
  if (at < codePoints.length) html += `<span>${escapeHtml(codePoints.slice(at).join(''))}</span>`;
  return `<div data-testid="tweetText" lang="und" dir="auto">${html}</div>`;
}

function shortDate(iso: string): string {
  return new Date(iso).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

function userNameHtml(author: SandboxUser, statusHref: string | undefined, createdAt: string): string {
  const handle = escapeHtml(author.username);
  const time = `<time datetime="${escapeHtml(createdAt)}">${escapeHtml(shortDate(createdAt))}</time>`;
  return `<div data-testid="User-Name"><div><a href="/${handle}" role="link"><span>${escapeHtml(author.name)}</span></a></div>
<div><a href="/${handle}" role="link" tabindex="-1"><span>@${handle}</span></a><span aria-hidden="true">·</span>${
    statusHref
      ? `<a href="${statusHref}" role="link" aria-label="${escapeHtml(shortDate(createdAt))}">${time}</a>`
      : time
  }</div></div>`;
}

let actionBarCounter = 0;

export interface TweetHtmlOptions {
  focal?: boolean;
  promoted?: boolean;
}

/** One tweet as x.com renders it: the article inside its timeline cell. */
export function tweetCell(store: SandboxStore, tweet: SandboxTweet, options: TweetHtmlOptions = {}): string {
  const author = store.users.get(tweet.authorId)!;
  const handle = escapeHtml(author.username);
  const statusHref = `/${handle}/status/${tweet.id}`;
  const replyCount = store.timeline((candidate) => candidate.inReplyToId === tweet.id).length;
  const parentAuthor = tweet.inReplyToUserId ? store.users.get(tweet.inReplyToUserId) : undefined;
  const replyingTo = parentAuthor
    ? `<div class="muted">Replying to <a href="/${escapeHtml(parentAuthor.username)}" role="link">@${escapeHtml(parentAuthor.username)}</a></div>`
    : '';
  const quoted = tweet.quotedId ? store.liveTweet(tweet.quotedId) : undefined;
  const quotedAuthor = quoted ? store.users.get(quoted.authorId) : undefined;
  const quotedHtml =
    quoted && quotedAuthor
      ? `<div class="quoted" role="link" tabindex="0" data-href="/${escapeHtml(quotedAuthor.username)}/status/${quoted.id}">${userNameHtml(
          quotedAuthor,
          undefined,
          quoted.createdAt,
        )}${tweetTextHtml(store, quoted)}</div>`
      : '';
  const edited = tweet.editHistoryIds.length > 1 ? '<div class="muted">Last edited</div>' : '';
  const groupId = `id__sbx${++actionBarCounter}`;
  const article = `<article data-testid="tweet" role="article" tabindex="${options.focal ? '-1' : '0'}" aria-labelledby="${groupId}">
<div class="avatar" data-testid="Tweet-User-Avatar"><a href="/${handle}" aria-hidden="true" tabindex="-1" style="color:#fff">${escapeHtml(author.name.slice(0, 1).toUpperCase())}</a></div>
<div class="body">${userNameHtml(author, statusHref, tweet.createdAt)}${replyingTo}${tweetTextHtml(store, tweet)}${quotedHtml}${edited}
${options.promoted ? '<div class="ad"><span>Ad</span></div>' : ''}
<div role="group" aria-label="${replyCount} replies" id="${groupId}">
<div><button data-testid="reply" data-sandbox-tweet-id="${tweet.id}" aria-label="${replyCount} Replies. Reply" type="button">💬 ${replyCount}</button></div>
<div><button data-testid="retweet" aria-label="0 reposts. Repost" type="button">🔁</button></div>
<div><button data-testid="like" aria-label="0 Likes. Like" type="button">♡</button></div>
<div><a href="${statusHref}/analytics" aria-label="View post analytics" role="link">📊</a></div>
<div><button data-testid="bookmark" aria-label="Bookmark" type="button">🔖</button></div>
<div><button aria-label="Share post" aria-haspopup="menu" type="button">⤴</button></div>
</div></div></article>`;
  const inner = options.promoted ? `<div data-testid="placementTracking">${article}</div>` : `<div>${article}</div>`;
  return `<div data-testid="cellInnerDiv"><div>${inner}</div></div>`;
}

export function composerHtml(input: {
  text: string;
  inReplyTo: SandboxTweet | undefined;
  inReplyToAuthor: SandboxUser | undefined;
  inline: boolean;
}): string {
  const replying =
    input.inReplyTo && input.inReplyToAuthor
      ? `<div class="muted">Replying to <a href="/${escapeHtml(input.inReplyToAuthor.username)}">@${escapeHtml(input.inReplyToAuthor.username)}</a></div>`
      : '';
  const replyAttribute = input.inReplyTo ? ` data-in-reply-to="${input.inReplyTo.id}"` : '';
  return `<div class="composer" data-sandbox-composer${replyAttribute}>${replying}
<div class="DraftEditor-root"><div data-testid="tweetTextarea_0" contenteditable="true" role="textbox" aria-label="Post text" aria-multiline="true" spellcheck="true">${escapeHtml(input.text)}</div></div>
<div class="composer-bar"><button data-testid="${input.inline ? 'tweetButtonInline' : 'tweetButton'}" type="button">${input.inReplyTo ? 'Reply' : 'Post'}</button></div>
</div>`;
}
