/**
 * One reading of money for the whole product: `parseAmount` decides what a piece of text is
 * worth; `findAmounts` only says where, in running text, an amount is written, and refuses (with
 * a typed reason) any span whose surroundings could change what it means.
 *
 * Accepted forms (spaces optional, currency before or after the number, words in any case):
 * `10€`, `€10`, `10 €`, `10,50€`, `10.50 EUR`, `€10.50`, `$5`, `5$`, `5 USD`, `5 dollars`,
 * `10 euros`, `1 234,56 €`, `1,234.56 $`, `1.234,56 €`, `£5`, `5 pounds`, `5 livres`, `¥500`,
 * `500 yen`, `CHF 5`, `5 CAD`, `CA$5`, `CAD$10`, `10 $ CAN`, `5,00 $ CA`, `5,00 $ US`, `US$10`,
 * `10 US dollars`, `5 dollars canadiens`, `5 livres sterling`, `5 francs suisses`, and every
 * string `formatAmount` writes. Also:
 * - the currency as the decimal mark, or units then cents: `2€50`, `10 euros 50`, `10 € 50`,
 *   `15 dollars 50 cents`, `3 GBP 1 pence` (two digits, or one or two before a cents word);
 * - a leading decimal mark: `$.50`, `,50 €`; no cents written as a dash: `10,-€`, `CHF 10.–`;
 * - a final full stop, which ends a sentence: `$99.`;
 * - whole amounts in words from one to ninety-nine, in English and French, before a currency
 *   word or sign: `ten dollars`, `twenty-five dollars`, `dix euros`, `vingt et un €`,
 *   `quatre-vingt-dix-neuf euros`, `septante euros`.
 *
 * Rules for the forms that could be read two ways. The context is the payer's: `language` (the
 * pay sheet's language, or the language of the tweet: X's `lang`, else its
 * command words) and `dollarCurrency` (the one dollar currency the payer's wallet holds, if
 * exactly one):
 * 1. A bare `$` or "dollar(s)" is `dollarCurrency` when there is one; else the US dollar where
 *    the text is English (or no language is known, as in a string `formatAmount` wrote), and
 *    `ambiguous-currency` where it is French (a Québécois `10 $` is Canadian). A `$` next to a
 *    code takes it (`$10 CAD` is Canadian). The Canadian dollar is also `CA$`, `C$`, `$CA`,
 *    `$ CAN`, `CAD$`; the US dollar `US$`, `$US`, "US dollars", "dollars américains".
 *    `¥` is the Japanese yen; "pound(s)" and "livre(s)" the pound sterling.
 * 2. "franc(s)" and "fr" alone are refused as `ambiguous-currency` (Swiss franc, CFA francs and
 *    the old French franc are all called that); the Swiss franc is `CHF` or "francs suisses".
 * 3. Currency codes are read as written where case carries meaning: `GBP`, `gbp` and `Gbp` are
 *    sterling, `GBp` (pence) is an `unknown-currency`.
 * 4. Group separators are a space (U+0020), a no-break space (U+00A0), a narrow no-break space
 *    (U+202F), an apostrophe (`'` or `’`), or whichever of `.` and `,` is not the decimal mark.
 *    One number uses one kind of group separator (the three spaces are one kind); groups after
 *    the first have exactly 3 digits, and the first has 1 to 3 digits with no leading zero.
 * 5. When both `.` and `,` appear, the last one is the decimal mark and appears once:
 *    `1,234.56` and `1.234,56` are both 1234.56.
 * 6. A single `.` or `,` followed by exactly 3 digits, with no other separator (`1,000`, `1.000`),
 *    is read by the language: in English `,` groups and `.` is a decimal mark (`$1,000` is one
 *    thousand, `$1.000` has too many decimals); in French `.` groups and `,` is a decimal mark
 *    (`1.000 €` is one thousand). With no language it is refused as `ambiguous-separator` in
 *    two-decimal currencies. In a currency without decimals it can only group (`¥1,234`). When
 *    the digits before it cannot form a group (`0,505`, `1234,567`) it is a decimal mark.
 * 7. Any other single `.` or `,` is the decimal mark: `1.5` is 1.50, `10,50` is 10.50.
 * 8. More decimal digits than the currency has (`10,5055 €`, `¥5.5`) are refused as
 *    `too-many-decimals`, never rounded. Zero, negative amounts (`-5€`, `−5 €`, `€-5`) and
 *    amounts above `AMOUNT_MAX_MINOR` are refused.
 * 9. Only ASCII digits count; fullwidth (`１０€`) or other-script digits (`١٠`) are refused, and
 *    so is any hidden character (a bidi override such as U+202E, a zero-width space, any other
 *    format or control character): they are never stripped silently.
 * 10. A number with no currency is refused as `no-currency` unless the caller names a default.
 *
 * In running text (`findAmounts`), a minus sign counts only when it touches the number or the
 * currency (`Lunch - 10 €` is 10 €), and a span is refused by its surroundings (see
 * `AmountSurroundingsRejection`) when a letter, digit or separator touches it (`2x12,50 €`,
 * `€1.5k`), another number, in digits or words, is next to it or joined to it (`$119. 95`,
 * `10 à 20 €`, `ten euros fifty cents`, `$10 x2`), a scale word follows or precedes it
 * (`$5 million`, `trois cent vingt euros`), a currency qualifier sits beside it (`AU $10`,
 * `$10 NZD`), cents are left out of it (`$5 and 50 cents`), or a range or bound word governs it
 * (`entre 10 et 20 €`, `at most 7€`). Neighbouring words count across any white space, line
 * breaks included.
 *
 * Numbers are read from their digit strings with BigInt, never through floats.
 */
