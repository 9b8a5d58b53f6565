import * as z from 'zod/mini';
import { CreditListResponseSchema } from '../../shared/contract/cards';
import { CatalogueOfferSchema, CatalogueResponseSchema, ClaimListResponseSchema } from '../../shared/contract/offers';
import { PaymentIntentListResponseSchema } from '../../shared/contract/payments';
import {
  OPEN_POTS_LISTED_MAX,
  OpenPotSchema,
  OpenPotsResponseSchema,
  OrganisationListResponseSchema,
  OrganisationSchema,
} from '../../shared/contract/pots';
import {
  ReadableClaimSchema,
  ReadableCreditSchema,
  ReadableIntentSchema,
  ReadableRefusalSchema,
} from '../lib/readable-answers';

/** The worker's list answers as the background reads them: the contract's, item by item. */

/**
 * A list in an answer, of which the items this version cannot read are left out, never the whole
 * answer. A status or a purpose the worker added after this extension was installed is read as
 * `other` by the readable schemas (`lib/readable-answers.ts`), so it does not cost the item.
 */
export function readableItems<Item extends z.core.$ZodType>(item: Item, itemsMax?: number) {
  const list = itemsMax === undefined ? z.array(z.unknown()) : z.array(z.unknown()).check(z.maxLength(itemsMax));
  return z.pipe(
    list,
    z.transform((items) =>
      items.flatMap((candidate) => {
        const parsed = z.safeParse(item, candidate);
        return parsed.success ? [parsed.data as z.output<Item>] : [];
      }),
    ),
  );
}

export const IntentListAnswerSchema = z.extend(PaymentIntentListResponseSchema, {
  intents: readableItems(ReadableIntentSchema),
  refusals: z.optional(readableItems(ReadableRefusalSchema)),
});
export const ClaimListAnswerSchema = z.extend(ClaimListResponseSchema, { claims: readableItems(ReadableClaimSchema) });
export const CreditListAnswerSchema = z.extend(CreditListResponseSchema, {
  credits: readableItems(ReadableCreditSchema),
});
export const CatalogueAnswerSchema = z.extend(CatalogueResponseSchema, { offers: readableItems(CatalogueOfferSchema) });
export const OrganisationListAnswerSchema = z.extend(OrganisationListResponseSchema, {
  organisations: readableItems(OrganisationSchema),
});
export const OpenPotsAnswerSchema = z.extend(OpenPotsResponseSchema, {
  pots: readableItems(OpenPotSchema, OPEN_POTS_LISTED_MAX),
});
