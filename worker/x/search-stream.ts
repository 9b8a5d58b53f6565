import { advanceXCursor, getXBacklog, getXCursor, setXBacklog } from '../db/x-cursors';
import type { SearchResult, XClient } from './client';

/**
 * One round of a polled search. Reads the stream's `since_id` from D1, asks X for what is newer,
 * and moves the cursor past it. Call `handle` before anything moves, so tweets a failed round did
 * not handle are found again by the next one (handling must be idempotent: keyed by tweet id).
 *
 * A round reads at most the client's page limit. When more was there (a burst of tweets), what
 * it left unread — older than the oldest it read, newer than where it started — is kept as the
 * stream's backlog, and the next rounds read that window down to its end before new tweets:
 * a burst delays tweets, it never skips them.
 */
export async function pollSearchStream(
  db: D1Database,
  client: XClient,
  stream: { name: string; query: string },
  handle: (result: SearchResult) => Promise<void>,
  nowMs: number,
): Promise<SearchResult> {
  const backlog = await getXBacklog(db, stream.name);
  if (backlog !== null) {
    const result = await client.searchRecent({ query: stream.query, ...backlog });
    await handle(result);
    const rest = result.truncated && result.oldestId !== null ? { ...backlog, untilId: result.oldestId } : null;
    await setXBacklog(db, stream.name, rest, nowMs);
    return result;
  }

  const sinceId = await getXCursor(db, stream.name);
  const result = await client.searchRecent({ query: stream.query, sinceId });
  await handle(result);
  if (result.newestId !== null && result.newestId !== sinceId) {
    await advanceXCursor(db, stream.name, result.newestId, nowMs);
    // Before the first cursor there is nothing owed: a new stream starts from the present.
    if (result.truncated && sinceId !== null && result.oldestId !== null) {
      await setXBacklog(db, stream.name, { sinceId, untilId: result.oldestId }, nowMs);
    }
  }
  return result;
}
