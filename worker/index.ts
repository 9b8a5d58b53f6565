import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { BODY_SIZE_MAX_BYTES } from '../shared/limits';
import { allowedOrigin } from './cors-origins';
import type { AppEnv, Env } from './env';
import { consumeDeadPosts, consumePosts, isDeadLetterQueue } from './ingest/consumer';
import { runScheduledJobs } from './jobs';
import { configureLog, log, withRequestId } from './log';
import { sandboxSecretsInLive } from './ops/configuration';
import { HttpProblem, problemResponse, xProblem } from './problem';
import { rateLimit } from './rate-limit';
import { auth } from './routes/auth';
import { balances } from './routes/balances';
import { cardWebhook } from './routes/card-webhook';
import { cards } from './routes/cards';
import { credits } from './routes/credits';
import { funds, payoutsAccount, topUps, withdrawals } from './routes/funds';
import { health } from './routes/health';
import { history } from './routes/history';
import { me } from './routes/me';
import { merchantOffers } from './routes/merchant-offers';
import { offers } from './routes/offers';
import { openApi } from './routes/openapi';
import { operatorMerchants } from './routes/operator-merchants';
import { operatorOrganisations } from './routes/operator-organisations';
import { operatorXAccount } from './routes/operator-x-account';
import { operatorXStream } from './routes/operator-x-stream';
import { organisations } from './routes/organisations';
import { paymentIntents } from './routes/payment-intents';
import { paymentsProviderWebhook } from './routes/payments-provider-webhook';
import { people } from './routes/people';
import { pots } from './routes/pots';
import { receiptKeys } from './routes/receipt-keys';
import { receipts } from './routes/receipts';
import { sandboxDemoUsers } from './routes/sandbox-demo-users';
import { sandboxLedger } from './routes/sandbox-ledger';
import { sandboxMerchants } from './routes/sandbox-merchants';
import { sandboxOrganisations } from './routes/sandbox-organisations';
import { sandboxPots } from './routes/sandbox-pots';
import { tweets } from './routes/tweets';
import { xStreamWebhook } from './routes/x-stream-webhook';
import { xWebhook } from './routes/x-webhook';
import { XError } from './x/errors';

const app = new Hono<AppEnv>();

app.use(requestId());
// Every answer names its request (`x-request-id`), and every log line written while answering it.
app.use(async (c, next) => {
  const startedMs = Date.now();
  configureLog(c.env);
  await withRequestId(c.get('requestId'), next);
  if (!c.res.headers.has('x-request-id')) {
    c.res = new Response(c.res.body, c.res);
    c.res.headers.set('x-request-id', c.get('requestId'));
  }
  withRequestId(c.get('requestId'), () =>
    log(c.res.status >= 500 ? 'error' : 'info', 'request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      durationMs: Date.now() - startedMs,
    }),
  );
});
// The API is read by the extension and by other sites' pages (receipts): resources may be read
// cross-origin; CORS below decides who may call what.
app.use(secureHeaders({ crossOriginResourcePolicy: 'cross-origin' }));
app.use(
  '/v1/*',
  cors({
    origin: (origin, c) => allowedOrigin(origin, c.env),
    allowHeaders: ['authorization', 'content-type'],
    allowMethods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
    exposeHeaders: ['etag'],
    maxAge: 600,
  }),
);
app.use(
  bodyLimit({
    maxSize: BODY_SIZE_MAX_BYTES,
    onError: () => {
      throw new HttpProblem(413, 'body-too-large', `The request body is larger than ${BODY_SIZE_MAX_BYTES} bytes.`);
    },
  }),
);
// Bodies are JSON everywhere: a body of another type is refused before any handler reads it.
app.use(async (c, next) => {
  const hasBody = c.req.header('content-length') !== '0' && c.req.raw.body !== null;
  if (hasBody && ['POST', 'PUT', 'PATCH'].includes(c.req.method)) {
    const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') {
      throw new HttpProblem(415, 'unsupported-media-type', 'Send the request body as application/json.');
    }
  }
  await next();
});

