import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { PopupHistory } from '../../extension/components/PopupHistory';
import { historyEntries, refusalsWithPerson, safeRefusalUrl } from '../../extension/lib/history-rows';
import { translator } from '../../extension/lib/i18n';
import type { AskBackground } from '../../extension/lib/messages';
import type { ReadableIntent, ReadableRefusal } from '../../extension/lib/readable-answers';
import { TweetRefusalReasonSchema } from '../../shared/contract/payments';
import type { Language } from '../../shared/language';
import { ALICE, makeIntent } from './support/fake-worker';

// The person's refused tweets are history rows between the payments, in the order they happened:
// they say why in the reader's language, never look like money that moved, and open a detail
// view with the tweet, the reason and what to do next.

afterEach(cleanup);

const SETTLED: ReadableIntent = makeIntent({
  id: `pi_${'s'.repeat(22)}`,
  status: 'settled',
  createdAt: '2026-11-25T12:00:00.000Z',
  settledAt: '2026-11-25T12:01:00.000Z',
});
const OLD_FAILED: ReadableIntent = makeIntent({
  id: `pi_${'f'.repeat(22)}`,
  status: 'failed',
  failureReason: 'insufficient-funds',
  createdAt: '2026-11-25T08:00:00.000Z',
});

/** A hand-typed command to a handle X does not know: no draft, nobody to name. */
const UNKNOWN_PAYEE: ReadableRefusal = {
  tweetId: '1950000000000000010',
  tweetUrl: 'https://x.com/alice/status/1950000000000000010',
  reason: 'unknown-payee',
  text: '@hashpay pay @nobody 5€ lunch',
  intent: null,
  decidedAt: '2026-11-25T10:00:00.000Z',
};
/** A drafted tweet edited before posting: its draft (to bob) is named, its amount struck. */
const ALTERED: ReadableRefusal = {
  tweetId: '1950000000000000011',
  tweetUrl: 'https://x.com/alice/status/1950000000000000011',
  reason: 'draft-altered',
  text: 'Paying @bob €50.00 via #Hashpay',
  intent: makeIntent({ createdAt: '2026-11-25T09:00:00.000Z' }) as ReadableIntent,
  decidedAt: '2026-11-25T09:05:00.000Z',
};
const OTHER_ACCOUNT: ReadableRefusal = {
  tweetId: '1950000000000000012',
  tweetUrl: 'javascript:alert(1)',
  reason: 'other-account',
  text: '',
  intent: null,
  decidedAt: '2026-11-25T11:00:00.000Z',
};

function renderHistory(language: Language, refusals: ReadableRefusal[], ask?: AskBackground) {
  const quiet = (async () => ({
    ok: false,
    error: { code: 'unexpected', message: 'none' },
  })) as unknown as AskBackground;
  return render(
    <PopupHistory
      t={translator(language)}
      language={language}
      ask={ask ?? quiet}
      myXUserId={ALICE.xUserId}
      initial={{ intents: [SETTLED, OLD_FAILED], refusals, nextCursor: null }}
      initialError={null}
      download={() => {}}
    />,
  );
}

function rowIds(container: Element): string[] {
  return [...container.querySelectorAll('.history-rows > li')].map(
    (row) => row.getAttribute('data-history') ?? `refusal:${row.getAttribute('data-refusal')}`,
  );
}

