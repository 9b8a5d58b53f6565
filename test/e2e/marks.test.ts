import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../sandbox/index';
import { type BrowserWithExtension, launchBrowserWithExtension } from '../support/browser';
import { buildExtension } from '../support/build-extension';

/**
 * The built extension in Chromium on the sandbox x.com: every tweet of the home timeline is
 * marked with its status id and author, including tweets posted after the page loaded; and on
 * a page that navigates like x.com (pushState from the page's own world, recycled articles)
 * the marks follow.
 */

/**
 * Marks appear within a frame or two once the content script runs; this bounds the wait on a
 * busy two-core machine, where Chromium may take seconds to start the extension's scripts.
 */
const MARKS_TIMEOUT_MS = 30_000;

interface ArticleReading {
  /** The id and handle of the status link around the article's own `time`, read plainly. */
  statusHref: string | null;
  markedId: string | null;
  markedAuthor: string | null;
  /** Whether a `placementTracking` wrapper is an ancestor (an ad), and whether it is marked so. */
  inPlacement: boolean;
  markedPromoted: boolean;
  text: string;
}

/** Reads every outer tweet article of the page, independently of the extension's code. */
function readArticles(page: Page): Promise<ArticleReading[]> {
  return page.$$eval('article[data-testid="tweet"]', (articles) =>
    articles
      .filter((article) => article.parentElement?.closest('article') == null)
      .map((article) => {
        const ownTimes = Array.from(article.querySelectorAll('time')).filter(
          (time) => time.closest('div[role="link"]') === null,
        );
        const link = ownTimes[0]?.closest('a');
        return {
          statusHref: link?.getAttribute('href') ?? null,
          markedId: article.getAttribute('data-hashpay-tweet-id'),
          markedAuthor: article.getAttribute('data-hashpay-author'),
          inPlacement: article.parentElement?.closest('[data-testid="placementTracking"]') != null,
          markedPromoted: article.hasAttribute('data-hashpay-promoted'),
          text: article.querySelector('[data-testid="tweetText"]')?.textContent ?? '',
        };
      }),
  );
}

function waitForMarkCount(page: Page, count: number): Promise<unknown> {
  return page.waitForFunction(
    (expected) => document.querySelectorAll('article[data-hashpay-tweet-id]').length >= expected,
    count,
    { timeout: MARKS_TIMEOUT_MS },
  );
}

let browser: BrowserWithExtension | undefined;
let extensionDir: string;
let sandbox: Sandbox;
let web: { origin: string; close(): Promise<void> } | undefined;
/** A plain page server for the navigation test: the sandbox pages are not a single-page app. */
let server: Server | undefined;
let origin: string;

