import type { Browser } from 'wxt/browser';
import { type CatalogueOffer, CatalogueOfferSchema, type TweetClaim } from '../../shared/contract/offers';
import type { ReadableClaim } from '../lib/readable-answers';
import type { WorkerApi } from './api';
import { createCatalogue } from './catalogue';

/**
 * The merchants' live offers and the user's claims, as the background keeps them for the
 * content script. The catalogue is a public list kept with its ETag (`catalogue.ts`), refreshed
 * by an alarm and on demand when the kept copy is older than the worker lets caches keep it. The
 * claims belong to the linked user: kept in memory only, for that user's X id, so a relinked
 * account never sees another's claims.
 */

export const OFFER_CATALOGUE_STORAGE_KEY = 'hashpay.offers.v1';
export const OFFER_CATALOGUE_ALARM_NAME = 'hashpay-offers';
export const OFFER_CATALOGUE_PERIOD_MINUTES = 5;
/** The worker answers the catalogue with `max-age=60`: asking again sooner brings nothing new. */
export const OFFER_CATALOGUE_FRESH_MS = 60_000;
/** A claim made elsewhere (another browser, the worker's own search) shows within this delay. */
export const CLAIMS_FRESH_MS = 60_000;
/** Offers kept and sent to pages; a catalogue is a few dozen offers, this bounds a runaway one. */
export const CATALOGUE_OFFERS_MAX = 1_000;

type StorageArea = Pick<Browser.storage.StorageArea, 'get' | 'set'>;

export interface OfferCatalogue {
  /**
   * The live offers: the kept copy, refreshed first when it is older than
   * `OFFER_CATALOGUE_FRESH_MS` (or when `refresh` asks). When the worker cannot be reached, a kept
   * copy is answered as it is; with no copy at all, the failure is thrown.
   */
  offers(options?: { refresh?: boolean }): Promise<CatalogueOffer[]>;
  /** Asks the worker now, conditionally on the kept ETag; concurrent calls share one request. */
  refresh(): Promise<CatalogueOffer[]>;
  /** The user's claims, asked again when older than `CLAIMS_FRESH_MS` (or when `refresh` asks). */
  claims(user: ClaimsOwner, options?: { refresh?: boolean }): Promise<ReadableClaim[]>;
  /** Records a claim the worker just enrolled (from a reported tweet), so pages see it at once. */
  recordClaim(user: ClaimsOwner, claim: TweetClaim, tweetId: string): void;
  /** Catalogue requests sent to the worker so far (a diagnostic figure). */
  readonly catalogueRequestCount: number;
}

/** Whose claims: the session's token to ask with, and the X user id they are kept under. */
export interface ClaimsOwner {
  token: string;
  xUserId: string;
}

export interface OfferCatalogueOptions {
  api: Pick<WorkerApi, 'listOffers' | 'listClaims'>;
  storage: StorageArea;
  now?: () => number;
}

interface ClaimsEntry {
  xUserId: string;
  claims: ReadableClaim[];
  fetchedAtMs: number;
}

export function createOfferCatalogue(options: OfferCatalogueOptions): OfferCatalogue {
  const { api } = options;
  const now = options.now ?? Date.now;
  const catalogue = createCatalogue<CatalogueOffer>(
    {
      storageKey: OFFER_CATALOGUE_STORAGE_KEY,
      listField: 'offers',
      itemSchema: CatalogueOfferSchema,
      itemsMax: CATALOGUE_OFFERS_MAX,
      async fetchList(ifNoneMatch) {
        const answer = await api.listOffers(ifNoneMatch);
        return answer.changed ? { changed: true, etag: answer.etag, items: answer.offers } : answer;
      },
    },
    { storage: options.storage, now },
  );
  let claimsEntry: ClaimsEntry | null = null;

  return {
    offers: ({ refresh = false } = {}) => catalogue.items(refresh ? 0 : OFFER_CATALOGUE_FRESH_MS),
    refresh: catalogue.refresh,
    async claims(user, { refresh: forced = false } = {}) {
      const entry = claimsEntry;
      if (entry !== null && entry.xUserId === user.xUserId && !forced && now() - entry.fetchedAtMs < CLAIMS_FRESH_MS) {
        return entry.claims;
      }
      const claims = await api.listClaims(user.token);
      claimsEntry = { xUserId: user.xUserId, claims, fetchedAtMs: now() };
      return claims;
    },
    recordClaim(user, claim, tweetId) {
      if (claim.status !== 'enrolled') return;
      const entry = claimsEntry;
      // Without a fresh list of this user's claims, the next read asks the worker, which knows it.
      if (entry === null || entry.xUserId !== user.xUserId) return;
      // A claim the list already holds may have moved on (credit pending, credited): keep it as is.
      if (entry.claims.some((known) => known.offerId === claim.offerId)) return;
      const recorded: ReadableClaim = {
        offerId: claim.offerId,
        hashtag: claim.hashtag,
        status: 'enrolled',
        claimedAt: claim.claimedAt ?? new Date(now()).toISOString(),
        tweetId,
      };
      entry.claims = [...entry.claims, recorded];
    },
    get catalogueRequestCount() {
      return catalogue.requestCount;
    },
  };
}
