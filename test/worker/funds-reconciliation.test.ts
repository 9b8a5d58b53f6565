import { env, exports } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { HealthResponseSchema } from '../../shared/contract/health';
import { jobs } from '../../worker/jobs';
import { RECONCILIATION_INTERVAL_MS } from '../../worker/jobs/reconcile-provider';
import { deliverAll, expectLedgerBalanced, onboarded, settleLatestPayout, toppedUp, withdrawn } from './support/funds';
import { sandboxControl } from './support/link-user';
import { linkedPerson } from './support/payments';

// The sandbox provider is shared by every worker test file; only this file moves CHF, so the
// CHF line of the comparison is this file's alone.

async function healthDifferences() {
  const res = await exports.default.fetch('http://worker/health');
  return HealthResponseSchema.parse(await res.json()).reconciliation;
}

describe('reconciliation with the provider', () => {
  it('agrees after top-ups and withdrawals, and finds a planted difference', async () => {
    const person = await linkedPerson('reconcile');
    await toppedUp(person, 9_000, 'CHF');
    await onboarded(person);
    await withdrawn(person, 2_000, 'CHF');
    await deliverAll(await settleLatestPayout('paid'));
    await withdrawn(person, 1_000, 'CHF');
    await deliverAll(await settleLatestPayout('failed'));
    await expectLedgerBalanced();

    const firstMs = Date.now();
    const first = await jobs.reconcileProvider!(env, firstMs);
    expect(first.currencies).toBeGreaterThanOrEqual(1);
    const before = await healthDifferences();
    expect(before?.ranAtMs).toBe(firstMs);
    expect(before?.differences.find((line) => line.currency === 'CHF')).toBeUndefined();

    const planted = await sandboxControl('/payments/balance-transactions', {
      body: { amountMinor: 123, currency: 'CHF' },
    });
    expect(planted.status).toBe(200);
    // Within the interval the job does not run again.
    expect(await jobs.reconcileProvider!(env, firstMs + 1_000)).toEqual({ skipped: 1 });
    const second = await jobs.reconcileProvider!(env, firstMs + RECONCILIATION_INTERVAL_MS);
    expect(second.differences).toBeGreaterThanOrEqual(1);
    const after = await healthDifferences();
    expect(after?.differences).toContainEqual({ currency: 'CHF', differenceMinor: 123 });
  });
});