beforeAll(async () => {
  sandbox = createSandbox();
  web = await sandbox.listen({ port: 0, host: '127.0.0.1' });
  sandbox.seedDemo();

  const timeline = readFileSync(path.join(import.meta.dirname, '../extension/fixtures/quoted-tweet.html'), 'utf8');
  server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><html><body><main>${timeline}</main></body></html>`);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // The worker origin only ends up in the build; these tests need no worker.
  extensionDir = await buildExtension({ workerOrigin: 'http://127.0.0.1:8787' });
  browser = await launchBrowserWithExtension(extensionDir);
});

// The browser first: its open keep-alive connections would hold the servers' close.
afterAll(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await Promise.all([web?.close(), server && new Promise((resolve) => server!.close(resolve))]);
});

describe('the extension on the sandbox home timeline', () => {
  it('loads the extension as an MV3 service worker', () => {
    expect(browser!.extensionId).toMatch(/^[a-p]{32}$/);
  });

  it('marks every tweet article with its status id and author handle', async () => {
    const page = await browser!.context.newPage();
    try {
      await page.goto(`${web!.origin}/home`);
      const total = await page.locator('article[data-testid="tweet"]').count();
      expect(total).toBeGreaterThan(2);
      await waitForMarkCount(page, total);
      const articles = await readArticles(page);
      for (const article of articles) {
        expect(article.statusHref, article.text).toMatch(/^\/[A-Za-z0-9_]{1,15}\/status\/[0-9]+$/);
        const [, handle, , id] = article.statusHref!.split('/');
        expect({ id: article.markedId, author: article.markedAuthor }).toEqual({ id, author: handle });
        expect(article.markedPromoted, article.text).toBe(article.inPlacement);
      }
      // Nothing but outer articles carries marks: not a quoted tweet, not a cell.
      const markedElsewhere = await page.$$eval(
        '[data-hashpay-tweet-id], [data-hashpay-author]',
        (elements) => elements.filter((element) => !element.matches('article[data-testid="tweet"]')).length,
      );
      expect(markedElsewhere).toBe(0);
      expect(await page.locator('article[data-hashpay-tweet-id]').count()).toBe(articles.length);
    } finally {
      await page.close();
    }
  });

  it('marks a tweet posted after the page loaded, with the id the sandbox gave it', async () => {
    const page = await browser!.context.newPage();
    try {
      await page.goto(`${web!.origin}/home`);
      const before = await page.locator('article[data-testid="tweet"]').count();
      await waitForMarkCount(page, before);
      const text = `Paying back lunch ${Date.now()}`;
      const response = await page.request.post(`${web!.origin}/__sandbox/tweets`, {
        data: { authorUsername: 'alice', text },
      });
      expect(response.ok()).toBe(true);
      const posted = (await response.json()) as { id?: string; data?: { id: string } };
      const postedId = posted.id ?? posted.data?.id;
      expect(postedId).toMatch(/^[0-9]+$/);

      // The new tweet arrives the way x.com shows new posts: a cell rendered into the live
      // timeline, here the sandbox's own rendering of it taken from its status page.
      await page.evaluate(async (statusPath) => {
        const html = await (await fetch(statusPath)).text();
        const status = new DOMParser().parseFromString(html, 'text/html');
        const article = Array.from(status.querySelectorAll('article[data-testid="tweet"]')).find(
          (candidate) => candidate.querySelector(`a[href="${statusPath}"] time`) !== null,
        );
        if (article === undefined) throw new Error(`no article for ${statusPath}`);
        article.setAttribute('tabindex', '0');
        const cell = document.createElement('div');
        cell.setAttribute('data-testid', 'cellInnerDiv');
        cell.append(document.adoptNode(article));
        const first = document.querySelector('[data-testid="cellInnerDiv"]');
        if (first?.parentElement) first.parentElement.insertBefore(cell, first);
        else document.body.prepend(cell);
      }, `/alice/status/${postedId}`);

      const article = page.locator('article[data-testid="tweet"]', { hasText: text }).first();
      await expect
        .poll(() => article.getAttribute('data-hashpay-tweet-id'), { timeout: MARKS_TIMEOUT_MS })
        .toBe(postedId);
      expect(await article.getAttribute('data-hashpay-author')).toBe('alice');
      await waitForMarkCount(page, before + 1);

      // After a reload the timeline renders it itself, marked the same way.
      await page.reload();
      const reloaded = page.locator('article[data-testid="tweet"]', { hasText: text }).first();
      await expect
        .poll(() => reloaded.getAttribute('data-hashpay-tweet-id'), { timeout: MARKS_TIMEOUT_MS })
        .toBe(postedId);
    } finally {
      await page.close();
    }
  });
});

describe('the extension on a page that navigates like x.com', () => {
  it('marks the outer tweet, never the quoted one', async () => {
    const page = await browser!.context.newPage();
    try {
      await page.goto(`${origin}/home`);
      await waitForMarkCount(page, 2);
      const marks = await page.$$eval('[data-hashpay-tweet-id]', (elements) =>
        elements.map(
          (element) =>
            `${element.getAttribute('data-hashpay-author')}/${element.getAttribute('data-hashpay-tweet-id')}`,
        ),
      );
      expect(marks).toEqual(['alice_pays/1860000000000000001', 'Dave_Donates/1860000000000000002']);
    } finally {
      await page.close();
    }
  });

  it('follows a pushState navigation made in the page and articles reused for other tweets', async () => {
    const page = await browser!.context.newPage();
    try {
      await page.goto(`${origin}/home`);
      await waitForMarkCount(page, 2);
      // page.evaluate runs in the page's main world, like x.com's router: the content script's
      // isolated world does not see this pushState.
      await page.evaluate(() => {
        history.pushState(null, '', '/erin/status/1860000000000000042');
        const reused = document.querySelectorAll('article[data-testid="tweet"]')[1]!;
        for (const link of reused.querySelectorAll('a')) {
          const href = link.getAttribute('href') ?? '';
          link.setAttribute(
            'href',
            href.replace('Dave_Donates', 'erin').replace('1860000000000000002', '1860000000000000042'),
          );
        }
        // x.com re-renders the column on navigation; a new node makes the change visible.
        reused.append(document.createElement('div'));
      });
      await expect
        .poll(
          () =>
            page.$$eval('[data-hashpay-tweet-id]', (elements) =>
              elements.map(
                (element) =>
                  `${element.getAttribute('data-hashpay-author')}/${element.getAttribute('data-hashpay-tweet-id')}`,
              ),
            ),
          { timeout: MARKS_TIMEOUT_MS },
        )
        .toEqual(['alice_pays/1860000000000000001', 'erin/1860000000000000042']);
    } finally {
      await page.close();
    }
  });
});

/** Opens the sandbox home in `own` once every tweet is marked and the buttons are drawn; also its service worker. */
async function openMarkedHome(own: BrowserWithExtension, hostSelector: string) {
  const page = await own.context.newPage();
  await page.goto(`${web!.origin}/home`);
  const total = await page.locator('article[data-testid="tweet"]').count();
  await waitForMarkCount(page, total);
  const hosts = page.locator(hostSelector);
  await expect.poll(() => hosts.count(), { timeout: MARKS_TIMEOUT_MS }).toBeGreaterThan(0);
  const [worker] = own.context.serviceWorkers().filter((candidate) => candidate.url().includes(own.extensionId));
  expect(worker).toBeDefined();
  return { page, hosts, worker: worker! };
}

describe('the extension updated while a page is open', () => {
  it('runs its new content script in the open page, which gets its buttons back without loading again', async () => {
    // A browser of its own: the extension reloads itself in it, as an update does.
    const own = await launchBrowserWithExtension(extensionDir, { developerMode: true });
    try {
      const { page, hosts: payHosts, worker } = await openMarkedHome(own, '[data-hashpay="pay"]');
      const instancesBefore = await payHosts.evaluateAll((hosts) => [
        ...new Set(hosts.map((host) => host.getAttribute('data-hashpay-instance'))),
      ]);
      expect(instancesBefore).toHaveLength(1);
      const buttonsBefore = await payHosts.count();

      // The worker goes with the extension's old version, before it can answer.
      await worker
        .evaluate(() => (globalThis as unknown as { chrome: { runtime: { reload(): void } } }).chrome.runtime.reload())
        .catch(() => {});

      // The page is not loaded again: the new version's run draws the buttons, the old one's are gone.
      const instancesAfter = () =>
        payHosts.evaluateAll((hosts) => [...new Set(hosts.map((host) => host.getAttribute('data-hashpay-instance')))]);
      await expect
        .poll(async () => (await instancesAfter()).length === 1 && (await instancesAfter())[0] !== instancesBefore[0], {
          timeout: MARKS_TIMEOUT_MS,
        })
        .toBe(true);
      expect(await payHosts.count()).toBe(buttonsBefore);
      // A tweet added now is marked by the new run.
      await page.evaluate(() => {
        const copy = document.querySelector('[data-testid="cellInnerDiv"]')?.cloneNode(true) as Element | undefined;
        const article = copy?.querySelector('article');
        article?.removeAttribute('data-hashpay-tweet-id');
        for (const host of copy?.querySelectorAll('[data-hashpay]') ?? []) host.remove();
        article?.setAttribute('id', 'added-after-update');
        if (copy !== undefined) document.querySelector('main')?.append(copy);
      });
      await page.waitForSelector('#added-after-update[data-hashpay-tweet-id]', { timeout: MARKS_TIMEOUT_MS });
      expect(await page.locator('#added-after-update [data-hashpay="pay"]').count()).toBe(1);
    } finally {
      await own.close();
    }
  });
});

describe('the extension turned off while a page is open', () => {
  it('stops and takes its buttons off the page at its next change, the marks left as they were', async () => {
    // A browser of its own: the extension is removed from it.
    const own = await launchBrowserWithExtension(extensionDir);
    try {
      const { page, hosts, worker } = await openMarkedHome(own, '[data-hashpay]');

      // Removed, as from the browser's extensions page: the content script goes on running, orphaned.
      await worker
        .evaluate(() =>
          (
            globalThis as unknown as { chrome: { management: { uninstallSelf(): Promise<void> } } }
          ).chrome.management.uninstallSelf(),
        )
        // The worker goes with its extension, before it can answer.
        .catch(() => {});
      // The page changes as x.com does all the time.
      await page.evaluate(() => document.querySelector('main')?.append(document.createElement('div')));
      await expect.poll(() => hosts.count(), { timeout: MARKS_TIMEOUT_MS }).toBe(0);
      // A tweet added now is not marked: the script stopped.
      await page.evaluate(() => {
        const copy = document.querySelector('[data-testid="cellInnerDiv"]')?.cloneNode(true) as Element | undefined;
        copy?.querySelector('article')?.removeAttribute('data-hashpay-tweet-id');
        copy?.querySelector('article')?.setAttribute('id', 'added-after');
        if (copy !== undefined) document.querySelector('main')?.append(copy);
      });
      await page.waitForSelector('#added-after');
      expect(await page.locator('#added-after[data-hashpay-tweet-id]').count()).toBe(0);
    } finally {
      await own.close();
    }
  });
});
