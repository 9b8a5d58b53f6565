import { getStreamHeartbeat, recordGapSearch } from '../db/x-stream';
import type { Env } from '../env';
import { enqueuePosts } from '../ingest/enqueue';
import { matchTweets } from '../payments/match';
import { xClientFor } from '../payments/x';
import type { XClient } from '../x/client';
import { XError } from '../x/errors';
import { STREAM_SILENCE_MAX_MS, STREAM_UNDELIVERED_MAX_MS } from './config';
import { packRules, wantedStreamTerms } from './rules';

/**
 * Search as the filtered stream's gap filler. While X delivers (or checks the webhook's CRC), the
 * search never runs. When neither happened for `STREAM_SILENCE_MAX_MS`, deliveries are taken to
 * have stopped: one search per rule (the same terms as the stream's rules, packed the same way)
 * reads what was posted since the newest post delivered or found (`since_id`; `start_time` when
 * no post was ever seen), hands it to the matcher, and records how far it went. The next search
 * waits for another silence as long, and starts where this one stopped: no stretch is searched
 * twice, and posts already decided are answered from D1. A search that finds more than a handful
 * of posts (a gap in a busy campaign) queues them in full for the posts queue's consumer, like the
 * stream's deliveries; a few are matched here at once.
 */

/** Search calls per rule and gap (each reads up to the client's page limit). */
const GAP_SEARCH_CALLS_PER_RULE_MAX = 3;
/** Up to this many posts found by one rule's search are matched inline; more go through the queue. */
export const GAP_POSTS_INLINE_MAX = 10;

export interface GapReport extends Record<string, number> {
  searched: number;
  found: number;
  matched: number;
  enrolled: number;
  alreadyDecided: number;
  retryLater: number;
  /** Posts handed to the posts queue's consumer (decided there, counted in none of the above). */
  queued: number;
}

export async function fillDeliveryGap(env: Env, nowMs: number): Promise<GapReport> {
  const report: GapReport = {
    searched: 0,
    found: 0,
    matched: 0,
    enrolled: 0,
    alreadyDecided: 0,
    retryLater: 0,
    queued: 0,
  };
  const beat = await getStreamHeartbeat(env.DB);
  const lastSignals = [beat.lastDeliveryAtMs, beat.lastCrcAtMs, beat.gapSearchedAtMs].filter(
    (at): at is number => at !== null,
  );
  const quietSinceMs = lastSignals.length === 0 ? null : Math.max(...lastSignals);
  // A CRC check is unsigned (anyone may send one): it postpones the search for an hour at most.
  const signedSignals = [beat.lastDeliveryAtMs, beat.gapSearchedAtMs].filter((at): at is number => at !== null);
  const undeliveredForMs = signedSignals.length === 0 ? Number.POSITIVE_INFINITY : nowMs - Math.max(...signedSignals);
  const silent = quietSinceMs === null || nowMs - quietSinceMs >= STREAM_SILENCE_MAX_MS;
  if (!silent && undeliveredForMs < STREAM_UNDELIVERED_MAX_MS) return report;

  const sinceId = newerOf(beat.newestDeliveredId, beat.gapSearchedThroughId);
  const startTime = sinceId === null && quietSinceMs !== null ? new Date(quietSinceMs).toISOString() : null;
  const client = xClientFor(env);
  const queries = packRules(await wantedStreamTerms(env, nowMs));
  let newestId: string | null = null;
  try {
    for (const query of queries) {
      const found = await searchGap(client, query, sinceId, startTime, report);
      newestId = newerOf(newestId, found.newestId);
      report.found += found.tweets.length;
      if (found.tweets.length > GAP_POSTS_INLINE_MAX) {
        // The queue's own retries take over: nothing here keeps the gap open for these posts.
        report.queued += await enqueuePosts(env, found.tweets, 'search', nowMs);
        continue;
      }
      const matched = await matchTweets(env, found.tweets, 'search', nowMs, client);
      report.matched += matched.matched;
      report.enrolled += matched.enrolled;
      report.alreadyDecided += matched.alreadyDecided;
      report.retryLater += matched.retryLater.length;
    }
  } catch (error) {
    // X unreachable: nothing recorded, so the next run searches the same gap again.
    if (error instanceof XError && error.retryable) return { ...report, xUnavailable: 1 };
    throw error;
  }
  // Posts that could not be decided yet keep the gap open: the next run searches it again.
  if (report.retryLater === 0) await recordGapSearch(env.DB, newestId, nowMs);
  return report;
}

async function searchGap(
  client: XClient,
  query: string,
  sinceId: string | null,
  startTime: string | null,
  report: GapReport,
): Promise<{ tweets: Awaited<ReturnType<XClient['searchRecent']>>['tweets']; newestId: string | null }> {
  const tweets: Awaited<ReturnType<XClient['searchRecent']>>['tweets'] = [];
  let newestId: string | null = null;
  let untilId: string | null = null;
  for (let call = 0; call < GAP_SEARCH_CALLS_PER_RULE_MAX; call += 1) {
    const result = await client.searchRecent({ query, sinceId, untilId, startTime });
    report.searched += 1;
    tweets.push(...result.tweets);
    if (result.tweets.length > 0) newestId = newerOf(newestId, result.newestId);
    if (!result.truncated || result.oldestId === null) break;
    untilId = result.oldestId;
  }
  return { tweets, newestId };
}

function newerOf(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return BigInt(a) >= BigInt(b) ? a : b;
}
