import { Hono, type MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import * as z from 'zod';
import {
  AccountIdSchema,
  EnsureAccountRequestSchema,
  TopUpRequestSchema,
  TRANSFERS_PER_PAGE_MAX,
  TransferRequestSchema,
  UNOWNED_ACCOUNT_KINDS,
} from '../../shared/contract/ledger';
import type { AppEnv } from '../env';
import {
  type Account,
  balancesOf,
  createTransfer,
  ensureAccount,
  getAccount,
  listTransfers,
  type TransferErrorCode,
  type TransferInput,
  type TransferResult,
} from '../ledger';
import { HttpProblem } from '../problem';
import { validate } from '../validate';

/**
 * Money out of thin air, for demos and tests: top-ups from the world account and direct
 * transfers between accounts. Served only when the worker runs against the sandbox X; anywhere
 * else these addresses do not exist.
 */
export const sandboxOnly: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.env.X_MODE !== 'sandbox') throw new HttpProblem(404, 'not-found', 'There is nothing at this address.');
  await next();
};

/** The code every sandbox top-up is booked under. */
export const TOP_UP_CODE = 'top_up';

const AccountParamSchema = z.object({ id: AccountIdSchema }).strict();
const PageQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(TRANSFERS_PER_PAGE_MAX).default(20),
    beforeSeq: z.coerce.number().int().min(1).optional(),
  })
  .strict();

export const sandboxLedger = new Hono<AppEnv>()
  .use(sandboxOnly)
  .post('/top-ups', validate('json', TopUpRequestSchema), async (c) => {
    const body = c.req.valid('json');
    const nowMs = Date.now();
    const wallet = body.owner
      ? await ensureAccount(c.env.DB, { kind: 'wallet', owner: body.owner, currency: body.currency }, nowMs)
      : await getAccount(c.env.DB, body.accountId!);
    if (wallet === null) throw problemOf('credit_account_not_found');
    if (wallet.kind !== 'wallet') {
      throw new HttpProblem(
        422,
        'not-a-wallet',
        `Account ${wallet.id} is a ${wallet.kind} account; top-ups go to wallets.`,
      );
    }
    const world = await ensureAccount(c.env.DB, { kind: 'world', owner: null, currency: body.currency }, nowMs);
    const result = await createTransfer(
      c.env.DB,
      {
        flags: 'plain',
        id: body.clientId,
        debitAccountId: world.id,
        creditAccountId: wallet.id,
        amountMinor: body.amountMinor,
        currency: body.currency,
        code: TOP_UP_CODE,
      },
      nowMs,
    );
    return answer(result);
  })
  .post('/accounts', validate('json', EnsureAccountRequestSchema), async (c) => {
    const body = c.req.valid('json');
    const ownerless = UNOWNED_ACCOUNT_KINDS.has(body.kind);
    if (ownerless !== (body.owner === null)) {
      throw new HttpProblem(
        400,
        'invalid-request',
        `A ${body.kind} account ${ownerless ? 'has no' : 'needs an'} owner.`,
        [{ path: 'owner', message: ownerless ? 'must be null' : 'required' }],
      );
    }
    const account = await ensureAccount(c.env.DB, body, Date.now());
    return c.json(accountAnswer(account));
  })
  .get('/accounts/:id', validate('param', AccountParamSchema), async (c) => {
    const account = await getAccount(c.env.DB, c.req.valid('param').id);
    if (account === null) throw new HttpProblem(404, 'account-not-found', 'There is no account with this id.');
    return c.json(accountAnswer(account));
  })
  .get(
    '/accounts/:id/transfers',
    validate('param', AccountParamSchema),
    validate('query', PageQuerySchema),
    async (c) => {
      const query = c.req.valid('query');
      const page = await listTransfers(c.env.DB, c.req.valid('param').id, {
        limit: query.limit,
        beforeSeq: query.beforeSeq ?? null,
      });
      return c.json(page);
    },
  )
  .post('/transfers', validate('json', TransferRequestSchema), async (c) => {
    const body = c.req.valid('json');
    const input: TransferInput =
      body.flags === 'plain' || body.flags === 'pending' ? { ...body, code: 'sandbox' } : body;
    return answer(await createTransfer(c.env.DB, input, Date.now()));
  });

function accountAnswer(account: Account) {
  return {
    id: account.id,
    kind: account.kind,
    owner: account.owner,
    currency: account.currency,
    balances: balancesOf(account),
  };
}

function answer(result: TransferResult): Response {
  if (!result.ok) throw problemOf(result.code);
  return Response.json(
    { status: result.status, transfer: result.transfer },
    { status: result.status === 'created' ? 201 : 200 },
  );
}

const DETAILS: Partial<Record<TransferErrorCode, string>> = {
  exceeds_credits: 'The debit account does not have enough available money (pending debits count).',
  debit_account_not_found: 'There is no account with the debit account id.',
  credit_account_not_found: 'There is no account with the credit account id.',
  pending_transfer_not_found: 'There is no pending transfer with this id.',
  pending_transfer_expired: 'The pending transfer has expired; its money was released.',
  pending_transfer_already_posted: 'The pending transfer was already posted.',
  pending_transfer_already_voided: 'The pending transfer was already voided.',
  exceeds_pending_transfer_amount: 'A post cannot move more than the pending transfer reserved.',
};

/** A refused transfer as a problem: a taken id or a resolved transfer conflicts; the rest cannot be done. */
export function problemOf(code: TransferErrorCode): HttpProblem {
  let status: ContentfulStatusCode = 422;
  if (code.startsWith('exists_with_different_') || code.startsWith('pending_transfer_already_')) status = 409;
  if (code.endsWith('_invalid') || code.endsWith('_must_be_different')) status = 400;
  const detail =
    DETAILS[code] ??
    (code.startsWith('exists_with_different_')
      ? `A transfer with this id exists with a different ${code.slice('exists_with_different_'.length).replaceAll('_', ' ')}; a retry must repeat the original request exactly.`
      : `The transfer was refused: ${code.replaceAll('_', ' ')}.`);
  return new HttpProblem(status, code.replaceAll('_', '-'), detail);
}
