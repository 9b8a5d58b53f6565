import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Pot } from '../../shared/contract/pots';
import type { Language } from '../../shared/language';
import { CURRENCY_CODES, type Currency, formatAmount, isCurrency } from '../../shared/money';
import { MEMO_LENGTH_MAX } from '../../shared/tweet-format';
import { isolate } from '../lib/bidi';
import { defaultSheetCurrency } from '../lib/currency-default';
import { errorText, translator } from '../lib/i18n';
import type { AskBackground, PayContext } from '../lib/messages';
import { availableIn, leftTodayIn, refusalBeforeDraft } from '../lib/pay-checks';
import { checkPayForm, composeIntentUrl, newRequestId, type PayFormCheck, statedCurrency } from '../lib/pay-form';
import { formatDeadline } from '../lib/pot-format';
import { ACCENT_COLOUR, type PageTheme, THEME_COLOURS } from '../lib/theme';
import { Isolated } from './Isolated';
import { PAYEE_AVATAR_SIZE_PX, PayeeCard } from './PayeeCard';

/**
 * The pay sheet: amount, currency and memo for paying a tweet's author. It checks as the user
 * types, asks the background to create the intent, then opens X's compose intent with the
 * worker's text. Nothing is posted here: the user posts the drafted tweet with their own click.
 *
 * Before drafting it asks the background what the wallet holds and what is left of today's limit,
 * shows both in the chosen currency, and refuses what the worker would refuse once the tweet is
 * public (see `pay-checks.ts`). It says so when the X account signed in on the page is not the
 * linked one (the page's account is read for display only). It opens as a popover: Tab stays
 * inside it, Escape closes it.
 *
 * It names what the money is for: a payment; a donation to a verified organisation (the donor
 * may be named on the public receipt); a contribution to a pot; or a pledge to a project, held
 * until its deadline. A pot or project collects in one currency, so the sheet keeps it fixed. The
 * page only suggests the mode: the worker decides what the intent is from X and its own records.
 */

export type PaySheetMode =
  | { kind: 'payment' }
  | { kind: 'donation'; organisationName: string }
  | { kind: 'contribution'; pot: Pot }
  | { kind: 'pledge'; pot: Pot };

export interface PaySheetProps {
  /** The payee; for a contribution or a pledge, the pot's organiser (the draft names the pot). */
  payeeHandle: string;
  /** Other handles a payment may go to: the people the tweet mentions. */
  mentionedHandles?: readonly string[];
  /** The X account the page is signed in as, read from the page for display only; null when unknown. */
  pageAccountHandle?: string | null;
  /** A payment when absent. */
  mode?: PaySheetMode;
  /** Deadlines are shown in the user's zone unless tests fix one. */
  timeZone?: string;
  /** The tweet the drafted tweet replies to; none when paying from a profile. */
  inReplyToTweetId?: string;
  defaultCurrency: Currency;
  language: Language;
  theme: PageTheme;
  /** The site's origin (x.com, or the sandbox): the compose intent opens there. */
  origin: string;
  ask: AskBackground;
  navigate: (url: string) => void;
  onClose: () => void;
}

/**
 * x.com's red and blue are too light for small text on white: these keep a contrast of at least
 * 4.5:1 (WCAG AA) on the sheet's background in each theme.
 */
const ERROR_COLOUR: Readonly<Record<PageTheme, string>> = { light: 'rgb(200, 20, 30)', dark: 'rgb(244, 33, 46)' };
const PRIMARY_BUTTON_COLOUR = 'rgb(0, 116, 212)';

