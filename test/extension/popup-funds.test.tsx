import { cleanup, fireEvent, render, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { PopupFunds } from '../../extension/components/PopupFunds';
import { translator } from '../../extension/lib/i18n';
import type { ActionName, ActionRequest, ActionResult, AskBackground } from '../../extension/lib/messages';
import type { FundsResponse } from '../../shared/contract/funds';

afterEach(cleanup);

const NOW_MS = Date.UTC(2026, 11, 5, 12, 0, 0);

const FUNDS: FundsResponse = {
  topUps: [
    {
      id: `tu_${'a'.repeat(22)}`,
      currency: 'EUR',
      amountMinor: 2_000,
      status: 'paid',
      checkoutUrl: null,
      createdAtMs: NOW_MS - 3_000,
      settledAtMs: NOW_MS,
    },
  ],
  withdrawals: [
    {
      id: `wd_${'b'.repeat(22)}`,
      currency: 'EUR',
      amountMinor: 1_500,
      feeMinor: 0,
      status: 'failed',
      arrivalAtMs: null,
      failureMessage: 'The bank account has been closed.',
      createdAtMs: NOW_MS - 2_000,
      settledAtMs: NOW_MS,
    },
  ],
  moneyBacks: [
    {
      id: 're_1',
      kind: 'refund',
      topUpId: `tu_${'a'.repeat(22)}`,
      currency: 'EUR',
      amountMinor: 2_000,
      createdAtMs: NOW_MS - 1_000,
    },
  ],
  debts: [{ currency: 'EUR', owedMinor: 500 }],
  verified: false,
};

/** A background that answers the funds above, payouts not set up, and records what was asked. */
function fakeAsk(asked: string[]): AskBackground {
  return (async <Name extends ActionName>(action: Name, _request: ActionRequest<Name>) => {
    asked.push(action);
    const answers: Partial<Record<ActionName, unknown>> = {
      'get-funds': FUNDS,
      'set-up-payouts': { ready: false },
      'get-balances': { balances: [] },
    };
    if (action in answers) return { ok: true, value: answers[action] } as ActionResult<Name>;
    return { ok: false, error: { code: 'wallet-in-debt', message: 'in debt' } } as ActionResult<Name>;
  }) as AskBackground;
}

describe('money in and out in the popup', () => {
  it('lists top-ups, withdrawals and refunds newest first, and shows what is owed', async () => {
    const { container } = render(
      <PopupFunds t={translator('en')} language="en" ask={fakeAsk([])} currency="EUR" onBalances={() => {}} />,
    );
    await waitFor(() => expect(container.querySelectorAll('[data-funds-row]')).toHaveLength(3));
    const rows = [...container.querySelectorAll('[data-funds-row]')].map((row) => row.getAttribute('data-funds-row'));
    expect(rows).toEqual(['refund', 'withdrawal', 'top_up']);
    expect(container.querySelector('[data-funds-row="withdrawal"]')?.getAttribute('data-status')).toBe('failed');
    expect(container.querySelector('[data-field="debt"]')?.textContent).toMatch(/You owe €5\.00/);
  });

  it('refuses an amount it cannot read without asking the background', async () => {
    const asked: string[] = [];
    const { container } = render(
      <PopupFunds t={translator('fr')} language="fr" ask={fakeAsk(asked)} currency="EUR" onBalances={() => {}} />,
    );
    fireEvent.input(container.querySelector('[data-field="add-amount"]')!, { target: { value: '12.5.0' } });
    fireEvent.submit(container.querySelector('[data-form="add-money"]')!);
    await waitFor(() => expect(container.querySelector('[data-field="funds-problem"]')).not.toBeNull());
    expect(asked).not.toContain('start-top-up');
  });

  it('asks for the payouts set-up before a first withdrawal', async () => {
    const asked: string[] = [];
    const { container } = render(
      <PopupFunds t={translator('en')} language="en" ask={fakeAsk(asked)} currency="EUR" onBalances={() => {}} />,
    );
    fireEvent.input(container.querySelector('[data-field="withdraw-amount"]')!, { target: { value: '10' } });
    fireEvent.submit(container.querySelector('[data-form="withdraw"]')!);
    await waitFor(() =>
      expect(container.querySelector('[data-field="funds-status"]')?.textContent).toMatch(/Finish setting up payouts/),
    );
    expect(asked).toContain('set-up-payouts');
    expect(asked).not.toContain('withdraw');
  });
});
