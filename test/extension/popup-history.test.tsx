import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { PopupHistory } from '../../extension/components/PopupHistory';
import { amountEffect, describeEndReason, personQuery } from '../../extension/lib/history-rows';
import { intentTimeline, receiptUrl } from '../../extension/lib/history-timeline';
import { translator } from '../../extension/lib/i18n';
import type { AskBackground } from '../../extension/lib/messages';
import type { ReadableIntent } from '../../extension/lib/readable-answers';
import { PaymentFailureReasonSchema } from '../../shared/contract/payments';
import type { Language } from '../../shared/language';
import { ALICE, BOB, makeIntent } from './support/fake-worker';

// The history's rows that moved no money say why and are never styled as debits; a row opens its
// detail view; the search asks the worker for one person's rows.

afterEach(cleanup);

const WORKER = 'http://127.0.0.1:8787';
const TWEET = {
  rootId: '1950000000000000001',
  id: '1950000000000000001',
  text: 'Paying @bob €12.50 for pizza via #Hashpay',
  url: 'https://x.com/alice/status/1950000000000000001',
};

const FAILED: ReadableIntent = makeIntent({
  id: `pi_${'f'.repeat(22)}`,
  status: 'failed',
  failureReason: 'insufficient-funds',
  tweet: TWEET,
  matchedAt: '2026-11-25T10:01:00.000Z',
  closedAt: '2026-11-25T10:01:00.000Z',
});
const CANCELLED_RECEIVED: ReadableIntent = makeIntent({
  id: `pi_${'c'.repeat(22)}`,
  status: 'cancelled',
  payer: BOB,
  payee: { xUserId: ALICE.xUserId, username: ALICE.username, name: ALICE.name },
});
const SETTLED: ReadableIntent = makeIntent({
  id: `pi_${'s'.repeat(22)}`,
  status: 'settled',
  tweet: TWEET,
  matchedAt: '2026-11-25T10:01:00.000Z',
  settledAt: '2026-11-25T10:02:00.000Z',
  closedAt: null,
  receiptId: `rcp_${'s'.repeat(22)}`,
});

interface Asked {
  action: string;
  request: unknown;
}

function scripted(pages: (request: { person?: string | null }) => ReadableIntent[]): {
  ask: AskBackground;
  asked: Asked[];
} {
  const asked: Asked[] = [];
  const ask = async (action: string, request: { person?: string | null }) => {
    asked.push({ action, request });
    if (action === 'get-history') return { ok: true, value: { intents: pages(request), nextCursor: null } };
    return { ok: false, error: { code: 'unexpected', message: action } };
  };
  return { ask: ask as unknown as AskBackground, asked };
}

function renderHistory(language: Language, intents: ReadableIntent[], ask?: AskBackground) {
  const script = scripted(() => intents);
  return render(
    <PopupHistory
      t={translator(language)}
      language={language}
      ask={ask ?? script.ask}
      myXUserId={ALICE.xUserId}
      initial={{ intents, nextCursor: null }}
      initialError={null}
      download={() => {}}
      workerOrigin={WORKER}
    />,
  );
}

describe('rows that moved no money', () => {
  it('say why in the reader’s language and are not styled as debits', () => {
    const { container } = renderHistory('en', [FAILED, CANCELLED_RECEIVED, SETTLED]);
    const failed = container.querySelector(`[data-history="${FAILED.id}"]`)!;
    expect(failed.querySelector('[data-field="reason"]')?.textContent).toBe(
      'Not paid: your balance was too low when the tweet was posted. Top up, then pay again.',
    );
    const amount = failed.querySelector('[data-field="amount"]')!;
    expect(amount.textContent).toBe('€12.50');
    expect(amount.className).toBe('none');
    const cancelled = container.querySelector(`[data-history="${CANCELLED_RECEIVED.id}"]`)!;
    expect(cancelled.querySelector('[data-field="reason"]')?.textContent).toBe(
      'Cancelled by @bob: nothing reached you.',
    );
    expect(cancelled.querySelector('[data-field="amount"]')?.textContent).toBe('€12.50');
    // A settled payment is still a debit, with no reason line.
    const settled = container.querySelector(`[data-history="${SETTLED.id}"]`)!;
    expect(settled.querySelector('[data-field="amount"]')?.textContent).toBe('−€12.50');
    expect(settled.querySelector('[data-field="amount"]')?.className).toBe('out');
    expect(settled.querySelector('[data-field="reason"]')).toBeNull();
  });

  it('say why in French too', () => {
    const { container } = renderHistory('fr', [FAILED]);
    expect(container.querySelector('[data-field="reason"]')?.textContent).toBe(
      'Non payé : votre solde était insuffisant quand le tweet a été publié. Approvisionnez, puis payez à nouveau.',
    );
  });

  it('have words for every failure reason, every end state and both sides', () => {
    for (const language of ['en', 'fr'] as const) {
      const seen = new Set<string>();
      for (const failureReason of PaymentFailureReasonSchema.options) {
        const reason = describeEndReason(makeIntent({ status: 'failed', failureReason }), true, language);
        expect(reason, failureReason).toMatch(/\S/);
        seen.add(reason!);
      }
      // Each reason has its own words.
      expect(seen.size).toBe(PaymentFailureReasonSchema.options.length);
      for (const status of ['failed', 'cancelled', 'expired', 'refunded', 'released'] as const) {
        for (const sent of [true, false]) {
          expect(describeEndReason(makeIntent({ status }), sent, language), `${status} ${sent}`).toMatch(/\S/);
        }
      }
      expect(describeEndReason(makeIntent({ status: 'settled' }), true, language)).toBeNull();
    }
    // A payee never learns why the payer's side failed.
    expect(describeEndReason(FAILED, false, 'en')).toBe('This payment did not go through: nothing reached you.');
    // An expired draft and an expired reservation say different things.
    expect(describeEndReason(makeIntent({ status: 'expired' }), true, 'en')).toMatch(/not posted/);
    expect(describeEndReason(makeIntent({ status: 'expired', tweet: TWEET }), true, 'en')).toMatch(
      /back in your wallet/,
    );
  });

  it('sign only money that moved', () => {
    expect(amountEffect(SETTLED, true)).toBe('out');
    expect(amountEffect(SETTLED, false)).toBe('in');
    expect(amountEffect(makeIntent({ status: 'awaiting_confirmation' }), true)).toBe('held');
    for (const status of ['failed', 'cancelled', 'expired', 'refunded', 'awaiting_tweet'] as const) {
      expect(amountEffect(makeIntent({ status }), true), status).toBe('none');
    }
  });
});

