import type { MoneyBack, TopUp, Withdrawal } from '../../shared/contract/funds';
import type { Currency } from '../../shared/money';
import type { MoneyBackRow, TopUpRow, WithdrawalRow } from '../db/funds';

export function topUpOf(row: TopUpRow): TopUp {
  return {
    id: row.id,
    currency: row.currency as Currency,
    amountMinor: row.amount_minor,
    status: row.status,
    checkoutUrl: row.status === 'open' ? row.checkout_url : null,
    createdAtMs: row.created_at_ms,
    settledAtMs: row.settled_at_ms,
  };
}

export function withdrawalOf(row: WithdrawalRow): Withdrawal {
  return {
    id: row.id,
    currency: row.currency as Currency,
    amountMinor: row.amount_minor,
    feeMinor: row.fee_minor,
    status: row.status,
    arrivalAtMs: row.arrival_at_ms,
    failureMessage: row.failure_message,
    createdAtMs: row.created_at_ms,
    settledAtMs: row.settled_at_ms,
  };
}

export function moneyBackOf(row: MoneyBackRow): MoneyBack {
  return {
    id: row.id,
    kind: row.kind,
    topUpId: row.top_up_id,
    currency: row.currency as Currency,
    amountMinor: row.amount_minor,
    createdAtMs: row.created_at_ms,
  };
}
