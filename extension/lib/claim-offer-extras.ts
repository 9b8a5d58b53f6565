import type { CatalogueOffer } from '../../shared/contract/offers';
import { appendIsolated } from './bidi';
import { claimIntentUrl, claimReportMessage } from './offer-claims';
import { loadPageChunk, offersMethod, publishPageChunk } from './page-chunk';
import { placePopover } from './popover-place';
import { appendStyle, type ShadowHost } from './shadow-host';
import { ACCENT_COLOUR, readPageTheme, THEME_COLOURS } from './theme';

/**
 * What the Claim offer button does once someone comes to it, apart from drawing it: the terms
 * popover, the drafted claim tweet, the toast that tells what the worker said. x.com pages load it
 * in a chunk of its own (`/claim-offer-extras.js`, `page-chunk.ts`) on the first hover, focus,
 * click or answer; the content script carries only what draws the button and describes it.
 * Hosts are made by the content script and handed in, so they are its own (`isOwnHost`).
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

export const claimOfferExtras = { showTerms, showToast, claimIntentUrl, claimReportMessage };
export type ClaimOfferExtras = typeof claimOfferExtras;

/** Called by the chunk when it is evaluated. */
export function publishClaimOfferExtras(): void {
  publishPageChunk(CLAIM_OFFER_EXTRAS_CHUNK, claimOfferExtras);
}

/** The chunk, imported once per page; a failed import is tried again on the next use. */
export function loadClaimOfferExtras(): Promise<ClaimOfferExtras> {
  return loadPageChunk(CLAIM_OFFER_EXTRAS_CHUNK, offersMethod<ClaimOfferExtras>('showTerms'));
}
