import type { BrowserContext } from 'playwright-core';
import { expect } from 'vitest';

/**
 * Links a sandbox user the way a person does: the sandbox site's viewer becomes `username`, the
 * popup's **Link your X account** opens the consent page, **Authorize app**, and the popup then
 * shows the account.
 */
export async function linkThroughPopup(options: {
  context: BrowserContext;
  extensionId: string;
  sandboxOrigin: string;
  username: string;
  timeoutMs: number;
}): Promise<void> {
  const { context, username, timeoutMs } = options;
  const site = await context.newPage();
  // The sandbox site's account switcher sets who is signed in there (a cookie).
  await site.goto(`${options.sandboxOrigin}/__sandbox/switch?user=${username}&next=/home`);
  await site.close();

  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${options.extensionId}/popup.html`);
  const consentOpened = context.waitForEvent('page', {
    predicate: (page) => page.url().includes('/i/oauth2/authorize'),
    timeout: timeoutMs,
  });
  await popup.getByRole('button', { name: 'Link your X account' }).click();
  const consent = await consentOpened;
  await consent.getByRole('button', { name: 'Authorize app' }).click();
  await expect
    .poll(() => popup.textContent('[data-field="account"]'), { timeout: timeoutMs })
    .toContain(`@${username}`);
  await popup.close();
}
