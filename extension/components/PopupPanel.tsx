import { useEffect, useRef, useState } from 'preact/hooks';
import type { Balance } from '../../shared/contract/balances';
import type { UserView } from '../../shared/contract/identity';
import type { Language } from '../../shared/language';
import { type Currency, formatAmount } from '../../shared/money';
import { errorText, type Translate, translator } from '../lib/i18n';
import type { ActionError, AskBackground } from '../lib/messages';
import { NO_POPUP_CACHE, type PopupCache, type PopupView } from '../lib/popup-cache';
import { popupWordsLoaded } from '../lib/popup-words';
import type { ReadableIntent } from '../lib/readable-answers';
import { lazyView } from './LazyView';
import { PopupAccount } from './PopupAccount';
import { PopupAwaiting } from './PopupAwaiting';
import { PopupBalances } from './PopupBalances';
import { formatTime } from './PopupFormat';
import type { PopupFundsProps } from './PopupFunds';
import { type HistoryPageState, PopupHistory } from './PopupHistory';
import { PopupSignedOut } from './PopupSignedOut';

/**
 * The toolbar popup. Signed out: what Hashpay does and Link your X account. Signed in: the
 * account, the balance per currency, the payments awaiting confirmation (each opens the
 * confirmation window) and the history. When the worker cannot be reached it shows the last view
 * it read, under a banner that says so. Every section loads and fails on its own.
 */

export interface PopupPanelProps {
  ask: AskBackground;
  language?: Language;
  /** The last complete view, for when the worker cannot be reached. */
  cache?: PopupCache;
  /**
   * The view `cache` held when the popup opened, read before the first render so that render
   * paints it (null: none kept); when absent, the popup reads the cache itself once drawn.
   */
  kept?: PopupView | null;
  /** Local builds talk to the sandbox, which has test money to add. */
  localBuild?: boolean;
  download?: (fileName: string, text: string) => void;
  openOptions?: () => void;
  now?: () => number;
  /** The worker the history's receipt links point at. */
  workerOrigin?: string;
}

/** A sandbox top-up adds this much (100.00 in a two-decimal currency, ¥10 000). */
const TOP_UP_AMOUNT_MINOR: Record<Currency, number> = {
  EUR: 10_000,
  USD: 10_000,
  GBP: 10_000,
  CHF: 10_000,
  CAD: 10_000,
  JPY: 10_000,
};

/**
 * Money in and out is not part of the first paint (balances, awaiting, history): its chunk loads
 * when the signed-in view is first drawn, while the worker is asked for the rest, and it draws
 * once the rest of the popup's words are there too (`popup-words.ts`).
 */
const PopupFunds = lazyView<PopupFundsProps>(async () => {
  const [view] = await Promise.all([import('./PopupFunds'), popupWordsLoaded()]);
  return view.PopupFunds;
});

type Screen =
  | { kind: 'loading' }
  | { kind: 'signed-out'; linking: boolean }
  | { kind: 'signed-in'; user: UserView }
  | { kind: 'unreachable' };

/** A section's content: not read yet, read, or failed with words to show. */
type Section<Value> = { state: 'loading' } | { state: 'ready'; value: Value } | { state: 'failed'; message: string };

/** The worker or the background could not be reached: the cached view is better than nothing. */
function isUnreachable(error: ActionError): boolean {
  return error.code === 'network' || error.code === 'no-answer';
}

function newRequestId(): string {
  return crypto.randomUUID().replaceAll('-', '');
}

