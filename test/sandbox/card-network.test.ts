import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type CardDelivery, SandboxCardNetwork } from './card-network.js';
import { createSandbox } from './index.js';

const SECRET = 'sandbox-card-webhook-secret';

/** The signature a receiver expects, computed here from the written rule rather than by the network's code. */
function expectedSignature(delivery: CardDelivery): string {
  const header = delivery.headers['x-card-signature']!;
  const timestamp = /^t=(\d+),/.exec(header)?.[1];
  expect(timestamp).toBeDefined();
  const hex = createHmac('sha256', SECRET).update(`${timestamp}.${delivery.body}`).digest('hex');
  return `t=${timestamp},v1=${hex}`;
}

function collectingNetwork(options: { statuses?: number[]; retryDelaysMs?: number[] } = {}) {
  const received: CardDelivery[] = [];
  const statuses = [...(options.statuses ?? [])];
  const network = new SandboxCardNetwork({ retryDelaysMs: options.retryDelaysMs ?? [0, 0, 0] });
  network.setWebhook({
    deliver: async (delivery) => {
      received.push(delivery);
      return statuses.shift() ?? 200;
    },
  });
  return { network, received };
}

describe('sandbox card network: cards', () => {
  it('issues one card per user reference, and only its token and last four digits leave the network', () => {
    const network = new SandboxCardNetwork();
    const card = network.issueCard({ userRef: 'usr_alice' });
    expect(card.last4).toMatch(/^\d{4}$/);
    expect(card.token).toMatch(/^tok_/);
    expect(Object.keys(card).sort()).toEqual(['last4', 'token', 'userRef']);
    expect(network.issueCard({ userRef: 'usr_alice' })).toEqual(card);
    expect(network.issueCard({ userRef: 'usr_bob' }).token).not.toBe(card.token);
    expect(network.stats().cards).toBe(2);
  });

  it('answers the API on api.cards.sandbox: 201 for a new card, 200 with the same card afterwards', async () => {
    const sandbox = createSandbox();
    const ask = () =>
      sandbox.fetch(
        new Request('https://api.cards.sandbox/v1/cards', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ userRef: 'usr_carol' }),
        }),
      );
    const first = await ask();
    const second = await ask();
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    const card = await first.json();
    expect(await second.json()).toEqual(card);
    expect(sandbox.cards.cardOfUser('usr_carol')?.token).toBe(card.token);
    const missing = await sandbox.fetch(
      new Request('https://api.cards.sandbox/v1/cards', { method: 'POST', body: '{}' }),
    );
    expect(missing.status).toBe(400);
  });
});

