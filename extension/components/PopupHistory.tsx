import { useEffect, useRef, useState } from 'preact/hooks';
import type { Language } from '../../shared/language';
import { formatAmount } from '../../shared/money';
import { isolate } from '../lib/bidi';
import {
  amountEffect,
  amountSign,
  describeEndReason,
  describeRefusal,
  historyEntries,
  personQuery,
  refusalsWithPerson,
  safeRefusalUrl,
} from '../lib/history-rows';
import { errorText, type Translate } from '../lib/i18n';
import type { ActionResult, AskBackground } from '../lib/messages';
import { popupWordsLoaded } from '../lib/popup-words';
import { describeCounterparty, describeIntentState } from '../lib/pot-format';
import type { ReadableIntent, ReadableRefusal } from '../lib/readable-answers';
import { lazyView } from './LazyView';
import { formatTime, safeTweetUrl } from './PopupFormat';
import type { PopupHistoryDetailProps } from './PopupHistoryDetail';
import type { PopupOffersProps } from './PopupOffers';
import type { PopupRefusalDetailProps } from './PopupRefusalDetail';
import { RowTweetLink } from './RowTweetLink';

/**
 * The user's payments, newest first, with filters (all, sent, received), a search by person (the
 * other party's handle, asked of the worker so it covers every page), cursor paging and CSV
 * export; the Offers filter shows the offers instead. Each row says who, how much, in which state,
 * when, and links to its tweet; a row that ended without money moving says why and shows its
 * amount struck and unsigned, never as a debit. A row opens its detail view (timeline, tweet,
 * receipt, reason). Names and memos come from X and are rendered as text. A row says what the
 * money was for: a donation, a contribution to a pot, or a pledge (held until the deadline, then
 * collected or released). The person's refused tweets (which moved nothing) are rows too, in the
 * order they happened, saying why and opening their own detail view (tweet, reason, what to do).
 */

export type HistoryFilter = 'any' | 'payer' | 'payee';
export const HISTORY_FILTERS: readonly HistoryFilter[] = ['any', 'payer', 'payee'];
/** What the history shows: payments with one of the filters, or the offers claimed. */
export type HistoryView = HistoryFilter | 'offers';
export const HISTORY_VIEWS: readonly HistoryView[] = [...HISTORY_FILTERS, 'offers'];
/** Rows per page of the export: the API's largest page. */
const EXPORT_PAGE_SIZE = 100;

// The list is the popup's first paint; what opens from it loads on first use, with the rest of its words.
const PopupHistoryDetail = lazyView<PopupHistoryDetailProps>(async () => {
  const [view] = await Promise.all([import('./PopupHistoryDetail'), popupWordsLoaded()]);
  return view.PopupHistoryDetail;
});
const PopupRefusalDetail = lazyView<PopupRefusalDetailProps>(async () => {
  const [view] = await Promise.all([import('./PopupRefusalDetail'), popupWordsLoaded()]);
  return view.PopupRefusalDetail;
});
const PopupOffers = lazyView<PopupOffersProps>(async () => {
  const [view] = await Promise.all([import('./PopupOffers'), popupWordsLoaded()]);
  return view.PopupOffers;
});

export interface HistoryPageState {
  intents: ReadableIntent[];
  /** The refused tweets within the pages read (a worker without them sends none). */
  refusals?: ReadableRefusal[];
  nextCursor: string | null;
}

export interface PopupHistoryProps {
  t: Translate;
  language: Language;
  ask: AskBackground;
  myXUserId: string;
  /** The first page of `any`, read with the rest of the popup (or from the cache). */
  initial: HistoryPageState | null;
  initialError: string | null;
  /** Offers the export as a file; the browser's download when absent. */
  download?: (fileName: string, text: string) => void;
  /**
   * Bumped each time the popup has fresher answers (`initial`, `initialError`). The history stays
   * mounted through them, so the view, the search (typed or asked), an open detail and the focus
   * are the person's own; only the rows are read again.
   */
  answersVersion?: number;
  /** The worker the receipts are read from (the options' or the build's). */
  workerOrigin?: string;
}

