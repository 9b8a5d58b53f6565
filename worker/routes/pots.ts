import { Hono } from 'hono';
import * as z from 'zod';
import { HashtagSchema } from '../../shared/contract/money';
import { PaymentIntentIdSchema } from '../../shared/contract/payments';
import {
  type ClosePotResponseSchema,
  CreatePotRequestSchema,
  OPEN_POTS_LISTED_MAX,
  type OpenPotsResponse,
  POT_CONTRIBUTIONS_PAGE_SIZE_MAX,
  POT_ID_PATTERN,
  type PotContributionsResponseSchema,
  type PotResponseSchema,
} from '../../shared/contract/pots';
import {
  contributionFromRow,
  findPot,
  findPotByHashtag,
  listOpenPots,
  listPotContributions,
  type PotWithTotalsRow,
  potFromRow,
} from '../db/pots';
import type { AppEnv } from '../env';
import { publicJsonWithEtag } from '../etag';
import { closeAndPayOut } from '../pots/close';
import { createPot } from '../pots/create';
import { HttpProblem } from '../problem';
import { requireSession } from '../session';
import { followHashtagChange } from '../stream/lifecycle';
import { validate } from '../validate';

/** How long a browser may reuse a pot's progress without asking again: the bar stays nearly live. */
const POT_MAX_AGE_S = 5;
/** How long a browser or a cache may reuse the list of open pots: a new pot shows within a minute. */
const OPEN_POTS_MAX_AGE_S = 60;

const RefParamSchema = z.strictObject({
  ref: z.union([z.string().regex(POT_ID_PATTERN), HashtagSchema], 'a pot id (pot_…) or a hashtag without #'),
});

/** `<created at ms>.<intent id>` of the last contribution of a page: the next page starts below it. */
const CursorSchema = z
  .string()
  .regex(/^\d{1,16}\.pi_[A-Za-z0-9_-]{22}$/, 'a cursor from a previous page (nextCursor)')
  .transform((cursor) => {
    const [createdAtMs, id] = cursor.split('.') as [string, string];
    return { createdAtMs: Number(createdAtMs), id: PaymentIntentIdSchema.parse(id) };
  });

const ContributionsQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(POT_CONTRIBUTIONS_PAGE_SIZE_MAX).default(50),
  before: CursorSchema.optional(),
});

async function potOf(db: D1Database, ref: string): Promise<PotWithTotalsRow> {
  const pot = POT_ID_PATTERN.test(ref) ? await findPot(db, ref) : await findPotByHashtag(db, ref);
  if (pot === null) throw new HttpProblem(404, 'pot-not-found', 'There is no pot or project with this id or hashtag.');
  return pot;
}

function organisersOnly(pot: PotWithTotalsRow, userId: string): void {
  if (pot.organiser_user_id !== userId) {
    throw new HttpProblem(403, 'not-the-organiser', 'Only the organiser of this pot can do this.');
  }
}

/**
 * Pots and all-or-nothing projects: created by a linked user, the open ones listed, their progress
 * public and cheap to poll, their contributors and their close for the organiser only.
 */
export const pots = new Hono<AppEnv>()
  .post('/', requireSession, validate('json', CreatePotRequestSchema), async (c) => {
    const { pot, created } = await createPot(c.env, c.var.session.user, c.req.valid('json'), Date.now());
    if (created) followHashtagChange(c);
    const body: z.infer<typeof PotResponseSchema> = { pot: potFromRow(pot) };
    return c.json(body, created ? 201 : 200);
  })

  // Public and cheap to poll, asked without a session: which hashtags are open pots' and
  // projects', so the extension asks about those only and not about every hashtag its user reads.
  .get('/', async (c) => {
    const body: OpenPotsResponse = { pots: await listOpenPots(c.env.DB, OPEN_POTS_LISTED_MAX) };
    return publicJsonWithEtag(c, body, OPEN_POTS_MAX_AGE_S);
  })

  // Public progress: the same answer has the same strong ETag (a digest of its body), and
  // `If-None-Match` with it is answered 304 with no body.
  .get('/:ref', validate('param', RefParamSchema), async (c) => {
    const pot = await potOf(c.env.DB, c.req.valid('param').ref);
    const body: z.infer<typeof PotResponseSchema> = { pot: potFromRow(pot) };
    return publicJsonWithEtag(c, body, POT_MAX_AGE_S);
  })

  .get(
    '/:ref/contributions',
    requireSession,
    validate('param', RefParamSchema),
    validate('query', ContributionsQuerySchema),
    async (c) => {
      const pot = await potOf(c.env.DB, c.req.valid('param').ref);
      organisersOnly(pot, c.var.session.user.id);
      const query = c.req.valid('query');
      const rows = await listPotContributions(c.env.DB, pot.id, { limit: query.limit, before: query.before ?? null });
      const last = rows.at(-1);
      const body: z.infer<typeof PotContributionsResponseSchema> = {
        contributions: rows.map(contributionFromRow),
        nextCursor: rows.length === query.limit && last ? `${last.created_at_ms}.${last.id}` : null,
      };
      return c.json(body, 200, { 'cache-control': 'no-store' });
    },
  )

  .post('/:ref/close', requireSession, validate('param', RefParamSchema), async (c) => {
    const pot = await potOf(c.env.DB, c.req.valid('param').ref);
    organisersOnly(pot, c.var.session.user.id);
    if (pot.kind !== 'pot') {
      throw new HttpProblem(
        409,
        'project-closes-at-deadline',
        'An all-or-nothing project cannot be closed by hand: it is decided at its deadline.',
      );
    }
    const paidOutMinor = await closeAndPayOut(c.env.DB, pot, Date.now());
    followHashtagChange(c);
    const closed = await findPot(c.env.DB, pot.id);
    if (closed === null) throw new Error('a closed pot is still there');
    const body: z.infer<typeof ClosePotResponseSchema> = { pot: potFromRow(closed), paidOutMinor };
    return c.json(body);
  });
