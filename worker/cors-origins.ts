import type { Env } from './env';

/**
 * CORS answers only the extension's own pages and the local origins named in
 * EXTENSION_ORIGINS; x.com's pages never call the worker (content scripts go through
 * the background), so no web origin is allowed by default.
 */
export function allowedOrigin(origin: string, env: Env): string | null {
  if (/^(chrome-extension|moz-extension):\/\/[a-z0-9-]+$/i.test(origin)) return origin;
  const extra = env.EXTENSION_ORIGINS.split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  return extra.includes(origin) ? origin : null;
}