const FILTER_LABELS = {
  any: 'popup.history.all',
  payer: 'popup.history.sent',
  payee: 'popup.history.received',
  offers: 'popup.history.offers',
} as const;

export function PopupHistory(props: PopupHistoryProps) {
  const { t, language, ask } = props;
  const [view, setView] = useState<HistoryView>('any');
  // The payments filter last chosen; the Offers view keeps it for when payments come back.
  const filter: HistoryFilter = view === 'offers' ? 'any' : view;
  // The handle start the rows are searched by; null for everyone.
  const [person, setPerson] = useState<string | null>(null);
  // The history opens on all payments, whose first page the popup read; a filter or a search reads its own.
  const [page, setPage] = useState<HistoryPageState | null>(props.initial);
  const [error, setError] = useState<string | null>(props.initialError);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [searchText, setSearchText] = useState('');
  const [searchProblem, setSearchProblem] = useState<string | null>(null);
  const [opened, setOpened] = useState<ReadableIntent | null>(null);
  const [openedRefusal, setOpenedRefusal] = useState<ReadableRefusal | null>(null);

  // Only the answer to the latest question is shown: a first page asked for before a search or a
  // filter change must not replace the rows of the one asked for after it.
  const latestLoad = useRef(0);

  async function load(role: HistoryFilter, before: string | null, who: string | null = person): Promise<void> {
    const loadNumber = ++latestLoad.current;
    setBusy(true);
    setError(null);
    const result = await ask('get-history', { role, before, person: who });
    if (loadNumber !== latestLoad.current) return;
    setBusy(false);
    if (!result.ok) {
      setError(errorText(language, result.error));
      return;
    }
    const refusals = result.value.refusals ?? [];
    setPage((previous) => ({
      intents: before === null ? result.value.intents : [...(previous?.intents ?? []), ...result.value.intents],
      refusals: before === null ? refusals : [...(previous?.refusals ?? []), ...refusals],
      nextCursor: result.value.nextCursor,
    }));
  }

  // Fresher answers: the first page of everyone's payments is the popup's own; any other view
  // (a filter, a search) reads its first page again. The Offers view reads its own data.
  const shownVersion = useRef(props.answersVersion);
  useEffect(() => {
    if (props.answersVersion === shownVersion.current) return;
    shownVersion.current = props.answersVersion;
    if (view === 'offers') return;
    if (filter !== 'any' || person !== null) {
      void load(filter, null);
      return;
    }
    // A page asked for before these answers must not land on them.
    latestLoad.current += 1;
    setBusy(false);
    setPage(props.initial);
    setError(props.initialError);
  }, [props.answersVersion]);

  function choose(next: HistoryView): void {
    if (next === view) return;
    setView(next);
    setPage(null);
    setNotice(null);
    setError(null);
    // The Offers view reads its own data.
    if (next !== 'offers') void load(next, null);
  }

  function search(event: Event): void {
    event.preventDefault();
    const query = personQuery(searchText);
    if (query === 'invalid') {
      setSearchProblem(t('history.search.invalid'));
      return;
    }
    setSearchProblem(null);
    if (query === person) return;
    choosePerson(query);
  }

  function choosePerson(next: string | null): void {
    setPerson(next);
    setPage(null);
    void load(filter, null, next);
  }

  if (opened !== null) {
    return (
      <PopupHistoryDetail
        intent={opened}
        t={t}
        language={language}
        myXUserId={props.myXUserId}
        workerOrigin={props.workerOrigin ?? null}
        onBack={() => setOpened(null)}
      />
    );
  }

  if (openedRefusal !== null) {
    return (
      <PopupRefusalDetail refusal={openedRefusal} t={t} language={language} onBack={() => setOpenedRefusal(null)} />
    );
  }

  // Received payments are never refused tweets of one's own; a search keeps the drafts to that person.
  const refusals = filter === 'payee' ? [] : refusalsWithPerson(page?.refusals ?? [], person);
  const entries = page === null ? [] : historyEntries(page.intents, refusals);

  async function exportCsv(): Promise<void> {
    setBusy(true);
    setNotice(null);
    setError(null);
    // The export's code is a chunk of its own, loaded on the first export.
    const { CSV_EXPORT_ROWS_MAX, downloadText, historyCsv } = await import('../lib/history-csv');
    const rows: ReadableIntent[] = [];
    let before: string | null = null;
    do {
      const result: ActionResult<'get-history'> = await ask('get-history', {
        role: filter,
        before,
        limit: EXPORT_PAGE_SIZE,
        person,
      });
      if (!result.ok) {
        setBusy(false);
        setError(errorText(language, result.error));
        return;
      }
      rows.push(...result.value.intents);
      before = result.value.nextCursor;
    } while (before !== null && rows.length < CSV_EXPORT_ROWS_MAX);
    setBusy(false);
    const download = props.download ?? downloadText;
    download(`hashpay-history-${new Date().toISOString().slice(0, 10)}.csv`, historyCsv(rows, props.myXUserId));
    setNotice(rows.length === 1 ? t('popup.history.exportedOne') : t('popup.history.exported', { count: rows.length }));
  }

  return (
    <section class="history" aria-labelledby="history-title" aria-busy={busy}>
      <div class="section-head">
        <h2 id="history-title">{t('popup.history')}</h2>
        {view === 'offers' ? null : (
          <button type="button" class="link" data-action="export" disabled={busy} onClick={exportCsv}>
            {t('popup.history.export')}
          </button>
        )}
      </div>
      <fieldset class="filters">
        <legend class="visually-hidden">{t('popup.history.filters')}</legend>
        {HISTORY_VIEWS.map((candidate) => (
          <button
            key={candidate}
            type="button"
            aria-pressed={candidate === view}
            data-filter={candidate}
            onClick={() => choose(candidate)}
          >
            {t(FILTER_LABELS[candidate])}
          </button>
        ))}
      </fieldset>
      {view === 'offers' ? null : (
        <form class="history-search" onSubmit={search}>
          <label for="history-person">{t('history.search')}</label>
          <input
            id="history-person"
            type="search"
            name="person"
            autoComplete="off"
            spellcheck={false}
            placeholder={t('history.search.placeholder')}
            value={searchText}
            aria-invalid={searchProblem !== null}
            aria-describedby={searchProblem === null ? undefined : 'history-person-problem'}
            onInput={(event) => {
              const text = event.currentTarget.value;
              setSearchText(text);
              // Clearing the box shows everyone again at once.
              if (text.trim() === '' && person !== null) {
                setSearchProblem(null);
                choosePerson(null);
              }
            }}
          />
          {searchProblem === null ? null : (
            <p id="history-person-problem" role="alert">
              {searchProblem}
            </p>
          )}
        </form>
      )}
      {notice === null ? null : <p role="status">{notice}</p>}
      {view === 'offers' ? <PopupOffers t={t} language={language} ask={ask} /> : null}
      {view === 'offers' || error === null ? null : (
        <p role="alert">
          {error}{' '}
          <button type="button" class="link" onClick={() => load(filter, null)}>
            {t('popup.retry')}
          </button>
        </p>
      )}
      {view === 'offers' ? null : page === null ? (
        error === null ? (
          <p class="muted">{t('popup.loading')}</p>
        ) : null
      ) : entries.length === 0 ? (
        <p class="muted">
          {person !== null
            ? t('history.search.empty', { handle: person })
            : t(filter === 'any' ? 'popup.history.empty' : 'popup.history.emptyFiltered')}
        </p>
      ) : (
        <ol class="history-rows">
          {entries.map((entry) =>
            entry.kind === 'intent' ? (
              <HistoryRow
                key={entry.intent.id}
                intent={entry.intent}
                t={t}
                language={language}
                myXUserId={props.myXUserId}
                onOpen={() => setOpened(entry.intent)}
              />
            ) : (
              <RefusalRow
                key={`refusal-${entry.refusal.tweetId}`}
                refusal={entry.refusal}
                t={t}
                language={language}
                onOpen={() => setOpenedRefusal(entry.refusal)}
              />
            ),
          )}
        </ol>
      )}
      {view !== 'offers' && page?.nextCursor ? (
        <button type="button" data-action="more" disabled={busy} onClick={() => load(filter, page.nextCursor)}>
          {t('popup.history.more')}
        </button>
      ) : null}
    </section>
  );
}

