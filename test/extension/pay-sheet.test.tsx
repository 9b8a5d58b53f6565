import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { PaySheet } from '../../extension/components/PaySheet';
import { MESSAGES } from '../../extension/lib/i18n';
import type { ActionName, ActionRequest, ActionResult, AskBackground, PayContext } from '../../extension/lib/messages';
import { AMOUNT_MESSAGE_KEYS, checkPayForm, MEMO_MESSAGE_KEYS, PAYEE_MESSAGE_KEY } from '../../extension/lib/pay-form';
import type { Language } from '../../shared/language';
import { MEMO_LENGTH_MAX } from '../../shared/tweet-format';

afterEach(cleanup);

interface Asked {
  action: ActionName;
  request: unknown;
}

/** What the background knows before a draft; by default nobody is linked, so the sheet checks nothing more. */
const NOT_LINKED: PayContext = { user: null, wallet: [], limits: null, recentPayees: [], lastCurrency: null };

function fakeAsk(
  answers: Array<ActionResult<'create-payment-intent'>>,
  payContext: PayContext = NOT_LINKED,
): { ask: AskBackground; asked: Asked[] } {
  const asked: Asked[] = [];
  const ask = (async <Name extends ActionName>(action: Name, request: ActionRequest<Name>) => {
    if (action === 'get-pay-context') return { ok: true, value: payContext };
    // The payee card (payee-card.test.tsx): none here.
    if (action === 'get-person') return { ok: true, value: { person: null } };
    asked.push({ action, request });
    const answer = answers.shift();
    if (answer === undefined) throw new Error('no answer prepared');
    return answer;
  }) as AskBackground;
  return { ask, asked };
}

const TWEET_TEXT = 'Paying @bob €12.50 for pizza via #Hashpay HP-0000000X';

const SHEET_LABELS: Record<Language, { amount: string; currency: string; memo: string; draft: string }> = {
  en: { amount: 'Amount', currency: 'Currency', memo: 'Memo (optional)', draft: 'Draft tweet' },
  fr: { amount: 'Montant', currency: 'Devise', memo: 'Motif (facultatif)', draft: 'Rédiger le tweet' },
};

