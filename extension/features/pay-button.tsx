import type { Organisation } from '../../shared/contract/pots';
import { prepareFirstUse } from '../lib/action-first-use';
import { askBackground } from '../lib/background-client';
import { isolate } from '../lib/bidi';
import { showButtonNotice } from '../lib/button-notice';
import { defineFeature } from '../lib/feature-manager';
import { pageLanguage } from '../lib/language-preference';
import type { AskBackground } from '../lib/messages';
import { CHIP_IN_KIND, CLAIM_KIND, moneyActionHost, PAY_KIND } from '../lib/money-actions';
import { rememberOpenSheet } from '../lib/open-sheet';
import { readMentionedHandles, readPageAccountHandle } from '../lib/page-people';
import { translatePage as translate } from '../lib/page-strings';
import type { OpenPaySheetOptions, SheetSubject } from '../lib/pay-sheet';
import { loadPaySheetChunk } from '../lib/pay-sheet-chunk';
import { selectors } from '../lib/selectors';
import {
  adoptStyle,
  childHost,
  copyShadowHost,
  createShadowHost,
  isOwnHost,
  type ShadowHost,
} from '../lib/shadow-host';
import { ACCENT_COLOUR, type PageTheme, readPageTheme, THEME_COLOURS } from '../lib/theme';
import { readTweet, type TweetIdentity } from '../lib/tweet';
import { type ArticleOrRecord, recordOf } from '../lib/tweet-record';

export { findActionBar } from '../lib/tweet-record';

/**
 * A **Pay** button in the action bar of every recognised tweet (timeline, conversation, status
 * page, profile), never on promoted tweets nor on the linked user's own. It is a real `<button>`
 * in a shadow root whose host carries `data-hashpay="pay"`, drawn like x.com's own action icons
 * (`actionIconStyle`): an 18.75 px icon on the 20 px row, a round hit area reaching 8 px around
 * it, their grey, a tinted circle on hover and focus, a tooltip; it goes last in the bar, so it
 * sits at the same place on every tweet. Its accessible name says whom it pays.
 * Clicking it reads the article again (x.com recycles articles) and opens the pay sheet for the
 * tweet's author: the DOM only names the payee; the worker resolves the handle to an X user id.
 *
 * On a tweet by a verified organisation (by the catalogue the background keeps) the button reads
 * **Donate** and opens the sheet as a donation. The handle is compared for what the button says
 * only: whether the money is a donation is decided by the worker from the payee's X user id.
 */

export { PAY_KIND } from '../lib/money-actions';
export { PAY_SHEET_KIND } from '../lib/pay-sheet-chunk';

/** Where the sheet opens and what it may offer besides the author. */
export interface SheetOpening {
  anchor: HTMLElement;
  mentionedHandles: readonly string[];
}

export interface PayButtonDeps {
  openSheet: (tweet: TweetIdentity, organisation: Organisation | null, opening?: SheetOpening) => void;
  /** The verified organisation with this handle, if any; nothing is one when absent. */
  organisationOf?: (handle: string) => Organisation | null;
  /** The linked user's handle (no Pay on their own tweets); nobody's when absent. */
  linkedHandle?: string | null;
}

/** On the Pay button's host: `donation` when it reads Donate, for tools and tests outside the extension. */
export const PAY_PURPOSE_ATTRIBUTE = 'data-hashpay-purpose';

/** The organisations by handle, compared without regard to case as X does. */
export function organisationsByHandle(organisations: readonly Organisation[]): (handle: string) => Organisation | null {
  const byHandle = new Map(organisations.map((organisation) => [organisation.username.toLowerCase(), organisation]));
  return (handle) => byHandle.get(handle.toLowerCase()) ?? null;
}

function payHostOf(actionBar: Element): Element | null {
  return childHost(actionBar, PAY_KIND);
}

/**
 * x.com's action icons: an 18.75 px icon on a 20 px row, the circle behind it 8 px larger on each
 * side (34.75 px, the hit area), grey at rest. Shared by every money action of the action bar (Pay,
 * Donate, Claim offer, Chip in, Pledge) through one adopted sheet per theme and icon. This is the
 * sheet at rest; the hover and focus rules come with the first use (`actionIconInteractionStyle`).
 */
