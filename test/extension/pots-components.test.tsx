import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfirmPayment } from '../../extension/components/ConfirmPayment';
import { PaySheet, type PaySheetMode } from '../../extension/components/PaySheet';
import { PopupHistory } from '../../extension/components/PopupHistory';
import { translator } from '../../extension/lib/i18n';
import type { ActionName, ActionRequest, ActionResult, AskBackground } from '../../extension/lib/messages';
import type { PaymentIntent } from '../../shared/contract/payments';
import type { Pot } from '../../shared/contract/pots';
import type { Language } from '../../shared/language';
import { ALICE, BOB, makeIntent } from './support/fake-worker';
import { makeOrganisation, makePot, makeProject } from './support/pots';

/** The sheet, the confirmation window and the history rows for donations, pot contributions and pledges. */

afterEach(cleanup);

const ACF = makeOrganisation();
const POT = makePot();
const PROJECT = makeProject({ deadlineAt: '2026-12-31T18:00:00.000Z' });
const NOW_MS = Date.parse('2026-11-25T10:00:00.000Z');
const INTENT_ID = `pi_${'d'.repeat(22)}`;

function intentPotOf(pot: Pot): PaymentIntent['pot'] {
  return { id: pot.id, kind: pot.kind, hashtag: pot.hashtag, title: pot.title, deadlineAt: pot.deadlineAt };
}

function recordingAsk(answers: Partial<Record<ActionName, (request: unknown) => unknown>>) {
  const asked: Array<{ action: ActionName; request: unknown }> = [];
  const ask = (async <Name extends ActionName>(action: Name, request: ActionRequest<Name>) => {
    asked.push({ action, request });
    const answer = answers[action];
    if (answer === undefined) return { ok: false, error: { code: 'unexpected', message: action } };
    return answer(request) as ActionResult<Name>;
  }) as AskBackground;
  return { ask, asked };
}

function renderSheet(mode: PaySheetMode, ask: AskBackground, language: Language = 'en', payeeHandle = 'acf_france') {
  const navigated: string[] = [];
  render(
    <PaySheet
      payeeHandle={payeeHandle}
      mode={mode}
      timeZone="UTC"
      inReplyToTweetId="1861000000000000001"
      defaultCurrency="USD"
      language={language}
      theme="dark"
      origin="https://x.com"
      ask={ask}
      navigate={(url) => navigated.push(url)}
      onClose={() => {}}
    />,
  );
  return navigated;
}

const drafted = () => ({
  ok: true,
  value: { intentId: INTENT_ID, tweetText: 'Chipping in €12.50 #potJulie via #Hashpay' },
});