export function sheetStyle(theme: PageTheme): string {
  const colours = THEME_COLOURS[theme];
  return `
.sheet{position:fixed;z-index:2147483000;top:20vh;left:50%;transform:translateX(-50%);width:min(360px,92vw);box-sizing:border-box;
background:${colours.surface};color:${colours.text};border:1px solid ${colours.line};border-radius:16px;
padding:16px;box-shadow:0 8px 28px rgba(0,0,0,.3);font:15px/1.35 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
h2{margin:0 0 12px;font-size:18px}label{display:block;margin:8px 0 4px;color:${colours.muted};font-size:13px}
input,select{box-sizing:border-box;width:100%;padding:8px;border:1px solid ${colours.line};border-radius:8px;
background:transparent;color:inherit;font:inherit}select option{color:#000}
.row{display:flex;gap:8px}.row>div:first-child{flex:1}.row>div:last-child{width:96px}
.sheet.anchored{position:absolute;transform:none}
.warning{margin:0 0 8px;padding:8px;border-radius:8px;border:1px solid ${ERROR_COLOUR[theme]};font-size:13px}
.error{color:${ERROR_COLOUR[theme]};font-size:13px;margin:4px 0 0}.hint{color:${colours.muted};font-size:13px;margin:4px 0 0}
label.check{display:flex;align-items:center;gap:6px;color:inherit;font-size:14px}label.check input{width:auto}.preview{margin:12px 0 0;color:${colours.muted}}
.actions{display:flex;justify-content:flex-end;gap:8px;margin-top:16px}
button{border-radius:9999px;padding:8px 16px;font:inherit;font-weight:700;cursor:pointer}
button.primary{background:${PRIMARY_BUTTON_COLOUR};color:#fff;border:0}button.primary:disabled{opacity:.5;cursor:default}
button.secondary{background:transparent;color:inherit;border:1px solid ${colours.line}}
select+.row{margin-top:0}
.payee{display:flex;align-items:center;gap:8px;margin:0 0 8px}.payee img{border-radius:50%;flex:none;width:${PAYEE_AVATAR_SIZE_PX}px;height:${PAYEE_AVATAR_SIZE_PX}px}
.payee-name{font-weight:700}.payee-handle{color:${colours.muted};font-size:13px}
button:focus-visible,input:focus-visible,select:focus-visible{outline:2px solid ${ACCENT_COLOUR};outline-offset:2px}`;
}

function potOf(mode: PaySheetMode): Pot | null {
  return mode.kind === 'contribution' || mode.kind === 'pledge' ? mode.pot : null;
}

