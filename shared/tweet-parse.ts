/**
 * Reads a tweet and says what Hashpay should do with it, or why it will do nothing. It never
 * guesses: two payees, two amounts or two codes are a typed reason, not a pick.
 *
 * In order:
 * 1. A tweet with a hidden character (see `hasHiddenCharacter`) is refused: such characters can
 *    make a tweet read differently from what it says.
 * 2. **Drafted tweets** carry `#Hashpay` and a reference code. They are read by the shapes
 *    `tweet-format` writes, in both languages, whatever the memo says (users edit it); leading
 *    reply mentions and text after the code (X appends media links there) are allowed. A
 *    drafted tweet whose fixed words were changed is refused as `draft-altered`, unless it is
 *    an offer claim.
 * 3. **Commands** mention the Hashpay account, e.g. `@hashpay pay @bob 10€ pizza`,
 *    `@hashpay send €12.50 to @bob for lunch`, `@hashpay envoie 10 € à @bob`,
 *    `@hashpay je paie 12,50 € à @bob pour la pizza`, `@hashpay donate 5$ to @charity`.
 *    - The verb is the first command word after the Hashpay mention (else the first in the
 *      text); later words are memo text. Payment verbs: pay, paying, send, sending, give,
 *      giving, tip, transfer, repay; paie, paye, payer, payez, envoie, envoyer, envoyez, verse,
 *      verser, versez, donne, donner, donnez, rembourse, rembourser. Donation verbs: donate,
 *      donating; `un don` (fais un don, faire un don). "don" alone is a name, not a verb.
 *    - The payee is the one handle mentioned after the verb; when none is, the one handle
 *      mentioned before it (a reply such as `@bob @hashpay pay 10€`). The Hashpay account is
 *      never a payee; the same handle mentioned twice is one payee.
 *    - The amount is the one number with a currency (see `amount-parse`): `findAmounts` says where
 *      it is and `parseAmount` alone what it is, read in the payer's language (`options.language`,
 *      e.g. X's `lang`, else the command word's; neither when they disagree) and with their
 *      wallet's one dollar currency. Numbers without a currency are memo text (`for 2 pizzas`),
 *      unless they touch the amount. A refused amount anywhere, anything around the amount that
 *      could change it (`AmountSurroundingsRejection`), or a currency sign left outside it
 *      refuses the tweet. The words read are returned as `amountText`.
 *    - The memo is what follows the last of verb, (first) payee and amount, without a leading
 *      `for`/`pour`/`to`/`à` or punctuation.
 * 4. **Pot contributions by command**: a tweet mentioning the Hashpay account and carrying an open
 *    pot's or project's hashtag (`potHashtags`), e.g. `@hashpay 20€ #potJulie`,
 *    `@hashpay chip in 20€ #potJulie`, `@hashpay je participe 20 € #potJulie`: the verb is
 *    optional, the amount is the one number with a currency, the memo is what follows the last of
 *    verb, amount and hashtag. Two pots' hashtags are `several-pots`; a pot's hashtag together
 *    with someone else's mention is `payee-and-pot` (who is paid would be a guess).
 * 5. **Offer claims**: any other tweet carrying one of the active offer hashtags (anywhere,
 *    any case) claims those offers.
 * 6. Anything else is `none`.
 */
import {
  type AmountMatch,
  type AmountParseOptions,
  type AmountRejection,
  type AmountSurroundingsRejection,
  type DollarCurrency,
  findAmounts,
  parseAmount,
} from './amount-parse';
import { findMentions, sameHandle } from './handle';
import { findHashtags, HASHPAY_HASHTAG, sameHashtag } from './hashtag';
import { hasHiddenCharacter } from './hidden-character';
import type { Language } from './language';
import type { Currency } from './money';
import { findReferenceCodes, type ReferenceCodeRejection } from './reference-code';
import { normalizeMemo } from './tweet-format';

/** X allows long posts up to 25 000 characters; anything longer is not a tweet. */
export const TWEET_TEXT_LENGTH_MAX = 25_000;

