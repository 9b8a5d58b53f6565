import { publishPaymentMarks } from '../lib/payment-marks';

/** The edited-after-payment and not-paid marks, imported by the content script when an answer first calls for one (see `lib/payment-marks.ts`). */
export default defineUnlistedScript(() => {
  publishPaymentMarks();
});
