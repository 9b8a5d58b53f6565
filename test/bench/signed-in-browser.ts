import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AuthClaimResponse } from '../../shared/contract/identity';
import { createSandbox, type Sandbox } from '../sandbox/index';
import { type BrowserWithExtension, launchBrowserWithExtension } from '../support/browser';
import { buildExtension } from '../support/build-extension';
import { freePort } from '../support/free-port';
import { startWorker } from '../support/worker-runtime';
import { api, linkUser } from './worker-api';

/**
 * What the benchmarks of a flow in the browser start from: the sandbox x.com (and its payment
 * provider) and the deployable worker bundle in workerd, over loopback, as `npm start` runs them;
 * Chromium with the extension built for that worker; and the payer linked through the worker's
 * OAuth flow and the sandbox's consent, signed in as after the extension's own sign-in (the
 * session in the background's storage).
 */
export interface SignedInBrowser {
  sandbox: Sandbox;
  sandboxOrigin: string;
  workerOrigin: string;
  browser: BrowserWithExtension;
  session: AuthClaimResponse;
  /** Stops the browser, the worker and the sandbox, and removes their files. */
  close(): Promise<void>;
}

export async function startSignedInBrowser(options: {
  /** Names the run's temporary folder. */
  name: string;
  payer: string;
  /** What the flow needs in place before the extension starts (demo users, a webhook...). */
  seed: (stack: { sandbox: Sandbox; workerOrigin: string }) => Promise<void>;
}): Promise<SignedInBrowser> {
  const stateDir = await mkdtemp(path.join(tmpdir(), `hashpay-bench-${options.name}-`));
  const cleanups: Array<() => Promise<unknown>> = [() => rm(stateDir, { recursive: true, force: true })];
  const close = async () => {
    for (const cleanup of cleanups) await cleanup().catch(() => {});
  };
  try {
    const sandboxPort = await freePort();
    const workerPort = await freePort();
    const sandboxOrigin = `http://127.0.0.1:${sandboxPort}`;
    const workerOrigin = `http://127.0.0.1:${workerPort}`;
    const sandbox = createSandbox({ webOrigin: sandboxOrigin });
    const web = await sandbox.listen({ port: sandboxPort, host: '127.0.0.1' });
    cleanups.unshift(() => web.close());
    const worker = await startWorker({
      outbound: (request) => sandbox.fetch(request),
      port: workerPort,
      vars: { SANDBOX_WEB_ORIGIN: sandboxOrigin, WORKER_ORIGIN: workerOrigin },
    });
    cleanups.unshift(() => worker.close());
    await options.seed({ sandbox, workerOrigin });
    const extensionDir = await buildExtension({ workerOrigin, outDir: path.join(stateDir, 'extension') });
    const browser = await launchBrowserWithExtension(extensionDir);
    cleanups.unshift(() => browser.close());

    const session = await linkUser(workerOrigin, sandbox, options.payer);
    const serviceWorker = browser.context
      .serviceWorkers()
      .find((candidate) => candidate.url().startsWith(`chrome-extension://${browser.extensionId}/`));
    if (serviceWorker === undefined) throw new Error('the extension has no service worker');
    await serviceWorker.evaluate(
      async (stored) => {
        const { chrome } = globalThis as unknown as {
          chrome: { storage: { local: { set(items: Record<string, unknown>): Promise<void> } } };
        };
        await chrome.storage.local.set({ 'hashpay.session.v1': stored });
      },
      { token: session.sessionToken, user: session.user, expiresAt: session.expiresAt },
    );
    return { sandbox, sandboxOrigin, workerOrigin, browser, session, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** A seed: the sandbox's demo data, and each of `usernames` a demo user topped up with `topUpMinor` euro cents. */
export function demoUsersWithEuros(
  usernames: readonly string[],
  topUpMinor: number,
): (stack: { sandbox: Sandbox; workerOrigin: string }) => Promise<void> {
  return async ({ sandbox, workerOrigin }) => {
    sandbox.seedDemo();
    for (const username of usernames) {
      await api(workerOrigin, '/v1/sandbox/demo-users', {
        body: { username, topUps: [{ currency: 'EUR', amountMinor: topUpMinor }] },
      });
    }
  };
}

function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

/** Median, p90, least and most of the runs that saw their end; how many did not. */
export function summary(label: string, values: ReadonlyArray<number | null>): string {
  const seen = values.filter((value): value is number => value !== null).sort((a, b) => a - b);
  if (seen.length === 0) return `${label}: not seen in ${values.length} runs`;
  return (
    `${label}: median ${percentile(seen, 0.5).toFixed(0)} ms, p90 ${percentile(seen, 0.9).toFixed(0)} ms, ` +
    `min ${seen[0]!.toFixed(0)} ms, max ${seen.at(-1)!.toFixed(0)} ms (${seen.length}/${values.length} runs)`
  );
}
