import type { Receipt } from '../../shared/contract/payments';
import type { Language } from '../../shared/language';
import { formatAmount } from '../../shared/money';

/**
 * A receipt as a page for people, in French or English: what was paid, by whom (as the receipt
 * allows: an anonymous donation names no donor and no tweet), to whom, when, the tweet, and
 * whether its signature verifies. The page carries no script and loads nothing; its one style
 * sheet is allowed by its hash (`RECEIPT_PAGE_CSP`). Every value from elsewhere (names, handles,
 * titles, ids) is escaped.
 */

const WORDS = {
  en: {
    title: 'Hashpay receipt',
    notFoundTitle: 'No receipt here',
    notFound: 'There is no receipt with this address. A receipt exists once a payment is settled.',
    'what.payment': 'Payment',
    'what.donation': 'Donation',
    'what.contribution': 'Contribution to the pot #{hashtag}',
    'what.pledge': 'Pledge to the project #{hashtag}, collected',
    amount: 'Amount',
    what: 'For',
    from: 'From',
    to: 'To',
    organiser: 'Organised by',
    anonymous: 'A donor who chose not to be named',
    settledAt: 'Paid on',
    tweet: 'Tweet',
    tweetLink: 'See the tweet on X',
    tweetHidden: 'Not shown: the donor chose not to be named',
    signature: 'Signature',
    verified: 'Verified: signed by Hashpay (key {keyId}).',
    notVerified: 'Does not verify: do not trust this receipt.',
    testKey: 'Signed with the published test key of the sandbox: this receipt is a test and proves nothing.',
    receiptId: 'Receipt',
    machines:
      'Programs get the signed receipt as JSON at this address (Accept: application/json); the public keys are at /v1/receipts/keys.',
    dateLocale: 'en-GB',
  },
  fr: {
    title: 'Reçu Hashpay',
    notFoundTitle: 'Aucun reçu ici',
    notFound: 'Aucun reçu à cette adresse. Un reçu existe dès qu’un paiement est réglé.',
    'what.payment': 'Paiement',
    'what.donation': 'Don',
    'what.contribution': 'Participation à la cagnotte #{hashtag}',
    'what.pledge': 'Promesse au projet #{hashtag}, prélevée',
    amount: 'Montant',
    what: 'Objet',
    from: 'De',
    to: 'À',
    organiser: 'Organisé par',
    anonymous: 'Un donateur qui a choisi de ne pas être nommé',
    settledAt: 'Payé le',
    tweet: 'Tweet',
    tweetLink: 'Voir le tweet sur X',
    tweetHidden: 'Non affiché : le donateur a choisi de ne pas être nommé',
    signature: 'Signature',
    verified: 'Vérifiée : signée par Hashpay (clé {keyId}).',
    notVerified: 'Ne se vérifie pas : ne vous fiez pas à ce reçu.',
    testKey: 'Signée avec la clé de test publiée du bac à sable : ce reçu est un test et ne prouve rien.',
    receiptId: 'Reçu',
    machines:
      'Les programmes obtiennent le reçu signé en JSON à cette adresse (Accept: application/json) ; les clés publiques sont sur /v1/receipts/keys.',
    dateLocale: 'fr-FR',
  },
} as const satisfies Record<Language, Record<string, string>>;

type WordKey = keyof (typeof WORDS)['en'];