export type TweetRejection =
  | 'too-long'
  | 'hidden-character'
  | 'several-codes'
  | `code:${ReferenceCodeRejection}`
  | 'draft-altered'
  | 'no-command'
  | 'no-payee'
  | 'several-payees'
  | 'several-pots'
  | 'payee-and-pot'
  | 'no-amount'
  | 'several-amounts'
  | `amount:${AmountRejection | AmountSurroundingsRejection}`;

interface AmountFields {
  amountMinor: number;
  currency: Currency;
  /** The exact words the amount was read from, as written in the tweet. */
  amountText: string;
  memo: string | null;
}

export type ParsedTweet =
  | ({
      kind: 'drafted-payment' | 'drafted-donation';
      code: string;
      payeeHandle: string;
      language: Language;
    } & AmountFields)
  | ({ kind: 'drafted-pot-contribution'; code: string; potHashtag: string; language: Language } & AmountFields)
  | ({ kind: 'command-payment' | 'command-donation'; payeeHandle: string } & AmountFields)
  | ({ kind: 'command-pot-contribution'; potHashtag: string } & AmountFields)
  | { kind: 'offer-claim'; hashtags: string[]; code: string | null }
  | { kind: 'none' }
  | { kind: 'rejected'; reason: TweetRejection };

export interface ParseTweetOptions {
  /** The Hashpay account's handle, without `@`. */
  hashpayHandle?: string;
  /** Hashtags (without `#`) of the offers open now; results use these spellings. */
  offerHashtags?: readonly string[];
  /** Hashtags (without `#`) of the pots and projects open now; results use these spellings. */
  potHashtags?: readonly string[];
  /**
   * The payer's language as known outside the text (X's `lang` for the tweet, or a
   * caller's own): it settles `1,000` and `1.000` and a bare `$` (see `amount-parse`). When it
   * disagrees with the language of the command's own words, neither is used.
   */
  language?: Language;
  /** The one dollar currency the payer's wallet holds, if exactly one: what a bare `$` means. */
  dollarCurrency?: DollarCurrency;
}

export function parseTweet(text: string, options: ParseTweetOptions = {}): ParsedTweet {
  const hashpayHandle = options.hashpayHandle ?? 'hashpay';
  if (text.length > TWEET_TEXT_LENGTH_MAX) return rejected('too-long');
  if (hasHiddenCharacter(text)) return rejected('hidden-character');

  const codes = findReferenceCodes(text);
  const distinctCodes = new Set(codes.map((match) => (match.result.ok ? match.result.code : match.text)));
  const carriesHashpayTag = findHashtags(text).some((match) => sameHashtag(match.hashtag, HASHPAY_HASHTAG));
  let code: string | null = null;
  if (carriesHashpayTag && codes.length > 0) {
    if (distinctCodes.size > 1) return rejected('several-codes');
    const reading = codes[0]!.result;
    if (!reading.ok) return rejected(`code:${reading.reason}`);
    code = reading.code;
    const drafted = parseDraftedTweet(text, code);
    if (drafted !== undefined) return drafted;
  }

  const mentionsHashpay = findMentions(text).some((mention) => sameHandle(mention.handle, hashpayHandle));
  if (code === null && mentionsHashpay) {
    const potCommand = parsePotCommand(text, hashpayHandle, options.potHashtags ?? [], options);
    if (potCommand !== undefined) return potCommand;
    const command = parseCommand(text, hashpayHandle, options);
    // With no command word, a tweet to @hashpay may still claim an offer.
    if (command.kind !== 'rejected' || command.reason !== 'no-command') return command;
  }

  const offers = matchOfferHashtags(text, options.offerHashtags ?? []);
  if (offers.length > 0) return { kind: 'offer-claim', hashtags: offers, code };
  if (code !== null) return rejected('draft-altered');
  return mentionsHashpay ? rejected('no-command') : { kind: 'none' };
}

function rejected(reason: TweetRejection): ParsedTweet {
  return { kind: 'rejected', reason };
}

// ---------------------------------------------------------------------------------------------
// Drafted tweets

type DraftKind = 'drafted-payment' | 'drafted-donation' | 'drafted-pot-contribution';

interface DraftShape {
  kind: DraftKind;
  language: Language;
  pattern: RegExp;
}

