import type { Browser } from 'wxt/browser';
import { type Organisation, OrganisationSchema } from '../../shared/contract/pots';
import type { WorkerApi } from './api';
import { createCatalogue } from './catalogue';

/**
 * The verified organisations (charities and project owners), as the background keeps them for
 * the content script, which shows **Donate** instead of Pay on their tweets: a public list kept
 * with its ETag (`catalogue.ts`). The page compares handles for display only: the worker decides
 * what a payment is from the payee's X user id.
 */

export const ORGANISATION_CATALOGUE_STORAGE_KEY = 'hashpay.organisations.v1';
export const ORGANISATION_CATALOGUE_ALARM_NAME = 'hashpay-organisations';
export const ORGANISATION_CATALOGUE_PERIOD_MINUTES = 30;
/** Organisations are registered by an operator, rarely: a copy this young is not asked again. */
export const ORGANISATION_CATALOGUE_FRESH_MS = 5 * 60_000;
/** Organisations kept and sent to pages; bounds a runaway list. */
export const ORGANISATIONS_MAX = 5_000;

type StorageArea = Pick<Browser.storage.StorageArea, 'get' | 'set'>;

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
  const { api } = options;
  const catalogue = createCatalogue<Organisation>(
    {
      storageKey: ORGANISATION_CATALOGUE_STORAGE_KEY,
      listField: 'organisations',
      itemSchema: OrganisationSchema,
      itemsMax: ORGANISATIONS_MAX,
      async fetchList(ifNoneMatch) {
        const answer = await api.listOrganisations(ifNoneMatch);
        return answer.changed ? { changed: true, etag: answer.etag, items: answer.organisations } : answer;
      },
    },
    { storage: options.storage, now: options.now },
  );
  return {
    organisations: ({ refresh = false } = {}) => catalogue.items(refresh ? 0 : ORGANISATION_CATALOGUE_FRESH_MS),
    refresh: catalogue.refresh,
    get requestCount() {
      return catalogue.requestCount;
    },
  };
}
