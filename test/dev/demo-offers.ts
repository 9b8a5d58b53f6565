import type { CreateMerchantResponse, MerchantOfferListResponse } from '../../shared/contract/offers';
import { sameHashtag } from '../../shared/hashtag';

/**
 * Seeds two merchants and their offers for `npm start`, through the worker's sandbox merchant
 * route and merchant API (the paths a merchant uses): a grocery store in EUR and an electronics
 * store in USD, each with an X account on the sandbox that tweets its offer. Safe at every start:
 * the merchant gets a new API key, and an offer whose hashtag the merchant still runs is left as is
 * (its offer tweet is posted only when the offer is created).
 */

const DAY_MS = 24 * 60 * 60 * 1000;

export const DEMO_OFFERS = [
  {
    merchant: {
      name: 'Primeur Épicerie',
      xUsername: 'primeur',
      xName: 'Primeur Épicerie',
      merchantIds: ['primeur-paris-11'],
    },
    offer: {
      hashtag: 'HashpayPrimeur',
      title: 'Spend 50 €, get 10 € back on your groceries',
      terms: { minimumSpendMinor: 50_00, creditMinor: 10_00, currency: 'EUR' },
      budgetCredits: 500,
    },
    tweet: 'Fresh from the market 🥕 Spend 50 €, get 10 € back: tweet #HashpayPrimeur to add the offer to your card.',
  },
  {
    merchant: {
      name: 'Volt Electronics',
      xUsername: 'voltstore',
      xName: 'Volt Electronics',
      merchantIds: ['volt-nyc-5th', 'volt-online'],
    },
    offer: {
      hashtag: 'HashpayVolt',
      title: 'Spend $75, get $20 back',
      terms: { minimumSpendMinor: 75_00, creditMinor: 20_00, currency: 'USD' },
      budgetCredits: 200,
    },
    tweet: 'Headphones, chargers, everything ⚡ Spend $75, get $20 back: tweet #HashpayVolt to claim the offer.',
  },
] as const;

const ENROL_WINDOW_MS = 60 * DAY_MS;
const SPEND_WINDOW_MS = 90 * DAY_MS;

async function call(url: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(url, init);
  if (!response.ok)
    throw new Error(`${init.method ?? 'GET'} ${url} failed: ${response.status} ${await response.text()}`);
  return response;
}

function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return call(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

export async function seedDemoOffers(workerOrigin: string, sandboxOrigin: string, nowMs = Date.now()): Promise<void> {
  for (const demo of DEMO_OFFERS) {
    await postJson(`${sandboxOrigin}/__sandbox/users`, {
      username: demo.merchant.xUsername,
      name: demo.merchant.xName,
    });
    const made = (await (
      await postJson(`${workerOrigin}/v1/sandbox/merchants`, {
        name: demo.merchant.name,
        xUsername: demo.merchant.xUsername,
        merchantIds: demo.merchant.merchantIds,
      })
    ).json()) as CreateMerchantResponse;
    const auth = { authorization: `Bearer ${made.apiKey}` };

    const { offers } = (await (
      await call(`${workerOrigin}/v1/merchant/offers`, { headers: auth })
    ).json()) as MerchantOfferListResponse;
    const running = offers.some((offer) => sameHashtag(offer.hashtag, demo.offer.hashtag) && offer.status !== 'ended');
    if (running) continue;

    await postJson(
      `${workerOrigin}/v1/merchant/offers`,
      {
        ...demo.offer,
        requestId: `demo-${demo.offer.hashtag}-${nowMs}`,
        enrolBy: new Date(nowMs + ENROL_WINDOW_MS).toISOString(),
        spendBy: new Date(nowMs + SPEND_WINDOW_MS).toISOString(),
        merchantIds: demo.merchant.merchantIds,
      },
      auth,
    );
    await postJson(`${sandboxOrigin}/__sandbox/tweets`, { authorUsername: demo.merchant.xUsername, text: demo.tweet });
  }
}