const REPLY_MENTIONS = '^(?:[@＠][A-Za-z0-9_]{1,15}\\s+)*';
const HANDLE = '[@＠](?<handle>[A-Za-z0-9_]{1,15})(?![\\p{L}\\p{M}\\p{N}_@＠])';
const POT = '#(?<pot>[\\p{L}\\p{M}\\p{Nd}_]+)';
const AMOUNT = '(?<amount>.+?)';
const TAIL = '\\s+via\\s+#Hashpay\\s+(?<code>HP-[\\p{L}\\p{N}]{8})(?<tail>(?![\\p{L}\\p{N}_])[\\s\\S]*)$';
const memo = (word: string) => `(?:\\s+${word}\\s+(?<memo>[\\s\\S]+?))?`;
const shape = (kind: DraftKind, language: Language, body: string): DraftShape => ({
  kind,
  language,
  pattern: new RegExp(`${REPLY_MENTIONS}${body}${TAIL}`, 'iu'),
});

const DRAFT_SHAPES: readonly DraftShape[] = [
  shape('drafted-payment', 'en', `Paying\\s+${HANDLE}\\s+${AMOUNT}${memo('for')}`),
  shape('drafted-payment', 'fr', `Je\\s+paie\\s+${AMOUNT}\\s+[àa]\\s+${HANDLE}${memo('pour')}`),
  shape('drafted-donation', 'en', `Donating\\s+${AMOUNT}\\s+to\\s+${HANDLE}${memo('for')}`),
  shape('drafted-donation', 'fr', `Je\\s+fais\\s+un\\s+don\\s+de\\s+${AMOUNT}\\s+[àa]\\s+${HANDLE}${memo('pour')}`),
  shape('drafted-pot-contribution', 'en', `Chipping\\s+in\\s+${AMOUNT}\\s+to\\s+${POT}${memo('for')}`),
  shape(
    'drafted-pot-contribution',
    'fr',
    `Je\\s+participe\\s+[àa]\\s+la\\s+cagnotte\\s+${POT}\\s+avec\\s+${AMOUNT}${memo('pour')}`,
  ),
];

/** The words a drafted tweet writes its amount with, or null when the text is not a drafted shape. */
export function amountTextOfDraft(text: string): string | null {
  for (const { pattern } of DRAFT_SHAPES) {
    const amount = pattern.exec(text)?.groups?.amount;
    if (amount !== undefined) return amount.trim();
  }
  return null;
}

function parseDraftedTweet(text: string, code: string): ParsedTweet | undefined {
  for (const { kind, language, pattern } of DRAFT_SHAPES) {
    const groups = pattern.exec(text)?.groups;
    if (groups === undefined) continue;
    // Drafted amounts are written by `formatAmount`, where `$` is the US dollar: no wallet context.
    const amountText = groups.amount!.trim();
    const amount = parseAmount(amountText, { language });
    if (!amount.ok) return rejected(`amount:${amount.reason}`);
    const memo = groups.memo === undefined ? null : normalizeMemo(groups.memo) || null;
    const fields = { code, language, amountMinor: amount.amountMinor, currency: amount.currency, amountText, memo };
    if (kind === 'drafted-pot-contribution') return { kind, potHashtag: groups.pot!, ...fields };
    return { kind, payeeHandle: groups.handle!, ...fields };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Hand-typed commands

const PAYMENT_VERBS = [
  'pay',
  'paying',
  'send',
  'sending',
  'give',
  'giving',
  'tip',
  'transfer',
  'repay',
  'paie',
  'paye',
  'payer',
  'payez',
  'envoie',
  'envoyer',
  'envoyez',
  'verse',
  'verser',
  'versez',
  'donne',
  'donner',
  'donnez',
  'rembourse',
  'rembourser',
];
const DONATION_VERBS = ['donate', 'donating', 'un don'];
/** Command words in English; the others are French. */
const ENGLISH_VERBS = new Set([...PAYMENT_VERBS.slice(0, PAYMENT_VERBS.indexOf('paie')), 'donate', 'donating']);
const VERB = new RegExp(
  `(?<![\\p{L}\\p{M}\\p{N}_])(?:(?<donation>${DONATION_VERBS.join('|').replace(/ /g, '\\s+')})|(?<payment>${PAYMENT_VERBS.join('|')}))(?![\\p{L}\\p{M}\\p{N}_])`,
  'giu',
);
const MEMO_LEAD = /^[\s,.:;!\-–—]*(?:(?:for|pour|to|à|a)(?![\p{L}\p{N}_]))?[\s,.:;\-–—]*/iu;

interface Span {
  start: number;
  end: number;
}

/** A command's mentions, hashtags and links, and its text with them blanked out. */
function commandParts(text: string) {
  const urls = [...text.matchAll(/https?:\/\/\S+/giu)].map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
  }));
  // As on X, an @ or # inside a link is part of the link, not a mention or a hashtag.
  const outsideUrls = (span: Span) => !urls.some((url) => span.start >= url.start && span.start < url.end);
  const mentions = findMentions(text).filter(outsideUrls);
  const hashtags = findHashtags(text).filter(outsideUrls);
  const masked = mask(text, [...mentions, ...hashtags, ...urls, ...findReferenceCodes(text)]);
  return { mentions, hashtags, masked };
}

