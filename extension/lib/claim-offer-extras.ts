import type { CatalogueOffer } from '../../shared/contract/offers';
import type { Language } from '../../shared/language';
import { appendIsolated } from './bidi';
import {
  type ClaimState,
  claimIntentUrl,
  claimReportMessage,
  claimStateDetail,
  describeBudgetLeft,
  describeOfferTerms,
  type PageWordsIn,
} from './offer-claims';
import { loadPageChunk, offersMethod, publishPageChunk } from './page-chunk';
import { placePopover } from './popover-place';
import { appendStyle, type ShadowHost } from './shadow-host';
import { ACCENT_COLOUR, readPageTheme, THEME_COLOURS } from './theme';

/**
 * Claim offer apart from finding the tweets that carry an offer and making their buttons: the
 * offer's terms in words (the button's description and the popover), the drafted claim tweet, the
 * toast that tells what the worker said. They are most of Claim offer's weight (amounts and days
 * written in the reader's language), and most x.com pages show no offer: pages load them in a
 * chunk of their own (`/claim-offer-extras.js`, `page-chunk.ts`), asked for by the first tweet
 * that carries an offer, whose button waits for it. Hosts are made by the content script and
 * handed in, so they are its own (`isOwnHost`).
 */

export const CLAIM_OFFER_EXTRAS_CHUNK = 'claim-offer-extras';

/** The popover's words: the button's description says the same. */
export interface TermsWords {
  title: string;
  terms: string;
  /** What is left of the offer's budget; null when the worker does not say or nothing is left. */
  budget: string | null;
  detail: string;
}

/** What the terms are written with: the page's words come from the content script (`PageWordsIn`). */
export interface TermsReading {
  language: Language;
  /** Days are shown in the user's zone unless tests fix one. */
  timeZone?: string;
  words: PageWordsIn;
}

/** The offer's terms in words, as the button's description and the popover say them. */
function termsWords(offer: CatalogueOffer, state: ClaimState, { language, timeZone, words }: TermsReading): TermsWords {
  return {
    title: `${offer.merchantName} · ${offer.title}`,
    terms: describeOfferTerms(offer, language, timeZone, words),
    budget: describeBudgetLeft(offer, language),
    detail: claimStateDetail(state, offer, language, timeZone, words),
  };
}

/** Describes a Claim button by the offer's terms, for screen readers: the popover lives outside its root. */
function describeButton(root: ShadowRoot, button: HTMLElement, offer: CatalogueOffer, words: TermsWords): void {
  const description = root.ownerDocument.createElement('span');
  description.id = 'terms';
  description.className = 'label';
  // Text only: merchant names and titles are the merchant's words, never markup.
  appendIsolated(description, `${words.title} · `, [offer.merchantName, offer.title]);
  description.append([words.terms, words.budget, words.detail].filter((part) => part !== null).join(' · '));
  button.setAttribute('aria-describedby', description.id);
  root.append(description);
}

/**
 * The terms popover: X's card surface under the button, in the page rather than in the action
 * bar, so it is never cut by the timeline's column; it takes no pointer, the button keeps it.
 */
function termsStyle(document: Document): string {
  const colours = THEME_COLOURS[readPageTheme(document)];
  return `
:host{position:static}
div{position:absolute;z-index:2147483646;box-sizing:border-box;width:max-content;max-width:min(320px,calc(100vw - 16px));
padding:12px 16px;border-radius:12px;border:1px solid ${colours.line};background:${colours.surface};color:${colours.text};
font:400 14px/1.35 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;box-shadow:0 2px 12px ${colours.line};pointer-events:none}
strong{display:block;font-weight:700;margin-bottom:4px}
span{display:block}
.detail{color:${colours.muted};margin-top:4px}`;
}

function toastStyle(document: Document): string {
  const colours = THEME_COLOURS[readPageTheme(document)];
  return `
:host{position:fixed;left:0;right:0;bottom:80px;display:flex;justify-content:center;z-index:2147483647;pointer-events:none}
div{max-width:420px;padding:12px 16px;border-radius:8px;background:${ACCENT_COLOUR};color:#fff;font:15px/1.35 system-ui,
sans-serif;font-weight:700;box-shadow:0 2px 12px ${colours.line};pointer-events:auto}`;
}

/** Fills the terms popover's host, puts it in the page and places it under (or above) the button. */
function showTerms(shadow: ShadowHost, button: HTMLElement, offer: CatalogueOffer, words: TermsWords): void {
  const { host, root } = shadow;
  const document = host.ownerDocument;
  appendStyle(root, termsStyle(document));
  const popover = document.createElement('div');
  popover.setAttribute('role', 'tooltip');
  const title = document.createElement('strong');
  // Text only: merchant names and titles are the merchant's words, never markup.
  appendIsolated(title, words.title, [offer.merchantName, offer.title]);
  const terms = document.createElement('span');
  terms.dataset.field = 'terms';
  terms.textContent = words.terms;
  popover.append(title, terms);
  if (words.budget !== null) {
    const budget = document.createElement('span');
    budget.dataset.field = 'budget';
    budget.textContent = words.budget;
    popover.append(budget);
  }
  const detail = document.createElement('span');
  detail.className = 'detail';
  detail.dataset.field = 'state';
  detail.textContent = words.detail;
  popover.append(detail);
  root.append(popover);
  document.body.append(host);
  placePopover(popover, button);
}

/** Fills the toast's host with one sentence and puts it in the page. */
function showToast(shadow: ShadowHost, message: string): void {
  const { host, root } = shadow;
  const document = host.ownerDocument;
  appendStyle(root, toastStyle(document));
  const box = document.createElement('div');
  box.setAttribute('role', 'status');
  box.textContent = message;
  root.append(box);
  document.body.append(host);
}

export const claimOfferExtras = {
  termsWords,
  describeButton,
  showTerms,
  showToast,
  claimIntentUrl,
  claimReportMessage,
};
export type ClaimOfferExtras = typeof claimOfferExtras;

/** Called by the chunk when it is evaluated. */
export function publishClaimOfferExtras(): void {
  publishPageChunk(CLAIM_OFFER_EXTRAS_CHUNK, claimOfferExtras);
}

/** The chunk, imported once per page; a failed import is tried again on the next use. */
export function loadClaimOfferExtras(): Promise<ClaimOfferExtras> {
  // Its newest method: a chunk from an older build lacks it, and is asked for again.
  return loadPageChunk(CLAIM_OFFER_EXTRAS_CHUNK, offersMethod<ClaimOfferExtras>('describeButton'));
}
