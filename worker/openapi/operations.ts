import type { z } from 'zod';
import { BalancesResponseSchema } from '../../shared/contract/balances';
import { CardListResponseSchema, CardResponseSchema, CreditListResponseSchema } from '../../shared/contract/cards';
import { HealthResponseSchema } from '../../shared/contract/health';
import {
  AuthClaimRequestSchema,
  AuthClaimResponseSchema,
  AuthStartRequestSchema,
  AuthStartResponseSchema,
  MeResponseSchema,
} from '../../shared/contract/identity';
import { LimitsResponseSchema } from '../../shared/contract/limits';
import {
  CatalogueResponseSchema,
  ClaimListResponseSchema,
  CreateMerchantRequestSchema,
  CreateMerchantResponseSchema,
  CreateOfferRequestSchema,
  MerchantOfferDetailResponseSchema,
  MerchantOfferListResponseSchema,
  MerchantOfferResponseSchema,
} from '../../shared/contract/offers';
import {
  CreatePaymentIntentRequestSchema,
  PaymentIntentListResponseSchema,
  PaymentIntentResponseSchema,
  ReportTweetRequestSchema,
  ReportTweetResponseSchema,
  SignedReceiptSchema,
  TweetStatusResponseSchema,
} from '../../shared/contract/payments';
import { PersonResponseSchema } from '../../shared/contract/people';
import {
  ClosePotResponseSchema,
  CreatePotRequestSchema,
  OpenPotsResponseSchema,
  OrganisationListResponseSchema,
  OrganisationResponseSchema,
  PotContributionsResponseSchema,
  PotResponseSchema,
  RegisterOrganisationRequestSchema,
} from '../../shared/contract/pots';

/** Who may call an operation. */
export type Caller = 'public' | 'session' | 'merchant' | 'operator';

export interface Operation {
  method: 'get' | 'post' | 'delete';
  /** OpenAPI style: `{id}` for a path parameter. */
  path: string;
  summary: string;
  /** Who reads it on the documentation page. */
  audience: 'extension' | 'merchants' | 'operators' | 'everyone';
  caller: Caller;
  request?: z.core.$ZodType;
  /** The success answer's status and body (none for 204). */
  success: { status: number; body?: z.core.$ZodType };
}

/**
 * The worker's public operations with their contract schemas (shared/contract/), from which
 * GET /openapi.json and the GET /docs page are generated. A test checks that every operation
 * listed here is a route of the app. Webhooks (X, card network) and the sandbox's routes are
 * left out: they are called by X, the network and local tools, not by integrators.
 */