export function PaySheet(props: PaySheetProps) {
  const t = translator(props.language);
  const mode: PaySheetMode = props.mode ?? { kind: 'payment' };
  const pot = potOf(mode);
  const [amountText, setAmountText] = useState('');
  const [currency, setCurrency] = useState<Currency>(pot?.currency ?? props.defaultCurrency);
  /** Only a payment's payee can be changed: a donation's and a pot's are what the button was for. */
  const [payee, setPayee] = useState(props.payeeHandle);
  const [payContext, setPayContext] = useState<PayContext | null>(null);
  /** Set once the user picks or types a currency: the wallet's default never overrides a choice. */
  const currencyChosen = useRef(false);
  const [memo, setMemo] = useState('');
  const [publicMention, setPublicMention] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const amountInput = useRef<HTMLInputElement>(null);
  /** One idempotency key per distinct draft: a retry of the same draft creates one intent. */
  const requestKey = useRef<{ key: string; requestId: string } | null>(null);

  useEffect(() => amountInput.current?.focus(), []);

  useEffect(() => {
    let current = true;
    props.ask('get-pay-context', { payeeHandle: payee }).then(
      (result) => {
        if (!current || !result.ok) return;
        setPayContext(result.value);
        if (pot === null && !currencyChosen.current) {
          setCurrency(
            defaultSheetCurrency({
              wallet: result.value.wallet,
              lastCurrency: result.value.lastCurrency,
              localeCurrency: props.defaultCurrency,
            }),
          );
        }
      },
      () => {
        // Without what the background knows the sheet checks the form only; the worker still decides.
      },
    );
    return () => {
      current = false;
    };
  }, [payee]);

  const check = useMemo((): PayFormCheck => {
    const checked = checkPayForm({ payeeHandle: payee, amountText, currency, memo }, props.language);
    // An amount typed in another currency than the pot's is refused, never converted.
    if (checked.ok && pot !== null && checked.currency !== pot.currency) {
      const amountError = t('sheet.currency.fixed', { currency: pot.currency });
      return { ok: false, amountError, memoError: null, payeeError: null };
    }
    if (!checked.ok) return checked;
    const refusal = refusalBeforeDraft(
      {
        amountMinor: checked.amountMinor,
        currency: checked.currency,
        // A pot's organiser may be the payer: chipping in to one's own pot is the worker's call.
        payeeHandle: pot === null ? payee : null,
        donation: mode.kind === 'donation',
      },
      payContext,
      props.language,
    );
    return refusal === null ? checked : { ok: false, amountError: refusal, memoError: null, payeeError: null };
  }, [payee, amountText, currency, memo, props.language, pot?.currency, payContext]);
  const selfPayment =
    pot === null && payContext?.user != null && payContext.user.username.toLowerCase() === payee.toLowerCase();
  const pageAccount = props.pageAccountHandle ?? null;
  const otherAccount =
    payContext?.user != null &&
    pageAccount !== null &&
    pageAccount.toLowerCase() !== payContext.user.username.toLowerCase()
      ? { page: pageAccount, linked: payContext.user.username }
      : null;
  const payeeChoices =
    mode.kind === 'payment' ? choicesOf(props.payeeHandle, props.mentionedHandles ?? [], payContext) : null;
  const typed = amountText.trim() !== '';

  function onAmountInput(text: string): void {
    setAmountText(text);
    setFailure(null);
    // A currency typed with the amount (`12,50 €`) moves the select, so both always agree; a
    // pot's currency stays as it is.
    const stated = statedCurrency(text, currency, props.language);
    if (stated !== null && pot === null) {
      currencyChosen.current = true;
      setCurrency(stated);
    }
  }

  async function draft(event: Event): Promise<void> {
    event.preventDefault();
    if (!check.ok || busy) return;
    const draftInput = {
      ...(pot === null ? { payeeHandle: payee } : { potHashtag: pot.hashtag }),
      ...(mode.kind === 'donation' && publicMention ? { publicMention: true } : {}),
      amountMinor: check.amountMinor,
      currency: check.currency,
      language: props.language,
      ...(props.inReplyToTweetId === undefined ? {} : { inReplyToTweetId: props.inReplyToTweetId }),
      ...(check.memo === undefined ? {} : { memo: check.memo }),
    };
    const key = JSON.stringify(draftInput);
    if (requestKey.current?.key !== key) requestKey.current = { key, requestId: newRequestId() };
    setBusy(true);
    setFailure(null);
    const result = await props.ask('create-payment-intent', { ...draftInput, requestId: requestKey.current.requestId });
    setBusy(false);
    if (!result.ok) {
      setFailure(errorText(props.language, result.error));
      return;
    }
    props.onClose();
    props.navigate(composeIntentUrl(props.origin, result.value.tweetText, props.inReplyToTweetId));
  }

  const title = sheetTitle(mode, payee, t);
  return (
    <div
      class="sheet"
      role="dialog"
      aria-modal="true"
      data-mode={mode.kind}
      aria-label={sheetTitle(mode, payee, t, isolate)}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          props.onClose();
        }
        if (event.key === 'Tab') keepFocusInside(event);
      }}
    >
      <form onSubmit={draft}>
        <h2>
          <Isolated text={title} names={[isolatedName(mode)]} />
        </h2>
        {otherAccount === null ? null : (
          <p class="warning" role="alert" data-hashpay-other-account>
            {t('sheet.account.mismatch', otherAccount)}
          </p>
        )}
        <PayeeCard handle={payee} ask={props.ask} t={t} />
        {payeeChoices === null || payeeChoices.inTweet.length + payeeChoices.recent.length < 2 ? null : (
          <>
            <label for="hashpay-payee">{t('sheet.to')}</label>
            <select
              id="hashpay-payee"
              name="payee"
              value={payee}
              onChange={(event) => {
                setPayee(event.currentTarget.value);
                setFailure(null);
              }}
            >
              <optgroup label={t('sheet.inTweet')}>
                {payeeChoices.inTweet.map((handle) => (
                  <option key={handle} value={handle}>
                    @{handle}
                  </option>
                ))}
              </optgroup>
              {payeeChoices.recent.length === 0 ? null : (
                <optgroup label={t('sheet.recent')}>
                  {payeeChoices.recent.map((handle) => (
                    <option key={handle} value={handle}>
                      @{handle}
                    </option>
                  ))}
                </optgroup>
              )}
            </select>
          </>
        )}
        <div class="row">
          <div>
            <label for="hashpay-amount">{t('sheet.amount')}</label>
            <input
              id="hashpay-amount"
              name="amount"
              ref={amountInput}
              inputMode="decimal"
              autoComplete="off"
              value={amountText}
              aria-invalid={typed && !check.ok && check.amountError !== null}
              aria-describedby="hashpay-amount-error"
              onInput={(event) => onAmountInput(event.currentTarget.value)}
            />
          </div>
          <div>
            <label for="hashpay-currency">{t('sheet.currency')}</label>
            <select
              id="hashpay-currency"
              name="currency"
              value={currency}
              disabled={pot !== null}
              aria-describedby={pot === null ? undefined : 'hashpay-currency-fixed'}
              onChange={(event) => {
                const value = event.currentTarget.value;
                if (!isCurrency(value)) return;
                currencyChosen.current = true;
                setCurrency(value);
              }}
            >
              {CURRENCY_CODES.map((code) => (
                <option key={code} value={code}>
                  {code}
                </option>
              ))}
            </select>
          </div>
        </div>
        {pot === null ? null : (
          <p class="hint" id="hashpay-currency-fixed">
            {t('sheet.currency.fixed', { currency: pot.currency })}
          </p>
        )}
        {payContext?.user == null ? null : (
          <p class="hint" data-hashpay-funds>
            <span data-field="available">
              {t('sheet.available', {
                amount: formatAmount(availableIn(payContext, currency), currency, props.language),
              })}
            </span>
            {leftTodayIn(payContext, currency) === null || mode.kind === 'donation' ? null : (
              <>
                {' · '}
                <span data-field="left-today">
                  {t('sheet.leftToday', {
                    amount: formatAmount(leftTodayIn(payContext, currency) ?? 0, currency, props.language),
                  })}
                </span>
              </>
            )}
          </p>
        )}
        <p class="error" id="hashpay-amount-error" role="alert">
          {selfPayment ? t('sheet.refuse.self') : typed && !check.ok ? check.amountError : null}
        </p>
        <label for="hashpay-memo">{t('sheet.memo')}</label>
        <input
          id="hashpay-memo"
          name="memo"
          maxLength={MEMO_LENGTH_MAX * 2}
          value={memo}
          aria-invalid={!check.ok && check.memoError !== null}
          onInput={(event) => {
            setMemo(event.currentTarget.value);
            setFailure(null);
          }}
        />
        <p class="error" role="alert">
          {!check.ok ? (check.memoError ?? check.payeeError) : null}
        </p>
        {mode.kind === 'donation' ? (
          <label class="check">
            <input
              type="checkbox"
              name="publicMention"
              checked={publicMention}
              onChange={(event) => setPublicMention(event.currentTarget.checked)}
            />{' '}
            {t('sheet.publicMention')}
          </label>
        ) : null}
        {check.ok ? (
          <p class="preview">
            <Isolated
              text={sheetPreview(mode, payee, formatAmount(check.amountMinor, check.currency, props.language), {
                t,
                language: props.language,
                timeZone: props.timeZone,
              })}
              names={[isolatedName(mode)]}
            />
          </p>
        ) : null}
        {failure === null ? null : (
          <p class="error" role="alert" data-hashpay-failure>
            {failure}
          </p>
        )}
        <div class="actions">
          <button type="button" class="secondary" onClick={props.onClose}>
            {t('sheet.close')}
          </button>
          <button type="submit" class="primary" disabled={!check.ok || busy || selfPayment}>
            {busy ? t('sheet.drafting') : t('sheet.draft')}
          </button>
        </div>
      </form>
    </div>
  );
}

