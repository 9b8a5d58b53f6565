import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { PaymentIntentResponseSchema } from '../../shared/contract/payments';
import { createSandbox, type Sandbox } from '../sandbox/index';
import { freePort } from '../support/free-port';
import { startWorker, type WorkerRuntime } from '../support/worker-runtime';

/**
 * X API reads per matched payment tweet, the figure X bills by (about $0.005 per post read).
 * Payments go through the deployable worker bundle in workerd with the sandbox X behind it, in
 * three steps that are measured apart:
 *   1. tweets reported by the extension only;
 *   2. tweets pushed by the X webhook and reported by the extension (two sources, either first);
 *   3. one round of the scheduled search, which finds every tweet of both steps again.
 * Posts read are counted on the wire: the posts in `data` of every answer to a tweet lookup or
 * search, as X counts them; requests per endpoint come from the sandbox's own stats.
 */

const PAYERS = 12;
const PAYMENTS_PER_STEP = 60;
const AMOUNT_MINOR = 1_00;
const TOP_UP_MINOR = 200_00;
/** The scheduled round answers before its work is done (waitUntil); it is polled this often, this long. */
const SCHEDULED_POLL_MS = 100;
const SCHEDULED_SETTLE_MS = 30_000;

interface Session {
  username: string;
  token: string;
}

/** Posts read from X, counted from the answers the worker got. */
class ReadCounter {
  postsRead = 0;

  async observe(request: Request, response: Response): Promise<void> {
    const url = new URL(request.url);
    if (request.method !== 'GET' || !url.pathname.startsWith('/2/tweets') || !response.ok) return;
    const body = (await response.clone().json()) as { data?: unknown };
    this.postsRead += Array.isArray(body.data) ? body.data.length : body.data ? 1 : 0;
  }
}