describe('sandbox card network: purchases, refunds and their webhooks', () => {
  it('delivers each purchase and refund signed over "<t>.<body>", with unique event ids', async () => {
    const { network, received } = collectingNetwork();
    const card = network.issueCard({ userRef: 'usr_dan' });
    const { purchase } = network.purchase({
      cardToken: card.token,
      merchantId: 'acq-1',
      amountMinor: 7500,
      currency: 'USD',
    });
    network.refund({ purchaseId: purchase.purchaseId, amountMinor: 2500 });
    await network.flush();

    expect(received).toHaveLength(2);
    for (const delivery of received) expect(delivery.headers['x-card-signature']).toBe(expectedSignature(delivery));
    const [purchaseEvent, refundEvent] = received.map((delivery) => JSON.parse(delivery.body));
    expect(purchaseEvent.id).not.toBe(refundEvent.id);
    expect(purchaseEvent).toMatchObject({
      type: 'purchase',
      data: {
        purchaseId: purchase.purchaseId,
        cardToken: card.token,
        merchantId: 'acq-1',
        amountMinor: 7500,
        currency: 'USD',
      },
    });
    expect(refundEvent).toMatchObject({
      type: 'refund',
      data: { purchaseId: purchase.purchaseId, amountMinor: 2500, currency: 'USD', merchantId: 'acq-1' },
    });
    expect(network.stats()).toMatchObject({ purchases: 1, refunds: 1, delivered: 2, failed: 0 });
  });

  it('refuses refunds beyond what is left of the purchase, and purchases on unknown cards or with bad amounts', () => {
    const network = new SandboxCardNetwork();
    const card = network.issueCard({ userRef: 'usr_erin' });
    const { purchase } = network.purchase({
      cardToken: card.token,
      merchantId: 'acq-1',
      amountMinor: 1000,
      currency: 'EUR',
    });
    network.refund({ purchaseId: purchase.purchaseId, amountMinor: 600 });
    expect(() => network.refund({ purchaseId: purchase.purchaseId, amountMinor: 401 })).toThrow(/from 1 to 400/);
    network.refund({ purchaseId: purchase.purchaseId, amountMinor: 400 });
    expect(() => network.refund({ purchaseId: purchase.purchaseId, amountMinor: 1 })).toThrow(/fully refunded/);
    expect(() => network.purchase({ cardToken: 'tok_nope', merchantId: 'a', amountMinor: 1, currency: 'EUR' })).toThrow(
      /no card/,
    );
    for (const amountMinor of [0, -5, 1.5, Number.NaN]) {
      expect(() => network.purchase({ cardToken: card.token, merchantId: 'a', amountMinor, currency: 'EUR' })).toThrow(
        /amountMinor/,
      );
    }
    expect(() => network.purchase({ cardToken: card.token, merchantId: 'a', amountMinor: 1, currency: 'eur' })).toThrow(
      /currency/,
    );
  });

  it('retries a failed delivery with the same event id, and gives up after the last retry', async () => {
    const { network, received } = collectingNetwork({ statuses: [503, 500, 200] });
    const card = network.issueCard({ userRef: 'usr_finn' });
    network.purchase({ cardToken: card.token, merchantId: 'acq-2', amountMinor: 100, currency: 'EUR' });
    await network.flush();
    expect(received.map((delivery) => delivery.eventId)).toEqual(Array(3).fill(received[0]!.eventId));
    expect(network.stats()).toMatchObject({ delivered: 1, retried: 2, failed: 0 });

    const failing = collectingNetwork({ statuses: [500, 500, 500], retryDelaysMs: [0, 0] });
    const other = failing.network.issueCard({ userRef: 'usr_gia' });
    failing.network.purchase({ cardToken: other.token, merchantId: 'acq-2', amountMinor: 100, currency: 'EUR' });
    await failing.network.flush();
    expect(failing.received).toHaveLength(3);
    expect(failing.network.stats()).toMatchObject({ delivered: 0, retried: 2, failed: 1 });
  });

  it('sends every delivery twice, or holds them and releases them in reverse order, when asked', async () => {
    const received: CardDelivery[] = [];
    const record = async (delivery: CardDelivery) => {
      received.push(delivery);
      return 200;
    };
    const network = new SandboxCardNetwork({ retryDelaysMs: [] });
    network.setWebhook({ deliver: record, deliverTwice: true });
    const card = network.issueCard({ userRef: 'usr_hal' });
    network.purchase({ cardToken: card.token, merchantId: 'acq-3', amountMinor: 100, currency: 'EUR' });
    await network.flush();
    expect(received).toHaveLength(2);
    expect(received[0]!.body).toBe(received[1]!.body);

    received.length = 0;
    network.setWebhook({ deliver: record, hold: true });
    const { purchase } = network.purchase({
      cardToken: card.token,
      merchantId: 'acq-3',
      amountMinor: 100,
      currency: 'EUR',
    });
    network.refund({ purchaseId: purchase.purchaseId, amountMinor: 100 });
    await network.flush();
    expect(received).toHaveLength(0);
    expect(network.stats().held).toBe(2);
    expect(network.releaseHeld('reverse')).toBe(2);
    await network.flush();
    expect(received.map((delivery) => JSON.parse(delivery.body).type)).toEqual(['refund', 'purchase']);
  });

  it('re-signs an event at a chosen time, for stale-signature tests', () => {
    const network = new SandboxCardNetwork();
    const card = network.issueCard({ userRef: 'usr_ivy' });
    const { delivery } = network.purchase({
      cardToken: card.token,
      merchantId: 'acq-4',
      amountMinor: 5,
      currency: 'EUR',
    });
    const old = network.deliveryOf(delivery.eventId, 1_000_000);
    expect(old.body).toBe(delivery.body);
    expect(old.headers['x-card-signature']).toMatch(/^t=1000,v1=[0-9a-f]{64}$/);
    expect(old.headers['x-card-signature']).toBe(expectedSignature(old));
  });
});

describe('sandbox card network: control API', () => {
  it('makes purchases and refunds through /__sandbox/cards and answers their signed delivery', async () => {
    const sandbox = createSandbox();
    const post = (path: string, body: unknown) =>
      sandbox.fetch(
        new Request(`https://api.x.com/__sandbox/cards${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }),
      );
    const card = await (await post('', { userRef: 'usr_jo' })).json();
    const bought = await post('/purchases', {
      cardToken: card.token,
      merchantId: 'acq-5',
      amountMinor: 4200,
      currency: 'EUR',
    });
    expect(bought.status).toBe(201);
    const { purchase, delivery } = await bought.json();
    expect(delivery.headers['x-card-signature']).toBe(expectedSignature(delivery));
    const refunded = await post('/refunds', { purchaseId: purchase.purchaseId, amountMinor: 99_999 });
    expect(refunded.status).toBe(400);
    expect(refunded.headers.get('content-type')).toBe('application/problem+json');
    const lookup = await sandbox.fetch(new Request('https://api.x.com/__sandbox/cards/users/usr_jo'));
    expect((await lookup.json()).token).toBe(card.token);
  });
});
