import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { initialOf, PopupAccount } from '../../extension/components/PopupAccount';
import { PopupPanel } from '../../extension/components/PopupPanel';
import { translator } from '../../extension/lib/i18n';
import type { AskBackground } from '../../extension/lib/messages';
import type { UserView } from '../../shared/contract/identity';
import { ALICE } from './support/fake-worker';

afterEach(cleanup);

const PICTURE = 'https://pbs.twimg.com/profile_images/1/alice_normal.jpg';
const noop = () => {};

function renderAccount(user: UserView, language: 'en' | 'fr' = 'en') {
  return render(<PopupAccount t={translator(language)} user={user} busy={false} onSignOut={noop} onUnlink={noop} />);
}

describe('the popup’s account header', () => {
  it('shows the X picture, 32 px, with an empty alt: the name beside it says who it is', () => {
    const { container } = renderAccount({ ...ALICE, profileImageUrl: PICTURE });
    const picture = container.querySelector('img');
    expect(picture?.getAttribute('src')).toBe(PICTURE);
    expect(picture?.getAttribute('alt')).toBe('');
    expect(picture?.getAttribute('width')).toBe('32');
    expect(picture?.getAttribute('height')).toBe('32');
    expect(picture?.classList.contains('avatar')).toBe(true);
    expect(container.querySelector('[data-field="avatar-initial"]')).toBeNull();
    expect(container.querySelector('[data-field="account"]')?.textContent).toBe('Alice A. @alice');
  });

  it('falls back to the name’s initial when the picture does not load', () => {
    const { container } = renderAccount({ ...ALICE, profileImageUrl: PICTURE });
    fireEvent.error(container.querySelector('img')!);
    expect(container.querySelector('img')).toBeNull();
    const initial = container.querySelector('[data-field="avatar-initial"]');
    expect(initial?.textContent).toBe('A');
    expect(initial?.getAttribute('aria-hidden')).toBe('true');
  });

  it('shows the initial when X gave no picture, or a session stored before pictures has none', () => {
    const { container } = renderAccount({ ...ALICE, profileImageUrl: null });
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('[data-field="avatar-initial"]')?.textContent).toBe('A');
    cleanup();

    const { id, xUserId, username, name } = ALICE;
    const older = { id, xUserId, username, name } as UserView;
    const again = renderAccount(older);
    expect(again.container.querySelector('img')).toBeNull();
    expect(again.container.querySelector('[data-field="avatar-initial"]')?.textContent).toBe('A');
  });

  it('speaks the page language around the account', () => {
    renderAccount({ ...ALICE, profileImageUrl: null }, 'fr');
    expect(screen.getByRole('region', { name: 'Compte X associé' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Se déconnecter' })).toBeTruthy();
  });

  it('takes one whole character for the initial', () => {
    expect(initialOf('élodie', 'elo')).toBe('É');
    expect(initialOf('  bob ', 'bob')).toBe('B');
    expect(initialOf('👩‍💻 Dev', 'dev')).toBe('👩‍💻');
    expect(initialOf('   ', 'carol')).toBe('C');
    expect(initialOf('', '')).toBe('?');
  });

  it('is what the signed-in popup shows, with the picture from the session', async () => {
    const ask = (async (action: string) => {
      if (action === 'get-me') return { ok: true, value: { user: { ...ALICE, profileImageUrl: PICTURE } } };
      if (action === 'get-balances') return { ok: true, value: { balances: [] } };
      if (action === 'list-awaiting') return { ok: true, value: { intents: [] } };
      if (action === 'get-history') return { ok: true, value: { intents: [], nextCursor: null } };
      return { ok: false, error: { code: 'unexpected', message: action } };
    }) as AskBackground;
    const { container } = render(<PopupPanel ask={ask} language="en" />);
    await screen.findByRole('region', { name: 'Linked X account' });
    expect(container.querySelector('.account img')?.getAttribute('src')).toBe(PICTURE);
  });
});
