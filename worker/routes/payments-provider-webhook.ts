import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { applyProviderEvent } from '../funds/events';
import { paymentsProviderOf } from '../payments-provider/config';
import { InvalidProviderSignature } from '../payments-provider/provider';
import { HttpProblem } from '../problem';

/** A provider event body larger than this is not one of the events we subscribe to. */
const EVENT_BODY_MAX_BYTES = 64 * 1024;

/**
 * The payment provider's webhook endpoint. The signature over the raw body is checked first by
 * the provider's own SDK (a forged, stale or missing one is a 400 and changes nothing); then the
 * event is applied once (see worker/funds/events.ts). Deliveries are at least once, in any order.
 */
export const paymentsProviderWebhook = new Hono<AppEnv>().post('/', async (c) => {
  const provider = paymentsProviderOf(c.env);
  if (provider === null) {
    throw new HttpProblem(503, 'payments-provider-not-configured', 'No payment provider is configured on this server.');
  }
  const rawBody = await c.req.text();
  if (rawBody.length > EVENT_BODY_MAX_BYTES) throw new HttpProblem(413, 'body-too-large', 'The event is too large.');
  let event: Awaited<ReturnType<typeof provider.parseEvent>>;
  try {
    event = await provider.parseEvent(rawBody, c.req.header('stripe-signature'));
  } catch (error) {
    if (error instanceof InvalidProviderSignature) throw new HttpProblem(400, 'invalid-signature', error.message);
    throw error;
  }
  const outcome = await applyProviderEvent(c.env, provider, event, Date.now());
  return c.json({ received: true, outcome });
});
