import { render } from 'preact';
import { isLanguage, type Language } from '../../shared/language';
import type { Currency } from '../../shared/money';
import { PaySheet, type PaySheetMode, sheetStyle } from '../components/PaySheet';
import { defaultCurrencyForLocale } from './currency-default';
import type { AskBackground } from './messages';
import { rememberOpenSheet } from './open-sheet';
import { PAY_SHEET_KIND } from './pay-sheet-chunk';
import { placePopover } from './popover-place';
import { appendStyle, createShadowHost, HOST_ATTRIBUTE } from './shadow-host';
import { readPageTheme } from './theme';
import type { TweetIdentity } from './tweet';

/**
 * The pay sheet on an x.com page: the sheet component, its form checks and the amount parser. It
 * is the content of the lazily loaded chunk (`entrypoints/pay-sheet.ts`), not of the content
 * script: a page loads it on the first click on Pay, Donate or Chip in.
 */

/** What the sheet takes from the content script that opens it, so hosts and the open-sheet record are its own. */
export interface SheetPageHooks {
  createShadowHost: typeof createShadowHost;
  rememberOpenSheet: typeof rememberOpenSheet;
}

const OWN_HOOKS: SheetPageHooks = { createShadowHost, rememberOpenSheet };

export interface OpenPaySheetOptions {
  document: Document;
  ask: AskBackground;
  navigate: (url: string) => void;
  locale: string | undefined;
  origin: string;
  /** The sheet's language; the locale's when absent. */
  language?: Language;
  /** A payment when absent. */
  mode?: PaySheetMode;
  /** The payee; the tweet's author when absent (a pot's organiser for a contribution). */
  payeeHandle?: string;
  /** The handles the tweet mentions: a payment may go to one of them instead. */
  mentionedHandles?: readonly string[];
  /** The X account the page is signed in as (display only); null when it cannot be read. */
  pageAccountHandle?: string | null;
  /** The button that opened the sheet: the sheet opens beside it and gives it focus back on close. */
  anchor?: HTMLElement;
}

/** What the sheet pays: a tweet's author (the draft replies to the tweet), or a profile's person (no tweet). */
export interface SheetSubject {
  authorHandle: string;
  tweetId: string | null;
}

/** Shows the sheet for a tweet or a profile; one sheet at a time, closed with Escape or Close. */
export function openPaySheet(
  tweet: SheetSubject | TweetIdentity,
  options: OpenPaySheetOptions,
  hooks: SheetPageHooks = OWN_HOOKS,
): () => void {
  const { document } = options;
  for (const open of document.querySelectorAll(`[${HOST_ATTRIBUTE}="${PAY_SHEET_KIND}"]`)) open.remove();
  const { host, root } = hooks.createShadowHost(document, PAY_SHEET_KIND);
  const theme = readPageTheme(document);
  appendStyle(root, sheetStyle(theme));
  const container = document.createElement('div');
  root.append(container);
  document.body.append(host);
  let forget = () => {};
  const close = () => {
    forget();
    render(null, container);
    host.remove();
    // Focus goes back where it was, as a dialog's should.
    if (options.anchor?.isConnected === true) options.anchor.focus();
  };
  const language: Language = options.language ?? (options.locale?.toLowerCase().startsWith('fr') ? 'fr' : 'en');
  const currency: Currency = defaultCurrencyForLocale(options.locale);
  const draw = (language: Language) =>
    render(
      <PaySheet
        payeeHandle={options.payeeHandle ?? tweet.authorHandle}
        mentionedHandles={options.mentionedHandles}
        pageAccountHandle={options.pageAccountHandle ?? null}
        mode={options.mode}
        inReplyToTweetId={tweet.tweetId ?? undefined}
        defaultCurrency={currency}
        language={isLanguage(language) ? language : 'en'}
        theme={theme}
        origin={options.origin}
        ask={options.ask}
        navigate={options.navigate}
        onClose={close}
      />,
      container,
    );
  draw(language);
  const sheet = root.querySelector<HTMLElement>('.sheet');
  if (options.anchor !== undefined && sheet !== null) placePopover(sheet, options.anchor);
  // A language chosen in the options while the sheet is open re-words it, keeping what was typed.
  forget = hooks.rememberOpenSheet(document, (next) => {
    if (host.isConnected) draw(next);
  });
  return close;
}

export { placePopover } from './popover-place';
