import type { CatalogueOffer, ClaimRefusalReason } from '../../shared/contract/offers';
import type { Language } from '../../shared/language';
import { askBackground } from '../lib/background-client';
import { type ClaimOfferExtras, loadClaimOfferExtras, type TermsReading } from '../lib/claim-offer-extras';
import { defineFeature } from '../lib/feature-manager';
import { pageLanguage } from '../lib/language-preference';
import type { AskBackground } from '../lib/messages';
import { CHIP_IN_KIND, CLAIM_KIND, moneyActionHost, PAY_KIND } from '../lib/money-actions';
import {
  type ClaimState,
  claimButtonLabel,
  claimStateOf,
  findOffer,
  type KnownClaims,
  pageWordsIn,
} from '../lib/offer-claims';
import { selectors } from '../lib/selectors';
import { adoptStyle, childHost, createShadowHost, HOST_ATTRIBUTE, isOwnHost } from '../lib/shadow-host';
import { ACCENT_COLOUR, readPageTheme, SETTLED_COLOUR, THEME_COLOURS } from '../lib/theme';
import { type ArticleOrRecord, recordOf } from '../lib/tweet-record';
import { onTweetReported, type TweetReport } from '../lib/tweet-reports';
import { actionIconInteractionStyle, actionIconStyle, createActionIconHost, iconImage } from './pay-button';

export { hashtagOfLink, readTweetHashtags } from '../lib/tweet-record';

/**
 * A **Claim offer** icon button in the action bar, in Pay's place and drawn like it
 * (`actionIconStyle`), on every tweet whose text carries the hashtag of an offer in the catalogue
 * (kept by the background). Hovering or focusing it shows the terms (merchant, minimum spend,
 * credit, window, budget left, state) in a popover placed beside it like the pay sheet (`placePopover`), closed
 * by Escape, leaving, or the click; the button is described by the same words. One click
 * drafts the claim tweet through the compose intent, and nothing is posted until the user posts
 * it. When the worker matches the posted tweet, the user is told ("Offer added to your card") and
 * every button of that offer shows it claimed. An offer already claimed, ended or fully redeemed
 * says so instead of drafting. The hashtags are read from the links x.com makes of them in the
 * tweet's own text; the offer, its terms and its spelling come from the catalogue. The terms'
 * words, the popover, the drafting and the toast come in a chunk (`lib/claim-offer-extras.ts`),
 * asked for by the first tweet that carries an offer: most pages show none. A button is drawn with
 * its description, so it waits for the chunk; the tweet keeps Pay meanwhile.
 */

export { CLAIM_KIND } from '../lib/money-actions';
export const CLAIM_TOAST_KIND = 'claim-toast';
/** The terms popover's host, in the page's body while a Claim button is hovered or focused. */
export const CLAIM_TERMS_KIND = 'claim-terms';
/** On the button's host: the state it shows, for tools and tests outside the extension. */
export const CLAIM_STATE_ATTRIBUTE = 'data-hashpay-claim-state';
/** On the button's host: the id of the offer it claims. */
export const CLAIM_OFFER_ATTRIBUTE = 'data-hashpay-offer';
/** How long the toast stays; long enough to read one sentence twice. */
export const TOAST_VISIBLE_MS = 6_000;

function claimHostOf(actionBar: Element): Element | null {
  return childHost(actionBar, CLAIM_KIND);
}

/** The icon's colour on hover and focus: the accent to claim, the settled green once claimed, else grey. */
function hoverColourOf(state: ClaimState, document: Document): string {
  if (state === 'claimable') return ACCENT_COLOUR;
  if (state === 'claimed') return SETTLED_COLOUR;
  return THEME_COLOURS[readPageTheme(document)].muted;
}

function buttonStyle(document: Document): string {
  return `${actionIconStyle(readPageTheme(document), 'claim')}
button[data-state="claimable"]{background-image:${iconImage('claim', ACCENT_COLOUR)}}
button[data-state="claimed"]{background-image:${iconImage('claim', SETTLED_COLOUR)};cursor:default}
button[aria-disabled="true"]:not([data-state="claimed"]){cursor:default;opacity:.8}`;
}

export interface ClaimOfferOptions {
  document: Document;
  ask: AskBackground;
  /** Opens the compose intent (the page's own navigation). */
  navigate: (url: string) => void;
  language: Language;
  /** The page's origin: the compose intent opens on the site the user is on. */
  origin: string;
  now?: () => number;
  /** Days are shown in the user's zone unless tests fix one. */
  timeZone?: string;
  /** Runs `hide` after `TOAST_VISIBLE_MS`; tests pass their own. */
  scheduleToastHide?: (hide: () => void) => void;
  /** The page run's signal: once aborted (navigation), answers arriving late change nothing. */
  signal?: AbortSignal;
  /** Visits every tweet of the page again (the observer's); the document's articles when absent. */
  revisit?: () => void;
  /** The terms' words, popover, drafting and toast; when absent, loaded from their chunk when first needed. */
  extras?: ClaimOfferExtras;
  /** Loads the extras' chunk (`loadClaimOfferExtras`); tests pass their own. */
  loadExtras?: () => Promise<ClaimOfferExtras>;
}

