import { assert } from '../../shared/assert';
import type { PaymentPurpose } from '../../shared/contract/payments';
import { OrganisationLimitsSchema } from '../../shared/contract/pots';
import { CURRENCY_CODES, type Currency } from '../../shared/money';
import { findOrganisation, type OrganisationRow } from '../db/organisations';
import type { PaymentsConfig } from '../payments/config';

/**
 * The limits an intent must keep. Payments, pot contributions and pledges keep the person limits
 * (`PAYMENT_LIMITS`). Donations keep their organisation's larger per-payment limit (S-Money
 * allowed €500 to associations, €250 to people) and are summed apart over the rolling day, so a
 * donation up to that limit stays possible whatever the donor sent to people that day.
 */

/** Which payments a daily limit sums: donations and the rest are counted apart. */
export type DailyLimitGroup = 'payments' | 'donations';

export interface IntentLimits {
  perPaymentMaxMinor: number;
  /** Over any 24 hours, counting the payer's reserved and sent intents of the same group. */
  perDayMaxMinor: number;
  dailyGroup: DailyLimitGroup;
}

/** The largest single donation to an organisation without a limit of its own: 500.00, or ¥70 000. */
export const ORGANISATION_PER_PAYMENT_DEFAULT_MINOR: Readonly<Record<Currency, number>> = {
  EUR: 50_000,
  USD: 50_000,
  GBP: 50_000,
  CHF: 50_000,
  CAD: 50_000,
  JPY: 70_000,
};

/** What a donor may give to organisations over any 24 hours, unless one organisation's own limit is higher. */
export const DONATION_PER_DAY_DEFAULT_MINOR: Readonly<Record<Currency, number>> =
  ORGANISATION_PER_PAYMENT_DEFAULT_MINOR;

/** An organisation's largest single donation per currency, its own limits over the defaults. */
export function organisationPerPaymentMaxMinor(row: Pick<OrganisationRow, 'limits_json'>): Record<Currency, number> {
  const limits: Record<Currency, number> = { ...ORGANISATION_PER_PAYMENT_DEFAULT_MINOR };
  if (row.limits_json !== null) {
    const parsed = OrganisationLimitsSchema.safeParse(JSON.parse(row.limits_json));
    assert(parsed.success, `organisation limits are not valid: ${parsed.error?.message}`);
    for (const currency of CURRENCY_CODES) {
      const own = parsed.data[currency];
      if (own !== undefined) limits[currency] = own;
    }
  }
  return limits;
}

/**
 * The limits of an intent of this purpose to this payee. A donation's limits are its
 * organisation's even once revoked: the purpose was fixed when the intent was made.
 */
export async function limitsForIntent(
  db: D1Database,
  config: PaymentsConfig,
  intent: { purpose: PaymentPurpose; payeeXUserId: string; currency: Currency },
): Promise<IntentLimits> {
  if (intent.purpose !== 'donation') return { ...config.limits[intent.currency], dailyGroup: 'payments' };
  const organisation = await findOrganisation(db, intent.payeeXUserId);
  assert(organisation !== null, 'a donation goes to a registered organisation');
  return donationLimits(organisation, intent.currency);
}

/** The limits of a donation to this organisation in this currency. */
export function donationLimits(organisation: Pick<OrganisationRow, 'limits_json'>, currency: Currency): IntentLimits {
  const perPaymentMaxMinor = organisationPerPaymentMaxMinor(organisation)[currency];
  // An organisation allowed more than the day's default still takes one donation up to its limit.
  const perDayMaxMinor = Math.max(DONATION_PER_DAY_DEFAULT_MINOR[currency], perPaymentMaxMinor);
  return { perPaymentMaxMinor, perDayMaxMinor, dailyGroup: 'donations' };
}
