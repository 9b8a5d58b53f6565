/**
 * Reads an amount the way people type it, and refuses anything that is not plainly one.
 *
 * Accepted forms (spaces optional, currency before or after the number, words in any case):
 * `10€`, `€10`, `10 €`, `10,50€`, `10.50 EUR`, `€10.50`, `$5`, `5$`, `5 USD`, `5 dollars`,
 * `10 euros`, `1 234,56 €`, `1,234.56 $`, `1.234,56 €`, `£5`, `5 pounds`, `¥500`, `500 yen`,
 * `CHF 5`, `5 CAD`, `CA$5`, `5,00 $ CA`, `5,00 $ US`, and every string `formatAmount` writes.
 *
 * Rules for the forms that could be read two ways:
 * 1. `$` alone is the US dollar; the Canadian dollar is `CA$`, `C$`, `$CA`, `$ CA` or `CAD`.
 *    `¥` is the Japanese yen. "dollar(s)" is the US dollar, "pound(s)" the pound sterling.
 * 2. "franc(s)" and "fr" alone are refused as `ambiguous-currency` (Swiss franc, CFA francs and
 *    the old French franc are all called that); the Swiss franc is `CHF` or "francs suisses".
 * 3. Group separators are a space (U+0020), a no-break space (U+00A0), a narrow no-break space
 *    (U+202F), an apostrophe (`'` or `’`), or whichever of `.` and `,` is not the decimal mark.
 *    One number uses one kind of group separator (the three spaces are one kind); groups after
 *    the first have exactly 3 digits, and the first has 1 to 3 digits with no leading zero.
 * 4. When both `.` and `,` appear, the last one is the decimal mark and appears once:
 *    `1,234.56` and `1.234,56` are both 1234.56.
 * 5. A single `.` or `,` followed by exactly 3 digits, with no other separator (`1,234 €`,
 *    `10.505 €`), could be a decimal mark or a group separator: it is refused as
 *    `ambiguous-separator` for two-decimal currencies. In a currency without decimals it can
 *    only group (`¥1,234` is 1234 yen). When the digits before it cannot form a group (`0,505`,
 *    `1234,567`) it is a decimal mark.
 * 6. Any other single `.` or `,` is the decimal mark: `1.5` is 1.50, `10,50` is 10.50.
 * 7. More decimal digits than the currency has (`10,5055 €`, `1 234,567 €`, `¥5.5`, `¥5.00`)
 *    are refused as `too-many-decimals`, never rounded. Zero, negative amounts (`-5€`, `−5 €`,
 *    `€-5`) and amounts above `AMOUNT_MAX_MINOR` are refused.
 * 8. Only ASCII digits count; fullwidth (`１０€`) or other-script digits (`١٠`) are refused, and
 *    so is any hidden character (a bidi override such as U+202E, a zero-width space, any other
 *    format or control character): they are never stripped silently.
 * 9. A number with no currency is refused as `no-currency` unless the caller names a default.
 * 10. In running text (`findAmounts`), a minus sign counts only when it touches the number or
 *    the currency (`Lunch - 10 €` is 10 €), and a number glued to a letter is not an amount.
 *
 * Numbers are read from their digit strings with BigInt, never through floats.
 */
import { hasHiddenCharacter } from './hidden-character';
import { AMOUNT_MAX_MINOR, type Currency, minorUnits } from './money';

export type AmountRejection =
  | 'empty'
  | 'too-long'
  | 'hidden-character'
  | 'unusual-space'
  | 'non-ascii-digits'
  | 'not-a-number'
  | 'negative'
  | 'bad-grouping'
  | 'leading-zero'
  | 'ambiguous-separator'
  | 'too-many-decimals'
  | 'zero'
  | 'above-maximum'
  | 'no-currency'
  | 'unknown-currency'
  | 'ambiguous-currency'
  | 'conflicting-currencies';

export type AmountParse =
  | { ok: true; amountMinor: number; currency: Currency; currencyStated: boolean }
  | { ok: false; reason: AmountRejection };

export interface AmountParseOptions {
  /** The currency of a bare number such as `12.50`; without it a bare number is refused. */
  defaultCurrency?: Currency;
}

