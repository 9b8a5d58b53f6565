import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { PaySheet } from '../../extension/components/PaySheet';
import type { ActionName, ActionRequest, ActionResult, AskBackground } from '../../extension/lib/messages';
import { checkPayForm } from '../../extension/lib/pay-form';

afterEach(cleanup);

interface Asked {
  action: ActionName;
  request: unknown;
}

function fakeAsk(answers: Array<ActionResult<'create-payment-intent'>>): { ask: AskBackground; asked: Asked[] } {
  const asked: Asked[] = [];
  const ask = (async <Name extends ActionName>(action: Name, request: ActionRequest<Name>) => {
    asked.push({ action, request });
    const answer = answers.shift();
    if (answer === undefined) throw new Error('no answer prepared');
    return answer;
  }) as AskBackground;
  return { ask, asked };
}

const TWEET_TEXT = 'Paying @bob €12.50 for pizza via #Hashpay HP-0000000X';

function renderSheet(ask: AskBackground, overrides: { defaultCurrency?: 'USD' | 'EUR' } = {}) {
  const navigated: string[] = [];
  let closed = 0;
  render(
    <PaySheet
      payeeHandle="bob"
      inReplyToTweetId="1850000000000000001"
      defaultCurrency={overrides.defaultCurrency ?? 'USD'}
      language="en"
      theme="light"
      origin="http://127.0.0.1:4321"
      ask={ask}
      navigate={(url) => navigated.push(url)}
      onClose={() => {
        closed += 1;
      }}
    />,
  );
  return {
    navigated,
    closedCount: () => closed,
    amount: screen.getByLabelText('Amount') as HTMLInputElement,
    currency: screen.getByLabelText('Currency') as HTMLSelectElement,
    memo: screen.getByLabelText('Memo (optional)') as HTMLInputElement,
    draft: screen.getByRole('button', { name: 'Draft tweet' }) as HTMLButtonElement,
  };
}

