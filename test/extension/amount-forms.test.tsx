import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfirmPayment } from '../../extension/components/ConfirmPayment';
import { PaySheet } from '../../extension/components/PaySheet';
import { translate } from '../../extension/lib/i18n';
import type { AskBackground } from '../../extension/lib/messages';
import { AMOUNT_MESSAGE_KEYS, checkPayForm } from '../../extension/lib/pay-form';
import type { Language } from '../../shared/language';
import type { Currency } from '../../shared/money';
import { makeIntent } from './support/fake-worker';

afterEach(cleanup);

// The forms people write, typed in the pay sheet, in the sheet's language.
const SHEET_FORMS: ReadonlyArray<
  [text: string, language: Language, selected: Currency, amountMinor: number, currency: Currency]
> = [
  ['$1,000', 'en', 'EUR', 100_000, 'USD'],
  ['1.000 €', 'fr', 'EUR', 100_000, 'EUR'],
  ['1.000', 'fr', 'EUR', 100_000, 'EUR'],
  ['1,000', 'en', 'USD', 100_000, 'USD'],
  ['12,50 € TTC', 'fr', 'EUR', 1_250, 'EUR'],
  ['12.50 € incl. VAT', 'en', 'EUR', 1_250, 'EUR'],
  ['$99.', 'en', 'USD', 9_900, 'USD'],
  ['2€50', 'fr', 'USD', 250, 'EUR'],
  ['10 euros 50', 'fr', 'EUR', 1_050, 'EUR'],
  ['15 dollars 50 cents', 'en', 'USD', 1_550, 'USD'],
  ['$.50', 'en', 'USD', 50, 'USD'],
  [',50', 'fr', 'EUR', 50, 'EUR'],
  ['10,-€', 'fr', 'EUR', 1_000, 'EUR'],
  ['CHF 10.–', 'fr', 'EUR', 1_000, 'CHF'],
  ['10 US dollars', 'en', 'EUR', 1_000, 'USD'],
  ['CAD$10', 'en', 'USD', 1_000, 'CAD'],
  ['10 $ CAN', 'fr', 'EUR', 1_000, 'CAD'],
  ['10 $', 'fr', 'CAD', 1_000, 'CAD'],
  ['$10', 'en', 'CAD', 1_000, 'CAD'],
  ['5 livres', 'fr', 'EUR', 500, 'GBP'],
  ['vingt euros', 'fr', 'USD', 2_000, 'EUR'],
  ['twenty-five dollars', 'en', 'EUR', 2_500, 'USD'],
  ['dix euros', 'fr', 'EUR', 1_000, 'EUR'],
];

describe('the pay sheet reads amounts as people write them', () => {
  it.each(SHEET_FORMS)('%j (%s, %s selected) is %i %s', (amountText, language, selected, amountMinor, currency) => {
    expect(checkPayForm({ payeeHandle: 'bob', amountText, currency: selected, memo: '' }, language)).toEqual({
      ok: true,
      amountMinor,
      currency,
      memo: undefined,
    });
  });

  it('refuses what its language does not settle, with the words for it', () => {
    const refusal = (amountText: string, language: Language) =>
      checkPayForm({ payeeHandle: 'bob', amountText, currency: 'EUR', memo: '' }, language);
    expect(refusal('10 $', 'fr')).toMatchObject({
      ok: false,
      amountError: translate('fr', AMOUNT_MESSAGE_KEYS['ambiguous-currency']),
    });
    expect(refusal('1.000 €', 'en')).toMatchObject({
      ok: false,
      amountError: translate('en', AMOUNT_MESSAGE_KEYS['too-many-decimals']),
    });
    expect(refusal('€1.5k', 'en')).toMatchObject({
      ok: false,
      amountError: translate('en', AMOUNT_MESSAGE_KEYS['unknown-currency']),
    });
  });

  it('moves the currency select to the one the typed words name', () => {
    render(
      <PaySheet
        payeeHandle="bob"
        inReplyToTweetId="1850000000000000001"
        defaultCurrency="USD"
        language="fr"
        theme="light"
        origin="http://127.0.0.1:4321"
        ask={(async () => ({ ok: false, error: { code: 'unexpected', message: 'none' } })) as unknown as AskBackground}
        navigate={() => undefined}
        onClose={() => undefined}
      />,
    );
    const amount = screen.getByLabelText('Montant') as HTMLInputElement;
    fireEvent.input(amount, { target: { value: 'vingt euros' } });
    expect((screen.getByLabelText('Devise') as HTMLSelectElement).value).toBe('EUR');
    expect((screen.getByRole('button', { name: 'Rédiger le tweet' }) as HTMLButtonElement).disabled).toBe(false);
  });
});

describe('the confirmation window shows what the amount was read from', () => {
  it.each([
    ['en', '10 € 50', '€10.50', 'read from “10 € 50”'],
    ['fr', 'vingt euros', '20,00\u00A0€', 'lu dans « vingt euros »'],
  ] as const)('in %s', async (language, amountText, amount, readFrom) => {
    const intent = makeIntent({
      id: `pi_${'d'.repeat(22)}`,
      status: 'awaiting_confirmation',
      source: 'command',
      amountMinor: amount === '€10.50' ? 1_050 : 2_000,
      currency: 'EUR',
      language,
      amountText,
    });
    const ask = (async () => ({ ok: true, value: { intent } })) as unknown as AskBackground;
    const { container } = render(<ConfirmPayment intentId={intent.id} ask={ask} language={language} />);
    await screen.findByText(readFrom);
    expect(container.querySelector('[data-field="amount-text"]')?.textContent).toBe(readFrom);
    expect(container.querySelector('[data-field="amount"]')?.textContent).toBe(amount);
  });
});