/** Tab and Shift+Tab go round the sheet's controls instead of leaving it for the page. */
function keepFocusInside(event: KeyboardEvent): void {
  const dialog = event.currentTarget as HTMLElement;
  const focusable = Array.from(
    dialog.querySelectorAll<HTMLElement>('input:not([disabled]), select:not([disabled]), button:not([disabled])'),
  );
  if (focusable.length === 0) return;
  const root = dialog.getRootNode() as Document | ShadowRoot;
  const active = root.activeElement;
  const first = focusable[0]!;
  const last = focusable[focusable.length - 1]!;
  if (event.shiftKey && (active === first || !dialog.contains(active))) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (active === last || !dialog.contains(active))) {
    event.preventDefault();
    first.focus();
  }
}

/** The payees a payment may go to: the author and the people the tweet mentions, then recent ones. */
function choicesOf(
  author: string,
  mentioned: readonly string[],
  context: PayContext | null,
): { inTweet: string[]; recent: string[] } {
  const seen = new Set<string>();
  const own = context?.user?.username.toLowerCase();
  const take = (handles: readonly string[]) =>
    handles.filter((handle) => {
      const key = handle.toLowerCase();
      if (seen.has(key) || key === own) return false;
      seen.add(key);
      return true;
    });
  const inTweet = [author, ...take(mentioned.filter((handle) => handle.toLowerCase() !== author.toLowerCase()))];
  seen.add(author.toLowerCase());
  return { inTweet, recent: take(context?.recentPayees ?? []) };
}