export const OPERATIONS: readonly Operation[] = [
  {
    method: 'get',
    path: '/health',
    summary: "The worker's health: X's state, the jobs' failures, the ledger's sums",
    audience: 'operators',
    caller: 'public',
    success: { status: 200, body: HealthResponseSchema },
  },
  {
    method: 'post',
    path: '/v1/auth/start',
    summary: 'Start linking an X account',
    audience: 'extension',
    caller: 'public',
    request: AuthStartRequestSchema,
    success: { status: 201, body: AuthStartResponseSchema },
  },
  {
    method: 'post',
    path: '/v1/auth/claim',
    summary: 'Claim the session of a consented link, once',
    audience: 'extension',
    caller: 'public',
    request: AuthClaimRequestSchema,
    success: { status: 200, body: AuthClaimResponseSchema },
  },
  {
    method: 'get',
    path: '/v1/me',
    summary: 'The signed-in user',
    audience: 'extension',
    caller: 'session',
    success: { status: 200, body: MeResponseSchema },
  },
  {
    method: 'get',
    path: '/v1/me/limits',
    summary: 'What the signed-in payer may still send per payment and today, per currency',
    audience: 'extension',
    caller: 'session',
    success: { status: 200, body: LimitsResponseSchema },
  },
  {
    method: 'get',
    path: '/v1/people/{handle}',
    summary: "A person's X name and picture, and whether they are a verified organisation (the payee card)",
    audience: 'extension',
    caller: 'session',
    success: { status: 200, body: PersonResponseSchema },
  },
  {
    method: 'post',
    path: '/v1/payment-intents',
    summary: 'Draft a payment, donation, contribution or pledge (answers the tweet to post)',
    audience: 'extension',
    caller: 'session',
    request: CreatePaymentIntentRequestSchema,
    success: { status: 201, body: PaymentIntentResponseSchema },
  },
  {
    method: 'get',
    path: '/v1/payment-intents',
    summary: "The payer's intents in one status",
    audience: 'extension',
    caller: 'session',
    success: { status: 200, body: PaymentIntentListResponseSchema },
  },
  {
    method: 'get',
    path: '/v1/payment-intents/{id}',
    summary: 'One intent, to its payer or payee',
    audience: 'extension',
    caller: 'session',
    success: { status: 200, body: PaymentIntentResponseSchema },
  },
  {
    method: 'post',
    path: '/v1/payment-intents/{id}/confirm',
    summary: 'Confirm a matched payment: the money moves',
    audience: 'extension',
    caller: 'session',
    success: { status: 200, body: PaymentIntentResponseSchema },
  },
  {
    method: 'post',
    path: '/v1/payment-intents/{id}/cancel',
    summary: 'Cancel a matched payment: the reservation is released',
    audience: 'extension',
    caller: 'session',
    success: { status: 200, body: PaymentIntentResponseSchema },
  },
  {
    method: 'post',
    path: '/v1/tweets/report',
    summary: 'Report a posted tweet: it is read from X and matched',
    audience: 'extension',
    caller: 'session',
    request: ReportTweetRequestSchema,
    success: { status: 200, body: ReportTweetResponseSchema },
  },
  {
    method: 'get',
    path: '/v1/tweets/status',
    summary: 'Which of these tweets carry a settled payment',
    audience: 'everyone',
    caller: 'public',
    success: { status: 200, body: TweetStatusResponseSchema },
  },
  {
    method: 'get',
    path: '/v1/receipts/{id}',
    summary:
      "A settled payment's signed receipt (a browser asking for text/html gets it as a page in French or English)",
    audience: 'everyone',
    caller: 'public',
    success: { status: 200, body: SignedReceiptSchema },
  },
  {
    method: 'get',
    path: '/v1/balances',
    summary: "The signed-in user's balances",
    audience: 'extension',
    caller: 'session',
    success: { status: 200, body: BalancesResponseSchema },
  },
  {
    method: 'get',
    path: '/v1/pots',
    summary: 'The open pots and projects (hashtags only)',
    audience: 'everyone',
    caller: 'public',
    success: { status: 200, body: OpenPotsResponseSchema },
  },
  {
    method: 'post',
    path: '/v1/pots',
    summary: 'Open a pot, or a project for a registered project owner',
    audience: 'extension',
    caller: 'session',
    request: CreatePotRequestSchema,
    success: { status: 201, body: PotResponseSchema },
  },
  {
    method: 'get',
    path: '/v1/pots/{ref}',
    summary: "A pot's or project's progress, by id or hashtag",
    audience: 'everyone',
    caller: 'public',
    success: { status: 200, body: PotResponseSchema },
  },
  {
    method: 'get',
    path: '/v1/pots/{ref}/contributions',
    summary: 'Who gave what, to the organiser',
    audience: 'extension',
    caller: 'session',
    success: { status: 200, body: PotContributionsResponseSchema },
  },
  {
    method: 'post',
    path: '/v1/pots/{ref}/close',
    summary: 'Close a pot and receive its total',
    audience: 'extension',
    caller: 'session',
    success: { status: 200, body: ClosePotResponseSchema },
  },
  {
    method: 'get',
    path: '/v1/organisations',
    summary: 'The verified organisations',
    audience: 'everyone',
    caller: 'public',
    success: { status: 200, body: OrganisationListResponseSchema },
  },
  {
    method: 'get',
    path: '/v1/offers',
    summary: 'The live offers',
    audience: 'everyone',
    caller: 'public',
    success: { status: 200, body: CatalogueResponseSchema },
  },
  {
    method: 'get',
    path: '/v1/offers/claims',
    summary: "The signed-in user's offer claims",
    audience: 'extension',
    caller: 'session',
    success: { status: 200, body: ClaimListResponseSchema },
  },
  {
    method: 'post',
    path: '/v1/cards',
    summary: "The signed-in user's card, issued on first call",
    audience: 'extension',
    caller: 'session',
    success: { status: 201, body: CardResponseSchema },
  },
  {
    method: 'get',
    path: '/v1/cards',
    summary: "The signed-in user's cards",
    audience: 'extension',
    caller: 'session',
    success: { status: 200, body: CardListResponseSchema },
  },
  {
    method: 'get',
    path: '/v1/credits',
    summary: "The signed-in user's offer credits",
    audience: 'extension',
    caller: 'session',
    success: { status: 200, body: CreditListResponseSchema },
  },
  {
    method: 'post',
    path: '/v1/merchant/offers',
    summary: 'Publish an offer (funds it with budget × credit)',
    audience: 'merchants',
    caller: 'merchant',
    request: CreateOfferRequestSchema,
    success: { status: 201, body: MerchantOfferResponseSchema },
  },
  {
    method: 'get',
    path: '/v1/merchant/offers',
    summary: "The merchant's offers",
    audience: 'merchants',
    caller: 'merchant',
    success: { status: 200, body: MerchantOfferListResponseSchema },
  },
  {
    method: 'get',
    path: '/v1/merchant/offers/{id}',
    summary: 'One offer and its figures',
    audience: 'merchants',
    caller: 'merchant',
    success: { status: 200, body: MerchantOfferDetailResponseSchema },
  },
  {
    method: 'post',
    path: '/v1/merchant/offers/{id}/pause',
    summary: 'Pause an offer: new claims are refused',
    audience: 'merchants',
    caller: 'merchant',
    success: { status: 200, body: MerchantOfferResponseSchema },
  },
  {
    method: 'post',
    path: '/v1/merchant/offers/{id}/resume',
    summary: 'Resume a paused offer',
    audience: 'merchants',
    caller: 'merchant',
    success: { status: 200, body: MerchantOfferResponseSchema },
  },
  {
    method: 'post',
    path: '/v1/operator/merchants',
    summary: 'Create a merchant (answers its API key, once)',
    audience: 'operators',
    caller: 'operator',
    request: CreateMerchantRequestSchema,
    success: { status: 201, body: CreateMerchantResponseSchema },
  },
  {
    method: 'post',
    path: '/v1/operator/organisations',
    summary: 'Register or update a verified organisation',
    audience: 'operators',
    caller: 'operator',
    request: RegisterOrganisationRequestSchema,
    success: { status: 201, body: OrganisationResponseSchema },
  },
  {
    method: 'post',
    path: '/v1/operator/x-account/link',
    summary: "Link the Hashpay account's X tokens (answers X's consent page to open as that account)",
    audience: 'operators',
    caller: 'operator',
    success: { status: 200 },
  },
  {
    method: 'post',
    path: '/v1/operator/x-stream/setup',
    summary: "Register X's filtered stream webhook, link the stream to it and bring its rules in step (idempotent)",
    audience: 'operators',
    caller: 'operator',
    success: { status: 200 },
  },
  {
    method: 'delete',
    path: '/v1/operator/organisations/{xUserId}',
    summary: 'Revoke a verified organisation',
    audience: 'operators',
    caller: 'operator',
    success: { status: 204 },
  },
];
