import type { Browser } from 'wxt/browser';
import { z } from 'zod';
import { assert } from '../../shared/assert';
import { type Organisation, OrganisationSchema } from '../../shared/contract/pots';
import type { WorkerApi } from './api';
import { ActionFailure, type BackgroundContext } from './context';

/**
 * The verified organisations (charities and project owners), as the background keeps them for
 * the content script, which shows **Donate** instead of Pay on their tweets. The list is public
 * and the same for everyone: it is kept in `storage.local` with its ETag, so a restarted service
 * worker starts from the kept copy and asks with `If-None-Match` (an unchanged list costs a 304).
 * The page compares handles for display only: the worker decides what a payment is from the
 * payee's X user id.
 */

export const ORGANISATION_CATALOGUE_STORAGE_KEY = 'hashpay.organisations.v1';
export const ORGANISATION_CATALOGUE_ALARM_NAME = 'hashpay-organisations';
export const ORGANISATION_CATALOGUE_PERIOD_MINUTES = 30;
/** Organisations are registered by an operator, rarely: a copy this young is not asked again. */
export const ORGANISATION_CATALOGUE_FRESH_MS = 5 * 60_000;
/** Organisations kept and sent to pages; bounds a runaway list. */
export const ORGANISATIONS_MAX = 5_000;

type StorageArea = Pick<Browser.storage.StorageArea, 'get' | 'set'>;

const StoredOrganisationsSchema = z.object({
  etag: z.string().nullable(),
  fetchedAtMs: z.number().int().nonnegative(),
  organisations: z.array(OrganisationSchema).max(ORGANISATIONS_MAX),
});
type StoredOrganisations = z.infer<typeof StoredOrganisationsSchema>;

export interface OrganisationCatalogue {
  /**
   * The verified organisations: the kept copy, refreshed first when older than
   * `ORGANISATION_CATALOGUE_FRESH_MS` (or when `refresh` asks). When the worker cannot be
   * reached, a kept copy is answered as it is; with no copy at all, the failure is thrown.
   */
  organisations(options?: { refresh?: boolean }): Promise<Organisation[]>;
  /** Asks the worker now, conditionally on the kept ETag; concurrent calls share one request. */
  refresh(): Promise<Organisation[]>;
  /** Requests sent to the worker so far (a diagnostic figure). */
  readonly requestCount: number;
}

export interface OrganisationCatalogueOptions {
  api: Pick<WorkerApi, 'listOrganisations'>;
  storage: StorageArea;
  now?: () => number;
}

export function createOrganisationCatalogue(options: OrganisationCatalogueOptions): OrganisationCatalogue {
  const { api, storage } = options;
  const now = options.now ?? Date.now;
  let kept: StoredOrganisations | null | undefined;
  let refreshing: Promise<Organisation[]> | null = null;
  let requestCount = 0;

  async function load(): Promise<StoredOrganisations | null> {
    if (kept !== undefined) return kept;
    const stored = (await storage.get(ORGANISATION_CATALOGUE_STORAGE_KEY))[ORGANISATION_CATALOGUE_STORAGE_KEY];
    // A copy written by another version, or damaged, is dropped and fetched again.
    const parsed = StoredOrganisationsSchema.safeParse(stored);
    kept = parsed.success ? parsed.data : null;
    return kept;
  }

  async function fetchOrganisations(): Promise<Organisation[]> {
    const current = await load();
    requestCount += 1;
    // An ETag without the list it names is useless: ask unconditionally then.
    const answer = await api.listOrganisations(current?.etag ?? null);
    if (!answer.changed) {
      assert(current !== null, 'a 304 answers a conditional request only');
      kept = { ...current, fetchedAtMs: now() };
    } else {
      kept = {
        etag: answer.etag,
        fetchedAtMs: now(),
        organisations: answer.organisations.slice(0, ORGANISATIONS_MAX),
      };
    }
    await storage.set({ [ORGANISATION_CATALOGUE_STORAGE_KEY]: kept });
    return kept.organisations;
  }

  function refresh(): Promise<Organisation[]> {
    refreshing ??= fetchOrganisations().finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  return {
    async organisations({ refresh: forced = false } = {}) {
      const current = await load();
      if (current !== null && !forced && now() - current.fetchedAtMs < ORGANISATION_CATALOGUE_FRESH_MS) {
        return current.organisations;
      }
      try {
        return await refresh();
      } catch (error) {
        if (current === null) throw error;
        return current.organisations;
      }
    },
    refresh,
    get requestCount() {
      return requestCount;
    },
  };
}

/** The context's catalogue; a background built without one cannot answer about organisations. */
export function requireOrganisations(context: BackgroundContext): OrganisationCatalogue {
  if (context.organisations === undefined) {
    throw new ActionFailure('unavailable', 'Organisations are not available in this build.');
  }
  return context.organisations;
}
