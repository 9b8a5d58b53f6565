import { useEffect, useRef, useState } from 'preact/hooks';
import { parseAmount } from '../../shared/amount-parse';
import type { Balance } from '../../shared/contract/balances';
import type { FundsResponse, MoneyBack, TopUp, Withdrawal } from '../../shared/contract/funds';
import type { Language } from '../../shared/language';
import type { Currency } from '../../shared/money';
import { errorText, type Translate } from '../lib/i18n';
import type { AskBackground } from '../lib/messages';
import { newRequestId } from '../lib/pay-form';
import { formatSignedAmount, formatTime } from './PopupFormat';

/** How often the popup asks whether a top-up or withdrawal it started has settled. */
export const FUNDS_POLL_INTERVAL_MS = 1_000;
/** How many times it asks before leaving it to the next opening of the popup (10 minutes). */
export const FUNDS_POLLS_MAX = 600;

type Row =
  | { kind: 'top_up'; atMs: number; item: TopUp }
  | { kind: 'withdrawal'; atMs: number; item: Withdrawal }
  | { kind: 'money_back'; atMs: number; item: MoneyBack };

/**
 * Money in and out: Add money (the provider's checkout opens in a tab), Withdraw (with the
 * provider's onboarding the first time), what the user owes after a refund or dispute, and the
 * history of top-ups, withdrawals, refunds and disputes. Balances change only when the worker
 * has the provider's word, so after starting one the popup asks until it has settled.
 */
export interface PopupFundsProps {
  t: Translate;
  language: Language;
  ask: AskBackground;
  currency: Currency;
  onBalances: (balances: Balance[]) => void;
}

