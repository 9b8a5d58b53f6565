import { type AmountParse, parseAmount } from '../../shared/amount-parse';
import type { Language } from '../../shared/language';
import type { Currency } from '../../shared/money';
import { parseTweet } from '../../shared/tweet-parse';

/**
 * Money as people write it, taken from other projects' public test suites, each with the amount
 * a reader would pay, or `null` when no single amount in Hashpay's currencies is meant (another
 * currency, a range, a bound, a scale word): then any reading is wrong and only a refusal is right.
 *
 * Sources:
 * - [duckling-en] facebook/duckling, Duckling/AmountOfMoney/EN/Corpus.hs (BSD)
 * - [duckling-fr] facebook/duckling, Duckling/AmountOfMoney/FR/Corpus.hs (BSD)
 * - [recognizers-fr] microsoft/Recognizers-Text, Specs/NumberWithUnit/French/CurrencyModel.json (MIT):
 *   the matched spans, with the words around them
 * - [price-parser] scrapinghub/price-parser, tests/test_price_parsing.py (BSD): price texts
 *   scraped from shop pages
 * - [yacht-searcher] wonderful123/YachtSearcher, scraper/tests/test_parse_price.py
 */
export interface CorpusEntry {
  text: string;
  language: Language;
  /** `'EUR 20.00'`, `'JPY 500'`, or null when only a refusal is right. */
  expected: string | null;
  source: string;
}

const en = (source: string, expected: string | null, ...texts: string[]): CorpusEntry[] =>
  texts.map((text) => ({ text, language: 'en', expected, source }));
const fr = (source: string, expected: string | null, ...texts: string[]): CorpusEntry[] =>
  texts.map((text) => ({ text, language: 'fr', expected, source }));

