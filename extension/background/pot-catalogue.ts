import type { Browser } from 'wxt/browser';
import { assert } from '../../shared/assert';
import { OPEN_POTS_LISTED_MAX, type OpenPot, OpenPotSchema } from '../../shared/contract/pots';
import type { WorkerApi } from './api';
import { createCatalogue } from './catalogue';

/**
 * The open pots and projects, as the background keeps them so that only their hashtags are ever
 * asked about: a timeline is full of hashtags, and asking the worker about each one would tell it
 * what the user reads. The list is public and the same for everyone (asking for it says nothing
 * about the page): it is kept with its ETag (`catalogue.ts`).
 *
 * When it is asked again: when a page starts (the pot progress feature's run: a load or an
 * x.com navigation) and the kept copy is older than `POT_CATALOGUE_PAGE_FRESH_MS`, so a page opened
 * after a pot sees it, while tabs starting together cause one request; when a page looks up a
 * hashtag and the kept copy is older than `POT_CATALOGUE_FRESH_MS` (a page left open catches up
 * once a minute at most); by an alarm every `POT_CATALOGUE_PERIOD_MINUTES`; and at the next look
 * after a lookup found a listed pot gone (closed, decided). A pot the user just created, or one
 * opened elsewhere after the last refresh, shows its bar from the next refresh on.
 */

export const POT_CATALOGUE_STORAGE_KEY = 'hashpay.pots.v1';
export const POT_CATALOGUE_ALARM_NAME = 'hashpay-pots';
export const POT_CATALOGUE_PERIOD_MINUTES = 5;
/** The worker answers the list with `max-age=60`: asking again sooner brings nothing new. */
export const POT_CATALOGUE_FRESH_MS = 60_000;
/**
 * A page starting refreshes a list older than this: short, so a pot opened just before the page
 * shows; long enough that tabs and feature runs starting together share one request.
 */
export const POT_CATALOGUE_PAGE_FRESH_MS = 2_000;

type StorageArea = Pick<Browser.storage.StorageArea, 'get' | 'set'>;

export interface PotCatalogue {
  /**
   * The id of the open pot or project carrying the hashtag (any case), or null when the list
   * names none. The kept list is refreshed first when older than `POT_CATALOGUE_FRESH_MS` or
   * marked stale. When the worker cannot be reached, a kept list is used as it is; with no list
   * at all, the failure is thrown.
   */
  openPotId(hashtag: string): Promise<string | null>;
  /** Asks the worker now, conditionally on the kept ETag; concurrent calls share one request. */
  refresh(): Promise<OpenPot[]>;
  /** Refreshes unless the kept list is younger than `maxAgeMs` (and not marked stale). */
  refreshIfOlderThan(maxAgeMs: number): Promise<void>;
  /** The list is out of date (a listed pot is gone): the next look asks the worker first. */
  markStale(): void;
  /** Requests sent to the worker so far (a diagnostic figure). */
  readonly requestCount: number;
}

export interface PotCatalogueOptions {
  api: Pick<WorkerApi, 'listOpenPots'>;
  storage: StorageArea;
  now?: () => number;
}

/** Hashtags are compared as X does: without regard to case, in one Unicode form. */
function keyOf(hashtag: string): string {
  return hashtag.normalize('NFC').toLowerCase();
}

export function createPotCatalogue(options: PotCatalogueOptions): PotCatalogue {
  const { api } = options;
  /** Hashtag key → pot id, made from the kept list (and made again whenever it changes). */
  let idsByKey = new Map<string, string>();
  const catalogue = createCatalogue<OpenPot>(
    {
      storageKey: POT_CATALOGUE_STORAGE_KEY,
      listField: 'pots',
      itemSchema: OpenPotSchema,
      itemsMax: OPEN_POTS_LISTED_MAX,
      async fetchList(ifNoneMatch) {
        const answer = await api.listOpenPots(ifNoneMatch);
        return answer.changed ? { changed: true, etag: answer.etag, items: answer.pots } : answer;
      },
    },
    {
      storage: options.storage,
      now: options.now,
      onKept(pots) {
        idsByKey = new Map(pots.map((pot) => [keyOf(pot.hashtag), pot.id]));
      },
    },
  );

  return {
    async openPotId(hashtag) {
      await catalogue.items(POT_CATALOGUE_FRESH_MS);
      return idsByKey.get(keyOf(hashtag)) ?? null;
    },
    refresh: catalogue.refresh,
    async refreshIfOlderThan(maxAgeMs) {
      assert(Number.isInteger(maxAgeMs) && maxAgeMs >= 0, 'an age in whole milliseconds');
      await catalogue.items(maxAgeMs);
    },
    markStale: catalogue.markStale,
    get requestCount() {
      return catalogue.requestCount;
    },
  };
}