import { hasHiddenCharacter } from './hidden-character';
import type { Language } from './language';
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

/** Why an amount found in running text is not taken, whatever the span itself reads. */
export type AmountSurroundingsRejection =
  /** A letter, digit, currency sign or separator is glued to the span: `2x12,50 €`, `SGD4.90 $`. */
  | 'touching'
  /** Another number is next to the span or joined to it: `$119. 95`, `10 à 20 €`, `2 x 12 €`. */
  | 'number-nearby'
  /** A scale word multiplies it: `€1.5k`, `$5 million`, `trois cent vingt euros`. */
  | 'scale-word'
  /** A currency qualifier or sign beside it: `AU $10`, `$10 NZD`, `c $ 1.34`, `5 mille €`. */
  | 'currency-nearby'
  /** Cents left outside the span: `50 cents`, `$5 and 50 cents`. */
  | 'cents-word'
  /** A range or bound word governs it: `entre 10 et 20 €`, `at most 7€`, `10€ max`. */
  | 'range-or-bound';

export type AmountParse =
  | { ok: true; amountMinor: number; currency: Currency; currencyStated: boolean }
  | { ok: false; reason: AmountRejection };

/** The dollar currencies Hashpay moves: what a bare `$` can mean. */
export type DollarCurrency = Extract<Currency, 'USD' | 'CAD'>;

export function isDollarCurrency(currency: Currency): currency is DollarCurrency {
  return currency === 'USD' || currency === 'CAD';
}

export interface AmountParseOptions {
  /** The currency of a bare number such as `12.50`; without it a bare number is refused. */
  defaultCurrency?: Currency;
  /** The payer's language: settles `1,000` and `1.000` (rule 6) and a bare `$` (rule 1). */
  language?: Language;
  /** The one dollar currency the payer's wallet holds, if exactly one: what a bare `$` means. */
  dollarCurrency?: DollarCurrency;
}

/** The longest text read as one amount; longer input is refused before any other work. */
export const AMOUNT_TEXT_LENGTH_MAX = 64;

type CurrencyToken = Currency | 'ambiguous' | 'dollar';