async function call(
  worker: WorkerRuntime,
  path: string,
  init: { method?: string; body?: unknown; token?: string } = {},
) {
  const response = await fetch(`${worker.origin}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return response.json() as Promise<unknown>;
}

/** Links a sandbox user the way the extension does (start → consent → callback → claim). */
export async function link(worker: WorkerRuntime, sandbox: Sandbox, username: string): Promise<Session> {
  const claimSecret = randomBytes(32).toString('base64url');
  const claimSecretHash = createHash('sha256').update(claimSecret).digest('hex');
  const start = (await call(worker, '/v1/auth/start', { body: { claimSecretHash } })) as {
    linkId: string;
    authorizeUrl: string;
  };
  const callback = await fetch(sandbox.authorize({ authorizeUrl: start.authorizeUrl, username }));
  if (!callback.ok) throw new Error(`callback for @${username} answered ${callback.status}`);
  const claim = (await call(worker, '/v1/auth/claim', { body: { linkId: start.linkId, claimSecret } })) as {
    sessionToken: string;
  };
  return { username, token: claim.sessionToken };
}

async function pay(worker: WorkerRuntime, sandbox: Sandbox, payer: Session, payee: string) {
  const created = PaymentIntentResponseSchema.parse(
    await call(worker, '/v1/payment-intents', {
      token: payer.token,
      body: {
        requestId: `bench-${randomUUID()}`,
        payeeHandle: payee,
        amountMinor: AMOUNT_MINOR,
        currency: 'EUR',
        language: 'en',
      },
    }),
  ).intent;
  const tweet = sandbox.postTweet({ authorUsername: payer.username, text: created.tweetText });
  return { intentId: created.id, tweetId: tweet.id, payer };
}

async function countMatched(worker: WorkerRuntime, payments: ReadonlyArray<{ intentId: string; payer: Session }>) {
  let matched = 0;
  for (const payment of payments) {
    const { intent } = PaymentIntentResponseSchema.parse(
      await call(worker, `/v1/payment-intents/${payment.intentId}`, { token: payment.payer.token }),
    );
    if (intent.tweet !== null) matched++;
  }
  return matched;
}

function requestsDelta(after: Record<string, number>, before: Record<string, number>): Record<string, number> {
  const delta: Record<string, number> = {};
  for (const [key, count] of Object.entries(after)) {
    const grown = count - (before[key] ?? 0);
    if (grown > 0 && key.includes(' /2/')) delta[key] = grown;
  }
  return delta;
}

export async function benchXReads(): Promise<void> {
  const sandbox = createSandbox();
  const reads = new ReadCounter();
  const port = await freePort();
  const worker = await startWorker({
    port,
    vars: { WORKER_ORIGIN: `http://127.0.0.1:${port}` },
    // Twelve payers linked from one address within a minute: above the sandbox's per-address limits.
    rateLimits: {
      RATE_LIMIT_AUTH: { simple: { limit: 10_000, period: 60 } },
      RATE_LIMIT_IP_WRITES: { simple: { limit: 10_000, period: 60 } },
      RATE_LIMIT_USER_WRITES: { simple: { limit: 10_000, period: 60 } },
    },
    outbound: async (request) => {
      const response = await sandbox.fetch(request);
      await reads.observe(request, response);
      return response;
    },
  });
  try {
    sandbox.createUser({ username: 'hashpay', name: 'Hashpay' });
    const payers: Session[] = [];
    const payees: string[] = [];
    for (let i = 0; i < PAYERS; i++) {
      sandbox.createUser({ username: `bench_payer_${i}` });
      sandbox.createUser({ username: `bench_payee_${i}` });
      payees.push(`bench_payee_${i}`);
      payers.push(await link(worker, sandbox, `bench_payer_${i}`));
      await call(worker, '/v1/sandbox/demo-users', {
        body: { username: `bench_payer_${i}`, topUps: [{ currency: 'EUR', amountMinor: TOP_UP_MINOR }] },
      });
    }

    const rows: string[][] = [];
    const measure = async (label: string, step: () => Promise<number>) => {
      const requestsBefore = sandbox.stats().requests;
      const readsBefore = reads.postsRead;
      const matched = await step();
      const postsRead = reads.postsRead - readsBefore;
      const requests = requestsDelta(sandbox.stats().requests, requestsBefore);
      rows.push([
        label,
        String(matched),
        String(postsRead),
        matched > 0 ? (postsRead / matched).toFixed(2) : '-',
        Object.entries(requests)
          .map(([key, count]) => `${key}×${count}`)
          .join(', '),
      ]);
    };

    const reported: Array<Awaited<ReturnType<typeof pay>>> = [];
    await measure('report only', async () => {
      for (let i = 0; i < PAYMENTS_PER_STEP; i++) {
        const payment = await pay(worker, sandbox, payers[i % PAYERS]!, payees[(i + 1) % PAYERS]!);
        await call(worker, '/v1/tweets/report', { token: payment.payer.token, body: { tweetId: payment.tweetId } });
        reported.push(payment);
      }
      return countMatched(worker, reported);
    });

    sandbox.subscribeWebhook({ url: `${worker.origin}/webhooks/x`, forUsername: 'hashpay', hashtags: ['Hashpay'] });
    const pushed: Array<Awaited<ReturnType<typeof pay>>> = [];
    await measure('webhook + report', async () => {
      for (let i = 0; i < PAYMENTS_PER_STEP; i++) {
        const payment = await pay(worker, sandbox, payers[i % PAYERS]!, payees[(i + 2) % PAYERS]!);
        await call(worker, '/v1/tweets/report', { token: payment.payer.token, body: { tweetId: payment.tweetId } });
        pushed.push(payment);
      }
      await sandbox.flushWebhooks();
      // Deliveries are acknowledged once queued: wait for the consumer to decide them.
      const deadline = Date.now() + SCHEDULED_SETTLE_MS;
      let matched = await countMatched(worker, pushed);
      while (matched < pushed.length && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, SCHEDULED_POLL_MS));
        matched = await countMatched(worker, pushed);
      }
      return matched;
    });

    await measure('search round (finds both steps again)', async () => {
      const searchKey = 'GET /2/tweets/search/recent';
      const before = sandbox.stats().requests[searchKey] ?? 0;
      await worker.runScheduled();
      const deadline = Date.now() + SCHEDULED_SETTLE_MS;
      while ((sandbox.stats().requests[searchKey] ?? 0) === before && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, SCHEDULED_POLL_MS));
      }
      // Let the round finish its pages: stop once no request came for a while.
      let last = -1;
      while (reads.postsRead !== last && Date.now() < deadline) {
        last = reads.postsRead;
        await new Promise((resolve) => setTimeout(resolve, SCHEDULED_POLL_MS * 5));
      }
      return 0;
    });

    const matchedTotal = (await countMatched(worker, reported)) + (await countMatched(worker, pushed));
    const readsTotal = reads.postsRead;
    const webhooks = sandbox.webhookStats();
    console.log(`payments: ${reported.length + pushed.length}, matched tweets: ${matchedTotal}`);
    console.log(`webhook deliveries: ${webhooks.delivered} delivered, ${webhooks.failed} failed`);
    console.log('step | matched | posts read | posts read per matched | X requests');
    for (const row of rows) console.log(row.join(' | '));
    console.log(
      `total: ${readsTotal} posts read for ${matchedTotal} matched tweets = ${(readsTotal / matchedTotal).toFixed(2)} reads per matched tweet`,
    );
  } finally {
    await worker.close();
  }
}
