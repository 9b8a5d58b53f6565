import type { Language } from '../../shared/language';
import { type Currency, formatAmount } from '../../shared/money';
import type { ReadableIntent } from '../lib/readable-answers';

/** How the popup writes amounts and times in the page language. */

/** A signed amount: balances may be negative (offer credits clawed back), payments never are. */
export function formatSignedAmount(amountMinor: number, currency: Currency, language: Language): string {
  if (amountMinor >= 0) return formatAmount(amountMinor, currency, language);
  return `−${formatAmount(-amountMinor, currency, language)}`;
}

// Made on first use, for the popup's one language: a formatter costs the first paint its making.
const TIME_FORMATS: Partial<Record<Language, Intl.DateTimeFormat>> = {};

export function formatTime(iso: string | number, language: Language): string {
  TIME_FORMATS[language] ??= new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
  return TIME_FORMATS[language].format(new Date(iso));
}

/** Only web links from the worker become links; anything else is shown as nothing. */
export function safeTweetUrl(intent: ReadableIntent): string | null {
  const url = intent.tweet?.url;
  if (url === undefined) return null;
  return /^https?:\/\//.test(url) ? url : null;
}
