import { env } from 'cloudflare:workers';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AuthClaimRequestSchema, AuthStartRequestSchema } from '../../shared/contract/identity';
import { EnsureAccountRequestSchema, TopUpRequestSchema, TransferRequestSchema } from '../../shared/contract/ledger';
import { CreateMerchantRequestSchema, CreateOfferRequestSchema } from '../../shared/contract/offers';
import { CreatePaymentIntentRequestSchema, ReportTweetRequestSchema } from '../../shared/contract/payments';
import { CreatePotRequestSchema, RegisterOrganisationRequestSchema } from '../../shared/contract/pots';
import { PROBLEM_CONTENT_TYPE, ProblemSchema } from '../../shared/contract/problem';
import { DemoUserRequestSchema } from '../../shared/contract/sandbox';
import type { Env } from '../../worker/env';
import { app } from '../../worker/index';
import { postJson } from './support/link-user';
import { linkedPerson, newRequestId, sessionOf } from './support/payments';

/**
 * A property-based fuzz of every route of the shared contract: bodies made from each route's
 * contract sample with one field made hostile (NUL and other control characters, 20-digit ids,
 * floats, huge numbers, wrong types, unknown fields), whole bodies of random JSON or of bytes that
 * are not JSON, hostile path parameters and query strings, and every kind of credential. Whatever
 * comes in: no 5xx, every error is problem+json, and a refused request changes nothing in D1.
 *
 * The rate limiters are replaced by ones that always allow (they are tested on their own in
 * rate-limits.test.ts), so that the fuzz reaches every route's own checks.
 *
 * X's own answers are not the input's doing: a 503 `x-unavailable` (the sandbox X slowed down by
 * a busy machine) is counted apart and allowed; any other 5xx fails the property.
 */

const FUZZ_SEED = 20_261_205;
const FUZZ_REQUESTS = 10_000;
/** A busy two-core machine runs the 10,000 requests in a few minutes; this bounds a stuck run only. */
const FUZZ_TIMEOUT_MS = 20 * 60 * 1000;

const OPERATOR_TOKEN = 'fuzz-operator-token-0123456789abcdef';
const allowAll = { limit: async () => ({ success: true }) };
const fuzzEnv = {
  ...env,
  OPERATOR_TOKEN,
  // A sandbox X slowed down by a busy machine answers x-unavailable sooner.
  X_REQUEST_TIMEOUT_MS: '3000',
  RATE_LIMIT_AUTH: allowAll,
  RATE_LIMIT_USER_WRITES: allowAll,
  RATE_LIMIT_IP_WRITES: allowAll,
  RATE_LIMIT_PUBLIC_READS: allowAll,
} as Env;

/** Tables that are not state: what /health counts (X calls, jobs) and the migrations' own. */
const NOT_STATE = new Set(['ops_events', 'd1_migrations', 'sqlite_sequence', '_cf_KV', '_cf_METADATA']);

let tables: string[] = [];

async function d1Fingerprint(): Promise<string> {
  const rows = await env.DB.batch(tables.map((table) => env.DB.prepare(`SELECT * FROM "${table}" ORDER BY 1`)));
  return JSON.stringify(rows.map((result) => result.results));
}

// ----- What comes in -------------------------------------------------------------------------------

const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    '\u0000',
    '\u0000Pot',
    'Pot\u0000title',
    '\u202eevil',
    'a\u200bb',
    '\t',
    ' ',
    '18600000000000000000',
    '99999999999999999999999',
    '0',
    '-1',
    '1e3',
    "' OR 1=1 --",
    '%00',
    '../../etc/passwd',
    'PotАlice',
    '💸',
    'x'.repeat(5_000),
  ),
);

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(0, -1, 0.5, 1e308, -1e308, 2 ** 53, 2 ** 63, Number.MAX_SAFE_INTEGER + 2, null, true, false),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string(), { maxKeys: 3 }),
  fc.json().map((text) => JSON.parse(text) as unknown),
);

const hostileSegment = fc.oneof(
  fc.constantFrom(
    'pi_AAAAAAAAAAAAAAAAAAAAAA',
    'rcp_AAAAAAAAAAAAAAAAAAAAAA',
    'pot_AAAAAAAAAAAAAAAAAAAAAA',
    'of_AAAAAAAAAAAAAAAAAAAAAA',
    'acc_nobody',
    'PotAlice',
    '18600000000000000000',
    '1',
    '%00',
    '%E2%80%AE',
    '%ZZ',
    '..',
    'x'.repeat(300),
  ),
  fc.string({ minLength: 1, maxLength: 30 }).map(encodeURIComponent),
);

