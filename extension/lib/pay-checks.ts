import type { Language } from '../../shared/language';
import { type Currency, formatAmount } from '../../shared/money';
import { translate } from './i18n';
import type { PayContext } from './messages';

/**
 * What the sheet refuses before drafting because the worker would refuse it after the tweet is
 * public: more than the wallet holds, more than a limit allows (per payment, or what is left of
 * the day), a payment to oneself. The worker still decides (the balance and the day can change
 * between the draft and the tweet); these only keep a public tweet from promising what cannot be
 * paid. Handles are compared for display only, as X does, without regard to case.
 */

export interface DraftToCheck {
  amountMinor: number;
  currency: Currency;
  payeeHandle: string | null;
  /** Donations keep their organisation's own limits, which only the worker knows. */
  donation: boolean;
}

export function refusalBeforeDraft(draft: DraftToCheck, context: PayContext | null, language: Language): string | null {
  if (context === null || context.user === null) return null;
  const amount = (minor: number) => formatAmount(minor, draft.currency, language);
  if (draft.payeeHandle !== null && draft.payeeHandle.toLowerCase() === context.user.username.toLowerCase()) {
    return translate(language, 'sheet.refuse.self');
  }
  const availableMinor = availableIn(context, draft.currency);
  if (draft.amountMinor > availableMinor)
    return translate(language, 'sheet.refuse.balance', { amount: amount(availableMinor) });
  const limit = draft.donation ? undefined : context.limits?.find((line) => line.currency === draft.currency);
  if (limit !== undefined) {
    if (draft.amountMinor > limit.perPaymentMaxMinor) {
      return translate(language, 'sheet.refuse.perPayment', { amount: amount(limit.perPaymentMaxMinor) });
    }
    if (draft.amountMinor > limit.perDayRemainingMinor) {
      return translate(language, 'sheet.refuse.perDay', { amount: amount(limit.perDayRemainingMinor) });
    }
  }
  return null;
}

/** What the wallet can spend now in this currency (nothing when it holds none). */
export function availableIn(context: PayContext, currency: Currency): number {
  return context.wallet.find((line) => line.currency === currency)?.availableMinor ?? 0;
}

/** What is left of today's limit in this currency, or null when the worker did not say. */
export function leftTodayIn(context: PayContext, currency: Currency): number | null {
  return context.limits?.find((line) => line.currency === currency)?.perDayRemainingMinor ?? null;
}
