import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { PaySheet, type PaySheetMode } from '../../extension/components/PaySheet';
import { defaultSheetCurrency } from '../../extension/lib/currency-default';
import type { ActionName, ActionRequest, AskBackground, PayContext } from '../../extension/lib/messages';
import type { Language } from '../../shared/language';
import { makePot } from './support/pots';

/**
 * The sheet refuses before drafting what the worker would refuse once the tweet is public, and
 * starts in the currency the wallet holds: checked against the context the background answers.
 */

afterEach(cleanup);

const ALICE = { username: 'alice', xUserId: '1700000000000000001' };

function context(overrides: Partial<PayContext> = {}): PayContext {
  return {
    user: ALICE,
    wallet: [{ currency: 'EUR', availableMinor: 5_000 }],
    limits: [
      { currency: 'EUR', perPaymentMaxMinor: 25_000, perDayMaxMinor: 25_000, perDayRemainingMinor: 3_000 },
      { currency: 'USD', perPaymentMaxMinor: 25_000, perDayMaxMinor: 25_000, perDayRemainingMinor: 25_000 },
    ],
    recentPayees: [],
    lastCurrency: null,
    ...overrides,
  };
}

function renderSheet(
  payContext: PayContext,
  props: {
    payeeHandle?: string;
    mentionedHandles?: string[];
    pageAccountHandle?: string | null;
    language?: Language;
    mode?: PaySheetMode;
  } = {},
) {
  const drafts: unknown[] = [];
  const contextAsks: unknown[] = [];
  const ask = (async <Name extends ActionName>(action: Name, request: ActionRequest<Name>) => {
    if (action === 'get-pay-context') {
      contextAsks.push(request);
      return { ok: true, value: payContext };
    }
    // The payee card (payee-card.test.tsx): none here.
    if (action === 'get-person') return { ok: true, value: { person: null } };
    drafts.push(request);
    return { ok: true, value: { intentId: `pi_${'a'.repeat(22)}`, tweetText: 'text' } };
  }) as AskBackground;
  render(
    <PaySheet
      payeeHandle={props.payeeHandle ?? 'bob'}
      mentionedHandles={props.mentionedHandles}
      pageAccountHandle={props.pageAccountHandle}
      mode={props.mode}
      inReplyToTweetId="1850000000000000001"
      defaultCurrency="USD"
      language={props.language ?? 'en'}
      theme="light"
      origin="http://127.0.0.1:4321"
      ask={ask}
      navigate={() => {}}
      onClose={() => {}}
    />,
  );
  const labels =
    props.language === 'fr'
      ? { amount: 'Montant', currency: 'Devise', draft: 'Rédiger le tweet' }
      : { amount: 'Amount', currency: 'Currency', draft: 'Draft tweet' };
  return {
    drafts,
    contextAsks,
    amount: screen.getByLabelText(labels.amount) as HTMLInputElement,
    currency: screen.getByLabelText(labels.currency) as HTMLSelectElement,
    draft: screen.getByRole('button', { name: labels.draft }) as HTMLButtonElement,
  };
}

async function fundsShown(): Promise<string> {
  await waitFor(() => expect(document.querySelector('[data-hashpay-funds]')).not.toBeNull());
  return document.querySelector('[data-hashpay-funds]')!.textContent ?? '';
}

function amountError(): string {
  return document.getElementById('hashpay-amount-error')?.textContent ?? '';
}