describe('refused tweets in the history', () => {
  it('are rows in the order things happened, between the payments', () => {
    const { container } = renderHistory('en', [UNKNOWN_PAYEE, ALTERED, OTHER_ACCOUNT]);
    expect(rowIds(container)).toEqual([
      SETTLED.id,
      `refusal:${OTHER_ACCOUNT.tweetId}`,
      `refusal:${UNKNOWN_PAYEE.tweetId}`,
      `refusal:${ALTERED.tweetId}`,
      OLD_FAILED.id,
    ]);
  });

  it('say why in English with the answer window’s words, and never as money that moved', () => {
    const { container } = renderHistory('en', [UNKNOWN_PAYEE, ALTERED, OTHER_ACCOUNT]);
    const unknown = container.querySelector(`[data-refusal="${UNKNOWN_PAYEE.tweetId}"]`)!;
    expect(unknown.getAttribute('data-effect')).toBe('none');
    expect(unknown.querySelector('[data-field="counterparty"]')?.textContent).toBe('Tweet not used');
    expect(unknown.querySelector('[data-field="reason"]')?.textContent).toBe(
      'X has no account with the handle you typed.',
    );
    expect(unknown.querySelector('[data-field="state"]')?.textContent).toBe('Not paid: nothing moved');
    expect(unknown.querySelector('[data-field="amount"]')).toBeNull();
    expect(unknown.querySelector('a')?.getAttribute('href')).toBe(UNKNOWN_PAYEE.tweetUrl);

    const altered = container.querySelector(`[data-refusal="${ALTERED.tweetId}"]`)!;
    expect(altered.querySelector('[data-field="counterparty"]')?.textContent).toBe('To @bob');
    const amount = altered.querySelector('[data-field="amount"]')!;
    // Unsigned and styled as nothing moved, like a failed payment.
    expect(amount.textContent).toBe('€12.50');
    expect(amount.className).toBe('none');
    expect(altered.querySelector('[data-field="reason"]')?.textContent).toContain('changed before it was posted');

    const other = container.querySelector(`[data-refusal="${OTHER_ACCOUNT.tweetId}"]`)!;
    expect(other.querySelector('[data-field="reason"]')?.textContent).toContain('an X account other than');
    // A link that is not X's is not made a link.
    expect(other.querySelector('a')).toBeNull();
  });

  it('say why in French', () => {
    const { container } = renderHistory('fr', [UNKNOWN_PAYEE]);
    const unknown = container.querySelector(`[data-refusal="${UNKNOWN_PAYEE.tweetId}"]`)!;
    expect(unknown.querySelector('[data-field="counterparty"]')?.textContent).toBe('Tweet non utilisé');
    expect(unknown.querySelector('[data-field="reason"]')?.textContent).toBe(
      'X n’a pas de compte avec le pseudo que vous avez tapé.',
    );
    expect(unknown.querySelector('[data-field="state"]')?.textContent).toBe('Non payé : rien n’a bougé');
  });

  it('have words for every reason in both languages, and a reason added since reads as not used', () => {
    for (const language of ['en', 'fr'] as const) {
      for (const reason of [...TweetRefusalReasonSchema.options, 'other' as const]) {
        const { container } = renderHistory(language, [{ ...UNKNOWN_PAYEE, reason }]);
        const row = container.querySelector('[data-refusal]')!;
        const text = row.querySelector('[data-field="reason"]')?.textContent ?? '';
        expect(text, `${language} ${reason}`).toMatch(/\S/);
        expect(text, `${language} ${reason}`).not.toMatch(/answer\./);
        cleanup();
      }
    }
  });

  it('open a detail view with the tweet, the reason and what to do next, closed by Escape', async () => {
    const { container } = renderHistory('en', [ALTERED]);
    fireEvent.click(container.querySelector(`[data-refusal="${ALTERED.tweetId}"] [data-action="open"]`)!);
    // The detail view is a chunk of its own, loaded on first use.
    const detail = await waitFor(() => {
      const found = container.querySelector(`[data-refusal-detail="${ALTERED.tweetId}"]`);
      expect(found).not.toBeNull();
      return found!;
    });
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Tweet not used');
    await waitFor(() => expect(document.activeElement?.id).toBe('history-detail-title'));
    expect(detail.querySelector('[data-field="reason"]')?.textContent).toContain(
      'it no longer states the payment you drafted',
    );
    expect(detail.querySelector('[data-field="reason"]')?.textContent).toContain(
      'Nothing was paid and nothing is reserved.',
    );
    expect(detail.querySelector('[data-field="next"]')?.textContent).toBe(
      'Delete the tweet, then draft the payment again and post it as drafted.',
    );
    expect(detail.querySelector('[data-field="draft"]')?.textContent).toContain('To @bob');
    expect(detail.querySelector('[data-field="amount"]')?.className).toBe('amount none');
    expect(detail.querySelector('[data-field="tweet"]')?.textContent).toBe(ALTERED.text);
    expect(detail.querySelector('[data-link="tweet"]')?.getAttribute('href')).toBe(ALTERED.tweetUrl);

    fireEvent.keyDown(document, { key: 'Escape' });
    await waitFor(() => expect(container.querySelector('[data-refusal-detail]')).toBeNull());
    expect(container.querySelectorAll('[data-refusal]')).toHaveLength(1);
  });

  it('come with every page read, and are not shown with received payments', async () => {
    const later: ReadableRefusal = { ...UNKNOWN_PAYEE, tweetId: '1950000000000000020' };
    const ask = (async (_action: string, request: { role: string }) => ({
      ok: true,
      value: { intents: [], refusals: request.role === 'payee' ? [] : [later], nextCursor: null },
    })) as unknown as AskBackground;
    const { container } = renderHistory('en', [UNKNOWN_PAYEE], ask);
    fireEvent.click(container.querySelector('[data-filter="payee"]')!);
    await waitFor(() => expect(container.textContent).toContain('Nothing here with this filter.'));
    expect(container.querySelectorAll('[data-refusal]')).toHaveLength(0);
    fireEvent.click(container.querySelector('[data-filter="payer"]')!);
    await waitFor(() => expect(container.querySelector(`[data-refusal="${later.tweetId}"]`)).not.toBeNull());
  });
});

describe('merging and filtering refusals', () => {
  it('orders newest first and shows a refusal listed twice once', () => {
    const entries = historyEntries([SETTLED], [UNKNOWN_PAYEE, UNKNOWN_PAYEE, ALTERED]);
    expect(entries.map((entry) => entry.kind)).toEqual(['intent', 'refusal', 'refusal']);
  });

  it('keeps, for a search, only the drafts to that person', () => {
    expect(refusalsWithPerson([UNKNOWN_PAYEE, ALTERED], null)).toHaveLength(2);
    expect(refusalsWithPerson([UNKNOWN_PAYEE, ALTERED], 'BO')).toEqual([ALTERED]);
    expect(refusalsWithPerson([UNKNOWN_PAYEE, ALTERED], 'carol')).toEqual([]);
  });

  it('links only X’s web addresses', () => {
    expect(safeRefusalUrl(UNKNOWN_PAYEE)).toBe(UNKNOWN_PAYEE.tweetUrl);
    expect(safeRefusalUrl(OTHER_ACCOUNT)).toBeNull();
    expect(safeRefusalUrl({ ...UNKNOWN_PAYEE, tweetUrl: 'https://x.com.evil.example/a' })).toBeNull();
  });
});
