import * as z from 'zod/mini';
import { HISTORY_PAGE_SIZE_MAX, HistoryPersonSchema, HistoryRoleSchema } from '../../../shared/contract/payments';
import type { ActionResponse } from '../../lib/messages';
import { type BackgroundContext, requireSession } from '../context';
import { parseRequest } from '../parse-request';

/** The popup shows this many payments per page; `Show more` asks for the next page by cursor. */
export const HISTORY_PAGE_SIZE_DEFAULT = 20;

const GetHistoryRequestSchema = z.strictObject({
  role: HistoryRoleSchema,
  /** The `nextCursor` of the previous page; absent or null for the first page. */
  before: z.optional(z.nullable(z.string().check(z.maxLength(64)))),
  limit: z.optional(z.number().check(z.int(), z.gte(1), z.lte(HISTORY_PAGE_SIZE_MAX))),
  /** The start of the other party's handle, without @; absent or null for everyone. */
  person: z.optional(z.nullable(HistoryPersonSchema)),
});

/** One page of the linked user's payments, newest first: sent (`payer`), received (`payee`) or both. */
export async function getHistory(request: unknown, context: BackgroundContext): Promise<ActionResponse<'get-history'>> {
  const query = parseRequest(GetHistoryRequestSchema, request);
  const session = await requireSession(context);
  return await context.api.history(session.token, {
    role: query.role,
    limit: query.limit ?? HISTORY_PAGE_SIZE_DEFAULT,
    before: query.before ?? null,
    person: query.person ?? null,
  });
}
