import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/**
 * Debian's Chromium with an unpacked build of the extension, in a fresh profile. Extensions
 * need a persistent context and Chromium's new headless mode. Every wait is bounded, the
 * network stays on loopback (no background services, no QUIC), and `close()` removes the
 * profile.
 */

export const CHROMIUM_PATH = process.env.HASHPAY_CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Chromium starts in about a second here; this bounds a stuck start. */
const LAUNCH_TIMEOUT_MS = 30_000;
/** The MV3 service worker registers right after start. */
const SERVICE_WORKER_TIMEOUT_MS = 15_000;

export interface BrowserWithExtension {
  context: BrowserContext;
  extensionId: string;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /**
   * The profile in developer mode, as for a developer loading the extension: Chromium then lets
   * the extension reload itself (`runtime.reload()`), which is how a test updates it in place.
   */
  developerMode?: boolean;
}

export async function launchBrowserWithExtension(
  extensionDir: string,
  options: LaunchOptions = {},
): Promise<BrowserWithExtension> {
  if (!path.isAbsolute(extensionDir)) throw new Error(`extensionDir must be absolute: ${extensionDir}`);
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'hashpay-chromium-'));
  let context: BrowserContext | undefined;
  try {
    if (options.developerMode === true) {
      await mkdir(path.join(userDataDir, 'Default'));
      const preferences = { extensions: { ui: { developer_mode: true } } };
      await writeFile(path.join(userDataDir, 'Default', 'Preferences'), JSON.stringify(preferences));
    }
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      // Chromium's new headless mode, asked for by flag: it loads extensions (the old mode did
      // not), and Playwright adds no headless options of its own.
      headless: false,
      timeout: LAUNCH_TIMEOUT_MS,
      args: [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-quic',
        '--no-first-run',
        '--no-default-browser-check',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--disable-extensions-except=${extensionDir}`,
        `--load-extension=${extensionDir}`,
      ],
    });
    context.setDefaultTimeout(SERVICE_WORKER_TIMEOUT_MS);
    const worker =
      context.serviceWorkers().find((candidate) => candidate.url().startsWith('chrome-extension://')) ??
      (await context.waitForEvent('serviceworker', {
        predicate: (candidate) => candidate.url().startsWith('chrome-extension://'),
        timeout: SERVICE_WORKER_TIMEOUT_MS,
      }));
    const extensionId = new URL(worker.url()).host;
    const opened = context;
    return {
      context: opened,
      extensionId,
      async close() {
        await opened.close().catch(() => {});
        await rm(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await context?.close().catch(() => {});
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
}
