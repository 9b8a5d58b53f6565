import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { DemoUserResponseSchema } from '../../shared/contract/sandbox';
import { createSandboxUser, postJson, uniqueHandle, workerFetch } from './support/link-user';

async function walletRows(): Promise<number> {
  const row = await env.DB.prepare("SELECT count(*) AS n FROM ledger_accounts WHERE kind = 'wallet'").first<{
    n: number;
  }>();
  return row?.n ?? -1;
}

describe('POST /v1/sandbox/demo-users', () => {
  it('makes a sandbox X user a Hashpay user with its top-ups, once however often it is called', async () => {
    const handle = uniqueHandle('demo');
    const xUser = await createSandboxUser(handle, 'Demo Person');
    const body = {
      username: handle,
      topUps: [
        { currency: 'EUR', amountMinor: 100_00 },
        { currency: 'JPY', amountMinor: 5000 },
      ],
    };
    const first = DemoUserResponseSchema.parse(await (await postJson('/v1/sandbox/demo-users', body)).json());
    expect(first.user.xUserId).toBe(xUser.id);
    expect(first.user.username).toBe(handle);
    expect(first.wallets.map((wallet) => [wallet.currency, wallet.availableMinor])).toEqual([
      ['EUR', 100_00],
      ['JPY', 5000],
    ]);

    const again = DemoUserResponseSchema.parse(await (await postJson('/v1/sandbox/demo-users', body)).json());
    expect(again.user.id).toBe(first.user.id);
    expect(again.wallets).toEqual(first.wallets);
  });

  it('refuses an unknown X user, bad bodies and unknown fields, changing nothing', async () => {
    const before = await walletRows();
    const unknown = await postJson('/v1/sandbox/demo-users', { username: uniqueHandle('ghost'), topUps: [] });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');

    const bad = [
      { username: 'not a handle', topUps: [] },
      { username: 'alice', topUps: [{ currency: 'EUR', amountMinor: 1.5 }] },
      { username: 'alice', topUps: [{ currency: 'XXX', amountMinor: 100 }] },
      {
        username: 'alice',
        topUps: [
          { currency: 'EUR', amountMinor: 1 },
          { currency: 'EUR', amountMinor: 2 },
        ],
      },
      { username: 'alice', topUps: [], extra: true },
    ];
    for (const body of bad) {
      const response = await postJson('/v1/sandbox/demo-users', body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
    }
    const malformed = await workerFetch('/v1/sandbox/demo-users', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"username":',
    });
    expect(malformed.status).toBe(400);
    expect(await walletRows()).toBe(before);
  });
});