function word(language: Language, key: WordKey, params: Record<string, string> = {}): string {
  return WORDS[language][key].replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** The page's only style; the CSP allows exactly this text by its SHA-256. */
export const RECEIPT_PAGE_STYLE = [
  ':root{color-scheme:light dark;--fg:#0f1419;--muted:#536471;--line:#eff3f4;--ok:#00ba7c;--bad:#f4212e;--bg:#fff}',
  '@media (prefers-color-scheme:dark){:root{--fg:#e7e9ea;--muted:#71767b;--line:#2f3336;--bg:#000}}',
  'body{font:16px/1.5 system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:var(--fg);background:var(--bg)}',
  'h1{font-size:1.4rem;margin:0 0 .25rem}.amount{font-size:2rem;font-weight:700;margin:.5rem 0 1rem}',
  'dl{display:grid;grid-template-columns:max-content 1fr;gap:.5rem 1rem;margin:0;padding:1rem 0;border-top:1px solid var(--line);border-bottom:1px solid var(--line)}',
  'dt{color:var(--muted)}dd{margin:0;overflow-wrap:anywhere}a{color:#1d9bf0}',
  '.ok{color:var(--ok);font-weight:600}.bad{color:var(--bad);font-weight:600}.muted{color:var(--muted);font-size:.875rem}',
].join('');

let styleHash: Promise<string> | null = null;

/** `sha256-…` of the style sheet, computed once per isolate. */
function receiptStyleHash(): Promise<string> {
  styleHash ??= crypto.subtle
    .digest('SHA-256', new TextEncoder().encode(RECEIPT_PAGE_STYLE))
    .then((digest) => `sha256-${btoa(String.fromCharCode(...new Uint8Array(digest)))}`);
  return styleHash;
}

/** No script, no image, no frame, no form: only the hashed style. */
export async function receiptPageCsp(): Promise<string> {
  return `default-src 'none'; style-src '${await receiptStyleHash()}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
}

export interface ReceiptPageInput {
  receipt: Receipt;
  keyId: string;
  /** The server's own check of the signature it serves, with the published keys. */
  verified: boolean;
  /** Signed with the sandbox's published key: say it proves nothing. */
  testKey: boolean;
  language: Language;
}

function document(language: Language, title: string, body: string): string {
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<meta name="referrer" content="no-referrer"><title>${escapeHtml(title)}</title><style>${RECEIPT_PAGE_STYLE}</style></head>
<body>${body}</body></html>
`;
}

function party(name: string, username: string): string {
  return `<bdi>${escapeHtml(name)}</bdi> (@<bdi>${escapeHtml(username)}</bdi>)`;
}

function whatFor(receipt: Receipt, language: Language): string {
  const purpose = receipt.purpose ?? 'payment';
  const hashtag = receipt.pot?.hashtag ?? '';
  const text =
    purpose === 'contribution' || purpose === 'pledge'
      ? word(language, `what.${purpose}`, { hashtag })
      : word(language, `what.${purpose}`);
  const title = receipt.pot === undefined ? '' : ` · <bdi>${escapeHtml(receipt.pot.title)}</bdi>`;
  return `${escapeHtml(text)}${title}`;
}

/** Only X's own status links are shown as links. */
function safeTweetLink(url: string | null): string | null {
  if (url === null) return null;
  return /^https:\/\/x\.com\/[A-Za-z0-9_]{1,15}\/status\/[1-9][0-9]{0,18}$/.test(url) ? url : null;
}

export function renderReceiptPage(input: ReceiptPageInput): string {
  const { receipt, language } = input;
  const amount = formatAmount(receipt.amountMinor, receipt.currency, language);
  const settledAt = new Intl.DateTimeFormat(WORDS[language].dateLocale, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(new Date(receipt.settledAt));
  const tweetLink = safeTweetLink(receipt.tweetUrl);
  const rows: [WordKey, string][] = [
    ['what', whatFor(receipt, language)],
    [
      'from',
      receipt.payer === null
        ? escapeHtml(word(language, 'anonymous'))
        : party(receipt.payer.name, receipt.payer.username),
    ],
    [receipt.pot === undefined ? 'to' : 'organiser', party(receipt.payee.name, receipt.payee.username)],
    ['settledAt', `<time datetime="${escapeHtml(receipt.settledAt)}">${escapeHtml(settledAt)} UTC</time>`],
    [
      'tweet',
      tweetLink === null
        ? escapeHtml(word(language, 'tweetHidden'))
        : `<a href="${escapeHtml(tweetLink)}" rel="noopener noreferrer">${escapeHtml(word(language, 'tweetLink'))}</a>`,
    ],
    [
      'signature',
      input.verified
        ? `<span class="ok" data-signature="verified">✓ ${escapeHtml(word(language, 'verified', { keyId: input.keyId }))}</span>`
        : `<span class="bad" data-signature="invalid">✗ ${escapeHtml(word(language, 'notVerified'))}</span>`,
    ],
    ['receiptId', `<code>${escapeHtml(receipt.id)}</code>`],
  ];
  const list = rows
    .map(([key, value]) => `<dt>${escapeHtml(word(language, key))}</dt><dd data-field="${key}">${value}</dd>`)
    .join('');
  const testNote = input.testKey
    ? `<p class="bad" data-note="test-key">${escapeHtml(word(language, 'testKey'))}</p>`
    : '';
  const body = `<main><h1>${escapeHtml(word(language, 'title'))}</h1>
<p class="amount" data-field="amount">${escapeHtml(amount)}</p>
<dl>${list}</dl>${testNote}
<p class="muted">${escapeHtml(word(language, 'machines'))}</p></main>`;
  return document(language, `${word(language, 'title')} · ${amount}`, body);
}

export function renderReceiptNotFoundPage(language: Language): string {
  const body = `<main><h1>${escapeHtml(word(language, 'notFoundTitle'))}</h1><p>${escapeHtml(word(language, 'notFound'))}</p></main>`;
  return document(language, word(language, 'notFoundTitle'), body);
}