describe('the sheet, for what the money is for', () => {
  it('drafts a donation, naming the donor on the receipt only when asked', async () => {
    const { ask, asked } = recordingAsk({ 'create-payment-intent': drafted });
    const navigated = renderSheet({ kind: 'donation', organisationName: ACF.displayName }, ask);
    expect(screen.getByRole('dialog').getAttribute('aria-label')).toBe('Donate to \u2068Action contre la Faim\u2069');
    fireEvent.input(screen.getByLabelText('Amount'), { target: { value: '300 €' } });
    // The name is in a <bdi> of its own: the sentence reads whole across it.
    expect(document.querySelector('.preview')?.textContent).toBe(
      'You will give Action contre la Faim €300.00 once you post the tweet and confirm.',
    );
    const mention = screen.getByLabelText('Show my name on the receipt') as HTMLInputElement;
    expect(mention.checked).toBe(false);
    fireEvent.click(mention);
    fireEvent.click(screen.getByRole('button', { name: 'Draft tweet' }));
    await waitFor(() => expect(navigated).toHaveLength(1));
    expect(asked.find((entry) => entry.action === 'create-payment-intent')?.request).toEqual({
      payeeHandle: 'acf_france',
      publicMention: true,
      amountMinor: 30000,
      currency: 'EUR',
      language: 'en',
      inReplyToTweetId: '1861000000000000001',
      requestId: expect.stringMatching(/^[A-Za-z0-9_-]{16,64}$/),
    });
  });

  it('drafts a contribution naming the pot, never a payee, in the pot’s fixed currency', async () => {
    const { ask, asked } = recordingAsk({ 'create-payment-intent': drafted });
    const navigated = renderSheet({ kind: 'contribution', pot: POT }, ask, 'en', POT.organiser.username);
    expect(screen.getByRole('heading').textContent).toBe('Chip in to #potJulie');
    const currency = screen.getByLabelText('Currency') as HTMLSelectElement;
    expect(currency.value).toBe('EUR');
    expect(currency.disabled).toBe(true);
    expect(screen.queryByLabelText('Show my name on the receipt')).toBeNull();
    // An amount in another currency is refused, never converted.
    fireEvent.input(screen.getByLabelText('Amount'), { target: { value: '$20' } });
    expect(currency.value).toBe('EUR');
    expect((screen.getByRole('button', { name: 'Draft tweet' }) as HTMLButtonElement).disabled).toBe(true);
    expect(document.getElementById('hashpay-amount-error')?.textContent).toBe('This pot collects EUR only.');
    fireEvent.input(screen.getByLabelText('Amount'), { target: { value: '12.50' } });
    // The name is in a <bdi> of its own: the sentence reads whole across it.
    expect(document.querySelector('.preview')?.textContent).toBe(
      'You will put €12.50 in the pot “A present for Julie” once you post the tweet and confirm.',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Draft tweet' }));
    await waitFor(() => expect(navigated).toHaveLength(1));
    const request = asked.find((entry) => entry.action === 'create-payment-intent')?.request as Record<string, unknown>;
    expect(request).toMatchObject({ potHashtag: 'potJulie', amountMinor: 1250, currency: 'EUR' });
    expect(request).not.toHaveProperty('payeeHandle');
    expect(request).not.toHaveProperty('publicMention');
    expect(navigated[0]).toContain('in_reply_to=1861000000000000001');
  });

  it('says a pledge is held until the deadline and collected only if the goal is reached, in both languages', () => {
    const { ask } = recordingAsk({});
    renderSheet({ kind: 'pledge', pot: PROJECT }, ask, 'en', PROJECT.organiser.username);
    expect(screen.getByRole('heading').textContent).toBe('Back #VinDeLoire');
    fireEvent.input(screen.getByLabelText('Amount'), { target: { value: '50' } });
    expect(
      screen.getByText(
        /^€50\.00 is held in your wallet until December 31, 2026 at 6:00\s?PM, collected only if the goal is reached\.$/,
      ),
    ).toBeTruthy();
    cleanup();
    renderSheet({ kind: 'pledge', pot: PROJECT }, ask, 'fr', PROJECT.organiser.username);
    expect(screen.getByRole('heading').textContent).toBe('Soutenir #VinDeLoire');
    fireEvent.input(screen.getByLabelText('Montant'), { target: { value: '50' } });
    expect(document.querySelector('.preview')?.textContent).toBe(
      '50,00\u00A0€ reste réservé dans votre portefeuille jusqu’au 31 décembre 2026 à 18:00, prélevé seulement si l’objectif est atteint.',
    );
  });
});

function contribution(overrides: Partial<PaymentIntent> = {}): PaymentIntent {
  return makeIntent({
    id: INTENT_ID,
    status: 'awaiting_confirmation',
    purpose: 'contribution',
    payee: POT.organiser,
    pot: intentPotOf(POT),
    ...overrides,
  });
}

function pledge(overrides: Partial<PaymentIntent> = {}): PaymentIntent {
  return contribution({ purpose: 'pledge', payee: PROJECT.organiser, pot: intentPotOf(PROJECT), ...overrides });
}

function renderConfirm(intent: PaymentIntent, language: Language = 'en', confirmAnswer?: PaymentIntent) {
  const { ask, asked } = recordingAsk({
    'get-intent': () => ({ ok: true, value: { intent } }),
    confirm: () => ({ ok: true, value: { intent: confirmAnswer ?? intent } }),
    cancel: () => ({ ok: true, value: { intent: { ...intent, status: 'cancelled' } } }),
  });
  const view = render(
    <ConfirmPayment intentId={INTENT_ID} ask={ask} language={language} timeZone="UTC" now={() => NOW_MS} />,
  );
  const field = (name: string) => view.container.querySelector(`[data-field="${name}"]`)?.textContent;
  return { asked, field, container: view.container };
}

describe('the confirmation window, for what the money is for', () => {
  it('names a donation, and says when the donor is named on the receipt', async () => {
    const donation = makeIntent({
      id: INTENT_ID,
      status: 'awaiting_confirmation',
      purpose: 'donation',
      publicMention: true,
      payee: { xUserId: ACF.xUserId, username: ACF.username, name: ACF.displayName },
    });
    const { field } = renderConfirm(donation);
    await screen.findByText('Confirm this donation');
    expect(field('purpose')).toBe('A donation to Action contre la Faim, your name shown on the receipt');
    expect(field('payee')).toBe('Action contre la Faim @ACF_France');
  });

  it('names a contribution to the pot, with its organiser', async () => {
    const { field } = renderConfirm(contribution(), 'fr');
    await screen.findByText('Confirmez cette participation');
    expect(field('purpose')).toBe('Une participation à la cagnotte #potJulie « A present for Julie »');
    expect(screen.getByText('Organisateur')).toBeTruthy();
    expect(field('payee')).toBe('Carol C. @carol');
    expect(field('status')).toBe('Confirmez pour mettre l’argent dans la cagnotte.');
  });

  it('says where a confirmed contribution and a collected pledge went', async () => {
    const done = renderConfirm(contribution({ status: 'settled' }));
    await screen.findByText('Contribution');
    expect(done.field('status')).toBe('Done. The money is in the pot.');
    expect(screen.queryByRole('button', { name: 'Cancel pledge' })).toBeNull();
    cleanup();
    const collected = renderConfirm(pledge({ status: 'settled' }));
    await screen.findByText('Pledge');
    expect(collected.field('status')).toBe('The goal was reached: your pledge was collected.');
    expect(screen.queryByRole('button', { name: 'Cancel pledge' })).toBeNull();
  });

  it('names a pledge held until the deadline; confirmed, it is pledged and can be cancelled before the deadline', async () => {
    const { field, asked, container } = renderConfirm(pledge(), 'en', pledge({ status: 'pledged' }));
    await screen.findByText('Confirm this pledge');
    expect(field('purpose')).toMatch(
      /^A pledge to #VinDeLoire “A cellar for the Loire”, held until December 31, 2026 at 6:00\s?PM, collected only if the goal is reached$/,
    );
    expect(field('status')).toMatch(/^Confirm to pledge: the money stays reserved in your wallet until the deadline/);
    fireEvent.click(screen.getByRole('button', { name: 'Confirm' }));
    await waitFor(() => expect(container.querySelector('main')?.getAttribute('data-status')).toBe('pledged'));
    expect(screen.getByText('Pledge')).toBeTruthy();
    expect(field('status')).toContain('The money stays reserved in your wallet until the deadline');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel pledge' }));
    await waitFor(() => expect(container.querySelector('main')?.getAttribute('data-status')).toBe('cancelled'));
    expect(asked.map((entry) => entry.action)).toEqual(['get-intent', 'confirm', 'cancel']);
  });

  it('offers no cancellation once the deadline passed, and words a released pledge and a closed pot', async () => {
    const late = renderConfirm(
      pledge({ status: 'pledged', pot: { ...intentPotOf(PROJECT)!, deadlineAt: '2026-11-25T09:00:00.000Z' } }),
    );
    await screen.findByText('Pledge');
    expect(screen.queryByRole('button', { name: 'Cancel pledge' })).toBeNull();
    cleanup();
    const released = renderConfirm(pledge({ status: 'released' }), 'fr');
    await screen.findByText('Promesse de don');
    expect(released.field('status')).toBe(
      'L’objectif n’a pas été atteint : votre promesse est libérée. Rien n’a été prélevé.',
    );
    cleanup();
    const closed = renderConfirm(contribution({ status: 'failed', failureReason: 'pot-closed' }));
    await screen.findByText('Contribution');
    expect(closed.field('status')).toContain('The pot was closed, or the project’s deadline passed');
    expect(late.asked.map((entry) => entry.action)).toEqual(['get-intent']);
  });
});

describe('the history rows', () => {
  const me = ALICE.xUserId;
  const carol = POT.organiser;
  const rows: PaymentIntent[] = [
    makeIntent({
      id: `pi_${'1'.repeat(22)}`,
      status: 'settled',
      purpose: 'donation',
      payee: { xUserId: ACF.xUserId, username: ACF.username, name: ACF.displayName },
    }),
    contribution({ id: `pi_${'2'.repeat(22)}`, status: 'settled' }),
    pledge({ id: `pi_${'3'.repeat(22)}`, status: 'pledged' }),
    pledge({ id: `pi_${'4'.repeat(22)}`, status: 'settled' }),
    pledge({ id: `pi_${'5'.repeat(22)}`, status: 'released' }),
    contribution({
      id: `pi_${'6'.repeat(22)}`,
      status: 'settled',
      payer: { xUserId: BOB.xUserId, username: BOB.username, name: BOB.name },
      payee: { xUserId: me, username: ALICE.username, name: ALICE.name },
    }),
    makeIntent({ id: `pi_${'7'.repeat(22)}`, status: 'settled', payee: carol }),
  ];

  function renderHistory(language: Language) {
    const { ask } = recordingAsk({});
    const view = render(
      <PopupHistory
        t={translator(language)}
        language={language}
        ask={ask}
        myXUserId={me}
        initial={{ intents: rows, nextCursor: null }}
        initialError={null}
        download={() => {}}
      />,
    );
    return [...view.container.querySelectorAll('li[data-history]')].map((row) => ({
      purpose: row.getAttribute('data-purpose'),
      who: row.querySelector('[data-field="counterparty"]')?.textContent,
      amount: row.querySelector('[data-field="amount"]')?.textContent,
      state: row.querySelector('[data-field="state"]')?.textContent,
    }));
  }

  it('say what each payment was for: donation, contribution, pledge held, collected or released', () => {
    expect(renderHistory('en').map((row) => row.who)).toEqual([
      'Donation to @ACF_France',
      'To the pot #potJulie',
      'Pledge to #VinDeLoire',
      'Pledge to #VinDeLoire',
      'Pledge to #VinDeLoire',
      '@bob to your pot #potJulie',
      'To @carol',
    ]);
    const states = renderHistory('en').map((row) => row.state);
    cleanup();
    expect(states[2]).toMatch(/^Held until December 31, 2026 at \d{1,2}:00\s?[AP]M$/);
    expect(states.slice(3, 5)).toEqual(['Collected', 'Released']);
    expect(states[0]).toBe('Paid');
  });

  it('say the same in French, amounts included', () => {
    const french = renderHistory('fr');
    expect(french.map((row) => row.who)).toEqual([
      'Don à @ACF_France',
      'À la cagnotte #potJulie',
      'Promesse pour #VinDeLoire',
      'Promesse pour #VinDeLoire',
      'Promesse pour #VinDeLoire',
      '@bob pour votre cagnotte #potJulie',
      'À @carol',
    ]);
    expect(french.map((row) => row.state).slice(3, 5)).toEqual(['Prélevé', 'Libéré']);
    expect(french[1]?.amount).toBe('−12,50\u00A0€');
    expect(french[5]?.amount).toBe('+12,50\u00A0€');
  });
});
