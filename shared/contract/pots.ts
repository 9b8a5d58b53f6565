import { AMOUNT_MAX_MINOR } from '../money';
import { AmountMinorSchema, CurrencySchema, HashtagSchema } from './money';
import { PartySchema, PaymentIntentIdSchema, PaymentIntentStatusSchema, RequestIdSchema, XIdSchema } from './payments';
import { TextSchema } from './text';
import * as z from './zod';

/**
 * Verified organisations, pots and all-or-nothing crowdfunding projects in the worker's HTTP
 * contract.
 *
 * - `GET /v1/organisations`: the verified organisations (public, strong ETag); an operator
 *   registers and revokes them with `POST /v1/operator/organisations` and
 *   `DELETE /v1/operator/organisations/:xUserId` (Bearer OPERATOR_TOKEN).
 * - `POST /v1/pots` (session): a pot (any linked user) or a project (a registered project owner).
 * - `GET /v1/pots` (public, strong ETag, `max-age=60`): the open pots and projects, id, kind and
 *   hashtag only, by hashtag key; at most OPEN_POTS_LISTED_MAX (the first ones in that order).
 *   The extension asks `GET /v1/pots/:ref` only about the hashtags this list names, so the worker
 *   never learns the other hashtags a user reads.
 * - `GET /v1/pots/:ref` (public, strong ETag, cheap to poll): `ref` is a hashtag (the open pot or
 *   project carrying it, else the latest one) or a pot id.
 * - `GET /v1/pots/:ref/contributions` (session, organiser only): who gave what, by cursor.
 * - `POST /v1/pots/:ref/close` (session, organiser only, pots only): stops contributions and pays
 *   the pot's collected total into the organiser's wallet, once.
 *
 * A pot is `open` then `closed` (by its organiser, or by the deadline job at its deadline). A
 * project is `open`, then at its deadline `deciding` while the job resolves its pledges, then
 * `funded` (every pledge collected) or `failed` (every pledge released).
 */

export const POT_ID_PATTERN = /^pot_[A-Za-z0-9_-]{22}$/;
export const PotIdSchema = z.string().check(z.regex(POT_ID_PATTERN, 'a pot id (pot_…)'));
export const POT_TITLE_LENGTH_MAX = 120;
export const ORGANISATION_NAME_LENGTH_MAX = 100;
/** The longest a pot may stay open when it has a deadline. */
export const POT_DURATION_MAX_DAYS = 365;
/**
 * The longest a project may take pledges. Its pledges are pending transfers held until the
 * deadline (plus a grace for the job), and the ledger bounds a pending transfer's timeout
 * (PENDING_TIMEOUT_MAX_S, 90 days); 60 days is also what crowdfunding sites commonly allow.
 */
export const PROJECT_DURATION_MAX_DAYS = 60;
/**
 * Open pots and projects listed by `GET /v1/pots` at most, about 60 bytes each. Past it the list
 * holds the first ones by hashtag key and the others are not listed: the extension shows no bar
 * for their tweets until fewer are open (`GET /v1/pots/:ref` still answers them).
 */
export const OPEN_POTS_LISTED_MAX = 10_000;
/** Contributions per page of the organiser's list. */
export const POT_CONTRIBUTIONS_PAGE_SIZE_MAX = 100;

export const PotKindSchema = z.enum(['pot', 'project']);
export const PotStateSchema = z.enum(['open', 'closed', 'deciding', 'funded', 'failed']);
export const OrganisationKindSchema = z.enum(['charity', 'project_owner']);

/** Largest single donation per currency, in minor units (absent currencies keep the defaults). */
export const OrganisationLimitsSchema = z.partialRecord(
  CurrencySchema,
  z.number().check(z.int(), z.positive(), z.lte(AMOUNT_MAX_MINOR)),
);

export const OrganisationSchema = z.object({
  xUserId: XIdSchema,
  username: z.string(),
  displayName: z.string(),
  kind: OrganisationKindSchema,
  /** The largest single donation per currency, defaults included. */
  perPaymentMaxMinor: z.record(z.string(), z.number().check(z.int(), z.positive())),
});

