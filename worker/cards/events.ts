import type { CardEvent } from '../../shared/contract/cards';
import type { NewCardEventRow } from '../db/card-transactions';
import { sha256Hex } from '../session';

/**
 * A network event as the row kept for it. Its digest covers the fields that give the event its
 * effect, in a fixed order, so the same event id delivered with other content is recognised.
 */
export async function cardEventRowOf(event: CardEvent, receivedAtMs: number): Promise<NewCardEventRow> {
  const refundId = event.type === 'refund' ? event.data.refundId : null;
  const { purchaseId, cardToken, merchantId, amountMinor, currency, occurredAtMs } = event.data;
  const canonical = JSON.stringify([
    event.id,
    event.type,
    purchaseId,
    refundId,
    cardToken,
    merchantId,
    amountMinor,
    currency,
    occurredAtMs,
  ]);
  return {
    event_id: event.id,
    type: event.type,
    purchase_id: purchaseId,
    refund_id: refundId,
    card_token: cardToken,
    merchant_id: merchantId,
    amount_minor: amountMinor,
    currency,
    occurred_at_ms: occurredAtMs,
    received_at_ms: receivedAtMs,
    body_sha256: await sha256Hex(canonical),
  };
}
