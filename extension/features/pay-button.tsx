import type { Organisation } from '../../shared/contract/pots';
import { askBackground } from '../lib/background-client';
import { isolate } from '../lib/bidi';
import { defineFeature } from '../lib/feature-manager';
import { pageLanguage } from '../lib/language-preference';
import type { AskBackground } from '../lib/messages';
import { rememberOpenSheet } from '../lib/open-sheet';
import { translatePage as translate } from '../lib/page-strings';
import type { OpenPaySheetOptions } from '../lib/pay-sheet';
import { loadPaySheetChunk } from '../lib/pay-sheet-chunk';
import { selectors } from '../lib/selectors';
import { adoptStyle, createShadowHost, HOST_ATTRIBUTE, isOwnHost } from '../lib/shadow-host';
import { ACCENT_COLOUR, readPageTheme, THEME_COLOURS } from '../lib/theme';
import { readTweet, type TweetIdentity } from '../lib/tweet';
import { type ArticleOrRecord, recordOf } from '../lib/tweet-record';

export { findActionBar } from '../lib/tweet-record';

/**
 * A **Pay** button in the action bar of every recognised tweet (timeline, conversation, status
 * page, profile), never on promoted tweets. It is a real `<button>` in a shadow root whose host
 * carries `data-hashpay="pay"`, coloured like x.com's own action buttons in the page's theme.
 * Clicking it reads the article again (x.com recycles articles) and opens the pay sheet for the
 * tweet's author: the DOM only names the payee; the worker resolves the handle to an X user id.
 *
 * On a tweet by a verified organisation (by the catalogue the background keeps) the button reads
 * **Donate** and opens the sheet as a donation. The handle is compared for what the button says
 * only: whether the money is a donation is decided by the worker from the payee's X user id.
 */

export const PAY_KIND = 'pay';
export { PAY_SHEET_KIND } from '../lib/pay-sheet-chunk';

export interface PayButtonDeps {
  openSheet: (tweet: TweetIdentity, organisation: Organisation | null) => void;
  /** The verified organisation with this handle, if any; nothing is one when absent. */
  organisationOf?: (handle: string) => Organisation | null;
}

/** On the Pay button's host: `donation` when it reads Donate, for tools and tests outside the extension. */
export const PAY_PURPOSE_ATTRIBUTE = 'data-hashpay-purpose';

/** The organisations by handle, compared without regard to case as X does. */
export function organisationsByHandle(organisations: readonly Organisation[]): (handle: string) => Organisation | null {
  const byHandle = new Map(organisations.map((organisation) => [organisation.username.toLowerCase(), organisation]));
  return (handle) => byHandle.get(handle.toLowerCase()) ?? null;
}

function payHostOf(actionBar: Element): Element | null {
  return actionBar.querySelector(`:scope > [${HOST_ATTRIBUTE}="${PAY_KIND}"]`);
}

function buttonStyle(document: Document): string {
  const colours = THEME_COLOURS[readPageTheme(document)];
  return `
:host{display:flex;align-items:center}
button{display:inline-flex;align-items:center;gap:4px;min-height:34px;padding:0 10px;border:0;border-radius:9999px;
background:transparent;color:${colours.muted};font:inherit;font-size:13px;font-weight:700;cursor:pointer}
button:hover{color:${ACCENT_COLOUR};background:rgba(29,155,240,.1)}
button:focus-visible{outline:2px solid ${ACCENT_COLOUR};outline-offset:1px}`;
}

/** The tweet a Pay button was made for. */
const PAY_TWEET_ATTRIBUTE = 'data-hashpay-tweet';