export interface ClaimOffer {
  /** Asks the background for the offers and (when there are offers) the user's claims; updates every button. */
  load(): Promise<void>;
  /** Adds, updates or removes the button of one article; idempotent. */
  visit(target: ArticleOrRecord): void;
  /** The worker's answer about a tweet the user posted: a claim is told and shown on every button. */
  heard(report: TweetReport): void;
  /** Shows one sentence in the page's corner for `TOAST_VISIBLE_MS`. */
  toast(message: string): void;
}

export function createClaimOffer(options: ClaimOfferOptions): ClaimOffer {
  const { document, ask, language } = options;
  const now = options.now ?? Date.now;
  const scheduleToastHide = options.scheduleToastHide ?? ((hide) => setTimeout(hide, TOAST_VISIBLE_MS));
  let offers: CatalogueOffer[] = [];
  const claims: Array<{ offerId: string; hashtag: string }> = [];
  const refusals = new Map<string, ClaimRefusalReason>();
  const known: KnownClaims = { claims, refusals };
  /** false once the background said the account is not linked: Claim then says so instead of drafting. */
  let linked: boolean | null = null;
  let extras: ClaimOfferExtras | null = options.extras ?? null;
  /** The extras asked for by a tweet that carries an offer: its button waits for them. */
  let extrasAskedForButtons = false;
  /** The page's words, handed to the extras (the chunk's own copy of them holds none). */
  const reading: TermsReading = {
    language,
    ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
    words: pageWordsIn(language),
  };

  /**
   * Runs `use` with the extras: at once when they are here, else once their chunk has loaded. A
   * chunk that cannot load (an update under way) is tried again on the next use; `failed` is told.
   */
  function withExtras(use: (extras: ClaimOfferExtras) => void, failed: () => void = () => {}): void {
    if (extras !== null) {
      use(extras);
      return;
    }
    (options.loadExtras ?? loadClaimOfferExtras)().then(
      (loaded) => {
        extras = loaded;
        if (options.signal?.aborted !== true) use(loaded);
      },
      (error: unknown) => {
        console.error('hashpay: the offer could not load', error);
        failed();
      },
    );
  }

  function stateOf(offer: CatalogueOffer): ClaimState {
    return claimStateOf(offer, known, now());
  }

  /** Drafts the claim tweet (a button is drawn only once the extras are here). */
  function draft(offer: CatalogueOffer, { claimIntentUrl, claimReportMessage }: ClaimOfferExtras): void {
    if (stateOf(offer) !== 'claimable') return;
    if (linked === false) {
      toast(claimReportMessage({ status: 'refused', refusalReason: 'author-not-linked' }, language) ?? '');
      return;
    }
    options.navigate(claimIntentUrl(options.origin, offer, language));
  }

  /**
   * The extras when they are here; else asks for them once, and visits every tweet again when they
   * come. A chunk that cannot load (an update under way) is asked for again by the next visit.
   */
  function extrasForButtons(): ClaimOfferExtras | null {
    if (extras === null && !extrasAskedForButtons) {
      extrasAskedForButtons = true;
      withExtras(
        () => {
          extrasAskedForButtons = false;
          visitAll();
        },
        () => {
          extrasAskedForButtons = false;
        },
      );
    }
    return extras;
  }

  function hideTerms(): void {
    for (const open of document.querySelectorAll(`[${HOST_ATTRIBUTE}="${CLAIM_TERMS_KIND}"]`)) open.remove();
  }

  /** One terms popover at a time, under (or above) the button it describes. */
  function showTerms(button: HTMLElement, offer: CatalogueOffer, state: ClaimState, loaded: ClaimOfferExtras): void {
    hideTerms();
    const shadow = createShadowHost(document, CLAIM_TERMS_KIND);
    shadow.host.setAttribute(CLAIM_OFFER_ATTRIBUTE, offer.id);
    loaded.showTerms(shadow, button, offer, loaded.termsWords(offer, state, reading));
  }

  function addButton(actionBar: Element, offer: CatalogueOffer, state: ClaimState, loaded: ClaimOfferExtras): void {
    const label = claimButtonLabel(state, language);
    // The terms popover stands for the icon's small label tooltip.
    const { host, root, button } = createActionIconHost(
      document,
      CLAIM_KIND,
      { label, accessibleName: label, tooltip: null },
      actionIconInteractionStyle('claim', hoverColourOf(state, document)),
    );
    host.setAttribute(CLAIM_OFFER_ATTRIBUTE, offer.id);
    host.setAttribute(CLAIM_STATE_ATTRIBUTE, state);
    adoptStyle(root, buttonStyle(document));
    button.dataset.state = state;
    if (state !== 'claimable') button.setAttribute('aria-disabled', 'true');
    // The same words as the popover.
    loaded.describeButton(root, button, offer, loaded.termsWords(offer, state, reading));
    const show = () => showTerms(button, offer, state, loaded);
    button.addEventListener('mouseenter', show);
    button.addEventListener('focus', show);
    button.addEventListener('mouseleave', () => {
      if (root.activeElement !== button) hideTerms();
    });
    button.addEventListener('blur', hideTerms);
    button.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') hideTerms();
    });
    button.addEventListener('click', (event) => {
      event.preventDefault();
      // Stops x.com from opening the tweet, which it does on any click inside the article.
      event.stopPropagation();
      hideTerms();
      draft(offer, loaded);
    });
    // One money action per tweet: Claim takes Pay's place, last in the bar.
    moneyActionHost(actionBar, PAY_KIND)?.remove();
    actionBar.append(host);
  }

  function visit(target: ArticleOrRecord): void {
    const { tweet, actionBar, hashtags } = recordOf(target);
    if (actionBar === null) return;
    const existing = claimHostOf(actionBar);
    const found = tweet === null ? null : findOffer(hashtags, offers);
    // One money action per tweet: a pot's Chip in, when the tweet also carries one, comes first.
    const offer = found !== null && moneyActionHost(actionBar, CHIP_IN_KIND) === null ? found : null;
    if (offer === null) {
      // A recycled article that now shows another tweet loses a button it no longer earns.
      existing?.remove();
      return;
    }
    const state = stateOf(offer);
    if (
      existing !== null &&
      isOwnHost(existing) &&
      existing.getAttribute(CLAIM_OFFER_ATTRIBUTE) === offer.id &&
      existing.getAttribute(CLAIM_STATE_ATTRIBUTE) === state
    ) {
      return;
    }
    const loaded = extrasForButtons();
    if (loaded === null) return;
    existing?.remove();
    addButton(actionBar, offer, state, loaded);
  }

  function visitAll(): void {
    if (options.signal?.aborted === true) return;
    // The page's tweets as they are now: holding on to every article seen would keep a long
    // scroll's detached tweets alive.
    if (options.revisit !== undefined) options.revisit();
    else for (const article of document.querySelectorAll(selectors.tweetArticle)) visit(article);
  }

  function toast(message: string): void {
    withExtras(({ showToast }) => {
      for (const open of document.querySelectorAll(`[${HOST_ATTRIBUTE}="${CLAIM_TOAST_KIND}"]`)) open.remove();
      const shadow = createShadowHost(document, CLAIM_TOAST_KIND);
      showToast(shadow, message);
      scheduleToastHide(() => shadow.host.remove());
    });
  }

  return {
    async load() {
      const offersResult = await ask('get-offers', {});
      // Without the catalogue there is nothing to claim; the next page run asks again.
      if (!offersResult.ok) return;
      offers = offersResult.value.offers;
      if (offers.length > 0) {
        const claimsResult = await ask('get-claims', {});
        if (claimsResult.ok) {
          linked = true;
          claims.push(...claimsResult.value.claims);
        } else if (claimsResult.error.code === 'not-linked') {
          linked = false;
        }
      }
      visitAll();
    },
    visit,
    heard(report) {
      const claim = report.claim;
      if (claim === undefined) return;
      if (report.outcome === 'offer-claimed' && claim.status === 'enrolled') {
        linked = true;
        claims.push({ offerId: claim.offerId, hashtag: claim.hashtag });
      } else if (claim.status === 'refused' && claim.refusalReason !== null) {
        refusals.set(claim.offerId, claim.refusalReason);
      }
      withExtras(({ claimReportMessage }) => {
        const message = claimReportMessage(claim, language);
        if (message !== null) toast(message);
      });
      visitAll();
    },
    toast,
  };
}

export default defineFeature({
  id: 'claim-offer',
  async init({ observeTweets, signal }) {
    let revisit = () => {};
    const claimOffer = createClaimOffer({
      document,
      ask: askBackground,
      navigate: (url) => location.assign(url),
      language: pageLanguage(document),
      origin: location.origin,
      signal,
      revisit: () => revisit(),
    });
    onTweetReported((report) => claimOffer.heard(report), { signal });
    revisit = observeTweets((record) => claimOffer.visit(record));
    await claimOffer.load();
  },
});
