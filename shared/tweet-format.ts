/**
 * The tweets Hashpay drafts. Each carries `#Hashpay` and the intent's reference code, so the
 * worker finds it and ties it to its intent; `tweet-parse` reads every shape back.
 *
 * | kind | en | fr |
 * | --- | --- | --- |
 * | payment | `Paying @bob €12.50 for pizza via #Hashpay HP-…` | `Je paie 12,50 € à @bob pour pizza via #Hashpay HP-…` |
 * | donation | `Donating €5.00 to @charity for … via #Hashpay HP-…` | `Je fais un don de 5,00 € à @charity pour … via #Hashpay HP-…` |
 * | pot | `Chipping in €10.00 to #Pot for … via #Hashpay HP-…` | `Je participe à la cagnotte #Pot avec 10,00 € pour … via #Hashpay HP-…` |
 * | offer claim | `Claiming the #Offer offer from @shop via #Hashpay` | `J'active l'offre #Offer de @shop via #Hashpay` |
 *
 * The memo (`for …`) is optional. Every tweet fits X's 280 weighted characters: when it would not,
 * only the memo is cut, at an emoji or character boundary, and ends with `…`; the amount, the
 * payee, the pot, the hashtag and the code are never cut. Without its memo every tweet fits,
 * because handles, hashtags, amounts and codes are all bounded.
 */
import { assert } from './assert';
import { isHandle } from './handle';
import { HASHPAY_HASHTAG, isHashtag } from './hashtag';
import { hasHiddenCharacter } from './hidden-character';
import { isLanguage, type Language } from './language';
import { type Currency, formatAmount, isAmountMinor, isCurrency } from './money';
import { findReferenceCodes, isReferenceCode } from './reference-code';
import { fitsInTweet, splitIntoCuttableUnits } from './tweet-length';

/** The longest memo accepted, in code points; longer memos are refused, shorter ones may be cut. */
export const MEMO_LENGTH_MAX = 280;
export const MEMO_ELLIPSIS = '…';

export type MemoRejection = 'too-long' | 'hidden-character' | 'contains-reference-code';

/** Why a memo cannot go into a tweet, or undefined when it can. */
export function memoProblem(memo: string): MemoRejection | undefined {
  if ([...memo].length > MEMO_LENGTH_MAX) return 'too-long';
  if (hasHiddenCharacter(memo)) return 'hidden-character';
  // A second code in the memo would make the tweet name two intents.
  if (findReferenceCodes(memo).length > 0 || /HP-[0-9A-Z]{8}/i.test(memo)) return 'contains-reference-code';
  return undefined;
}

/** The memo as it appears in a tweet: NFC, runs of white space (line breaks too) as one space. */
export function normalizeMemo(memo: string): string {
  return memo.normalize('NFC').replace(/\s+/g, ' ').trim();
}

export interface PaymentTweetInput {
  payeeHandle: string;
  amountMinor: number;
  currency: Currency;
  memo?: string | null | undefined;
  code: string;
  language: Language;
}

export interface PotContributionTweetInput {
  potHashtag: string;
  amountMinor: number;
  currency: Currency;
  memo?: string | null | undefined;
  code: string;
  language: Language;
}

export interface OfferClaimTweetInput {
  hashtag: string;
  merchantHandle?: string | null | undefined;
  code?: string | null | undefined;
  language: Language;
}

const TAG = `#${HASHPAY_HASHTAG}`;

export function formatPaymentTweet(input: PaymentTweetInput): string {
  assertPaymentInput(input);
  const amount = formatAmount(input.amountMinor, input.currency, input.language);
  const payee = `@${input.payeeHandle}`;
  return fitMemo(input.memo, (memo) =>
    input.language === 'fr'
      ? `Je paie ${amount} à ${payee}${memo === null ? '' : ` pour ${memo}`} via ${TAG} ${input.code}`
      : `Paying ${payee} ${amount}${memo === null ? '' : ` for ${memo}`} via ${TAG} ${input.code}`,
  );
}

