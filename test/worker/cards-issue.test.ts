import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { type Card, CardListResponseSchema, CardResponseSchema } from '../../shared/contract/cards';
import { creditSettlementDelayS } from '../../worker/credits/config';
import { bearer, linkUser, sandboxControl, uniqueHandle, workerFetch } from './support/link-user';

/**
 * Cards: issued by the (sandbox) card network through its API, which the worker reaches like a
 * real network; one per user; the card number never reaches the worker, only the token (kept
 * inside) and the last four digits (shown).
 */

function issue(headers: Record<string, string>): Promise<Response> {
  return workerFetch('/v1/cards', { method: 'POST', headers });
}

describe('POST /v1/cards', () => {
  it('issues the user’s card from the network once, then answers the same card', async () => {
    const linked = await linkUser(uniqueHandle('card'));
    const headers = bearer(linked.sessionToken);
    const first = await issue(headers);
    expect(first.status).toBe(201);
    const { card } = CardResponseSchema.parse(await first.json());
    const again = await issue(headers);
    expect(again.status).toBe(200);
    expect(CardResponseSchema.parse(await again.json()).card).toEqual(card);

    const network = await (await sandboxControl(`/cards/users/${linked.user.id}`, { method: 'GET' })).json<{
      token: string;
      last4: string;
    }>();
    expect(card.last4).toBe(network.last4);
    const row = await env.DB.prepare('SELECT * FROM cards WHERE user_id = ?').bind(linked.user.id).first();
    expect(row).toMatchObject({ network_token: network.token, last4: network.last4 });
    // Only the last four digits and Hashpay's own id leave the worker.
    expect(Object.keys(card).sort()).toEqual(['createdAt', 'id', 'last4']);
    expect(JSON.stringify(card)).not.toContain(network.token);

    const listed = await workerFetch('/v1/cards', { headers });
    expect(CardListResponseSchema.parse(await listed.json()).cards).toEqual([card]);
  });

  it('issues one card when asked several times at once', async () => {
    const linked = await linkUser(uniqueHandle('race'));
    const headers = bearer(linked.sessionToken);
    const answers = await Promise.all([issue(headers), issue(headers), issue(headers)]);
    const cards: Card[] = [];
    for (const answer of answers) {
      expect([200, 201]).toContain(answer.status);
      cards.push(CardResponseSchema.parse(await answer.json()).card);
    }
    expect(new Set(cards.map((card) => card.id)).size).toBe(1);
    const { results } = await env.DB.prepare('SELECT id FROM cards WHERE user_id = ?').bind(linked.user.id).all();
    expect(results).toHaveLength(1);
  });

  it('needs a session; lists no card before one is issued', async () => {
    const anonymous = await issue({});
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toBe('application/problem+json');
    const linked = await linkUser(uniqueHandle('none'));
    const listed = await workerFetch('/v1/cards', { headers: bearer(linked.sessionToken) });
    expect(await listed.json()).toEqual({ cards: [] });
  });
});

describe('GET /v1/credits', () => {
  it('needs a session and lists nothing for a user without credits', async () => {
    expect((await workerFetch('/v1/credits')).status).toBe(401);
    const linked = await linkUser(uniqueHandle('nocred'));
    const res = await workerFetch('/v1/credits', { headers: bearer(linked.sessionToken) });
    expect(await res.json()).toEqual({ credits: [] });
  });
});

describe('CREDIT_SETTLEMENT_DELAY_S', () => {
  it('defaults to three days and refuses values that are not whole seconds within 90 days', () => {
    expect(creditSettlementDelayS({ CREDIT_SETTLEMENT_DELAY_S: '' })).toBe(259_200);
    expect(creditSettlementDelayS({})).toBe(259_200);
    expect(creditSettlementDelayS({ CREDIT_SETTLEMENT_DELAY_S: '0' })).toBe(0);
    expect(creditSettlementDelayS({ CREDIT_SETTLEMENT_DELAY_S: '3600' })).toBe(3600);
    for (const bad of ['-1', '1.5', 'three days', String(91 * 24 * 3600)]) {
      expect(() => creditSettlementDelayS({ CREDIT_SETTLEMENT_DELAY_S: bad })).toThrow(/CREDIT_SETTLEMENT_DELAY_S/);
    }
  });
});