function renderSheet(
  ask: AskBackground,
  overrides: { defaultCurrency?: 'USD' | 'EUR'; language?: Language; payeeHandle?: string } = {},
) {
  const language = overrides.language ?? 'en';
  const labels = SHEET_LABELS[language];
  const navigated: string[] = [];
  let closed = 0;
  render(
    <PaySheet
      payeeHandle={overrides.payeeHandle ?? 'bob'}
      inReplyToTweetId="1850000000000000001"
      defaultCurrency={overrides.defaultCurrency ?? 'USD'}
      language={language}
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
    amount: screen.getByLabelText(labels.amount) as HTMLInputElement,
    currency: screen.getByLabelText(labels.currency) as HTMLSelectElement,
    memo: screen.getByLabelText(labels.memo) as HTMLInputElement,
    draft: screen.getByRole('button', { name: labels.draft }) as HTMLButtonElement,
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
    // The sheet's language reads grouping: in English `.` before 3 digits is a decimal mark.
    ['1.234', 'Too many decimals for this currency.'],
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
    await screen.findByText('Hashpay cannot be reached. Check your connection and try again.');
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
    await screen.findByText('Your balance is too low for this payment.');
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

describe('the pay sheet in French', () => {
  it.each([
    ['abc', 'Saisissez un montant comme 12,50 € ou 12.50.'],
    ['0', 'Le montant doit être supérieur à zéro.'],
    ['12.5055', 'Trop de décimales pour cette devise.'],
    // In French `,` before 3 digits is a decimal mark.
    ['1,234', 'Trop de décimales pour cette devise.'],
    ['5 francs', 'Quel franc ? Écrivez CHF pour le franc suisse.'],
    ['99999999999', 'C’est au-dessus du plus gros paiement possible.'],
  ])('says what is wrong with %s in French', (text, message) => {
    const sheet = renderSheet(fakeAsk([]).ask, { language: 'fr' });
    fireEvent.input(sheet.amount, { target: { value: text } });
    expect(screen.getByText(message)).toBeTruthy();
    expect(sheet.draft.disabled).toBe(true);
  });

  it('words the memo rules in French, the length with its limit', () => {
    const sheet = renderSheet(fakeAsk([]).ask, { language: 'fr' });
    fireEvent.input(sheet.amount, { target: { value: '10' } });
    fireEvent.input(sheet.memo, { target: { value: 'pizza HP-ABCDEFGH' } });
    expect(screen.getByText('Le motif ne doit pas contenir de code de référence Hashpay.')).toBeTruthy();
    fireEvent.input(sheet.memo, { target: { value: 'x'.repeat(MEMO_LENGTH_MAX + 1) } });
    expect(screen.getByText(`Le motif dépasse ${MEMO_LENGTH_MAX} caractères.`)).toBeTruthy();
    expect(sheet.draft.disabled).toBe(true);
  });

  it('says in French when the tweet’s author cannot be read', () => {
    renderSheet(fakeAsk([]).ask, { language: 'fr', payeeHandle: 'not a handle' });
    expect(screen.getByText('Impossible de lire l’auteur de ce tweet.')).toBeTruthy();
  });

  it('words a known background error in French', async () => {
    const { ask } = fakeAsk([{ ok: false, error: { code: 'network', message: 'Hashpay cannot be reached.' } }]);
    const sheet = renderSheet(ask, { language: 'fr' });
    fireEvent.input(sheet.amount, { target: { value: '10' } });
    fireEvent.click(sheet.draft);
    await screen.findByText(MESSAGES.fr['error.network']);
    expect(sheet.navigated).toEqual([]);
  });
});

describe('the pay form’s words', () => {
  const keys = [...Object.values(AMOUNT_MESSAGE_KEYS), ...Object.values(MEMO_MESSAGE_KEYS), PAYEE_MESSAGE_KEY];

  it.each([...new Set(keys)])('%s exists in English and French, and they differ', (key) => {
    expect(MESSAGES.en[key].trim()).not.toBe('');
    expect(MESSAGES.fr[key].trim()).not.toBe('');
    expect(MESSAGES.fr[key]).not.toBe(MESSAGES.en[key]);
  });

  it('answers each refusal in the language asked, never English for French', () => {
    const input = { payeeHandle: 'bob', amountText: 'abc', currency: 'EUR' as const, memo: 'piz\u202Eza' };
    const en = checkPayForm(input, 'en');
    const fr = checkPayForm(input, 'fr');
    expect(en).toEqual({
      ok: false,
      amountError: MESSAGES.en['sheet.amount.not-a-number'],
      memoError: MESSAGES.en['sheet.memo.hidden-character'],
      payeeError: null,
    });
    expect(fr).toEqual({
      ok: false,
      amountError: MESSAGES.fr['sheet.amount.not-a-number'],
      memoError: MESSAGES.fr['sheet.memo.hidden-character'],
      payeeError: null,
    });
  });
});

describe('checkPayForm', () => {
  it('gives integer minor units, never a float', () => {
    const check = checkPayForm({ payeeHandle: 'bob', amountText: '0.1', currency: 'EUR', memo: '' }, 'en');
    expect(check).toEqual({ ok: true, amountMinor: 10, currency: 'EUR', memo: undefined });
    const yen = checkPayForm({ payeeHandle: 'bob', amountText: '¥1,500', currency: 'EUR', memo: '' }, 'en');
    expect(yen).toEqual({ ok: true, amountMinor: 1500, currency: 'JPY', memo: undefined });
  });

  it('refuses a payee that is not a handle', () => {
    const check = checkPayForm({ payeeHandle: 'bob smith', amountText: '5', currency: 'EUR', memo: '' }, 'en');
    expect(check.ok).toBe(false);
    expect(!check.ok && check.payeeError).toBeTruthy();
  });
});