interface RouteSpec {
  method: 'GET' | 'POST' | 'DELETE';
  /** `:param` segments are filled with hostile segments. */
  path: string;
  /** A body the route's contract accepts (checked below), mutated by the fuzz. */
  sample?: () => Record<string, unknown>;
  schema?: z.core.$ZodType;
  /** Query parameters the route reads, filled with hostile values. */
  query?: string[];
  /** A page people see in a tab (the OAuth callback): its errors are HTML pages, not problem+json. */
  page?: true;
}

const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

const ROUTES: RouteSpec[] = [
  { method: 'GET', path: '/health' },
  {
    method: 'POST',
    path: '/v1/auth/start',
    schema: AuthStartRequestSchema,
    sample: () => ({ claimSecretHash: 'a'.repeat(64) }),
  },
  { method: 'GET', path: '/v1/auth/callback', query: ['state', 'code', 'error'], page: true },
  {
    method: 'POST',
    path: '/v1/auth/claim',
    schema: AuthClaimRequestSchema,
    sample: () => ({ linkId: 'lnk_AAAAAAAAAAAAAAAAAAAAAA', claimSecret: 'c'.repeat(30) }),
  },
  { method: 'POST', path: '/v1/auth/logout' },
  { method: 'GET', path: '/v1/me' },
  { method: 'GET', path: '/v1/me/limits' },
  { method: 'GET', path: '/v1/people/:handle' },
  { method: 'GET', path: '/v1/receipts/keys' },
  { method: 'GET', path: '/v1/receipts/:id' },
  {
    method: 'POST',
    path: '/v1/payment-intents',
    schema: CreatePaymentIntentRequestSchema,
    sample: () => ({
      requestId: newRequestId(),
      payeeHandle: 'fuzzpayee',
      amountMinor: 500,
      currency: 'EUR',
      memo: 'pizza',
      language: 'en',
    }),
  },
  { method: 'GET', path: '/v1/payment-intents', query: ['status', 'limit'] },
  { method: 'GET', path: '/v1/payment-intents/:id' },
  { method: 'POST', path: '/v1/payment-intents/:id/confirm' },
  { method: 'POST', path: '/v1/payment-intents/:id/cancel' },
  {
    method: 'POST',
    path: '/v1/pots',
    schema: CreatePotRequestSchema,
    sample: () => ({ requestId: newRequestId(), kind: 'pot', hashtag: 'PotFuzz', title: 'A pot', currency: 'EUR' }),
  },
  { method: 'GET', path: '/v1/pots' },
  { method: 'GET', path: '/v1/pots/:ref' },
  { method: 'GET', path: '/v1/pots/:ref/contributions', query: ['limit', 'before'] },
  { method: 'POST', path: '/v1/pots/:ref/close' },
  { method: 'GET', path: '/v1/history', query: ['role', 'limit', 'before'] },
  { method: 'GET', path: '/v1/balances', query: ['currency'] },
  {
    method: 'POST',
    path: '/v1/tweets/report',
    schema: ReportTweetRequestSchema,
    sample: () => ({ tweetId: '1860000000000000001' }),
  },
  { method: 'GET', path: '/v1/tweets/status', query: ['ids'] },
  { method: 'GET', path: '/v1/offers' },
  { method: 'GET', path: '/v1/offers/claims' },
  {
    method: 'POST',
    path: '/v1/merchant/offers',
    schema: CreateOfferRequestSchema,
    sample: () => ({
      requestId: newRequestId(),
      hashtag: 'HashpayFuzz',
      title: 'Spend 20, get 5',
      terms: { minimumSpendMinor: 2_000, creditMinor: 500, currency: 'EUR' },
      enrolBy: future(5),
      spendBy: future(10),
      budgetCredits: 10,
      merchantIds: ['fuzz-shop'],
    }),
  },
  { method: 'GET', path: '/v1/merchant/offers' },
  { method: 'GET', path: '/v1/merchant/offers/:id' },
  { method: 'POST', path: '/v1/merchant/offers/:id/pause' },
  { method: 'POST', path: '/v1/merchant/offers/:id/resume' },
  {
    method: 'POST',
    path: '/v1/operator/merchants',
    schema: CreateMerchantRequestSchema,
    sample: () => ({ name: 'Fuzz shop', merchantIds: ['fuzz-shop-2'] }),
  },
  {
    method: 'POST',
    path: '/v1/operator/organisations',
    schema: RegisterOrganisationRequestSchema,
    sample: () => ({ handle: 'fuzzcharity', kind: 'charity', displayName: 'Fuzz charity' }),
  },
  { method: 'DELETE', path: '/v1/operator/organisations/:xUserId' },
  { method: 'GET', path: '/v1/organisations' },
  { method: 'POST', path: '/webhooks/x' },
  { method: 'GET', path: '/webhooks/x', query: ['crc_token'] },
  { method: 'POST', path: '/v1/cards' },
  { method: 'GET', path: '/v1/cards' },
  { method: 'GET', path: '/v1/credits' },
  { method: 'POST', path: '/webhooks/card-network' },
  {
    method: 'POST',
    path: '/v1/sandbox/top-ups',
    schema: TopUpRequestSchema,
    sample: () => ({ clientId: newRequestId(), owner: 'fuzz-owner', currency: 'EUR', amountMinor: 100 }),
  },
  {
    method: 'POST',
    path: '/v1/sandbox/accounts',
    schema: EnsureAccountRequestSchema,
    sample: () => ({ kind: 'wallet', owner: 'fuzz-owner', currency: 'EUR' }),
  },
  { method: 'GET', path: '/v1/sandbox/accounts/:id' },
  {
    method: 'POST',
    path: '/v1/sandbox/transfers',
    schema: TransferRequestSchema,
    sample: () => ({
      flags: 'plain',
      id: newRequestId(),
      debitAccountId: 'acc_a',
      creditAccountId: 'acc_b',
      currency: 'EUR',
      amountMinor: 1,
    }),
  },
  {
    method: 'POST',
    path: '/v1/sandbox/demo-users',
    schema: DemoUserRequestSchema,
    sample: () => ({ username: 'fuzzdemo', topUps: [] }),
  },
  { method: 'POST', path: '/v1/nowhere' },
];

