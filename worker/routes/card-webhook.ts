import { Hono } from 'hono';
import { assertNever } from '../../shared/assert';
import {
  CARD_SIGNATURE_HEADER,
  CARD_SIGNATURE_TOLERANCE_S,
  CardEventSchema,
  type CardWebhookResponse,
} from '../../shared/contract/cards';
import { cardWebhookSecret } from '../cards/config';
import { cardEventRowOf } from '../cards/events';
import { verifyCardSignature } from '../cards/signature';
import { applyPurchase, applyRefund } from '../credits/engine';
import { type CardEventRow, markEventApplied, recordCardEvent } from '../db/card-transactions';
import type { AppEnv, Env } from '../env';
import { fieldProblems, HttpProblem } from '../problem';

/**
 * The card network's webhook: purchases and refunds on Hashpay cards.
 *
 * Order of work: the signature over the raw body and its timestamp (401 and nothing else when
 * forged, missing or older than the tolerance), then parsing and validation (400), then the event
 * is recorded under its id and applied. Deliveries are at least once and in any order:
 * - the same event again is acknowledged as `duplicate` and changes nothing;
 * - the same id with other content is refused (409): an id names one event;
 * - a refund that arrives before its purchase is kept and counted when the purchase arrives, so
 *   the network never has to hold events back for us.
 * An event recorded but not yet applied (the worker stopped half-way) is applied on redelivery.
 */
export const cardWebhook = new Hono<AppEnv>().post('/', async (c) => {
  const secret = cardWebhookSecret(c.env);
  if (secret === null) {
    throw new HttpProblem(503, 'card-network-not-configured', 'No card webhook secret is configured.');
  }
  const nowMs = Date.now();
  const body = new Uint8Array(await c.req.arrayBuffer());
  const verdict = await verifyCardSignature(secret, body, c.req.header(CARD_SIGNATURE_HEADER), nowMs);
  if (verdict !== 'valid') throw new HttpProblem(401, 'invalid-signature', SIGNATURE_PROBLEMS[verdict]);

  const parsed = CardEventSchema.safeParse(parseJson(body));
  if (!parsed.success) {
    throw new HttpProblem(400, 'invalid-request', 'The card event is not valid.', fieldProblems(parsed.error));
  }
  const recorded = await recordCardEvent(c.env.DB, await cardEventRowOf(parsed.data, nowMs));
  switch (recorded.kind) {
    case 'event_id_reused':
      throw new HttpProblem(409, 'event-id-reused', 'This event id was already delivered with other content.');
    case 'transaction_id_reused':
      throw new HttpProblem(
        409,
        'transaction-id-reused',
        'This purchase or refund id was already delivered with other content.',
      );
    case 'same':
    case 'same_transaction':
      if (recorded.row.applied_at_ms !== null) return c.json(answer('duplicate', 0, 0));
      return c.json(await apply(c.env, recorded.row, nowMs));
    case 'recorded':
      return c.json(await apply(c.env, recorded.row, nowMs));
    default:
      return assertNever(recorded);
  }
});

const SIGNATURE_PROBLEMS: Record<Exclude<Awaited<ReturnType<typeof verifyCardSignature>>, 'valid'>, string> = {
  missing: `The ${CARD_SIGNATURE_HEADER} header is missing.`,
  malformed: `The ${CARD_SIGNATURE_HEADER} header is not of the form t=<unix seconds>,v1=<hex HMAC-SHA256>.`,
  stale: `The ${CARD_SIGNATURE_HEADER} timestamp is more than ${CARD_SIGNATURE_TOLERANCE_S} seconds from now.`,
  mismatch: `The ${CARD_SIGNATURE_HEADER} header is not the signature of this body.`,
};

async function apply(env: Env, event: CardEventRow, nowMs: number): Promise<CardWebhookResponse> {
  let created = 0;
  let clawedBack = 0;
  if (event.type === 'purchase') {
    created = (await applyPurchase(env, event, nowMs)).creditsCreated;
  } else {
    clawedBack = (await applyRefund(env, event, nowMs)).creditsClawedBack;
  }
  await markEventApplied(env.DB, event.event_id, nowMs).run();
  return answer('applied', created, clawedBack);
}

function answer(outcome: CardWebhookResponse['outcome'], created: number, clawedBack: number): CardWebhookResponse {
  return { outcome, creditsCreated: created, creditsClawedBack: clawedBack };
}

function parseJson(body: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(body));
  } catch {
    throw new HttpProblem(400, 'invalid-json', 'The body is not valid UTF-8 JSON.');
  }
}