export const OrganisationListResponseSchema = z.object({ organisations: z.array(OrganisationSchema) });

export const RegisterOrganisationRequestSchema = z.strictObject({
  /** Resolved to an X user id through the X API at registration. */
  handle: z.string().check(z.regex(/^[A-Za-z0-9_]{1,15}$/, 'handle must be 1 to 15 letters, digits or _, without @')),
  kind: OrganisationKindSchema,
  displayName: TextSchema({ lengthMax: ORGANISATION_NAME_LENGTH_MAX }),
  perPaymentMaxMinor: z.optional(OrganisationLimitsSchema),
});

export const OrganisationResponseSchema = z.object({ organisation: OrganisationSchema });

export const CreatePotRequestSchema = z.strictObject({
  requestId: RequestIdSchema,
  kind: PotKindSchema,
  hashtag: HashtagSchema,
  title: TextSchema({ lengthMax: POT_TITLE_LENGTH_MAX }),
  currency: CurrencySchema,
  /** Optional for a pot; required for a project. */
  goalMinor: z.optional(AmountMinorSchema),
  /**
   * Optional for a pot; required for a project. In the future, at most POT_DURATION_MAX_DAYS
   * (pots) or PROJECT_DURATION_MAX_DAYS (projects) away.
   */
  deadlineAt: z.optional(z.iso.datetime()),
});

export const PotSchema = z.object({
  id: PotIdSchema,
  kind: PotKindSchema,
  hashtag: HashtagSchema,
  title: z.string(),
  organiser: PartySchema,
  currency: CurrencySchema,
  goalMinor: z.nullable(z.number().check(z.int(), z.positive())),
  deadlineAt: z.nullable(z.iso.datetime()),
  state: PotStateSchema,
  /**
   * A pot: its confirmed contributions. A project: its confirmed pledges (held, then collected);
   * once failed, what was pledged when the deadline came (all of it released).
   */
  totalMinor: z.number().check(z.int(), z.nonnegative()),
  /** How many confirmed contributions or pledges make the total. */
  contributionCount: z.number().check(z.int(), z.nonnegative()),
  createdAt: z.iso.datetime(),
  closedAt: z.nullable(z.iso.datetime()),
  paidOutAt: z.nullable(z.iso.datetime()),
});

export const PotResponseSchema = z.object({ pot: PotSchema });

/** An open pot or project as `GET /v1/pots` lists it: enough to know which hashtags to ask about. */
export const OpenPotSchema = z.object({ id: PotIdSchema, kind: PotKindSchema, hashtag: HashtagSchema });

export const OpenPotsResponseSchema = z.object({
  pots: z.array(OpenPotSchema).check(z.maxLength(OPEN_POTS_LISTED_MAX)),
});

export const PotContributionSchema = z.object({
  intentId: PaymentIntentIdSchema,
  contributor: PartySchema,
  amountMinor: z.number().check(z.int(), z.positive()),
  status: PaymentIntentStatusSchema,
  memo: z.nullable(z.string()),
  createdAt: z.iso.datetime(),
  tweetUrl: z.nullable(z.url()),
});

export const PotContributionsResponseSchema = z.object({
  contributions: z.array(PotContributionSchema),
  nextCursor: z.nullable(z.string()),
});

export const ClosePotResponseSchema = z.object({
  pot: PotSchema,
  /** What reached the organiser's wallet (0 when nothing was collected). */
  paidOutMinor: z.number().check(z.int(), z.nonnegative()),
});

export type PotKind = z.infer<typeof PotKindSchema>;
export type PotState = z.infer<typeof PotStateSchema>;
export type OrganisationKind = z.infer<typeof OrganisationKindSchema>;
export type Organisation = z.infer<typeof OrganisationSchema>;
export type RegisterOrganisationRequest = z.infer<typeof RegisterOrganisationRequestSchema>;
export type CreatePotRequest = z.infer<typeof CreatePotRequestSchema>;
export type Pot = z.infer<typeof PotSchema>;
export type OpenPot = z.infer<typeof OpenPotSchema>;
export type OpenPotsResponse = z.infer<typeof OpenPotsResponseSchema>;
export type PotContribution = z.infer<typeof PotContributionSchema>;