/** The longest text read as one amount; longer input is refused before any other work. */
export const AMOUNT_TEXT_LENGTH_MAX = 64;

/** Currency words and symbols, lowercase, inner spaces as one U+0020. */
const CURRENCY_TOKENS: Readonly<Record<string, Currency | 'ambiguous'>> = {
  '€': 'EUR',
  eur: 'EUR',
  euro: 'EUR',
  euros: 'EUR',
  $: 'USD',
  usd: 'USD',
  us$: 'USD',
  $us: 'USD',
  '$ us': 'USD',
  dollar: 'USD',
  dollars: 'USD',
  '£': 'GBP',
  gbp: 'GBP',
  pound: 'GBP',
  pounds: 'GBP',
  'livre sterling': 'GBP',
  'livres sterling': 'GBP',
  chf: 'CHF',
  'franc suisse': 'CHF',
  'francs suisses': 'CHF',
  'swiss franc': 'CHF',
  'swiss francs': 'CHF',
  cad: 'CAD',
  ca$: 'CAD',
  c$: 'CAD',
  $ca: 'CAD',
  '$ ca': 'CAD',
  'dollar canadien': 'CAD',
  'dollars canadiens': 'CAD',
  'canadian dollar': 'CAD',
  'canadian dollars': 'CAD',
  '¥': 'JPY',
  jpy: 'JPY',
  yen: 'JPY',
  yens: 'JPY',
  円: 'JPY',
  franc: 'ambiguous',
  francs: 'ambiguous',
  fr: 'ambiguous',
  'fr.': 'ambiguous',
};

/** The spaces people put inside and around amounts. Other spaces (thin, ideographic…) are refused. */
const SPACE_CHARACTERS = ' \u00A0\u202F';
const GROUP_ONLY_SEPARATORS = `${SPACE_CHARACTERS}'\u2019`;
/** Hyphen-minus, minus sign, figure dash, en dash, em dash, small and fullwidth hyphen-minus. */
const NEGATIVE_SIGNS = '-\u2212\u2012\u2013\u2014\uFE63\uFF0D';

const HIDDEN_CHARACTER = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Cn}\p{Zl}\p{Zp}]/u;
const UNUSUAL_SPACE = /[^\P{Zs} \u00A0\u202F]/u;
const NON_ASCII_DIGIT = /[^\P{N}0-9]/u;
const LOOKS_LIKE_CURRENCY = /^(?:\p{Sc}|\p{L}[\p{L}$.]*)(?: \p{L}+)*$/u;

export function currencyOfToken(token: string): Currency | 'ambiguous' | undefined {
  const key = token.toLowerCase().replace(/[ \u00A0\u202F]+/g, ' ');
  return Object.hasOwn(CURRENCY_TOKENS, key) ? CURRENCY_TOKENS[key] : undefined;
}

/** Reads `text` as exactly one amount with its currency; see the rules at the top of this file. */
export function parseAmount(text: string, options: AmountParseOptions = {}): AmountParse {
  if (text.length > AMOUNT_TEXT_LENGTH_MAX) return reject('too-long');
  const trimmed = trimSpaces(text.replace(/^[\t\n\r]+|[\t\n\r]+$/g, ''));
  if (trimmed === '') return reject('empty');
  if (HIDDEN_CHARACTER.test(trimmed) || hasHiddenCharacter(trimmed)) return reject('hidden-character');
  if (UNUSUAL_SPACE.test(trimmed)) return reject('unusual-space');
  if (NON_ASCII_DIGIT.test(trimmed)) return reject('non-ascii-digits');

  const parts = splitAroundNumber(trimmed);
  if (parts === undefined) return reject('not-a-number');
  const before = stripNegativeSign(parts.before);
  if (before.negative) return reject('negative');
  if (/[0-9]/.test(parts.after) || [...NEGATIVE_SIGNS].some((sign) => parts.after.includes(sign))) {
    return reject('not-a-number');
  }

  const currency = resolveCurrency(before.rest, parts.after, options.defaultCurrency);
  if (!currency.ok) return currency;
  const exponent = minorUnits(currency.currency);
  const number = readNumber(parts.number, exponent);
  if (!number.ok) return number;

  const scale = 10n ** BigInt(exponent);
  const amount = BigInt(number.integerDigits) * scale + BigInt(number.fractionDigits.padEnd(exponent, '0') || '0');
  if (amount === 0n) return reject('zero');
  if (amount > BigInt(AMOUNT_MAX_MINOR)) return reject('above-maximum');
  return { ok: true, amountMinor: Number(amount), currency: currency.currency, currencyStated: currency.stated };
}

