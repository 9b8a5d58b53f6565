import type { BrowserContext, Page } from 'playwright-core';

/**
 * The requests a page makes for one of the extension's lazy chunks (`file`, e.g. `pot-bar.js`),
 * as they come. A chunk is fetched from the extension's origin: the page's network log (DevTools
 * protocol) sees it, Playwright's request events do not.
 */
export async function watchChunkRequests(context: BrowserContext, page: Page, file: string): Promise<string[]> {
  const requests: string[] = [];
  const devtools = await context.newCDPSession(page);
  devtools.on('Network.requestWillBeSent', ({ request }) => {
    if (request.url.endsWith(`/${file}`)) requests.push(request.url);
  });
  await devtools.send('Network.enable');
  return requests;
}

/**
 * Makes the page's requests for one of the extension's lazy chunks (`file`) fail, as they do
 * after the extension was updated or turned off since the page opened; the function returned
 * lets them through again.
 */
export async function blockChunkRequests(
  context: BrowserContext,
  page: Page,
  file: string,
): Promise<() => Promise<void>> {
  const devtools = await context.newCDPSession(page);
  await devtools.send('Network.enable');
  await devtools.send('Network.setBlockedURLs', { urls: [`*/${file}`] });
  return async () => {
    await devtools.send('Network.setBlockedURLs', { urls: [] });
  };
}
