import { assert } from '../../shared/assert';
import { minorUnits } from '../../shared/money';
import type { ReadableIntent } from './readable-answers';

/**
 * The history as CSV (RFC 4180: comma-separated, CRLF line ends, quotes doubled), one payment a
 * row, newest first, with what it was for (payment, donation, contribution to a pot, pledge). Amounts are written from their integer minor units, never through a float;
 * text from X (names, memos) is untrusted, so a cell that a spreadsheet would run as a formula
 * is prefixed with an apostrophe.
 */

export const HISTORY_CSV_COLUMNS = [
  'created_at',
  'direction',
  'counterparty_handle',
  'counterparty_name',
  'amount',
  'amount_minor',
  'currency',
  'status',
  'memo',
  'reference',
  'tweet_url',
  'purpose',
  'pot_hashtag',
] as const;

/** The export reads at most this many payments (50 pages of 100). */
export const CSV_EXPORT_ROWS_MAX = 5_000;

/** `1250`, EUR → `12.50`; `500`, JPY → `500`. */
export function decimalAmount(amountMinor: number, exponent: number): string {
  assert(Number.isSafeInteger(amountMinor) && amountMinor >= 0, 'amountMinor is a non-negative safe integer');
  if (exponent === 0) return String(amountMinor);
  const digits = String(amountMinor).padStart(exponent + 1, '0');
  return `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
}

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function historyCsv(intents: readonly ReadableIntent[], myXUserId: string): string {
  const lines = [HISTORY_CSV_COLUMNS.join(',')];
  for (const intent of intents) {
    const sent = intent.payer.xUserId === myXUserId;
    const counterparty = sent ? intent.payee : intent.payer;
    const cells = [
      intent.createdAt,
      sent ? 'sent' : 'received',
      counterparty.username,
      counterparty.name,
      decimalAmount(intent.amountMinor, minorUnits(intent.currency)),
      String(intent.amountMinor),
      intent.currency,
      intent.status,
      intent.memo ?? '',
      intent.code,
      intent.tweet?.url ?? '',
      intent.purpose,
      intent.pot?.hashtag ?? '',
    ];
    lines.push(cells.map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** Offers the text as a file download through a Blob URL, released right after. */
export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = fileName;
    link.style.display = 'none';
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // The download has started from the click; the URL is no longer needed.
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}
