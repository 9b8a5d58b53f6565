import { isHandle } from '../../shared/handle';
import { selectors } from './selectors';
import { findOwnTweetText } from './tweet-record';

/**
 * People the page names, read for display only: the account the page is signed in as (the sheet
 * warns when it is not the linked one), the handles a tweet mentions (the sheet offers them as
 * payees) and a profile page's handle. None of these is identity: the worker resolves every
 * payee through the X API and matches a tweet's author by X user id.
 */

const PROFILE_PATH = /^\/([A-Za-z0-9_]{1,15})\/?$/;

function handleOfPath(href: string | null): string | null {
  if (href === null) return null;
  try {
    const match = PROFILE_PATH.exec(new URL(href, 'https://x.com/').pathname);
    return match?.[1] !== undefined && isHandle(match[1]) ? match[1] : null;
  } catch {
    return null;
  }
}

/** The handle of the account signed in on the page, from its Profile link; null when absent. */
export function readPageAccountHandle(document: Document): string | null {
  return handleOfPath(document.querySelector(selectors.pageAccountProfileLink)?.getAttribute('href') ?? null);
}

/**
 * The handles the tweet's own text mentions, in order, each once: read inside its own text block,
 * so a quoted tweet's are not taken.
 */
export function readMentionedHandles(article: Element): string[] {
  const handles: string[] = [];
  const text = findOwnTweetText(article);
  if (text === null) return handles;
  for (const link of text.querySelectorAll(selectors.textMentionLink)) {
    const handle = handleOfPath(link.getAttribute('href'));
    // Only a link that reads as the mention it links to: `@bob` → `/bob`.
    if (handle === null || link.textContent?.trim().toLowerCase() !== `@${handle.toLowerCase()}`) continue;
    if (!handles.some((known) => known.toLowerCase() === handle.toLowerCase())) handles.push(handle);
  }
  return handles;
}

/** A profile page's handle, from its name block; null on any other page. */
export function readProfileHandle(document: Document): string | null {
  const block = document.querySelector(selectors.profileUserName);
  if (block === null) return null;
  for (const span of block.querySelectorAll('span')) {
    const text = span.textContent?.trim() ?? '';
    if (text.startsWith('@') && isHandle(text.slice(1))) return text.slice(1);
  }
  return null;
}
