import type { browser } from 'wxt/browser';
import type { PersonCard } from '../lib/messages';
import type { ReadableRefusal } from '../lib/readable-answers';
import type { WorkerApi } from './api';
import type { OfferCatalogue } from './offer-catalogue';
import type { OrganisationCatalogue } from './organisation-catalogue';
import type { PotCatalogue } from './pot-catalogue';
import type { PotLookup } from './pot-lookup';
import type { RecentPayees } from './recent-payees';
import type { SessionStore, StoredSession } from './session';
import type { TweetStatusCache } from './tweet-status-cache';

/**
 * What every background action works with. The entrypoint builds it from the real browser and
 * worker; tests build it from WXT's fake browser and a fake fetch.
 */

/** The extension APIs the background uses (WXT's `fakeBrowser` provides all of them). */
export type BrowserApis = Pick<typeof browser, 'tabs' | 'windows' | 'action' | 'runtime'>;

export interface BackgroundContext {
  api: WorkerApi;
  session: SessionStore;
  browser: BrowserApis;
  tweetStatus: TweetStatusCache;
  /** Intent id → the confirmation window showing it, so one intent never gets two windows. */
  confirmationWindows: Map<string, number>;
  /** What the worker answered for tweets already reported, so the page-world script and the toast report once. */
  reportedTweets: Map<string, 'matched' | 'not-a-payment' | 'offer-claimed' | 'offer-refused'>;
  /**
   * Tweets of the user that moved none of their money, by tweet id: the refusal the worker gave
   * (the answer window shows it), kept so the window and the "not paid" mark read it again (a context without it keeps them in memory).
   */
  refusedTweets?: Map<string, ReadableRefusal>;
  /** Tweets of the user whose payment failed at its match (tweet id → intent id), for the "not paid" mark. */
  failedTweets?: Map<string, string>;
  /** The offer catalogue and the user's claims; the offer actions fail without it. */
  offers?: OfferCatalogue;
  /** The verified organisations; the organisation action fails without it. */
  organisations?: OrganisationCatalogue;
  /** Pots and projects by hashtag; the pot action fails without it. */
  pots?: PotLookup;
  /** The open pots' hashtags, the only ones the lookup asks about; refreshed when a page starts. */
  potCatalogue?: PotCatalogue;
  /** People looked up for the sheet's payee card (lowercase handle → answer), kept a few minutes. */
  people?: Map<string, { person: PersonCard; expiresAtMs: number }>;
  /** The people the user drafted payments to, for the sheet; none are offered without it. */
  recentPayees?: RecentPayees;
  sleep(ms: number): Promise<void>;
  now(): number;
}

/** An operating error an action reports to its caller in words (not a programming error). */
export class ActionFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ActionFailure';
  }
}

export const NOT_LINKED_MESSAGE = 'Link your X account first: open Hashpay from the toolbar.';

export async function requireSession(context: BackgroundContext): Promise<StoredSession> {
  const session = await context.session.get();
  if (session === null) throw new ActionFailure('not-linked', NOT_LINKED_MESSAGE);
  return session;
}

/** The context's offer catalogue; a background built without one cannot answer about offers. */
export function requireOffers(context: BackgroundContext): OfferCatalogue {
  if (context.offers === undefined) throw new ActionFailure('unavailable', 'Offers are not available in this build.');
  return context.offers;
}

/** The context's organisations; a background built without them cannot answer about organisations. */
export function requireOrganisations(context: BackgroundContext): OrganisationCatalogue {
  if (context.organisations === undefined) {
    throw new ActionFailure('unavailable', 'Organisations are not available in this build.');
  }
  return context.organisations;
}

/** The context's open pots; a background built without them cannot answer about open pots. */
export function requirePotCatalogue(context: BackgroundContext): PotCatalogue {
  if (context.potCatalogue === undefined) {
    throw new ActionFailure('unavailable', 'Pots are not available in this build.');
  }
  return context.potCatalogue;
}

/** The context's pot lookup; a background built without one cannot answer about pots. */
export function requirePots(context: BackgroundContext): PotLookup {
  if (context.pots === undefined) throw new ActionFailure('unavailable', 'Pots are not available in this build.');
  return context.pots;
}
