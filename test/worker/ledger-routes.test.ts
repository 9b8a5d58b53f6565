import { env, exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TransferAnswer } from '../../shared/contract/ledger';
import { BODY_SIZE_MAX_BYTES } from '../../shared/limits';
import { app } from '../../worker/index';

interface ProblemBody {
  type: string;
  status: number;
  detail: string;
  errors?: Array<{ path: string; message: string }>;
}

function send(path: string, body: string, contentType = 'application/json'): Promise<Response> {
  return exports.default.fetch(
    new Request(`http://worker/v1/sandbox${path}`, { method: 'POST', headers: { 'content-type': contentType }, body }),
  );
}

/** Everything the ledger holds, to prove a refused request changed none of it. */
async function ledgerSnapshot() {
  const [accounts, transfers, states] = await env.DB.batch([
    env.DB.prepare('SELECT * FROM ledger_accounts ORDER BY id'),
    env.DB.prepare('SELECT * FROM ledger_transfers ORDER BY seq'),
    env.DB.prepare('SELECT * FROM ledger_pending_states ORDER BY pending_id'),
  ]);
  return { accounts: accounts?.results, transfers: transfers?.results, states: states?.results };
}

async function expectProblem(res: Response, status: number): Promise<ProblemBody> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  const body = (await res.json()) as ProblemBody;
  expect(body.status).toBe(status);
  expect(body.detail.length).toBeGreaterThan(0);
  return body;
}

let walletId = '';

beforeAll(async () => {
  const res = await send(
    '/top-ups',
    JSON.stringify({ clientId: 'r-top-up-1', owner: 'r-alice', currency: 'EUR', amountMinor: 10_00 }),
  );
  expect(res.status).toBe(201);
  walletId = ((await res.json()) as TransferAnswer).transfer.creditAccountId;
});

describe('POST /v1/sandbox/top-ups', () => {
  it('credits a wallet once; a replay answers exists; a changed replay is a conflict naming the field', async () => {
    const again = await send(
      '/top-ups',
      JSON.stringify({ clientId: 'r-top-up-1', owner: 'r-alice', currency: 'EUR', amountMinor: 10_00 }),
    );
    expect(again.status).toBe(200);
    expect(((await again.json()) as TransferAnswer).status).toBe('exists');
    const before = await ledgerSnapshot();
    const changed = await send(
      '/top-ups',
      JSON.stringify({ clientId: 'r-top-up-1', accountId: walletId, currency: 'EUR', amountMinor: 11_00 }),
    );
    expect((await expectProblem(changed, 409)).type).toMatch(/exists-with-different-amount$/);
    expect(await ledgerSnapshot()).toEqual(before);
    const account = await exports.default.fetch(`http://worker/v1/sandbox/accounts/${walletId}`);
    expect(await account.json()).toMatchObject({
      kind: 'wallet',
      owner: 'r-alice',
      balances: { postedMinor: 10_00, availableMinor: 10_00 },
    });
  });

  const badBodies: Array<[string, string, number, string?]> = [
    ['malformed JSON', '{"clientId": "x", ', 400],
    ['a JSON array', '[]', 400],
    [
      'an amount as a string',
      JSON.stringify({ clientId: 'r-2', owner: 'r-bob', currency: 'EUR', amountMinor: '500' }),
      400,
      'amountMinor',
    ],
    [
      'a fractional amount',
      JSON.stringify({ clientId: 'r-2', owner: 'r-bob', currency: 'EUR', amountMinor: 5.5 }),
      400,
      'amountMinor',
    ],
    [
      'a negative amount',
      JSON.stringify({ clientId: 'r-2', owner: 'r-bob', currency: 'EUR', amountMinor: -5 }),
      400,
      'amountMinor',
    ],
    [
      'an amount beyond safe integers',
      `{"clientId":"r-2","owner":"r-bob","currency":"EUR","amountMinor":9007199254740993}`,
      400,
      'amountMinor',
    ],
    [
      'a lowercase currency',
      JSON.stringify({ clientId: 'r-2', owner: 'r-bob', currency: 'eur', amountMinor: 5 }),
      400,
      'currency',
    ],
    [
      'an unknown field',
      JSON.stringify({ clientId: 'r-2', owner: 'r-bob', currency: 'EUR', amountMinor: 5, admin: true }),
      400,
    ],
    [
      'both owner and accountId',
      JSON.stringify({ clientId: 'r-2', owner: 'r-bob', accountId: 'acc_x', currency: 'EUR', amountMinor: 5 }),
      400,
      'owner',
    ],
    ['no clientId', JSON.stringify({ owner: 'r-bob', currency: 'EUR', amountMinor: 5 }), 400, 'clientId'],
    [
      'an unknown wallet',
      JSON.stringify({ clientId: 'r-2', accountId: 'acc_nobody', currency: 'EUR', amountMinor: 5 }),
      422,
    ],
  ];
  for (const [name, body, status, field] of badBodies) {
    it(`refuses ${name} with ${status} and changes nothing`, async () => {
      const before = await ledgerSnapshot();
      const problem = await expectProblem(await send('/top-ups', body), status);
      if (field) expect(problem.errors?.map((error) => error.path)).toContain(field);
      expect(await ledgerSnapshot()).toEqual(before);
    });
  }

  it('refuses an oversize body with 413 and a non-JSON body with 415, changing nothing', async () => {
    const before = await ledgerSnapshot();
    const huge = JSON.stringify({
      clientId: 'r-3',
      owner: 'x'.repeat(BODY_SIZE_MAX_BYTES),
      currency: 'EUR',
      amountMinor: 1,
    });
    await expectProblem(await send('/top-ups', huge), 413);
    await expectProblem(await send('/top-ups', 'clientId=r-3', 'application/x-www-form-urlencoded'), 415);
    expect(await ledgerSnapshot()).toEqual(before);
  });
});