export function PopupPanel(props: PopupPanelProps) {
  const { ask } = props;
  const language = props.language ?? 'en';
  const t: Translate = translator(language);
  const cache = props.cache ?? NO_POPUP_CACHE;
  const now = props.now ?? Date.now;

  // The kept view, when it came with the props, is the first render: no round trip before the rows.
  const keptAtOpening = useRef(props.kept);
  const firstView = props.kept ?? null;
  const [screen, setScreen] = useState<Screen>(
    firstView === null ? { kind: 'loading' } : { kind: 'signed-in', user: firstView.user },
  );
  const [balances, setBalances] = useState<Section<Balance[]>>(
    firstView === null ? { state: 'loading' } : { state: 'ready', value: firstView.balances },
  );
  const [awaiting, setAwaiting] = useState<Section<ReadableIntent[]>>(
    firstView === null ? { state: 'loading' } : { state: 'ready', value: firstView.awaiting },
  );
  const [history, setHistory] = useState<Section<HistoryPageState>>(
    firstView === null
      ? { state: 'loading' }
      : { state: 'ready', value: { intents: firstView.history, nextCursor: null } },
  );
  /** When the shown view was read, if it comes from the cache; `no-cache` when there is none. */
  const [offline, setOffline] = useState<number | 'no-cache' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  /** Set after an unlink, so the signed-out screen says it happened. */
  const [unlinked, setUnlinked] = useState(false);
  const [busy, setBusy] = useState(false);
  /** Bumped on every load: the history shows the new first page, or reads its view's again. */
  const [loadCount, setLoadCount] = useState(0);

  /** Shows a kept view: at the opening, then replaced by the worker's answers, or under a banner when it cannot be reached. */
  function showKept(view: PopupView): void {
    setScreen({ kind: 'signed-in', user: view.user });
    setBalances({ state: 'ready', value: view.balances });
    setAwaiting({ state: 'ready', value: view.awaiting });
    setHistory({ state: 'ready', value: { intents: view.history, nextCursor: null } });
    setLoadCount((count) => count + 1);
  }

  /** The three sections' requests, together: none waits for another. */
  function askSections() {
    return Promise.all([
      ask('get-balances', {}),
      ask('list-awaiting', {}),
      ask('get-history', { role: 'any', before: null }),
    ]);
  }

  /**
   * Shows the signed-in view for `user`. `asked` is the sections' requests when they were sent
   * already (with get-me, on opening); `painted` says the cached view is on screen meanwhile, so
   * the sections are not blanked while they refresh.
   */
  async function loadSignedIn(
    user: UserView,
    asked: ReturnType<typeof askSections> = askSections(),
    painted = false,
  ): Promise<void> {
    setScreen({ kind: 'signed-in', user });
    if (!painted) {
      setBalances({ state: 'loading' });
      setAwaiting({ state: 'loading' });
      setHistory({ state: 'loading' });
    }
    const [balancesResult, awaitingResult, historyResult] = await asked;
    const failures = [balancesResult, awaitingResult, historyResult].flatMap((result) =>
      result.ok ? [] : [result.error],
    );
    if (failures.some((failure) => failure.code === 'not-linked')) {
      await signedOut();
      setError(t('error.notLinked'));
      return;
    }
    const cached = failures.some(isUnreachable) ? await cache.read() : null;
    const usable = cached?.user.xUserId === user.xUserId ? cached : null;
    setOffline(failures.some(isUnreachable) ? (usable?.savedAtMs ?? 'no-cache') : null);

    function section<Value>(
      result: { ok: true; value: Value } | { ok: false; error: ActionError },
      fromCache: Value | undefined,
    ): Section<Value> {
      if (result.ok) return { state: 'ready', value: result.value };
      if (isUnreachable(result.error) && fromCache !== undefined) return { state: 'ready', value: fromCache };
      return { state: 'failed', message: errorText(language, result.error) };
    }
    setBalances(
      section(
        balancesResult.ok ? { ok: true, value: balancesResult.value.balances } : balancesResult,
        usable?.balances,
      ),
    );
    setAwaiting(
      section(awaitingResult.ok ? { ok: true, value: awaitingResult.value.intents } : awaitingResult, usable?.awaiting),
    );
    setHistory(section(historyResult, usable ? { intents: usable.history, nextCursor: null } : undefined));
    setLoadCount((count) => count + 1);

    if (balancesResult.ok && awaitingResult.ok && historyResult.ok) {
      await cache.write({
        user,
        balances: balancesResult.value.balances,
        awaiting: awaitingResult.value.intents,
        history: historyResult.value.intents,
        savedAtMs: now(),
      });
    }
  }

  async function signedOut(): Promise<void> {
    await cache.clear();
    setOffline(null);
    setScreen({ kind: 'signed-out', linking: false });
  }

  async function start(): Promise<void> {
    // The view read before the first render serves the opening only; a retry reads the cache again.
    const given = keptAtOpening.current;
    keptAtOpening.current = undefined;
    setError(null);
    if (given === undefined) setScreen({ kind: 'loading' });
    // Everything at once: who is linked, the sections, and the view kept from last time, which
    // is painted as soon as it is read and replaced by the worker's answers when they come.
    const me = ask('get-me', {});
    const sections = askSections();
    const kept = given === undefined ? await cache.read() : given;
    if (kept !== null) showKept(kept);
    const result = await me;
    if (result.ok) {
      if (result.value.user === null) await signedOut();
      else await loadSignedIn(result.value.user, sections, kept?.user.xUserId === result.value.user.xUserId);
      return;
    }
    if (result.error.code === 'not-linked') {
      await signedOut();
      return;
    }
    if (isUnreachable(result.error)) {
      const cached = await cache.read();
      if (cached === null) {
        setOffline('no-cache');
        setScreen({ kind: 'unreachable' });
      } else {
        showKept(cached);
        setOffline(cached.savedAtMs);
      }
      return;
    }
    setScreen({ kind: 'signed-out', linking: false });
    setError(errorText(language, result.error));
  }

  useEffect(() => {
    void start();
  }, [ask]);

  async function link(): Promise<void> {
    setError(null);
    setUnlinked(false);
    setScreen({ kind: 'signed-out', linking: true });
    const result = await ask('link-account', {});
    if (!result.ok) {
      setScreen({ kind: 'signed-out', linking: false });
      setError(errorText(language, result.error));
      return;
    }
    await loadSignedIn(result.value.user);
  }

  async function signOut(): Promise<void> {
    setBusy(true);
    const result = await ask('logout', {});
    setBusy(false);
    if (!result.ok && !isUnreachable(result.error)) {
      setError(errorText(language, result.error));
      return;
    }
    await signedOut();
  }

  async function unlink(): Promise<void> {
    setBusy(true);
    setError(null);
    const result = await ask('unlink', {});
    setBusy(false);
    if (!result.ok) {
      // The worker no longer knows the session: the background forgot it, so the popup is signed out.
      if (result.error.code === 'not-linked') {
        await signedOut();
        setError(t('error.notLinked'));
        return;
      }
      // Unreachable or refused: nothing changed, the account stays linked and unlink can be tried again.
      setError(errorText(language, result.error));
      return;
    }
    await signedOut();
    setUnlinked(true);
  }

  async function topUp(currency: Currency): Promise<void> {
    setBusy(true);
    setNotice(null);
    setError(null);
    const amountMinor = TOP_UP_AMOUNT_MINOR[currency];
    const result = await ask('top-up', { currency, amountMinor, requestId: newRequestId() });
    setBusy(false);
    if (!result.ok) {
      setError(errorText(language, result.error));
      return;
    }
    setBalances({ state: 'ready', value: result.value.balances });
    setNotice(t('popup.topUp.done', { amount: formatAmount(amountMinor, currency, language) }));
  }

  const topUpCurrency: Currency =
    balances.state === 'ready' ? (balances.value.find((line) => line.kind === 'wallet')?.currency ?? 'EUR') : 'EUR';

  return (
    <main class="popup" data-screen={screen.kind} lang={language}>
      <header class="popup-head">
        <h1>Hashpay</h1>
        {props.openOptions === undefined ? null : (
          <button type="button" class="link" data-action="options" onClick={props.openOptions}>
            {t('popup.options')}
          </button>
        )}
      </header>
      {offline === null ? null : (
        <div class="banner" role="alert" data-banner="offline">
          {offline === 'no-cache'
            ? t('popup.offline.noCache')
            : t('popup.offline', { time: formatTime(offline, language) })}{' '}
          <button type="button" class="link" onClick={() => start()}>
            {t('popup.retry')}
          </button>
        </div>
      )}
      {screen.kind === 'loading' ? <p role="status">{t('popup.loading')}</p> : null}
      {screen.kind === 'signed-out' && unlinked ? <p role="status">{t('popup.unlinked')}</p> : null}
      {screen.kind === 'signed-out' ? <PopupSignedOut t={t} linking={screen.linking} onLink={link} /> : null}
      {screen.kind === 'signed-in' ? (
        <>
          <PopupAccount t={t} user={screen.user} busy={busy} onSignOut={signOut} onUnlink={unlink} />

          <section aria-labelledby="balances-title">
            <h2 id="balances-title">{t('popup.balances')}</h2>
            <SectionBody section={balances} t={t}>
              {(value) => <PopupBalances t={t} language={language} balances={value} />}
            </SectionBody>
            {props.localBuild === true && offline === null ? (
              <button type="button" data-action="top-up" disabled={busy} onClick={() => topUp(topUpCurrency)}>
                {t('popup.topUp', {
                  amount: formatAmount(TOP_UP_AMOUNT_MINOR[topUpCurrency], topUpCurrency, language),
                })}
              </button>
            ) : null}
            {notice === null ? null : <p role="status">{notice}</p>}
          </section>

          {offline === null ? (
            <PopupFunds
              t={t}
              language={language}
              ask={ask}
              currency={topUpCurrency}
              onBalances={(value) => setBalances({ state: 'ready', value })}
            />
          ) : null}

          <section aria-labelledby="awaiting-title">
            <h2 id="awaiting-title">{t('popup.awaiting')}</h2>
            <SectionBody section={awaiting} t={t}>
              {(value) => (
                <PopupAwaiting
                  t={t}
                  intents={value}
                  onReview={(intentId) => void ask('open-confirmation', { intentId })}
                />
              )}
            </SectionBody>
          </section>

          {history.state === 'loading' ? null : (
            <PopupHistory
              answersVersion={loadCount}
              t={t}
              language={language}
              ask={ask}
              myXUserId={screen.user.xUserId}
              initial={history.state === 'ready' ? history.value : null}
              initialError={history.state === 'failed' ? history.message : null}
              download={props.download}
              workerOrigin={props.workerOrigin}
            />
          )}
        </>
      ) : null}
      {error === null ? null : <p role="alert">{error}</p>}
    </main>
  );
}

function SectionBody<Value>(props: {
  section: Section<Value>;
  t: Translate;
  children: (value: Value) => preact.ComponentChildren;
}) {
  if (props.section.state === 'loading') return <p class="muted">{props.t('popup.loading')}</p>;
  if (props.section.state === 'failed') return <p role="alert">{props.section.message}</p>;
  return <>{props.children(props.section.value)}</>;
}
