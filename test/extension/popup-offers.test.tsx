import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createWorkerApi } from '../../extension/background/api';
import type { BackgroundContext } from '../../extension/background/context';
import { createRouter, type MessageSender, type Router } from '../../extension/background/router';
import { createSessionStore } from '../../extension/background/session';
import { createTweetStatusCache } from '../../extension/background/tweet-status-cache';
import { PopupHistory } from '../../extension/components/PopupHistory';
import { translator } from '../../extension/lib/i18n';
import type { ActionName, ActionRequest, ActionResult, AskBackground } from '../../extension/lib/messages';
import type { Credit } from '../../shared/contract/cards';
import type { Claim } from '../../shared/contract/offers';
import type { Language } from '../../shared/language';
import { ALICE, makeIntent, TOKEN } from './support/fake-worker';
import { makeOffer } from './support/offers';

// The history's Offers filter: offers claimed by hashtag and their credits, and the background
// action that reads the credits.

afterEach(cleanup);

const CLAIM_PENDING: Claim = {
  offerId: 'of_wholefoods',
  hashtag: 'HashpayWholeFoods',
  status: 'credit_pending',
  claimedAt: '2026-11-20T10:00:00.000Z',
  tweetId: '1950000000000000001',
};
const CLAIM_ENROLLED: Claim = {
  offerId: 'of_coffee',
  hashtag: 'HashpayCoffee',
  status: 'enrolled',
  claimedAt: '2026-11-24T10:00:00.000Z',
  tweetId: '1950000000000000002',
};
const CLAIM_REVERSED: Claim = {
  offerId: 'of_books',
  hashtag: 'HashpayBooks',
  status: 'reversed',
  claimedAt: '2026-11-10T10:00:00.000Z',
  tweetId: '1950000000000000003',
};

function credit(id: string, offerId: string, status: Credit['status'], amountMinor: number): Credit {
  return {
    id,
    offerId,
    amountMinor,
    currency: 'EUR',
    status,
    createdAt: '2026-11-21T10:00:00.000Z',
    postAfter: '2026-11-28T10:00:00.000Z',
    postedAt: status === 'posted' ? '2026-11-28T10:00:00.000Z' : null,
    closedAt: status === 'reversed' || status === 'voided' ? '2026-11-22T10:00:00.000Z' : null,
  };
}

const CREDITS = [
  credit('cr_pending', 'of_wholefoods', 'pending', 2_000),
  credit('cr_reversed', 'of_books', 'reversed', 500),
];

type Answers = { claims: () => unknown; credits: () => unknown; offers?: () => unknown };

function askWith(answers: Answers): { ask: AskBackground; asked: string[] } {
  const asked: string[] = [];
  const ask = (async (action: string) => {
    asked.push(action);
    if (action === 'get-claims') return answers.claims();
    if (action === 'get-credits') return answers.credits();
    if (action === 'get-offers' && answers.offers) return answers.offers();
    if (action === 'get-history') return { ok: true, value: { intents: [], nextCursor: null } };
    return { ok: false, error: { code: 'unexpected', message: `unexpected ${action}` } };
  }) as AskBackground;
  return { ask, asked };
}

const ok = (value: unknown) => ({ ok: true, value });

function renderHistory(language: Language, ask: AskBackground) {
  return render(
    <PopupHistory
      t={translator(language)}
      language={language}
      ask={ask}
      myXUserId={ALICE.xUserId}
      initial={{ intents: [makeIntent({ status: 'settled' })], nextCursor: null }}
      initialError={null}
      download={() => {
        throw new Error('no export from the Offers view');
      }}
    />,
  );
}

const answered: Answers = {
  claims: () => ok({ claims: [CLAIM_REVERSED, CLAIM_PENDING, CLAIM_ENROLLED] }),
  credits: () => ok({ credits: CREDITS }),
};

