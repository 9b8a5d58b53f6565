import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { type LocalStack, type LocalStackOptions, startLocalStack } from '../dev/local-stack';
import { type BrowserWithExtension, launchBrowserWithExtension } from './browser';
import { freePort } from './free-port';
import { linkThroughPopup } from './link-in-browser';

/**
 * What a browser test runs against: the local stack of `npm start` (worker, sandbox X, demo
 * data) on free ports in a fresh state folder, with its extension built and loaded into
 * Chromium. `close()` stops all of it and removes the folder; a start that fails part way
 * undoes what it started before throwing.
 */

export interface E2eStack {
  stack: LocalStack;
  browser: BrowserWithExtension;
  context: BrowserContext;
  /** The default bound of every browser wait, as started. */
  stepTimeoutMs: number;
  close(): Promise<void>;
}

export interface E2eStackOptions {
  /** The default bound of every browser wait (a click or a worker round trip). */
  stepTimeoutMs: number;
  /** Runs once the stack is up and before the browser starts (data the extension reads at start). */
  beforeBrowser?: (stack: LocalStack) => Promise<void>;
  /** Rate limiters replacing the sandbox's (a test that seeds many rows through the API). */
  rateLimits?: LocalStackOptions['rateLimits'];
}

/**
 * Starts tried with fresh ports: a port found free can be taken by another process before the
 * worker binds it (the OS hands out the same loopback range to every test running at once).
 */
const PORT_RACE_ATTEMPTS_MAX = 3;

function isPortTaken(error: unknown): boolean {
  const text = error instanceof Error ? `${(error as { code?: unknown }).code ?? ''} ${error.message}` : String(error);
  return /ERR_ADDRESS_IN_USE|EADDRINUSE|Address already in use/.test(text);
}

export async function startE2eStack(name: string, options: E2eStackOptions): Promise<E2eStack> {
  if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`name must be lowercase words and dashes: ${name}`);
  if (!(options.stepTimeoutMs > 0)) throw new Error(`stepTimeoutMs must be positive: ${options.stepTimeoutMs}`);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startE2eStackOnce(name, options);
    } catch (error) {
      if (attempt >= PORT_RACE_ATTEMPTS_MAX || !isPortTaken(error)) throw error;
    }
  }
}

async function startE2eStackOnce(name: string, options: E2eStackOptions): Promise<E2eStack> {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), `hashpay-${name}-e2e-`));
  let stack: LocalStack | undefined;
  let browser: BrowserWithExtension | undefined;
  const close = async () => {
    await browser?.close();
    await stack?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  };
  try {
    stack = await startLocalStack({
      stateDir,
      workerPort: await freePort(),
      sandboxPort: await freePort(),
      buildExtension: true,
      // The browser tests wait on the minute's search and the Account Activity webhook as they were
      // written for; `npm start` itself streams (test/e2e/start.test.ts follows a post through it).
      tweetSource: 'search',
      ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
    });
    await options.beforeBrowser?.(stack);
    browser = await launchBrowserWithExtension(stack.extensionDir!);
    browser.context.setDefaultTimeout(options.stepTimeoutMs);
    return { stack, browser, context: browser.context, stepTimeoutMs: options.stepTimeoutMs, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The size Chromium gives the popup under its toolbar button. */
export const POPUP_VIEWPORT = { width: 360, height: 720 };

/** The extension's popup in a tab of its own, at the popup's size when `viewport` is given. */
export async function openPopup(
  browser: BrowserWithExtension,
  viewport?: { width: number; height: number },
): Promise<Page> {
  const popup = await browser.context.newPage();
  if (viewport) await popup.setViewportSize(viewport);
  await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
  return popup;
}

/** Links `username` through the popup and the sandbox consent page, as a person does. */
export function linkAccount(e2e: E2eStack, username: string): Promise<void> {
  return linkThroughPopup({
    context: e2e.context,
    extensionId: e2e.browser.extensionId,
    sandboxOrigin: e2e.stack.sandboxOrigin,
    username,
    timeoutMs: e2e.stepTimeoutMs,
  });
}

/** Chooses French in the extension's options and saves, as a person does. */
export async function chooseFrenchInOptions(browser: BrowserWithExtension): Promise<void> {
  const options = await browser.context.newPage();
  await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
  await options.getByLabel('Language').selectOption('fr');
  await options.getByRole('button', { name: 'Enregistrer' }).click();
  await options.getByText('Enregistré.').waitFor();
  await options.close();
}
