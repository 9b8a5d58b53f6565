import { cleanup, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfirmPayment, formatCountdown } from '../../extension/components/ConfirmPayment';
import { TweetAnswer } from '../../extension/components/TweetAnswer';
import { addPayButton } from '../../extension/features/pay-button';
import { createPaymentStatus } from '../../extension/features/payment-status';
import type { AskBackground } from '../../extension/lib/messages';
import { paymentMarks } from '../../extension/lib/payment-marks';
import type { ReadableRefusal } from '../../extension/lib/readable-answers';
import type { PaymentIntent } from '../../shared/contract/payments';
import { EXPECTED_TWEETS, loadFixture } from './fixtures';
import { makeIntent } from './support/fake-worker';

// The answers about a posted tweet: the answer window, a failed payment's next steps, the
// confirmation window's countdown, verified mark, Cancel words and success view, the Not paid mark.

afterEach(() => {
  cleanup();
  document.body.innerHTML = '';
});

const INTENT_ID = `pi_${'d'.repeat(22)}`;

function scriptedAsk(handlers: Record<string, (request: unknown) => unknown>): AskBackground {
  return (async (action: string, request: unknown) => {
    const handler = handlers[action];
    if (handler === undefined) return { ok: false, error: { code: 'unexpected', message: `unexpected ${action}` } };
    return handler(request);
  }) as AskBackground;
}

function refusal(overrides: Partial<ReadableRefusal> = {}): ReadableRefusal {
  return {
    tweetId: '1950',
    tweetUrl: 'https://x.com/alice/status/1950',
    reason: 'unknown-payee',
    text: '@hashpay pay @nobody 5€ <b>lunch</b>',
    intent: null,
    decidedAt: '2026-12-06T01:00:00.000Z',
    ...overrides,
  };
}

describe('the answer window', () => {
  it('says why nothing was paid, what to do next, and links the tweet to delete, as text', async () => {
    const ask = scriptedAsk({ 'get-refusal': () => ({ ok: true, value: { refusal: refusal() } }) });
    const { container } = render(<TweetAnswer tweetId="1950" ask={ask} />);
    await screen.findByText('Not paid');
    const main = container.querySelector('main')!;
    expect(main.dataset.reason).toBe('unknown-payee');
    expect(container.querySelector('[data-field="reason"]')?.textContent).toBe(
      'X has no account with the handle you typed. Nothing was paid and nothing is reserved.',
    );
    expect(container.querySelector('[data-field="next"]')?.textContent).toBe(
      'Delete the tweet, check the handle, and pay again.',
    );
    expect(container.querySelector('[data-field="tweet"]')?.textContent).toBe('@hashpay pay @nobody 5€ <b>lunch</b>');
    expect(container.querySelector('b')).toBeNull();
    expect(container.querySelector('[data-field="tweet-link"]')?.getAttribute('href')).toBe(
      'https://x.com/alice/status/1950',
    );
  });

  it('names the draft a changed tweet was meant for, in French', async () => {
    const intent = makeIntent({ id: INTENT_ID, status: 'awaiting_tweet', amountMinor: 500, language: 'fr' });
    const ask = scriptedAsk({
      'get-refusal': () => ({ ok: true, value: { refusal: refusal({ reason: 'draft-altered', intent }) } }),
    });
    const { container } = render(<TweetAnswer tweetId="1950" ask={ask} language="fr" />);
    await screen.findByText('Non payé');
    expect(container.querySelector('[data-field="draft"]')?.textContent).toBe('Votre brouillon : 5,00\u00A0€ → @bob');
  });

  it('reads a reason added since as other: not paid, with no advice it cannot give', async () => {
    const ask = scriptedAsk({ 'get-refusal': () => ({ ok: true, value: { refusal: refusal({ reason: 'other' }) } }) });
    const { container } = render(<TweetAnswer tweetId="1950" ask={ask} />);
    await screen.findByText('Not paid');
    expect(container.querySelector('[data-field="reason"]')?.textContent).toContain(
      'Hashpay could not use this tweet.',
    );
  });

  it('says so when the background no longer knows the tweet', async () => {
    const ask = scriptedAsk({
      'get-refusal': () => ({ ok: false, error: { code: 'refusal-unknown', message: 'gone' } }),
    });
    render(<TweetAnswer tweetId="1950" ask={ask} />);
    expect((await screen.findByRole('alert')).textContent).toContain('no answer about this tweet');
  });
});

