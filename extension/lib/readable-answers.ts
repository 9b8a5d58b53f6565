import type { z } from 'zod';
import { CreditSchema, CreditStatusSchema } from '../../shared/contract/cards';
import { ClaimSchema, ClaimStatusSchema } from '../../shared/contract/offers';
import {
  PaymentFailureReasonSchema,
  PaymentIntentResponseSchema,
  PaymentIntentSchema,
  PaymentIntentStatusSchema,
  PaymentPurposeSchema,
  ReportTweetResponseSchema,
  TweetRefusalReasonSchema,
  TweetRefusalSchema,
} from '../../shared/contract/payments';
import { tolerantEnum } from './tolerant-enum';

/**
 * The worker's answers as this version reads them: the contract's schemas with their statuses,
 * purposes and reasons read tolerantly (`tolerant-enum.ts`), so that an intent, a claim or a
 * credit in a state added since is shown as "Other" instead of being dropped or refusing the answer.
 */

export const ReadableIntentSchema = PaymentIntentSchema.extend({
  status: tolerantEnum(PaymentIntentStatusSchema),
  purpose: tolerantEnum(PaymentPurposeSchema),
  failureReason: tolerantEnum(PaymentFailureReasonSchema).nullable(),
});
export type ReadableIntent = z.output<typeof ReadableIntentSchema>;

export const ReadableClaimSchema = ClaimSchema.extend({ status: tolerantEnum(ClaimStatusSchema) });
export type ReadableClaim = z.output<typeof ReadableClaimSchema>;

export const ReadableCreditSchema = CreditSchema.extend({ status: tolerantEnum(CreditStatusSchema) });
export type ReadableCredit = z.output<typeof ReadableCreditSchema>;

/** A refused tweet: a reason added since reads as `other` (shown as "not paid", with no advice). */
export const ReadableRefusalSchema = TweetRefusalSchema.extend({
  reason: tolerantEnum(TweetRefusalReasonSchema),
  intent: ReadableIntentSchema.nullable(),
});
export type ReadableRefusal = z.output<typeof ReadableRefusalSchema>;

export const ReadableIntentAnswerSchema = PaymentIntentResponseSchema.extend({ intent: ReadableIntentSchema });
export const ReadableReportAnswerSchema = ReportTweetResponseSchema.extend({
  intent: ReadableIntentSchema.nullable(),
  // A refusal this version cannot read costs the refusal, not the answer.
  refusal: ReadableRefusalSchema.optional().catch(undefined),
});
export type ReadableReportAnswer = z.output<typeof ReadableReportAnswerSchema>;