type BodyKind =
  | { kind: 'sample' }
  | { kind: 'field'; key: string; value: unknown }
  | { kind: 'drop'; key: string }
  | { kind: 'unknown-field'; value: unknown }
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; text: string }
  | { kind: 'none' };

const bodyKind: fc.Arbitrary<BodyKind> = fc.oneof(
  { weight: 1, arbitrary: fc.constant<BodyKind>({ kind: 'sample' }) },
  {
    weight: 6,
    arbitrary: fc
      .record({ kind: fc.constant('field' as const), key: fc.nat(), value: hostileValue })
      .map((v) => ({ ...v, key: String(v.key) }) as BodyKind),
  },
  { weight: 1, arbitrary: fc.nat().map((key) => ({ kind: 'drop', key: String(key) }) as BodyKind) },
  { weight: 1, arbitrary: hostileValue.map((value) => ({ kind: 'unknown-field', value }) as BodyKind) },
  { weight: 2, arbitrary: hostileValue.map((value) => ({ kind: 'json', value }) as BodyKind) },
  {
    weight: 1,
    arbitrary: fc
      .oneof(fc.string(), fc.constantFrom('{', '{"a":', '\u0000', '[1,2', 'null', '{"__proto__":{"x":1}}'))
      .map((text) => ({ kind: 'text', text }) as BodyKind),
  },
  { weight: 1, arbitrary: fc.constant<BodyKind>({ kind: 'none' }) },
);

type Credential = 'none' | 'session' | 'merchant' | 'operator' | 'garbage';

const requestArbitrary = fc.record({
  route: fc.nat({ max: ROUTES.length - 1 }),
  segments: fc.array(hostileSegment, { minLength: 2, maxLength: 2 }),
  body: bodyKind,
  query: fc.dictionary(
    fc.constantFrom('status', 'limit', 'before', 'role', 'currency', 'ids', 'crc_token', 'state', 'code', 'error', 'x'),
    hostileString,
    { maxKeys: 3 },
  ),
  credential: fc.constantFrom<Credential>('none', 'session', 'session', 'merchant', 'operator', 'garbage'),
  contentType: fc.constantFrom(
    'application/json',
    'application/json',
    'application/json; charset=utf-8',
    'text/plain',
    '',
  ),
});