export function actionIconStyle(theme: PageTheme, icon: ActionIcon): string {
  // Made once per theme and icon: every button asks, and an adopted sheet is found by its text.
  const key = `${theme} ${icon}`;
  let style = actionIconStyles.get(key);
  if (style === undefined) {
    // A long timeline carries one of these per tweet, so each is as few boxes as can be: the
    // button is the circle and hit area (34.75 px, taking the icon's 20 px in the row through
    // negative margins) and draws the icon as its background; the hidden word is never laid out,
    // and the tooltip is made on first hover or focus, laid out only while shown. Nothing is
    // positioned at rest: a positioned box is a paint layer of its own.
    style = `
:host{display:flex;align-items:center;justify-content:flex-end}
button{display:block;box-sizing:border-box;width:34.75px;height:34.75px;margin:-7.375px .625px -7.375px -7.375px;
padding:0;border:0;border-radius:9999px;background:${iconImage(icon, THEME_COLOURS[theme].muted)} center/18.75px 18.75px no-repeat;
cursor:pointer;outline:none}
.label{display:none}`;
    actionIconStyles.set(key, style);
  }
  return style;
}

const actionIconStyles = new Map<string, string>();

/**
 * The hover and focus rules of an action icon, adopted by its root when the pointer or the
 * keyboard first comes to it (`prepareFirstUse`): the accent colour (or `hover`) and a 10 % tint on
 * hover and keyboard focus, fading in (a transition at rest costs every button's style too; it
 * comes in the same recalculation as the first hover, so that one fades as well), the focus ring,
 * and X's small dark label under the icon, after half a second on hover, at once on focus. The
 * tooltip is placed from the host, positioned only while hovered or focused.
 */
export function actionIconInteractionStyle(icon: ActionIcon, hover: string = ACCENT_COLOUR): string {
  const key = `${icon} ${hover}`;
  let style = actionIconInteractionStyles.get(key);
  if (style === undefined) {
    style = `
:host(:hover),:host(:focus-within){position:relative}
button{transition:background-color .2s}
button:hover,button:focus-visible{background-image:${iconImage(icon, hover)};
background-color:color-mix(in srgb,${hover} 10%,transparent)}
button:focus-visible{box-shadow:0 0 0 2px ${hover}}
[role="tooltip"]{display:none}
:host(:hover) [role="tooltip"],button:focus-visible~[role="tooltip"]{display:block;position:absolute;top:calc(100% + 10px);
right:0;z-index:1;padding:2px 4px;border-radius:2px;background:rgba(91,112,131,.9);color:#fff;
font:400 11px/14px system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;white-space:nowrap;pointer-events:none;
animation:hashpay-tooltip .1s .5s both}
button:focus-visible~[role="tooltip"]{animation-delay:0s}
@keyframes hashpay-tooltip{from{opacity:0}to{opacity:1}}`;
    actionIconInteractionStyles.set(key, style);
  }
  return style;
}

const actionIconInteractionStyles = new Map<string, string>();

/**
 * The icons, drawn with strokes in a 24 px box: a banknote for Pay, a heart for Donate, a tag for
 * Claim offer, a coin with a plus for Chip in, a flag for Pledge.
 */
export const ICON_PATHS = {
  pay: 'M3 6.5h18v11H3z M12 9.5a2.5 2.5 0 1 0 0 5a2.5 2.5 0 1 0 0-5 M6 9.5v5 M18 9.5v5',
  donate: 'M12 20s-7.5-4.6-7.5-10.1A4.2 4.2 0 0 1 12 7.4a4.2 4.2 0 0 1 7.5 2.5C19.5 15.4 12 20 12 20z',
  claim: 'M3.5 8.5l5-5h7v7l-5 5z M12 7h.01 M14.5 14.5l6 6 M17.5 20.5h3v-3',
  chipIn: 'M12 3.5a8.5 8.5 0 1 0 0 17a8.5 8.5 0 1 0 0-17 M12 8v8 M8 12h8',
  pledge: 'M5.5 21V3.5 M5.5 4h12l-2.5 4.25L17.5 12.5h-12',
} as const;

export type ActionIcon = keyof typeof ICON_PATHS;

