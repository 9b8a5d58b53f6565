import type { Browser } from 'wxt/browser';
import { z } from 'zod';
import { assert } from '../../shared/assert';
import { type CatalogueOffer, CatalogueOfferSchema, type TweetClaim } from '../../shared/contract/offers';
import type { ReadableClaim } from '../lib/readable-answers';
import type { WorkerApi } from './api';
import { ActionFailure, type BackgroundContext } from './context';

/**
 * The merchants' live offers and the user's claims, as the background keeps them for the
 * content script. The catalogue is public and the same for everyone: it is kept in
 * `storage.local` with its ETag, so a restarted service worker starts from the kept copy and asks
 * the worker with `If-None-Match` (an unchanged catalogue costs a 304 with no body). It is
 * refreshed by an alarm and on demand when the kept copy is older than the worker lets caches
 * keep it. The claims belong to the linked user: kept in memory only, for that user's X id, so
 * a relinked account never sees another's claims.
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

const StoredCatalogueSchema = z.object({
  etag: z.string().nullable(),
  fetchedAtMs: z.number().int().nonnegative(),
  offers: z.array(CatalogueOfferSchema).max(CATALOGUE_OFFERS_MAX),
});
type StoredCatalogue = z.infer<typeof StoredCatalogueSchema>;

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
  const { api, storage } = options;
  const now = options.now ?? Date.now;
  let kept: StoredCatalogue | null | undefined;
  let refreshing: Promise<CatalogueOffer[]> | null = null;
  let claimsEntry: ClaimsEntry | null = null;
  let catalogueRequestCount = 0;

  async function load(): Promise<StoredCatalogue | null> {
    if (kept !== undefined) return kept;
    const stored = (await storage.get(OFFER_CATALOGUE_STORAGE_KEY))[OFFER_CATALOGUE_STORAGE_KEY];
    // A copy written by another version, or damaged, is dropped and fetched again.
    const parsed = StoredCatalogueSchema.safeParse(stored);
    kept = parsed.success ? parsed.data : null;
    return kept;
  }

  async function fetchCatalogue(): Promise<CatalogueOffer[]> {
    const current = await load();
    catalogueRequestCount += 1;
    // An ETag without the offers it names is useless: ask unconditionally then.
    const answer = await api.listOffers(current?.etag ?? null);
    if (!answer.changed) {
      assert(current !== null, 'a 304 answers a conditional request only');
      kept = { ...current, fetchedAtMs: now() };
    } else {
      kept = { etag: answer.etag, fetchedAtMs: now(), offers: answer.offers.slice(0, CATALOGUE_OFFERS_MAX) };
    }
    await storage.set({ [OFFER_CATALOGUE_STORAGE_KEY]: kept });
    return kept.offers;
  }

  function refresh(): Promise<CatalogueOffer[]> {
    refreshing ??= fetchCatalogue().finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  return {
    async offers({ refresh: forced = false } = {}) {
      const current = await load();
      if (current !== null && !forced && now() - current.fetchedAtMs < OFFER_CATALOGUE_FRESH_MS) {
        return current.offers;
      }
      try {
        return await refresh();
      } catch (error) {
        if (current === null) throw error;
        return current.offers;
      }
    },
    refresh,
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
      return catalogueRequestCount;
    },
  };
}

/** The context's catalogue; a background built without one cannot answer about offers. */
export function requireOffers(context: BackgroundContext): OfferCatalogue {
  if (context.offers === undefined) throw new ActionFailure('unavailable', 'Offers are not available in this build.');
  return context.offers;
}