/**
 * The context an amount is read in: the payer's language (outside the text and from its command
 * words, unless they disagree) and their wallet's dollar currency.
 */
function amountContext(options: ParseTweetOptions, wordsLanguage: Language | undefined): AmountParseOptions {
  const outside = options.language;
  const language =
    outside === undefined || wordsLanguage === undefined || outside === wordsLanguage
      ? (outside ?? wordsLanguage)
      : undefined;
  return {
    ...(language === undefined ? {} : { language }),
    ...(options.dollarCurrency === undefined ? {} : { dollarCurrency: options.dollarCurrency }),
  };
}

/** A currency sign outside the amount read (`5 mille €`), other than in a hashtag such as `#2024€`. */
const STRAY_CURRENCY_SIGN = /\p{Sc}/u;
const HASHTAG_LIKE = /[#＃][\p{L}\p{N}_]*\p{Sc}*/gu;

/**
 * The one stated amount of a command's masked text, or why there is none. The grammar only says
 * where the amount is: `parseAmount` reads the span, and anything around it that could change its
 * meaning (a touching digit, a scale word, a range…) or a currency sign left outside it refuses
 * the command.
 */
function commandAmount(masked: string, context: AmountParseOptions): AmountMatch | TweetRejection {
  const amounts = findAmounts(masked, context);
  const stated = amounts.filter((match) => match.stated || (!match.result.ok && match.result.reason !== 'no-currency'));
  const unreadable = stated.find((match) => !match.result.ok)?.result;
  if (unreadable !== undefined && !unreadable.ok) return `amount:${unreadable.reason}`;
  if (stated.length > 1) return 'several-amounts';
  const surroundings = amounts.find((match) => match.surroundings !== null)?.surroundings;
  if (surroundings != null) return `amount:${surroundings}`;
  const amount = stated[0];
  const outside = amount === undefined ? masked : `${masked.slice(0, amount.start)} ${masked.slice(amount.end)}`;
  if (STRAY_CURRENCY_SIGN.test(outside.replace(HASHTAG_LIKE, ' '))) return 'amount:currency-nearby';
  if (amount === undefined) return amounts.length > 0 ? 'amount:no-currency' : 'no-amount';
  return amount;
}

function parseCommand(text: string, hashpayHandle: string, options: ParseTweetOptions): ParsedTweet {
  const { mentions, masked } = commandParts(text);

  const firstHashpayMention = mentions.find((mention) => sameHandle(mention.handle, hashpayHandle));
  const verbs = [...masked.matchAll(VERB)];
  const verb = verbs.find((match) => match.index >= (firstHashpayMention?.end ?? 0)) ?? verbs[0];
  if (verb === undefined) return rejected('no-command');
  const verbSpan = { start: verb.index, end: verb.index + verb[0].length };
  const kind = verb.groups?.donation !== undefined ? 'command-donation' : 'command-payment';

  const others = mentions.filter((mention) => !sameHandle(mention.handle, hashpayHandle));
  const after = others.filter((mention) => mention.start >= verbSpan.end);
  const candidates = after.length > 0 ? after : others.filter((mention) => mention.end <= verbSpan.start);
  const payees = distinctHandles(candidates);
  if (payees.length === 0) return rejected('no-payee');
  if (payees.length > 1) return rejected('several-payees');
  const payee = candidates.find((mention) => sameHandle(mention.handle, payees[0]!))!;

  const verbLanguage = ENGLISH_VERBS.has(verb[0].toLowerCase()) ? 'en' : 'fr';
  const amount = commandAmount(masked, amountContext(options, verbLanguage));
  if (typeof amount === 'string') return rejected(amount);
  if (!amount.result.ok) return rejected(`amount:${amount.result.reason}`);

  const memoStart = Math.max(verbSpan.end, amount.end, payee.end);
  const memo = normalizeMemo(text.slice(memoStart).replace(MEMO_LEAD, '')) || null;
  return {
    kind,
    payeeHandle: payee.handle,
    amountMinor: amount.result.amountMinor,
    currency: amount.result.currency,
    amountText: text.slice(amount.start, amount.end),
    memo,
  };
}

/** Words that may introduce a pot contribution (none is needed). */
const POT_VERB =
  /(?<![\p{L}\p{M}\p{N}_])(?:chip(?:ping)?\s+in|contribute|contributing|(?:je\s+)?participe|participer|participez)(?![\p{L}\p{M}\p{N}_])/iu;

/**
 * `@hashpay 20€ #potJulie`: a contribution to the open pot whose hashtag the tweet carries, or
 * undefined when it carries none (then it is read as any other command).
 */
function parsePotCommand(
  text: string,
  hashpayHandle: string,
  potHashtags: readonly string[],
  options: ParseTweetOptions,
): ParsedTweet | undefined {
  if (potHashtags.length === 0) return undefined;
  const { mentions, hashtags, masked } = commandParts(text);
  const tagged = hashtags.filter((match) => potHashtags.some((pot) => sameHashtag(pot, match.hashtag)));
  if (tagged.length === 0) return undefined;
  const pots = potHashtags.filter((pot) => tagged.some((match) => sameHashtag(pot, match.hashtag)));
  if (new Set(pots.map((pot) => pot.normalize('NFC').toLowerCase())).size > 1) return rejected('several-pots');
  if (mentions.some((mention) => !sameHandle(mention.handle, hashpayHandle))) return rejected('payee-and-pot');

  const verb = POT_VERB.exec(masked);
  const verbLanguage = verb === null ? undefined : /^(?:chip|contribut)/i.test(verb[0]) ? 'en' : 'fr';
  const amount = commandAmount(masked, amountContext(options, verbLanguage));
  if (typeof amount === 'string') return rejected(amount);
  if (!amount.result.ok) return rejected(`amount:${amount.result.reason}`);
  const lastTag = tagged.at(-1)!;
  const memoStart = Math.max(amount.end, lastTag.end, verb === null ? 0 : verb.index + verb[0].length);
  const memo = normalizeMemo(text.slice(memoStart).replace(MEMO_LEAD, '')) || null;
  return {
    kind: 'command-pot-contribution',
    potHashtag: pots[0]!,
    amountMinor: amount.result.amountMinor,
    currency: amount.result.currency,
    amountText: text.slice(amount.start, amount.end),
    memo,
  };
}

function distinctHandles(mentions: readonly { handle: string }[]): string[] {
  const handles: string[] = [];
  for (const { handle } of mentions) {
    if (!handles.some((known) => sameHandle(known, handle))) handles.push(handle);
  }
  return handles;
}

/** Blanks spans out (same length, so positions still match) before looking for words and amounts. */
function mask(text: string, spans: readonly Span[]): string {
  const characters = text.split('');
  for (const { start, end } of spans) {
    for (let index = start; index < end; index += 1) characters[index] = ' ';
  }
  return characters.join('');
}

// ---------------------------------------------------------------------------------------------
// Offer claims

function matchOfferHashtags(text: string, offerHashtags: readonly string[]): string[] {
  const present = findHashtags(text);
  return offerHashtags.filter((offer) => present.some((match) => sameHashtag(match.hashtag, offer)));
}
