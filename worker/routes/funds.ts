import { type Context, Hono } from 'hono';
import * as z from 'zod';
import {
  FUNDS_HISTORY_ROWS_MAX,
  type FundsResponse,
  type PayoutsAccountResponse,
  TopUpIdSchema,
  TopUpRequestSchema,
  type TopUpResponse,
  WithdrawalRequestSchema,
  type WithdrawalResponse,
} from '../../shared/contract/funds';
import type { Currency } from '../../shared/money';
import { listFundsOfUser, selectDebtsOfUser, selectProviderAccount, selectTopUp } from '../db/funds';
import type { AppEnv, Env } from '../env';
import { startTopUp } from '../funds/top-ups';
import { moneyBackOf, topUpOf, withdrawalOf } from '../funds/views';
import { payoutsAccountStatus, startWithdrawal } from '../funds/withdrawals';
import { paymentsProviderOf } from '../payments-provider/config';
import type { PaymentsProvider } from '../payments-provider/provider';
import { ProviderRefusal } from '../payments-provider/provider';
import { HttpProblem } from '../problem';
import { requireSession } from '../session';
import { validate } from '../validate';

/**
 * Money in and out through the payment provider, for the signed-in user: `POST /v1/top-ups`
 * (answers the hosted checkout's URL), `POST /v1/payouts-account` (ready, or the onboarding
 * link), `POST /v1/withdrawals`, `GET /v1/funds` (history and debts). The pages the provider
 * sends the browser back to are here too; they only say what happens next: the balance moves
 * when the provider's signed event lands, never because a page was visited.
 */

function providerOrProblem(env: Env): PaymentsProvider {
  const provider = paymentsProviderOf(env);
  if (provider === null) {
    throw new HttpProblem(503, 'payments-provider-not-configured', 'No payment provider is configured on this server.');
  }
  return provider;
}

/** A provider refusal the user can act on is a 422; one it cannot be reached for is a 502. */
async function withProvider<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof HttpProblem) throw error;
    if (error instanceof ProviderRefusal) throw new HttpProblem(422, 'provider-refused', error.message);
    console.error(JSON.stringify({ provider: 'unreachable', error: String(error) }));
    throw new HttpProblem(
      502,
      'provider-unavailable',
      'The payment provider could not be reached; nothing was charged. Try again.',
    );
  }
}

const TopUpParamSchema = z.strictObject({ id: TopUpIdSchema });

export const topUps = new Hono<AppEnv>()
  .post('/', requireSession, validate('json', TopUpRequestSchema), async (c) => {
    const provider = providerOrProblem(c.env);
    const row = await withProvider(() =>
      startTopUp(c.env, provider, c.var.session.user.id, c.req.valid('json'), Date.now()),
    );
    const body: TopUpResponse = { topUp: topUpOf(row) };
    return c.json(body, 201);
  })
  .get('/:id/done', validate('param', TopUpParamSchema), async (c) => {
    const row = await selectTopUp(c.env.DB, c.req.valid('param').id);
    if (row === null) return page(c, 404, 'No such top-up', 'This top-up does not exist.');
    return page(
      c,
      200,
      'Payment received',
      row.status === 'paid'
        ? 'Your wallet has been credited. You can close this tab.'
        : 'Your wallet is credited as soon as the payment provider confirms the payment, usually within seconds. You can close this tab.',
    );
  })
  .get('/:id/cancelled', validate('param', TopUpParamSchema), (c) =>
    page(c, 200, 'Top-up cancelled', 'Nothing was charged. You can close this tab.'),
  )
  .get('/:id', requireSession, validate('param', TopUpParamSchema), async (c) => {
    const row = await selectTopUp(c.env.DB, c.req.valid('param').id);
    if (row === null || row.user_id !== c.var.session.user.id) {
      throw new HttpProblem(404, 'top-up-not-found', 'There is no top-up of yours with this id.');
    }
    const body: TopUpResponse = { topUp: topUpOf(row) };
    return c.json(body);
  });

export const payoutsAccount = new Hono<AppEnv>()
  .post('/', requireSession, async (c) => {
    const provider = providerOrProblem(c.env);
    const body: PayoutsAccountResponse = await withProvider(() =>
      payoutsAccountStatus(c.env, provider, c.var.session.user.id, Date.now()),
    );
    return c.json(body);
  })
  .get('/done', (c) =>
    page(c, 200, 'Payouts account set up', 'You can close this tab and withdraw from the Hashpay popup.'),
  )
  .get('/expired', (c) =>
    page(c, 200, 'This link has expired', 'Open Withdraw in the Hashpay popup again to get a new link.'),
  );

export const withdrawals = new Hono<AppEnv>().post(
  '/',
  requireSession,
  validate('json', WithdrawalRequestSchema),
  async (c) => {
    const provider = providerOrProblem(c.env);
    const row = await withProvider(() =>
      startWithdrawal(c.env, provider, c.var.session.user.id, c.req.valid('json'), Date.now()),
    );
    const body: WithdrawalResponse = { withdrawal: withdrawalOf(row) };
    return c.json(body, 201);
  },
);

export const funds = new Hono<AppEnv>().get('/', requireSession, async (c) => {
  const userId = c.var.session.user.id;
  const [rows, debts, account] = await Promise.all([
    listFundsOfUser(c.env.DB, userId, FUNDS_HISTORY_ROWS_MAX),
    selectDebtsOfUser(c.env.DB, userId),
    selectProviderAccount(c.env.DB, userId),
  ]);
  const body: FundsResponse = {
    topUps: rows.topUps.map(topUpOf),
    withdrawals: rows.withdrawals.map(withdrawalOf),
    moneyBacks: rows.moneyBacks.map(moneyBackOf),
    debts: debts.map((debt) => ({ currency: debt.currency as Currency, owedMinor: debt.owed_minor })),
    verified: account?.payouts_enabled === 1,
  };
  return c.json(body);
});

const PAGE_STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#0f1419}h1{font-size:1.4rem}';

/** A small self-contained page for the tab the provider sends back. */
function page(c: Context<AppEnv>, status: 200 | 404, title: string, detail: string): Response {
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${title} · Hashpay</title><style>${PAGE_STYLE}</style></head>
<body><h1 data-hashpay-page="${status === 200 ? 'ok' : 'missing'}">${title}</h1><p>${detail}</p></body></html>
`;
  return c.html(html, status, {
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    'referrer-policy': 'no-referrer',
  });
}