describe('POST /v1/sandbox/transfers', () => {
  it('moves money between wallets and refuses an overdraft with 422, changing nothing', async () => {
    const bobRes = await send('/accounts', JSON.stringify({ kind: 'wallet', owner: 'r-bob', currency: 'EUR' }));
    expect(bobRes.status).toBe(200);
    const bob = (await bobRes.json()) as { id: string };
    const pay = { flags: 'plain', id: 'r-pay-1', debitAccountId: walletId, creditAccountId: bob.id, currency: 'EUR' };
    expect((await send('/transfers', JSON.stringify({ ...pay, amountMinor: 3_00 }))).status).toBe(201);
    const before = await ledgerSnapshot();
    const overdraft = await send('/transfers', JSON.stringify({ ...pay, id: 'r-pay-2', amountMinor: 7_01 }));
    expect((await expectProblem(overdraft, 422)).type).toMatch(/exceeds-credits$/);
    const unknownFlag = await send(
      '/transfers',
      JSON.stringify({ ...pay, id: 'r-pay-3', flags: 'linked', amountMinor: 1 }),
    );
    await expectProblem(unknownFlag, 400);
    const timeoutOnPlain = await send(
      '/transfers',
      JSON.stringify({ ...pay, id: 'r-pay-4', amountMinor: 1, timeoutS: 5 }),
    );
    await expectProblem(timeoutOnPlain, 400);
    expect(await ledgerSnapshot()).toEqual(before);
  });

  it('answers an unknown or malformed account id with 404 or 400', async () => {
    await expectProblem(await exports.default.fetch('http://worker/v1/sandbox/accounts/acc_nobody'), 404);
    await expectProblem(await exports.default.fetch('http://worker/v1/sandbox/accounts/not-an-account'), 400);
  });
});

describe('outside the sandbox', () => {
  it('serves none of these routes when X is live', async () => {
    const live = { ...env, X_MODE: 'live' as const };
    const before = await ledgerSnapshot();
    const topUp = await app.request(
      '/v1/sandbox/top-ups',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ clientId: 'r-live', owner: 'r-carol', currency: 'EUR', amountMinor: 1 }),
      },
      live,
    );
    await expectProblem(topUp, 404);
    await expectProblem(await app.request(`/v1/sandbox/accounts/${walletId}`, {}, live), 404);
    expect(await ledgerSnapshot()).toEqual(before);
  });
});