function reject(reason: AmountRejection): { ok: false; reason: AmountRejection } {
  return { ok: false, reason };
}

function trimSpaces(text: string): string {
  return text.replace(/^[ \u00A0\u202F]+|[ \u00A0\u202F]+$/g, '');
}

/** Splits `text` into what precedes the first digit, the number, and what follows it. */
function splitAroundNumber(text: string): { before: string; number: string; after: string } | undefined {
  const match = /[0-9](?:[0-9.,'\u2019 \u00A0\u202F]*[0-9])?/.exec(text);
  if (match === null) return undefined;
  return {
    before: trimSpaces(text.slice(0, match.index)),
    number: match[0],
    after: trimSpaces(text.slice(match.index + match[0].length)),
  };
}

function stripNegativeSign(before: string): { negative: boolean; rest: string } {
  let rest = before;
  let negative = false;
  if (rest !== '' && NEGATIVE_SIGNS.includes(rest.at(-1)!)) {
    negative = true;
    rest = trimSpaces(rest.slice(0, -1));
  }
  if (rest !== '' && NEGATIVE_SIGNS.includes(rest[0]!)) {
    negative = true;
    rest = trimSpaces(rest.slice(1));
  }
  const restIsCurrencyOrEmpty = rest === '' || LOOKS_LIKE_CURRENCY.test(rest);
  return { negative: negative && restIsCurrencyOrEmpty, rest };
}

type CurrencyResolution = { ok: true; currency: Currency; stated: boolean } | { ok: false; reason: AmountRejection };

function resolveCurrency(before: string, after: string, defaultCurrency: Currency | undefined): CurrencyResolution {
  const stated: Currency[] = [];
  for (const token of [before, after]) {
    if (token === '') continue;
    const currency = currencyOfToken(token);
    if (currency === 'ambiguous') return reject('ambiguous-currency');
    if (currency === undefined) return reject(LOOKS_LIKE_CURRENCY.test(token) ? 'unknown-currency' : 'not-a-number');
    stated.push(currency);
  }
  const [first, second] = stated;
  if (first !== undefined && second !== undefined && first !== second) return reject('conflicting-currencies');
  if (first !== undefined) return { ok: true, currency: first, stated: true };
  if (defaultCurrency !== undefined) return { ok: true, currency: defaultCurrency, stated: false };
  return reject('no-currency');
}

type NumberReading =
  | { ok: true; integerDigits: string; fractionDigits: string }
  | { ok: false; reason: AmountRejection };

type SeparatorKind = 'space' | 'apostrophe' | '.' | ',';

function separatorKind(character: string): SeparatorKind {
  if (SPACE_CHARACTERS.includes(character)) return 'space';
  if (GROUP_ONLY_SEPARATORS.includes(character)) return 'apostrophe';
  return character === '.' ? '.' : ',';
}

/**
 * Reads a run of ASCII digits and separators that starts and ends with a digit. `exponent`
 * decides rule 5: a lone separator before 3 digits can only group in a currency without decimals.
 */
function readNumber(text: string, exponent: number): NumberReading {
  const groups = text.split(/[^0-9]/);
  if (groups.some((group) => group === '')) return reject('not-a-number');
  const kinds = [...text.replace(/[0-9]/g, '')].map(separatorKind);
  if (kinds.length === 0) return readGroups(groups, '', exponent);

  const decimalIndex = decimalSeparatorIndex(kinds, groups, exponent);
  if (typeof decimalIndex === 'string') return reject(decimalIndex);
  const integerGroups = decimalIndex === -1 ? groups : groups.slice(0, decimalIndex + 1);
  const groupKinds = decimalIndex === -1 ? kinds : kinds.slice(0, decimalIndex);
  if (new Set(groupKinds).size > 1) return reject('not-a-number');
  const fractionDigits = decimalIndex === -1 ? '' : groups.slice(decimalIndex + 1).join('');
  return readGroups(integerGroups, fractionDigits, exponent);
}

/** The index (among separators) of the decimal mark, -1 when there is none, or a rejection. */
function decimalSeparatorIndex(kinds: SeparatorKind[], groups: string[], exponent: number): number | AmountRejection {
  const lastIndex = kinds.length - 1;
  const last = kinds[lastIndex]!;
  if (last === 'space' || last === 'apostrophe') return -1;
  const sameAsLast = kinds.filter((kind) => kind === last).length;
  const hasOtherKinds = sameAsLast < kinds.length;
  if (hasOtherKinds) return sameAsLast === 1 ? lastIndex : 'not-a-number';
  if (kinds.length > 1) return -1;
  const [lead, tail] = groups as [string, string];
  const couldGroup = tail.length === 3 && /^[1-9][0-9]{0,2}$/.test(lead);
  if (!couldGroup) return 0;
  return exponent === 0 ? -1 : 'ambiguous-separator';
}

function readGroups(integerGroups: string[], fractionDigits: string, exponent: number): NumberReading {
  const [lead, ...rest] = integerGroups as [string, ...string[]];
  if (rest.length > 0) {
    const wellGrouped = /^[1-9][0-9]{0,2}$/.test(lead) && rest.every((group) => group.length === 3);
    if (!wellGrouped) return reject('bad-grouping');
  } else if (lead.length > 1 && lead.startsWith('0')) {
    return reject('leading-zero');
  }
  if (fractionDigits.length > exponent) return reject('too-many-decimals');
  return { ok: true, integerDigits: integerGroups.join(''), fractionDigits };
}

/** Where `findAmounts` found an amount-like span in a longer text, and how it reads. */
export interface AmountMatch {
  start: number;
  end: number;
  text: string;
  result: AmountParse;
}

function escapeForPattern(token: string): string {
  return token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '[ \\u00A0\\u202F]');
}

const TOKEN_PATTERN = Object.keys(CURRENCY_TOKENS)
  .sort((a, b) => b.length - a.length)
  .map(escapeForPattern)
  .join('|');
/** In running text a sign counts only when it touches the number or symbol: `Lunch — 10 €` is positive. */
const SIGN_PATTERN = '[\\-\\u2212\\u2012\\u2013\\uFE63\\uFF0D]';
/** Includes thin and figure spaces so that an amount using them is found and refused by name. */
const NUMBER_PATTERN = "\\p{Nd}(?:[.,'\\u2019 \\u00A0\\u202F\\u2009\\u2007]?\\p{Nd})*";
const SPACES = '[ \\u00A0\\u202F]*';
const WORD_BEFORE = '(?<![\\p{L}\\p{N}\\p{M}_@#])';
const WORD_AFTER = '(?![\\p{L}\\p{N}\\p{M}_])';
const AMOUNT_CANDIDATE = new RegExp(
  `${WORD_BEFORE}${SIGN_PATTERN}?(?:(?:${TOKEN_PATTERN})${SPACES})?${SIGN_PATTERN}?` +
    `${NUMBER_PATTERN}(?:${SPACES}(?:${TOKEN_PATTERN})${WORD_AFTER}|${WORD_AFTER})`,
  'giu',
);

/**
 * Finds every amount-like span in a longer text: a number (in any script) with a currency word or
 * symbol before or after it, and each bare number too (`result` then says `no-currency`). Each
 * span is read by `parseAmount`, so a refused span keeps its reason.
 */
export function findAmounts(text: string): AmountMatch[] {
  const matches: AmountMatch[] = [];
  for (const match of text.matchAll(AMOUNT_CANDIDATE)) {
    const span = match[0];
    matches.push({ start: match.index, end: match.index + span.length, text: span, result: parseAmount(span) });
  }
  return matches;
}
