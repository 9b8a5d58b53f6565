import { useEffect, useState } from 'preact/hooks';
import type { UserView } from '../../shared/contract/identity';
import type { PaymentIntent } from '../../shared/contract/payments';
import { formatAmount } from '../../shared/money';
import type { AskBackground } from '../lib/messages';

/**
 * The toolbar popup: the linked X account (or a button to link one) and the payments awaiting
 * confirmation, each opening its confirmation window.
 */

export interface PopupPanelProps {
  ask: AskBackground;
}

type Account =
  | { state: 'loading' }
  | { state: 'unlinked' }
  | { state: 'linking' }
  | { state: 'linked'; user: UserView };

export function PopupPanel({ ask }: PopupPanelProps) {
  const [account, setAccount] = useState<Account>({ state: 'loading' });
  const [awaiting, setAwaiting] = useState<PaymentIntent[]>([]);
  const [error, setError] = useState<string | null>(null);

  async function loadAwaiting(): Promise<void> {
    const result = await ask('list-awaiting', {});
    if (result.ok) setAwaiting(result.value.intents);
    else setError(result.error.message);
  }

  useEffect(() => {
    ask('get-me', {}).then((result) => {
      if (!result.ok) {
        setAccount({ state: 'unlinked' });
        if (result.error.code !== 'not-linked') setError(result.error.message);
        return;
      }
      if (result.value.user === null) {
        setAccount({ state: 'unlinked' });
        return;
      }
      setAccount({ state: 'linked', user: result.value.user });
      void loadAwaiting();
    });
  }, [ask]);

  async function link(): Promise<void> {
    setError(null);
    setAccount({ state: 'linking' });
    const result = await ask('link-account', {});
    if (!result.ok) {
      setAccount({ state: 'unlinked' });
      setError(result.error.message);
      return;
    }
    setAccount({ state: 'linked', user: result.value.user });
    await loadAwaiting();
  }

  async function logout(): Promise<void> {
    await ask('logout', {});
    setAwaiting([]);
    setAccount({ state: 'unlinked' });
  }

  return (
    <main class="popup">
      <h1>Hashpay</h1>
      {account.state === 'loading' ? <p>Loading…</p> : null}
      {account.state === 'unlinked' ? (
        <button type="button" class="primary" data-action="link" onClick={link}>
          Link your X account
        </button>
      ) : null}
      {account.state === 'linking' ? <p role="status">Authorize Hashpay in the tab that opened…</p> : null}
      {account.state === 'linked' ? (
        <>
          <p data-field="account">
            Linked as <strong>@{account.user.username}</strong>{' '}
            <button type="button" class="link" onClick={logout}>
              Log out
            </button>
          </p>
          <h2>Awaiting your confirmation</h2>
          {awaiting.length === 0 ? (
            <p class="muted">Nothing to confirm.</p>
          ) : (
            <ul class="awaiting">
              {awaiting.map((intent) => (
                <li key={intent.id} data-intent={intent.id}>
                  <span>
                    {formatAmount(intent.amountMinor, intent.currency, intent.language)} to @{intent.payee.username}
                  </span>
                  <button type="button" onClick={() => ask('open-confirmation', { intentId: intent.id })}>
                    Review
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      ) : null}
      {error === null ? null : <p role="alert">{error}</p>}
    </main>
  );
}