/**
 * An icon stroked in `colour`, as a CSS image for a button's background: drawn by the style
 * sheet every button of a kind shares, instead of an SVG element and its path in each button.
 */
export function iconImage(icon: ActionIcon, colour: string): string {
  // Made once per icon and colour: Claim offer's sheet asks for its icons on every button it draws.
  const key = `${icon} ${colour}`;
  let image = iconImages.get(key);
  if (image === undefined) {
    const svg =
      `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" stroke="${colour}" stroke-width="1.9" ` +
      `stroke-linecap="round" stroke-linejoin="round"><path d="${ICON_PATHS[icon]}"/></svg>`;
    image = `url("data:image/svg+xml,${encodeURIComponent(svg)}")`;
    iconImages.set(key, image);
  }
  return image;
}

const iconImages = new Map<string, string>();

/** The button of a money action, with its word, in a shadow root; its tooltip comes on first use (`prepareFirstUse`). */
function appendActionIconParts(root: ShadowRoot, word: string): void {
  const document = root.ownerDocument;
  const button = document.createElement('button');
  button.type = 'button';
  // The word stays in the button (hidden from sight, not from tools reading its text).
  const label = document.createElement('span');
  label.className = 'label';
  label.textContent = word;
  button.append(label);
  root.append(button);
}

/**
 * One host per document, kind and word (Pay, Donate, in each language), copied for every tweet;
 * null where the browser does not copy it.
 */
const actionIconPrototypes = new WeakMap<Document, Map<string, ShadowHost | null>>();

export interface ActionIconHost extends ShadowHost {
  button: HTMLButtonElement;
}

/**
 * A host of `kind` holding an icon button with its visually hidden word, styled by
 * `actionIconStyle` (which draws the icon). When the pointer or the keyboard first comes to it,
 * its root adopts `interactionStyle` (its hover and focus rules, `actionIconInteractionStyle`;
 * none when null) and gets a tooltip (`tooltip`, else the word; none when null). A long timeline
 * makes one per tweet, so it is a copy of a host made once per document, kind and word: one
 * native copy of the host, its shadow root and their elements, instead of each made and attached
 * one by one.
 */
export function createActionIconHost(
  document: Document,
  kind: string,
  words: { label: string; accessibleName: string; tooltip?: string | null },
  interactionStyle: string | null,
): ActionIconHost {
  let prototypes = actionIconPrototypes.get(document);
  if (prototypes === undefined) {
    prototypes = new Map();
    actionIconPrototypes.set(document, prototypes);
  }
  // The word is the copy's already: only the button's accessible name and tooltip are given per tweet.
  const key = `${kind}\n${words.label}`;
  let prototype = prototypes.get(key);
  if (prototype === undefined) {
    prototype = createShadowHost(document, kind, 'div', { clonable: true });
    appendActionIconParts(prototype.root, words.label);
    prototypes.set(key, prototype);
  }
  let made = prototype === null ? null : copyShadowHost(prototype);
  if (made === null) {
    // A browser that does not copy shadow roots: made one by one, without trying to copy again.
    prototypes.set(key, null);
    made = createShadowHost(document, kind);
    appendActionIconParts(made.root, words.label);
  }
  const button = made.root.firstChild as HTMLButtonElement;
  button.setAttribute('aria-label', words.accessibleName);
  const tooltip = words.tooltip === null ? null : (words.tooltip ?? words.label);
  if (tooltip !== null || interactionStyle !== null) prepareFirstUse(made.host, { tooltip, interactionStyle });
  return { ...made, button };
}

/** The tweet a Pay button was made for. */
const PAY_TWEET_ATTRIBUTE = 'data-hashpay-tweet';

