import { type PaymentIntent, PaymentIntentSchema } from '../../../shared/contract/payments';
import { generateReferenceCode } from '../../../shared/reference-code';

/**
 * A stand-in for the worker's HTTP API, as a `fetch` function, for the background's unit tests:
 * it answers the contract's shapes from in-memory state and records every request it got. The
 * real worker is exercised in the worker tests and the Chromium end-to-end tests.
 */

export const TOKEN = `hps_${'T'.repeat(43)}`;
export const LINK_ID = `lnk_${'L'.repeat(22)}`;
export const ALICE = { id: 'usr_alice', xUserId: '1001', username: 'alice', name: 'Alice A.', profileImageUrl: null };
export const BOB = { xUserId: '1002', username: 'bob', name: 'Bob B.' };

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | null;
  body: unknown;
}

/** A valid reference code, check character included. */
export const CODE = generateReferenceCode(new Uint8Array([1, 2, 3, 4, 5, 6, 7]));

/** An intent as the worker answers it; checked against the contract so a test never feeds a shape the worker cannot send. */
export function makeIntent(overrides: Partial<PaymentIntent> = {}): PaymentIntent {
  return PaymentIntentSchema.parse({
    id: `pi_${'a'.repeat(22)}`,
    code: CODE,
    status: 'awaiting_tweet',
    source: 'drafted',
    purpose: 'payment',
    pot: null,
    publicMention: false,
    pledgedAt: null,
    payer: { xUserId: ALICE.xUserId, username: ALICE.username, name: ALICE.name },
    payee: BOB,
    amountMinor: 1250,
    currency: 'EUR',
    memo: 'pizza',
    language: 'en',
    tweetText: `Paying @bob €12.50 for pizza via #Hashpay ${CODE}`,
    inReplyToTweetId: null,
    tweet: null,
    failureReason: null,
    createdAt: '2026-11-25T10:00:00.000Z',
    expiresAt: '2026-11-25T11:00:00.000Z',
    confirmBy: null,
    settledAt: null,
    receiptId: null,
    ...overrides,
  });
}

export interface FakeWorker {
  fetch: typeof fetch;
  requests: RecordedRequest[];
  /** Claims answered 409 link-pending before the one that succeeds. */
  pendingClaims: number;
  awaiting: PaymentIntent[];
  settledTweetIds: Set<string>;
  reportAnswer: (tweetId: string) => { status: number; body: unknown };
  /** Answers every authenticated route with 401 (a revoked session). */
  revoked: boolean;
}

function json(status: number, body: unknown): Response {
  const headers = { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' };
  return new Response(status === 204 ? null : JSON.stringify(body), { status, headers });
}

function problem(status: number, slug: string, detail: string): Response {
  return json(status, { type: `https://hashpay.example/problems/${slug}`, title: slug, status, detail });
}

export function createFakeWorker(): FakeWorker {
  const worker: FakeWorker = {
    requests: [],
    pendingClaims: 0,
    awaiting: [],
    settledTweetIds: new Set(),
    revoked: false,
    reportAnswer: () => ({ status: 200, body: { outcome: 'not-a-payment', intent: null } }),
    fetch: async (input, init) => {
      const url = new URL(String(input));
      const body = init?.body ? JSON.parse(String(init.body)) : undefined;
      const authorization = new Headers(init?.headers).get('authorization');
      worker.requests.push({ method: init?.method ?? 'GET', path: url.pathname + url.search, authorization, body });
      const key = `${init?.method ?? 'GET'} ${url.pathname}`;
      if (key === 'POST /v1/auth/start') {
        return json(200, {
          linkId: LINK_ID,
          authorizeUrl: 'http://127.0.0.1:9/i/oauth2/authorize?state=s',
          expiresAt: '2999-01-01T00:00:00.000Z',
        });
      }
      if (key === 'POST /v1/auth/claim') {
        if (worker.pendingClaims > 0) {
          worker.pendingClaims -= 1;
          return problem(409, 'link-pending', 'Waiting for the user to authorize.');
        }
        return json(200, { sessionToken: TOKEN, user: ALICE, expiresAt: '2999-01-01T00:00:00.000Z' });
      }
      if (key === 'GET /v1/tweets/status') {
        const ids = (url.searchParams.get('ids') ?? '').split(',');
        return json(200, {
          settledTweetIds: ids.filter((id) => worker.settledTweetIds.has(id)),
          editedAfterPayment: [],
        });
      }
      if (authorization !== `Bearer ${TOKEN}` || worker.revoked) return problem(401, 'unauthorized', 'Sign in again.');
      if (key === 'GET /v1/me') return json(200, { user: ALICE, session: { expiresAt: '2999-01-01T00:00:00.000Z' } });
      if (key === 'POST /v1/auth/logout') return json(204, null);
      if (key === 'DELETE /v1/me') {
        // Unlink ends every session of the user, as the worker does.
        worker.revoked = true;
        return json(204, null);
      }
      if (key === 'POST /v1/payment-intents') {
        return json(201, { intent: makeIntent({ amountMinor: body.amountMinor, currency: body.currency }) });
      }
      if (key === 'GET /v1/payment-intents') return json(200, { intents: worker.awaiting, nextCursor: null });
      if (key === 'POST /v1/tweets/report') {
        const answer = worker.reportAnswer(body.tweetId);
        return json(answer.status, answer.body);
      }
      const intentRoute = /^\/v1\/payment-intents\/(pi_[A-Za-z0-9_-]{22})(\/confirm|\/cancel)?$/.exec(url.pathname);
      if (intentRoute) {
        const [, id, verb] = intentRoute;
        const status = verb === '/confirm' ? 'settled' : verb === '/cancel' ? 'cancelled' : 'awaiting_confirmation';
        const tweet = { rootId: '1900', id: '1901', text: 'Paying @bob', url: 'https://x.com/alice/status/1901' };
        return json(200, { intent: makeIntent({ id, status, tweet }) });
      }
      return problem(404, 'not-found', `no route ${key}`);
    },
  };
  return worker;
}
