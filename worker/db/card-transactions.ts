/**
 * The card network's events as received (purchases and refunds), one row per event id. See
 * migrations/0006_cards.sql for why an event is first recorded, then marked applied.
 */

export type CardEventType = 'purchase' | 'refund';

export interface CardEventRow {
  event_id: string;
  type: CardEventType;
  purchase_id: string;
  refund_id: string | null;
  card_token: string;
  merchant_id: string;
  amount_minor: number;
  currency: string;
  occurred_at_ms: number;
  received_at_ms: number;
  body_sha256: string;
  applied_at_ms: number | null;
}

export type NewCardEventRow = Omit<CardEventRow, 'applied_at_ms'>;

/** What recording an event found: new, the same event again, or a clash with what is stored. */
export type RecordOutcome =
  | { kind: 'recorded'; row: CardEventRow }
  | { kind: 'same'; row: CardEventRow }
  /** The event id is taken by an event with other fields. */
  | { kind: 'event_id_reused' }
  /** The purchase (or refund) id was already reported under another event id, with other fields. */
  | { kind: 'transaction_id_reused' }
  /** The same purchase (or refund) under another event id, same fields: one effect, already had. */
  | { kind: 'same_transaction'; row: CardEventRow };

export async function recordCardEvent(db: D1Database, event: NewCardEventRow): Promise<RecordOutcome> {
  const inserted = await db
    .prepare(
      `INSERT INTO card_events (event_id, type, purchase_id, refund_id, card_token, merchant_id, amount_minor,
         currency, occurred_at_ms, received_at_ms, body_sha256)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    )
    .bind(
      event.event_id,
      event.type,
      event.purchase_id,
      event.refund_id,
      event.card_token,
      event.merchant_id,
      event.amount_minor,
      event.currency,
      event.occurred_at_ms,
      event.received_at_ms,
      event.body_sha256,
    )
    .run();
  if (inserted.meta.changes === 1) return { kind: 'recorded', row: { ...event, applied_at_ms: null } };

  const byId = await db
    .prepare('SELECT * FROM card_events WHERE event_id = ?')
    .bind(event.event_id)
    .first<CardEventRow>();
  if (byId !== null) {
    return byId.body_sha256 === event.body_sha256 ? { kind: 'same', row: byId } : { kind: 'event_id_reused' };
  }
  const byTransaction =
    event.type === 'purchase'
      ? await db
          .prepare(`SELECT * FROM card_events WHERE type = 'purchase' AND purchase_id = ?`)
          .bind(event.purchase_id)
          .first<CardEventRow>()
      : await db
          .prepare(`SELECT * FROM card_events WHERE type = 'refund' AND refund_id = ?`)
          .bind(event.refund_id)
          .first<CardEventRow>();
  if (byTransaction === null) throw new Error(`card-transactions: event ${event.event_id} neither stored nor refused`);
  return sameTransaction(byTransaction, event)
    ? { kind: 'same_transaction', row: byTransaction }
    : { kind: 'transaction_id_reused' };
}

function sameTransaction(stored: CardEventRow, event: NewCardEventRow): boolean {
  return (
    stored.card_token === event.card_token &&
    stored.merchant_id === event.merchant_id &&
    stored.amount_minor === event.amount_minor &&
    stored.currency === event.currency &&
    stored.occurred_at_ms === event.occurred_at_ms
  );
}

export function markEventApplied(db: D1Database, eventId: string, nowMs: number): D1PreparedStatement {
  return db
    .prepare('UPDATE card_events SET applied_at_ms = ? WHERE event_id = ? AND applied_at_ms IS NULL')
    .bind(nowMs, eventId);
}

export async function findPurchase(db: D1Database, purchaseId: string): Promise<CardEventRow | null> {
  return db
    .prepare(`SELECT * FROM card_events WHERE type = 'purchase' AND purchase_id = ?`)
    .bind(purchaseId)
    .first<CardEventRow>();
}

/** Σ of the refunds received for a purchase, whether they came before or after it. */
export async function refundedMinorOf(db: D1Database, purchaseId: string): Promise<number> {
  const row = await db
    .prepare(
      `SELECT ifnull(sum(amount_minor), 0) AS refunded FROM card_events WHERE type = 'refund' AND purchase_id = ?`,
    )
    .bind(purchaseId)
    .first<{ refunded: number }>();
  return row?.refunded ?? 0;
}