export function PopupFunds(props: PopupFundsProps) {
  const { t, language, ask, currency } = props;
  const [funds, setFunds] = useState<FundsResponse | null>(null);
  const [addText, setAddText] = useState('');
  const [withdrawText, setWithdrawText] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const polling = useRef<{ stop: boolean }>({ stop: false });

  async function loadFunds(): Promise<FundsResponse | null> {
    const result = await ask('get-funds', {});
    if (!result.ok) return null;
    setFunds(result.value);
    return result.value;
  }

  async function refreshBalances(): Promise<void> {
    const result = await ask('get-balances', {});
    if (result.ok) props.onBalances(result.value.balances);
  }

  useEffect(() => {
    void loadFunds();
    const current = polling.current;
    return () => {
      current.stop = true;
    };
  }, [ask]);

  /** Asks until `settled` says the item is decided, then refreshes the balances. */
  async function waitFor(settled: (funds: FundsResponse) => string | null): Promise<void> {
    for (let poll = 0; poll < FUNDS_POLLS_MAX && !polling.current.stop; poll++) {
      await new Promise((resolve) => setTimeout(resolve, FUNDS_POLL_INTERVAL_MS));
      const latest = await loadFunds();
      const outcome = latest === null ? null : settled(latest);
      if (outcome !== null) {
        await refreshBalances();
        setStatus(outcome);
        return;
      }
    }
  }

  function amountOf(text: string): number | null {
    const parsed = parseAmount(text, { defaultCurrency: currency });
    if (!parsed.ok || parsed.currency !== currency) {
      setProblem(t('funds.amount.invalid'));
      return null;
    }
    return parsed.amountMinor;
  }

  async function addMoney(event: Event): Promise<void> {
    event.preventDefault();
    setProblem(null);
    const amountMinor = amountOf(addText);
    if (amountMinor === null) return;
    setBusy(true);
    const result = await ask('start-top-up', { currency, amountMinor, requestId: newRequestId() });
    setBusy(false);
    if (!result.ok) {
      setProblem(errorText(language, result.error));
      return;
    }
    const { topUp } = result.value;
    const amount = formatSignedAmount(topUp.amountMinor, topUp.currency, language);
    setStatus(t('funds.topUp.started', { amount }));
    await waitFor((latest) => {
      const row = latest.topUps.find((item) => item.id === topUp.id);
      if (row?.status === 'paid') return t('funds.topUp.paid', { amount });
      if (row?.status === 'failed' || row?.status === 'expired') return t('funds.topUp.failed');
      return null;
    });
  }

  async function withdraw(event: Event): Promise<void> {
    event.preventDefault();
    setProblem(null);
    const amountMinor = amountOf(withdrawText);
    if (amountMinor === null) return;
    setBusy(true);
    const payouts = await ask('set-up-payouts', {});
    if (!payouts.ok || !payouts.value.ready) {
      setBusy(false);
      if (payouts.ok) setStatus(t('funds.payouts.setUp'));
      else setProblem(errorText(language, payouts.error));
      return;
    }
    const result = await ask('withdraw', { currency, amountMinor, requestId: newRequestId() });
    setBusy(false);
    if (!result.ok) {
      setProblem(errorText(language, result.error));
      return;
    }
    const { withdrawal } = result.value;
    await refreshBalances();
    await loadFunds();
    setStatus(withdrawalText(t, language, withdrawal));
    await waitFor((latest) => {
      const row = latest.withdrawals.find((item) => item.id === withdrawal.id);
      if (row?.status === 'paid' || row?.status === 'failed') return withdrawalText(t, language, row);
      return null;
    });
  }

  const rows: Row[] =
    funds === null
      ? []
      : [
          ...funds.topUps.map((item) => ({ kind: 'top_up' as const, atMs: item.createdAtMs, item })),
          ...funds.withdrawals.map((item) => ({ kind: 'withdrawal' as const, atMs: item.createdAtMs, item })),
          ...funds.moneyBacks.map((item) => ({ kind: 'money_back' as const, atMs: item.createdAtMs, item })),
        ].sort((a, b) => b.atMs - a.atMs);

  return (
    <section aria-labelledby="funds-title" data-section="funds">
      <h2 id="funds-title">{t('funds.title')}</h2>
      {funds?.debts.map((debt) => (
        <p role="alert" data-field="debt" key={debt.currency}>
          {t('funds.debt', { amount: formatSignedAmount(debt.owedMinor, debt.currency, language) })}
        </p>
      ))}
      <form class="funds-form" data-form="add-money" onSubmit={addMoney}>
        <label>
          {t('funds.addMoney.amount', { currency })}{' '}
          <input
            name="amount"
            inputMode="decimal"
            value={addText}
            data-field="add-amount"
            onInput={(event) => setAddText((event.target as HTMLInputElement).value)}
          />
        </label>
        <button type="submit" data-action="add-money" disabled={busy}>
          {t('funds.addMoney')}
        </button>
      </form>
      <form class="funds-form" data-form="withdraw" onSubmit={withdraw}>
        <label>
          {t('funds.withdraw.amount', { currency })}{' '}
          <input
            name="amount"
            inputMode="decimal"
            value={withdrawText}
            data-field="withdraw-amount"
            onInput={(event) => setWithdrawText((event.target as HTMLInputElement).value)}
          />
        </label>
        <button type="submit" data-action="withdraw" disabled={busy}>
          {t('funds.withdraw')}
        </button>
      </form>
      {status === null ? null : (
        <p role="status" data-field="funds-status">
          {status}
        </p>
      )}
      {problem === null ? null : (
        <p role="alert" data-field="funds-problem">
          {problem}
        </p>
      )}
      {rows.length === 0 ? null : (
        <ul class="funds-history">
          {rows.map((row) => (
            <li key={`${row.kind}-${row.item.id}`} data-funds-row={rowKind(row)} data-status={rowStatus(row)}>
              {rowText(t, language, row)} <span class="muted">{formatTime(row.atMs, language)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function rowKind(row: Row): string {
  return row.kind === 'money_back' ? row.item.kind : row.kind;
}

function rowStatus(row: Row): string {
  return row.kind === 'money_back' ? 'done' : row.item.status;
}

function rowText(t: Translate, language: Language, row: Row): string {
  const amount = formatSignedAmount(row.item.amountMinor, row.item.currency, language);
  switch (row.kind) {
    case 'top_up':
      return t(`funds.row.topUp.${row.item.status}`, { amount });
    case 'withdrawal':
      return t(`funds.row.withdrawal.${row.item.status}`, { amount });
    case 'money_back':
      return t(`funds.row.${row.item.kind}`, { amount });
  }
}

function withdrawalText(t: Translate, language: Language, withdrawal: Withdrawal): string {
  const amount = formatSignedAmount(withdrawal.amountMinor, withdrawal.currency, language);
  const fee = formatSignedAmount(withdrawal.feeMinor, withdrawal.currency, language);
  if (withdrawal.status === 'paid') return t('funds.withdrawal.paid', { amount });
  if (withdrawal.status === 'failed') return t('funds.withdrawal.failed', { amount });
  const arrival = withdrawal.arrivalAtMs === null ? '—' : formatTime(withdrawal.arrivalAtMs, language);
  return t('funds.withdrawal.started', { amount, fee, arrival });
}