export function formatDonationTweet(input: PaymentTweetInput): string {
  assertPaymentInput(input);
  const amount = formatAmount(input.amountMinor, input.currency, input.language);
  const payee = `@${input.payeeHandle}`;
  return fitMemo(input.memo, (memo) =>
    input.language === 'fr'
      ? `Je fais un don de ${amount} à ${payee}${memo === null ? '' : ` pour ${memo}`} via ${TAG} ${input.code}`
      : `Donating ${amount} to ${payee}${memo === null ? '' : ` for ${memo}`} via ${TAG} ${input.code}`,
  );
}

export function formatPotContributionTweet(input: PotContributionTweetInput): string {
  assert(isHashtag(input.potHashtag), 'potHashtag must be a hashtag without #');
  assertAmountInput(input);
  const amount = formatAmount(input.amountMinor, input.currency, input.language);
  const pot = `#${input.potHashtag}`;
  return fitMemo(input.memo, (memo) =>
    input.language === 'fr'
      ? `Je participe à la cagnotte ${pot} avec ${amount}${memo === null ? '' : ` pour ${memo}`} via ${TAG} ${input.code}`
      : `Chipping in ${amount} to ${pot}${memo === null ? '' : ` for ${memo}`} via ${TAG} ${input.code}`,
  );
}

export function formatOfferClaimTweet(input: OfferClaimTweetInput): string {
  assert(isHashtag(input.hashtag), 'hashtag must be a hashtag without #');
  assert(isLanguage(input.language), 'unknown language');
  const merchant = input.merchantHandle ?? null;
  const code = input.code ?? null;
  assert(merchant === null || isHandle(merchant), 'merchantHandle must be a handle without @');
  assert(code === null || isReferenceCode(code), 'code must be a canonical reference code');
  const offer = `#${input.hashtag}`;
  const from = merchant === null ? '' : input.language === 'fr' ? ` de @${merchant}` : ` from @${merchant}`;
  const suffix = code === null ? '' : ` ${code}`;
  const text =
    input.language === 'fr'
      ? `J'active l'offre ${offer}${from} via ${TAG}${suffix}`
      : `Claiming the ${offer} offer${from} via ${TAG}${suffix}`;
  assert(fitsInTweet(text), 'an offer claim always fits in a tweet');
  return text;
}

function assertAmountInput(input: PaymentTweetInput | PotContributionTweetInput): void {
  assert(isAmountMinor(input.amountMinor), 'amountMinor must be a positive safe integer within AMOUNT_MAX_MINOR');
  assert(isCurrency(input.currency), 'unknown currency');
  assert(isLanguage(input.language), 'unknown language');
  assert(isReferenceCode(input.code), 'code must be a canonical reference code');
  if (input.memo !== undefined && input.memo !== null) {
    assert(memoProblem(input.memo) === undefined, 'memo must be checked with memoProblem before formatting');
  }
}

function assertPaymentInput(input: PaymentTweetInput): void {
  assert(isHandle(input.payeeHandle), 'payeeHandle must be a handle without @');
  assertAmountInput(input);
}

/**
 * Renders with the whole memo when it fits, else with the longest prefix of the memo that fits
 * followed by `…`, else with no memo. Prefixes are tried from the longest down because a URL
 * weighs 23 however long it is, so weight does not grow steadily with the prefix.
 */
function fitMemo(rawMemo: string | null | undefined, render: (memo: string | null) => string): string {
  const memo = rawMemo === null || rawMemo === undefined ? '' : normalizeMemo(rawMemo);
  if (memo !== '') {
    const whole = render(memo);
    if (fitsInTweet(whole)) return whole;
    const units = splitIntoCuttableUnits(memo);
    for (let count = units.length - 1; count > 0; count -= 1) {
      const prefix = units.slice(0, count).join('').trimEnd();
      if (prefix === '') break;
      const cut = render(`${prefix}${MEMO_ELLIPSIS}`);
      if (fitsInTweet(cut)) return cut;
    }
  }
  const bare = render(null);
  assert(fitsInTweet(bare), 'a drafted tweet without memo always fits');
  return bare;
}
