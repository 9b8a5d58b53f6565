import type { Context } from 'hono';
import type { AppEnv } from './env';
import { sha256Hex } from './session';

/**
 * Public answers that are cheap to poll: the same body has the same strong ETag (a digest of the
 * body), and a request whose `If-None-Match` names it is answered 304 with no body. Used by the
 * offers catalogue, the organisations list, the open pots and each pot's progress.
 */

const ETAG_DIGEST_LENGTH = 32;

/** True if `If-None-Match` lists this entity tag (weak comparison, as RFC 9110 asks for this header). */
export function noneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === etag);
}

/** `body` as JSON with its strong ETag, reusable by browsers and caches for `maxAgeS` seconds. */
export async function publicJsonWithEtag(c: Context<AppEnv>, body: unknown, maxAgeS: number): Promise<Response> {
  const json = JSON.stringify(body);
  const etag = `"${(await sha256Hex(json)).slice(0, ETAG_DIGEST_LENGTH)}"`;
  const headers = { etag, 'cache-control': `public, max-age=${maxAgeS}` };
  if (noneMatchHits(c.req.header('if-none-match'), etag)) return c.body(null, 304, headers);
  return c.body(json, 200, { ...headers, 'content-type': 'application/json' });
}
