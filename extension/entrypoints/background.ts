import { browser } from 'wxt/browser';
import { ensurePeriodicAlarms } from '../background/alarms';
import { BADGE_ALARM_NAME, BADGE_PERIOD_MINUTES, refreshBadge } from '../background/badge';
import { forgetConfirmationWindow } from '../background/confirmation-window';
import type { BackgroundContext } from '../background/context';
import { checkForNews, NEWS_ALARM_NAME, NEWS_PERIOD_MINUTES } from '../background/notifications';
import {
  createOfferCatalogue,
  OFFER_CATALOGUE_ALARM_NAME,
  OFFER_CATALOGUE_PERIOD_MINUTES,
} from '../background/offer-catalogue';
import { forgetWhatOlderVersionsKept } from '../background/older-versions';
import { type ContentScriptGroup, type Injection, runContentScriptsInOpenPages } from '../background/open-pages';
import {
  createOrganisationCatalogue,
  ORGANISATION_CATALOGUE_ALARM_NAME,
  ORGANISATION_CATALOGUE_PERIOD_MINUTES,
} from '../background/organisation-catalogue';
import {
  createPotCatalogue,
  POT_CATALOGUE_ALARM_NAME,
  POT_CATALOGUE_PERIOD_MINUTES,
} from '../background/pot-catalogue';
import { createPotLookup } from '../background/pot-lookup';
import { createRecentPayees } from '../background/recent-payees';
import { answerRefusalOnce, isReadableRefusal } from '../background/refused-tweets';
import { createRouter } from '../background/router';
import { createSessionStore } from '../background/session';
import { SessionMap } from '../background/session-map';
import { createTweetStatusCache } from '../background/tweet-status-cache';
import { createWorkerApiFollowingOptions } from '../background/worker-api-from-options';
import { browserLanguages } from '../lib/language-preference';

declare const __HASHPAY_WORKER_ORIGIN__: string;
declare const __HASHPAY_LOCAL_BUILD__: boolean;

const REPORT_OUTCOMES = new Set(['matched', 'not-a-payment', 'offer-claimed', 'offer-refused']);

function isIntentId(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('pi_');
}

function isWindowId(value: unknown): value is number {
  return Number.isSafeInteger(value);
}

function isReportOutcome(value: unknown): value is 'matched' | 'not-a-payment' | 'offer-claimed' | 'offer-refused' {
  return typeof value === 'string' && REPORT_OUTCOMES.has(value);
}

export default defineBackground(() => {
  const context: BackgroundContext = {
    // The options may name another worker in a local build; a store build talks only to its own.
    api: createWorkerApiFollowingOptions(
      browser.storage.local,
      __HASHPAY_WORKER_ORIGIN__,
      undefined,
      __HASHPAY_LOCAL_BUILD__,
    ),
    session: createSessionStore(browser.storage.local),
    browser,
    tweetStatus: createTweetStatusCache(),
    // Kept in storage.session: they outlive this service worker, which Chrome stops when idle.
    confirmationWindows: new SessionMap(browser.storage.session, 'confirmationWindows', isWindowId),
    reportedTweets: new SessionMap(browser.storage.session, 'reportedTweets', isReportOutcome),
    refusedTweets: new SessionMap(browser.storage.session, 'refusedTweets', isReadableRefusal),
    failedTweets: new SessionMap(browser.storage.session, 'failedTweets', isIntentId),
    // An MV3 service worker is stopped after ~30 s without extension events; an API call per
    // wait keeps it alive while it polls (linking) or waits to retry a report.
    sleep: (ms) =>
      new Promise((resolve) => setTimeout(resolve, ms)).then(() => browser.runtime.getPlatformInfo()).then(() => {}),
    now: Date.now,
  };
  context.offers = createOfferCatalogue({ api: context.api, storage: browser.storage.local });
  context.organisations = createOrganisationCatalogue({ api: context.api, storage: browser.storage.local });
  const potCatalogue = createPotCatalogue({ api: context.api, storage: browser.storage.local });
  context.potCatalogue = potCatalogue;
  context.recentPayees = createRecentPayees(browser.storage.local);
  context.pots = createPotLookup({ api: context.api, catalogue: potCatalogue });
  const router = createRouter(context, {
    extensionId: browser.runtime.id,
    extensionBaseUrl: browser.runtime.getURL('/'),
  });

  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    router(message, sender).then(sendResponse);
    // Keeps the channel open for the asynchronous answer.
    return true;
  });

  browser.windows.onRemoved.addListener((windowId) => void forgetConfirmationWindow(context, windowId));
  browser.runtime.onInstalled.addListener((details) => {
    void forgetWhatOlderVersionsKept(browser.storage.local, details).catch(() => {});
    // Firefox runs the content scripts in the open tabs itself; Chrome leaves them without.
    if (!import.meta.env.FIREFOX) {
      const groups: ContentScriptGroup[] = browser.runtime.getManifest().content_scripts ?? [];
      const api = {
        tabs: browser.tabs,
        // The manifest names the files: WXT's type of them (its build's own paths) says nothing more.
        scripting: {
          executeScript: (injection: Injection) =>
            browser.scripting.executeScript(injection as Parameters<typeof browser.scripting.executeScript>[0]),
        },
      };
      void runContentScriptsInOpenPages(api, groups, details).catch(() => {});
    }
  });
  // Created only when missing: creating one again would restart its period at every wake-up.
  void ensurePeriodicAlarms(browser.alarms, [
    { name: BADGE_ALARM_NAME, periodInMinutes: BADGE_PERIOD_MINUTES },
    // Offers change rarely; the alarm keeps the kept catalogue close to the worker's even when no page asks.
    { name: OFFER_CATALOGUE_ALARM_NAME, periodInMinutes: OFFER_CATALOGUE_PERIOD_MINUTES },
    { name: ORGANISATION_CATALOGUE_ALARM_NAME, periodInMinutes: ORGANISATION_CATALOGUE_PERIOD_MINUTES },
    // Pages starting and looking up refresh the open pots' list; the alarm keeps it close when none asks.
    { name: POT_CATALOGUE_ALARM_NAME, periodInMinutes: POT_CATALOGUE_PERIOD_MINUTES },
    // Money received, credits posted, pledges decided: news nobody asked for, told by notifications.
    { name: NEWS_ALARM_NAME, periodInMinutes: NEWS_PERIOD_MINUTES },
  ]).catch(() => {});
  const checkNews = () =>
    checkForNews({
      api: context.api,
      session: context.session,
      storage: browser.storage.local,
      languages: browserLanguages,
      answerRefusal: async (refusal) => {
        await answerRefusalOnce(context, refusal);
      },
      notify: async (id, title, message) => {
        await browser.notifications.create(id, {
          type: 'basic',
          iconUrl: browser.runtime.getURL('/notification.png'),
          title,
          message,
        });
      },
    });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === BADGE_ALARM_NAME) refreshBadge(context).catch(() => {});
    if (alarm.name === OFFER_CATALOGUE_ALARM_NAME) context.offers?.refresh().catch(() => {});
    if (alarm.name === ORGANISATION_CATALOGUE_ALARM_NAME) context.organisations?.refresh().catch(() => {});
    if (alarm.name === POT_CATALOGUE_ALARM_NAME) potCatalogue.refresh().catch(() => {});
    if (alarm.name === NEWS_ALARM_NAME) checkNews().catch(() => {});
  });
  refreshBadge(context).catch(() => {});
});