describe('the confirmation window', () => {
  function intentOf(overrides: Partial<PaymentIntent>): PaymentIntent {
    return makeIntent({ id: INTENT_ID, language: 'en', ...overrides });
  }

  it('counts down to the end of the reservation', async () => {
    const nowMs = Date.parse('2026-12-06T01:00:00.000Z');
    const intent = intentOf({ status: 'awaiting_confirmation', confirmBy: '2026-12-06T01:04:05.000Z' });
    const ask = scriptedAsk({ 'get-intent': () => ({ ok: true, value: { intent } }) });
    const { container } = render(<ConfirmPayment intentId={INTENT_ID} ask={ask} now={() => nowMs} />);
    await screen.findByText('Confirm this payment');
    expect(container.querySelector('[data-field="countdown"]')?.textContent).toBe('Expires in 4:05');
    expect(formatCountdown(3_723_000)).toBe('1:02:03');
    expect(formatCountdown(-5)).toBe('0:00');
  });

  it('marks a verified organisation and words Cancel for a donation', async () => {
    const intent = intentOf({
      status: 'awaiting_confirmation',
      purpose: 'donation',
      payee: { xUserId: '1003', username: 'restosducoeur', name: 'Les Restos du Cœur' },
    });
    const ask = scriptedAsk({ 'get-intent': () => ({ ok: true, value: { intent } }) });
    const { container } = render(<ConfirmPayment intentId={INTENT_ID} ask={ask} />);
    await screen.findByText('Confirm this donation');
    expect(container.querySelector('[data-field="verified"]')?.textContent).toBe('✓ Verified organisation');
    expect(screen.getByRole('button', { name: 'Cancel donation' })).toBeTruthy();
  });

  it('shows the new balance and the receipt once settled', async () => {
    const intent = intentOf({ status: 'settled', receiptId: `rcp_${'d'.repeat(22)}` });
    const ask = scriptedAsk({
      'get-intent': () => ({ ok: true, value: { intent } }),
      'get-balances': () => ({
        ok: true,
        value: {
          balances: [{ kind: 'wallet', currency: 'EUR', availableMinor: 8_750, reservedMinor: 0, postedMinor: 8_750 }],
        },
      }),
    });
    const { container } = render(
      <ConfirmPayment
        intentId={INTENT_ID}
        ask={ask}
        receiptUrlOf={(id) => `https://worker.example/v1/receipts/${id}`}
      />,
    );
    await waitFor(() =>
      expect(container.querySelector('[data-field="balance"]')?.textContent).toBe('Your balance: €87.50'),
    );
    expect(container.querySelector('[data-field="receipt"]')?.getAttribute('href')).toBe(
      `https://worker.example/v1/receipts/rcp_${'d'.repeat(22)}`,
    );
  });

  it('tells a payment above the balance what to do next: top up, and delete the tweet', async () => {
    const intent = intentOf({
      status: 'failed',
      failureReason: 'insufficient-funds',
      tweet: { rootId: '1960', id: '1960', text: 'x', url: 'https://x.com/alice/status/1960' },
    });
    const ask = scriptedAsk({ 'get-intent': () => ({ ok: true, value: { intent } }) });
    const { container } = render(
      <ConfirmPayment intentId={INTENT_ID} ask={ask} popupUrl="chrome-extension://id/popup.html" />,
    );
    await screen.findByText('Top up');
    expect(container.querySelector('[data-field="next"]')?.textContent).toBe(
      'Top up your wallet, delete the tweet and draft the payment again.',
    );
    expect(container.querySelector('[data-field="tweet-link"]')?.getAttribute('href')).toBe(
      'https://x.com/alice/status/1960',
    );
  });
});

describe('the Not paid mark', () => {
  const MODAL = 'x-com/conversation-modal-2024-11.html';

  it('marks the tweets the background knows refused, and the one the report answer refuses, never with a ✓', async () => {
    loadFixture(MODAL);
    const [first, second] = EXPECTED_TWEETS[MODAL].filter((tweet) => !tweet.promoted);
    const ask = (async (_action: string, request: { tweetIds: string[] }) => ({
      ok: true,
      value: {
        settledTweetIds: [],
        editedAfterPayment: [],
        notPaidTweetIds: request.tweetIds.filter((id) => id === second!.tweetId),
      },
    })) as unknown as AskBackground;
    const status = createPaymentStatus({ ask, schedule: () => {}, marks: paymentMarks });
    for (const article of document.querySelectorAll('article[data-testid="tweet"]')) {
      addPayButton(article, { openSheet: () => {} });
      status.visit(article);
    }
    await status.flush();
    const marked = () =>
      Array.from(document.querySelectorAll('[data-hashpay="not-paid"]')).map((mark) =>
        mark.closest('article')!.querySelector('time')!.closest('a')!.getAttribute('href')!.split('/').at(-1),
      );
    expect(marked()).toEqual([second!.tweetId]);
    const mark = document.querySelector('[data-hashpay="not-paid"]')!;
    expect(mark.shadowRoot!.querySelector('span')?.textContent).toBe('⊘ Not paid');
    expect(document.querySelectorAll('[data-hashpay="settled"]')).toHaveLength(0);

    // The answer to the user's report marks the other tweet at once.
    status.heard({ outcome: 'not-a-payment', tweetId: first!.tweetId, refusal: refusal({ tweetId: first!.tweetId }) });
    expect(marked().sort()).toEqual([first!.tweetId, second!.tweetId].sort());
    // A report with no refusal marks nothing.
    status.heard({ outcome: 'matched', tweetId: '1' });
    expect(marked()).toHaveLength(2);
  });
});
