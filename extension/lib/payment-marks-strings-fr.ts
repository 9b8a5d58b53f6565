import type { PaymentMarksMessageKey } from './payment-marks-strings-en';

/** The words of the edited-after-payment and not-paid marks in French, key for key as `payment-marks-strings-en.ts`. */

export const PAYMENT_MARKS_FR: Readonly<Record<PaymentMarksMessageKey, string>> = {
  'mark.edited': 'Modifié après paiement · {paid}',
  'mark.edited.title': 'Ce tweet a été modifié après le règlement de son paiement avec Hashpay : {paid}',
  'mark.paid.toHandle': '{amount} payés à @{handle}',
  'mark.paid.toPot': '{amount} versés à #{hashtag}',
  'mark.notPaid': 'Non payé',
  'mark.notPaid.label': 'Non payé : ce tweet n’a déplacé aucun argent avec Hashpay. La fenêtre Hashpay dit pourquoi.',
};
