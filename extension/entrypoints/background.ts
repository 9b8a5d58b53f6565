import { browser } from 'wxt/browser';
import { BADGE_ALARM_NAME, BADGE_PERIOD_MINUTES, refreshBadge } from '../background/badge';
import { forgetConfirmationWindow } from '../background/confirmation-window';
import type { BackgroundContext } from '../background/context';
import {
  createOfferCatalogue,
  OFFER_CATALOGUE_ALARM_NAME,
  OFFER_CATALOGUE_PERIOD_MINUTES,
} from '../background/offer-catalogue';
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
import { createRouter } from '../background/router';
import { createSessionStore } from '../background/session';
import { createTweetStatusCache } from '../background/tweet-status-cache';
import { createWorkerApiFollowingOptions } from '../background/worker-api-from-options';

declare const __HASHPAY_WORKER_ORIGIN__: string;

export default defineBackground(() => {
  const context: BackgroundContext = {
    // The options may name another worker; the build's own is the default.
    api: createWorkerApiFollowingOptions(browser.storage.local, __HASHPAY_WORKER_ORIGIN__),
    session: createSessionStore(browser.storage.local),
    browser,
    tweetStatus: createTweetStatusCache(),
    confirmationWindows: new Map(),
    reportedTweets: new Map(),
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

  browser.windows.onRemoved.addListener((windowId) => forgetConfirmationWindow(context, windowId));
  browser.alarms.create(BADGE_ALARM_NAME, { periodInMinutes: BADGE_PERIOD_MINUTES });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === BADGE_ALARM_NAME) refreshBadge(context).catch(() => {});
  });
  // Offers change rarely; the alarm keeps the kept catalogue close to the worker's even when no page asks.
  browser.alarms.create(OFFER_CATALOGUE_ALARM_NAME, { periodInMinutes: OFFER_CATALOGUE_PERIOD_MINUTES });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === OFFER_CATALOGUE_ALARM_NAME) context.offers?.refresh().catch(() => {});
  });
  browser.alarms.create(ORGANISATION_CATALOGUE_ALARM_NAME, { periodInMinutes: ORGANISATION_CATALOGUE_PERIOD_MINUTES });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === ORGANISATION_CATALOGUE_ALARM_NAME) context.organisations?.refresh().catch(() => {});
  });
  // Pages starting and looking up refresh the open pots' list; the alarm keeps it close when none asks.
  browser.alarms.create(POT_CATALOGUE_ALARM_NAME, { periodInMinutes: POT_CATALOGUE_PERIOD_MINUTES });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === POT_CATALOGUE_ALARM_NAME) potCatalogue.refresh().catch(() => {});
  });
  refreshBadge(context).catch(() => {});
});
