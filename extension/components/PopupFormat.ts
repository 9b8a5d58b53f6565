import type { Language } from '../../shared/language';
import { type Currency, formatAmount } from '../../shared/money';
import type { ReadableIntent } from '../lib/readable-answers';

/** How the popup writes amounts and times in the page language. */

/** A signed amount: balances may be negative (offer credits clawed back), payments never are. */
export function formatSignedAmount(amountMinor: number, currency: Currency, language: Language): string {
  if (amountMinor >= 0) return formatAmount(amountMinor, currency, language);
  return `−${formatAmount(-amountMinor, currency, language)}`;
}

const TIME_FORMATS: Record<Language, Intl.DateTimeFormat> = {
  en: new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' }),
  fr: new Intl.DateTimeFormat('fr', { dateStyle: 'medium', timeStyle: 'short' }),
};

export function formatTime(iso: string | number, language: Language): string {
  return TIME_FORMATS[language].format(new Date(iso));
}

/** Only web links from the worker become links; anything else is shown as nothing. */
export function safeTweetUrl(intent: ReadableIntent): string | null {
  const url = intent.tweet?.url;
  if (url === undefined) return null;
  return /^https?:\/\//.test(url) ? url : null;
}
