import { Hono } from 'hono';
import * as z from 'zod';
import {
  CreatePaymentIntentRequestSchema,
  HISTORY_PAGE_SIZE_MAX,
  PaymentIntentIdSchema,
  PaymentIntentStatusSchema,
} from '../../shared/contract/payments';
import { findIntent, intentFromRow, listIntentsOfPayerInStatus } from '../db/payments';
import type { AppEnv } from '../env';
import { cancelIntent, confirmIntent } from '../payments/confirm';
import { createDraftedIntent } from '../payments/intents';
import { createPotIntent } from '../pots/intents';
import { HttpProblem } from '../problem';
import { requireSession } from '../session';
import { validate } from '../validate';

const IntentParamSchema = z.strictObject({ id: PaymentIntentIdSchema });
const ListQuerySchema = z.strictObject({
  status: PaymentIntentStatusSchema,
  limit: z.coerce.number().int().min(1).max(HISTORY_PAGE_SIZE_MAX).default(HISTORY_PAGE_SIZE_MAX),
});

/**
 * Payment intents: the payer drafts one (and gets the exact tweet to post), then confirms or
 * cancels it once its tweet is matched. An intent is visible to its payer and its payee only.
 */
export const paymentIntents = new Hono<AppEnv>()
  .post('/', requireSession, validate('json', CreatePaymentIntentRequestSchema), async (c) => {
    const request = c.req.valid('json');
    // A pot's or project's hashtag makes a contribution or a pledge; a payee handle, a payment or a donation.
    const create = request.potHashtag === undefined ? createDraftedIntent : createPotIntent;
    const { intent, created } = await create(c.env, c.var.session.user, request, Date.now());
    return c.json({ intent: intentFromRow(intent) }, created ? 201 : 200);
  })

  // The payer's own intents in one status: what awaits their confirmation, for the badge and popup.
  .get('/', requireSession, validate('query', ListQuerySchema), async (c) => {
    const { status, limit } = c.req.valid('query');
    const rows = await listIntentsOfPayerInStatus(c.env.DB, c.var.session.user.id, status, limit);
    return c.json({ intents: rows.map(intentFromRow), nextCursor: null });
  })

  .get('/:id', requireSession, validate('param', IntentParamSchema), async (c) => {
    const intent = await findIntent(c.env.DB, c.req.valid('param').id);
    if (intent === null) throw new HttpProblem(404, 'intent-not-found', 'There is no payment intent with this id.');
    const { user } = c.var.session;
    if (intent.payer_user_id !== user.id && intent.payee_x_user_id !== user.xUserId) {
      throw new HttpProblem(403, 'not-a-party', 'Only the payer and the payee of a payment can see it.');
    }
    return c.json({ intent: intentFromRow(intent) });
  })

  .post('/:id/confirm', requireSession, validate('param', IntentParamSchema), async (c) => {
    const intent = await confirmIntent(c.env, c.var.session.user, c.req.valid('param').id, Date.now());
    return c.json({ intent: intentFromRow(intent) });
  })

  .post('/:id/cancel', requireSession, validate('param', IntentParamSchema), async (c) => {
    const intent = await cancelIntent(c.env, c.var.session.user, c.req.valid('param').id, Date.now());
    return c.json({ intent: intentFromRow(intent) });
  });
