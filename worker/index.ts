import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { BODY_SIZE_MAX_BYTES } from '../shared/limits';
import { allowedOrigin } from './cors-origins';
import type { AppEnv, Env } from './env';
import { runScheduledJobs } from './jobs';
import { HttpProblem, problemResponse } from './problem';
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
import { operatorMerchants } from './routes/operator-merchants';
import { operatorOrganisations } from './routes/operator-organisations';
import { organisations } from './routes/organisations';
import { paymentIntents } from './routes/payment-intents';
import { paymentsProviderWebhook } from './routes/payments-provider-webhook';
import { pots } from './routes/pots';
import { receiptKeys } from './routes/receipt-keys';
import { receipts } from './routes/receipts';
import { sandboxDemoUsers } from './routes/sandbox-demo-users';
import { sandboxLedger } from './routes/sandbox-ledger';
import { sandboxMerchants } from './routes/sandbox-merchants';
import { sandboxOrganisations } from './routes/sandbox-organisations';
import { sandboxPots } from './routes/sandbox-pots';
import { tweets } from './routes/tweets';
import { xWebhook } from './routes/x-webhook';

const app = new Hono<AppEnv>();

app.use(requestId());
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
app.route('/v1/auth', auth);
app.route('/v1/me', me);
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
app.route('/v1/sandbox/organisations', sandboxOrganisations);
app.route('/v1/sandbox/pots', sandboxPots);
app.route('/webhooks/x', xWebhook);
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
  if (error instanceof HttpProblem) return problemResponse(error.toProblem(), error.headers);
  if (error instanceof HTTPException) {
    // Hono's own 4xx (malformed JSON, for one) carry a message meant for the caller.
    const problem = new HttpProblem(
      error.status as 400,
      'invalid-request',
      error.message || 'The request is not valid.',
    );
    return problemResponse(problem.toProblem());
  }
  console.error(JSON.stringify({ requestId: c.get('requestId'), error: String(error), stack: (error as Error).stack }));
  return problemResponse(
    new HttpProblem(500, 'internal', 'Something went wrong on our side; nothing was changed. Try again.').toProblem(),
  );
});

export default {
  fetch: app.fetch,
  async scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
    ctx.waitUntil(runScheduledJobs(env, controller.scheduledTime));
  },
} satisfies ExportedHandler<Env>;

export { app };
