import { exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { identityTablesSnapshot, sha256Hex } from './support/link-user';
import { linkedPerson, newRequestId, problemTypeOf, sessionOf } from './support/payments';

// The rate limits of wrangler.toml's [env.sandbox] (production's, but for a higher per-user
// limit), on Miniflare's simulation of Cloudflare's rate-limiting binding: per client IP and per
// signed-in user.

const AUTH_PER_IP_MAX = 20;
const WRITES_PER_USER_MAX = 200;
const PUBLIC_READS_PER_IP_MAX = 300;

let ipCounter = 0;
/** A client address of its own for each test: the limiter's counts outlive a test. */
function freshIp(): string {
  ipCounter += 1;
  return `198.51.100.${ipCounter}`;
}

function call(path: string, ip: string | null, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (ip !== null) headers.set('cf-connecting-ip', ip);
  return exports.default.fetch(new Request(`http://worker${path}`, { ...init, headers }));
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

/** Hundreds of requests on a busy two-core machine: a bound for a stuck run only. */
const MANY_REQUESTS_TIMEOUT_MS = 120_000;

describe('rate limits', { timeout: MANY_REQUESTS_TIMEOUT_MS }, () => {
  it(`POST /v1/auth/start: ${AUTH_PER_IP_MAX} a minute per IP, then 429 and no new link`, async () => {
    const ip = freshIp();
    for (let i = 0; i < AUTH_PER_IP_MAX; i += 1) expect((await startLinkFrom(ip)).status).toBe(201);
    const before = await identityTablesSnapshot();
    await expectRateLimited(await startLinkFrom(ip));
    expect(await identityTablesSnapshot()).toBe(before);
    // Another address is counted apart.
    expect((await startLinkFrom(freshIp())).status).toBe(201);
  });

  it(`drafts: ${WRITES_PER_USER_MAX} a minute per user whatever the address, then 429`, async () => {
    const payer = await linkedPerson('rl');
    const draft = (ip: string) =>
      call('/v1/payment-intents', ip, {
        method: 'POST',
        headers: { ...sessionOf(payer), 'content-type': 'application/json' },
        // Refused by validation (no payee): the limit counts attempts, not successes.
        body: JSON.stringify({ requestId: newRequestId(), amountMinor: 100, currency: 'EUR', language: 'en' }),
      });
    for (let i = 0; i < WRITES_PER_USER_MAX; i += 1) expect((await draft(freshIp())).status).toBe(400);
    await expectRateLimited(await draft(freshIp()));
    // Another user is counted apart.
    const other = await linkedPerson('rl');
    const res = await call('/v1/tweets/report', freshIp(), {
      method: 'POST',
      headers: { ...sessionOf(other), 'content-type': 'application/json' },
      body: JSON.stringify({ tweetId: 'not-an-id' }),
    });
    expect(res.status).toBe(400);
  });

  it(`public reads: ${PUBLIC_READS_PER_IP_MAX} a minute per IP, then 429`, async () => {
    // Counted in fixed windows: on a slow machine the window may turn during the test, so the
    // first 429 comes after at least the limit and within two windows' worth.
    const ip = freshIp();
    const BATCH = 20;
    let answered = 0;
    let firstRefused: Response | null = null;
    while (firstRefused === null && answered <= 2 * PUBLIC_READS_PER_IP_MAX) {
      const batch = await Promise.all(
        Array.from({ length: BATCH }, (_, i) =>
          call((answered + i) % 2 === 0 ? '/v1/offers' : '/v1/organisations', ip),
        ),
      );
      for (const res of batch) expect(res.status === 200 || res.status === 429, String(res.status)).toBe(true);
      const okCount = batch.filter((res) => res.status === 200).length;
      firstRefused = batch.find((res) => res.status === 429) ?? null;
      answered += okCount;
    }
    expect(firstRefused).not.toBeNull();
    expect(answered).toBeGreaterThanOrEqual(PUBLIC_READS_PER_IP_MAX);
    await expectRateLimited(firstRefused!);
  });
});
