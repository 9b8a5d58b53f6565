/** The edited-after-payment and not-paid marks' words in English (`payment-marks.ts`); a module of its own so they load with those marks, not with every x.com page. */

export const PAYMENT_MARKS_EN = {
  'mark.edited': 'Edited after payment · {paid}',
  'mark.edited.title': 'This tweet was edited after its payment settled with Hashpay: {paid}',
  'mark.paid.toHandle': 'paid {amount} to @{handle}',
  'mark.paid.toPot': 'paid {amount} to #{hashtag}',
  'mark.notPaid': 'Not paid',
  'mark.notPaid.label': 'Not paid: this tweet moved no money with Hashpay. Hashpay’s window says why.',
};

export type PaymentMarksMessageKey = keyof typeof PAYMENT_MARKS_EN;