describe('the history’s Offers filter', () => {
  it('lists the offers claimed, newest first, with their credits and states, in English', async () => {
    const { ask, asked } = askWith(answered);
    const { container } = renderHistory('en', ask);
    fireEvent.click(screen.getByRole('button', { name: 'Offers' }));
    await waitFor(() => expect(container.querySelectorAll('[data-claim]')).toHaveLength(3));
    expect(asked).toEqual(['get-claims', 'get-credits', 'get-offers']);
    // The payments are gone, and so is their export.
    expect(container.querySelector('[data-history]')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Export CSV' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Offers' }).getAttribute('aria-pressed')).toBe('true');

    const rows = [...container.querySelectorAll('[data-claim]')];
    expect(rows.map((row) => row.getAttribute('data-claim'))).toEqual(['of_coffee', 'of_wholefoods', 'of_books']);
    const [coffee, wholefoods, books] = rows as [HTMLElement, HTMLElement, HTMLElement];
    expect(within(coffee).getByText('#HashpayCoffee')).toBeTruthy();
    expect(coffee.querySelector('[data-field="state"]')?.textContent).toBe(
      'Claimed: waiting for a qualifying purchase',
    );
    expect(coffee.querySelector('[data-credit]')).toBeNull();

    expect(wholefoods.getAttribute('data-status')).toBe('credit_pending');
    expect(wholefoods.querySelector('[data-field="state"]')?.textContent).toBe('Credit on its way');
    const pending = wholefoods.querySelector('[data-credit="cr_pending"]')!;
    expect(pending.getAttribute('data-status')).toBe('pending');
    expect(pending.querySelector('[data-field="amount"]')?.textContent).toBe('+€20.00');
    expect(pending.querySelector('[data-field="credit-state"]')?.textContent).toMatch(/^pending until Nov 28, 2026/);
    expect(within(wholefoods).getByRole('link', { name: 'Tweet' }).getAttribute('href')).toBe(
      'https://x.com/i/web/status/1950000000000000001',
    );

    expect(books.querySelector('[data-field="state"]')?.textContent).toBe('Credit taken back');
    const reversed = books.querySelector('[data-credit="cr_reversed"]')!;
    expect(reversed.querySelector('[data-field="amount"]')?.textContent).toBe('€5.00');
    expect(reversed.querySelector('[data-field="credit-state"]')?.textContent).toBe('reversed by a refund');
  });

  it('speaks French, with French amounts and dates', async () => {
    const { ask } = askWith(answered);
    const { container } = renderHistory('fr', ask);
    fireEvent.click(screen.getByRole('button', { name: 'Offres' }));
    await waitFor(() => expect(container.querySelectorAll('[data-claim]')).toHaveLength(3));
    const wholefoods = container.querySelector('[data-claim="of_wholefoods"]')!;
    expect(wholefoods.querySelector('[data-field="state"]')?.textContent).toBe('Crédit en route');
    expect(wholefoods.querySelector('[data-field="amount"]')?.textContent).toBe('+20,00\u00A0€');
    expect(wholefoods.querySelector('[data-field="credit-state"]')?.textContent).toMatch(
      /^en attente jusqu’au 28 nov\. 2026/,
    );
    expect(container.querySelector('[data-claim="of_coffee"] [data-field="state"]')?.textContent).toBe(
      'Activée : en attente d’un achat qui compte',
    );
    expect(container.querySelector('[data-credit="cr_reversed"] [data-field="credit-state"]')?.textContent).toBe(
      'repris après un remboursement',
    );
  });

  it('says what to do when no offer was claimed, in both languages', async () => {
    for (const [language, button, text] of [
      ['en', 'Offers', /^No offers claimed yet\. Use the Claim offer button/],
      ['fr', 'Offres', /^Aucune offre activée pour l’instant\./],
    ] as const) {
      const { ask } = askWith({ claims: () => ok({ claims: [] }), credits: () => ok({ credits: [] }) });
      renderHistory(language, ask);
      fireEvent.click(screen.getByRole('button', { name: button }));
      await screen.findByText(text);
      cleanup();
    }
  });

  it('shows an error with Try again when the worker cannot be reached, and recovers', async () => {
    let reachable = false;
    const { ask } = askWith({
      claims: () =>
        reachable
          ? ok({ claims: [CLAIM_ENROLLED] })
          : { ok: false, error: { code: 'network', message: 'Hashpay cannot be reached.' } },
      credits: () => ok({ credits: [] }),
    });
    const { container } = renderHistory('fr', ask);
    fireEvent.click(screen.getByRole('button', { name: 'Offres' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Hashpay est injoignable.');
    expect(container.querySelector('[data-claim]')).toBeNull();
    reachable = true;
    fireEvent.click(within(alert).getByRole('button', { name: 'Réessayer' }));
    await waitFor(() => expect(container.querySelectorAll('[data-claim]')).toHaveLength(1));
  });

  it('goes back to the payments when another filter is chosen', async () => {
    const { ask } = askWith(answered);
    const { container } = renderHistory('en', ask);
    fireEvent.click(screen.getByRole('button', { name: 'Offers' }));
    await waitFor(() => expect(container.querySelectorAll('[data-claim]')).toHaveLength(3));
    fireEvent.click(screen.getByRole('button', { name: 'All' }));
    await screen.findByText('No payments yet. Use the Pay button under a tweet on x.com to make your first one.');
    expect(container.querySelector('[data-claim]')).toBeNull();
    expect(screen.getByRole('button', { name: 'Export CSV' })).toBeTruthy();
  });
});

describe('the Offers view’s merchants, terms and live offers', () => {
  const COFFEE_ID = `of_${'c'.repeat(22)}`;
  const CLAIMED_COFFEE = { ...CLAIM_ENROLLED, offerId: COFFEE_ID };
  const COFFEE_OFFER = makeOffer({
    id: COFFEE_ID,
    hashtag: 'HashpayCoffee',
    title: 'A coffee on us',
    merchantName: 'Corner Café',
    merchantUsername: 'CornerCafe',
    terms: { minimumSpendMinor: 1_000, creditMinor: 300, currency: 'EUR' },
    spendBy: '2026-12-31T12:00:00.000Z',
  });
  const LIVE_OFFER = makeOffer({ id: `of_${'l'.repeat(22)}`, budgetLeftCredits: 42 });
  const TAKEN_OFFER = makeOffer({
    id: `of_${'t'.repeat(22)}`,
    hashtag: 'HashpayTaken',
    merchantName: 'Taken Shop',
    merchantUsername: null,
    status: 'fully_redeemed',
    budgetLeftCredits: 0,
  });

  it('shows a claimed offer’s merchant, terms, deadline and credit, then the live offers not claimed', async () => {
    const { ask } = askWith({
      claims: () => ok({ claims: [CLAIMED_COFFEE] }),
      credits: () => ok({ credits: [] }),
      offers: () => ok({ offers: [COFFEE_OFFER, LIVE_OFFER, TAKEN_OFFER] }),
    });
    const { container } = renderHistory('en', ask);
    fireEvent.click(screen.getByRole('button', { name: 'Offers' }));
    await waitFor(() => expect(container.querySelectorAll('[data-offer]')).toHaveLength(2));
    const claimed = container.querySelector(`[data-claim="${COFFEE_ID}"]`)!;
    expect(claimed.querySelector('[data-field="merchant"]')?.textContent).toBe('Corner Café @CornerCafe');
    expect(claimed.querySelector('[data-field="terms"]')?.textContent).toBe(
      'Spend at least €10.00 in one purchase, get €3.00 back',
    );
    expect(claimed.querySelector('[data-field="deadline"]')?.textContent).toMatch(
      /^Purchases count until Dec 31, 2026/,
    );
    expect(claimed.querySelector('[data-field="credit"]')?.textContent).toBe('No credit yet');
    // The claimed offer is not listed again among the live ones.
    expect(container.querySelector(`[data-offer="${COFFEE_ID}"]`)).toBeNull();
    const live = container.querySelector(`[data-offer="${LIVE_OFFER.id}"]`)!;
    expect(live.querySelector('[data-field="merchant"]')?.textContent).toBe('Whole Foods Market @WholeFoods');
    expect(live.querySelector('[data-field="terms"]')?.textContent).toBe(
      'Spend at least $75.00 in one purchase, get $20.00 back',
    );
    expect(live.querySelector('[data-field="credit"]')?.textContent).toBe('$20.00');
    expect(live.querySelector('[data-field="state"]')?.textContent).toBe('Open: tweet #HashpayWholeFoods to claim it');
    expect(live.querySelector('[data-field="deadline"]')?.textContent).toMatch(/^Claim by Dec 15, 2026/);
    expect(live.querySelector('[data-field="budget"]')?.textContent).toBe('Budget left: 42 credits');
    const taken = container.querySelector(`[data-offer="${TAKEN_OFFER.id}"]`)!;
    expect(taken.querySelector('[data-field="merchant"]')?.textContent).toBe('Taken Shop');
    expect(taken.querySelector('[data-field="state"]')?.textContent).toBe('All its credits are taken');
    // None left: the state says it, no count repeats it.
    expect(taken.querySelector('[data-field="budget"]')).toBeNull();
  });

  it('speaks French, and still shows the claims when the catalogue cannot be read', async () => {
    const { ask } = askWith({
      claims: () => ok({ claims: [CLAIMED_COFFEE] }),
      credits: () => ok({ credits: [] }),
      offers: () => ({ ok: false, error: { code: 'network', message: 'unreachable' } }),
    });
    const { container } = renderHistory('fr', ask);
    fireEvent.click(screen.getByRole('button', { name: 'Offres' }));
    await waitFor(() => expect(container.querySelectorAll('[data-claim]')).toHaveLength(1));
    expect(container.querySelector('[data-offers="unavailable"]')?.textContent).toBe(
      'Les offres en cours ne peuvent pas être lues pour le moment.',
    );
    cleanup();

    const french = askWith({
      claims: () => ok({ claims: [] }),
      credits: () => ok({ credits: [] }),
      offers: () => ok({ offers: [{ ...COFFEE_OFFER, budgetLeftCredits: 1_250 }] }),
    });
    const rendered = renderHistory('fr', french.ask);
    fireEvent.click(screen.getByRole('button', { name: 'Offres' }));
    await waitFor(() => expect(rendered.container.querySelectorAll('[data-offer]')).toHaveLength(1));
    const offer = rendered.container.querySelector(`[data-offer="${COFFEE_ID}"]`)!;
    expect(offer.querySelector('[data-field="terms"]')?.textContent).toBe(
      'Dépensez au moins 10,00\u00A0€ en un achat, recevez 3,00\u00A0€',
    );
    expect(offer.querySelector('[data-field="state"]')?.textContent).toBe(
      'Ouverte : tweetez #HashpayCoffee pour l’activer',
    );
    expect(offer.querySelector('[data-field="budget"]')?.textContent).toBe('Budget restant : 1\u202F250 crédits');
  });
});

describe('get-credits', () => {
  const EXTENSION_BASE = 'chrome-extension://test-extension-id/';
  const POPUP: MessageSender = { id: 'test-extension-id', url: `${EXTENSION_BASE}popup.html` };
  const CONTENT_SCRIPT: MessageSender = { id: 'test-extension-id', url: 'https://x.com/home' };
  let urls: Array<{ url: string; authorization: string | null }>;
  let router: Router;
  let context: BackgroundContext;

  const fakeFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    urls.push({ url: String(input), authorization: new Headers(init?.headers).get('authorization') });
    if (new URL(String(input)).pathname === '/v1/credits') {
      return new Response(JSON.stringify({ credits: CREDITS }), { headers: { 'content-type': 'application/json' } });
    }
    return new Response('{}', { status: 404, headers: { 'content-type': 'application/problem+json' } });
  }) as typeof fetch;

  function send<Name extends ActionName>(
    sender: MessageSender,
    action: Name,
    request: ActionRequest<Name>,
  ): Promise<ActionResult<Name>> {
    return router({ hashpay: action, request }, sender) as Promise<ActionResult<Name>>;
  }

  beforeEach(() => {
    fakeBrowser.reset();
    urls = [];
    context = {
      api: createWorkerApi({ origin: 'http://worker.test', fetch: fakeFetch }),
      session: createSessionStore(fakeBrowser.storage.local),
      browser: fakeBrowser,
      tweetStatus: createTweetStatusCache(() => 0),
      confirmationWindows: new Map(),
      reportedTweets: new Map(),
      sleep: async () => {},
      now: () => Date.parse('2026-11-25T10:00:00.000Z'),
    };
    router = createRouter(context, {
      extensionId: 'test-extension-id',
      extensionBaseUrl: EXTENSION_BASE,
      onUnexpectedError: (error) => {
        throw error;
      },
    });
  });

  it('asks the worker with the session and answers the credits', async () => {
    await context.session.set({ token: TOKEN, user: ALICE, expiresAt: '2999-01-01T00:00:00.000Z' });
    expect(await send(POPUP, 'get-credits', {})).toEqual({ ok: true, value: { credits: CREDITS } });
    expect(urls).toEqual([{ url: 'http://worker.test/v1/credits', authorization: `Bearer ${TOKEN}` }]);
  });

  it('says to link first, refuses extra fields and content scripts, and asks nothing then', async () => {
    const unlinked = await send(POPUP, 'get-credits', {});
    expect(unlinked.ok ? null : unlinked.error.code).toBe('not-linked');
    await context.session.set({ token: TOKEN, user: ALICE, expiresAt: '2999-01-01T00:00:00.000Z' });
    const extra = await send(POPUP, 'get-credits', { all: true } as unknown as ActionRequest<'get-credits'>);
    expect(extra.ok ? null : extra.error.code).toBe('invalid-request');
    const fromPage = await send(CONTENT_SCRIPT, 'get-credits', {});
    expect(fromPage.ok ? null : fromPage.error.code).toBe('forbidden');
    expect(urls).toEqual([]);
  });
});
