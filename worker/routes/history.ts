import { Hono } from 'hono';
import * as z from 'zod';
import {
  HISTORY_PAGE_SIZE_MAX,
  HistoryPersonSchema,
  HistoryRoleSchema,
  PaymentIntentIdSchema,
} from '../../shared/contract/payments';
import { intentFromRow, listIntentsOfParty } from '../db/payments';
import { listRefusalsOfUser, refusalFromRow } from '../db/tweet-refusals';
import type { AppEnv } from '../env';
import { requireSession } from '../session';
import { validate } from '../validate';

/** `<created at ms>.<intent id>` of the last intent of a page: the next page starts below it. */
const CursorSchema = z
  .string()
  .regex(/^\d{1,16}\.pi_[A-Za-z0-9_-]{22}$/, 'a cursor from a previous page (nextCursor)')
  .transform((cursor) => {
    const [createdAtMs, id] = cursor.split('.') as [string, string];
    return { createdAtMs: Number(createdAtMs), id: PaymentIntentIdSchema.parse(id) };
  });

const HistoryQuerySchema = z.strictObject({
  /** `payer`: sent; `payee`: received (escrowed money included); `any`: both. */
  role: z._default(HistoryRoleSchema, 'any'),
  limit: z.coerce.number().int().min(1).max(HISTORY_PAGE_SIZE_MAX).default(20),
  before: CursorSchema.optional(),
  person: z.optional(HistoryPersonSchema),
});

/** The signed-in user's payments, newest first: only those they paid or were paid (with someone, by `person`). */
export const history = new Hono<AppEnv>().get('/', requireSession, validate('query', HistoryQuerySchema), async (c) => {
  const query = c.req.valid('query');
  const { user } = c.var.session;
  const rows = await listIntentsOfParty(c.env.DB, { userId: user.id, xUserId: user.xUserId }, query.role, {
    limit: query.limit,
    before: query.before ?? null,
    person: query.person ?? null,
  });
  const last = rows.at(-1);
  const nextCursor = rows.length === query.limit && last ? `${last.created_at_ms}.${last.id}` : null;
  // Refused tweets moved none of the person's money but are theirs to see: each page carries those
  // decided within its span of time, so paging through the intents pages through them too.
  const refusals =
    query.role === 'payee'
      ? []
      : await listRefusalsOfUser(c.env.DB, user.id, {
          fromMs: nextCursor === null || last === undefined ? 0 : last.created_at_ms,
          beforeMs: query.before?.createdAtMs ?? Number.MAX_SAFE_INTEGER,
        });
  return c.json({
    intents: rows.map(intentFromRow),
    refusals: await Promise.all(refusals.map((row) => refusalFromRow(c.env.DB, row))),
    nextCursor,
  });
});