describe('the detail view', () => {
  it('opens from a row with the timeline, the tweet, the receipt and the reason, and closes with Escape', async () => {
    const { container } = renderHistory('en', [FAILED, SETTLED]);
    fireEvent.click(container.querySelector(`[data-history="${SETTLED.id}"] [data-action="open"]`)!);
    // The detail view is a chunk of its own, loaded on first use.
    const detail = await waitFor(() => {
      const found = container.querySelector(`[data-detail="${SETTLED.id}"]`);
      expect(found).not.toBeNull();
      return found!;
    });
    expect([...detail.querySelectorAll('[data-step]')].map((step) => step.getAttribute('data-step'))).toEqual([
      'created',
      'matched',
      'settled',
    ]);
    expect(detail.querySelector('[data-link="tweet"]')?.getAttribute('href')).toBe(TWEET.url);
    expect(detail.querySelector('[data-link="receipt"]')?.getAttribute('href')).toBe(
      `${WORKER}/v1/receipts/${SETTLED.receiptId}`,
    );
    expect(detail.querySelector('[data-field="reason"]')).toBeNull();
    await waitFor(() => expect(document.activeElement?.id).toBe('history-detail-title'));

    fireEvent.keyDown(document, { key: 'Escape' });
    await waitFor(() => expect(container.querySelector('[data-detail]')).toBeNull());
    expect(container.querySelectorAll('[data-history]')).toHaveLength(2);

    fireEvent.click(container.querySelector(`[data-history="${FAILED.id}"] [data-action="open"]`)!);
    const failed = container.querySelector(`[data-detail="${FAILED.id}"]`)!;
    expect(failed.querySelector('[data-field="reason"]')?.textContent).toContain('your balance was too low');
    expect(failed.querySelector('[data-field="amount"]')?.textContent).toBe('€12.50');
    expect(failed.querySelector('[data-link="receipt"]')).toBeNull();
    expect([...failed.querySelectorAll('[data-step]')].map((step) => step.getAttribute('data-step'))).toEqual([
      'created',
      'ended',
    ]);
    fireEvent.click(screen.getByRole('button', { name: 'Back to the history' }));
    await waitFor(() => expect(container.querySelector('[data-detail]')).toBeNull());
  });

  it('lists the deadline a row waits on', () => {
    const steps = intentTimeline(makeIntent({ status: 'awaiting_tweet' }), 'fr');
    expect(steps.map((step) => step.step)).toEqual(['created', 'expiresAt']);
    expect(steps[0]?.label).toBe('Tweet rédigé');
  });

  it('links only the worker’s receipt ids', () => {
    expect(receiptUrl(WORKER, `rcp_${'a'.repeat(22)}`)).toBe(`${WORKER}/v1/receipts/rcp_${'a'.repeat(22)}`);
    expect(receiptUrl(WORKER, 'rcp_../../x')).toBeNull();
    expect(receiptUrl(WORKER, null)).toBeNull();
  });
});

describe('the search by person', () => {
  it('reads a handle with or without @, and refuses what cannot be one', () => {
    expect(personQuery(' @Bob_1 ')).toBe('Bob_1');
    expect(personQuery('')).toBeNull();
    expect(personQuery('bob smith')).toBe('invalid');
    expect(personQuery('%')).toBe('invalid');
  });

  it('asks the worker for that person’s rows, and for everyone again when cleared', async () => {
    const { ask, asked } = scripted((request) => (request.person === 'bob' ? [CANCELLED_RECEIVED] : [FAILED, SETTLED]));
    const { container } = renderHistory('en', [FAILED, SETTLED], ask);
    const box = screen.getByLabelText('Search by person');
    fireEvent.input(box, { target: { value: '@bob' } });
    fireEvent.submit(box.closest('form')!);
    await waitFor(() => expect(container.querySelectorAll('[data-history]')).toHaveLength(1));
    expect(asked.at(-1)).toEqual({ action: 'get-history', request: { role: 'any', before: null, person: 'bob' } });

    fireEvent.input(box, { target: { value: 'bob smith' } });
    fireEvent.submit(box.closest('form')!);
    expect(screen.getByRole('alert').textContent).toBe('A handle has only letters, digits and _ (at most 15).');
    expect(asked).toHaveLength(1);

    fireEvent.input(box, { target: { value: '' } });
    await waitFor(() => expect(container.querySelectorAll('[data-history]')).toHaveLength(2));
    expect(asked.at(-1)).toEqual({ action: 'get-history', request: { role: 'any', before: null, person: null } });
  });
});
