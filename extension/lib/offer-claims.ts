import type { CatalogueOffer, ClaimRefusalReason } from '../../shared/contract/offers';
import { sameHashtag } from '../../shared/hashtag';
import type { Language } from '../../shared/language';
import { type Currency, formatAmount, minorUnits } from '../../shared/money';
import { formatOfferClaimTweet } from '../../shared/tweet-format';
import { type MessageParams, type PageMessageKey, translatePage } from './page-strings';
import type { ReadableClaim } from './readable-answers';

/**
 * What the Claim offer button shows and does, apart from the page: which offer a tweet's
 * hashtags name, the state of the user's claim, the terms in the user's language, and the
 * drafted claim tweet. The terms and the hashtag come from the worker's catalogue, never from the
 * tweet, which anyone can write.
 */

/**
 * `claimable`: one click drafts the claim tweet; `claimed`: the user's card is enrolled;
 * `ended`: past its enrol-by date; `fully-redeemed`: its credits reached the budget;
 * `paused`: the merchant paused it (a claim was refused for that reason).
 */
export type ClaimState = 'claimable' | 'claimed' | 'ended' | 'fully-redeemed' | 'paused';

/** What the page knows about the user's claims: the worker's list and the refusals just heard. */
export interface KnownClaims {
  claims: readonly Pick<ReadableClaim, 'offerId' | 'hashtag'>[];
  /** Offer id → why the worker refused the user's claim tweet during this page's life. */
  refusals: ReadonlyMap<string, ClaimRefusalReason>;
}

/**
 * The page's words in one language. The terms are written in the Claim offer chunk, whose own copy
 * of `page-strings.ts` holds no words: the content script hands it its own.
 */
export type PageWordsIn = (key: PageMessageKey, params?: MessageParams) => string;

export function pageWordsIn(language: Language): PageWordsIn {
  return (key, params) => translatePage(language, key, params);
}

export function languageOfLocale(locale: string | undefined): Language {
  return locale?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** The first offer, in the tweet's order, whose hashtag the tweet carries; null when none. */
export function findOffer(hashtags: readonly string[], offers: readonly CatalogueOffer[]): CatalogueOffer | null {
  for (const hashtag of hashtags) {
    const offer = offers.find((candidate) => sameHashtag(candidate.hashtag, hashtag));
    if (offer !== undefined) return offer;
  }
  return null;
}

export function claimStateOf(offer: CatalogueOffer, known: KnownClaims, nowMs: number): ClaimState {
  const claimed = known.claims.some((claim) => claim.offerId === offer.id || sameHashtag(claim.hashtag, offer.hashtag));
  const refusal = known.refusals.get(offer.id);
  if (claimed || refusal === 'already-claimed') return 'claimed';
  if (refusal === 'offer-ended' || refusal === 'enrol-by-passed' || nowMs > Date.parse(offer.enrolBy)) return 'ended';
  if (refusal === 'fully-redeemed' || offer.status === 'fully_redeemed') return 'fully-redeemed';
  if (refusal === 'offer-paused') return 'paused';
  return 'claimable';
}

/** The button's words (the page's words: `page-strings-en.ts`, `page-strings-fr.ts`). */
export function claimButtonLabel(state: ClaimState, language: Language): string {
  return translatePage(language, `claim.state.${state}`);
}

/**
 * An offer amount as people say it: `$75` rather than `$75.00` when there are no cents, else
 * as `formatAmount` writes it (`€12.50`, `12,50 €`).
 */
export function formatOfferAmount(amountMinor: number, currency: Currency, language: Language): string {
  const written = formatAmount(amountMinor, currency, language);
  const exponent = minorUnits(currency);
  if (exponent === 0 || amountMinor % 10 ** exponent !== 0) return written;
  // The decimal separator and its zeros are the last digits written; the symbol may follow them.
  return written.replace(new RegExp(`[.,]0{${exponent}}(?=\\D*$)`), '');
}

/** A day as `31 Dec` (en) or `31 déc.` (fr), in the user's time zone unless one is given. */
export function formatOfferDay(iso: string, language: Language, timeZone?: string): string {
  const locale = language === 'fr' ? 'fr-FR' : 'en-GB';
  const options: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short' };
  if (timeZone !== undefined) options.timeZone = timeZone;
  return new Intl.DateTimeFormat(locale, options).format(new Date(iso));
}

/** "Spend $75, get $20 back · until 31 Dec" — until the offer's spend-by day. */
export function describeOfferTerms(
  offer: CatalogueOffer,
  language: Language,
  timeZone?: string,
  words: PageWordsIn = pageWordsIn(language),
): string {
  const { minimumSpendMinor, creditMinor, currency } = offer.terms;
  const spend = formatOfferAmount(minimumSpendMinor, currency, language);
  const credit = formatOfferAmount(creditMinor, currency, language);
  const until = formatOfferDay(offer.spendBy, language, timeZone);
  return words('claim.terms', { spend, credit, until });
}

/** A count of credits as the reader writes numbers: `1,250` (en), `1 250` (fr). */
export function formatCreditCount(count: number, language: Language): string {
  return new Intl.NumberFormat(language === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 0 }).format(count);
}