app.route('/health', health);
app.route('/', openApi);
// A production whose settings let the sandbox in answers nothing but /health, which names them.
app.use(async (c, next) => {
  const problems = sandboxSecretsInLive(c.env);
  if (problems.length > 0) {
    log('error', 'misconfigured', { problems });
    throw new HttpProblem(503, 'misconfigured', 'This Hashpay server is not configured safely yet; see /health.');
  }
  await next();
});
// Rate limits before the routes (see worker/rate-limit.ts and wrangler.toml's [[ratelimits]]).
const authLimit = rateLimit({ scope: 'auth', perIp: 'RATE_LIMIT_AUTH' });
app.post('/v1/auth/start', authLimit);
app.post('/v1/auth/claim', authLimit);
for (const [path, scope] of [
  ['/v1/payment-intents', 'drafts'],
  ['/v1/tweets/report', 'reports'],
  ['/v1/pots', 'pots'],
] as const) {
  app.post(path, rateLimit({ scope, perUser: 'RATE_LIMIT_USER_WRITES', perIp: 'RATE_LIMIT_IP_WRITES' }));
}
const publicReadLimit = rateLimit({ scope: 'reads', perIp: 'RATE_LIMIT_PUBLIC_READS' });
for (const path of [
  '/v1/offers',
  '/v1/organisations',
  '/v1/pots',
  '/v1/pots/:ref',
  // Also /v1/receipts/keys: one pattern, so that a request is counted once.
  '/v1/receipts/:id',
  '/v1/tweets/status',
]) {
  app.get(path, publicReadLimit);
}
// Each look-up of a person may cost an X read: counted per user as well as per address.
app.get(
  '/v1/people/:handle',
  rateLimit({ scope: 'people', perUser: 'RATE_LIMIT_USER_WRITES', perIp: 'RATE_LIMIT_PUBLIC_READS' }),
);

app.route('/v1/auth', auth);
app.route('/v1/me', me);
app.route('/v1/people', people);
app.route('/v1/receipts/keys', receiptKeys);
// After the keys route, which `/v1/receipts/:id` would otherwise shadow.
app.route('/v1/receipts', receipts);
app.route('/v1/payment-intents', paymentIntents);
app.route('/v1/pots', pots);
app.route('/v1/history', history);
app.route('/v1/balances', balances);
app.route('/v1/tweets', tweets);
app.route('/v1/offers', offers);
app.route('/v1/merchant/offers', merchantOffers);
app.route('/v1/operator/merchants', operatorMerchants);
app.route('/v1/sandbox/merchants', sandboxMerchants);
app.route('/v1/organisations', organisations);
app.route('/v1/operator/organisations', operatorOrganisations);
app.route('/v1/operator/x-account', operatorXAccount);
app.route('/v1/operator/x-stream', operatorXStream);
app.route('/v1/sandbox/organisations', sandboxOrganisations);
app.route('/v1/sandbox/pots', sandboxPots);
app.route('/webhooks/x', xWebhook);
app.route('/webhooks/x-stream', xStreamWebhook);
app.route('/v1/cards', cards);
app.route('/v1/credits', credits);
app.route('/webhooks/card-network', cardWebhook);
app.route('/v1/sandbox', sandboxLedger);
app.route('/v1/sandbox/demo-users', sandboxDemoUsers);
app.route('/v1/top-ups', topUps);
app.route('/v1/payouts-account', payoutsAccount);
app.route('/v1/withdrawals', withdrawals);
app.route('/v1/funds', funds);
app.route('/webhooks/payments-provider', paymentsProviderWebhook);

app.notFound(() => {
  throw new HttpProblem(404, 'not-found', 'There is nothing at this address.');
});

app.onError((error, c) => {
  const tagged = { 'x-request-id': c.get('requestId') };
  if (error instanceof HttpProblem) return problemResponse(error.toProblem(), { ...error.headers, ...tagged });
  if (error instanceof XError) {
    const problem = xProblem(error);
    return problemResponse(problem.toProblem(), { ...problem.headers, ...tagged });
  }
  if (error instanceof HTTPException) {
    // Hono's own 4xx (malformed JSON, for one) carry a message meant for the caller.
    const problem = new HttpProblem(
      error.status as 400,
      'invalid-request',
      error.message || 'The request is not valid.',
    );
    return problemResponse(problem.toProblem(), tagged);
  }
  withRequestId(c.get('requestId'), () =>
    log('error', 'internal-error', { error: String(error), stack: (error as Error).stack }),
  );
  return problemResponse(
    new HttpProblem(500, 'internal', 'Something went wrong on our side; nothing was changed. Try again.').toProblem(),
    tagged,
  );
});

export default {
  fetch: app.fetch,
  async scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
    configureLog(env);
    const runId = `cron-${new Date(controller.scheduledTime).toISOString()}`;
    ctx.waitUntil(withRequestId(runId, () => runScheduledJobs(env, controller.scheduledTime)));
  },
  // The posts queue and its dead-letter queue (wrangler.toml [[queues.consumers]]).
  async queue(batch: MessageBatch<unknown>, env: Env): Promise<void> {
    configureLog(env);
    const runId = `queue-${batch.queue}-${batch.messages[0]?.id ?? 'empty'}`;
    await withRequestId(runId, () =>
      isDeadLetterQueue(batch.queue) ? consumeDeadPosts(batch, env) : consumePosts(batch, env),
    );
  },
} satisfies ExportedHandler<Env>;

export { app };