function HistoryRow(props: {
  intent: ReadableIntent;
  t: Translate;
  language: Language;
  myXUserId: string;
  onOpen: () => void;
}) {
  const { intent, t, language } = props;
  const sent = intent.payer.xUserId === props.myXUserId;
  const counterparty = sent ? intent.payee : intent.payer;
  const tweetUrl = safeTweetUrl(intent);
  const effect = amountEffect(intent, sent);
  const reason = describeEndReason(intent, sent, language);
  const who = describeCounterparty(intent, sent, language);
  return (
    <li
      data-history={intent.id}
      data-direction={sent ? 'sent' : 'received'}
      data-status={intent.status}
      data-purpose={intent.purpose}
      data-effect={effect}
    >
      <button type="button" class="row-main row-open" data-action="open" onClick={props.onOpen}>
        <span data-field="counterparty" title={isolate(intent.pot === null ? counterparty.name : intent.pot.title)}>
          {who}
        </span>
        {/* Only money that moved is signed: a failed, cancelled or expired amount never left. */}
        <strong data-field="amount" class={effect === 'other' ? undefined : effect}>
          {amountSign(effect)}
          {formatAmount(intent.amountMinor, intent.currency, language)}
        </strong>
      </button>
      {reason === null ? null : (
        <p class="row-reason" data-field="reason">
          {reason}
        </p>
      )}
      <div class="row-meta muted">
        <span data-field="state">{describeIntentState(intent, language)}</span>
        {' · '}
        <time dateTime={intent.createdAt}>{formatTime(intent.createdAt, language)}</time>
        {intent.memo === null ? null : (
          <span data-field="memo">
            {' · '}
            <bdi>{intent.memo}</bdi>
          </span>
        )}
        <RowTweetLink href={tweetUrl} t={t} />
      </div>
    </li>
  );
}

