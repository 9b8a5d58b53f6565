import { assertNever } from '../../shared/assert';
import { markProviderEventApplied, recordProviderEvent } from '../db/funds';
import type { Env } from '../env';
import type { PaymentsProvider, ProviderEvent } from '../payments-provider/provider';
import { applyMoneyBackEvent, applyTopUpEvent } from './top-ups';
import { applyPayoutEvent } from './withdrawals';

/**
 * One verified provider event, applied. Each effect is a ledger transfer whose id comes from the
 * provider's object, so applying an event twice (a redelivery, or an event and its reordered
 * sibling about the same object) replays instead of moving money again; the event log only
 * spares the work and keeps the audit trail.
 */
export async function applyProviderEvent(
  env: Env,
  provider: PaymentsProvider,
  event: ProviderEvent,
  nowMs: number,
): Promise<string> {
  const { appliedBefore } = await recordProviderEvent(env.DB, event.eventId, event.kind, nowMs);
  if (appliedBefore) return 'duplicate';
  const outcome = await applyOnce(env, provider, event, nowMs);
  await markProviderEventApplied(env.DB, event.eventId, nowMs);
  return outcome;
}

async function applyOnce(env: Env, provider: PaymentsProvider, event: ProviderEvent, nowMs: number) {
  const db = env.DB;
  switch (event.kind) {
    case 'top_up_paid':
    case 'top_up_failed':
    case 'top_up_expired':
      return applyTopUpEvent(env, provider, event, nowMs);
    case 'refund':
    case 'dispute':
      return applyMoneyBackEvent(db, event, nowMs);
    case 'payout_paid':
    case 'payout_failed':
      return applyPayoutEvent(db, provider, event, nowMs);
    case 'ignored':
      return 'ignored';
    default:
      return assertNever(event);
  }
}