describe('the pay sheet', () => {
  it('starts on the amount with the default currency and Draft disabled', () => {
    const sheet = renderSheet(fakeAsk([]).ask);
    expect(document.activeElement).toBe(sheet.amount);
    expect(sheet.currency.value).toBe('USD');
    expect(sheet.draft.disabled).toBe(true);
    expect(screen.getByRole('dialog').getAttribute('aria-label')).toBe('Pay @bob');
  });

  it('reads a French amount with its currency and moves the currency select to it', () => {
    const sheet = renderSheet(fakeAsk([]).ask);
    fireEvent.input(sheet.amount, { target: { value: '12,50 €' } });
    expect(sheet.currency.value).toBe('EUR');
    expect(sheet.draft.disabled).toBe(false);
    expect(screen.getByText(/You will pay @bob €12\.50/)).toBeTruthy();
  });

  it.each([
    ['abc', 'Enter an amount such as 12.50 or 12,50 €.'],
    ['0', 'The amount must be above zero.'],
    ['-5', 'The amount must be above zero.'],
    ['12.5055', 'Too many decimals for this currency.'],
    ['1,234', 'Is that a decimal mark? Write 1234 or 1.23 (or 1,23).'],
    ['5 francs', 'Which franc? Write CHF for Swiss francs.'],
    ['99999999999', 'That is above the largest payment.'],
  ])('says what is wrong with %s as it is typed, and keeps Draft disabled', (text, message) => {
    const sheet = renderSheet(fakeAsk([]).ask);
    fireEvent.input(sheet.amount, { target: { value: text } });
    expect(screen.getByText(message)).toBeTruthy();
    expect(sheet.amount.getAttribute('aria-invalid')).toBe('true');
    expect(sheet.draft.disabled).toBe(true);
  });

  it('refuses a memo carrying a reference code or a hidden character', () => {
    const sheet = renderSheet(fakeAsk([]).ask);
    fireEvent.input(sheet.amount, { target: { value: '10' } });
    fireEvent.input(sheet.memo, { target: { value: 'pizza HP-ABCDEFGH' } });
    expect(screen.getByText('The memo must not contain a Hashpay reference code.')).toBeTruthy();
    expect(sheet.draft.disabled).toBe(true);
    fireEvent.input(sheet.memo, { target: { value: 'piz\u202Eza' } });
    expect(screen.getByText('The memo contains a hidden character.')).toBeTruthy();
    fireEvent.input(sheet.memo, { target: { value: 'pizza' } });
    expect(sheet.draft.disabled).toBe(false);
  });

  it('drafts: asks the background for the intent, closes, and opens the compose intent with its text', async () => {
    const { ask, asked } = fakeAsk([{ ok: true, value: { intentId: `pi_${'a'.repeat(22)}`, tweetText: TWEET_TEXT } }]);
    const sheet = renderSheet(ask);
    fireEvent.input(sheet.amount, { target: { value: '12,50 €' } });
    fireEvent.input(sheet.memo, { target: { value: '  pizza  ' } });
    fireEvent.click(sheet.draft);
    await waitFor(() => expect(sheet.navigated).toHaveLength(1));
    expect(asked).toEqual([
      {
        action: 'create-payment-intent',
        request: {
          payeeHandle: 'bob',
          amountMinor: 1250,
          currency: 'EUR',
          memo: 'pizza',
          language: 'en',
          inReplyToTweetId: '1850000000000000001',
          requestId: expect.stringMatching(/^[A-Za-z0-9_-]{16,64}$/),
        },
      },
    ]);
    expect(sheet.navigated[0]).toBe(
      `http://127.0.0.1:4321/intent/post?text=${encodeURIComponent(TWEET_TEXT)}&in_reply_to=1850000000000000001`,
    );
    expect(sheet.closedCount()).toBe(1);
  });

  it('shows the background’s refusal, opens nothing, and retries with the same request id', async () => {
    const { ask, asked } = fakeAsk([
      { ok: false, error: { code: 'network', message: 'Hashpay cannot be reached.' } },
      { ok: true, value: { intentId: `pi_${'a'.repeat(22)}`, tweetText: TWEET_TEXT } },
    ]);
    const sheet = renderSheet(ask);
    fireEvent.input(sheet.amount, { target: { value: '10' } });
    fireEvent.click(sheet.draft);
    await screen.findByText('Hashpay cannot be reached.');
    expect(sheet.navigated).toEqual([]);
    fireEvent.click(sheet.draft);
    await waitFor(() => expect(sheet.navigated).toHaveLength(1));
    const [first, second] = asked.map((entry) => (entry.request as { requestId: string }).requestId);
    expect(second).toBe(first);
  });

  it('uses a new request id when the draft changed', async () => {
    const { ask, asked } = fakeAsk([
      { ok: false, error: { code: 'insufficient-funds', message: 'Your balance is too low.' } },
      { ok: true, value: { intentId: `pi_${'a'.repeat(22)}`, tweetText: TWEET_TEXT } },
    ]);
    const sheet = renderSheet(ask);
    fireEvent.input(sheet.amount, { target: { value: '10' } });
    fireEvent.click(sheet.draft);
    await screen.findByText('Your balance is too low.');
    fireEvent.input(sheet.amount, { target: { value: '5' } });
    fireEvent.click(sheet.draft);
    await waitFor(() => expect(sheet.navigated).toHaveLength(1));
    const [first, second] = asked.map((entry) => (entry.request as { requestId: string }).requestId);
    expect(second).not.toBe(first);
  });

  it('closes with Escape', () => {
    const sheet = renderSheet(fakeAsk([]).ask);
    fireEvent.keyDown(sheet.amount, { key: 'Escape' });
    expect(sheet.closedCount()).toBe(1);
  });
});

describe('checkPayForm', () => {
  it('gives integer minor units, never a float', () => {
    const check = checkPayForm({ payeeHandle: 'bob', amountText: '0.1', currency: 'EUR', memo: '' });
    expect(check).toEqual({ ok: true, amountMinor: 10, currency: 'EUR', memo: undefined });
    const yen = checkPayForm({ payeeHandle: 'bob', amountText: '¥1,500', currency: 'EUR', memo: '' });
    expect(yen).toEqual({ ok: true, amountMinor: 1500, currency: 'JPY', memo: undefined });
  });

  it('refuses a payee that is not a handle', () => {
    const check = checkPayForm({ payeeHandle: 'bob smith', amountText: '5', currency: 'EUR', memo: '' });
    expect(check.ok).toBe(false);
    expect(!check.ok && check.payeeError).toBeTruthy();
  });
});
