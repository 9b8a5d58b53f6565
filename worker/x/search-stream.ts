import { advanceXCursor, getXCursor } from '../db/x-cursors';
import type { SearchResult, XClient } from './client';

/**
 * One round of a polled search: reads the stream's `since_id` from D1, asks X for what is newer,
 * and moves the cursor past it. Call `handle` before the cursor moves, so tweets a failed round
 * did not handle are found again by the next one (handling must be idempotent: keyed by tweet id).
 */
export async function pollSearchStream(
  db: D1Database,
  client: XClient,
  stream: { name: string; query: string },
  handle: (result: SearchResult) => Promise<void>,
  nowMs: number,
): Promise<SearchResult> {
  const sinceId = await getXCursor(db, stream.name);
  const result = await client.searchRecent({ query: stream.query, sinceId });
  await handle(result);
  if (result.newestId !== null && result.newestId !== sinceId) {
    await advanceXCursor(db, stream.name, result.newestId, nowMs);
  }
  return result;
}
