/**
 * Operational events counted for /health (see migrations/0011_operations.sql): `x:success`,
 * `x:refusal:<kind>`, `job:<name>:failure`. Never money: a write failing here is logged and
 * forgotten, it never fails the request that caused it.
 */

export const OPS_EVENT_DETAIL_LENGTH_MAX = 500;

export interface OpsEventRow {
  name: string;
  count: number;
  last_at_ms: number;
  last_detail: string | null;
}

export async function recordOpsEvent(
  db: D1Database,
  name: string,
  atMs: number,
  detail: string | null = null,
): Promise<void> {
  await db
    .prepare(
      `INSERT INTO ops_events (name, count, last_at_ms, last_detail) VALUES (?1, 1, ?2, ?3)
       ON CONFLICT (name) DO UPDATE SET count = count + 1, last_at_ms = max(last_at_ms, ?2), last_detail = ?3`,
    )
    .bind(name, atMs, detail === null ? null : detail.slice(0, OPS_EVENT_DETAIL_LENGTH_MAX))
    .run();
}

export async function listOpsEvents(db: D1Database): Promise<OpsEventRow[]> {
  const { results } = await db
    .prepare('SELECT name, count, last_at_ms, last_detail FROM ops_events ORDER BY name')
    .all<OpsEventRow>();
  return results;
}

export interface LedgerNetRow {
  currency: string;
  /** Σ(credits − debits) of posted amounts over every account: 0 in a sound ledger. */
  posted_net_minor: number;
  /** Σ(pending credits − pending debits): 0 too, each reservation being both. */
  pending_net_minor: number;
  accounts: number;
}

export async function ledgerNetPerCurrency(db: D1Database): Promise<LedgerNetRow[]> {
  const { results } = await db
    .prepare(
      `SELECT currency,
              SUM(credits_posted_minor - debits_posted_minor) AS posted_net_minor,
              SUM(credits_pending_minor - debits_pending_minor) AS pending_net_minor,
              COUNT(*) AS accounts
       FROM ledger_accounts GROUP BY currency ORDER BY currency`,
    )
    .all<LedgerNetRow>();
  return results;
}
