import { env, exports } from 'cloudflare:workers';
import { expect, it } from 'vitest';
import type { TransferAnswer, TransferRequest } from '../../shared/contract/ledger';
import { currencyTotals } from '../../worker/ledger';

/** Bounded by its request count, not by time: half a minute on a two-core machine running two suites at once, more when busier. */
const PROPERTY_TIMEOUT_MS = 600_000;

/**
 * Hundreds of requests at once through the worker, all on the same few wallets, with replays of
 * the same ids and races between a post and a void of the same pending transfer. Whatever order
 * the runtime interleaves them in, the money must add up: every id applied at most once, each
 * pending transfer resolved once, no wallet below zero, and the balances equal to what the
 * successful answers say happened.
 */

const WALLETS = 4;
const TOP_UP_MINOR = 50_00;
const PLAIN_TRANSFERS = 200;
const REPLAYS = 60;
const PENDINGS = 20;

async function post(path: string, body: unknown): Promise<Response> {
  return exports.default.fetch(
    new Request(`http://worker/v1/sandbox${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
}

/** A small deterministic generator, so a failure replays the same requests. */
function numbers(seed: number) {
  let state = seed >>> 0;
  return (bound: number) => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state % bound;
  };
}

it(
  'keeps every rule under 300 concurrent requests on the same accounts',
  async () => {
    const walletIds: string[] = [];
    for (let i = 0; i < WALLETS; i++) {
      const res = await post('/top-ups', {
        clientId: `c-top-up-${i}`,
        owner: `c-user-${i}`,
        currency: 'EUR',
        amountMinor: TOP_UP_MINOR,
      });
      expect(res.status).toBe(201);
      walletIds.push(((await res.json()) as TransferAnswer).transfer.creditAccountId);
    }
    const balance = new Map(walletIds.map((id) => [id, TOP_UP_MINOR]));
    const reserved = new Map<string, { from: string; to: string; amountMinor: number }>();
    for (let i = 0; i < PENDINGS; i++) {
      const from = walletIds[i % WALLETS]!;
      const to = walletIds[(i + 1) % WALLETS]!;
      const res = await post('/transfers', {
        flags: 'pending',
        id: `c-hold-${i}`,
        debitAccountId: from,
        creditAccountId: to,
        currency: 'EUR',
        amountMinor: 1_00,
        timeoutS: 3_600,
      });
      expect(res.status).toBe(201);
      reserved.set(`c-hold-${i}`, { from, to, amountMinor: 1_00 });
    }

    const next = numbers(20_260_425);
    const requests: TransferRequest[] = [];
    for (let i = 0; i < PLAIN_TRANSFERS; i++) {
      const from = next(WALLETS);
      const to = (from + 1 + next(WALLETS - 1)) % WALLETS;
      requests.push({
        flags: 'plain',
        id: `c-pay-${i}`,
        debitAccountId: walletIds[from]!,
        creditAccountId: walletIds[to]!,
        currency: 'EUR',
        // Large enough that some wallets run dry and some transfers are refused.
        amountMinor: 1 + next(20_00),
      });
    }
    for (let i = 0; i < PENDINGS; i++) {
      requests.push({ flags: 'post_pending', id: `c-hold-${i}-post`, pendingId: `c-hold-${i}`, amountMinor: 60 });
      requests.push({ flags: 'void_pending', id: `c-hold-${i}-void`, pendingId: `c-hold-${i}` });
    }
    for (let i = 0; i < REPLAYS; i++) requests.push(requests[next(PLAIN_TRANSFERS)]!);
    expect(requests.length).toBeGreaterThanOrEqual(300);

    const answers = await Promise.all(
      requests.map(async (request) => {
        const res = await post('/transfers', request);
        return { request, status: res.status, body: (await res.json()) as TransferAnswer & { type?: string } };
      }),
    );

    const createdById = new Map<string, number>();
    for (const { request, status, body } of answers) {
      expect([200, 201, 409, 422], JSON.stringify(body)).toContain(status);
      if (status === 201) createdById.set(request.id, (createdById.get(request.id) ?? 0) + 1);
      if (status === 422) expect(body.type).toMatch(/exceeds-credits$/);
      if (status === 409) expect(body.type).toMatch(/pending-transfer-already-(posted|voided)$/);
    }
    // Each id took effect at most once, and every `exists` answer points at an applied transfer.
    for (const count of createdById.values()) expect(count).toBe(1);
    for (const { request, status } of answers) if (status === 200) expect(createdById.has(request.id)).toBe(true);
    // Each pending transfer was resolved by exactly one of its racing post and void.
    for (const pendingId of reserved.keys()) {
      expect(
        Number(createdById.has(`${pendingId}-post`)) + Number(createdById.has(`${pendingId}-void`)),
        pendingId,
      ).toBe(1);
    }

    // The balances are what the successful answers add up to.
    const seenCreated = new Set<string>();
    for (const { request, status, body } of answers) {
      if (status !== 201 || seenCreated.has(request.id)) continue;
      seenCreated.add(request.id);
      const transfer = body.transfer;
      if (transfer.flags === 'plain' || transfer.flags === 'post_pending') {
        balance.set(transfer.debitAccountId, balance.get(transfer.debitAccountId)! - transfer.amountMinor);
        balance.set(transfer.creditAccountId, balance.get(transfer.creditAccountId)! + transfer.amountMinor);
      }
    }
    const stored = await env.DB.prepare(
      `SELECT id FROM ledger_transfers WHERE id LIKE 'c-pay-%' OR id LIKE 'c-hold-%-%'`,
    ).all<{ id: string }>();
    expect(new Set(stored.results.map((row) => row.id))).toEqual(seenCreated);
    expect(seenCreated.size).toBeGreaterThan(PENDINGS);
    expect(seenCreated.size).toBeLessThan(PLAIN_TRANSFERS + PENDINGS);

    for (const id of walletIds) {
      const res = await exports.default.fetch(`http://worker/v1/sandbox/accounts/${id}`);
      const account = (await res.json()) as {
        balances: { postedMinor: number; pendingDebitsMinor: number; availableMinor: number };
      };
      expect(account.balances.postedMinor, id).toBe(balance.get(id));
      expect(account.balances.pendingDebitsMinor).toBe(0);
      expect(account.balances.availableMinor).toBeGreaterThanOrEqual(0);
    }
    for (const totals of await currencyTotals(env.DB)) {
      expect(totals.postedSumMinor).toBe(0);
      expect(totals.debitsPendingSumMinor).toBe(totals.creditsPendingSumMinor);
    }
  },
  PROPERTY_TIMEOUT_MS,
);
