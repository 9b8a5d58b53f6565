/** Proves the D1 binding answers a query, not only that the isolate runs. */
export async function pingDatabase(db: D1Database): Promise<void> {
  await db.prepare('SELECT 1').first();
}