export const AMOUNT_CORPUS: readonly CorpusEntry[] = [
  ...en('duckling-en', 'USD 1.00', '$1', 'one dollar', 'a dollar'),
  ...en('duckling-en', 'USD 10.00', '$10', '$ 10', '10$', '10 dollars', 'ten dollars'),
  ...en('duckling-en', 'USD 0.10', '10 cent', 'ten pennies', 'ten cents', '10 c', '10¢'),
  ...en('duckling-en', 'USD 10000.00', '$10K', '10k$', '$10,000'),
  ...en('duckling-en', 'USD 3.14', 'USD3.14', '3.14US$', 'US$ 3.14'),
  ...en('duckling-en', 'EUR 20.00', '20 euros', '20 Euro', '20 Euros', 'EUR 20', 'EUR 20.0', '20€', '20 €ur'),
  ...en('duckling-en', 'GBP 10.00', '£10', 'ten pounds'),
  ...en('duckling-en', null, 'Rs. 20', 'Rs 20', '20 Rupees', '20Rs', 'Rs20', '20 Rupees 43', 'twenty rupees 43'),
  ...en(
    'duckling-en',
    'USD 20.43',
    '$20 and 43c',
    '$20 43',
    '20 dollar 43c',
    '20 dollars 43 cents',
    'twenty dollar 43 cents',
    '20 dollar 43',
    'twenty dollar and 43',
  ),
  ...en('duckling-en', 'GBP 3.01', 'GBP3.01', 'GBP 3.01', '3 GBP 1 pence'),
  ...en('duckling-en', null, '42 bucks', 'around 42 bucks', 'exactly 42 bucks', '42 KWD', '42 Lebanese Pounds'),
  ...en('duckling-en', null, '42 EGP', '42 qatari riyals', '42 MYR', 'RM 42', '10 dinars', 'ten shekels', '10 riyals'),
  ...en(
    'duckling-en',
    null,
    'between 10 and 20 dollars',
    'from 10 dollars to 20 dollars',
    'around 10-20 dollars',
    'between 10 dollars and 20 dollars',
    'from 10 to 20 dollars',
    'about $10-$20',
    '10-20 dollars',
    'between 1.1 and 1.3 dollars',
  ),
  ...en('duckling-en', null, 'under seven euros', 'less than 7 EUR', 'lower than 7€'),
  ...en('duckling-en', null, 'more than 1 dollar and forty-two cents', 'at least $1.42', 'over 1.42 dollars'),
  ...en('duckling-en', null, 'above a dollar and 42 cents'),
  ...en('yacht-searcher', 'USD 109.00', '$109', '$ 109'),
  ...en('yacht-searcher', 'USD 109500.00', '$109,500', '$ 109,500'),
  ...en('yacht-searcher', null, '$1.29 Million', 'AU$1.29 Million', '$1.29 Million NZD'),
  ...en('price-parser', 'USD 12.99', 'US$:12.99'),
  ...en('price-parser', null, 'A$190.00', 'AED 8000 (USD 2179)', 'R$260,00', '₤1700.', '$ 1.144.000'),
  ...en('price-parser', 'USD 22.00', '$ 22.00'),
  ...en('price-parser', 'USD 14.99', '$14.99'),
  ...en('price-parser', 'USD 11.95', '$11.95'),
  ...en('price-parser', 'GBP 39.95', 'Price From £ 39.95'),
  ...en('price-parser', 'USD 147.44', '$147.44'),
  ...en('price-parser', null, 'Up to $4.70'),
  ...en('price-parser', 'USD 0.31', '$0.31'),
  ...en('price-parser', 'CHF 47.00', 'CHF 47.00 *'),
  ...en('price-parser', 'USD 699000.00', '$699,000'),
  ...en('price-parser', 'GBP 11.95', '£11.95'),
  ...en('price-parser', 'USD 119.95', '$119. 95'),
  ...en('price-parser', 'USD 119999.00', '$ 119,999'),
  ...en('price-parser', 'GBP 9.99', '£9.99'),
  ...en('price-parser', null, 'Now £9.99 $13.71 11,16 € £8.33'),
  ...en('price-parser', 'USD 426.20', '$426.20/EA'),
  ...en('price-parser', 'USD 15.95', 'Price: $15.95/mo'),
  ...en('price-parser', null, '$0.00'),
  ...en('price-parser', 'GBP 54.17', '£54.17'),
  ...en('price-parser', 'USD 860.00', 'Our Price: $860.00'),
  ...en('price-parser', 'USD 175.00', '$175.00'),
  ...en('price-parser', 'USD 6.75', '2 Piece - $6.75'),
  ...fr('duckling-fr', 'USD 10.00', '$10', '10$', 'dix dollars'),
  ...fr('duckling-fr', 'USD 10000.00', '$10.000', '10K$', '$10k', '10 000 dollars', '10 000,00 $'),
  ...fr('duckling-fr', 'USD 1.23', 'USD1,23', '1 USD et 23 centimes', '1 USD 23 cents'),
  ...fr('duckling-fr', 'EUR 20.00', '20€', '20 euros', '20 Euro', '20 Euros', 'EUR 20'),
  ...fr('duckling-fr', 'EUR 29.99', 'EUR29,99'),
  ...fr('duckling-fr', null, '3 balles', 'à peu près 3 pouloutes'),
  ...fr('duckling-fr', 'GBP 9.00', 'exactement £9', 'neuf pounds'),
  ...fr('duckling-fr', null, 'quasi neuf livres'),
  ...fr('duckling-fr', 'GBP 3.01', 'GBP3,01', 'GBP 3,01'),
  ...fr('duckling-fr', null, 'dix shekels', 'dix rials', 'dix riyals'),
  ...fr(
    'duckling-fr',
    null,
    'entre 10 et 20 euro',
    'entre 10 euro et 20 euro',
    '10 - 20 euro',
    '10 euro - 20 euro',
    'au moins 10 euro',
    'plus que 10 euros',
    'plus de 10 euros',
    'en-dessous de 10 dollars',
    'moins de 10 dollars',
    'pas plus de 10 dollars',
  ),
  ...fr(
    'recognizers-fr',
    null,
    'md. 75 millions de dollar',
    'md. - - $ 75 millions',
    '75 millions de $',
    '48,2 millions $ se contracte',
    "s'étend entre 16,4 millions de $ c",
    'entre 16,4 millions de $CAD',
    'la valeur nette a été évalué à £ 8,10 millions',
    'à 10,05 milliards de $ hk',
    'payer 50 cents plus par baril',
    'Le contrat de décembre est monté de 1,20 cents',
    "d'environ 14 millions de $, birtcher a dit",
  ),
  ...fr('recognizers-fr', 'USD 94000.00', 'national et 94000 $ shuster', 'national et 94.000 $ shuster'),
  ...fr('recognizers-fr', null, "Les prix d'entente commencent à 12,345 $."),
  ...fr('recognizers-fr', 'USD 40000.00', 'à sauver 40000 $ dont'),
  ...fr('recognizers-fr', 'USD 800.00', "des remises de l'offre 800 $ sur son"),
  ...fr('recognizers-fr', 'USD 2.75', 'a dégringolé 2,75 $.'),
  ...fr('recognizers-fr', 'USD 1.22', 'et a seulement 1,22 $ dans le changement'),
  ...fr('recognizers-fr', 'USD 70.00', 'plus haut, 70 $ - un - le cours'),
  ...fr('recognizers-fr', 'USD 5000.00', 'en baisse de 5000 $ de la vente'),
  ...fr('price-parser', 'EUR 34.50', '34,50 € *'),
  ...fr('price-parser', 'EUR 35.70', '35,70 €'),
  ...fr('price-parser', 'EUR 479.00', '479,00 €'),
  ...fr('price-parser', 'EUR 249.00', '249,00 EUR'),
  ...fr('price-parser', 'EUR 13.95', '€13.95'),
  ...fr('price-parser', 'EUR 129.99', '129,99 €'),
  ...fr('price-parser', 'EUR 1.10', '1,10 €'),
  ...fr('price-parser', 'EUR 11.69', '€ 11.69'),
  ...fr('price-parser', 'EUR 610.00', '€ 610,'),
  ...fr('price-parser', 'EUR 49.96', '49,96€'),
  ...fr('price-parser', null, '99,99 EUR (-30,00%) 69,99 EUR', '205,68 € 205.68', '94,456 Р', '45,00 zł', '9 800 Kč'),
  ...fr('price-parser', 'EUR 15.95', '15,95 €'),
  ...fr('price-parser', 'EUR 13.30', '13,30 €'),
  ...fr('price-parser', 'EUR 16.95', '€16.95'),
  ...fr('price-parser', 'EUR 19.59', '€ 19,59'),
  ...fr('price-parser', 'EUR 2.99', '€ 2,99'),
  ...fr('price-parser', 'EUR 302.44', '302,44€'),
  ...fr('price-parser', 'EUR 30.40', '€30,40 **'),
  ...fr('price-parser', 'EUR 225.00', '225,00 € *'),
  ...fr('price-parser', 'EUR 9990.00', '9.990,00 €'),
  ...fr('price-parser', 'EUR 2109.00', '€ 2.109,00'),
  ...fr('price-parser', 'EUR 3250000.00', ': 3 250 000 €'),
  ...fr('price-parser', 'EUR 166.81', '166,81 € iva inclusa'),
  ...fr('price-parser', 'EUR 22.90', '22,90 €'),
  ...fr('price-parser', 'EUR 7.99', '7,99 €'),
  ...fr('price-parser', 'EUR 10.00', '10 €'),
  ...fr('price-parser', null, '0,00 EUR'),
  ...fr('price-parser', null, '€ 10.00 € 8.00 – € 10.00', '841,00 zł – 995,00 zł'),
];

