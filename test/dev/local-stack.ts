import { randomBytes } from 'node:crypto';
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
 *
 * Posted tweets reach the worker as they do in production (`tweetSource: 'stream'`, the default):
 * once the demo data is in, the stack calls the operator's `POST /v1/operator/x-stream/setup`, so
 * the sandbox X registers the worker's `/webhooks/x-stream` (after its CRC check), links its
 * filtered stream to it and keeps the rules the worker writes; from then on every post matching
 * them is delivered signed, queued and matched without a read, and search only fills gaps.
 * `tweetSource: 'search'` runs the minute-by-minute search with the Account Activity webhook
 * subscribed to the Hashpay account instead (X access without the filtered stream).
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
  /** Where posted tweets come from (X_TWEET_SOURCE): the filtered stream unless told otherwise. */
  tweetSource?: 'stream' | 'search';
}

const DEMO_PAYOUT_AFTER_MS = 5_000;

export interface LocalStack {
  workerOrigin: string;
  sandboxOrigin: string;
  extensionDir: string | null;
  demoUsernames: string[];
  tweetSource: 'stream' | 'search';
  /** This run's operator token (`Authorization: Bearer …` on `/v1/operator/*`), made at each start. */
  operatorToken: string;
  /** What the filtered stream's setup answered (null in search mode). */
  streamSetup: StreamSetupAnswer | null;
  worker: WorkerRuntime;
  stop(): Promise<void>;
}

/** The cron in wrangler.toml is every minute; locally a timer aligned on the minute plays it. */
const CRON_INTERVAL_MS = 60_000;

/** What `POST /v1/operator/x-stream/setup` answers (worker/stream/setup.ts). */
export interface StreamSetupAnswer {
  webhookId: string;
  webhookUrl: string;
  webhookValid: boolean;
  linked: boolean;
  rules: { kept: number; added: number; deleted: number; refused: number; uncovered: number };
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  mkdirSync(options.stateDir, { recursive: true });
  const sandboxOrigin = `http://127.0.0.1:${options.sandboxPort}`;
  const workerOrigin = `http://127.0.0.1:${options.workerPort}`;

  const sandbox = createSandbox({ stateFile: path.join(options.stateDir, 'sandbox-x.json'), webOrigin: sandboxOrigin });
  const web = await sandbox.listen({ port: options.sandboxPort, host: '127.0.0.1' });
  const tweetSource = options.tweetSource ?? 'stream';
  const operatorToken = randomBytes(32).toString('base64url');
  const stopped: Array<() => Promise<void>> = [() => web.close()];
  try {
    const worker = await startWorker({
      outbound: (request) => sandbox.fetch(request),
      persistDir: options.stateDir,
      port: options.workerPort,
      vars: {
        SANDBOX_WEB_ORIGIN: sandboxOrigin,
        WORKER_ORIGIN: workerOrigin,
        X_TWEET_SOURCE: tweetSource,
        OPERATOR_TOKEN: operatorToken,
      },
      ...(options.rateLimits ? { rateLimits: options.rateLimits } : {}),
    });
    stopped.push(() => worker.close());

    const demo = sandbox.seedDemo();
    // As X and the card network would in production: events reach the worker's webhooks.
    if (tweetSource === 'search') {
      sandbox.subscribeWebhook({ url: `${worker.origin}/webhooks/x`, forUsername: 'hashpay', hashtags: ['Hashpay'] });
    }
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
    // After the demo offers and pots, so that the first rules already watch their hashtags.
    const streamSetup = tweetSource === 'stream' ? await setUpStream(worker.origin, operatorToken) : null;

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
      tweetSource,
      operatorToken,
      streamSetup,
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

/**
 * The operator's stream setup, as README's deployment section runs it against production: the
 * sandbox X checks the webhook's CRC, links the stream and takes the rules. A webhook X could not
 * validate or a stream left unlinked would deliver nothing: the start fails instead.
 */
async function setUpStream(workerOrigin: string, operatorToken: string): Promise<StreamSetupAnswer> {
  const response = await fetch(`${workerOrigin}/v1/operator/x-stream/setup`, {
    method: 'POST',
    headers: { authorization: `Bearer ${operatorToken}` },
  });
  if (!response.ok) throw new Error(`stream setup failed: ${response.status} ${await response.text()}`);
  const setup = (await response.json()) as StreamSetupAnswer;
  if (!setup.webhookValid || !setup.linked) throw new Error(`stream setup incomplete: ${JSON.stringify(setup)}`);
  return setup;
}
