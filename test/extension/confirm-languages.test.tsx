import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfirmPayment } from '../../extension/components/ConfirmPayment';
import { PaySheet } from '../../extension/components/PaySheet';
import type { AskBackground } from '../../extension/lib/messages';
import type { PaymentIntent } from '../../shared/contract/payments';
import { makeIntent } from './support/fake-worker';

afterEach(cleanup);

const INTENT_ID = `pi_${'d'.repeat(22)}`;

function askAnswering(intent: PaymentIntent, decided: string[] = []): AskBackground {
  return (async (action: string) => {
    if (action === 'get-intent') return { ok: true, value: { intent } };
    decided.push(action);
    return { ok: true, value: { intent: { ...intent, status: action === 'confirm' ? 'settled' : 'cancelled' } } };
  }) as AskBackground;
}

const awaiting = (overrides: Partial<PaymentIntent> = {}) =>
  makeIntent({ id: INTENT_ID, status: 'awaiting_confirmation', amountMinor: 25_000, ...overrides });

describe('the confirmation window in French', () => {
  it('words every label, status and button in French', async () => {
    const { container } = render(<ConfirmPayment intentId={INTENT_ID} ask={askAnswering(awaiting())} language="fr" />);
    await screen.findByRole('heading', { name: 'Confirmez ce paiement' });
    for (const label of ['À', 'Montant', 'Motif', 'Tweet']) expect(screen.getByText(label)).toBeTruthy();
    expect(container.querySelector('[data-field="status"]')?.textContent).toBe('Confirmez pour envoyer l’argent.');
    expect(screen.getByRole('button', { name: 'Confirmer' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Annuler le paiement' })).toBeTruthy();
  });

  it('says why a failed payment failed, in French', async () => {
    const failed = awaiting({ status: 'failed', failureReason: 'insufficient-funds' });
    const { container } = render(<ConfirmPayment intentId={INTENT_ID} ask={askAnswering(failed)} language="fr" />);
    await screen.findByRole('heading', { name: 'Paiement' });
    expect(container.querySelector('[data-field="status"]')?.textContent).toBe(
      'Ce paiement n’a pas pu être fait. Votre solde est trop bas pour ce paiement.',
    );
  });
});

describe('the step-up check of large payments', () => {
  it('keeps Confirm off until the amount is typed again, exactly', async () => {
    const decided: string[] = [];
    render(
      <ConfirmPayment
        intentId={INTENT_ID}
        ask={askAnswering(awaiting(), decided)}
        language="en"
        stepUpThresholdMinor={{ EUR: 10_000 }}
      />,
    );
    const confirm = (await screen.findByRole('button', { name: 'Confirm' })) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    const retype = screen.getByLabelText('Amount again');
    fireEvent.input(retype, { target: { value: '250.01' } });
    expect(confirm.disabled).toBe(true);
    fireEvent.input(retype, { target: { value: '$250.00' } });
    expect(confirm.disabled).toBe(true);
    fireEvent.input(retype, { target: { value: '250,00 €' } });
    expect(confirm.disabled).toBe(false);
    fireEvent.click(confirm);
    await screen.findByRole('heading', { name: 'Payment' });
    expect(decided).toEqual(['confirm']);
  });

  it('asks nothing more below the threshold or in another currency', async () => {
    for (const thresholds of [{ EUR: 30_000 }, { USD: 100 }, undefined]) {
      render(<ConfirmPayment intentId={INTENT_ID} ask={askAnswering(awaiting())} stepUpThresholdMinor={thresholds} />);
      const confirm = (await screen.findByRole('button', { name: 'Confirm' })) as HTMLButtonElement;
      expect(confirm.disabled).toBe(false);
      expect(screen.queryByLabelText('Amount again')).toBeNull();
      cleanup();
    }
  });
});

describe('the pay sheet in French', () => {
  it('words its title, labels, preview and buttons in French', async () => {
    render(
      <PaySheet
        payeeHandle="bob"
        inReplyToTweetId="1900"
        defaultCurrency="EUR"
        language="fr"
        theme="light"
        origin="https://x.com"
        ask={(async () => ({ ok: false, error: { code: 'x', message: 'x' } })) as AskBackground}
        navigate={() => {}}
        onClose={() => {}}
      />,
    );
    expect(screen.getByRole('heading', { name: 'Payer @bob' })).toBeTruthy();
    fireEvent.input(screen.getByLabelText('Montant'), { target: { value: '12,50' } });
    expect(screen.getByLabelText('Devise')).toBeTruthy();
    expect(screen.getByLabelText('Motif (facultatif)')).toBeTruthy();
    await waitFor(() =>
      expect(document.querySelector('.preview')?.textContent).toBe(
        'Vous paierez 12,50\u00A0€ à @bob une fois le tweet publié et le paiement confirmé.',
      ),
    );
    expect(screen.getByRole('button', { name: 'Rédiger le tweet' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Fermer' })).toBeTruthy();
  });
});