export type Outcome = 'right' | 'refused' | 'wrong';

/** What a corpus string reads as, written like `expected`, or null when it is refused. */
function written(reading: { amountMinor: number; currency: Currency }): string {
  const exponent = reading.currency === 'JPY' ? 0 : 2;
  const digits = String(reading.amountMinor).padStart(exponent + 1, '0');
  return exponent === 0 ? `JPY ${digits}` : `${reading.currency} ${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

export function outcomeOf(entry: CorpusEntry, reading: { amountMinor: number; currency: Currency } | null): Outcome {
  if (reading === null) return 'refused';
  return entry.expected !== null && written(reading) === entry.expected ? 'right' : 'wrong';
}

/** The string as a hand-typed command in its language. */
export function commandOf(entry: CorpusEntry): string {
  return entry.language === 'en' ? `@hashpay pay @bob ${entry.text}` : `@hashpay envoie ${entry.text} à @bob`;
}

export function readAsCommand(entry: CorpusEntry): { amountMinor: number; currency: Currency } | null {
  const parsed = parseTweet(commandOf(entry));
  return parsed.kind === 'command-payment' ? parsed : null;
}

/** The string typed alone into the pay sheet (whose currency select says none). */
export function readAsSheet(entry: CorpusEntry): { amountMinor: number; currency: Currency } | null {
  const parsed: AmountParse = parseAmount(entry.text, { language: entry.language });
  return parsed.ok ? parsed : null;
}

export interface CorpusFigures {
  right: number;
  refused: number;
  wrong: number;
}

export function corpusFigures(
  read: (entry: CorpusEntry) => { amountMinor: number; currency: Currency } | null,
  language: Language,
): CorpusFigures {
  const figures = { right: 0, refused: 0, wrong: 0 };
  for (const entry of AMOUNT_CORPUS.filter((candidate) => candidate.language === language)) {
    figures[outcomeOf(entry, read(entry))] += 1;
  }
  return figures;
}
