import { listClaimableHashtags } from '../db/offers';
import { sha256Hex } from '../session';

/**
 * The search streams that find offer claims nobody reported. X's recent search takes queries of
 * at most 512 characters, so the hashtags of claimable offers (oldest offer first) are packed
 * into `#A OR #B OR …` queries under that length, each polled as its own stream with its own
 * `since_id` cursor. A stream is named after its query's digest: when the set of offers changes,
 * the changed chunks become new streams that start from X's recent window (their tweets already
 * decided are answered from D1), and no cursor ever skips tweets of a hashtag it did not search.
 * At most `OFFER_SEARCH_STREAMS_MAX` streams are polled per run; the offers beyond them are
 * claimed through the extension's report and the X webhook only.
 */

/** X's limit on a recent-search query, in characters. */
export const SEARCH_QUERY_LENGTH_MAX = 512;
/** Streams (search requests, before paging) per run spent on offers. */
export const OFFER_SEARCH_STREAMS_MAX = 20;
const STREAM_NAME_PREFIX = 'offers:';
const STREAM_DIGEST_LENGTH = 32;

export interface SearchStream {
  name: string;
  query: string;
}

/** Packs `#tag` terms into OR-queries of at most `SEARCH_QUERY_LENGTH_MAX` characters. */
export function packHashtagQueries(hashtags: readonly string[], streamsMax: number): string[] {
  const queries: string[] = [];
  let current = '';
  for (const hashtag of hashtags) {
    const term = `#${hashtag}`;
    const next = current === '' ? term : `${current} OR ${term}`;
    if (next.length <= SEARCH_QUERY_LENGTH_MAX) {
      current = next;
      continue;
    }
    queries.push(current);
    if (queries.length === streamsMax) return queries;
    current = term;
  }
  if (current !== '' && queries.length < streamsMax) queries.push(current);
  return queries;
}

export async function offerSearchStreams(db: D1Database, nowMs: number): Promise<SearchStream[]> {
  // A hashtag is at most 41 characters with its #: this many always fill the streams allowed.
  const hashtagsMax = OFFER_SEARCH_STREAMS_MAX * Math.ceil(SEARCH_QUERY_LENGTH_MAX / 6);
  const hashtags = await listClaimableHashtags(db, nowMs, hashtagsMax);
  const queries = packHashtagQueries(hashtags, OFFER_SEARCH_STREAMS_MAX);
  return Promise.all(
    queries.map(async (query) => ({
      name: STREAM_NAME_PREFIX + (await sha256Hex(query)).slice(0, STREAM_DIGEST_LENGTH),
      query,
    })),
  );
}
