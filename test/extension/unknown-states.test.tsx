import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfirmPayment } from '../../extension/components/ConfirmPayment';
import { PopupHistory } from '../../extension/components/PopupHistory';
import { translator } from '../../extension/lib/i18n';
import type { AskBackground } from '../../extension/lib/messages';
import type { ReadableClaim, ReadableCredit, ReadableIntent } from '../../extension/lib/readable-answers';
import type { Language } from '../../shared/language';
import { ALICE, BOB, makeIntent } from './support/fake-worker';

// A state the worker added after this version is shown generically ("Other"/"Autre"): never as
// paid, never signed as a debit or a credit, never with a button that acts on it.

afterEach(cleanup);

const SENT_OTHER: ReadableIntent = {
  ...makeIntent({ id: `pi_${'5'.repeat(22)}`, status: 'settled' }),
  status: 'other',
};
const RECEIVED_OTHER_PURPOSE: ReadableIntent = {
  ...makeIntent({
    id: `pi_${'6'.repeat(22)}`,
    status: 'settled',
    payer: { xUserId: BOB.xUserId, username: BOB.username, name: BOB.name },
    payee: { xUserId: ALICE.xUserId, username: ALICE.username, name: ALICE.name },
  }),
  purpose: 'other',
};
const CLAIM_OTHER: ReadableClaim = {
  offerId: `of_${'o'.repeat(22)}`,
  hashtag: 'HashpayLater',
  status: 'other',
  claimedAt: '2026-11-20T10:00:00.000Z',
  tweetId: '1950000000000000009',
};
const CREDIT_OTHER: ReadableCredit = {
  id: 'cr_other',
  offerId: CLAIM_OTHER.offerId,
  amountMinor: 300,
  currency: 'EUR',
  status: 'other',
  createdAt: '2026-11-21T10:00:00.000Z',
  postAfter: '2026-11-28T10:00:00.000Z',
  postedAt: null,
  closedAt: null,
};

function ask(handlers: Record<string, () => unknown>): AskBackground {
  const answer = async (action: string): Promise<unknown> =>
    handlers[action]?.() ?? { ok: false, error: { code: 'unexpected', message: action } };
  return answer as AskBackground;
}

function renderHistory(language: Language) {
  return render(
    <PopupHistory
      t={translator(language)}
      language={language}
      ask={ask({
        'get-claims': () => ({ ok: true, value: { claims: [CLAIM_OTHER] } }),
        'get-credits': () => ({ ok: true, value: { credits: [CREDIT_OTHER] } }),
      })}
      myXUserId={ALICE.xUserId}
      initial={{ intents: [SENT_OTHER, RECEIVED_OTHER_PURPOSE], nextCursor: null }}
      initialError={null}
      download={() => undefined}
    />,
  );
}

describe('states this version does not know', () => {
  it('shows a history row in an unknown status as Other, unsigned and unstyled', () => {
    const { container } = renderHistory('en');
    const row = container.querySelector(`[data-history="${SENT_OTHER.id}"]`)!;
    expect(row.getAttribute('data-status')).toBe('other');
    expect(row.querySelector('[data-field="state"]')?.textContent).toBe('Other');
    const amount = row.querySelector('[data-field="amount"]')!;
    expect(amount.textContent).toBe('€12.50');
    expect(amount.className).toBe('');
  });

  it('shows a known status with an unknown purpose unsigned too, in French', () => {
    const { container } = renderHistory('fr');
    const row = container.querySelector(`[data-history="${RECEIVED_OTHER_PURPOSE.id}"]`)!;
    expect(row.getAttribute('data-purpose')).toBe('other');
    expect(row.querySelector('[data-field="counterparty"]')?.textContent).toBe('De @bob');
    expect(row.querySelector('[data-field="amount"]')?.textContent).not.toMatch(/^[+−]/);
    const sent = container.querySelector(`[data-history="${SENT_OTHER.id}"]`)!;
    expect(sent.querySelector('[data-field="state"]')?.textContent).toBe('Autre');
  });

  it('shows a claim and a credit in unknown states as other, the credit unsigned', async () => {
    const { container } = renderHistory('en');
    fireEvent.click(screen.getByRole('button', { name: 'Offers' }));
    await waitFor(() => expect(container.querySelectorAll('[data-claim]')).toHaveLength(1));
    const claim = container.querySelector('[data-claim]')!;
    expect(claim.querySelector('[data-field="state"]')?.textContent).toBe('Other');
    const credit = claim.querySelector('[data-credit="cr_other"]')!;
    expect(credit.querySelector('[data-field="amount"]')?.textContent).toBe('€3.00');
    expect(credit.querySelector('[data-field="amount"]')?.className).toBe('');
    expect(credit.querySelector('[data-field="credit-state"]')?.textContent).toBe('other');
  });

  it('shows a confirmation in an unknown status with no button to confirm it', async () => {
    const intent: ReadableIntent = { ...SENT_OTHER, purpose: 'other', language: 'en' };
    const { container } = render(
      <ConfirmPayment
        intentId={intent.id}
        ask={ask({ 'get-intent': () => ({ ok: true, value: { intent } }) })}
        language="en"
      />,
    );
    await waitFor(() => expect(container.querySelector('[data-status="other"]')).not.toBeNull());
    expect(container.querySelector('[data-field="status"]')?.textContent).toContain('Other');
    expect(screen.queryByRole('button', { name: /Confirm/ })).toBeNull();
  });
});