function bodyOf(route: RouteSpec, body: BodyKind): string | null {
  const sample = route.sample?.() ?? {};
  const keys = Object.keys(sample);
  switch (body.kind) {
    case 'none':
      return null;
    case 'sample':
      return JSON.stringify(sample);
    case 'field': {
      if (keys.length === 0) return JSON.stringify({ value: body.value });
      return JSON.stringify({ ...sample, [keys[Number(body.key) % keys.length]!]: body.value });
    }
    case 'drop': {
      if (keys.length === 0) return JSON.stringify(sample);
      const { [keys[Number(body.key) % keys.length]!]: _dropped, ...rest } = sample;
      return JSON.stringify(rest);
    }
    case 'unknown-field':
      return JSON.stringify({ ...sample, unexpected: body.value });
    case 'json':
      return JSON.stringify(body.value) ?? 'null';
    case 'text':
      return body.text;
  }
}

describe('every route, whatever comes in', () => {
  const credentials: Record<Credential, Record<string, string>> = {
    none: {},
    session: {},
    merchant: {},
    operator: { authorization: `Bearer ${OPERATOR_TOKEN}` },
    garbage: { authorization: 'Bearer hps_not-a-session' },
  };

  beforeAll(async () => {
    const { results } = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all<{
      name: string;
    }>();
    tables = results.map((row) => row.name).filter((name) => !NOT_STATE.has(name));
    const payer = await linkedPerson('fuzz');
    credentials.session = sessionOf(payer);
    const merchant = await postJson('/v1/sandbox/merchants', { name: 'Fuzz merchant', merchantIds: ['fuzz-shop'] });
    expect(merchant.status).toBe(201);
    credentials.merchant = { authorization: `Bearer ${((await merchant.json()) as { apiKey: string }).apiKey}` };
  });

  it('the samples the fuzz starts from are what the contract accepts', () => {
    for (const route of ROUTES) {
      if (route.schema && route.sample)
        expect(z.safeParse(route.schema, route.sample()).success, route.path).toBe(true);
    }
  });

  it(
    `${FUZZ_REQUESTS} requests: no 5xx, problem+json on every error, no D1 change when refused`,
    async () => {
      const byClass: Record<string, number> = { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0 };
      const byStatus: Record<number, number> = {};
      let xUnavailable = 0;
      let fingerprint = await d1Fingerprint();
      await fc.assert(
        fc.asyncProperty(requestArbitrary, async (input) => {
          const route = ROUTES[input.route]!;
          let segment = 0;
          const path = route.path.replace(/:[a-zA-Z]+/g, () => input.segments[segment++ % 2]!);
          const url = new URL(`http://worker${path}`);
          for (const [key, value] of Object.entries(input.query)) url.searchParams.set(key, value);
          const body = route.method === 'POST' ? bodyOf(route, input.body) : null;
          const headers: Record<string, string> = { ...credentials[input.credential] };
          if (body !== null && input.contentType !== '') headers['content-type'] = input.contentType;
          const res = await app.fetch(new Request(url, { method: route.method, headers, body }), fuzzEnv);
          const text = await res.text();
          byClass[`${Math.floor(res.status / 100)}xx`] = (byClass[`${Math.floor(res.status / 100)}xx`] ?? 0) + 1;
          byStatus[res.status] = (byStatus[res.status] ?? 0) + 1;
          const where = `${route.method} ${url.pathname}${url.search} → ${res.status} ${text.slice(0, 300)}`;
          if (res.status === 503 && text.includes('/problems/x-unavailable')) xUnavailable += 1;
          else expect(res.status, where).toBeLessThan(500);
          expect(res.headers.get('x-request-id'), where).toBeTruthy();
          const after = await d1Fingerprint();
          if (res.status >= 400) {
            if (route.page) {
              expect(res.headers.get('content-type'), where).toMatch(/^text\/html/);
            } else {
              expect(res.headers.get('content-type'), where).toBe(PROBLEM_CONTENT_TYPE);
              expect(ProblemSchema.safeParse(JSON.parse(text)).success, where).toBe(true);
            }
            expect(after === fingerprint, `${where}: D1 changed`).toBe(true);
          }
          fingerprint = after;
        }),
        { seed: FUZZ_SEED, numRuns: FUZZ_REQUESTS, endOnFailure: true },
      );
      const total = Object.values(byClass).reduce((a, b) => a + b, 0);
      console.log(
        JSON.stringify({ event: 'fuzz-figures', seed: FUZZ_SEED, requests: total, byClass, byStatus, xUnavailable }),
      );
      expect(total).toBe(FUZZ_REQUESTS);
      expect(byClass['5xx']).toBe(xUnavailable);
      expect(xUnavailable).toBeLessThan(FUZZ_REQUESTS / 100);
      // The fuzz must reach past validation too, or it would prove little.
      expect(byClass['2xx']).toBeGreaterThan(100);
    },
    FUZZ_TIMEOUT_MS,
  );
});
