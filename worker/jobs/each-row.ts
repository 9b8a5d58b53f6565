/**
 * Runs `work` on each row of a job's batch. A row that throws is logged and counted, and the
 * rows behind it still run: one bad row must not block its whole queue run after run.
 */
export async function forEachRow<Row extends { id: string }>(
  job: string,
  rows: readonly Row[],
  work: (row: Row) => Promise<void>,
): Promise<{ failed: number }> {
  let failed = 0;
  for (const row of rows) {
    try {
      await work(row);
    } catch (error) {
      failed += 1;
      console.error(JSON.stringify({ job, row: row.id, error: String(error) }));
    }
  }
  return { failed };
}