/**
 * A tweet Hashpay refused: it moved nothing, so it reads "Not paid", its draft's amount (if it had
 * one) is struck and unsigned, and its reason is the answer window's.
 */
function RefusalRow(props: { refusal: ReadableRefusal; t: Translate; language: Language; onOpen: () => void }) {
  const { refusal, t, language } = props;
  const draft = refusal.intent;
  const tweetUrl = safeRefusalUrl(refusal);
  return (
    <li data-refusal={refusal.tweetId} data-reason={refusal.reason} data-effect="none">
      <button type="button" class="row-main row-open" data-action="open" onClick={props.onOpen}>
        <span data-field="counterparty">
          {draft === null ? t('history.refusal.row') : describeCounterparty(draft, true, language)}
        </span>
        {draft === null ? null : (
          <strong data-field="amount" class="none">
            {formatAmount(draft.amountMinor, draft.currency, language)}
          </strong>
        )}
      </button>
      <p class="row-reason" data-field="reason">
        {describeRefusal(refusal, language)}
      </p>
      <div class="row-meta muted">
        <span data-field="state">{t('history.refusal.state')}</span>
        {' · '}
        <time dateTime={refusal.decidedAt}>{formatTime(refusal.decidedAt, language)}</time>
        <RowTweetLink href={tweetUrl} t={t} />
      </div>
    </li>
  );
}
