import type { MiddlewareHandler } from 'hono';
import type { AppEnv, Env } from './env';
import { log } from './log';
import { HttpProblem } from './problem';

/**
 * Rate limits on Cloudflare's rate-limiting binding (`[[ratelimits]]` in wrangler.toml; Miniflare
 * simulates it locally). Each limiter counts one key per fixed window of RATE_LIMIT_PERIOD_S:
 * - per client IP (`cf-connecting-ip`, which Cloudflare sets on every request it serves; a request
 *   without it can only come from a local run, and is not counted per IP);
 * - per signed-in user, keyed by the SHA-256 of their session token (never the token itself), so
 *   the limit holds before the session is even looked up.
 * A refused request is a 429 `rate-limited` problem with `retry-after`, and nothing else happens.
 */

/** The window of every limiter in wrangler.toml (Cloudflare allows 10 or 60 seconds). */
export const RATE_LIMIT_PERIOD_S = 60;

type LimiterName = 'RATE_LIMIT_AUTH' | 'RATE_LIMIT_USER_WRITES' | 'RATE_LIMIT_IP_WRITES' | 'RATE_LIMIT_PUBLIC_READS';

export interface RateLimitRule {
  /** What is limited, part of every key so that one limiter may serve several routes apart. */
  scope: string;
  perIp?: LimiterName;
  perUser?: LimiterName;
}

export function rateLimit(rule: RateLimitRule): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const ip = c.req.header('cf-connecting-ip');
    if (rule.perIp && ip) await take(c.env, rule.perIp, `${rule.scope}:ip:${ip}`);
    const token = bearerToken(c.req.header('authorization'));
    if (rule.perUser && token) await take(c.env, rule.perUser, `${rule.scope}:user:${await sha256Hex(token)}`);
    await next();
  };
}

async function take(env: Env, name: LimiterName, key: string): Promise<void> {
  const limiter = env[name];
  if (!limiter) {
    // A deployment without the binding: refuse nothing, but say so on every request.
    log('warn', 'rate-limiter-missing', { limiter: name });
    return;
  }
  const { success } = await limiter.limit({ key });
  if (success) return;
  log('warn', 'rate-limited', { limiter: name, scope: key.split(':')[0] });
  throw new HttpProblem(
    429,
    'rate-limited',
    `Too many requests; try again in ${RATE_LIMIT_PERIOD_S} seconds.`,
    undefined,
    { 'retry-after': String(RATE_LIMIT_PERIOD_S) },
  );
}

function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