/** Adds the Pay button to one article, once; removes it from an article that became promoted. */
export function addPayButton(target: ArticleOrRecord, deps: PayButtonDeps = defaultDeps): void {
  const { article, tweet, actionBar } = recordOf(target);
  if (actionBar === null) return;
  // Most bars are new and hold none of the extension's hosts: one look says so for all three below.
  const anyHost = childHost(actionBar) !== null;
  const existing = anyHost ? payHostOf(actionBar) : null;
  const ownTweet =
    tweet !== null && deps.linkedHandle != null && tweet.authorHandle.toLowerCase() === deps.linkedHandle.toLowerCase();
  // One money action per tweet: an offer's Claim or a pot's Chip in takes Pay's place.
  const claimed =
    anyHost && (moneyActionHost(actionBar, CLAIM_KIND) !== null || moneyActionHost(actionBar, CHIP_IN_KIND) !== null);
  if (tweet === null || tweet.promoted || ownTweet || claimed) {
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

  const document = article.ownerDocument;
  // The options' language (or the page's), as the sheet and the drafted tweet use it.
  const language = pageLanguage(document);
  const payLabel = organisation === null ? translate(language, 'button.pay.label', { handle: tweet.authorHandle }) : '';
  const icon: ActionIcon = organisation === null ? 'pay' : 'donate';
  const { host, root, button } = createActionIconHost(
    document,
    PAY_KIND,
    organisation === null
      ? { label: translate(language, 'button.pay'), accessibleName: payLabel, tooltip: payLabel }
      : {
          label: translate(language, 'button.donate'),
          accessibleName: translate(language, 'button.donate.label', {
            name: isolate(organisation.displayName),
            handle: tweet.authorHandle,
          }),
        },
    actionIconInteractionStyle(icon),
  );
  host.setAttribute(PAY_TWEET_ATTRIBUTE, tweet.tweetId);
  host.setAttribute(PAY_PURPOSE_ATTRIBUTE, purpose);
  adoptStyle(root, actionIconStyle(readPageTheme(document), icon));
  button.addEventListener('click', (event) => {
    event.preventDefault();
    // Stops x.com from opening the tweet, which it does on any click inside the article.
    event.stopPropagation();
    const current = readTweet(article);
    if (current === null || current.promoted) return;
    deps.openSheet(current, deps.organisationOf?.(current.authorHandle) ?? null, {
      anchor: button,
      mentionedHandles: readMentionedHandles(article),
    });
  });
  actionBar.append(host);
}

/** Opens the sheet on this x.com page, for a payment or, with `what`, a donation or a pot. */
export function openSheetOnPage(
  tweet: SheetSubject,
  what: Pick<OpenPaySheetOptions, 'mode' | 'payeeHandle' | 'anchor' | 'mentionedHandles'> = {},
): void {
  // The sheet is loaded on the first click, not with every x.com page (see `pay-sheet-chunk.ts`);
  // a chunk that fails to load (an update under way) is tried again on the next click, and the
  // button says so meanwhile.
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
          pageAccountHandle: readPageAccountHandle(document),
          ...what,
        },
        // This run's hosts and open-sheet record, not the chunk's own copies of them.
        { createShadowHost, rememberOpenSheet },
      ),
    (error: unknown) => {
      console.error('hashpay: the pay sheet could not load', error);
      if (what.anchor !== undefined) {
        showButtonNotice(what.anchor, translate(pageLanguage(document), 'button.unavailable'));
      }
    },
  );
}

function openPaymentOrDonationSheet(
  tweet: TweetIdentity,
  organisation: Organisation | null,
  opening?: SheetOpening,
): void {
  openSheetOnPage(tweet, {
    ...(organisation === null ? {} : { mode: { kind: 'donation', organisationName: organisation.displayName } }),
    ...(opening === undefined
      ? {}
      : { anchor: opening.anchor, mentionedHandles: organisation === null ? opening.mentionedHandles : [] }),
  });
}

const defaultDeps: PayButtonDeps = { openSheet: openPaymentOrDonationSheet };

export interface PayButtons {
  visit(target: ArticleOrRecord): void;
  /** Asks the background for the verified organisations once, then relabels the buttons already shown. */
  load(): Promise<void>;
  /** Asks the background who is linked, then takes Pay off their own tweets. */
  loadLinkedUser(): Promise<void>;
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
    async loadLinkedUser() {
      const me = await options.ask('get-me', {});
      // Not knowing who is linked leaves Pay on every tweet: the worker refuses paying oneself.
      if (!me.ok || options.signal?.aborted === true) return;
      deps.linkedHandle = me.value.user?.username ?? null;
      if (options.revisit !== undefined) options.revisit();
      else for (const article of options.document.querySelectorAll(selectors.tweetArticle)) addPayButton(article, deps);
    },
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
    await Promise.all([buttons.load(), buttons.loadLinkedUser()]);
  },
});
