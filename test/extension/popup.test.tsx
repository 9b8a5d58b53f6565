import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { PopupPanel } from '../../extension/components/PopupPanel';
import type { AskBackground } from '../../extension/lib/messages';
import { createPopupCache, type PopupView } from '../../extension/lib/popup-cache';
import type { Balance } from '../../shared/contract/balances';
import type { PaymentIntent } from '../../shared/contract/payments';
import { ALICE, BOB, makeIntent } from './support/fake-worker';

afterEach(cleanup);

type Handlers = Record<string, (request: Record<string, unknown>) => unknown>;

/** Answers the popup's actions from scripted handlers and records every request. */
function scriptedAsk(handlers: Handlers): { ask: AskBackground; log: Array<{ action: string; request: unknown }> } {
  const log: Array<{ action: string; request: unknown }> = [];
  const ask = (async (action: string, request: Record<string, unknown>) => {
    log.push({ action, request });
    const handler = handlers[action];
    if (handler === undefined) return { ok: false, error: { code: 'unexpected', message: `unexpected ${action}` } };
    return handler(request);
  }) as AskBackground;
  return { ask, log };
}

const ok = (value: unknown) => ({ ok: true, value });
const unreachable = () => ({ ok: false, error: { code: 'network', message: 'Hashpay cannot be reached.' } });

const EUR_WALLET: Balance = {
  kind: 'wallet',
  currency: 'EUR',
  availableMinor: 3_750,
  reservedMinor: 1_250,
  postedMinor: 5_000,
};

function intentNumber(index: number, overrides: Partial<PaymentIntent> = {}): PaymentIntent {
  return makeIntent({
    id: `pi_${String(index).padStart(22, '0')}`,
    status: 'settled',
    tweet: {
      rootId: String(1900 + index),
      id: String(1900 + index),
      text: 'Paying @bob',
      url: `https://x.com/alice/status/${1900 + index}`,
    },
    ...overrides,
  });
}

const SENT = intentNumber(1, { amountMinor: 1_250, memo: 'pizza' });
const RECEIVED = intentNumber(2, {
  payer: { xUserId: BOB.xUserId, username: BOB.username, name: BOB.name },
  payee: { xUserId: ALICE.xUserId, username: ALICE.username, name: ALICE.name },
  amountMinor: 500,
  memo: null,
  status: 'escrowed',
  tweet: null,
});

function signedIn(overrides: Handlers = {}): Handlers {
  return {
    'get-me': () => ok({ user: ALICE }),
    'get-balances': () => ok({ balances: [EUR_WALLET] }),
    'list-awaiting': () => ok({ intents: [] }),
    'get-history': () => ok({ intents: [SENT, RECEIVED], nextCursor: null }),
    ...overrides,
  };
}

function memoryArea() {
  const items = new Map<string, unknown>();
  return {
    items,
    async get(key: string) {
      return items.has(key) ? { [key]: structuredClone(items.get(key)) } : {};
    },
    async set(values: Record<string, unknown>) {
      for (const [key, value] of Object.entries(values)) items.set(key, structuredClone(value));
    },
    async remove(key: string) {
      items.delete(key);
    },
  };
}

describe('the popup, signed out', () => {
  it('says what Hashpay does and offers to link, in English', async () => {
    const { ask } = scriptedAsk({ 'get-me': () => ok({ user: null }) });
    render(<PopupPanel ask={ask} language="en" />);
    expect(await screen.findByRole('button', { name: 'Link your X account' })).toBeTruthy();
    expect(screen.getByText(/Pay anyone on X by tweeting/)).toBeTruthy();
  });

  it('says the same in French', async () => {
    const { ask } = scriptedAsk({ 'get-me': () => ok({ user: null }) });
    render(<PopupPanel ask={ask} language="fr" />);
    expect(await screen.findByRole('button', { name: 'Associer votre compte X' })).toBeTruthy();
    expect(screen.getByText(/Payez n’importe qui sur X en tweetant/)).toBeTruthy();
  });

  it('says what to do when linking fails, and offers to link again', async () => {
    const { ask } = scriptedAsk({
      'get-me': () => ok({ user: null }),
      'link-account': () => ({ ok: false, error: { code: 'link-timeout', message: 'took too long' } }),
    });
    render(<PopupPanel ask={ask} language="fr" />);
    fireEvent.click(await screen.findByRole('button', { name: 'Associer votre compte X' }));
    expect((await screen.findByRole('alert')).textContent).toBe('L’association a pris trop de temps. Recommencez.');
    expect(screen.getByRole('button', { name: 'Associer votre compte X' })).toBeTruthy();
  });
});