/** Currency words and symbols, lowercase, inner spaces as one U+0020. */
const CURRENCY_TOKENS: Readonly<Record<string, CurrencyToken>> = {
  '€': 'EUR',
  eur: 'EUR',
  euro: 'EUR',
  euros: 'EUR',
  $: 'dollar',
  dollar: 'dollar',
  dollars: 'dollar',
  usd: 'USD',
  us$: 'USD',
  $us: 'USD',
  '$ us': 'USD',
  'us dollar': 'USD',
  'us dollars': 'USD',
  'dollar us': 'USD',
  'dollars us': 'USD',
  'dollar américain': 'USD',
  'dollars américains': 'USD',
  '£': 'GBP',
  gbp: 'GBP',
  pound: 'GBP',
  pounds: 'GBP',
  'pound sterling': 'GBP',
  'pounds sterling': 'GBP',
  livre: 'GBP',
  livres: 'GBP',
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
  cad$: 'CAD',
  can$: 'CAD',
  $ca: 'CAD',
  '$ ca': 'CAD',
  $cad: 'CAD',
  '$ cad': 'CAD',
  $can: 'CAD',
  '$ can': 'CAD',
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

/** Words for the cents of units-then-cents amounts (`15 dollars 50 cents`); pence only for sterling. */
const CENTS_WORDS: Readonly<Record<string, 'cents' | 'pence'>> = {
  cent: 'cents',
  cents: 'cents',
  centime: 'cents',
  centimes: 'cents',
  c: 'cents',
  ct: 'cents',
  cts: 'cents',
  penny: 'pence',
  pence: 'pence',
  p: 'pence',
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
/** `10,-€`, `10.--`, `CHF 10.–`: a dash where the cents would be says there are none. */
const ZERO_CENTS_DASH = /([0-9])[.,](?:--?|[\u2013\u2014])(?![0-9\-\u2013\u2014])/u;
/** A code whose case is mixed other than as a capital (`GBp`, `USd`) means something else. */
const CODE_CASE_AS_WRITTEN = /^(?:[A-Z]{3}|[a-z]{3}|[A-Z][a-z]{2})$/;

export function currencyOfToken(token: string): CurrencyToken | undefined {
  if (/^[A-Za-z]{3}$/.test(token) && !CODE_CASE_AS_WRITTEN.test(token)) return undefined;
  const key = token.toLowerCase().replace(/[ \u00A0\u202F]+/g, ' ');
  return Object.hasOwn(CURRENCY_TOKENS, key) ? CURRENCY_TOKENS[key] : undefined;
}

// ---------------------------------------------------------------------------------------------
// Numbers in words, one to ninety-nine

const ENGLISH_UNITS = [
  '',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const ENGLISH_TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const FRENCH_UNITS = [
  '',
  'un',
  'deux',
  'trois',
  'quatre',
  'cinq',
  'six',
  'sept',
  'huit',
  'neuf',
  'dix',
  'onze',
  'douze',
  'treize',
  'quatorze',
  'quinze',
  'seize',
  'dix sept',
  'dix huit',
  'dix neuf',
];
/** Tens from twenty to sixty, and the Belgian and Swiss seventy, eighty and ninety. */
const FRENCH_TENS: Readonly<Record<number, readonly string[]>> = {
  2: ['vingt'],
  3: ['trente'],
  4: ['quarante'],
  5: ['cinquante'],
  6: ['soixante'],
  7: ['septante'],
  8: ['huitante', 'octante'],
  9: ['nonante'],
};

/** Every spelling of 1–99, words joined by one space (hyphens read as spaces), to its value. */
const NUMBER_WORDS: ReadonlyMap<string, number> = (() => {
  const words = new Map<string, number>();
  for (let n = 1; n < 100; n += 1) {
    const tens = Math.floor(n / 10);
    const unit = n % 10;
    words.set(n < 20 ? ENGLISH_UNITS[n]! : `${ENGLISH_TENS[tens]}${unit === 0 ? '' : ` ${ENGLISH_UNITS[unit]}`}`, n);
    if (n < 20) {
      words.set(FRENCH_UNITS[n]!, n);
      continue;
    }
    for (const ten of FRENCH_TENS[tens] ?? []) {
      if (unit === 0) words.set(ten, n);
      else if (unit === 1) words.set(`${ten} et un`, n);
      else words.set(`${ten} ${FRENCH_UNITS[unit]}`, n);
    }
    // soixante-dix … quatre-vingt-dix-neuf: sixty or eighty plus 10–19.
    if (tens === 7 || tens === 9) {
      const base = tens === 7 ? 'soixante' : 'quatre vingt';
      const rest = n - (tens === 7 ? 60 : 80);
      words.set(`${base} ${FRENCH_UNITS[rest]}`, n);
      if (tens === 7 && rest === 11) words.set('soixante et onze', n);
    }
    if (tens === 8) words.set(unit === 0 ? 'quatre vingts' : `quatre vingt ${FRENCH_UNITS[unit]}`, n);
    if (n === 80) words.set('quatre vingt', n);
  }
  words.set('une', 1);
  return words;
})();

/** The single words numbers are spelt with, for finding them in running text. */
const NUMBER_WORD_VOCABULARY = [...new Set([...NUMBER_WORDS.keys()].flatMap((words) => words.split(' ')))].filter(
  (word) => word !== 'et',
);

/** A word of a number in words, hyphenated or not (`fifty`, `quatre-vingt-dix-neuf`), trailing punctuation aside. */
function isNumberWordToken(token: string): boolean {
  const parts = token
    .replace(/[.,;:!?]+$/, '')
    .toLowerCase()
    .split('-');
  return parts.some((part) => NUMBER_WORD_VOCABULARY.includes(part));
}

function startsWithNumberWord(text: string): boolean {
  const first = /^\p{L}+/u.exec(text)?.[0];
  return first !== undefined && NUMBER_WORD_VOCABULARY.includes(first.toLowerCase());
}

function numberOfWords(words: string): number | undefined {
  return NUMBER_WORDS.get(
    words
      .toLowerCase()
      .replace(/[\s\-\u2010\u2011]+/g, ' ')
      .trim(),
  );
}

// ---------------------------------------------------------------------------------------------
// One amount

/** Reads `text` as exactly one amount with its currency; see the rules at the top of this file. */
export function parseAmount(text: string, options: AmountParseOptions = {}): AmountParse {
  if (text.length > AMOUNT_TEXT_LENGTH_MAX) return reject('too-long');
  let trimmed = trimSpaces(text.replace(/^[\t\n\r]+|[\t\n\r]+$/g, ''));
  if (trimmed === '') return reject('empty');
  if (HIDDEN_CHARACTER.test(trimmed) || hasHiddenCharacter(trimmed)) return reject('hidden-character');
  if (UNUSUAL_SPACE.test(trimmed)) return reject('unusual-space');
  if (NON_ASCII_DIGIT.test(trimmed)) return reject('non-ascii-digits');
  // A full stop that ends the text ends a sentence (`$99.`); a dash for the cents means none.
  if (/[^.]\.$/.test(trimmed)) trimmed = trimSpaces(trimmed.slice(0, -1));
  trimmed = trimmed.replace(ZERO_CENTS_DASH, '$1');

  if (!/[0-9]/.test(trimmed) || startsWithNumberWord(trimmed)) return parseWordAmount(trimmed, options);
  const parts = splitAroundNumber(trimmed);
  if (parts === undefined) return reject('not-a-number');
  const before = stripNegativeSign(parts.before);
  if (before.negative) return reject('negative');
  const after = readAfterNumber(parts.after);
  if (!after.ok) return after;

  const currency = resolveCurrency(before.rest, after.token, options);
  if (!currency.ok) return currency;
  const exponent = minorUnits(currency.currency);
  const number = readNumber(parts.number, exponent, options.language);
  if (!number.ok) return number;
  if (after.cents === undefined) return amountOf(number.integerDigits, number.fractionDigits, currency);
  if (number.fractionDigits !== '' || exponent !== 2) return reject('not-a-number');
  return amountWithCents(number.integerDigits, after.cents, currency);
}

function reject(reason: AmountRejection): { ok: false; reason: AmountRejection } {
  return { ok: false, reason };
}

function trimSpaces(text: string): string {
  return text.replace(/^[ \u00A0\u202F]+|[ \u00A0\u202F]+$/g, '');
}

function amountOf(integerDigits: string, fractionDigits: string, currency: ResolvedCurrency): AmountParse {
  const exponent = minorUnits(currency.currency);
  const scale = 10n ** BigInt(exponent);
  const amount = BigInt(integerDigits) * scale + BigInt(fractionDigits.padEnd(exponent, '0') || '0');
  if (amount === 0n) return reject('zero');
  if (amount > BigInt(AMOUNT_MAX_MINOR)) return reject('above-maximum');
  return { ok: true, amountMinor: Number(amount), currency: currency.currency, currencyStated: currency.stated };
}

interface Cents {
  digits: string;
  word: 'cents' | 'pence' | undefined;
}

/** Units then cents (`10 € 50`, `2€50`, `15 dollars 50 cents`): the cents in the currency's minor unit. */
function amountWithCents(integerDigits: string, cents: Cents, currency: ResolvedCurrency): AmountParse {
  if (cents.word === undefined ? cents.digits.length !== 2 : cents.digits.length > 2) return reject('not-a-number');
  if (cents.word !== undefined && (cents.word === 'pence') !== (currency.currency === 'GBP')) {
    return reject('conflicting-currencies');
  }
  return amountOf(integerDigits, cents.digits.padStart(2, '0'), currency);
}

type AfterNumber = { ok: true; token: string; cents: Cents | undefined } | { ok: false; reason: AmountRejection };

/** What follows the number: a currency, possibly followed by cents (`€50`, `dollars 50 cents`). */
function readAfterNumber(after: string): AfterNumber {
  if ([...NEGATIVE_SIGNS].some((sign) => after.includes(sign))) return reject('not-a-number');
  if (!/[0-9]/.test(after)) return { ok: true, token: after, cents: undefined };
  const split = /^(?<token>[^0-9]+?)[ \u00A0\u202F]*(?<digits>[0-9]+)(?:[ \u00A0\u202F]*(?<word>\p{L}+))?$/u.exec(
    after,
  );
  if (split?.groups === undefined) return reject('not-a-number');
  const { token, digits, word } = split.groups as { token: string; digits: string; word?: string };
  const currency = currencyOfToken(trimSpaces(token));
  if (currency === undefined || currency === 'ambiguous') return reject('not-a-number');
  const centsWord = word === undefined ? undefined : centsWordOf(word);
  if (word !== undefined && centsWord === undefined) return reject('not-a-number');
  return { ok: true, token: trimSpaces(token), cents: { digits, word: centsWord } };
}

function centsWordOf(word: string): 'cents' | 'pence' | undefined {
  const key = word.toLowerCase();
  return Object.hasOwn(CENTS_WORDS, key) ? CENTS_WORDS[key] : undefined;
}

/** `twenty-five dollars`, `vingt et un €`, `ten dollars 50 cents`: a whole number in words, then a currency. */
function parseWordAmount(text: string, options: AmountParseOptions): AmountParse {
  const ends = [...text.matchAll(/\p{L}+/gu)].map((match) => match.index + match[0].length);
  for (const end of ends.reverse()) {
    const value = numberOfWords(text.slice(0, end));
    if (value === undefined) continue;
    const rest = trimSpaces(text.slice(end));
    if (rest === '' || !/^[ \u00A0\u202F]|^\p{Sc}/u.test(text.slice(end))) break;
    const after = readAfterNumber(rest);
    if (!after.ok) return after;
    const currency = resolveCurrency('', after.token, options);
    if (!currency.ok) return currency;
    if (after.cents === undefined) return amountOf(String(value), '', currency);
    if (minorUnits(currency.currency) !== 2) return reject('not-a-number');
    return amountWithCents(String(value), after.cents, currency);
  }
  return reject('not-a-number');
}

/** Splits `text` into what precedes the first digit, the number, and what follows it. */
function splitAroundNumber(text: string): { before: string; number: string; after: string } | undefined {
  const match = /(?:(?<![0-9])[.,](?=[0-9]))?[0-9](?:[0-9.,'\u2019 \u00A0\u202F]*[0-9])?/.exec(text);
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

interface ResolvedCurrency {
  ok: true;
  currency: Currency;
  stated: boolean;
}
type CurrencyResolution = ResolvedCurrency | { ok: false; reason: AmountRejection };

function resolveCurrency(before: string, after: string, options: AmountParseOptions): CurrencyResolution {
  const stated: Exclude<CurrencyToken, 'ambiguous'>[] = [];
  for (const token of [before, after]) {
    if (token === '') continue;
    const currency = currencyOfToken(token);
    if (currency === 'ambiguous') return reject('ambiguous-currency');
    if (currency === undefined) return reject(LOOKS_LIKE_CURRENCY.test(token) ? 'unknown-currency' : 'not-a-number');
    stated.push(currency);
  }
  const named = stated.filter((token): token is Currency => token !== 'dollar');
  const [first, second] = named;
  if (first !== undefined && second !== undefined && first !== second) return reject('conflicting-currencies');
  if (first !== undefined) {
    // A `$` beside a code takes it (`$10 CAD`), but not a code of another kind of money (`$10 EUR`).
    if (stated.includes('dollar') && !isDollarCurrency(first)) return reject('conflicting-currencies');
    return { ok: true, currency: first, stated: true };
  }
  if (stated.length > 0) {
    const dollar = options.dollarCurrency ?? (options.language === 'fr' ? undefined : 'USD');
    if (dollar === undefined) return reject('ambiguous-currency');
    return { ok: true, currency: dollar, stated: true };
  }
  if (options.defaultCurrency !== undefined) return { ok: true, currency: options.defaultCurrency, stated: false };
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
 * Reads a run of ASCII digits and separators that ends with a digit and starts with a digit or a
 * decimal mark (`.50`). `exponent` and `language` decide rule 6.
 */
function readNumber(text: string, exponent: number, language: Language | undefined): NumberReading {
  if (text.startsWith('.') || text.startsWith(',')) {
    const fractionDigits = text.slice(1);
    if (!/^[0-9]+$/.test(fractionDigits)) return reject('not-a-number');
    return readGroups(['0'], fractionDigits, exponent);
  }
  const groups = text.split(/[^0-9]/);
  if (groups.some((group) => group === '')) return reject('not-a-number');
  const kinds = [...text.replace(/[0-9]/g, '')].map(separatorKind);
  if (kinds.length === 0) return readGroups(groups, '', exponent);

  const decimalIndex = decimalSeparatorIndex(kinds, groups, exponent, language);
  if (typeof decimalIndex === 'string') return reject(decimalIndex);
  const integerGroups = decimalIndex === -1 ? groups : groups.slice(0, decimalIndex + 1);
  const groupKinds = decimalIndex === -1 ? kinds : kinds.slice(0, decimalIndex);
  if (new Set(groupKinds).size > 1) return reject('not-a-number');
  const fractionDigits = decimalIndex === -1 ? '' : groups.slice(decimalIndex + 1).join('');
  return readGroups(integerGroups, fractionDigits, exponent);
}

/** The index (among separators) of the decimal mark, -1 when there is none, or a rejection. */
function decimalSeparatorIndex(
  kinds: SeparatorKind[],
  groups: string[],
  exponent: number,
  language: Language | undefined,
): number | AmountRejection {
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
  if (exponent === 0) return -1;
  // Rule 6: the language says which of `.` and `,` groups thousands.
  if (language === 'en') return last === ',' ? -1 : 0;
  if (language === 'fr') return last === '.' ? -1 : 0;
  return 'ambiguous-separator';
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

// ---------------------------------------------------------------------------------------------
// Amounts in running text

/** Where `findAmounts` found an amount-like span in a longer text, and how it reads. */
export interface AmountMatch {
  start: number;
  end: number;
  text: string;
  /** True when the span names a currency (a bare number is memo text, not an amount). */
  stated: boolean;
  result: AmountParse;
  /** Why the span's surroundings refuse it, whatever it reads; null when nothing around it matters. */
  surroundings: AmountSurroundingsRejection | null;
}

function escapeForPattern(token: string): string {
  return token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '[ \\u00A0\\u202F]');
}

const TOKENS_LONGEST_FIRST = Object.keys(CURRENCY_TOKENS).sort((a, b) => b.length - a.length);
/** Token alternations, longest first; one boundary check per group keeps the pattern quick to compile. */
function tokenAlternation(tokens: readonly string[]): string {
  return tokens.map(escapeForPattern).join('|');
}
/** A currency word must start a word: `amateur 5` holds no `eur`. */
const LEAD_TOKEN_PATTERN =
  `(?<![\\p{L}\\p{N}_])(?:${tokenAlternation(TOKENS_LONGEST_FIRST.filter((token) => /^\p{L}/u.test(token)))})` +
  `|(?:${tokenAlternation(TOKENS_LONGEST_FIRST.filter((token) => !/^\p{L}/u.test(token)))})`;
/** A currency word must end a word: `10 dollarstore` holds no `dollars`. */
const TRAIL_TOKEN_PATTERN =
  `(?:${tokenAlternation(TOKENS_LONGEST_FIRST.filter((token) => /\p{L}$/u.test(token)))})(?![\\p{L}\\p{N}_])` +
  `|(?:${tokenAlternation(TOKENS_LONGEST_FIRST.filter((token) => !/\p{L}$/u.test(token)))})`;
const CENTS_WORD_PATTERN = Object.keys(CENTS_WORDS)
  .sort((a, b) => b.length - a.length)
  .join('|');
/** In running text a sign counts only when it touches the number or symbol: `Lunch — 10 €` is positive. */
const SIGN_PATTERN = '[\\-\\u2212\\u2012\\u2013\\uFE63\\uFF0D]';
const SPACES = '[ \\u00A0\\u202F]*';
/**
 * Digits in any script (so that `１０€` is found and refused by name), with one separator at a
 * time (thin and figure spaces too, refused by name), an optional leading decimal mark (`$.50`)
 * and an optional dash for no cents (`10,-€`).
 */
const NUMBER_PATTERN =
  "(?:[.,](?=\\p{Nd}))?\\p{Nd}(?:[.,'\\u2019 \\u00A0\\u202F\\u2009\\u2007]?\\p{Nd})*(?:[.,](?:--?|[\\u2013\\u2014]))?";
const WORD_PATTERN = `(?:${NUMBER_WORD_VOCABULARY.sort((a, b) => b.length - a.length).join('|')})(?![\\p{L}\\p{N}_])`;
const WORDS_PATTERN = `(?<![\\p{L}\\p{N}_])${WORD_PATTERN}(?:[ \\u00A0\\u202F\\-]+(?:et[ \\u00A0\\u202F\\-]+)?${WORD_PATTERN})*`;
/** `10 € 50`, `15 dollars 50 cents`: cents after the currency belong to the span, so nothing is left out. */
const CENTS_PATTERN =
  `(?:${SPACES}(?<cents>[0-9]{1,2})(?![\\p{N}])` +
  `(?:${SPACES}(?<centsWord>${CENTS_WORD_PATTERN})(?![\\p{L}\\p{N}_])|(?!${SPACES}(?:${TRAIL_TOKEN_PATTERN}))))?`;
/** A span never starts inside a run of digits, nor right after `@` or `#` (a handle or hashtag). */
const NOT_INSIDE = '(?<![\\p{Nd}@#\\uFF20\\uFF03])';
const AMOUNT_CANDIDATE = new RegExp(
  `${NOT_INSIDE}${SIGN_PATTERN}?(?:(?<lead>${LEAD_TOKEN_PATTERN})${SPACES})?${SIGN_PATTERN}?` +
    `${NUMBER_PATTERN}(?:${SPACES}(?<trail>${TRAIL_TOKEN_PATTERN})${CENTS_PATTERN})?` +
    `|${WORDS_PATTERN}${SPACES}(?<wordsTrail>${TRAIL_TOKEN_PATTERN})${CENTS_PATTERN.replace(/\?<cents/, '?<wordCents').replace(/\?<centsWord/, '?<wordCentsWord')}`,
  'giu',
);

/** Words that multiply an amount: a span they touch is not the amount meant. */
const SCALE_WORD =
  /^(?:k|m|mm|mn|bn|b|thousands?|millions?|billions?|trillions?|milliards?|mille|mil|grand|lakhs?|crores?|hundreds?|cents?)$/iu;
/** Qualifiers that change which dollar (or which money) is meant: `AU $10`, `$10 NZD`, `c $ 1.34`. */
const CURRENCY_QUALIFIER =
  /^(?:A|AU|AUD|NZ|NZD|HK|HKD|US|USD|C|c|CA|CAN|CAD|S|SG|SGD|MX|MXN|NT|NTD|R|RD|TT|J|JA|BZ|BD|EC|FJ|G|GY|L|LD|NA|SI|SR|TW|Z|ZW|EUR|GBP|CHF|JPY|CNY|RMB|INR|BRL|ZAR|SEK|NOK|DKK|PLN|RUB|TRY|KRW|MAD|XOF|XAF|TND|DZD|HUF|CZK|ILS|AED|SAR|BTC|ETH|usd|cad|aud|nzd|hkd|sgd|eur|gbp|chf|jpy)$/u;
/** Words that make the span one end of a range or a bound, written before it. */
const BOUND_BEFORE =
  /(?:^|[^\p{L}])(?:between|from|at\s+most|at\s+least|up\s+to|upto|max(?:imum)?|min(?:imum)?|under|over|above|below|about|around|approx(?:imately|\.)?|roughly|nearly|almost|less\s+than|more\s+than|fewer\s+than|entre|de|du|environ|au\s+moins|au\s+plus|au\s+maximum|au\s+minimum|jusqu['’]?\s*[àa]|moins\s+de|plus\s+de|pr[èe]s\s+de|presque|à\s+partir\s+de|dès|vers|[~≈<>≤≥])[\s]*(?:[0-9][0-9.,' \u00A0\u202F]*[\s]*(?:-|–|—|to|à|a|et|and|ou|or)[\s]*)$/iu;
const BOUND_WORD_BEFORE =
  /(?:^|[^\p{L}])(?:at\s+most|at\s+least|up\s+to|upto|max(?:imum)?|min(?:imum)?|under|over|above|below|about|around|approx(?:imately|\.)?|roughly|nearly|almost|less\s+than|more\s+than|fewer\s+than|lower\s+than|higher\s+than|greater\s+than|no\s+more\s+than|plus\s+que|moins\s+que|quasi(?:ment)?|[àa]\s+peu\s+pr[èe]s|en[-\s]dessous\s+de|au[-\s]dessus\s+de|entre|between|environ|au\s+moins|au\s+plus|au\s+maximum|au\s+minimum|jusqu['’]?\s*[àa]|moins\s+de|plus\s+de|pr[èe]s\s+de|presque|à\s+partir\s+de|dès|[~≈<>≤≥])[\s]*$/iu;
/** The same, written after it: `10€ max`, `10 € environ`, `$10 or more`. */
const BOUND_AFTER =
  /^[\s]*(?:max(?:imum)?|min(?:imum)?|environ|approx(?:imately|\.)?|or\s+(?:more|less|so|above|below)|ou\s+(?:plus|moins)|au\s+(?:plus|moins|maximum|minimum)|et\s+plus|and\s+(?:up|above|more)|tops|at\s+most|at\s+least|[+~])(?![\p{L}\p{N}_])/iu;
/** Another number joined to the span by a range or arithmetic word: `10 à 20 €`, `10€ - 20€`, `2 x 12 €`. */
const JOINED_NUMBER_BEFORE = /[0-9](?:[\s.,\-–—/+×*([:=x]*|[\s([]*(?:to|à|a|et|and|ou|or)[\s([]*)$/iu;
const JOINED_NUMBER_AFTER = /^(?:[\s.,\-–—/+×*x)\]]*|\s*(?:to|à|a|et|and|ou|or|plus)\s+)[0-9]/iu;
/** What may follow units-then-cents without a cents word: the end, punctuation or a memo word. */
const AFTER_BARE_CENTS = /^[\s]*(?:$|[.,;:!?)\-–—]|(?:for|pour|to|à|a|de|par)(?![\p{L}\p{N}_]))/iu;

/**
 * Finds every amount-like span in a longer text: a number (in digits in any script, or in words
 * before a currency) with a currency word or symbol before or after it, and each bare number too
 * (`stated` is then false and `result` says `no-currency`). Each span is read by `parseAmount`
 * with `options`, so a refused span keeps its reason; `surroundings` says when what is around a
 * stated span could change its meaning.
 */
export function findAmounts(text: string, options: AmountParseOptions = {}): AmountMatch[] {
  const matches: AmountMatch[] = [];
  for (const match of text.matchAll(AMOUNT_CANDIDATE)) {
    const span = match[0];
    const start = match.index;
    const end = start + span.length;
    const groups = match.groups ?? {};
    const stated = groups.lead !== undefined || groups.trail !== undefined || groups.wordsTrail !== undefined;
    const cents = groups.cents ?? groups.wordCents;
    const centsWord = groups.centsWord ?? groups.wordCentsWord;
    const bareCents = cents !== undefined && centsWord === undefined;
    matches.push({
      start,
      end,
      text: span,
      stated,
      result: parseAmount(span, options),
      surroundings: stated ? surroundingsProblem(text, start, end, bareCents) : bareNumberProblem(text, end),
    });
  }
  return matches;
}

/** A bare number followed by cents (`50 cents`) is money whose currency is left out. */
function bareNumberProblem(text: string, end: number): AmountSurroundingsRejection | null {
  const next = /^\s*(\p{L}+)/u.exec(text.slice(end, end + SURROUNDINGS_LENGTH_MAX))?.[1];
  return next !== undefined && centsWordOf(next) !== undefined && next.toLowerCase() !== 'p' ? 'cents-word' : null;
}

/** How much text on each side of a span can change its meaning: a few words, never the whole tweet. */
const SURROUNDINGS_LENGTH_MAX = 48;

function surroundingsProblem(
  text: string,
  start: number,
  end: number,
  bareCents: boolean,
): AmountSurroundingsRejection | null {
  const before = text.slice(Math.max(0, start - SURROUNDINGS_LENGTH_MAX), start);
  const after = text.slice(end, end + SURROUNDINGS_LENGTH_MAX);
  const glued = gluedProblem(before, after);
  if (glued !== null) return glued;
  if (BOUND_BEFORE.test(before) || BOUND_WORD_BEFORE.test(before) || BOUND_AFTER.test(after)) return 'range-or-bound';
  if (JOINED_NUMBER_BEFORE.test(before) || JOINED_NUMBER_AFTER.test(after)) return 'number-nearby';

  // Any white space, line breaks included: a tweet typed on a phone breaks lines anywhere.
  const previous = /(\S+)\s+$/u.exec(before)?.[1];
  const next = /^\s+(\S+)/u.exec(after)?.[1];
  // A number in words after the amount (`ten euros fifty cents`, `10 € et cinquante`) is part of it.
  const following = /^\s+(?:(?:and|et)\s+)?(\S+)/iu.exec(after)?.[1];
  if (previous !== undefined && SCALE_WORD.test(previous)) return 'scale-word';
  if (previous !== undefined && NUMBER_WORD_VOCABULARY.includes(previous.toLowerCase())) return 'number-nearby';
  if (following !== undefined && isNumberWordToken(following)) return 'number-nearby';
  if (next !== undefined && SCALE_WORD.test(next.replace(/[.,;:!?]+$/, ''))) return 'scale-word';
  if (previous !== undefined && CURRENCY_QUALIFIER.test(previous)) return 'currency-nearby';
  if (next !== undefined && CURRENCY_QUALIFIER.test(next.replace(/[.,;:!?]+$/, ''))) return 'currency-nearby';
  if (next !== undefined && centsWordOf(next.replace(/[.,;:!?]+$/, '')) !== undefined) return 'cents-word';
  if (bareCents && !AFTER_BARE_CENTS.test(after)) return 'number-nearby';
  return null;
}

/** Characters glued to the span, on either side. */
function gluedProblem(before: string, after: string): AmountSurroundingsRejection | null {
  const left = before.at(-1);
  if (left !== undefined) {
    if (/[~≈<>≤≥]/u.test(left)) return 'range-or-bound';
    if (/[\p{L}\p{N}\p{M}_\p{Sc}.,'’]/u.test(left)) return 'touching';
  }
  const right = after[0];
  if (right === undefined) return null;
  const gluedWord = /^\p{L}+/u.exec(after)?.[0];
  if (gluedWord !== undefined) return SCALE_WORD.test(gluedWord) ? 'scale-word' : 'touching';
  if (/[\p{N}\p{M}_\p{Sc}]/u.test(right)) return 'touching';
  if (/[.,'’]/u.test(right) && /^[.,'’][\p{N}\-–—]/u.test(after)) return 'touching';
  if (right === '+' || right === '~') return 'range-or-bound';
  return null;
}
