import { afterEach, describe, expect, it } from 'vitest';
import type { AskBackground } from '../../extension/lib/messages';
import { rewordOpenSheet } from '../../extension/lib/open-sheet';
import { openPaySheet, type SheetPageHooks } from '../../extension/lib/pay-sheet';
import { PAY_SHEET_KIND } from '../../extension/lib/pay-sheet-chunk';
import { createShadowHost, HOST_ATTRIBUTE } from '../../extension/lib/shadow-host';
import type { TweetIdentity } from '../../extension/lib/tweet';
import type { Language } from '../../shared/language';

// The pay sheet comes in a chunk of its own with its own copies of the content script's modules:
// it must make its host and record itself as open with the content script's, which it is given.

afterEach(() => {
  document.body.innerHTML = '';
});

const BOB_TWEET: TweetIdentity = { tweetId: '1', authorHandle: 'bob', promoted: false, focal: false };

const neverAsked = (async () => {
  throw new Error('the sheet asks nothing until Draft');
}) as AskBackground;

const SHEET_OPTIONS = {
  document,
  ask: neverAsked,
  navigate: () => {},
  locale: 'en-US',
  origin: 'https://x.com',
  language: 'en' as Language,
};

describe('the pay sheet opened from its chunk', () => {
  it('makes its host and records itself with the hooks the content script gives it', () => {
    const kinds: string[] = [];
    const rewords: Array<(language: Language) => void> = [];
    const hooks: SheetPageHooks = {
      createShadowHost: (document, kind) => {
        kinds.push(kind);
        return createShadowHost(document, kind);
      },
      rememberOpenSheet: (_document, reword) => {
        rewords.push(reword);
        return () => {};
      },
    };
    openPaySheet(BOB_TWEET, SHEET_OPTIONS, hooks);
    expect(kinds).toEqual([PAY_SHEET_KIND]);
    expect(rewords).toHaveLength(1);
    // Not recorded in the chunk's own record: only the content script's re-words it.
    expect(rewordOpenSheet(document, 'fr')).toBe(false);

    const sheet = () => document.querySelector(`[${HOST_ATTRIBUTE}="${PAY_SHEET_KIND}"]`)!.shadowRoot!;
    expect(sheet().querySelector('label[for="hashpay-amount"]')?.textContent).toBe('Amount');
    rewords[0]!('fr');
    expect(sheet().querySelector('label[for="hashpay-amount"]')?.textContent).toBe('Montant');
  });

  it('closes: the host leaves the page and the record is forgotten', () => {
    let forgotten = 0;
    const close = openPaySheet(BOB_TWEET, SHEET_OPTIONS, {
      createShadowHost,
      rememberOpenSheet: () => () => {
        forgotten += 1;
      },
    });
    expect(document.querySelectorAll(`[${HOST_ATTRIBUTE}="${PAY_SHEET_KIND}"]`)).toHaveLength(1);
    close();
    expect(document.querySelectorAll(`[${HOST_ATTRIBUTE}="${PAY_SHEET_KIND}"]`)).toHaveLength(0);
    expect(forgotten).toBe(1);
  });
});