describe('the pay sheet before drafting', () => {
  it('starts in the wallet’s currency and shows the balance and what is left today', async () => {
    const sheet = renderSheet(context());
    await waitFor(() => expect(sheet.currency.value).toBe('EUR'));
    expect(await fundsShown()).toBe('Available: €50.00 · Left today: €30.00');
    expect(sheet.contextAsks).toEqual([{ payeeHandle: 'bob' }]);
  });

  it('refuses more than the balance, and Draft stays disabled', async () => {
    const sheet = renderSheet(context({ limits: null }));
    await fundsShown();
    fireEvent.input(sheet.amount, { target: { value: '50.01' } });
    expect(amountError()).toBe('That is more than your balance: €50.00 available.');
    expect(sheet.draft.disabled).toBe(true);
    fireEvent.input(sheet.amount, { target: { value: '50' } });
    expect(amountError()).toBe('');
    expect(sheet.draft.disabled).toBe(false);
  });

  it('refuses more than is left of today’s limit, naming what is left', async () => {
    const sheet = renderSheet(context());
    await fundsShown();
    fireEvent.input(sheet.amount, { target: { value: '30.01' } });
    expect(amountError()).toBe('That is above what is left of today’s limit: €30.00.');
    expect(sheet.draft.disabled).toBe(true);
    fireEvent.click(sheet.draft);
    expect(sheet.drafts).toEqual([]);
  });

  it('refuses more than the limit per payment', async () => {
    const wallet = [{ currency: 'EUR' as const, availableMinor: 90_000 }];
    const limits = [
      { currency: 'EUR' as const, perPaymentMaxMinor: 25_000, perDayMaxMinor: 25_000, perDayRemainingMinor: 25_000 },
    ];
    const sheet = renderSheet(context({ wallet, limits }), { language: 'fr' });
    await fundsShown();
    fireEvent.input(sheet.amount, { target: { value: '250,01 €' } });
    // French puts a narrow no-break space before the euro sign.
    expect(amountError().replace(/\s/gu, ' ')).toBe('C’est au-dessus de la limite de 250,00 € par paiement.');
  });

  it('refuses paying oneself whatever the amount', async () => {
    const sheet = renderSheet(context(), { payeeHandle: 'ALICE' });
    await waitFor(() => expect(amountError()).toBe('You cannot pay yourself.'));
    fireEvent.input(sheet.amount, { target: { value: '1' } });
    expect(sheet.draft.disabled).toBe(true);
  });

  it('checks a donation against the balance, leaving its limits to the worker', async () => {
    const limits = [
      { currency: 'EUR' as const, perPaymentMaxMinor: 100, perDayMaxMinor: 100, perDayRemainingMinor: 0 },
    ];
    const sheet = renderSheet(context({ limits }), { mode: { kind: 'donation', organisationName: 'Food Bank' } });
    expect(await fundsShown()).toBe('Available: €50.00');
    fireEvent.input(sheet.amount, { target: { value: '20' } });
    expect(sheet.draft.disabled).toBe(false);
    fireEvent.input(sheet.amount, { target: { value: '60' } });
    expect(amountError()).toContain('more than your balance');
  });

  it('offers only a pot’s own currency, whatever the wallet holds', async () => {
    const pot = makePot({ currency: 'USD' });
    const sheet = renderSheet(context(), { mode: { kind: 'contribution', pot } });
    await fundsShown();
    expect(sheet.currency.value).toBe('USD');
    expect(sheet.currency.disabled).toBe(true);
    fireEvent.input(sheet.amount, { target: { value: '5 €' } });
    expect(amountError()).toBe('This pot collects USD only.');
  });

  it('says so when the page is signed in to another X account than the linked one', async () => {
    renderSheet(context(), { pageAccountHandle: 'mallory' });
    await waitFor(() => expect(document.querySelector('[data-hashpay-other-account]')).not.toBeNull());
    expect(document.querySelector('[data-hashpay-other-account]')!.textContent).toContain('@mallory');
    expect(document.querySelector('[data-hashpay-other-account]')!.textContent).toContain('@alice');
  });

  it('says nothing when the page’s account is the linked one, whatever the case', async () => {
    renderSheet(context(), { pageAccountHandle: 'Alice' });
    await fundsShown();
    expect(document.querySelector('[data-hashpay-other-account]')).toBeNull();
  });

  it('offers the tweet’s mentions and the recent payees as payees, and drafts to the one chosen', async () => {
    const sheet = renderSheet(context({ recentPayees: ['dave', 'bob', 'alice'] }), {
      mentionedHandles: ['carol', 'Bob'],
    });
    await fundsShown();
    const payee = screen.getByLabelText('To') as HTMLSelectElement;
    expect(Array.from(payee.options, (option) => option.value)).toEqual(['bob', 'carol', 'dave']);
    fireEvent.change(payee, { target: { value: 'carol' } });
    await waitFor(() => expect(sheet.contextAsks).toEqual([{ payeeHandle: 'bob' }, { payeeHandle: 'carol' }]));
    fireEvent.input(sheet.amount, { target: { value: '10' } });
    fireEvent.click(sheet.draft);
    await waitFor(() => expect(sheet.drafts).toHaveLength(1));
    expect(sheet.drafts[0]).toMatchObject({ payeeHandle: 'carol', amountMinor: 1_000, currency: 'EUR' });
  });

  it('keeps the focus inside the sheet with Tab and Shift+Tab', async () => {
    const sheet = renderSheet(context());
    await fundsShown();
    const close = screen.getByRole('button', { name: 'Close' });
    fireEvent.input(sheet.amount, { target: { value: '10' } });
    sheet.draft.focus();
    fireEvent.keyDown(sheet.draft, { key: 'Tab' });
    expect(document.activeElement).toBe(sheet.amount);
    fireEvent.keyDown(sheet.amount, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(sheet.draft);
    expect(close).toBeDefined();
  });
});

describe('the sheet’s first currency', () => {
  it('is the one the wallet holds, before the locale’s', () => {
    expect(
      defaultSheetCurrency({
        wallet: [{ currency: 'EUR', availableMinor: 1 }],
        lastCurrency: null,
        localeCurrency: 'USD',
      }),
    ).toBe('EUR');
  });

  it('is the last one used with this payee among several the wallet holds', () => {
    const wallet = [
      { currency: 'EUR' as const, availableMinor: 100 },
      { currency: 'GBP' as const, availableMinor: 100 },
    ];
    expect(defaultSheetCurrency({ wallet, lastCurrency: 'GBP', localeCurrency: 'USD' })).toBe('GBP');
    expect(defaultSheetCurrency({ wallet, lastCurrency: 'CHF', localeCurrency: 'USD' })).toBe('EUR');
  });

  it('is the last one used with this payee, then the locale’s, for an empty wallet', () => {
    const wallet = [{ currency: 'EUR' as const, availableMinor: 0 }];
    expect(defaultSheetCurrency({ wallet, lastCurrency: 'CAD', localeCurrency: 'USD' })).toBe('CAD');
    expect(defaultSheetCurrency({ wallet, lastCurrency: null, localeCurrency: 'JPY' })).toBe('JPY');
  });
});
