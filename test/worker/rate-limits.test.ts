import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { app } from '../../worker/index';
import { identityTablesSnapshot, sha256Hex } from './support/link-user';
import { linkedPerson, newRequestId, problemTypeOf, sessionOf } from './support/payments';

// The rate limits, on Miniflare's simulation of Cloudflare's rate-limiting binding: per client IP
// and per signed-in user. Each test puts a limiter of 5 requests a minute (vitest.config.ts) in
// the place of the one it checks, so the limit is reached in a few requests however slow the
// machine; the limits themselves are wrangler.toml's.

const FEW_REQUESTS_MAX = 5;
type LimiterName = 'RATE_LIMIT_AUTH' | 'RATE_LIMIT_USER_WRITES' | 'RATE_LIMIT_PUBLIC_READS';

/** A client address of its own for each test: the limiter's counts outlive a test (and a run). */
function freshIp(): string {
  const [a, b, c] = crypto.getRandomValues(new Uint8Array(3));
  return `10.${a}.${b}.${c}`;
}

/**
 * Sends `send()` in batches until the first 429; answers how many were let through before it and
 * that answer. Limits count in fixed windows, so on a slow machine a window may turn during the
 * test: the first 429 then comes after at least `limit` requests and within two windows' worth.
 */
async function throughUntilRefused(send: () => Promise<Response>, limit: number, allowed: (status: number) => boolean) {
  const BATCH = 2;
  let through = 0;
  while (through <= 2 * limit) {
    const batch = await Promise.all(Array.from({ length: BATCH }, send));
    for (const res of batch) expect(allowed(res.status) || res.status === 429, String(res.status)).toBe(true);
    through += batch.filter((res) => res.status !== 429).length;
    const refused = batch.find((res) => res.status === 429);
    if (refused) return { through, refused };
  }
  throw new Error(`no 429 after ${through} requests (limit ${limit})`);
}

/** The worker with `limiter` replaced by the 5-a-minute limiter; the others are the sandbox's. */
let limiterInPlay: LimiterName = 'RATE_LIMIT_AUTH';

function call(path: string, ip: string | null, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (ip !== null) headers.set('cf-connecting-ip', ip);
  const limited = { ...env, [limiterInPlay]: env.RATE_LIMIT_FEW_FOR_TESTS };
  return Promise.resolve(app.fetch(new Request(`http://worker${path}`, { ...init, headers }), limited));
}

async function startLinkFrom(ip: string): Promise<Response> {
  return call('/v1/auth/start', ip, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ claimSecretHash: await sha256Hex(crypto.randomUUID()) }),
  });
}

async function expectRateLimited(res: Response): Promise<void> {
  expect(res.status).toBe(429);
  expect(await problemTypeOf(res)).toBe('rate-limited');
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
}

/** A bound for a stuck run only. */
const MANY_REQUESTS_TIMEOUT_MS = 300_000;

describe('rate limits', { timeout: MANY_REQUESTS_TIMEOUT_MS }, () => {
  it('POST /v1/auth/start: a limit per IP, then 429 and no new link', async () => {
    limiterInPlay = 'RATE_LIMIT_AUTH';
    const ip = freshIp();
    const { through, refused } = await throughUntilRefused(
      () => startLinkFrom(ip),
      FEW_REQUESTS_MAX,
      (status) => status === 201,
    );
    expect(through).toBeGreaterThanOrEqual(FEW_REQUESTS_MAX);
    await expectRateLimited(refused);
    const before = await identityTablesSnapshot();
    const again = await startLinkFrom(ip);
    if (again.status === 429) expect(await identityTablesSnapshot()).toBe(before);
    // Another address is counted apart.
    expect((await startLinkFrom(freshIp())).status).toBe(201);
  });

  it('drafts: a limit per user whatever the address, then 429', async () => {
    limiterInPlay = 'RATE_LIMIT_USER_WRITES';
    const payer = await linkedPerson('rl');
    const draft = (ip: string) =>
      call('/v1/payment-intents', ip, {
        method: 'POST',
        headers: { ...sessionOf(payer), 'content-type': 'application/json' },
        // Refused by validation (no payee): the limit counts attempts, not successes.
        body: JSON.stringify({ requestId: newRequestId(), amountMinor: 100, currency: 'EUR', language: 'en' }),
      });
    const { through, refused } = await throughUntilRefused(
      () => draft(freshIp()),
      FEW_REQUESTS_MAX,
      (status) => status === 400,
    );
    expect(through).toBeGreaterThanOrEqual(FEW_REQUESTS_MAX);
    await expectRateLimited(refused);
    // Another user is counted apart.
    const other = await linkedPerson('rl');
    const res = await call('/v1/tweets/report', freshIp(), {
      method: 'POST',
      headers: { ...sessionOf(other), 'content-type': 'application/json' },
      body: JSON.stringify({ tweetId: 'not-an-id' }),
    });
    expect(res.status).toBe(400);
  });

  it('public reads: a limit per IP, then 429', async () => {
    limiterInPlay = 'RATE_LIMIT_PUBLIC_READS';
    const ip = freshIp();
    const { through, refused } = await throughUntilRefused(
      () => call('/v1/receipts/keys', ip),
      FEW_REQUESTS_MAX,
      (status) => status === 200,
    );
    expect(through).toBeGreaterThanOrEqual(FEW_REQUESTS_MAX);
    await expectRateLimited(refused);
  });
});