/** The organisation's name or the pot's title the sheet quotes, to be shown isolated. */
function isolatedName(mode: PaySheetMode): string | null {
  if (mode.kind === 'donation') return mode.organisationName;
  return mode.kind === 'contribution' || mode.kind === 'pledge' ? mode.pot.title : null;
}

function sheetTitle(
  mode: PaySheetMode,
  payeeHandle: string,
  t: ReturnType<typeof translator>,
  quote: (name: string) => string = (name) => name,
): string {
  switch (mode.kind) {
    case 'payment':
      return t('sheet.title', { handle: payeeHandle });
    case 'donation':
      return t('sheet.title.donation', { name: quote(mode.organisationName) });
    case 'contribution':
      return t('sheet.title.contribution', { hashtag: mode.pot.hashtag });
    case 'pledge':
      return t('sheet.title.pledge', { hashtag: mode.pot.hashtag });
  }
}

function sheetPreview(
  mode: PaySheetMode,
  payeeHandle: string,
  amount: string,
  words: { t: ReturnType<typeof translator>; language: Language; timeZone: string | undefined },
): string {
  const { t } = words;
  switch (mode.kind) {
    case 'payment':
      return t('sheet.preview', { handle: payeeHandle, amount });
    case 'donation':
      return t('sheet.preview.donation', { name: mode.organisationName, amount });
    case 'contribution':
      return t('sheet.preview.contribution', { title: mode.pot.title, amount });
    case 'pledge': {
      const deadlineAt = mode.pot.deadlineAt;
      // A project always has a deadline; without one the words would promise a date that does not exist.
      const deadline = deadlineAt === null ? '' : formatDeadline(deadlineAt, words.language, words.timeZone);
      return t('sheet.preview.pledge', { amount, deadline });
    }
  }
}
