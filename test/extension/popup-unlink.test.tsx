import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { PopupPanel } from '../../extension/components/PopupPanel';
import { MESSAGES } from '../../extension/lib/i18n';
import type { AskBackground } from '../../extension/lib/messages';
import { createPopupCache } from '../../extension/lib/popup-cache';
import { ALICE } from './support/fake-worker';

afterEach(cleanup);

type Handlers = Record<string, (request: Record<string, unknown>) => unknown>;

const ok = (value: unknown) => ({ ok: true, value });

/** Answers the popup's actions from scripted handlers and records which actions were asked. */
function scriptedAsk(handlers: Handlers): { ask: AskBackground; asked: string[] } {
  const asked: string[] = [];
  const ask = (async (action: string, request: Record<string, unknown>) => {
    asked.push(action);
    const handler = handlers[action];
    if (handler === undefined) return { ok: false, error: { code: 'unexpected', message: `unexpected ${action}` } };
    return handler(request);
  }) as AskBackground;
  return { ask, asked };
}

function signedIn(overrides: Handlers = {}): Handlers {
  return {
    'get-me': () => ok({ user: ALICE }),
    'get-balances': () => ok({ balances: [] }),
    'list-awaiting': () => ok({ intents: [] }),
    'get-history': () => ok({ intents: [], nextCursor: null }),
    ...overrides,
  };
}

function memoryArea() {
  const items = new Map<string, unknown>();
  return {
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

describe('unlinking from the popup', () => {
  it('asks first, unlinks only on the second click, then shows the signed-out screen and forgets the cached view', async () => {
    const cache = createPopupCache(memoryArea());
    const { ask, asked } = scriptedAsk(signedIn({ unlink: () => ok({ linked: false }) }));
    render(<PopupPanel ask={ask} language="en" cache={cache} />);
    await screen.findByText('@alice');
    await waitFor(async () => expect(await cache.read()).not.toBeNull());

    fireEvent.click(screen.getByRole('button', { name: 'Unlink X account' }));
    expect(screen.getByText(MESSAGES.en['popup.unlink.warning'])).toBeTruthy();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Keep linked' }));
    expect(asked).not.toContain('unlink');

    fireEvent.click(screen.getByRole('button', { name: 'Unlink' }));
    expect(await screen.findByText('Your X account is unlinked.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Link your X account' })).toBeTruthy();
    expect(asked.filter((action) => action === 'unlink')).toHaveLength(1);
    expect(asked).not.toContain('logout');
    expect(await cache.read()).toBeNull();
  });

  it('keeps the account linked when the user steps back', async () => {
    const { ask, asked } = scriptedAsk(signedIn({ unlink: () => ok({ linked: false }) }));
    render(<PopupPanel ask={ask} language="en" />);
    fireEvent.click(await screen.findByRole('button', { name: 'Unlink X account' }));
    fireEvent.click(screen.getByRole('button', { name: 'Keep linked' }));
    expect(screen.queryByText(MESSAGES.en['popup.unlink.warning'])).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Unlink X account' }));
    expect(screen.getByText('@alice')).toBeTruthy();
    expect(asked).not.toContain('unlink');
  });

  it('says it in French', async () => {
    const { ask } = scriptedAsk(signedIn({ unlink: () => ok({ linked: false }) }));
    render(<PopupPanel ask={ask} language="fr" />);
    fireEvent.click(await screen.findByRole('button', { name: 'Dissocier le compte X' }));
    expect(screen.getByText(/déconnecte Hashpay sur tous vos navigateurs/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Garder l’association' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Dissocier' }));
    expect(await screen.findByText('Votre compte X est dissocié.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Associer votre compte X' })).toBeTruthy();
  });

  it('stays signed in and says why when the worker cannot be reached', async () => {
    const unreachable = () => ({ ok: false, error: { code: 'network', message: 'Hashpay cannot be reached.' } });
    const { ask } = scriptedAsk(signedIn({ unlink: unreachable }));
    render(<PopupPanel ask={ask} language="fr" />);
    fireEvent.click(await screen.findByRole('button', { name: 'Dissocier le compte X' }));
    fireEvent.click(screen.getByRole('button', { name: 'Dissocier' }));
    expect(await screen.findByText(MESSAGES.fr['error.network'])).toBeTruthy();
    expect(screen.getByText('@alice')).toBeTruthy();
    expect(screen.queryByText('Votre compte X est dissocié.')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Associer votre compte X' })).toBeNull();
  });

  it('shows the signed-out screen when the session had already ended', async () => {
    const notLinked = () => ({ ok: false, error: { code: 'not-linked', message: 'Link first.', status: 401 } });
    const { ask } = scriptedAsk(signedIn({ unlink: notLinked }));
    render(<PopupPanel ask={ask} language="en" />);
    fireEvent.click(await screen.findByRole('button', { name: 'Unlink X account' }));
    fireEvent.click(screen.getByRole('button', { name: 'Unlink' }));
    expect(await screen.findByText(MESSAGES.en['error.notLinked'])).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Link your X account' })).toBeTruthy();
    expect(screen.queryByText('Your X account is unlinked.')).toBeNull();
  });
});
