import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createSandbox } from '../sandbox/index';
import { buildExtension } from '../support/build-extension';
import { startWorker, type WorkerRuntime, type WorkerRuntimeOptions } from '../support/worker-runtime';
import { seedDemoOffers } from './demo-offers';
import { seedDemoOrganisations } from './demo-organisations';
import { seedDemoPots } from './demo-pots';
import { seedDemoWallets } from './demo-wallets';

/**
 * The whole product on one machine with its embedded defaults: the worker in workerd on
 * loopback with a local D1 kept in `stateDir` (migrations applied), the sandbox X (API, OAuth,
 * x.com-like site) with its state in the same folder, demo users with balances, the scheduled
 * jobs on their cron, and a local build of the extension. `npm start` and its end-to-end test
 * both start it through here.
 */

export interface LocalStackOptions {
  stateDir: string;
  workerPort: number;
  sandboxPort: number;
  /** Builds the extension for this worker origin (skipped when false). */
  buildExtension?: boolean;
  /** How long the sandbox provider waits before paying a payout out (manual when null). */
  payoutAfterMs?: number | null;
  /** Rate limiters replacing those of wrangler.toml's [env.sandbox]. */
  rateLimits?: WorkerRuntimeOptions['rateLimits'];
}

const DEMO_PAYOUT_AFTER_MS = 5_000;

export interface LocalStack {
  workerOrigin: string;
  sandboxOrigin: string;
  extensionDir: string | null;
  demoUsernames: string[];
  worker: WorkerRuntime;
  stop(): Promise<void>;
}

/** The cron in wrangler.toml is every minute; locally a timer aligned on the minute plays it. */
const CRON_INTERVAL_MS = 60_000;

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  mkdirSync(options.stateDir, { recursive: true });
  const sandboxOrigin = `http://127.0.0.1:${options.sandboxPort}`;
  const workerOrigin = `http://127.0.0.1:${options.workerPort}`;

  const sandbox = createSandbox({ stateFile: path.join(options.stateDir, 'sandbox-x.json'), webOrigin: sandboxOrigin });
  const web = await sandbox.listen({ port: options.sandboxPort, host: '127.0.0.1' });
  const stopped: Array<() => Promise<void>> = [() => web.close()];
  try {
    const worker = await startWorker({
      outbound: (request) => sandbox.fetch(request),
      persistDir: options.stateDir,
      port: options.workerPort,
      vars: { SANDBOX_WEB_ORIGIN: sandboxOrigin, WORKER_ORIGIN: workerOrigin },
      ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
    });
    stopped.push(() => worker.close());

    const demo = sandbox.seedDemo();
    // As X and the card network would in production: events reach the worker's webhooks.
    sandbox.subscribeWebhook({ url: `${worker.origin}/webhooks/x`, forUsername: 'hashpay', hashtags: ['Hashpay'] });
    sandbox.cards.setWebhook({ url: `${worker.origin}/webhooks/card-network` });
    // The sandbox payment provider pays out a few seconds after a withdrawal, as a bank would days later.
    sandbox.payments.setWebhook({
      url: `${worker.origin}/webhooks/payments-provider`,
      autoPayoutAfterMs: options.payoutAfterMs ?? DEMO_PAYOUT_AFTER_MS,
    });
    await seedDemoWallets(worker.origin, demo.users);
    await seedDemoOffers(worker.origin, sandboxOrigin);
    await seedDemoOrganisations(worker.origin);
    await seedDemoPots(worker.origin, sandboxOrigin);

    const extensionDir =
      options.buildExtension === false
        ? null
        : await buildExtension({ workerOrigin, outDir: path.join(options.stateDir, 'extension') });

    let cron: NodeJS.Timeout | undefined;
    const runCron = () => {
      worker.runScheduled().catch((error) => console.error('scheduled jobs failed:', error));
    };
    const firstTick = setTimeout(
      () => {
        runCron();
        cron = setInterval(runCron, CRON_INTERVAL_MS);
      },
      CRON_INTERVAL_MS - (Date.now() % CRON_INTERVAL_MS),
    );

    return {
      workerOrigin,
      sandboxOrigin,
      extensionDir,
      demoUsernames: demo.users.map((user) => user.username),
      worker,
      async stop() {
        clearTimeout(firstTick);
        clearInterval(cron);
        await Promise.allSettled(stopped.map((close) => close()));
      },
    };
  } catch (error) {
    await Promise.allSettled(stopped.map((close) => close()));
    throw error;
  }
}
