import { insertReconciliationRows, type ReconciliationRow, selectProviderLedgerAccounts } from '../db/funds';
import type { PaymentsProvider } from '../payments-provider/provider';

/** Pages of balance transactions one run reads at most (100 each). */
export const RECONCILIATION_PAGES_MAX = 50;

/**
 * Compares, per currency, what the ledger says the provider holds for us with the sum of the
 * provider's own balance transactions (gross amounts: the provider's fees are its business and
 * are not booked in the ledger), and records every line, differences included.
 *
 * The ledger's side: money in through card top-ups, less refunds and disputes, is what the
 * clearing account was debited net (minus its balance); withdrawals reserved or paid have left
 * for payouts accounts (payouts in flight, pending and posted credits). A withdrawal reserved
 * but not yet sent, or an event not delivered yet, shows as a passing difference; one that
 * stays is the reason to look.
 */
export async function reconcileProvider(
  db: D1Database,
  provider: PaymentsProvider,
  nowMs: number,
): Promise<ReconciliationRow[]> {
  const providerSums = await provider.balanceByCurrency(RECONCILIATION_PAGES_MAX);
  const ledgerSums = new Map<string, number>();
  for (const account of await selectProviderLedgerAccounts(db)) {
    const current = ledgerSums.get(account.currency) ?? 0;
    const contribution =
      account.kind === 'provider_clearing'
        ? account.debits_posted_minor - account.credits_posted_minor
        : -(account.credits_posted_minor + account.credits_pending_minor - account.debits_posted_minor);
    ledgerSums.set(account.currency, current + contribution);
  }
  const currencies = [...new Set([...providerSums.keys(), ...ledgerSums.keys()])].sort();
  const rows = currencies.map((currency) => {
    const ledgerMinor = ledgerSums.get(currency) ?? 0;
    const providerMinor = providerSums.get(currency) ?? 0;
    return {
      ran_at_ms: nowMs,
      currency,
      ledger_minor: ledgerMinor,
      provider_minor: providerMinor,
      difference_minor: providerMinor - ledgerMinor,
    };
  });
  if (rows.length > 0) await db.batch(insertReconciliationRows(db, rows));
  return rows;
}
