import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  errorText,
  MESSAGES,
  type MessageKey,
  placeholdersOf,
  resolveLanguage,
  translate,
} from '../../extension/lib/i18n';
import { type PageMessageKey, translatePage } from '../../extension/lib/page-strings';
import { PAGE_EN } from '../../extension/lib/page-strings-en';
import { PAGE_FR } from '../../extension/lib/page-strings-fr';
import { translatePaymentMark } from '../../extension/lib/payment-marks';
import { translatePotBar } from '../../extension/lib/pot-format';

const LOCALES_DIR = path.resolve(import.meta.dirname, '../../extension/public/_locales');

function localeMessages(language: string): Record<string, { message: string }> {
  return JSON.parse(readFileSync(path.join(LOCALES_DIR, language, 'messages.json'), 'utf8'));
}

describe('English and French', () => {
  it('has every message in both languages, non-empty, with the same placeholders', () => {
    const keys = Object.keys(MESSAGES.en) as MessageKey[];
    expect(Object.keys(MESSAGES.fr).sort()).toEqual([...keys].sort());
    for (const key of keys) {
      expect(MESSAGES.en[key].trim(), key).not.toBe('');
      expect(MESSAGES.fr[key].trim(), key).not.toBe('');
      expect(placeholdersOf(MESSAGES.fr[key]).sort(), key).toEqual(placeholdersOf(MESSAGES.en[key]).sort());
    }
  });

  it('translates the French texts (only a few words are the same in both)', () => {
    const keys = Object.keys(MESSAGES.en) as MessageKey[];
    const same = keys.filter((key) => MESSAGES.en[key] === MESSAGES.fr[key]);
    // Names and loanwords: "Options", "Tweet", and the language names as written in themselves.
    expect(same.sort()).toEqual([
      'confirm.tweet',
      'options.language.en',
      'options.language.fr',
      'popup.history.tweet',
      'popup.options',
    ]);
  });

  it("has the x.com page's words (all the content script loads) in both languages and in the full catalogue", () => {
    const keys = Object.keys(PAGE_EN) as PageMessageKey[];
    expect(keys).toEqual(expect.arrayContaining(['button.pay', 'button.chipIn', 'mark.settled.label']));
    expect(Object.keys(PAGE_FR).sort()).toEqual([...keys].sort());
    for (const key of keys) {
      expect(MESSAGES.en[key], key).toBe(PAGE_EN[key]);
      expect(MESSAGES.fr[key], key).toBe(PAGE_FR[key]);
    }
    expect(translatePage('fr', 'button.pay.label', { handle: 'bob' })).toBe('Payer @bob');
    expect(translatePage('en', 'mark.settled.label')).toBe(translate('en', 'mark.settled.label'));
  });

  it("has the pot progress bar's words (its chunk's, not the page's) in both languages and in the full catalogue", () => {
    expect(Object.keys(PAGE_EN).some((key) => key.startsWith('pot.'))).toBe(false);
    expect(translatePotBar('en', 'pot.progress.count', { count: 3 })).toBe(
      translate('en', 'pot.progress.count', { count: 3 }),
    );
    expect(translatePotBar('fr', 'pot.state.funded')).toBe(translate('fr', 'pot.state.funded'));
    expect(translatePotBar('fr', 'pot.progress.daysLeft', { days: 2 })).toBe('2 jours restants');
  });

  it("has the edited-after-payment and not-paid marks' words (their chunk's) in both languages and in the full catalogue", () => {
    expect(Object.keys(PAGE_EN)).not.toContain('mark.notPaid');
    expect(translatePaymentMark('en', 'mark.paid.toHandle', { amount: '€5.00', handle: 'bob' })).toBe(
      translate('en', 'mark.paid.toHandle', { amount: '€5.00', handle: 'bob' }),
    );
    expect(translatePaymentMark('fr', 'mark.notPaid')).toBe(translate('fr', 'mark.notPaid'));
    expect(translatePaymentMark('fr', 'mark.notPaid')).toBe('Non payé');
  });

  it('has the manifest strings in both _locales, with the same keys', () => {
    const en = localeMessages('en');
    const fr = localeMessages('fr');
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    expect(Object.keys(en)).toEqual(expect.arrayContaining(['extName', 'extDescription', 'actionTitle']));
    expect(fr.extDescription!.message).not.toBe(en.extDescription!.message);
  });

  it('fills placeholders as text', () => {
    expect(translate('en', 'popup.awaiting.row', { amount: '€5.00', handle: '<b>bob</b>' })).toBe(
      '€5.00 to @<b>bob</b>',
    );
    expect(translate('fr', 'popup.history.exported', { count: 3 })).toBe('3 paiements exportés.');
  });

  it('follows the browser unless a language is chosen', () => {
    expect(resolveLanguage('auto', ['fr-CA', 'en-US'])).toBe('fr');
    expect(resolveLanguage('auto', ['de-DE', 'en-GB'])).toBe('en');
    expect(resolveLanguage('auto', ['de-DE'])).toBe('en');
    expect(resolveLanguage('auto', [])).toBe('en');
    expect(resolveLanguage('en', ['fr-FR'])).toBe('en');
    expect(resolveLanguage('fr', ['en-US'])).toBe('fr');
  });

  it('words errors by their code in the page language, never with the worker’s English words', () => {
    expect(errorText('fr', { code: 'network', message: 'x' })).toBe(MESSAGES.fr['error.network']);
    expect(errorText('en', { code: 'network', message: 'x' })).toBe(MESSAGES.en['error.network']);
    expect(errorText('fr', { code: 'insufficient-funds', message: 'Your balance is too low.' })).toBe(
      'Votre solde est trop bas pour ce paiement.',
    );
    expect(errorText('fr', { code: 'no-such-problem', message: 'Internal words.' })).toBe(
      'Un problème est survenu (no-such-problem). Réessayez.',
    );
  });
});