/**
 * "Budget left: 12 credits": how many more credits the offer can pay, from the catalogue; null
 * when the catalogue does not say (an older worker) or none is left (the state says it then).
 */
export function describeBudgetLeft(offer: CatalogueOffer, language: Language): string | null {
  const left = offer.budgetLeftCredits;
  if (left === undefined || left <= 0) return null;
  const count = formatCreditCount(left, language);
  if (language === 'fr') return `Budget restant : ${count} ${left === 1 ? 'crédit' : 'crédits'}`;
  return `Budget left: ${count} ${left === 1 ? 'credit' : 'credits'}`;
}

/** Why the button does not draft, said in full for its description; null when it drafts. */
export function claimStateDetail(
  state: ClaimState,
  offer: CatalogueOffer,
  language: Language,
  timeZone?: string,
  words: PageWordsIn = pageWordsIn(language),
): string {
  // Only the claimable state's words name the day.
  return words(`claim.detail.${state}`, {
    enrolBy: formatOfferDay(offer.enrolBy, language, timeZone),
  });
}

/** The compose intent that drafts the claim tweet: the user still has to post it. */
export function claimIntentUrl(origin: string, offer: CatalogueOffer, language: Language): string {
  const text = formatOfferClaimTweet({ hashtag: offer.hashtag, merchantHandle: offer.merchantUsername, language });
  return `${new URL(origin).origin}/intent/post?text=${encodeURIComponent(text)}`;
}

const REFUSAL_MESSAGES: Record<Language, Record<ClaimRefusalReason, string>> = {
  en: {
    'already-claimed': 'You already claimed this offer',
    'offer-ended': 'This offer has ended',
    'enrol-by-passed': 'This offer can no longer be claimed',
    'fully-redeemed': 'This offer is fully redeemed',
    'offer-paused': 'The merchant paused this offer',
    'author-not-linked': 'Link your X account to claim offers: open Hashpay from the toolbar',
    'merchant-own-offer': 'A merchant cannot claim its own offer',
  },
  fr: {
    'already-claimed': 'Vous avez déjà activé cette offre',
    'offer-ended': 'Cette offre est terminée',
    'enrol-by-passed': 'Cette offre ne peut plus être activée',
    'fully-redeemed': 'Cette offre est épuisée',
    'offer-paused': 'Le commerçant a suspendu cette offre',
    'author-not-linked': 'Associez votre compte X pour activer des offres : ouvrez Hashpay depuis la barre d’outils',
    'merchant-own-offer': 'Un commerçant ne peut pas activer sa propre offre',
  },
};

/** What to tell the user after a claim tweet was matched, or null for a tweet that claimed nothing. */
export function claimReportMessage(
  claim: { status: 'enrolled' | 'refused'; refusalReason: ClaimRefusalReason | null } | undefined,
  language: Language,
): string | null {
  if (claim === undefined) return null;
  if (claim.status === 'enrolled')
    return language === 'fr' ? 'Offre ajoutée à votre carte' : 'Offer added to your card';
  return claim.refusalReason === null ? null : REFUSAL_MESSAGES[language][claim.refusalReason];
}
