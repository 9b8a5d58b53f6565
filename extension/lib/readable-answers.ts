import * as z from 'zod/mini';
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

export const ReadableIntentSchema = z.extend(PaymentIntentSchema, {
  status: tolerantEnum(PaymentIntentStatusSchema),
  purpose: tolerantEnum(PaymentPurposeSchema),
  failureReason: z.nullable(tolerantEnum(PaymentFailureReasonSchema)),
});
export type ReadableIntent = z.output<typeof ReadableIntentSchema>;

export const ReadableClaimSchema = z.extend(ClaimSchema, { status: tolerantEnum(ClaimStatusSchema) });
export type ReadableClaim = z.output<typeof ReadableClaimSchema>;

export const ReadableCreditSchema = z.extend(CreditSchema, { status: tolerantEnum(CreditStatusSchema) });
export type ReadableCredit = z.output<typeof ReadableCreditSchema>;

/** A refused tweet: a reason added since reads as `other` (shown as "not paid", with no advice). */
export const ReadableRefusalSchema = z.extend(TweetRefusalSchema, {
  reason: tolerantEnum(TweetRefusalReasonSchema),
  intent: z.nullable(ReadableIntentSchema),
});
export type ReadableRefusal = z.output<typeof ReadableRefusalSchema>;

export const ReadableIntentAnswerSchema = z.extend(PaymentIntentResponseSchema, { intent: ReadableIntentSchema });
export const ReadableReportAnswerSchema = z.extend(ReportTweetResponseSchema, {
  intent: z.nullable(ReadableIntentSchema),
  // A refusal this version cannot read costs the refusal, not the answer.
  refusal: z.catch(z.optional(ReadableRefusalSchema), undefined),
});
export type ReadableReportAnswer = z.output<typeof ReadableReportAnswerSchema>;
