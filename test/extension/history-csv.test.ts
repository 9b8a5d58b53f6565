import { describe, expect, it } from 'vitest';
import { csvCell, decimalAmount, HISTORY_CSV_COLUMNS, historyCsv } from '../../extension/lib/history-csv';
import { ALICE, BOB, makeIntent } from './support/fake-worker';

describe('the history as CSV', () => {
  it('writes amounts from integer minor units, exactly', () => {
    expect(decimalAmount(1250, 2)).toBe('12.50');
    expect(decimalAmount(5, 2)).toBe('0.05');
    expect(decimalAmount(100_000_000, 2)).toBe('1000000.00');
    expect(decimalAmount(1500, 0)).toBe('1500');
    expect(() => decimalAmount(12.5, 2)).toThrow();
    expect(() => decimalAmount(-1, 2)).toThrow();
  });

  it('quotes separators and defuses cells a spreadsheet would run as formulas', () => {
    expect(csvCell('pizza')).toBe('pizza');
    expect(csvCell('a, b')).toBe('"a, b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvCell('+33 6')).toBe("'+33 6");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  it('writes one row per payment, sent or received from the user’s side', () => {
    const sent = makeIntent({ status: 'settled', memo: 'pizza, "large"' });
    const received = makeIntent({
      id: `pi_${'b'.repeat(22)}`,
      payer: { xUserId: BOB.xUserId, username: BOB.username, name: '=cmd|calc' },
      payee: { xUserId: ALICE.xUserId, username: ALICE.username, name: ALICE.name },
      amountMinor: 500,
      currency: 'JPY',
      memo: null,
    });
    const lines = historyCsv([sent, received], ALICE.xUserId).split('\r\n');
    expect(lines[0]).toBe(HISTORY_CSV_COLUMNS.join(','));
    expect(lines[1]).toBe(
      `2026-11-25T10:00:00.000Z,sent,bob,Bob B.,12.50,1250,EUR,settled,"pizza, ""large""",${sent.code},,payment,`,
    );
    expect(lines[2]).toBe(
      `2026-11-25T10:00:00.000Z,received,bob,'=cmd|calc,500,500,JPY,awaiting_tweet,,${received.code},,payment,`,
    );
    expect(lines[3]).toBe('');
    expect(lines).toHaveLength(4);
  });
  it('says what each row was for, and names the pot of a contribution', () => {
    const contribution = makeIntent({
      status: 'settled',
      purpose: 'contribution',
      pot: { id: `pot_${'c'.repeat(22)}`, kind: 'pot', hashtag: 'potJulie', title: 'Julie', deadlineAt: null },
    });
    const donation = makeIntent({ id: `pi_${'d'.repeat(22)}`, status: 'settled', purpose: 'donation' });
    const [header, first, second] = historyCsv([contribution, donation], ALICE.xUserId).split('\r\n');
    const purposeAt = header!.split(',').indexOf('purpose');
    expect(first!.split(',').slice(purposeAt)).toEqual(['contribution', 'potJulie']);
    expect(second!.split(',').slice(purposeAt)).toEqual(['donation', '']);
  });
});
