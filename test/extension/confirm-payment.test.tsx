import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfirmPayment } from '../../extension/components/ConfirmPayment';
import { PopupPanel } from '../../extension/components/PopupPanel';
import type { AskBackground } from '../../extension/lib/messages';
import type { PaymentIntent } from '../../shared/contract/payments';
import { makeIntent } from './support/fake-worker';

afterEach(cleanup);

const INTENT_ID = `pi_${'c'.repeat(22)}`;

function scriptedAsk(handlers: Record<string, (request: unknown) => unknown>): { ask: AskBackground; log: string[] } {
  const log: string[] = [];
  const ask = (async (action: string, request: unknown) => {
    log.push(action);
    const handler = handlers[action];
    if (handler === undefined) return { ok: false, error: { code: 'unexpected', message: `unexpected ${action}` } };
    return handler(request);
  }) as AskBackground;
  return { ask, log };
}

function awaiting(overrides: Partial<PaymentIntent> = {}): PaymentIntent {
  return makeIntent({
    id: INTENT_ID,
    status: 'awaiting_confirmation',
    payee: { xUserId: '1002', username: 'bob', name: '<img src=x onerror=alert(1)> Bob' },
    memo: 'pizza 🍕',
    language: 'fr',
    tweet: {
      rootId: '1900',
      id: '1901',
      text: 'Je paie 12,50 € à @bob pour pizza (edited) via #Hashpay',
      url: 'https://x.com/alice/status/1901',
    },
    ...overrides,
  });
}

describe('the confirmation window', () => {
  it('shows the payee as the API reports them, the amount, the memo and the final tweet text, as text', async () => {
    const { ask } = scriptedAsk({ 'get-intent': () => ({ ok: true, value: { intent: awaiting() } }) });
    const { container } = render(<ConfirmPayment intentId={INTENT_ID} ask={ask} />);
    await screen.findByText('Confirm this payment');
    const field = (name: string) => container.querySelector(`[data-field="${name}"]`)?.textContent;
    expect(field('payee')).toBe('<img src=x onerror=alert(1)> Bob @bob');
    expect(container.querySelector('img')).toBeNull();
    expect(field('amount')).toBe('12,50\u00A0€');
    expect(field('memo')).toBe('pizza 🍕');
    expect(field('tweet')).toBe('Je paie 12,50 € à @bob pour pizza (edited) via #Hashpay');
  });

  it('confirms through the background and shows the settled payment', async () => {
    const confirmed: unknown[] = [];
    const { ask } = scriptedAsk({
      'get-intent': () => ({ ok: true, value: { intent: awaiting() } }),
      confirm: (request) => {
        confirmed.push(request);
        return { ok: true, value: { intent: awaiting({ status: 'settled' }) } };
      },
    });
    const { container } = render(<ConfirmPayment intentId={INTENT_ID} ask={ask} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(container.querySelector('main')?.getAttribute('data-status')).toBe('settled'));
    expect(confirmed).toEqual([{ intentId: INTENT_ID }]);
    expect(screen.queryByRole('button', { name: 'Confirm' })).toBeNull();
  });

  it('cancels through the background', async () => {
    const { ask, log } = scriptedAsk({
      'get-intent': () => ({ ok: true, value: { intent: awaiting() } }),
      cancel: () => ({ ok: true, value: { intent: awaiting({ status: 'cancelled' }) } }),
    });
    render(<ConfirmPayment intentId={INTENT_ID} ask={ask} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel payment' }));
    await screen.findByText('Cancelled. Nothing was sent.');
    expect(log).toEqual(['get-intent', 'cancel']);
  });

  it('offers no Confirm for a payment that failed, and says why', async () => {
    const failed = awaiting({ status: 'failed', failureReason: 'insufficient-funds' });
    const { ask } = scriptedAsk({ 'get-intent': () => ({ ok: true, value: { intent: failed } }) });
    render(<ConfirmPayment intentId={INTENT_ID} ask={ask} />);
    await screen.findByText(/Your balance is too low for this payment\./);
    expect(screen.queryByRole('button', { name: 'Confirm' })).toBeNull();
  });

  it('shows the background’s error when the intent cannot be read', async () => {
    const { ask } = scriptedAsk({
      'get-intent': () => ({ ok: false, error: { code: 'not-linked', message: 'Link your X account first.' } }),
    });
    render(<ConfirmPayment intentId={INTENT_ID} ask={ask} />);
    await screen.findByText('Your X account is no longer linked. Link it again.');
  });
});

describe('the popup', () => {
  it('offers to link when not linked, and shows the account and awaiting payments once linked', async () => {
    const opened: unknown[] = [];
    const { ask } = scriptedAsk({
      'get-me': () => ({ ok: true, value: { user: null } }),
      'link-account': () => ({
        ok: true,
        value: { user: { id: 'usr_1', xUserId: '1001', username: 'alice', name: 'Alice' } },
      }),
      'list-awaiting': () => ({ ok: true, value: { intents: [awaiting()] } }),
      'open-confirmation': (request) => {
        opened.push(request);
        return { ok: true, value: { opened: true } };
      },
    });
    const { container } = render(<PopupPanel ask={ask} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Link your X account' }));
    await screen.findByText('@alice');
    expect(container.querySelector('[data-intent]')?.textContent).toContain('12,50\u00A0€ to @bob');
    fireEvent.click(screen.getByRole('button', { name: 'Review' }));
    expect(opened).toEqual([{ intentId: INTENT_ID }]);
  });
});

describe('the confirmation window, when the tweet changes', () => {
  it('shows the text of an edit that keeps the payment, read again while it waits', async () => {
    let reads = 0;
    const edited = awaiting({
      tweet: {
        rootId: '1900',
        id: '1902',
        text: 'Je paie 12,50 € à @bob pour pizza & bière via #Hashpay',
        url: 'https://x.com/alice/status/1902',
      },
    });
    const { ask } = scriptedAsk({
      'get-intent': () => {
        reads += 1;
        return { ok: true, value: { intent: reads === 1 ? awaiting() : edited } };
      },
    });
    const { container } = render(<ConfirmPayment intentId={INTENT_ID} ask={ask} refreshMs={20} />);
    await waitFor(() =>
      expect(container.querySelector('[data-field="tweet"]')?.textContent).toBe(
        'Je paie 12,50 € à @bob pour pizza & bière via #Hashpay',
      ),
    );
    expect(screen.getByRole('button', { name: 'Confirm' })).toBeTruthy();
  });

  it('says the reservation was released when Confirm finds the tweet edited', async () => {
    const released = awaiting({ status: 'failed', failureReason: 'tweet-edited' });
    let reads = 0;
    const { ask } = scriptedAsk({
      'get-intent': () => {
        reads += 1;
        return { ok: true, value: { intent: reads === 1 ? awaiting() : released } };
      },
      confirm: () => ({ ok: false, error: { code: 'tweet-edited', message: 'edited' } }),
    });
    const { container } = render(<ConfirmPayment intentId={INTENT_ID} ask={ask} refreshMs={60_000} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Confirm' }));
    await screen.findByRole('alert');
    await waitFor(() =>
      expect(container.querySelector('[data-field="status"]')?.textContent).toContain(
        'The tweet was edited and no longer states this payment.',
      ),
    );
    expect(screen.queryByRole('button', { name: 'Confirm' })).toBeNull();
  });
});