describe('the popup, signed in', () => {
  it('shows the account, the balance with what is reserved, and the history rows', async () => {
    const { ask } = scriptedAsk(signedIn());
    const { container } = render(<PopupPanel ask={ask} language="en" />);
    await screen.findByText('@alice');
    expect(container.querySelector('[data-field="account"]')?.textContent).toBe('Alice A. @alice');
    const wallet = container.querySelector('[data-balance="wallet-EUR"]')!;
    await waitFor(() => expect(wallet.querySelector('[data-field="available"]')?.textContent).toBe('€37.50'));
    expect(wallet.querySelector('[data-field="reserved"]')?.textContent).toBe(' · €12.50 reserved');

    const sent = container.querySelector(`[data-history="${SENT.id}"]`)!;
    expect(sent.getAttribute('data-direction')).toBe('sent');
    expect(sent.querySelector('[data-field="counterparty"]')?.textContent).toBe('To @bob');
    expect(sent.querySelector('[data-field="amount"]')?.textContent).toBe('−€12.50');
    expect(sent.querySelector('[data-field="state"]')?.textContent).toBe('Paid');
    expect(sent.querySelector('a')?.getAttribute('href')).toBe('https://x.com/alice/status/1901');

    const received = container.querySelector(`[data-history="${RECEIVED.id}"]`)!;
    expect(received.querySelector('[data-field="counterparty"]')?.textContent).toBe('From @bob');
    expect(received.querySelector('[data-field="amount"]')?.textContent).toBe('+€5.00');
    expect(received.querySelector('[data-field="state"]')?.textContent).toBe('Held until they link');
    expect(received.querySelector('a')).toBeNull();
    expect(screen.getByText('Nothing to confirm.')).toBeTruthy();
  });

  it('writes everything in French, amounts included', async () => {
    const { ask } = scriptedAsk(signedIn());
    const { container } = render(<PopupPanel ask={ask} language="fr" />);
    await screen.findByText('@alice');
    await screen.findByText('Historique');
    expect(container.querySelector('[data-field="available"]')?.textContent).toBe('37,50\u00A0€');
    expect(container.querySelector('[data-field="reserved"]')?.textContent).toBe(' · 12,50\u00A0€ réservé');
    const sent = container.querySelector(`[data-history="${SENT.id}"]`)!;
    expect(sent.querySelector('[data-field="counterparty"]')?.textContent).toBe('À @bob');
    expect(sent.querySelector('[data-field="amount"]')?.textContent).toBe('−12,50\u00A0€');
    expect(sent.querySelector('[data-field="state"]')?.textContent).toBe('Payé');
    expect(screen.getByRole('button', { name: 'Se déconnecter' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Exporter en CSV' })).toBeTruthy();
    expect(screen.getByText('Rien à confirmer.')).toBeTruthy();
    // No English word left in the signed-in view.
    for (const english of ['Balance', 'History', 'Sign out', 'available', 'Received']) {
      expect(container.textContent).not.toContain(english);
    }
  });

  it('filters sent and received through the worker, and pages with the cursor', async () => {
    const page2 = intentNumber(3, { amountMinor: 700 });
    const { ask, log } = scriptedAsk(
      signedIn({
        'get-history': (request) => {
          if (request.role === 'payer' && request.before === 'cursor-1')
            return ok({ intents: [page2], nextCursor: null });
          if (request.role === 'payer') return ok({ intents: [SENT], nextCursor: 'cursor-1' });
          return ok({ intents: [SENT, RECEIVED], nextCursor: null });
        },
      }),
    );
    const { container } = render(<PopupPanel ask={ask} language="en" />);
    await screen.findByText('History');
    fireEvent.click(screen.getByRole('button', { name: 'Sent' }));
    await waitFor(() => expect(container.querySelectorAll('[data-history]').length).toBe(1));
    expect(screen.getByRole('button', { name: 'Sent' }).getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(await screen.findByRole('button', { name: 'Show more' }));
    await waitFor(() => expect(container.querySelectorAll('[data-history]').length).toBe(2));
    expect(screen.queryByRole('button', { name: 'Show more' })).toBeNull();
    const historyRequests = log.filter((entry) => entry.action === 'get-history').map((entry) => entry.request);
    expect(historyRequests).toEqual([
      { role: 'any', before: null },
      { role: 'payer', before: null, person: null },
      { role: 'payer', before: 'cursor-1', person: null },
    ]);
  });

  it('exports every page of the history as CSV', async () => {
    const downloads: Array<{ fileName: string; text: string }> = [];
    const { ask } = scriptedAsk(
      signedIn({
        'get-history': (request) => {
          if (request.limit === undefined) return ok({ intents: [SENT], nextCursor: 'c1' });
          return request.before === 'c1'
            ? ok({ intents: [RECEIVED], nextCursor: null })
            : ok({ intents: [SENT], nextCursor: 'c1' });
        },
      }),
    );
    render(<PopupPanel ask={ask} language="en" download={(fileName, text) => downloads.push({ fileName, text })} />);
    fireEvent.click(await screen.findByRole('button', { name: 'Export CSV' }));
    await screen.findByText('2 payments exported.');
    expect(downloads).toHaveLength(1);
    expect(downloads[0]!.fileName).toMatch(/^hashpay-history-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = downloads[0]!.text.trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(',sent,bob,');
    expect(lines[2]).toContain(',received,bob,');
  });

  it('says what to do when there is nothing yet', async () => {
    const { ask } = scriptedAsk(
      signedIn({
        'get-balances': () => ok({ balances: [] }),
        'get-history': () => ok({ intents: [], nextCursor: null }),
      }),
    );
    render(<PopupPanel ask={ask} language="en" />);
    expect(await screen.findByText(/No money yet/)).toBeTruthy();
    expect(await screen.findByText(/Use the Pay button under a tweet/)).toBeTruthy();
  });

  it('shows a failing section with its error and a retry, and keeps the others', async () => {
    let historyCalls = 0;
    const { ask } = scriptedAsk(
      signedIn({
        'get-history': () => {
          historyCalls += 1;
          if (historyCalls === 1) {
            return { ok: false, error: { code: 'internal', message: 'Something went wrong in Hashpay. Try again.' } };
          }
          return ok({ intents: [SENT], nextCursor: null });
        },
      }),
    );
    const { container } = render(<PopupPanel ask={ask} language="en" />);
    const alert = await screen.findByText('Something went wrong. Try again.');
    expect(container.querySelector('[data-field="available"]')?.textContent).toBe('€37.50');
    fireEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(container.querySelectorAll('[data-history]').length).toBe(1));
  });

  it('adds test money in local builds only', async () => {
    const topUps: unknown[] = [];
    const handlers = signedIn({
      'top-up': (request) => {
        topUps.push(request);
        return ok({ balances: [{ ...EUR_WALLET, availableMinor: 13_750, postedMinor: 15_000 }] });
      },
    });
    const store = render(<PopupPanel ask={scriptedAsk(handlers).ask} language="en" />);
    await screen.findByText('History');
    expect(screen.queryByRole('button', { name: /test money/ })).toBeNull();
    store.unmount();

    const { container } = render(<PopupPanel ask={scriptedAsk(handlers).ask} language="en" localBuild />);
    fireEvent.click(await screen.findByRole('button', { name: 'Add €100.00 test money' }));
    await screen.findByText('€100.00 added.');
    expect(container.querySelector('[data-field="available"]')?.textContent).toBe('€137.50');
    expect(topUps).toEqual([
      { currency: 'EUR', amountMinor: 10_000, requestId: expect.stringMatching(/^[0-9a-f]{32}$/) },
    ]);
  });

  it('signs out and forgets the cached view', async () => {
    const area = memoryArea();
    const cache = createPopupCache(area);
    const { ask } = scriptedAsk(signedIn({ logout: () => ok({ linked: false }) }));
    render(<PopupPanel ask={ask} language="en" cache={cache} />);
    await screen.findByText('History');
    await waitFor(async () => expect(await cache.read()).not.toBeNull());
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await screen.findByRole('button', { name: 'Link your X account' });
    expect(await cache.read()).toBeNull();
  });
});

/** A cache holding a kept view (one row), and answers held until `answerAll` lets them through. */
async function keptViewAndHeldAnswers() {
  const cache = createPopupCache(memoryArea());
  await cache.write({ user: ALICE, balances: [EUR_WALLET], awaiting: [], history: [SENT], savedAtMs: 0 });
  const pending: Array<() => void> = [];
  const held = (answer: unknown) => () => new Promise((resolve) => pending.push(() => resolve(answer)));
  const answerAll = () => {
    for (const answer of pending.splice(0)) answer();
  };
  return { cache, held, answerAll };
}

describe('the popup opening with a kept view', () => {
  it('paints the kept first page at once, asks for everything together, then shows the worker’s answers', async () => {
    const { cache, held, answerAll } = await keptViewAndHeldAnswers();
    const { ask, log } = scriptedAsk({
      'get-me': held(ok({ user: ALICE })),
      'get-balances': held(ok({ balances: [EUR_WALLET] })),
      'list-awaiting': held(ok({ intents: [] })),
      'get-history': held(ok({ intents: [SENT, RECEIVED], nextCursor: null })),
    });
    const { container } = render(<PopupPanel ask={ask} language="en" cache={cache} />);
    // No answer yet: the kept rows are on screen, with no banner, and every request is out.
    await waitFor(() => expect(container.querySelectorAll('[data-history]').length).toBe(1));
    expect(container.querySelector('[data-field="available"]')?.textContent).toBe('€37.50');
    expect(container.querySelector('[data-banner="offline"]')).toBeNull();
    // The money in and out view, loaded on its own, asks for its own once drawn: not counted here.
    expect(
      log
        .map((entry) => entry.action)
        .filter((action) => action !== 'get-funds')
        .sort(),
    ).toEqual(['get-balances', 'get-history', 'get-me', 'list-awaiting']);
    answerAll();
    await waitFor(() => expect(container.querySelectorAll('[data-history]').length).toBe(2));
  });

  it('paints a view read before it was drawn on its first render, then shows the worker’s answers', async () => {
    const { cache, held, answerAll } = await keptViewAndHeldAnswers();
    const kept = await cache.read();
    expect(kept).not.toBeNull();
    const { ask, log } = scriptedAsk({
      'get-me': held(ok({ user: ALICE })),
      'get-balances': held(ok({ balances: [EUR_WALLET] })),
      'list-awaiting': held(ok({ intents: [] })),
      'get-history': held(ok({ intents: [SENT, RECEIVED], nextCursor: null })),
    });
    const { container } = render(<PopupPanel ask={ask} language="en" cache={cache} kept={kept} />);
    // Drawn already by render itself: no storage read or answer comes first.
    expect(container.querySelectorAll('[data-history]').length).toBe(1);
    expect(container.querySelector('[data-field="available"]')?.textContent).toBe('€37.50');
    // The money in and out view, loaded on its own, asks for its own once drawn: not counted here.
    await waitFor(() =>
      expect(
        log
          .map((entry) => entry.action)
          .filter((action) => action !== 'get-funds')
          .sort(),
      ).toEqual(['get-balances', 'get-history', 'get-me', 'list-awaiting']),
    );
    answerAll();
    await waitFor(() => expect(container.querySelectorAll('[data-history]').length).toBe(2));
  });

  it('keeps the view chosen on the kept page when the worker’s answers replace it', async () => {
    const { cache, held, answerAll } = await keptViewAndHeldAnswers();
    const { ask, log } = scriptedAsk({
      'get-me': held(ok({ user: ALICE })),
      'get-balances': held(ok({ balances: [EUR_WALLET] })),
      'list-awaiting': held(ok({ intents: [] })),
      'get-history': (request) =>
        request.role === 'payer'
          ? ok({ intents: [SENT], nextCursor: null })
          : held(ok({ intents: [SENT, RECEIVED], nextCursor: null }))(),
    });
    const { container } = render(<PopupPanel ask={ask} language="en" cache={cache} />);
    await waitFor(() => expect(container.querySelectorAll('[data-history]').length).toBe(1));
    // Sent is chosen while the worker has not answered yet.
    fireEvent.click(screen.getByRole('button', { name: 'Sent' }));
    await waitFor(() => expect(log.filter((entry) => entry.action === 'get-history').length).toBe(2));
    answerAll();
    // The fresh answers remount the history: Sent stays chosen and shows its own rows.
    await waitFor(() => expect(screen.getByRole('button', { name: 'Sent' }).getAttribute('aria-pressed')).toBe('true'));
    await waitFor(() => expect(log.filter((entry) => entry.action === 'get-history').length).toBe(3));
    expect(log.filter((entry) => entry.action === 'get-history').at(-1)?.request).toMatchObject({ role: 'payer' });
    await waitFor(() => expect(container.querySelectorAll('[data-history]').length).toBe(1));
  });

  it('keeps what is typed in the search box, and its focus, when the worker’s answers replace the kept page', async () => {
    const { cache, held, answerAll } = await keptViewAndHeldAnswers();
    const { ask, log } = scriptedAsk({
      'get-me': held(ok({ user: ALICE })),
      'get-balances': held(ok({ balances: [EUR_WALLET] })),
      'list-awaiting': held(ok({ intents: [] })),
      'get-history': (request) =>
        request.person === 'bob'
          ? ok({ intents: [SENT], nextCursor: null })
          : held(ok({ intents: [SENT, RECEIVED], nextCursor: null }))(),
    });
    const { container } = render(<PopupPanel ask={ask} language="en" cache={cache} />);
    await waitFor(() => expect(container.querySelectorAll('[data-history]').length).toBe(1));
    const typedIn = screen.getByLabelText('Search by person');
    typedIn.focus();
    fireEvent.input(typedIn, { target: { value: '@bo' } });
    // The fresh answers arrive before Enter: the history is drawn anew with the worker's rows.
    answerAll();
    await waitFor(() => expect(container.querySelectorAll('[data-history]').length).toBe(2));
    const box = screen.getByLabelText('Search by person') as HTMLInputElement;
    expect(box.value).toBe('@bo');
    await waitFor(() => expect(document.activeElement).toBe(box));
    fireEvent.input(box, { target: { value: '@bob' } });
    fireEvent.submit(box.closest('form')!);
    await waitFor(() => expect(container.querySelectorAll('[data-history]').length).toBe(1));
    expect(log.filter((entry) => entry.action === 'get-history').at(-1)?.request).toMatchObject({ person: 'bob' });
  });

  it('keeps a search asked before the worker’s answers, in the same search box, when the worker’s answers replace the kept page', async () => {
    const { cache, held, answerAll } = await keptViewAndHeldAnswers();
    const { ask, log } = scriptedAsk({
      'get-me': held(ok({ user: ALICE })),
      'get-balances': held(ok({ balances: [EUR_WALLET] })),
      'list-awaiting': held(ok({ intents: [] })),
      'get-history': (request) =>
        request.person === 'bob'
          ? ok({ intents: [SENT], nextCursor: null })
          : held(ok({ intents: [SENT, RECEIVED], nextCursor: null }))(),
    });
    const { container } = render(<PopupPanel ask={ask} language="en" cache={cache} />);
    await waitFor(() => expect(container.querySelectorAll('[data-history]').length).toBe(1));
    const box = screen.getByLabelText('Search by person') as HTMLInputElement;
    fireEvent.input(box, { target: { value: '@bob' } });
    fireEvent.submit(box.closest('form')!);
    await waitFor(() => expect(log.filter((entry) => entry.action === 'get-history').length).toBe(2));
    answerAll();
    // The answers read the search's rows again; the box is the one typed in, never a new one.
    await waitFor(() => expect(log.filter((entry) => entry.action === 'get-history').length).toBe(3));
    expect(log.filter((entry) => entry.action === 'get-history').at(-1)?.request).toMatchObject({ person: 'bob' });
    await waitFor(() => expect(container.querySelectorAll('[data-history]').length).toBe(1));
    expect(screen.getByLabelText('Search by person')).toBe(box);
    expect(box.value).toBe('@bob');
  });

  it('signs out, forgetting the kept view, when the worker says no account is linked', async () => {
    const area = memoryArea();
    const cache = createPopupCache(area);
    await cache.write({ user: ALICE, balances: [EUR_WALLET], awaiting: [], history: [SENT], savedAtMs: 0 });
    const { ask } = scriptedAsk({ 'get-me': () => ok({ user: null }) });
    render(<PopupPanel ask={ask} language="en" cache={cache} />);
    expect(await screen.findByRole('button', { name: 'Link your X account' })).toBeTruthy();
    expect(await cache.read()).toBeNull();
  });
});

describe('the popup when Hashpay cannot be reached', () => {
  it('shows the last view it read under a banner', async () => {
    const area = memoryArea();
    const cache = createPopupCache(area);
    const view: PopupView = {
      user: ALICE,
      balances: [EUR_WALLET],
      awaiting: [],
      history: [SENT],
      savedAtMs: Date.parse('2026-11-25T09:30:00Z'),
    };
    await cache.write(view);
    const { ask } = scriptedAsk({ 'get-me': unreachable });
    const { container } = render(<PopupPanel ask={ask} language="en" cache={cache} />);
    const banner = await screen.findByText(/cannot be reached right now/);
    expect(banner.closest('[data-banner="offline"]')).not.toBeNull();
    expect(banner.textContent).toContain('Nov 25, 2026');
    expect(container.querySelector('[data-field="account"]')?.textContent).toContain('@alice');
    expect(container.querySelector('[data-field="available"]')?.textContent).toBe('€37.50');
    expect(container.querySelectorAll('[data-history]').length).toBe(1);
  });

  it('says what to check when there is no earlier view, and tries again on request', async () => {
    let calls = 0;
    const { ask } = scriptedAsk({
      'get-me': () => {
        calls += 1;
        return calls === 1 ? unreachable() : ok({ user: null });
      },
    });
    render(<PopupPanel ask={ask} language="fr" />);
    await screen.findByText(/Vérifiez votre connexion, ou l’adresse du serveur/);
    fireEvent.click(screen.getByRole('button', { name: 'Réessayer' }));
    expect(await screen.findByRole('button', { name: 'Associer votre compte X' })).toBeTruthy();
    expect(screen.queryByText(/injoignable/)).toBeNull();
  });
});

describe('the popup with a long history', () => {
  it('renders 1,000 history rows (figure printed)', async () => {
    const intents = Array.from({ length: 1_000 }, (_, index) => intentNumber(index + 10));
    const { ask } = scriptedAsk(signedIn({ 'get-history': () => ok({ intents, nextCursor: null }) }));
    const startedMs = performance.now();
    const { container } = render(<PopupPanel ask={ask} language="en" />);
    await waitFor(() => expect(container.querySelectorAll('[data-history]').length).toBe(1_000), { timeout: 30_000 });
    console.log(
      `popup first render with 1,000 history rows (happy-dom): ${Math.round(performance.now() - startedMs)} ms`,
    );
  });
});
