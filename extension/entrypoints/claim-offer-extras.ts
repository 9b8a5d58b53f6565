import { publishClaimOfferExtras } from '../lib/claim-offer-extras';

/** Claim offer's terms popover, drafting and toast, imported by the content script on first use (see `lib/claim-offer-extras.ts`). */
export default defineUnlistedScript(() => {
  publishClaimOfferExtras();
});