/** Adds the Pay button to one article, once; removes it from an article that became promoted. */
export function addPayButton(target: ArticleOrRecord, deps: PayButtonDeps = defaultDeps): void {
  const { article, tweet, actionBar } = recordOf(target);
  if (actionBar === null) return;
  const existing = payHostOf(actionBar);
  if (tweet === null || tweet.promoted) {
    existing?.remove();
    return;
  }
  const organisation = deps.organisationOf?.(tweet.authorHandle) ?? null;
  const purpose = organisation === null ? 'payment' : 'donation';
  // Kept only if this run made it for this very tweet: x.com reuses articles for other tweets,
  // and an earlier run of the content script (before an update) left buttons that no longer answer.
  if (
    existing !== null &&
    isOwnHost(existing) &&
    existing.getAttribute(PAY_TWEET_ATTRIBUTE) === tweet.tweetId &&
    existing.getAttribute(PAY_PURPOSE_ATTRIBUTE) === purpose
  ) {
    return;
  }
  existing?.remove();

  const { host, root } = createShadowHost(article.ownerDocument, PAY_KIND);
  host.setAttribute(PAY_TWEET_ATTRIBUTE, tweet.tweetId);
  host.setAttribute(PAY_PURPOSE_ATTRIBUTE, purpose);
  adoptStyle(root, buttonStyle(article.ownerDocument));
  const button = article.ownerDocument.createElement('button');
  button.type = 'button';
  // The options' language (or the page's), as the sheet and the drafted tweet use it.
  const language = pageLanguage(article.ownerDocument);
  if (organisation === null) {
    button.textContent = translate(language, 'button.pay');
    button.setAttribute('aria-label', translate(language, 'button.pay.label', { handle: tweet.authorHandle }));
  } else {
    button.textContent = translate(language, 'button.donate');
    button.setAttribute(
      'aria-label',
      translate(language, 'button.donate.label', {
        name: isolate(organisation.displayName),
        handle: tweet.authorHandle,
      }),
    );
  }
  button.addEventListener('click', (event) => {
    event.preventDefault();
    // Stops x.com from opening the tweet, which it does on any click inside the article.
    event.stopPropagation();
    const current = readTweet(article);
    if (current === null || current.promoted) return;
    deps.openSheet(current, deps.organisationOf?.(current.authorHandle) ?? null);
  });
  root.append(button);
  actionBar.append(host);
}

/** Opens the sheet on this x.com page, for a payment or, with `what`, a donation or a pot. */
export function openSheetOnPage(
  tweet: TweetIdentity,
  what: Pick<OpenPaySheetOptions, 'mode' | 'payeeHandle'> = {},
): void {
  // The sheet is loaded on the first click, not with every x.com page (see `pay-sheet-chunk.ts`);
  // a chunk that fails to load (an update under way) is tried again on the next click.
  loadPaySheetChunk().then(
    ({ openPaySheet }) =>
      openPaySheet(
        tweet,
        {
          document,
          ask: askBackground,
          navigate: (url) => location.assign(url),
          locale: navigator.language,
          origin: location.origin,
          language: pageLanguage(document),
          ...what,
        },
        // This run's hosts and open-sheet record, not the chunk's own copies of them.
        { createShadowHost, rememberOpenSheet },
      ),
    (error: unknown) => console.error('hashpay: the pay sheet could not load', error),
  );
}

function openPaymentOrDonationSheet(tweet: TweetIdentity, organisation: Organisation | null): void {
  openSheetOnPage(
    tweet,
    organisation === null ? {} : { mode: { kind: 'donation', organisationName: organisation.displayName } },
  );
}

const defaultDeps: PayButtonDeps = { openSheet: openPaymentOrDonationSheet };

export interface PayButtons {
  visit(target: ArticleOrRecord): void;
  /** Asks the background for the verified organisations once, then relabels the buttons already shown. */
  load(): Promise<void>;
}

export function createPayButtons(options: {
  document: Document;
  ask: AskBackground;
  openSheet: PayButtonDeps['openSheet'];
  signal?: AbortSignal;
  /** Visits every tweet of the page again (the observer's); the document's articles when absent. */
  revisit?: () => void;
}): PayButtons {
  const deps: PayButtonDeps = { openSheet: options.openSheet };
  return {
    visit: (target) => addPayButton(target, deps),
    async load() {
      const result = await options.ask('get-organisations', {});
      // Without the list every button reads Pay, which is still right: the worker decides.
      if (!result.ok || options.signal?.aborted === true) return;
      deps.organisationOf = organisationsByHandle(result.value.organisations);
      if (options.revisit !== undefined) options.revisit();
      else for (const article of options.document.querySelectorAll(selectors.tweetArticle)) addPayButton(article, deps);
    },
  };
}

export default defineFeature({
  id: 'pay-button',
  async init({ observeTweets, signal }) {
    let revisit = () => {};
    const buttons = createPayButtons({
      document,
      ask: askBackground,
      openSheet: openPaymentOrDonationSheet,
      signal,
      revisit: () => revisit(),
    });
    revisit = observeTweets((record) => buttons.visit(record));
    await buttons.load();
  },
});
