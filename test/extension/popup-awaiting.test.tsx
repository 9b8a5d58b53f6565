import { cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { PopupAwaiting } from '../../extension/components/PopupAwaiting';
import { translator } from '../../extension/lib/i18n';
import { formatAmount } from '../../shared/money';
import { makeIntent } from './support/fake-worker';

afterEach(cleanup);

const POT = {
  id: `pot_${'p'.repeat(22)}`,
  kind: 'pot' as const,
  hashtag: 'potJulie',
  title: 'Julie',
  deadlineAt: null,
};

describe('payments awaiting confirmation in the popup', () => {
  it('names the payee of a payment and the pot of a contribution, in either language', () => {
    const payment = makeIntent({ status: 'awaiting_confirmation', amountMinor: 1250, currency: 'EUR', language: 'en' });
    const contribution = makeIntent({
      id: `pi_${'c'.repeat(22)}`,
      status: 'awaiting_confirmation',
      purpose: 'contribution',
      pot: POT,
      amountMinor: 2000,
      currency: 'EUR',
      language: 'fr',
    });
    for (const language of ['en', 'fr'] as const) {
      const { container, unmount } = render(
        <PopupAwaiting t={translator(language)} intents={[payment, contribution]} onReview={() => {}} />,
      );
      const rows = [...container.querySelectorAll('li')].map((row) => row.querySelector('span')?.textContent);
      // Each amount is written as in its own tweet (the intent's language).
      const euros = formatAmount(1250, 'EUR', 'en');
      const twenty = formatAmount(2000, 'EUR', 'fr');
      expect(rows[0]).toBe(language === 'en' ? `${euros} to @bob` : `${euros} à @bob`);
      expect(rows[1]).toBe(language === 'en' ? `${twenty} to #potJulie` : `${twenty} pour #potJulie`);
      unmount();
    }
  });

  it('opens the confirmation window of the row chosen', () => {
    const contribution = makeIntent({ status: 'awaiting_confirmation', purpose: 'contribution', pot: POT });
    const reviewed: string[] = [];
    const { getByRole } = render(
      <PopupAwaiting t={translator('en')} intents={[contribution]} onReview={(id) => reviewed.push(id)} />,
    );
    fireEvent.click(getByRole('button'));
    expect(reviewed).toEqual([contribution.id]);
  });
});
